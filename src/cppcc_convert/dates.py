"""The one timestamp every writer stamps into its output, so outputs are reproducible.

SOURCE_DATE_EPOCH (option or environment) wins; otherwise the document's own date; otherwise a
constant. Never the current time.

SOURCE_DATE_EPOCH must be what ``date +%s`` prints (reproducible-builds.org): a whole,
non-negative number of seconds. Anything else (``abc``, ``1.5``, ``1e10``, ``-1``), or a moment
after the year 9999 (no writer's date format has room for it), is a usage error naming the
value, found before anything is converted. Every moment up to 9999-12-31 is kept as it is in
the formats' own date fields; a ZIP container (DOCX, EPUB) can date its entries only from
1980 to 2107, so ``zip_stamp`` clamps to that range.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime

from .errors import UsageError
from .model import Document
from .options import Options

FALLBACK = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
# A four-digit year 1000-9999 that is not the tail of a longer number, then month and day.
_DATE = re.compile(r"(?<!\d)([1-9]\d{3})[-/.年](\d{1,2})[-/.月](\d{1,2})(?!\d)")
_EPOCH = re.compile(r"[0-9]+")
# What the DOS date fields of a ZIP entry can hold (two-second resolution).
ZIP_FIRST = (1980, 1, 1, 0, 0, 0)
ZIP_LAST = (2107, 12, 31, 23, 59, 58)
_ZIP_FIRST_DT = datetime(*ZIP_FIRST, tzinfo=UTC)
_ZIP_LAST_DT = datetime(*ZIP_LAST, tzinfo=UTC)


def parse_epoch(value: str, what: str = "SOURCE_DATE_EPOCH") -> int:
    """``value`` as seconds since 1970, or a UsageError saying what is wrong with it."""
    text = value.strip()
    if not _EPOCH.fullmatch(text):
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise UsageError(
            f"{what}={shown!r} is not a whole number of seconds since 1970-01-01 "
            "(what `date +%s` prints)"
        )
    if len(text) > 20 or int(text) > int(LATEST.timestamp()):
        raise UsageError(f"{what}={text[:40]} is after the year 9999")
    return int(text)


def epoch_from_env() -> int | None:
    """SOURCE_DATE_EPOCH from the environment, checked (None when unset or empty)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return parse_epoch(value) if value.strip() else None


def check_epoch(options: Options) -> int | None:
    """The SOURCE_DATE_EPOCH in force (``Options.source_date_epoch``, else the environment),
    or the UsageError an odd value deserves: called once before anything is converted."""
    if options.source_date_epoch is not None:
        return parse_epoch(str(options.source_date_epoch), "source_date_epoch")
    return epoch_from_env()


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
    """The timestamp for outputs of ``doc`` (timezone-aware, UTC, whole seconds, between
    the years 1000 and 9999)."""
    epoch = check_epoch(options)
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


def zip_stamp(when: datetime) -> tuple[int, int, int, int, int, int]:
    """``when`` as a ZIP entry's date and time, clamped to 1980-2107 (all a ZIP can hold)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when <= _ZIP_FIRST_DT:
        return ZIP_FIRST
    if when >= _ZIP_LAST_DT:
        return ZIP_LAST
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)
