"""``python -m cppcc_convert``."""

from .cli import command

command()
