"""`python -m costing` runs the command line."""

from .cli import run

run()
