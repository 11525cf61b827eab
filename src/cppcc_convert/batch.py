"""Planning a batch: which documents, where each one's outputs go, and the path rules.

Reads: folders are walked without following symlinked folders; a document or folder that is a
symlink pointing out of its input folder is skipped with a warning unless ``follow_symlinks``
(then each folder outside is read once: loops end); special files (FIFOs, devices, anything
under /proc, /sys, /dev) are refused before anything reads them, and again on the open file.
Writes: every output path, after resolving symlinks already in the tree, must lie inside the
output folder; stems are plain file names; no output may replace an input, the manifest
or another output. All of it is checked before anything is written.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import ConvertError, OutputError, UsageError
from .locale import output_name
from .model import Diagnostic
from .text import one_line

DEFAULT_GLOBS: tuple[str, ...] = ("*.md", "*.markdown", "*.txt")
STDIN = "-"
_SYSTEM_TREES = (Path("/proc"), Path("/sys"), Path("/dev"))
_PATH_MAX = 4096  # bytes, Linux: a longer path cannot be opened


@dataclass(frozen=True)
class Target:
    """One output file of a document."""

    format: str
    edition: str
    path: Path


@dataclass
class Planned:
    """One document of the batch: where it comes from, where its outputs go."""

    source: str  # as the user named it (messages print this)
    path: Path | None  # None: standard input
    out_dir: Path
    stem: str
    targets: list[Target] = field(default_factory=list)


@dataclass
class Plan:
    """The whole batch, and what planning had to say (skipped files, empty folders)."""

    documents: list[Planned]
    notes: list[Diagnostic] = field(default_factory=list)


def check_glob(pattern: str) -> str:
    """A folder pattern may not climb out of the folder or be absolute."""
    parts = PurePosixPath(pattern.replace("\\", "/")).parts
    if not pattern.strip() or pattern.startswith(("/", "\\")) or ".." in parts:
        raise UsageError(f"--glob {pattern!r}: a pattern inside the folder, like *.md")
    return pattern


def check_stem(stem: str) -> str:
    """An output stem is a plain file name: no folders, no ``..``, nothing absolute."""
    if (
        not stem
        or stem in (".", "..")
        or any(c in stem for c in "/\\\0")
        or one_line(stem) != stem
        or len(stem.encode("utf-8", "surrogatepass")) > 200
    ):
        raise UsageError(
            f"--stem {one_line(stem)!r}: a plain file name (no folders), at most 200 bytes"
        )
    return stem


def _in_system_tree(path: Path) -> bool:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(resolved.is_relative_to(tree) for tree in _SYSTEM_TREES)


def special_reason(path: Path) -> str | None:
    """Why ``path`` is not a document we may read (a FIFO, a device, /proc…), or None."""
    try:
        resolved = path.resolve(strict=True)
        info = resolved.stat()
    except FileNotFoundError:
        return "no such file"
    except (OSError, RuntimeError) as exc:  # symlink loops, names too long, permissions
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "cannot be read"
        return reason.lower() if reason else "cannot be read"
    tree = next((t for t in _SYSTEM_TREES if resolved.is_relative_to(t)), None)
    if stat.S_ISDIR(info.st_mode):
        return f"in {tree}, a system folder: refused" if tree else "is a directory, not a document"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a FIFO or device?): refused"
    if tree is not None:
        return f"in {tree}, a system folder: refused"
    return None


def find_documents(
    root: Path, globs: Sequence[str] = DEFAULT_GLOBS, *, follow_symlinks: bool = False
) -> tuple[list[Path], list[str]]:
    """Every document under ``root`` matching ``globs`` (sorted), and why others were skipped."""
    base = root.resolve()
    found: list[Path] = []
    skipped: list[str] = []
    seen: set[Path] = {base}
    for folder, dirs, files in os.walk(root, followlinks=follow_symlinks):
        dirs.sort()
        for name in list(dirs):  # symlinked folders: skipped, or followed once each
            sub = Path(folder, name)
            if not sub.is_symlink():
                continue
            try:
                target = sub.resolve(strict=True)
            except (OSError, RuntimeError):
                skipped.append(f"{sub}: broken or looping symlink, skipped")
                dirs.remove(name)
                continue
            if not follow_symlinks:
                if not target.is_relative_to(base):
                    skipped.append(
                        f"{sub}: a symlink to the folder {target}, outside {root}; skipped "
                        "(--follow-symlinks reads it)"
                    )
                dirs.remove(name)  # inside the root: its documents are found where they are
            elif any(target.is_relative_to(s) for s in seen):
                dirs.remove(name)  # inside a folder read anyway (or a loop)
            else:
                seen.add(target)
        for name in sorted(files):
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs):
                continue
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                skipped.append(f"{path}: broken or looping symlink, skipped")
                continue
            if not target.is_relative_to(base) and not follow_symlinks:
                skipped.append(
                    f"{path}: a symlink to {target}, outside {root}; skipped "
                    "(--follow-symlinks reads it)"
                )
                continue
            reason = special_reason(path)
            if reason is not None:
                skipped.append(f"{path}: {reason}; skipped")
                continue
            found.append(path)
    found.sort(key=lambda p: p.relative_to(root).as_posix())  # one order on every system
    return found, skipped


def plan(
    inputs: Sequence[str],
    outdir: Path,
    formats: Sequence[str],
    editions: Sequence[str],
    extensions: dict[str, str],
    *,
    globs: Sequence[str] = DEFAULT_GLOBS,
    stem: str | None = None,
    follow_symlinks: bool = False,
    single_output: Path | None = None,
) -> Plan:
    """One ``Planned`` per document; folders expand to the documents inside them."""
    for pattern in globs:
        check_glob(pattern)
    if stem is not None:
        check_stem(stem)
    docs: list[Planned] = []
    notes: list[Diagnostic] = []
    for item in inputs:
        if item == STDIN:
            docs.append(Planned("<stdin>", None, outdir, stem or "stdin"))
            continue
        path = Path(item)
        if path.is_dir() and not _in_system_tree(path):
            found, skipped = find_documents(path, globs, follow_symlinks=follow_symlinks)
            notes += [Diagnostic("warning", "input-skipped", s, None, item) for s in skipped]
            if not found:
                message = f"no documents matching {', '.join(globs)} in this folder"
                notes.append(Diagnostic("warning", "input-empty", message, None, item))
            for found_path in found:
                rel = found_path.relative_to(path)
                docs.append(
                    Planned(str(found_path), found_path, outdir / rel.parent, found_path.stem)
                )
        else:
            docs.append(Planned(item, path, outdir, stem or path.stem))
    for doc in docs:
        if single_output is not None:
            doc.targets = [Target(formats[0], editions[0], single_output)]
        else:
            doc.targets = [
                Target(f, e, doc.out_dir / output_name(doc.stem, e, extensions[f]))
                for f in formats
                for e in editions
            ]
    return Plan(docs, notes)


def _shown(path: Path | str) -> str:
    """A path for a message: one line, at most about 100 characters."""
    text = one_line(str(path))
    return text if len(text) <= 100 else f"{text[:60]}…{text[-39:]}"


def _resolve_loosely(path: Path, error: type[ConvertError] = UsageError) -> Path:
    """``path`` with symlinks resolved as far as it exists (the rest taken literally);
    ``error`` for a path that cannot be (a usage error, or an output fault for the folder)."""
    if len(os.fsencode(path)) >= _PATH_MAX:
        raise error(f"cannot use output path {_shown(path)}: the path is too long")
    try:
        return path.resolve(strict=False)
    except RuntimeError:  # Python 3.11-3.12: a symlink loop
        raise error(f"cannot use output path {_shown(path)}: symlink loop") from None
    except OSError as exc:
        reason = "symlink loop" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise error(f"cannot use output path {_shown(path)}: {reason.lower()}") from None


def _resolve_in(path: Path, folders: dict[Path, Path]) -> Path:
    """``_resolve_loosely(path)``, with the folder resolved once for all its files (``folders``
    remembers them): 16 outputs a document share one folder. The name is appended as it is
    unless it is a symlink, ``.``/``..``, or cannot be looked at: those, a path too long and
    a folder that cannot be resolved take the whole path's way (same result, same message)."""
    name = path.name
    if name in ("", ".", "..") or len(os.fsencode(path)) >= _PATH_MAX:
        return _resolve_loosely(path)
    folder = folders.get(path.parent)
    if folder is None:
        try:
            folder = folders[path.parent] = _resolve_loosely(path.parent)
        except UsageError:
            return _resolve_loosely(path)
    where = folder / name
    try:
        if stat.S_ISLNK(os.lstat(where).st_mode):
            return _resolve_loosely(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        return _resolve_loosely(path)
    return where


def check_outputs(plan_: Plan, outdir: Path, manifest: Path | None) -> None:
    """Refuse, before anything is written: outputs outside ``outdir`` (through ``..``, a
    symlink in the tree…), outputs that would replace an input or the manifest, two outputs
    with one path, names longer than the file system allows."""
    root = _resolve_loosely(outdir, OutputError)  # the output folder itself: exit 4
    inputs: dict[Path, str] = {}
    for doc in plan_.documents:
        if doc.path is not None:
            inputs[_resolve_loosely(doc.path)] = doc.source
    manifest_at = _resolve_loosely(manifest) if manifest is not None else None
    claimed: dict[Path, str] = {}
    folders: dict[Path, Path] = {}
    for doc in plan_.documents:
        for target in doc.targets:
            where = _resolve_in(target.path, folders)
            name = target.path.name
            if len(name.encode("utf-8", "surrogatepass")) > 255:
                raise UsageError(f"{doc.source}: output name {name[:40]!r}… is too long")
            if not where.is_relative_to(root):
                raise UsageError(
                    f"{doc.source}: output {target.path} would be written outside the output "
                    f"folder {outdir}"
                )
            if where in inputs:
                raise UsageError(
                    f"{doc.source}: output {target.path} would replace the input {inputs[where]}"
                )
            if manifest_at is not None and where == manifest_at:
                raise UsageError(f"the manifest {manifest} would replace the output {target.path}")
            other = claimed.get(where)
            if other is not None and other != doc.source:
                raise UsageError(f"{doc.source} and {other} would both write {target.path}")
            claimed[where] = doc.source
    if manifest_at is not None and manifest_at in inputs:
        raise UsageError(f"the manifest {manifest} would replace the input {inputs[manifest_at]}")


def check_writable(folder: Path) -> None:
    """The output folder can be made and written: found out before anything is rendered
    (exit 4, docs/cli.md). Refused: a file where a folder must be, a broken or looping
    symlink, a system folder (/proc, /sys, /dev), a read-only file system, a folder we may not
    write; then a real probe (a temporary folder made and removed in the nearest existing
    ancestor), since permission bits are not everything."""
    resolved = _resolve_loosely(folder, OutputError)  # names too long, symlink loops
    try:
        _check_writable(folder, resolved)
    except OSError as exc:
        raise OutputError(f"output folder {_shown(folder)}: {exc.strerror or exc}") from None


def _check_writable(folder: Path, resolved: Path) -> None:
    shown = _shown(folder)
    probe = folder
    while not (probe.exists() or probe.is_symlink()) and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputError(f"output folder {shown}: {_shown(probe)} is a file, not a folder")
    if probe.is_symlink() and not probe.exists():
        raise OutputError(f"output folder {shown}: {_shown(probe)} is a broken or looping symlink")
    if any(resolved.is_relative_to(tree) for tree in _SYSTEM_TREES):
        raise OutputError(f"output folder {shown}: {_shown(resolved)} is in a system folder")
    try:
        read_only = bool(os.statvfs(probe).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        read_only = False
    if read_only:
        raise OutputError(f"output folder {shown}: {_shown(probe)} is on a read-only file system")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".cppcc-probe-", dir=probe))
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise OutputError(
            f"output folder {shown}: cannot write in {_shown(probe)}: {reason}"
        ) from None
