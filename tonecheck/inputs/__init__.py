"""Where messages come from: files, standard input and e-mail, with quotes and signatures set apart."""
