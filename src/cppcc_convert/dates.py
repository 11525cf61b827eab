"""The one timestamp every writer stamps into its output, so outputs are reproducible.

SOURCE_DATE_EPOCH (option or environment) wins; otherwise the document's own date; otherwise a
constant. Never the current time.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from .model import Document
from .options import Options

FALLBACK = datetime(2000, 1, 1, tzinfo=UTC)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def build_time(doc: Document, options: Options) -> datetime:
    """The timestamp for outputs of ``doc`` (timezone-aware, UTC, whole seconds)."""
    epoch = options.source_date_epoch
    if epoch is None:
        env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if env.isdigit():
            epoch = int(env)
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=UTC)
    match = _DATE.search(doc.meta.date)
    if match:
        try:
            year, month, day = (int(g) for g in match.groups())
            return datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            pass
    return FALLBACK
