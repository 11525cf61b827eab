"""The project around the code (issue 15): the README's commands are the ones CI runs, the
dependency pins are complete and within the declared ranges, the CI example installs a
pinned version with pinned dependencies and its steps run as written, and the suite's own
rules hold (a run that leaves temporary files fails; missing tools skip, or fail under CI),
and the code's units stay small or say why (issue 16)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from suite_hygiene import REQUIRE_ENV, ROOT_ENV, TOOLS

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "examples" / "github-actions.yml"


def readme_command(marker: str) -> str:
    """The sh block after ``<!-- ci: MARKER -->``, as .ci/run reads it."""
    match = re.search(rf"<!-- ci: {marker} -->\n```sh\n(.*?)\n```", README, re.S)
    assert match, f"README.md has no '{marker}' command"
    return match.group(1)


# ------------------------------------------------------------------ README and CI


@pytest.mark.parametrize("marker", ["quick-start", "tests"])
def test_the_readme_commands_make_a_venv_and_install_into_it(marker: str) -> None:
    command = readme_command(marker)
    assert "\n" not in command  # one line: copy, paste, run
    assert command.startswith("python3 -m venv .venv && .venv/bin/python -m pip install ")
    assert "-c constraints.txt" in command and " -e " not in command  # pinned, not editable
    assert "sudo" not in command and "--break-system-packages" not in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert marker in ci and "ci: $1" in ci  # .ci/run runs exactly this block


def test_ci_runs_the_checks_the_readme_promises() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for check in ("ruff check", "ruff format --check", "mypy", "actionlint", "lowest-direct"):
        assert check in ci, check
    assert f"{REQUIRE_ENV}=1" in ci
    for package in sorted(set(TOOLS.values())):  # every tool the suite requires under CI
        assert f"need+=({package})" in ci, package
    assert PYPROJECT["tool"]["mypy"]["strict"] is True


# ------------------------------------------------------------------ dependency pins


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split(";")[0].strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_constraints_pin_every_dependency_within_its_declared_range() -> None:
    pins = _pins()
    project = PYPROJECT["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    for spec in declared:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"constraints.txt does not pin {name}"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {spec}"


def test_every_runtime_dependency_is_in_the_manifest() -> None:
    from cppcc_convert.cli.manifest import DEPENDENCIES

    runtime = {Requirement(s).name.lower() for s in PYPROJECT["project"]["dependencies"]}
    assert runtime - {d.lower() for d in DEPENDENCIES} == {"rich"}  # rich only draws the bar


# ------------------------------------------------------------------ the CI example


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def test_the_ci_example_installs_a_pinned_version_with_pinned_dependencies() -> None:
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    steps = _steps()
    ref = workflow["env"]["CPPCC_CONVERT_REF"]
    assert ref not in ("main", "master", "HEAD") and re.fullmatch(r"v[\d.]+|[0-9a-f]{40}", ref)
    checkout = [s for s in steps if s.get("with", {}).get("path") == ".cppcc-convert"]
    assert checkout and checkout[0]["with"]["ref"] == "${{ env.CPPCC_CONVERT_REF }}"
    install = "\n".join(s.get("run", "") for s in steps if "pip install" in s.get("run", ""))
    assert "-c .cppcc-convert/constraints.txt ./.cppcc-convert" in install
    assert not re.search(r"pip install[^\n]* cppcc-convert\b", install)  # never by name
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python"))
    assert setup["with"]["cache-dependency-path"] == ".cppcc-convert/constraints.txt"
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "public/"
    runs = " ".join(s.get("run", "") for s in steps)
    assert "--check --strict" in runs and "--manifest public/manifest.json" in runs


def test_the_ci_example_steps_run_as_written(tmp_path: Path) -> None:
    """The lint and convert steps, run by bash in a folder laid out as the workflow's."""
    script = Path(sys.executable).with_name("cppcc-convert")
    if not script.exists():
        pytest.skip("the cppcc-convert script is not installed beside this Python")
    (tmp_path / "articles").mkdir()
    shutil.copy(ROOT / "samples" / "fuyang-cppcc.md", tmp_path / "articles")
    env = {**os.environ, "PATH": f"{script.parent}{os.pathsep}{os.environ['PATH']}"}
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    for step in _steps():
        run = step.get("run", "")
        if run.startswith("cppcc-convert"):
            proc = subprocess.run(
                ["bash", "-eo", "pipefail", "-c", run],
                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert proc.returncode == 0, f"{step['name']}: {proc.stderr}"
            assert "Traceback" not in proc.stderr
    manifest = yaml.safe_load((tmp_path / "public" / "manifest.json").read_text("utf-8"))
    written = sorted(Path(o["path"]).name for o in manifest["inputs"][0]["outputs"])
    assert len(written) == 16 and all((tmp_path / "public" / name).is_file() for name in written)


def test_actionlint_passes_on_the_ci_example() -> None:
    actionlint = shutil.which(
        "actionlint", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    )
    if actionlint is None:
        pytest.skip("actionlint is not installed (.ci/run installs it and runs it)")
    proc = subprocess.run([actionlint, str(EXAMPLE)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ------------------------------------------------------------------ the suite's own rules


def _inner_pytest(
    tmp_path: Path, test_code: str, env: dict[str, str] | None = None, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run ``test_code`` under pytest with this suite's hygiene plugin, in ``tmp_path``."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(test_code, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if k not in (ROOT_ENV, REQUIRE_ENV)}
    base |= {"PYTHONPATH": str(TESTS), "TMPDIR": str(tmp_path)} | (env or {})
    base["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # hypothesis, xdist: not needed, slow to load
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "suite_hygiene", "-p", "no:cacheprovider",
         "-q", "-rs", *args, "test_inner.py"],
        cwd=tmp_path, env=base, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_run_that_leaves_temporary_files_fails(tmp_path: Path) -> None:
    leaky = (
        "import tempfile\n\n"
        "def test_leaks():\n    tempfile.mkdtemp(prefix='forgotten-')\n\n"
        "def test_cleans(tmp_path):\n    (tmp_path / 'x').write_text('fine')\n"
    )
    proc = _inner_pytest(tmp_path, leaky)
    assert proc.returncode == 1, proc.stdout
    assert "2 passed" in proc.stdout
    assert "tests left 1 file(s) or folder(s) in the temporary folder: forgotten-" in proc.stdout
    tidy = "def test_cleans(tmp_path):\n    (tmp_path / 'x').write_text('fine')\n"
    (tmp_path / "run2").mkdir()
    proc = _inner_pytest(tmp_path / "run2", tidy)
    assert proc.returncode == 0, proc.stdout
    # the run's temporary folder is gone (a __pycache__ of the test module may stay: bytecode
    # is written unless PYTHONDONTWRITEBYTECODE is set)
    left = sorted(p.name for p in (tmp_path / "run2").iterdir() if p.name != "__pycache__")
    assert left == ["pytest.ini", "test_inner.py"]


TOOL_TESTS = """
import subprocess
from suite_hygiene import need

def test_asks_first():
    need("pdftotext")

def test_forgot_to_ask():
    subprocess.run(["qpdf", "--check", "x.pdf"], check=True)

def test_needs_nothing():
    pass
"""


def test_tests_needing_a_missing_tool_skip_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()  # a PATH with no tool at all
    proc = _inner_pytest(tmp_path, TOOL_TESTS, {"PATH": str(tmp_path / "bin")})
    assert proc.returncode == 0, proc.stdout
    assert "1 passed, 2 skipped" in proc.stdout
    assert "pdftotext is not installed (apt-get install poppler-utils" in proc.stdout
    assert "qpdf is not installed (apt-get install qpdf" in proc.stdout


def test_under_ci_a_missing_tool_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    env = {"PATH": str(tmp_path / "bin"), REQUIRE_ENV: "1"}
    proc = _inner_pytest(tmp_path, TOOL_TESTS, env)
    assert proc.returncode != 0
    assert f"{REQUIRE_ENV} is set but these tools are missing: chromium, java" in proc.stderr


def test_a_real_tool_test_skips_without_the_tool(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (ROOT_ENV, REQUIRE_ENV)}
    env |= {"PATH": str(tmp_path / "bin"), "TMPDIR": str(tmp_path)}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "tests/test_pdf.py::test_sample_passes_qpdf_check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout
    assert "1 skipped" in proc.stdout and "qpdf is not installed" in proc.stdout


# ------------------------------------------------------------------ small units (issue 16)

MODULE_LINES = 400
FUNCTION_LINES = 60
SIZE_NOTE = re.compile(r"#\s*size:\s*\S")  # "# size: why this one is longer"


def size_problems(source: str, name: str) -> list[str]:
    """Modules over MODULE_LINES lines and functions over FUNCTION_LINES (decorators to last
    line) without a ``# size:`` comment saying why: for a module, a line of its own in the
    first 40; for a function, from the line above it to its first statement."""
    lines = source.splitlines()
    out: list[str] = []
    if len(lines) > MODULE_LINES and not any(SIZE_NOTE.match(line) for line in lines[:40]):
        out.append(f"{name}: {len(lines)} lines")
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        length = (node.end_lineno or node.lineno) - first + 1
        if length <= FUNCTION_LINES:
            continue
        body = node.body
        docstring = ast.get_docstring(node, clean=False) is not None and len(body) > 1
        opening = lines[max(first - 2, 0) : body[1 if docstring else 0].lineno]
        if not any(SIZE_NOTE.search(line) for line in opening):
            out.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return out


def test_modules_and_functions_are_small_or_say_why() -> None:
    package = ROOT / "src" / "cppcc_convert"
    problems = [
        problem
        for path in sorted(package.rglob("*.py"))
        for problem in size_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not problems, (
        f"over {MODULE_LINES} lines a module or {FUNCTION_LINES} a function, with no "
        "'# size:' comment saying why: split it, or say why not: " + "; ".join(problems)
    )


def test_the_size_rule_sees_long_units_and_their_reasons() -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(FUNCTION_LINES))
    long = f"def f():\n    '''Doc.'''\n{body}"
    assert size_problems(long, "m.py") == [f"m.py:1 f: {FUNCTION_LINES + 2} lines"]
    assert size_problems("# size: one table, clearer whole\n" + long, "m.py") == []
    noted = long.replace("'''Doc.'''\n", "'''Doc.'''\n    # size: a table\n")
    assert size_problems(noted, "m.py") == []
    short = "".join(f"    x{n} = {n}\n" for n in range(FUNCTION_LINES - 1))
    assert size_problems(f"def f():\n{short}", "m.py") == []
    module = "x = 1\n" * (MODULE_LINES + 1)
    assert size_problems(module, "m.py") == [f"m.py: {MODULE_LINES + 1} lines"]
    assert size_problems("# size: generated tables\n" + module, "m.py") == []
