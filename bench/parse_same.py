"""Check that a parse speed-up changes nothing: every model and diagnostic list, before/after.

    python3 bench/parse_same.py --save /tmp/before    # on the old tree
    python3 bench/parse_same.py --check /tmp/before   # on the new tree: exit 1 on a difference

Inputs: the sample, the sample x100 (``_common.long_document``), ``samples/*``, every
``tests/corpus`` document (.md and .txt), each read by ``cppcc_convert.load`` with the default
options, with each genre forced, as plain text and with repairs off (every repair and
structure path); and the bench's novel and 100 publishing articles (``_corpus``), default
options. What is compared per case: ``repr`` of the Document (meta, blocks,
diagnostics: every field, in order) and its ``to_json()``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus
from _common import ROOT, SAMPLE, long_document

import cppcc_convert
from cppcc_convert import Options

VARIANTS: dict[str, Options] = {
    "default": Options(),
    "news": Options(genre="news"),
    "book": Options(genre="book"),
    "statute": Options(genre="statute"),
    "official": Options(genre="official"),
    "text": Options(input_format="text"),
    "norepair": Options(disabled_repairs=frozenset({"whitespace", "punctuation", "rejoin"})),
}


def inputs(scratch: Path) -> list[Path]:
    paths = [SAMPLE, *sorted((ROOT / "samples").iterdir())]
    paths += sorted(
        p for p in (ROOT / "tests" / "corpus").rglob("*") if p.suffix in (".md", ".txt")
    )
    long = scratch / "sample-x100.md"
    long.write_text(long_document(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    return [*paths, long]


def results(scratch: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    novel = scratch / "novel.txt"  # _corpus: the bench's novel and publishing articles
    novel.write_text(_corpus.novel(), encoding="utf-8")
    extra = [novel]
    for n, text in enumerate(_corpus.articles().values()):
        extra.append(scratch / f"article-{n:03d}.md")
        extra[-1].write_text(text, encoding="utf-8")
    for path in [*inputs(scratch), *extra]:
        variants = VARIANTS if path not in extra else {"default": VARIANTS["default"]}
        for name, options in variants.items():
            key = f"{path.name} [{name}]"
            try:
                doc = cppcc_convert.load(path, options=options)
                text = repr(doc) + "\n" + doc.to_json()
            except cppcc_convert.ConvertError as exc:
                text = f"error: {exc}"
            out[key] = text.replace(str(scratch), "<scratch>")  # a new folder each run
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = results(Path(tmp))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for key, text in found.items():
            (args.save / _file(key)).write_text(text, encoding="utf-8")
        print(f"saved {len(found)} cases to {args.save}")
        return 0
    bad = 0
    for key, text in found.items():
        saved = args.check / _file(key)
        if not saved.exists() or saved.read_text(encoding="utf-8") != text:
            bad += 1
            print(f"DIFFERENT: {key}")
    print(f"{len(found) - bad} of {len(found)} cases identical")
    return 1 if bad else 0


def _file(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:16] + ".txt"


if __name__ == "__main__":
    raise SystemExit(main())
