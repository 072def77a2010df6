"""`python -m costing` runs the command line."""

from .cli import main

main()
