"""Hyperlink and image relationships of the document part (python-docx only here and in
docx.py). Images are read only through ``resources.load_image``."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote, urlsplit

from ..resources import LoadedImage, load_image
from . import WriteContext
from .docx_body import Picture

EMU_PER_INCH = 914400
EMU_PER_TWIP = 635
# Characters a relationship target may carry as they are; the rest is percent-encoded, as
# Word refuses to open a package whose hyperlink target is not a valid URI.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})


class PackageMedia:
    """Adds relationships to the main document part as the body writer meets them."""

    def __init__(self, part: Any, ctx: WriteContext, box: tuple[int, int]) -> None:
        self.part = part
        self.ctx = ctx
        self.box = box  # the largest picture, EMU (text width, most of the text height)

    def link(self, url: str) -> str | None:
        """The rId of an external hyperlink relationship (one per distinct URL)."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        target = quote(url.strip(), safe=_URL_SAFE)
        scheme = urlsplit(target).scheme.lower() if ":" in target else ""
        if not target or (scheme and scheme not in _LINK_SCHEMES):
            return None  # javascript:, file:, data: ... stay plain text, as in HTML and PDF
        rid: str = self.part.relate_to(target, RT.HYPERLINK, is_external=True)
        return rid

    def image(self, src: str, line: int | None) -> Picture | None:
        """The embedded picture, scaled to fit the text block keeping its aspect ratio."""
        loaded = load_image(src, self.ctx, line)
        if loaded is None:
            return None
        data = loaded.data
        if loaded.extension not in ("png", "jpg", "jpeg", "gif"):  # python-docx: no WebP
            data = _to_png(data)
        rid, image = self.part.get_or_add_image(io.BytesIO(data))
        cx, cy = fit(loaded, self.box)
        return Picture(rid, cx, cy, f"{loaded.path.stem}.{image.ext}")


def fit(img: LoadedImage, box: tuple[int, int]) -> tuple[int, int]:
    """The image's natural size (pixels at its dpi) shrunk, never enlarged, to fit ``box``."""
    cx = round(img.width * EMU_PER_INCH / img.dpi[0])
    cy = round(img.height * EMU_PER_INCH / img.dpi[1])
    scale = min(1.0, box[0] / max(cx, 1), box[1] / max(cy, 1))
    return max(1, round(cx * scale)), max(1, round(cy * scale))


def _to_png(data: bytes) -> bytes:
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as im:
        out = io.BytesIO()
        im.save(out, format="PNG")
    return out.getvalue()
