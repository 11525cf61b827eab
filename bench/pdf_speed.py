"""The PDF writer on the sample ×100 now and before the typography of issue 13, side by side.

    python3 bench/pdf_speed.py --before /tmp/base/src [--reps 7]

``--before`` is the ``src`` folder of an older checkout (``git archive 5a52cb0 src fonts | tar
-x -C /tmp/base``: its fonts must sit next to it, as in the repository). Each tree runs in its
own process (``PYTHONPATH``), the two alternating, each timing ``render(×100, "pdf")`` after a
warm-up (fonts loaded, imports done); the figure is the median of the runs, and the ratio is
now / before. The issue's target: at most 1.2×. Processes alternate so that load from other
jobs on the machine falls on both sides alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from _common import SAMPLE, long_document

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time, gc
import cppcc_convert
text = open(sys.argv[1], encoding="utf-8").read()
doc = cppcc_convert.parse(text)
cppcc_convert.render(doc, "pdf")  # warm-up: imports, fonts
gc.collect()
gc.freeze()
t0, c0 = time.perf_counter(), time.process_time()
data = cppcc_convert.render(doc, "pdf")
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"s": t1 - t0, "cpu": c1 - c0, "bytes": len(data)}))
"""


def _one(src: Path, text_file: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(text_file)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="src folder of the old tree")
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()
    text_file = Path("/tmp") / "cppcc-pdf-speed-x100.md"
    text_file.write_text(long_document(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    now_src = ROOT / "src"
    runs: dict[str, list[float]] = {"before": [], "now": []}
    cpu: dict[str, list[float]] = {"before": [], "now": []}
    size: dict[str, float] = {}
    for _ in range(args.reps):
        for key, src in (("before", args.before), ("now", now_src)):
            got = _one(src, text_file)
            runs[key].append(got["s"])
            cpu[key].append(got["cpu"])
            size[key] = got["bytes"]
    before, now = statistics.median(runs["before"]), statistics.median(runs["now"])
    cb, cn = statistics.median(cpu["before"]), statistics.median(cpu["now"])
    print("| PDF writer, sample ×100 | median wall | runs (wall) | median CPU | size |")
    print("|---|---|---|---|---|")
    for key, med, c in (("before", before, cb), ("now", now, cn)):
        shown = ", ".join(f"{r:.2f}" for r in runs[key])
        print(f"| {key} | {med:.2f} s | {shown} | {c:.2f} s | {size[key] / 1024:,.0f} KiB |")
    for label, ratio in (("wall", now / before), ("CPU", cn / cb)):
        status = "MET" if ratio <= 1.2 else "MISSED"
        print(f"now / before, {label} time: {ratio:.2f}× (target ≤ 1.2×: {status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
