"""Regenerate the golden JSON files: ``python tests/regen_golden.py`` (from anywhere).

Each golden file is ``cppcc_convert.load(source).to_json()`` with ``source`` given relative to
the repository root, so the file names recorded in diagnostics do not depend on the checkout.
Review the diff (``git diff tests/golden``) before committing: every change is a change in
what the reader and the repairs produce.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

# golden file name -> source, relative to the repository root
CASES: dict[str, str] = {
    "fuyang-cppcc.json": "samples/fuyang-cppcc.md",
    "rich.json": "tests/data/rich.md",
}


def render(source: str) -> str:
    """The golden text for ``source`` (the caller's working directory must be ROOT)."""
    import cppcc_convert

    return cppcc_convert.load(source).to_json()


def _write(target: Path, text: str) -> None:
    old = target.read_text(encoding="utf-8") if target.exists() else None
    target.write_text(text, encoding="utf-8", newline="\n")
    state = "unchanged" if old == text else ("created" if old is None else "UPDATED")
    print(f"{target.relative_to(ROOT)}: {state}")


def main() -> int:
    os.chdir(ROOT)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, source in CASES.items():
        _write(GOLDEN / name, render(source))
    # The corpus summaries (tests/test_corpus.py): title, authors, block counts, headings.
    sys.path.insert(0, str(ROOT / "tests"))
    import test_corpus

    test_corpus.SUMMARIES.mkdir(parents=True, exist_ok=True)
    for file in test_corpus.FILES:
        _write(test_corpus.summary_path(file), test_corpus.summary_text(file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
