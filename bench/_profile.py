"""Profile one ``cppcc-convert`` run with pyinstrument, in a fresh process (imports included).

As a script: ``python3 bench/_profile.py OUT.json -- <cppcc-convert arguments>`` writes the
hot spots as JSON. ``profile_cli`` runs that and returns them; ``top_lines`` formats them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

TOP = 12


def _key(frame: Any) -> str:
    path = frame.file_path or ""
    short = re.sub(r"^.*?/(site-packages|src|lib/python3\.\d+)/", "", path)
    return f"{frame.function}  {short}:{frame.line_no}"


def _group(path: str) -> str:
    """Who owns the code: our module, a third-party package, import machinery or stdlib."""
    if not path or path.startswith("<built-in"):
        return ""  # a builtin's time belongs to whoever called it
    if "<frozen importlib" in path:
        return "import machinery (loading modules)"
    found = re.search(r"cppcc_convert/(.+?)\.py$", path)
    if found:
        return f"cppcc_convert/{found.group(1)}.py"
    found = re.search(r"site-packages/([^/]+)", path)
    if found:
        return found.group(1).removesuffix(".py")
    found = re.search(r"/lib/python3\.\d+/(.+?)(\.py|/)", path)
    return f"stdlib {found.group(1)}" if found else "other"


def _plumbing(key: str) -> bool:
    """The CLI's call chain down to the job, which would top every cumulative list."""
    return bool(re.search(r"cppcc_convert/(cli|runner|__main__)\.py|^(run_job|render)  ", key))


def aggregate(root: Any) -> dict[str, Any]:
    self_time: dict[str, float] = defaultdict(float)
    total_time: dict[str, float] = defaultdict(float)
    by_group: dict[str, float] = defaultdict(float)

    def walk(frame: Any, open_keys: frozenset[str], owner: str) -> None:
        key = _key(frame)
        real = [c for c in frame.children if not c.is_synthetic]
        own = frame.time - sum(c.time for c in real)
        group = _group(frame.file_path or "") or owner
        if owner.startswith("import") and not group.startswith("cppcc_convert"):
            group = owner  # running a library's module body is import time
        self_time[key] += own
        by_group[group] += own
        if key not in open_keys:  # recursion is counted once
            total_time[key] += frame.time
        for child in real:
            walk(child, open_keys | {key}, group)

    walk(root, frozenset(), "other")

    def top(table: dict[str, float]) -> list[tuple[str, float]]:
        return sorted(table.items(), key=lambda kv: -kv[1])[:TOP]

    ours_total = {k: v for k, v in total_time.items() if "cppcc_convert/" in k and not _plumbing(k)}
    return {
        "wall": root.time,
        "self": top(self_time),
        "ours_cumulative": top(ours_total),
        "groups": top(by_group),
    }


def _main(argv: list[str]) -> int:
    out = Path(argv[0])
    cli_args = argv[argv.index("--") + 1 :]
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    from cppcc_convert.cli import main

    code = main(cli_args)
    profiler.stop()
    session = profiler.last_session
    assert session is not None
    result = aggregate(session.root_frame())
    result["cpu"] = session.cpu_time
    result["code"] = code
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def profile_cli(args: list[str], out: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Profile ``cppcc-convert args`` in a child process; its hot spots."""
    subprocess.run(
        [sys.executable, __file__, str(out), "--", *args], check=True, env=env or dict(os.environ)
    )
    return json.loads(out.read_text(encoding="utf-8"))


def top_lines(result: dict[str, Any], n: int = 8) -> list[str]:
    wall = result["wall"] or 1.0

    def row(name: str, t: float) -> str:
        return f"| {name} | {t * 1000:.0f} ms | {100 * t / wall:.0f}% |"

    lines = ["| where (self time, grouped by owner) | time | share |", "|---|---|---|"]
    lines += [row(k, t) for k, t in result["groups"][:n]]
    lines += ["", "| hottest functions (self time) | time | share |", "|---|---|---|"]
    lines += [row(f"`{k}`", t) for k, t in result["self"][:n]]
    lines += ["", "| our functions (cumulative) | time | share |", "|---|---|---|"]
    lines += [row(f"`{k}`", t) for k, t in result["ours_cumulative"][:n]]
    return lines


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
