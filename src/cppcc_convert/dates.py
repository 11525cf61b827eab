"""The one timestamp every writer stamps into its output, so outputs are reproducible.

SOURCE_DATE_EPOCH (option or environment) wins; otherwise the document's own date; otherwise a
constant. Never the current time.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime

from .model import Document
from .options import Options

FALLBACK = datetime(2000, 1, 1, tzinfo=UTC)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def environment_epoch() -> int | None:
    """SOURCE_DATE_EPOCH from this process's environment, if it is a number."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(env) if env.isdigit() else None


def with_environment(options: Options) -> Options:
    """``options`` with this process's SOURCE_DATE_EPOCH written in, for jobs that run on a
    worker elsewhere (a cluster node has an environment of its own)."""
    if options.source_date_epoch is not None:
        return options
    epoch = environment_epoch()
    return options if epoch is None else replace(options, source_date_epoch=epoch)


def build_time(doc: Document, options: Options) -> datetime:
    """The timestamp for outputs of ``doc`` (timezone-aware, UTC, whole seconds)."""
    epoch = options.source_date_epoch
    if epoch is None:
        epoch = environment_epoch()
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
