#!/usr/bin/env python3
"""Check tests/corpus/index.toml against the files beside it.

Standard library only (tomllib, Python 3.11+). Run from anywhere:

    python3 tests/corpus/check_index.py

Checks that every [[doc]] has the required keys with sane values, that its
file exists, that the sha256 of the file's bytes and the number of characters
after decoding with the declared encoding match the index, that no file of the
corpus is missing from the index, that each kind has its minimum number of
documents, and that the size limits hold (3 MB a file, 12 MB in all).
Exits 0 and prints "N passed, 0 failed" when everything holds, 1 otherwise.
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
INDEX = HERE / "index.toml"

MINIMUM = {
    "statute": 4,
    "official": 4,
    "readme-html": 5,
    "news": 4,
    "novel": 1,
    "book": 1,
    "traditional": 2,
}
MIN_TOTAL = 24
LANGS = {"zh-CN", "zh-TW", "zh-HK"}
# The value of `encoding` is the name of the Python codec used to decode the
# file: a UTF-8 byte-order mark is kept as a character (U+FEFF) and counted.
ENCODINGS = {"utf-8", "gbk", "gb18030", "big5"}
REQUIRED = (
    "file",
    "kind",
    "title",
    "lang",
    "encoding",
    "source",
    "licence",
    "sha256",
    "chars",
    "notes",
    "headings",
)
LIST_KEYS = ("headings", "subheadings", "anchors")
NOT_INDEXED = {"index.toml", "README.md", "check_index.py"}
MAX_FILE = 3 * 1024 * 1024
MAX_TOTAL = 12 * 1024 * 1024
MIN_NOVEL_CHARS = 500_000
MIN_LEGACY = 2


def check() -> tuple[list[str], int]:
    problems: list[str] = []
    docs = tomllib.loads(INDEX.read_text(encoding="utf-8")).get("doc", [])
    seen: set[str] = set()
    counts: dict[str, int] = {}
    legacy = 0
    total = 0
    for n, doc in enumerate(docs, 1):
        name = doc.get("file", f"<doc #{n}>")
        where = f"{name}:"
        for key in REQUIRED:
            if key not in doc:
                problems.append(f"{where} missing key {key!r}")
        for key in LIST_KEYS:
            value = doc.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
                problems.append(f"{where} {key} must be a list of non-empty strings")
        for key in ("anchors",):
            for anchor in doc.get(key, []):
                if not anchor.startswith("#"):
                    problems.append(f"{where} anchor {anchor!r} does not start with #")
        kind = doc.get("kind")
        if kind not in MINIMUM:
            problems.append(f"{where} unknown kind {kind!r}")
        counts[kind] = counts.get(kind, 0) + 1
        if doc.get("lang") not in LANGS:
            problems.append(f"{where} unknown lang {doc.get('lang')!r}")
        encoding = doc.get("encoding")
        if encoding not in ENCODINGS:
            problems.append(f"{where} unknown encoding {encoding!r}")
            continue
        if encoding != "utf-8":
            legacy += 1
        if not str(doc.get("source", "")).startswith("https://"):
            problems.append(f"{where} source is not an https URL")
        if name in seen:
            problems.append(f"{where} listed twice")
        seen.add(name)
        path = HERE / name
        if not path.is_file():
            problems.append(f"{where} file does not exist")
            continue
        data = path.read_bytes()
        total += len(data)
        if len(data) > MAX_FILE:
            problems.append(f"{where} {len(data)} bytes, over the 3 MB limit")
        digest = hashlib.sha256(data).hexdigest()
        if digest != doc.get("sha256"):
            problems.append(f"{where} sha256 is {digest}, index says {doc.get('sha256')}")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            problems.append(f"{where} does not decode as {encoding}: {error}")
            continue
        if len(text) != doc.get("chars"):
            problems.append(f"{where} {len(text)} characters, index says {doc.get('chars')}")
        if kind == "novel" and len(text) < MIN_NOVEL_CHARS:
            problems.append(f"{where} a novel of only {len(text)} characters")
    for kind, minimum in MINIMUM.items():
        if counts.get(kind, 0) < minimum:
            problems.append(
                f"kind {kind!r}: {counts.get(kind, 0)} documents, at least {minimum} wanted"
            )
    if len(docs) < MIN_TOTAL:
        problems.append(f"{len(docs)} documents, at least {MIN_TOTAL} wanted")
    if legacy < MIN_LEGACY:
        problems.append(f"{legacy} files in a legacy encoding, at least {MIN_LEGACY} wanted")
    if total > MAX_TOTAL:
        problems.append(f"corpus is {total} bytes, over the 12 MB limit")
    on_disk = {
        p.relative_to(HERE).as_posix()
        for p in HERE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    for stray in sorted(on_disk - seen - NOT_INDEXED):
        problems.append(f"{stray}: in tests/corpus but not in index.toml")
    return problems, len(docs)


def main() -> int:
    problems, n = check()
    for problem in problems:
        print("FAIL", problem)
    print(f"{n} documents checked")
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
