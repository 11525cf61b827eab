"""Finding the images a document names, safely.

Only local files under the input document's folder, or folders the user allows
(``Options.resource_paths``), are ever read. URLs (no network, ever), ``../`` escapes, absolute
paths elsewhere, symlinks pointing outside, non-images and decompression bombs are refused with
a warning; the writer then prints the image's alt text instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .writers import WriteContext

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # beyond this an image is treated as a decompression bomb

_MEDIA_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}


@dataclass(frozen=True)
class LoadedImage:
    """An image that is safe to embed."""

    path: Path
    data: bytes
    media_type: str  # image/png, image/jpeg, ...
    extension: str  # png, jpeg, ...
    width: int  # pixels
    height: int
    dpi: tuple[float, float]


def _allowed_roots(ctx: WriteContext) -> list[Path]:
    roots = [ctx.base_dir] if ctx.base_dir is not None else []
    roots += list(ctx.options.resource_paths)
    return [r.resolve() for r in roots]


def load_image(src: str, ctx: WriteContext, line: int | None = None) -> LoadedImage | None:
    """The image at ``src`` if it may be read and is a real image; else None and a warning."""
    if not src:
        ctx.warn("image-missing", "image without a path", line)
        return None
    parts = urlsplit(src)
    if parts.scheme and len(parts.scheme) > 1:  # "c:" is a Windows drive, not a scheme
        if parts.scheme != "file":
            ctx.warn("image-remote", f"image {src!r} is not a local file (never fetched)", line)
            return None
        src = unquote(parts.path)
    roots = _allowed_roots(ctx)
    if not roots:
        ctx.warn("image-denied", f"image {src!r}: no folder to read images from", line)
        return None
    candidate = Path(src)
    for root in roots:
        path = (candidate if candidate.is_absolute() else root / candidate).resolve()
        if any(path.is_relative_to(r) for r in roots) and path.is_file():
            return _read_image(path, src, ctx, line)
    outside = [
        p
        for p in (
            (candidate if candidate.is_absolute() else r / candidate).resolve() for r in roots
        )
        if not any(p.is_relative_to(r) for r in roots)
    ]
    if outside and len(outside) == len(roots):
        ctx.warn("image-denied", f"image {src!r} is outside the allowed folders", line)
    else:
        ctx.warn("image-missing", f"image {src!r} not found", line)
    return None


def _read_image(path: Path, src: str, ctx: WriteContext, line: int | None) -> LoadedImage | None:
    from io import BytesIO

    from PIL import Image as PILImage

    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            ctx.warn("image-too-large", f"image {src!r} is larger than 20 MB", line)
            return None
        data = path.read_bytes()
        with PILImage.open(BytesIO(data)) as im:
            fmt = im.format or ""
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                ctx.warn(
                    "image-bomb", f"image {src!r} has too many pixels ({width}x{height})", line
                )
                return None
            im.verify()
            dpi = im.info.get("dpi", (96.0, 96.0))
    except PILImage.DecompressionBombError:  # Pillow refuses past 2 x its own limit, first
        ctx.warn("image-bomb", f"image {src!r} has too many pixels", line)
        return None
    except Exception as exc:  # any decoder failure means "not an image we can use"
        ctx.warn("image-unreadable", f"image {src!r} cannot be read: {exc}", line)
        return None
    if fmt not in _MEDIA_TYPES:
        ctx.warn("image-format", f"image {src!r}: unsupported format {fmt or 'unknown'}", line)
        return None
    try:
        dpi_pair = (float(dpi[0]) or 96.0, float(dpi[1]) or 96.0)
    except (TypeError, ValueError, IndexError):
        dpi_pair = (96.0, 96.0)
    ext = "jpg" if fmt == "JPEG" else fmt.lower()
    return LoadedImage(path, data, _MEDIA_TYPES[fmt], ext, width, height, dpi_pair)
