"""Two shortcuts markdown-it cannot take by itself; the tokens stay exactly its own.

``inline_rule``: most of a Chinese document's paragraphs hold no character any inline rule
reacts to (no ``*_`[]!<>&\\~``, no line break): markdown-it's inline parser then runs its
text rule once, which takes the whole content, and ends with one ``text`` token. That is made
here directly, without the parser's state and post-processing rules (a third of the whole
Markdown parse of the sample x100). Any other content goes through the inline parser, but a
paragraph longer than twice ``piece`` characters is left for the block reader to parse in
pieces (md_pieces.py): its children stay empty, a ``Pieces`` in its ``meta["pieces"]``.

``drop_absent_rules``: a block rule whose marker character occurs nowhere in the text can
never match, at any line (nor stop a paragraph), so it is switched off for that text: each
is tried at every block otherwise (7 of the 11 for the sample x100).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline import text as text_rule
from markdown_it.token import Token

from .md_pieces import PIECE, Pieces


def inline_rule(state: StateCore, piece: int = PIECE) -> None:
    """Parse the content of every ``inline`` token into its children (as markdown-it's own
    ``inline`` core rule does), a huge paragraph's excepted (``piece``, above)."""
    md = state.md
    parser = md.inline
    # The text rule stops at these; when it is the first rule, content without any of them
    # is one text token. (An older markdown-it has no such attribute: no shortcut.)
    stops = getattr(parser, "terminator_re", None)
    if parser.ruler.getRules("")[:1] != [text_rule]:
        stops = None
    for i, token in enumerate(state.tokens):
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if len(content) > 2 * piece and i and state.tokens[i - 1].type == "paragraph_open":
            token.meta["pieces"] = Pieces(md, state.env, piece, _after_inline(md))
            continue
        if stops is not None and stops.search(content) is None:
            if content:  # what the text rule's pending text becomes
                token.children.append(Token("text", "", 0, content=content))
            continue
        parser.parse(content, md, state.env, token.children)


def _after_inline(md: MarkdownIt) -> list[Callable[[StateCore], None]]:
    """The core rules that run after the ``inline`` rule (markdown-it 4: ``text_join``)."""
    names = [rule.name for rule in md.core.ruler.__rules__ if rule.enabled]
    rules = md.core.ruler.getRules("")
    return rules[names.index("inline") + 1 :]


# Each rule with what its first line must hold (markdown-it's own tests, in rules_block/):
# a table's header row a "|"; a fence ``` or ~~~; a quote ">"; a rule * - or _ (three);
# a list item * - + or a number's last digit and . or ), then a space, a tab or the line's
# end (skipBulletListMarker, skipOrderedListMarker); a reference definition "]:";
# an HTML block "<"; an ATX heading "#"; a setext heading an underline of = or -.
_NEEDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("table", re.compile(r"\|")),
    ("fence", re.compile(r"```|~~~")),
    ("blockquote", re.compile(">")),
    ("hr", re.compile(r"[*_-]")),
    ("list", re.compile(r"(?:[*+-]|[0-9][.)])(?:[ \t\n]|$)")),
    ("reference", re.compile(r"\]:")),
    ("html_block", re.compile("<")),
    ("heading", re.compile("#")),
    ("lheading", re.compile("[=-]")),
)


def drop_absent_rules(md: MarkdownIt, text: str) -> None:
    """Switch off the block rules of ``md`` that cannot match anywhere in ``text``."""
    absent = [name for name, needs in _NEEDS if needs.search(text) is None]
    if absent:
        md.block.ruler.disable(absent, ignoreInvalid=True)
