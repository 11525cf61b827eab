"""The link policy, decided once for every format: which links are live, which are text.

Live: ``http``/``https`` web addresses with a valid host, ``mailto:`` addresses, and
in-document anchors (``#id`` of a heading or an anchor in the document). Everything else is
printed as plain text, with a diagnostic saying why:

- protocol-relative (``//host/x``) and backslash/UNC forms (``\\\\host\\share``,
  ``http:\\\\host``): Word on Windows opens them as SMB connections, leaking the user's
  credentials hash; a backslash never belongs in a URL;
- ``javascript:``, ``data:``, ``file:``, ``vbscript:`` and every other scheme, including
  ones hidden by percent-encoding or control characters (``jav%09ascript:``, ``java\\tscript:``)
  that browsers would still run;
- relative paths (``docs/guide.md``): a published document has no such file beside it;
- ``#…`` anchors that name nothing in the document (``anchors.resolve_links`` warns).

Standard library only: the reader reports the diagnostics, the writers only ask ``classify``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

from .model import Diagnostic, Document, Link
from .walk import block_inlines, iter_blocks, iter_inlines

LIVE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop these anywhere in a URL before reading its scheme (WHATWG URL: tab, LF, CR),
# and leading C0 controls and spaces.
_STRIPPED = re.compile(r"[\x00-\x20\x7f]")
# What may stay unencoded in an href (RFC 3986 reserved + unreserved, and % for escapes).
_HREF_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_HOST = re.compile(r"^[^\s/\\?#@:]+$")

Kind = Literal["external", "internal", "text"]


@dataclass(frozen=True)
class LinkTarget:
    """What a link becomes: a live external ``href``, an in-document ``anchor`` id, or text
    (``reason`` says why; ``level`` is the diagnostic level it deserves)."""

    kind: Kind
    href: str = ""  # external: a valid, percent-encoded URL
    anchor: str = ""  # internal: the id of the target
    reason: str = ""
    level: Literal["info", "warning"] = "info"


def _scheme(text: str) -> str:
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def _deobfuscated(url: str) -> str:
    """What a browser would read: percent-escapes undone (a few rounds), controls and spaces
    dropped."""
    probe = url
    for _ in range(3):
        decoded = unquote(probe)
        if decoded == probe:
            break
        probe = decoded
    return _STRIPPED.sub("", probe)


def classify(url: str, ids: frozenset[str] | set[str]) -> LinkTarget:
    """The fate of a link to ``url`` in a document whose link targets are ``ids``."""
    raw = url.strip()
    if not raw:
        return LinkTarget("text", reason="empty link")
    if raw.startswith("#"):
        if raw[1:] in ids:
            return LinkTarget("internal", anchor=raw[1:])
        return LinkTarget("text", reason="no such anchor in the document", level="warning")
    probe = _deobfuscated(raw)
    if "\\" in raw or "\\" in probe:
        return LinkTarget("text", reason="a backslash (UNC path?) in the address", level="warning")
    if probe.startswith("//"):
        return LinkTarget("text", reason="protocol-relative address", level="warning")
    scheme, hidden = _scheme(raw), _scheme(probe)
    if hidden and hidden != scheme:
        return LinkTarget("text", reason=f"disguised {hidden}: scheme", level="warning")
    if not scheme:
        return LinkTarget("text", reason="relative address (no such file when published)")
    if scheme not in LIVE_SCHEMES:
        return LinkTarget("text", reason=f"{scheme}: links are never live", level="warning")
    if scheme == "mailto":
        return _mailto(raw)
    return _web(raw)


def _mailto(raw: str) -> LinkTarget:
    address = raw.split(":", 1)[1].split("?", 1)[0]
    if "@" not in unquote(address):
        return LinkTarget("text", reason="mailto: without an address", level="warning")
    return LinkTarget("external", href=quote(raw, safe=_HREF_SAFE))


def _web(raw: str) -> LinkTarget:
    try:
        parts = urlsplit(raw)
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        return LinkTarget("text", reason="malformed web address", level="warning")
    host = parts.hostname or ""
    if not host or not _HOST.match(host):
        return LinkTarget("text", reason="web address without a valid host", level="warning")
    return LinkTarget("external", href=quote(raw, safe=_HREF_SAFE))


# ------------------------------------------------------------------ diagnostics


def _links(doc: Document) -> Iterator[tuple[Link, int]]:
    for block in iter_blocks(doc.blocks):
        for inlines in block_inlines(block):
            for node in iter_inlines(inlines):
                if isinstance(node, Link):
                    yield node, block.line


def link_diagnostics(doc: Document, ids: set[str], file: str | None) -> list[Diagnostic]:
    """One diagnostic per link that will print as text (missing anchors are reported by
    ``anchors.resolve_links``)."""
    out: list[Diagnostic] = []
    for link, line in _links(doc):
        if link.url.strip().startswith("#"):
            continue
        target = classify(link.url, ids)
        if target.kind == "text":
            shown = link.url if len(link.url) <= 60 else link.url[:59] + "…"
            message = f"link {shown!r} printed as text: {target.reason}"
            out.append(Diagnostic(target.level, "link-unsafe", message, line or None, file))
    return out
