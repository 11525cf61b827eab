"""A pytest plugin (loaded by conftest.py) for what the suite promises about itself:

* **Temporary files.** Each run gets a temporary folder of its own (``TMPDIR``, ``tempfile``
  and pytest's ``tmp_path`` all point into it, worker processes and subprocesses included).
  At the end, anything left in it besides pytest's own ``tmp_path`` folders fails the run,
  naming what was left; a clean, passing run removes the folder, so nothing is left behind.
* **External tools.** Tests that run poppler (``pdftotext``…), ``qpdf``, Java (epubcheck),
  LibreOffice or Chromium (the WeChat tests) skip, with the tool and the Debian package that
  has it, when the tool is absent;
  with ``CPPCC_REQUIRE_TOOLS=1`` (set by ``.ci/run``) a missing tool fails the run at once.
  ``need("qpdf")`` says so explicitly; a ``FileNotFoundError`` for one of these tools from
  anywhere in a test becomes the same skip, so a helper that forgot to ask is covered too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

# tool -> the Debian package that has it
TOOLS: dict[str, str] = {
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdfimages": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "qpdf": "qpdf",
    "java": "default-jre-headless",
    "soffice": "libreoffice-writer-nogui",
    "chromium": "chromium",
}
REQUIRE_ENV = "CPPCC_REQUIRE_TOOLS"
ROOT_ENV = "CPPCC_TEST_TMPDIR"
_OWN = "pytest-of-"  # pytest's tmp_path folders: its retention policy cleans them


def tools_required() -> bool:
    """Whether a missing tool fails the run (CI) rather than skipping its tests."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def missing_reason(tool: str) -> str:
    package = TOOLS.get(tool, tool)
    return f"{tool} is not installed (apt-get install {package}; CI installs it)"


def need(*tools: str) -> None:
    """Skip the calling test unless every tool is on PATH (fail instead under CI)."""
    for tool in tools:
        if shutil.which(tool) is None:
            if tools_required():
                pytest.fail(f"{missing_reason(tool)}, and {REQUIRE_ENV} is set", pytrace=False)
            pytest.skip(missing_reason(tool))


# ------------------------------------------------------------------ temporary folder


def pytest_configure(config: pytest.Config) -> None:
    if ROOT_ENV in os.environ:  # an xdist worker, or a nested run: the owner checks it
        root = os.environ[ROOT_ENV]
        tempfile.tempdir = root
        return
    root = tempfile.mkdtemp(prefix="cppcc-tests-")
    os.environ[ROOT_ENV] = root
    os.environ["TMPDIR"] = root  # subprocesses (the CLI, LibreOffice, Java) too
    tempfile.tempdir = root
    config.stash[_root_key] = Path(root)


_root_key = pytest.StashKey[Path]()


def pytest_sessionstart(session: pytest.Session) -> None:
    if not tools_required() or hasattr(session.config, "workerinput"):
        return
    missing = sorted({t for t in TOOLS if shutil.which(t) is None})
    if missing:
        packages = " ".join(sorted({TOOLS[t] for t in missing}))
        raise pytest.UsageError(
            f"{REQUIRE_ENV} is set but these tools are missing: {', '.join(missing)} "
            f"(apt-get install {packages})"
        )


@pytest.hookimpl(trylast=True)  # after pytest has removed its own tmp_path folders
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    root = session.config.stash.get(_root_key, None)
    if root is None:
        return
    left = sorted(p.name for p in root.iterdir() if not p.name.startswith(_OWN))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if left:
        shown = ", ".join(left[:10]) + (f" and {len(left) - 10} more" if len(left) > 10 else "")
        message = f"tests left {len(left)} file(s) or folder(s) in the temporary folder: {shown}"
        if reporter is not None:
            reporter.write_line(f"FAILED (temporary files): {message} (kept in {root})", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        shutil.rmtree(root, ignore_errors=True)  # kept only for a failed run, to look at
    elif reporter is not None:
        reporter.write_line(f"temporary files of this run are kept in {root}")


# ------------------------------------------------------------------ missing tools


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Generator[Any]:
    outcome = yield
    report = outcome.get_result()
    excinfo = call.excinfo
    if excinfo is None or not report.failed or tools_required():
        return
    error = excinfo.value
    if isinstance(error, FileNotFoundError) and str(error.filename) in TOOLS:
        path, line, _ = item.location
        report.outcome = "skipped"
        report.longrepr = (path, (line or 0) + 1, f"Skipped: {missing_reason(error.filename)}")
