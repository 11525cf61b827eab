"""The mutation check (tests/mutants.py) stays runnable: every mutant's patch still applies to
the source, and, marked slow, three quick mutants are applied in a scratch copy and killed."""

from __future__ import annotations

from pathlib import Path

import pytest

import mutants

ROOT = Path(__file__).resolve().parent.parent

# issue 16's list, by the ids mutants.py gives them: none may be dropped quietly
ISSUE_16 = {
    "kinsoku-close-quote",
    "atomic-rename",
    "subtitle-punctuation-diagnostic",
    "swap-tw-hk-opencc",
    "xhtml-first-row-only",
    "docx-no-east-asian-font",
    "epub-random-identifier",
    "rejoin-blank-lines",
}
QUICK = ("kinsoku-close-quote", "subtitle-punctuation-diagnostic", "rejoin-blank-lines")


def test_issue_16_mutants_are_all_there() -> None:
    listed = {m.id for m in mutants.MUTANTS if not m.extra}
    assert listed >= ISSUE_16
    assert {i for i in listed - ISSUE_16 if not i.startswith("rejoin-")} == set()


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=[m.id for m in mutants.MUTANTS])
def test_mutant_still_applies(mutant: mutants.Mutant) -> None:
    """The code moved on when this fails: update the mutant's patch in tests/mutants.py."""
    source = (ROOT / mutant.file).read_text(encoding="utf-8")
    assert mutants.patched(mutant, source) != source
    assert all((ROOT / t).is_file() for t in mutant.tests)


@pytest.mark.slow
@pytest.mark.parametrize("ident", QUICK)
def test_quick_mutant_is_killed(ident: str) -> None:
    (mutant,) = [m for m in mutants.MUTANTS if m.id == ident]
    outcome = mutants.run(mutant, whole_suite=False)
    assert outcome.status == "killed", mutants.report([outcome], markdown=False)
    assert outcome.failures
