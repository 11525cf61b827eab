"""markdown-it's core ``inline`` rule, with a shortcut for plain text.

Most of a Chinese document's paragraphs hold no character any inline rule reacts to (no
``*_`[]!<>&\\~``, no line break): markdown-it's inline parser then runs its text rule once,
which takes the whole content, and ends with one ``text`` token. That is made here directly,
without the parser's state and post-processing rules (a third of the whole Markdown parse of
the sample x100). Any other content goes through markdown-it's inline parser as before.
"""

from __future__ import annotations

from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline import text as text_rule
from markdown_it.token import Token


def inline_rule(state: StateCore) -> None:
    """Parse the content of every ``inline`` token into its children (as markdown-it's own
    ``inline`` core rule does)."""
    md = state.md
    parser = md.inline
    # The text rule stops at these; when it is the first rule, content without any of them
    # is one text token. (An older markdown-it has no such attribute: no shortcut.)
    stops = getattr(parser, "terminator_re", None)
    if parser.ruler.getRules("")[:1] != [text_rule]:
        stops = None
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if stops is not None and stops.search(content) is None:
            if content:  # what the text rule's pending text becomes
                token.children.append(Token("text", "", 0, content=content))
            continue
        parser.parse(content, md, state.env, token.children)
