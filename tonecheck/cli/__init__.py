"""The command line: one module per command, registered on the main group."""
