"""Hyperlink and image relationships of the document part (python-docx only here and in
docx.py). Images are read only through ``resources.load_image``."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from ..resources import LoadedImage
from . import WriteContext
from .docx_xml import Picture

EMU_PER_INCH = 914400
EMU_PER_TWIP = 635


class PackageMedia:
    """Adds relationships to the main document part as the body writer meets them."""

    def __init__(self, part: Any, ctx: WriteContext, box: tuple[int, int]) -> None:
        self.part = part
        self.ctx = ctx
        self.box = box  # the largest picture, EMU (text width, most of the text height)
        # python-docx finds an existing relationship, and the next free rId, by a walk over
        # all of them: per link, so a document of n links cost n squared (8,192 links: 16 s).
        self._links: dict[str, str] | None = None
        self._next = 1
        self._images: dict[bytes, tuple[str, Any]] = {}

    def link(self, href: str) -> str:
        """The rId of an external hyperlink relationship (one per distinct address); ``href``
        is already checked and percent-encoded by the link policy."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rels = self.part.rels
        if self._links is None:  # those of a reference document, once
            self._links = {
                rel.target_ref: rid
                for rid, rel in rels.items()
                if rel.is_external and rel.reltype == RT.HYPERLINK
            }
        rid = self._links.get(href)
        if rid is None:
            while f"rId{self._next}" in rels:
                self._next += 1
            rid = f"rId{self._next}"
            rels.add_relationship(RT.HYPERLINK, href, rid, is_external=True)
            self._links[href] = rid
        return rid

    def image(self, src: str, line: int | None) -> Picture | None:
        """The embedded picture, scaled to fit the text block keeping its aspect ratio."""
        loaded = self.ctx.image(src, line)
        if loaded is None:
            return None
        data = loaded.data
        if loaded.extension not in ("png", "jpg", "jpeg", "gif"):  # python-docx: no WebP
            data = _to_png(data)
        key = hashlib.sha256(data).digest()
        if key not in self._images:  # python-docx's own look-up walks every relationship
            self._images[key] = self.part.get_or_add_image(io.BytesIO(data))
        rid, image = self._images[key]
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
