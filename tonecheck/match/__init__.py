"""Finding a rule's words in a Doc: the shared matcher pool, its gates and cached phrase tokens."""
