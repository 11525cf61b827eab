"""The images a document names: where they may be read from, and which are safe to embed.

Only regular files under the document's folder or a ``--resource-path`` folder are read, after
resolving symlinks (a symlink pointing out of those folders is refused unless
``Options.follow_symlinks``). URLs are never fetched. Special files, oversized files,
non-images, decompression bombs and images with absurd dimensions are refused with a warning;
the writer then prints the alt text. Each document has a budget for embedded images (each
image counted once; HTML counts every embedding, since a page repeats the bytes).

Reading is split from decoding so a job can carry its images to a worker on another machine:
``FileResources`` reads from disk (the client), ``PreloadedResources`` serves bytes read
earlier (the worker). ``scan_references`` finds the paths a document's text may name, so the
client can preload them. Neither this module nor its callers import a writer.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # beyond this an image is treated as a decompression bomb
MAX_IMAGE_SIDE = 30_000  # pixels; a 1 x 1,000,000 strip cannot be laid out on a page
DEFAULT_BUDGET = 64 * 1024 * 1024  # embedded image bytes per document

_MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}

Warn = Callable[[str, str, "int | None"], None]  # (code, message, line)


@dataclass(frozen=True)
class Problem:
    """Why an image cannot be used: a diagnostic code and message."""

    code: str
    message: str


@dataclass(frozen=True)
class LoadedImage:
    """An image that is safe to embed."""

    key: str  # the normalised relative path it was found under (stable across machines)
    data: bytes
    media_type: str  # image/png, image/jpeg, ...
    extension: str  # png, jpg, ...
    width: int  # pixels
    height: int
    dpi: tuple[float, float]

    @property
    def stem(self) -> str:
        """The file name without its extension (for names inside packages)."""
        return posixpath.splitext(posixpath.basename(self.key))[0] or "image"


def image_key(src: str) -> str | Problem:
    """The normalised relative path an image ``src`` names, or why it names none."""
    src = src.strip()
    if not src:
        return Problem("image-missing", "image without a path")
    try:
        parts = urlsplit(src)
    except ValueError:
        return Problem("image-missing", f"image {src!r}: not a valid path")
    if parts.scheme and len(parts.scheme) > 1:  # "c:" is a Windows drive, not a scheme
        if parts.scheme.lower() != "file":
            return Problem("image-remote", f"image {src!r} is not a local file (never fetched)")
        src = parts.path
    elif src.startswith("//"):
        return Problem("image-remote", f"image {src!r} is not a local file (never fetched)")
    path = unquote(src.split("#", 1)[0].split("?", 1)[0]) if not parts.scheme else unquote(src)
    path = path.replace("\\", "/")
    if not path:
        return Problem("image-missing", "image without a path")
    return posixpath.normpath(path)


class Resources(Protocol):
    """Where a writer gets image bytes from."""

    def read(self, key: str) -> bytes | Problem:
        """The bytes of the file a normalised key names, or why it cannot be read."""
        ...


@dataclass
class FileResources:
    """Reads images from disk under ``roots`` (the document's folder first)."""

    roots: tuple[Path, ...]
    follow_symlinks: bool = False

    def read(self, key: str) -> bytes | Problem:
        if not self.roots:
            return Problem("image-denied", f"image {key!r}: no folder to read images from")
        outside = 0
        for root in self.roots:
            found = _read_under(root, key, self.follow_symlinks)
            if isinstance(found, bytes):
                return found
            if found.code == "image-denied":
                outside += 1
            elif found.code != "image-missing":
                return found
        if outside == len(self.roots):
            return Problem("image-denied", f"image {key!r} is outside the allowed folders")
        return Problem("image-missing", f"image {key!r} not found")


def _read_under(root: Path, key: str, follow: bool) -> bytes | Problem:
    try:
        base = root.resolve()
        lexical = Path(os.path.normpath(key if os.path.isabs(key) else base / key))
        if not lexical.is_relative_to(base):
            return Problem("image-denied", f"image {key!r} is outside the allowed folders")
        target = lexical.resolve(strict=True)
        if not follow and not target.is_relative_to(base):
            return Problem("image-denied", f"image {key!r} is a symlink out of {root}")
        info = target.stat()
    except FileNotFoundError:
        return Problem("image-missing", f"image {key!r} not found")
    except (OSError, RuntimeError) as exc:  # symlink loops, permissions, names too long
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Problem("image-unreadable", f"image {key!r} cannot be read: {reason}")
    if not stat.S_ISREG(info.st_mode):
        return Problem("image-unreadable", f"image {key!r} is not a regular file")
    if info.st_size > MAX_IMAGE_BYTES:
        return Problem("image-too-large", f"image {key!r} is larger than 20 MB")
    try:
        with target.open("rb") as fh:
            data = fh.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        return Problem("image-unreadable", f"image {key!r} cannot be read: {exc.strerror}")
    if len(data) > MAX_IMAGE_BYTES:
        return Problem("image-too-large", f"image {key!r} is larger than 20 MB")
    return data


@dataclass
class PreloadedResources:
    """Images read earlier (by ``preload``), carried with a job to wherever it runs."""

    files: dict[str, bytes | Problem] = field(default_factory=dict)

    def read(self, key: str) -> bytes | Problem:
        found = self.files.get(key)
        if found is None:
            return Problem("image-missing", f"image {key!r} not found")
        return found


# Image paths as Markdown and HTML write them. Inline images are found by matching brackets
# (``_brackets``); reference definitions and HTML ``src`` attributes by these patterns.
_BRACKETS = re.compile(r"\\.|!\[|\[|\]", re.DOTALL)
_DEFINITION = re.compile(
    r"^[ \t>]*\[[^\]\n]+\]:[ \t]*(?:\n[ \t>]*)?(?:<([^>\n]*)>|(\S+))", re.MULTILINE
)
_SRC = re.compile(r"""\bsrc[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape
_MAX_DESTINATION = 4096  # characters: a longer image path is no path a file system holds
_MAX_OPEN = 10_000  # unclosed brackets remembered: deeper ones are text, not images


def _destination(text: str, pos: int) -> str | None:
    """The link destination starting at ``pos`` (just after ``](``), as CommonMark reads
    it: ``<…>`` (spaces allowed), or a run without spaces whose parentheses balance."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos < len(text) and text[pos] == "\n":
        pos += 1
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    if text.startswith("<", pos):
        end = text.find(">", pos + 1, pos + 1 + _MAX_DESTINATION)
        if end < 0 or "\n" in text[pos:end]:
            return None
        return text[pos + 1 : end]
    depth, start = 0, pos
    limit = min(len(text), pos + _MAX_DESTINATION)
    while pos < limit:
        ch = text[pos]
        if ch == "\\" and pos + 1 < limit:
            pos += 2
            continue
        if ch.isspace() or (ch == ")" and depth == 0):
            break
        depth += {"(": 1, ")": -1}.get(ch, 0)
        pos += 1
    return text[start:pos] or None


def _inline_images(text: str) -> Iterator[str]:
    """The destination of every ``![alt](…)``: brackets are matched in one pass, so the
    alt text may hold brackets, and the cost stays linear whatever the text."""
    opened: list[bool] = []  # for each open bracket: does it start an image?
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token == "]":
            if opened and opened.pop() and text.startswith("(", match.end()):
                found = _destination(text, match.end() + 1)
                if found is not None:
                    yield found
        elif token in ("![", "["):
            if len(opened) >= _MAX_OPEN:
                del opened[: _MAX_OPEN // 2]
            opened.append(token == "![")


def _spellings(src: str) -> set[str]:
    """The paths ``src`` may stand for once Markdown escapes and HTML entities are read."""
    import html

    plain = _ESCAPED.sub(r"\1", src)
    return {src, plain, html.unescape(src), html.unescape(plain)}


def scan_references(text: str) -> list[str]:
    """Every image path the text may name (a superset: also link targets of reference
    definitions), normalised, in first-seen order."""
    found: list[str] = list(_inline_images(text))
    for pattern in (_DEFINITION, _SRC):
        for match in pattern.finditer(text):
            found.append(next(g for g in match.groups() if g is not None))
    keys: dict[str, None] = {}
    for src in found:
        for spelling in sorted(_spellings(src)):
            key = image_key(spelling)
            if isinstance(key, str):
                keys.setdefault(key)
    return list(keys)


def preload(keys: Iterable[str], source: Resources) -> PreloadedResources:
    """Read every key that names a readable file (the rest are left out: not found)."""
    files: dict[str, bytes | Problem] = {}
    for key in keys:
        found = source.read(key)
        if isinstance(found, bytes) or found.code != "image-missing":
            files[key] = found
    return PreloadedResources(files)


# ------------------------------------------------------------------ decoding


@dataclass
class ImageCache:
    """Every image of one document, read and checked once (shared by all its outputs)."""

    resources: Resources
    found: dict[str, LoadedImage | Problem] = field(default_factory=dict)

    def get(self, key: str) -> LoadedImage | Problem:
        """The checked image a normalised key names, or why there is none."""
        result = self.found.get(key)
        if result is None:
            data = self.resources.read(key)
            result = data if isinstance(data, Problem) else decode_image(key, data)
            self.found[key] = result
        return result


@dataclass
class ImageLoader:
    """Hands one writer the images of its document, within the document's budget."""

    cache: ImageCache
    warn: Warn
    budget: int = DEFAULT_BUDGET
    spent: int = 0
    seen: set[str] = field(default_factory=set)

    def load(
        self, src: str, line: int | None = None, *, repeat_costs: bool = False
    ) -> LoadedImage | None:
        """The image ``src`` names, or None (and a warning) when it cannot be embedded.

        ``repeat_costs``: this embedding costs its bytes again even if the image was used
        before (a standalone HTML page repeats each data: URI)."""
        key = image_key(src)
        if isinstance(key, Problem):
            self.warn(key.code, key.message, line)
            return None
        found = self.cache.get(key)
        if isinstance(found, Problem):
            self.warn(found.code, found.message, line)
            return None
        if key not in self.seen or repeat_costs:
            if self.spent + len(found.data) > self.budget:
                limit = self.budget // (1024 * 1024)
                message = f"image {src!r} left out: the document's images pass {limit} MB"
                self.warn("image-budget", message, line)
                return None
            self.spent += len(found.data)
            self.seen.add(key)
        return found


def decode_image(key: str, data: bytes) -> LoadedImage | Problem:
    """Check that ``data`` is a whole, sane image of a format every writer embeds."""
    from io import BytesIO

    from PIL import Image as PILImage

    try:
        with PILImage.open(BytesIO(data)) as im:
            fmt = im.format or ""
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                return Problem(
                    "image-bomb", f"image {key!r} has too many pixels ({width}x{height})"
                )
            if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
                return Problem("image-size", f"image {key!r} is {width}x{height} pixels: too long")
            info = dict(im.info)
            mode = im.mode
            im.load()  # a truncated or corrupt file fails here, not in a writer
    except PILImage.DecompressionBombError:  # Pillow refuses past 2 x its own limit, first
        return Problem("image-bomb", f"image {key!r} has too many pixels")
    except Exception as exc:  # any decoder failure means "not an image we can use"
        return Problem("image-unreadable", f"image {key!r} cannot be read: {exc}")
    if fmt not in _MEDIA_TYPES:
        return Problem("image-format", f"image {key!r}: unsupported format {fmt or 'unknown'}")
    ext = "jpg" if fmt == "JPEG" else fmt.lower()
    dpi = _dpi(info.get("dpi"))
    if fmt == "JPEG":
        try:
            data = _plain_jpeg(data, mode, dpi)
        except Exception as exc:
            return Problem("image-unreadable", f"image {key!r} cannot be read: {exc}")
    return LoadedImage(key, data, _MEDIA_TYPES[fmt], ext, width, height, dpi)


def _plain_jpeg(data: bytes, mode: str, dpi: tuple[float, float]) -> bytes:
    """A JPEG every writer embeds and every reader shows alike: CMYK and YCCK (whose colours
    readers invert differently) re-encoded as RGB; a JPEG without a JFIF or Exif header
    (Adobe's APP14 first, or no APP segment at all), which python-docx cannot size, gets a
    JFIF header. Other JPEGs are kept byte for byte."""
    from io import BytesIO

    from PIL import Image as PILImage

    if mode not in ("L", "RGB"):
        with PILImage.open(BytesIO(data)) as im:
            out = BytesIO()
            density = (round(dpi[0]), round(dpi[1]))
            im.convert("RGB").save(out, "JPEG", quality=92, dpi=density)
        return out.getvalue()
    if data[6:10] in (b"JFIF", b"Exif"):
        return data
    x, y = (max(1, min(65535, round(v))) for v in dpi)
    jfif = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x01" + struct.pack(">HH", x, y) + b"\x00\x00"
    return data[:2] + jfif + data[2:]


def _dpi(value: object) -> tuple[float, float]:
    """A usable resolution from an image's metadata: garbage, zero, negative or absurd values
    (EXIF says anything) mean the web's 96 dpi."""
    try:
        x, y = (float(v) for v in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return (96.0, 96.0)
    ok = all(v == v and 1.0 <= v <= 10_000.0 for v in (x, y))  # v == v: not NaN
    return (x, y) if ok else (96.0, 96.0)
