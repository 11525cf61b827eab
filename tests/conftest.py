"""Shared fixtures: the sample article and the rich Markdown test document, parsed once; the
suite's own rules (a temporary folder per run, checked empty at the end; tests that need
poppler, qpdf, Java or LibreOffice skip without them, or fail under CI) are in
suite_hygiene.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import cppcc_convert
from cppcc_convert.model import Document
from suite_hygiene import (  # noqa: F401  (pytest finds hooks by name here)
    pytest_configure,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_sessionstart,
)

# Property tests run from a fixed seed in CI, so a run is repeatable; HYPOTHESIS_PROFILE=long
# (tests/strategies.py) explores at random by hand.
settings.register_profile("stable", derandomize=True, deadline=None)

if "HYPOTHESIS_PROFILE" not in os.environ:
    settings.load_profile("stable")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
RICH = Path(__file__).resolve().parent / "data" / "rich.md"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def rich_path() -> Path:
    return RICH


@pytest.fixture(scope="session")
def sample_doc() -> Document:
    return cppcc_convert.load(SAMPLE)


@pytest.fixture(scope="session")
def rich_doc() -> Document:
    return cppcc_convert.load(RICH)


@pytest.fixture(scope="session", autouse=True)
def _rendered_pdfs_removed() -> Iterator[None]:
    """The PDFs pdf_corpus rendered for several modules go before the suite checks that the
    temporary folder is empty."""
    yield
    module = sys.modules.get("pdf_corpus")
    if module is not None:
        module.cleanup()
