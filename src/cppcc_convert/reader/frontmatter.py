"""YAML front matter -> ``Meta``: title, subtitle, author(s), date, lang, source; every other
key is kept in ``Meta.extra`` as JSON data. Front matter always wins over anything inferred.

The YAML is untrusted: parse errors name the line, alias bombs and deep nesting are refused,
characters XML cannot hold are removed (reported), non-finite floats become strings (JSON has
none), and ``lang`` must be a BCP 47 tag (``zh_CN`` is accepted as ``zh-CN``; ``中文`` is
refused with a warning).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from ..locale import DEFAULT_TAG, normalize_tag
from ..model import Author, Meta
from ..official import KEYS as OFFICIAL_KEYS
from ..official import from_front_matter
from ..text import char_name, is_xml_illegal

Warn = Callable[[str, str, int], None]  # (code, message, line)

MAX_VALUES = 10_000
MAX_DEPTH = 32
KNOWN = frozenset({"title", "subtitle", "author", "authors", "date", "lang", "source"})


def parse_front_matter(source: str, line: int, file: str | None) -> dict[str, Any]:
    """The front matter's mapping; an InputError naming the line when it is not one."""
    import yaml

    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + 1 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"bad YAML front matter: {problem}", file=file, line=where) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # 2024-13-45, [[[[...]]]]
        problem = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(f"bad YAML front matter: {problem}", file=file, line=line) from None
    if not isinstance(data, dict):
        raise InputError("YAML front matter must be a mapping", file=file, line=line)
    _check_size(data, line, file)
    return data


def _check_size(data: Any, line: int, file: str | None) -> None:
    """Refuse alias bombs ("billion laughs") and self-referencing aliases before anything
    walks the values: YAML aliases share nodes, so a few lines can expand exponentially."""
    count, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES or depth > MAX_DEPTH:
            raise InputError(
                "YAML front matter too large or nested too deeply (aliases?)", file=file, line=line
            )
        if isinstance(value, dict):
            stack += [(v, depth + 1) for item in value.items() for v in item]
        elif isinstance(value, list | tuple | set | frozenset):
            stack += [(v, depth + 1) for v in value]


def as_text(value: Any) -> str:
    """A front-matter value as text (a YAML date as ``YYYY-MM-DD``; None as ``""``)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return "" if value is None else str(value)


def _authors(value: Any) -> tuple[Author, ...]:
    items = value if isinstance(value, list) else [value]
    out: list[Author] = []
    for item in items:
        if isinstance(item, dict):
            out.append(Author(as_text(item.get("name")), as_text(item.get("role"))))
        elif item:
            out.append(Author(as_text(item)))
    return tuple(out)


def jsonable(value: Any) -> Any:
    """``value`` as JSON data (keys as strings, dates as text, no NaN or Infinity)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity (json.dumps would write them anyway)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return as_text(value)


def _clean_strings(value: Any, bad: list[str]) -> Any:
    """``value`` without characters XML cannot hold, collected in ``bad``: YAML escapes such
    as "\\0" or "\\ud800" bypass the whitespace repair, which sees only the raw text."""
    if isinstance(value, str):
        if any(is_xml_illegal(ch) for ch in value):
            bad += [ch for ch in value if is_xml_illegal(ch)]
            return "".join(ch for ch in value if not is_xml_illegal(ch))
        return value
    if isinstance(value, dict):
        return {_clean_strings(k, bad): _clean_strings(v, bad) for k, v in value.items()}
    if isinstance(value, set | frozenset):  # sorted: a set's order changes from run to run
        return sorted((_clean_strings(v, bad) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_clean_strings(v, bad) for v in value]
    return value


def meta_from(fm: dict[str, Any], line: int, warn: Warn) -> Meta:
    """The metadata a front-matter mapping gives (reporting what it had to change)."""
    bad: list[str] = []
    fm = _clean_strings(fm, bad)
    if bad:
        names = ", ".join(dict.fromkeys(char_name(ch) for ch in bad))
        warn("control-char", f"removed {names} from the front matter", line)
    lang = as_text(fm.get("lang")).strip()
    tag = normalize_tag(lang) if lang else DEFAULT_TAG
    if tag is None:
        warn("lang", f"lang {lang!r} is not a BCP 47 language tag; using {DEFAULT_TAG}", line)
        tag = DEFAULT_TAG
    extra = {str(k): jsonable(v) for k, v in fm.items() if k not in KNOWN}
    official = None
    if any(k in extra for k in OFFICIAL_KEYS) or extra.get("preset") == "official":
        official, extra = from_front_matter(extra)
    return Meta(
        title=as_text(fm.get("title")),
        subtitle=as_text(fm.get("subtitle")),
        authors=_authors(fm.get("authors", fm.get("author", []))),
        date=as_text(fm.get("date")),
        lang=tag,
        source=as_text(fm.get("source")),
        extra=extra,
        official=official,
    )
