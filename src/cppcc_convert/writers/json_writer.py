"""JSON writer: the model itself, as documented in docs/model.md.

The diagnostics' ``file`` is the input's name without its folders, so the output is the same
whether the input was named ``a.md``, ``./a.md``, ``in/a.md`` or ``/work/in/a.md``, from
whichever folder.
"""

from __future__ import annotations

import os
from dataclasses import replace

from .. import model_json
from ..model import Document
from ..spool import Spool
from . import WriteContext


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The document model as UTF-8 JSON with stable key order."""
    return write_spooled(doc, ctx).getvalue()


def write_spooled(doc: Document, ctx: WriteContext) -> Spool:
    """``write``'s bytes in a spool (the writer table's entry: a large document's JSON is
    held deflated, see spool.py)."""
    diagnostics = tuple(
        replace(d, file=os.path.basename(d.file)) if d.file else d for d in doc.diagnostics
    )
    out = Spool()
    model_json.dump_to(out, doc.meta, doc.blocks, diagnostics)
    out.close()
    return out
