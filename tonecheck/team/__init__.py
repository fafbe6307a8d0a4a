"""What a team decides: its configuration file and inline suppression directives."""
