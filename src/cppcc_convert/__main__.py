"""``python -m cppcc_convert``."""

from .cli import main

raise SystemExit(main())
