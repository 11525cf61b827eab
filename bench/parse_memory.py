"""Peak memory of parse + repair alone (no writer), per linear.py dimension, at a few sizes.

Each size runs in a fresh process: it builds the document, notes its resident size, parses
it with ``cppcc_convert.parse`` and prints the peak (VmHWM) above that, with the CPU time:

    python3 bench/parse_memory.py --only tiny,lists --max-bytes 4M

Linux only (it reads /proc/self/status).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linear import DIMENSIONS, _bytes, start_count

_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from linear import DIMENSIONS
import cppcc_convert
from cppcc_convert.options import Options


def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024


text = DIMENSIONS[sys.argv[2]][1](int(sys.argv[3]))
cppcc_convert.parse("# 热身\\n\\n一段。\\n")
base = status("VmRSS")
t = time.process_time()
doc = cppcc_convert.parse(text, options=Options(max_table_cells=10**9))
cpu = time.process_time() - t
print(json.dumps([len(text.encode()), cpu, status("VmHWM") - base]))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="tiny,lists", help="comma list of linear.py dimensions")
    ap.add_argument("--min-bytes", type=_bytes, default=512 << 10, help="smallest input")
    ap.add_argument("--max-bytes", type=_bytes, default=4 << 20, help="largest input")
    args = ap.parse_args(argv)
    here = str(Path(__file__).resolve().parent)
    for key in args.only.split(","):
        make = DIMENSIONS[key][1]
        n = start_count(make)
        while len(make(n).encode()) < args.min_bytes:
            n *= 2
        while True:
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, here, key, str(n)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            size, cpu, peak = json.loads(out)
            print(
                f"{key:10} n={n:>9,} {size / 2**20:7.2f} MiB  parse {cpu:6.2f} s CPU  "
                f"peak +{peak:7.1f} MiB ({peak * 2**20 / max(size, 1):5.1f} x input)",
                flush=True,
            )
            if size * 2 > args.max_bytes:
                break
            n *= 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
