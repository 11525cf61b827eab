"""Peak memory per step (load, json, docx, pdf, epub, html) for linear.py's dimensions.

    python bench/memory_steps.py --only tiny,lists --sizes 4M,8M

For each dimension and input size, every writer runs in a fresh process of its own: it
warms up on a small document (fonts, templates), loads the file as the command line does
(``cppcc_convert.load``), then renders the one format. Printed per step: the RSS the model
holds once loaded (above the warmed-up process), the load's peak above the warmed-up
process, and the writer's peak above the RSS after the load, in MiB and in bytes per count
(paragraph, list, emphasis node), so that sizes can be compared and extrapolated to the
50 MiB input limit. ``--one-process`` runs the steps in turn in a single process, as
linear.py does (the peak of each step is then its own: VmHWM is reset between steps through
/proc/self/clear_refs), and prints the process's peak.

Linux only (it reads /proc/self/status).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scaling import paragraphs
from linear import DIMENSIONS, _bytes, start_count

WRITERS = ("json", "docx", "pdf", "epub", "html")

_CHILD = """
import gc, json, os, sys
import cppcc_convert
from cppcc_convert.options import Options


def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024


def reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


path, warm, steps = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
options = Options(max_table_cells=10**9)
small = cppcc_convert.load(warm, options=options)
for step in steps:
    cppcc_convert.render(small, step, options=options)
del small
gc.collect()
base = status("VmRSS")
reset_peak()
doc = cppcc_convert.load(path, options=options)
out = {"load_peak": status("VmHWM") - base, "model": status("VmRSS") - base}
out["process_peak"] = status("VmHWM")
for step in steps:
    before = status("VmRSS")
    reset_peak()
    cppcc_convert.render_file(doc, step, path + "." + step, options=options)  # as the CLI
    out[step] = status("VmHWM") - before
    out["process_peak"] = max(out["process_peak"], status("VmHWM"))
    os.unlink(path + "." + step)
print(json.dumps(out))
"""


def run(path: Path, warm: Path, steps: list[str]) -> dict[str, float]:
    cmd = [sys.executable, "-c", _CHILD, str(path), str(warm), ",".join(steps)]
    done = subprocess.run(cmd, capture_output=True, check=False, text=True)
    if done.returncode != 0:
        raise SystemExit(f"child failed: {done.stderr[-500:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def count_for(key: str, size: int) -> int:
    """The largest count (from linear.py's doubling) whose document is under ``size``."""
    make = DIMENSIONS[key][1]
    n = start_count(make)
    while len(make(n * 2).encode()) <= size:
        n *= 2
    return int(n * size / len(make(n).encode()) * 0.98)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="tiny,lists", help="comma list of linear.py dimensions")
    ap.add_argument("--sizes", default="4M", help="comma list of input sizes")
    ap.add_argument("--steps", default=",".join(WRITERS), help="comma list of writers")
    ap.add_argument("--one-process", action="store_true", help="all steps in one process")
    args = ap.parse_args(argv)
    steps = args.steps.split(",")
    mib = 1 << 20
    with tempfile.TemporaryDirectory(prefix="cppcc-memsteps-") as tmp:
        warm = Path(tmp) / "warm.md"
        warm.write_text(paragraphs(4) + "\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
        for key in args.only.split(","):
            for size in (_bytes(s) for s in args.sizes.split(",")):
                n = count_for(key, size)
                path = Path(tmp) / f"{key}.md"
                path.write_bytes(DIMENSIONS[key][1](n).encode())
                real = path.stat().st_size
                if args.one_process:
                    results = [run(path, warm, steps)]
                else:
                    results = [run(path, warm, [s]) for s in steps]
                first = results[0]
                head = f"{key} n={n:,} ({real / mib:.2f} MiB)"
                print(
                    f"{head}: model {first['model']:.0f} MiB "
                    f"({first['model'] * mib / n:,.0f} B/count), "
                    f"load peak +{first['load_peak']:.0f} MiB "
                    f"({first['load_peak'] * mib / n:,.0f} B/count)"
                )
                if args.one_process:
                    print(f"    process peak RSS {first['process_peak']:,.0f} MiB")
                merged = {s: r[s] for r in results for s in steps if s in r}
                for s in steps:
                    v = merged[s]
                    print(
                        f"    {s:<5} peak +{v:7.0f} MiB  ({v * mib / n:7,.0f} B/count)  "
                        f"at 50 MiB ≈ +{v * (50 * mib) / real:,.0f} MiB"
                    )
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
