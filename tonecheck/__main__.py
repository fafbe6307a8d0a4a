"""``python -m tonecheck`` runs the command line."""

from tonecheck.cli.main import run

run()
