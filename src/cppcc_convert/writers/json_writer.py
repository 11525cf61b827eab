"""JSON writer: the model itself, as documented in docs/model.md."""

from __future__ import annotations

from ..model import Document
from . import WriteContext


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document model as UTF-8 JSON with stable key order."""
    return doc.to_json().encode("utf-8")
