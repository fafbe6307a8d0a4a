"""``python -m tonecheck`` runs the command line."""

from .cli import run

run()
