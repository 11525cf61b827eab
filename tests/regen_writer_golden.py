"""Regenerate the writer golden files: ``python tests/regen_writer_golden.py`` (from anywhere).

Writes ``tests/golden/writers/<case>/<format>/…`` from the model dumps in
``tests/golden/models/`` (see tests/writer_golden.py for what each file holds), removing files
no output has any more. Review ``git diff tests/golden/writers`` before committing: every
change is a change in what a writer produces.

    --models   first remake the model dumps (``<name>.json``) from their Markdown sources
               (``<name>.md``): after a deliberate change to the reader or the repairs, or to
               a source. The writers' golden files then follow.
    --check    write nothing; exit 1 and name the files that would change.
    --only F   only these formats (comma list of docx, epub, html, pdf).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from writer_golden import (
    ALL_FORMATS,
    CASES,
    MODEL_SOURCES,
    MODELS,
    ROOT,
    WRITERS,
    render,
)


def remake_models(check: bool) -> list[str]:
    """Each model dump from its Markdown source, read as ``load`` reads it."""
    import cppcc_convert

    changed = []
    os.chdir(ROOT)  # diagnostics name the source relative to the repository root
    for name, source in MODEL_SOURCES.items():
        text = cppcc_convert.load(source).to_json()
        changed += _put(MODELS / f"{name}.json", text, check)
    return changed


def _put(path: Path, text: str, check: bool) -> list[str]:
    old = path.read_text(encoding="utf-8") if path.exists() else None
    rel = path.relative_to(ROOT).as_posix()
    if old == text:
        return []
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"{rel}: {'created' if old is None else 'UPDATED'}")
    return [rel]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", action="store_true", help="remake the model dumps first")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on change")
    parser.add_argument("--only", default=",".join(ALL_FORMATS), help="formats (comma list)")
    args = parser.parse_args(argv)
    formats = [f for f in args.only.split(",") if f]
    unknown = sorted(set(formats) - set(ALL_FORMATS))
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)}")

    changed = remake_models(args.check) if args.models else []
    for case in CASES:
        for fmt in formats:
            folder = WRITERS / case.name / fmt
            files = render(case, fmt)
            for name, text in files.items():
                changed += _put(folder / name, text, args.check)
            stale = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
            for path in stale:
                if path.relative_to(folder).as_posix() not in files:
                    print(f"{path.relative_to(ROOT).as_posix()}: removed")
                    changed.append(str(path))
                    if not args.check:
                        path.unlink()
    for folder in sorted(WRITERS.rglob("*"), reverse=True):  # empty folders left behind
        if folder.is_dir() and not any(folder.iterdir()) and not args.check:
            folder.rmdir()
    print(f"{len(changed)} file(s) {'would change' if args.check else 'changed'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
