"""``python -m cppcc_convert``."""

from .cli import program

program()
