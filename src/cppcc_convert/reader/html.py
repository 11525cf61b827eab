"""Raw HTML inside Markdown -> model nodes, as pandoc and GitHub read it.

Tags are tokenised by the standard library's ``html.parser`` (entities decoded, attributes
parsed, script/style content kept apart); ``reader.html_tree`` builds the element tree (with
the usual implied end tags: a new ``<li>`` closes the last one, a block closes an open ``<p>``)
and ``reader.html_blocks`` and ``reader.html_inline`` map it into the model. Markdown blocks
that sit between the tags of an HTML block (``<div align="center">``, a blank line, Markdown,
``</div>``) become children of the open element.

Mapping (docs/model.md has the table): inline ``br b strong i em u ins s del strike sub sup
small big kbd code tt samp var span font mark a img``; blocks ``p div center section article
header footer main aside nav address blockquote ul ol li dl dt dd table thead tbody tfoot tr
th td caption details summary figure figcaption h1-h6 hr pre``. ``<center>`` and
``align``/``text-align`` give a paragraph alignment; ``id``/``name`` attributes become
anchors; ``colspan``/``rowspan`` are flattened to empty cells with a warning. Comments are
dropped (info). ``script style iframe object embed form`` and friends never reach any output,
nor do event attributes (``onclick``…): each is a warning. Unknown elements keep their text.

This module is their façade: what the Markdown reader uses, in one place.
"""

from __future__ import annotations

from .html_blocks import Mapper
from .html_inline import collapse, unwrap_links, wrap_inline
from .html_tree import BLOCKS, DROPPED, VOID, Element, Report, TreeBuilder, tokens

__all__ = [
    "BLOCKS",
    "DROPPED",
    "VOID",
    "Element",
    "Mapper",
    "Report",
    "TreeBuilder",
    "collapse",
    "tokens",
    "unwrap_links",
    "wrap_inline",
]
