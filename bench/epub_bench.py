"""Time the EPUB and HTML writers in-process on the sample ×N (default 100).

python3 bench/epub_bench.py [N]
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import cppcc_convert
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext, get_writer

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fuyang-cppcc.md"


def main() -> None:
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    doc = cppcc_convert.parse(SAMPLE.read_text(encoding="utf-8"))
    big = replace(doc, blocks=doc.blocks * times)
    chars = sum(len(t) for t in cppcc_convert.model.block_texts(big.blocks))
    print(f"sample x{times}: {len(big.blocks)} blocks, {chars} characters")
    for fmt in ("epub", "html"):
        writer = get_writer(fmt)
        writer(doc, WriteContext(options=Options()))  # warm up imports
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            data = writer(big, WriteContext(options=Options()))
            runs.append(time.perf_counter() - start)
        runs.sort()
        print(
            f"{fmt}: median {runs[2] * 1000:.0f} ms, best {runs[0] * 1000:.0f} ms, "
            f"{len(data) / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
