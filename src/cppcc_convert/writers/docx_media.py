"""Hyperlink and image relationships of the document part (python-docx only here and in
docx.py). Images are read only through ``resources.load_image``."""

from __future__ import annotations

import io
from typing import Any

from ..resources import LoadedImage
from . import WriteContext
from .docx_body import Picture

EMU_PER_INCH = 914400
EMU_PER_TWIP = 635


class PackageMedia:
    """Adds relationships to the main document part as the body writer meets them."""

    def __init__(self, part: Any, ctx: WriteContext, box: tuple[int, int]) -> None:
        self.part = part
        self.ctx = ctx
        self.box = box  # the largest picture, EMU (text width, most of the text height)

    def link(self, href: str) -> str:
        """The rId of an external hyperlink relationship (one per distinct address); ``href``
        is already checked and percent-encoded by the link policy."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rid: str = self.part.relate_to(href, RT.HYPERLINK, is_external=True)
        return rid

    def image(self, src: str, line: int | None) -> Picture | None:
        """The embedded picture, scaled to fit the text block keeping its aspect ratio."""
        loaded = self.ctx.image(src, line)
        if loaded is None:
            return None
        data = loaded.data
        if loaded.extension not in ("png", "jpg", "jpeg", "gif"):  # python-docx: no WebP
            data = _to_png(data)
        rid, image = self.part.get_or_add_image(io.BytesIO(data))
        cx, cy = fit(loaded, self.box)
        return Picture(rid, cx, cy, f"{loaded.stem}.{image.ext}")


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
