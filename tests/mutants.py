"""The mutation check by hand, rerunnable: ``python tests/mutants.py [--all] [ID ...]``.

Each mutant is a small patch to the source (exact text replaced, which must occur exactly
once) that a good test suite must notice. For each one, the repository's working tree is
copied to a scratch folder (never this checkout; the fonts are linked, not copied), the patch
is applied there, and the tests named for it (or, with ``--all``, the whole suite) run against
the copy's ``src`` with ``PYTHONPATH``. A mutant is killed when at least one test fails; the
report names the failing tests and the first line of each failure. A mutant that survives, or
a patch that no longer applies (the code moved on: update the mutant), exits 1.

    python tests/mutants.py                  # every mutant, its own tests
    python tests/mutants.py --all            # every mutant, the whole suite (slow)
    python tests/mutants.py kinsoku-close-quote rejoin-blank-lines
    python tests/mutants.py --list           # the mutants and their patches
    python tests/mutants.py --markdown       # the report as the table in docs/mutation-testing.md
    python tests/mutants.py --keep DIR       # also save each run's pytest output in DIR

Requires the test dependencies of the package (``pip install -e '.[test]' pdfplumber``).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINKED = ("fonts", ".git")  # big or irrelevant: linked (fonts) or left out (.git)


@dataclass(frozen=True)
class Mutant:
    """One deliberate bug: ``(old, new)`` replacements in ``file``, and the tests to run."""

    id: str
    what: str
    file: str
    edits: tuple[tuple[str, str], ...]
    tests: tuple[str, ...]
    extra: bool = False  # not one of issue 16's list, added with the tests that kill it


MUTANTS: tuple[Mutant, ...] = (
    Mutant(
        "kinsoku-close-quote",
        "break the kinsoku rule for ”: it may start a PDF line",
        "src/cppcc_convert/writers/pdf_linebreak.py",
        (('NO_START = frozenset("，。、；：？！”’', 'NO_START = frozenset("，。、；：？！’'),),
        ("tests/test_writer_golden.py", "tests/test_pdf_linebreak.py", "tests/test_pdf.py"),
    ),
    Mutant(
        "atomic-rename",
        "remove the atomic rename: outputs are written in place",
        "src/cppcc_convert/outputs.py",
        (
            (
                'fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, '
                "dir=path.parent)\n            staged.append((tmp, path))",
                "fd, tmp = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), str(path)",
            ),
        ),
        ("tests/test_outputs_atomic.py", "tests/test_batch.py", "tests/test_robustness_batch.py"),
    ),
    Mutant(
        "subtitle-punctuation-diagnostic",
        "drop a repair's diagnostic: the subtitle's punctuation fixes are not reported",
        "src/cppcc_convert/repair.py",
        (
            (
                '(Text(meta.subtitle),), lambda msg: ctx.report("punctuation", msg, '
                "ctx.title_line)",
                "(Text(meta.subtitle),), lambda msg: None",
            ),
        ),
        ("tests/test_repairs.py", "tests/test_model.py", "tests/test_writer_golden.py"),
    ),
    Mutant(
        "swap-tw-hk-opencc",
        "swap the zh-TW and zh-HK OpenCC configurations",
        "src/cppcc_convert/locale.py",
        (
            ('"zh-TW", "zh-TW", "s2tw", "s2twp"', '"zh-TW", "zh-TW", "s2hk", "s2hkp"'),
            ('"zh-HK", "zh-HK", "s2hk", "s2hkp"', '"zh-HK", "zh-HK", "s2tw", "s2twp"'),
        ),
        ("tests/test_editions.py", "tests/test_writer_golden.py"),
    ),
    Mutant(
        "xhtml-first-row-only",
        "drop table rows past the first in XHTML (EPUB and HTML)",
        "src/cppcc_convert/writers/xhtml_table.py",
        (("    body = block.rows\n", "    body = block.rows[:1]\n"),),
        (
            "tests/test_epub_xhtml.py",
            "tests/test_epub.py",
            "tests/test_html.py",
            "tests/test_writer_golden.py",
        ),
    ),
    Mutant(
        "docx-no-east-asian-font",
        "drop the w:eastAsia font attribute of DOCX styles",
        "src/cppcc_convert/writers/docx_styles.py",
        (
            (
                'return f\'<w:rFonts w:ascii="{latin}" w:eastAsia="{east}" w:hAnsi="{latin}" '
                'w:cs="{latin}"/>\'',
                'return f\'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}"/>\'',
            ),
        ),
        ("tests/test_docx.py", "tests/test_docx_reference.py", "tests/test_writer_golden.py"),
    ),
    Mutant(
        "epub-random-identifier",
        "make the EPUB identifier random",
        "src/cppcc_convert/writers/epub.py",
        (
            (
                "book.set_identifier(options.identifier or content_identifier(doc, "
                "options.vertical))",
                'book.set_identifier(options.identifier or f"urn:uuid:{uuid.uuid4()}")',
            ),
        ),
        ("tests/test_epub.py", "tests/test_writer_golden.py"),
    ),
    Mutant(
        "rejoin-blank-lines",
        "off-by-one in rejoin: the blank lines between two paragraphs counted one too many",
        "src/cppcc_convert/repair.py",
        (("blanks = block.line - prev_end - 1", "blanks = block.line - prev_end"),),
        ("tests/test_repairs.py", "tests/test_model.py"),
    ),
    Mutant(
        "rejoin-blank-lines-under",
        "off-by-one in rejoin: the blank lines counted one too few (two blank lines join)",
        "src/cppcc_convert/repair.py",
        (("blanks = block.line - prev_end - 1", "blanks = block.line - prev_end - 2"),),
        ("tests/test_repairs.py", "tests/test_model.py"),
    ),
    Mutant(
        "rejoin-last-line",
        "off-by-one in rejoin: a paragraph's last line found one line late",
        "src/cppcc_convert/repair.py",
        (
            (
                "        i = line\n        while i < len(self.lines)",
                "        i = line + 1\n        while i < len(self.lines)",
            ),
        ),
        ("tests/test_repairs.py", "tests/test_model.py"),
    ),
    Mutant(
        "quotes-no-nesting",
        "quote localisation: a pair inside a pair gets 「」 again, not 『』",
        "src/cppcc_convert/editions_quotes.py",
        (("opening, closing = _BRACKETS[len(stack) % 2]", "opening, closing = _BRACKETS[0]"),),
        ("tests/test_editions_quotes.py", "tests/test_editions.py", "tests/test_writer_golden.py"),
        extra=True,
    ),
    Mutant(
        "link-file-scheme-live",
        "link policy: file: links are live",
        "src/cppcc_convert/links.py",
        (
            (
                'LIVE_SCHEMES = frozenset({"http", "https", "mailto"})',
                'LIVE_SCHEMES = frozenset({"http", "https", "mailto", "file"})',
            ),
        ),
        ("tests/test_links.py", "tests/test_security_injection.py", "tests/test_epub_xhtml.py"),
        extra=True,
    ),
    Mutant(
        "link-dangling-anchor-live",
        "link policy: a #anchor that names nothing in the document is a live link",
        "src/cppcc_convert/links.py",
        (("        if raw[1:] in ids:\n", "        if raw[1:]:\n"),),
        ("tests/test_links.py", "tests/test_epub_xhtml.py", "tests/test_writer_golden.py"),
        extra=True,
    ),
    Mutant(
        "pdf-internal-link-dead",
        "link policy: in-document links print as plain text in the PDF",
        "src/cppcc_convert/writers/pdf_text_builder.py",
        (('            return "#" + target.anchor\n', '            return ""\n'),),
        ("tests/test_pdf.py", "tests/test_writer_golden.py", "tests/test_security_injection.py"),
        extra=True,
    ),
    Mutant(
        "rejoin-aligned",
        "rejoin joins a paragraph the source aligned (fixed on this branch and by issue 12)",
        "src/cppcc_convert/repair.py",
        (("    if prev.align is not None or nxt.align is not None:\n        return False\n", ""),),
        ("tests/test_repairs.py", "tests/test_writer_golden.py"),
        extra=True,
    ),
    Mutant(
        "explicit-id-renumbered",
        "headings' explicit ids reserved against themselves (the bug fixed on this branch)",
        "src/cppcc_convert/pipeline.py",
        (("collect_ids(doc.blocks, headings=False)", "collect_ids(doc.blocks)"),),
        ("tests/test_anchors.py", "tests/test_writer_golden.py"),
        extra=True,
    ),
    Mutant(
        "docx-no-alignment",
        "DOCX drops the alignment a paragraph's source asked for",
        "src/cppcc_convert/writers/docx_body.py",
        (("""jc = f'<w:jc w:val="{align}"/>' if align else \"\"""", 'jc = ""'),),
        ("tests/test_docx.py", "tests/test_writer_golden.py"),
        extra=True,
    ),
    Mutant(
        "pdf-no-outline",
        "the PDF has no outline (bookmarks) entries",
        "src/cppcc_convert/writers/pdf_flowables.py",
        (
            (
                "canv.addOutlineEntry(self.outline.title, self.outline.key, self.outline.level, "
                "False)",
                "pass",
            ),
        ),
        ("tests/test_pdf.py", "tests/test_writer_golden.py"),
        extra=True,
    ),
)


# ------------------------------------------------------------------ running


@dataclass
class Outcome:
    """What running the tests against one mutant gave."""

    mutant: Mutant
    status: str  # killed, SURVIVED, NOT APPLIED
    failures: list[tuple[str, str]] = field(default_factory=list)  # (test id, first line)
    note: str = ""


def patched(mutant: Mutant, text: str) -> str:
    """``text`` with the mutant's edits applied; ValueError when one does not match once."""
    for old, new in mutant.edits:
        count = text.count(old)
        if count != 1:
            raise ValueError(f"{mutant.file}: expected 1 match, found {count}: {old[:60]!r}")
        text = text.replace(old, new)
    return text


def patch_text(mutant: Mutant) -> str:
    """The mutant as a unified diff against the current source."""
    path = ROOT / mutant.file
    old = path.read_text(encoding="utf-8")
    try:
        new = patched(mutant, old)
    except ValueError as exc:
        return f"(does not apply: {exc})\n"
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"a/{mutant.file}",
        f"b/{mutant.file}",
        n=1,
    )
    return "".join(lines)


def scratch_copy(target: Path) -> None:
    """The working tree (uncommitted changes included) at ``target``, fonts linked."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        skip = {n for n in names if n in ("__pycache__", ".pytest_cache", ".mypy_cache")}
        if here == ROOT:
            skip |= {n for n in names if n in LINKED or n.endswith(".egg-info")}
        return skip

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    (target / "fonts").symlink_to(ROOT / "fonts", target_is_directory=True)


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)(?: - (.*))?$")
_TB_LINE = re.compile(r"^(/\S+|tests/\S+):(\d+): (.*)$")


def run(mutant: Mutant, whole_suite: bool, keep: Path | None = None) -> Outcome:
    """Apply ``mutant`` in a scratch copy and run its tests there."""
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.id}-") as tmp:
        copy = Path(tmp) / "repo"
        scratch_copy(copy)
        path = copy / mutant.file
        try:
            path.write_text(patched(mutant, path.read_text(encoding="utf-8")), encoding="utf-8")
        except ValueError as exc:
            return Outcome(mutant, "NOT APPLIED", note=str(exc))
        env = {
            **os.environ,
            "PYTHONPATH": str(copy / "src"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "COLUMNS": "2000",  # pytest's summary lines are cut to the terminal's width
        }
        probe = subprocess.run(
            [sys.executable, "-c", "import cppcc_convert; print(cppcc_convert.__file__)"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if not probe.stdout.strip().startswith(str(copy)):
            return Outcome(mutant, "NOT APPLIED", note=f"imported {probe.stdout.strip()}")
        # a test module this checkout does not have (yet, or any more) is left out
        tests = [] if whole_suite else [t for t in mutant.tests if (copy / t).exists()]
        if not whole_suite and not tests:
            return Outcome(mutant, "NOT APPLIED", note="none of its test modules exists")
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE"]
        cmd += ["--tb=line", f"--basetemp={tmp}/pytest", *tests]
        proc = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True, check=False)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{mutant.id}.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    failures = _failures(proc.stdout)
    if proc.returncode == 0:
        return Outcome(mutant, "SURVIVED", note=_last_line(proc.stdout))
    if not failures:
        return Outcome(mutant, "killed", note=_last_line(proc.stdout + proc.stderr))
    return Outcome(mutant, "killed", failures, _last_line(proc.stdout))


def _failures(output: str) -> list[tuple[str, str]]:
    """(test id, ``file:line: first failure line``) from ``--tb=line -rfE`` output: the
    failures section lists one traceback line per failure, in the summary's order."""
    tb = [m for m in map(_TB_LINE.match, output.splitlines()) if m]
    out: list[tuple[str, str]] = []
    for line in output.splitlines():
        match = _FAILED.match(line)
        if match:
            out.append((match.group(1), (match.group(2) or "").strip()))
    if len(tb) == len(out):
        where = [(Path(m.group(1)).name, m.group(2), m.group(3)) for m in tb]
        out = [(test, f"{f}:{n}: {msg}") for (test, _), (f, n, msg) in zip(out, where, strict=True)]
    return out


def _last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1].strip("= ") if lines else ""


def report(outcomes: list[Outcome], markdown: bool) -> str:
    """The outcomes as text, or as a Markdown table."""
    out: list[str] = []
    if markdown:
        out.append("| mutant | killed by (test id: first failure line) |\n|---|---|\n")
    for o in outcomes:
        shown = o.failures[:4]
        more = len(o.failures) - len(shown)
        if markdown:
            cells = "<br>".join(f"`{t}`: {_md(r)}" for t, r in shown) or _md(o.note)
            if more > 0:
                cells += f"<br>… and {more} more"
            status = "" if o.status == "killed" else f" **{o.status}**"
            out.append(f"| `{o.mutant.id}`{status}: {_md(o.mutant.what)} | {cells} |\n")
        else:
            out.append(f"{o.status:11} {o.mutant.id}: {o.mutant.what}\n")
            for test, reason in shown:
                out.append(f"            {test}\n              {reason}\n")
            if more > 0:
                out.append(f"            ... and {more} more failing tests\n")
            if o.note:
                out.append(f"            ({o.note})\n")
    return "".join(out)


def _md(text: str) -> str:
    text = text if len(text) <= 160 else text[:159] + "…"
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="mutants to run (default: all)")
    parser.add_argument("--all", action="store_true", help="run the whole suite per mutant")
    parser.add_argument("--list", action="store_true", help="show the mutants as diffs")
    parser.add_argument("--markdown", action="store_true", help="report as a Markdown table")
    parser.add_argument("--keep", type=Path, help="save each run's pytest output in this folder")
    args = parser.parse_args(argv)
    known = {m.id: m for m in MUTANTS}
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        parser.error(f"unknown mutant(s): {', '.join(unknown)} (known: {', '.join(known)})")
    chosen = [known[i] for i in args.ids] if args.ids else list(MUTANTS)
    if args.list:
        for m in chosen:
            print(f"## {m.id}{' (extra)' if m.extra else ''}: {m.what}\n")
            print(patch_text(m))
        return 0
    outcomes = []
    for m in chosen:
        print(f"... {m.id}", file=sys.stderr, flush=True)
        outcomes.append(run(m, args.all, args.keep))
    print(report(outcomes, args.markdown), end="")
    return 0 if all(o.status == "killed" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
