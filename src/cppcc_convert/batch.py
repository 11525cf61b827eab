"""Planning a batch: which documents, and where each one's outputs go.

Folders are searched recursively; the output tree mirrors the input tree under the output
folder. Two inputs that would write the same output path are an error before anything is
written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import ConvertError

DEFAULT_GLOBS: tuple[str, ...] = ("*.md", "*.markdown", "*.txt")


def find_documents(root: Path, globs: Sequence[str] = DEFAULT_GLOBS) -> list[Path]:
    """Every document under ``root`` matching ``globs``, in a stable (sorted) order."""
    found = {p for g in globs for p in root.rglob(g) if p.is_file()}
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def plan_jobs(
    inputs: Sequence[Path],
    outdir: Path,
    formats: Sequence[str],
    editions: Sequence[str],
    *,
    globs: Sequence[str] = DEFAULT_GLOBS,
    stdin_text: str | None = None,
    stem: str | None = None,
) -> list:  # list[Job]; typed loosely to keep api <- batch imports one-way
    """One Job per document; folders expand to the documents inside them."""
    from .api import Job
    from .editions import output_name
    from .writers import EXTENSIONS

    jobs: list[Job] = []
    for item in inputs:
        if str(item) == "-":
            if stdin_text is None:
                raise ConvertError("'-' given but no standard input was read", code="usage")
            jobs.append(Job("<stdin>", outdir, stem or "stdin", stdin_text))
        elif item.is_dir():
            docs = find_documents(item, globs)
            if not docs:
                raise ConvertError(
                    f"no documents matching {', '.join(globs)} in this folder",
                    file=str(item),
                    code="usage",
                )
            for doc in docs:
                rel = doc.relative_to(item)
                jobs.append(Job(str(doc), outdir / rel.parent, doc.stem))
        else:
            jobs.append(Job(str(item), outdir, item.stem))
    claimed: dict[Path, str] = {}
    for job in jobs:
        for fmt in formats:
            for edition in editions:
                target = (job.out_dir / output_name(job.stem, edition, EXTENSIONS[fmt])).resolve()
                if target in claimed and claimed[target] != job.source:
                    raise ConvertError(
                        f"{job.source} and {claimed[target]} would both write {target}",
                        code="usage",
                    )
                claimed[target] = job.source
    return jobs
