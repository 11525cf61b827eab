"""The WeChat article's look: every colour and size, and the CSS each element gets.

The 公众号 editor keeps only inline ``style`` attributes (it strips ``<style>``, ``<link>``,
classes, ids and scripts), so the article carries its whole look on its elements, and this
module is the one place that look is written down: a ``Theme`` holds the colours and sizes,
``styles`` turns a theme into the declarations of each element role, and the renderer
(``wechat.py``) only names roles. ``TAGS`` and ``PROPERTIES`` are the tags and CSS properties
the article may use, with where each set comes from in docs/wechat.md; the tests hold every
output to them.

Every element that holds text sets its own font size, line height and colour (the editor
resets a ``<p>``'s colour, and a paste may lose the wrapper), so nothing depends on
inheritance from an element the editor might drop. No third-party imports here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..locale import Locale

# Tags the 公众号 editor keeps (docs/wechat.md, "Tags"). The article uses nothing else.
TAGS = frozenset(
    {
        "section", "p", "span", "strong", "em", "u", "del", "sup", "sub", "br", "code", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "table", "thead",
        "tbody", "tr", "th", "td", "figure", "figcaption", "img", "hr", "a",
    }
)  # fmt: skip
# Attributes besides style: a link's href (mp.weixin.qq.com only), an image's src and alt,
# an ordered list's start.
ATTRIBUTES = frozenset({"style", "href", "src", "alt", "start"})
# CSS properties the editor keeps (docs/wechat.md, "CSS"). No position, float, transform,
# flex, grid, animation, @font-face, pseudo-elements or gradients.
PROPERTIES = frozenset(
    {
        "font-family", "font-size", "font-weight", "font-style", "color", "background-color",
        "line-height", "letter-spacing", "text-align", "text-indent", "text-decoration",
        "word-break", "white-space", "vertical-align", "display", "list-style-type",
        "margin", "margin-top", "margin-bottom", "margin-left", "margin-right",
        "padding", "padding-top", "padding-bottom", "padding-left", "padding-right",
        "border", "border-top", "border-bottom", "border-left", "border-collapse",
        "border-radius", "width", "max-width", "height", "overflow-x",
    }
)  # fmt: skip
DISPLAY_VALUES = frozenset({"block", "inline-block"})

LINK_COLOR = "#576b95"  # the colour the WeChat reader gives its own links
# The file around the article (not copied: the editor takes the article only): the reader's
# margins at 375 px.
PAGE_STYLE = "margin: 0; padding: 20px 16px; background-color: #ffffff"

_SANS = {
    "SC": "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', "
    "'Source Han Sans SC'",
    "TC": "'PingFang TC', 'Microsoft JhengHei', 'Noto Sans CJK TC', 'Source Han Sans TC'",
    "HK": "'PingFang HK', 'Microsoft JhengHei', 'Noto Sans CJK HK', 'Source Han Sans HK'",
}
_MONO = "Menlo, Consolas, 'Courier New', monospace"


@dataclass(frozen=True)
class Theme:
    """Colours and sizes of one look. Sizes are CSS pixels at the reader's 375 px width."""

    name: str
    description: str
    accent: str  # headings, bold text, reference markers, the rule under the title
    text: str = "#333333"
    heading: str = "#1a1a1a"  # the title and level-4+ headings
    muted: str = "#888888"  # byline, captions, references
    on_accent: str = "#ffffff"  # text on an accent background (level-2 headings)
    quote_text: str = "#555555"
    quote_bg: str = "#f7f7f7"
    code_text: str = "#383a42"
    code_bg: str = "#f6f8fa"
    rule: str = "#e5e5e5"  # table borders, rules, the line above the references
    table_head_bg: str = "#f5f5f5"
    body_px: int = 16
    line_height: str = "1.75"
    letter_spacing: str = "0.5px"
    paragraph_gap_px: int = 16  # space after each body paragraph
    title_px: int = 20  # 16 characters a line at 375 px: most headline clauses fit
    h1_px: int = 20
    h2_px: int = 18
    h3_px: int = 17
    h4_px: int = 16
    small_px: int = 14  # byline, tables, references heading
    caption_px: int = 13
    code_px: int = 13
    note_px: int = 12  # reference entries, reference markers


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme("red", "政协红: red headings and accents (the default)", accent="#b5121b"),
        Theme("blue", "政务蓝: blue headings and accents", accent="#1f5fa8"),
        Theme(
            "ink",
            "墨色: black and grey, for solemn notices",
            accent="#333333",
            heading="#111111",
            body_px=17,
            line_height="1.8",
        ),
    )
}


def theme(name: str) -> Theme:
    """The theme called ``name`` (any case); a usage error listing the themes if none."""
    found = THEMES.get(name.strip().lower())
    if found is None:
        raise UsageError(f"unknown WeChat theme {name!r} (choose from: {', '.join(THEMES)})")
    return found


def css(**declarations: str | int) -> str:
    """``font_size="16px"`` -> ``font-size: 16px``; declarations joined with ``; ``."""
    return "; ".join(f"{k.replace('_', '-')}: {v}" for k, v in declarations.items())


def styles(t: Theme, locale: Locale, indent: bool) -> dict[str, str]:
    """Role -> the CSS declarations of the element in that role."""
    return {
        **_title_styles(t, locale),
        **_paragraph_styles(t, indent),
        **_heading_styles(t),
        **_block_styles(t),
        **_table_code_styles(t),
        **_inline_styles(t),
    }


def text_style(t: Theme, size: int = 0, color: str = "", lh: str = "") -> str:
    """Font size, line height and colour of an element holding text (the body's by default)."""
    return css(
        font_size=f"{size or t.body_px}px", line_height=lh or t.line_height, color=color or t.text
    )


def body_style(t: Theme) -> str:
    """Body text: its size, line height, colour and letter spacing."""
    return text_style(t) + "; " + css(letter_spacing=t.letter_spacing)


def _title_styles(t: Theme, locale: Locale) -> dict[str, str]:
    """The article and the title block above the body."""
    return {
        "article": css(
            margin=0,
            padding=0,
            font_family=f"-apple-system, BlinkMacSystemFont, {_SANS[locale.glyphs]}, sans-serif",
            font_size=f"{t.body_px}px",
            line_height=t.line_height,
            color=t.text,
            text_align="left",
        ),
        # title block
        "title": css(margin="0 0 12px", padding=0, font_weight="bold", text_align="center")
        + "; "
        + text_style(t, t.title_px, t.heading, "1.4")
        + "; "
        + css(letter_spacing="0.5px"),
        "subtitle": css(margin="0 0 8px", padding=0, text_align="center", text_indent=0)
        + "; "
        + text_style(t, t.body_px, t.muted, "1.6"),
        "byline": css(margin="0 0 4px", text_align="center", text_indent=0)
        + "; "
        + text_style(t, t.small_px, t.muted, "1.6"),
        "title-rule": css(
            width="48px",
            height=0,
            margin="16px auto 28px",
            padding=0,
            border=0,
            border_top=f"3px solid {t.accent}",
        ),
    }


def _paragraph_styles(t: Theme, indent: bool) -> dict[str, str]:
    """Body paragraphs, as aligned and where they sit."""
    paragraph = css(margin=f"0 0 {t.paragraph_gap_px}px", padding=0) + "; " + body_style(t)
    return {
        "p": paragraph + "; " + css(text_align="justify", text_indent="2em" if indent else 0),
        "p-left": paragraph + "; " + css(text_align="left", text_indent=0),
        "p-center": paragraph + "; " + css(text_align="center", text_indent=0),
        "p-right": paragraph + "; " + css(text_align="right", text_indent=0),
        "p-plain": css(margin="0 0 8px", padding=0, text_align="justify", text_indent=0)
        + "; "
        + body_style(t),  # inside list items and definitions: no indent, closer spacing
        "p-quote": css(margin="0 0 8px", padding=0, text_align="justify", text_indent=0)
        + "; "
        + text_style(t, t.body_px - 1, t.quote_text)
        + "; "
        + css(letter_spacing=t.letter_spacing),
    }


def _heading_styles(t: Theme) -> dict[str, str]:
    """Headings of levels 1 to 6."""
    return {
        "h1": css(
            margin="32px 0 16px",
            padding="0 0 6px",
            font_weight="bold",
            text_align="center",
            border_bottom=f"2px solid {t.accent}",
        )
        + "; "
        + text_style(t, t.h1_px, t.accent, "1.5"),
        "h2": css(margin="32px 0 16px", padding=0, font_weight="bold", text_align="center")
        + "; "
        + text_style(t, t.h2_px, t.accent, "1.5"),
        "h2-inner": css(
            display="inline-block",
            padding="4px 14px",
            background_color=t.accent,
            color=t.on_accent,
            border_radius="4px",
        ),
        "h3": css(
            margin="24px 0 12px",
            padding="0 0 0 10px",
            font_weight="bold",
            text_align="left",
            border_left=f"4px solid {t.accent}",
        )
        + "; "
        + text_style(t, t.h3_px, t.accent, "1.5"),
        "h4": css(margin="20px 0 10px", padding=0, font_weight="bold", text_align="left")
        + "; "
        + text_style(t, t.h4_px, t.heading, "1.5"),
        "h5": css(margin="16px 0 8px", padding=0, font_weight="bold", text_align="left")
        + "; "
        + text_style(t, t.h4_px, t.text, "1.5"),
        "h6": css(margin="16px 0 8px", padding=0, font_weight="bold", text_align="left")
        + "; "
        + text_style(t, t.small_px, t.muted, "1.5"),
    }


def _block_styles(t: Theme) -> dict[str, str]:
    """Figures, quotes, lists and definitions."""
    return {
        "figure": css(margin="16px 0 20px", padding=0, text_align="center"),
        "img": css(
            display="block",
            max_width="100%",
            height="auto",
            margin="0 auto",
            border_radius="4px",
        ),
        "img-inline": css(max_width="100%", height="auto", vertical_align="middle"),
        "caption": css(margin="8px 0 0", padding=0, text_align="center", text_indent=0)
        + "; "
        + text_style(t, t.caption_px, t.muted, "1.6")
        + "; "
        + css(letter_spacing=0),
        "quote": css(
            margin="16px 0",
            padding="12px 16px 4px",
            background_color=t.quote_bg,
            border_left=f"4px solid {t.accent}",
            border_radius="4px",
        )
        + "; "
        + text_style(t, t.body_px - 1, t.quote_text),
        "ul": css(margin="0 0 16px", padding="0 0 0 1.5em", list_style_type="disc")
        + "; "
        + text_style(t),
        "ol": css(margin="0 0 16px", padding="0 0 0 1.8em", list_style_type="decimal")
        + "; "
        + text_style(t),
        "ul-inner": css(margin="4px 0 0", padding="0 0 0 1.5em", list_style_type="circle")
        + "; "
        + text_style(t),
        "ol-inner": css(margin="4px 0 0", padding="0 0 0 1.8em", list_style_type="decimal")
        + "; "
        + text_style(t),
        "li": css(margin="4px 0", padding=0, text_align="left", text_indent=0)
        + "; "
        + body_style(t),
        "definition": css(margin="0 0 8px", padding="0 0 0 2em"),
        "term": css(margin="12px 0 4px", padding=0, font_weight="bold", text_indent=0)
        + "; "
        + body_style(t),
    }


def _table_code_styles(t: Theme) -> dict[str, str]:
    """Tables, code and rules."""
    return {
        "table-wrap": css(margin="16px 0 20px", padding=0, overflow_x="auto"),
        "table": css(width="100%", margin=0, border_collapse="collapse")
        + "; "
        + text_style(t, t.small_px, t.text, "1.6"),
        "th": css(
            padding="6px 8px",
            border=f"1px solid {t.rule}",
            background_color=t.table_head_bg,
            font_weight="bold",
            word_break="break-all",  # a long address may not widen the table past the phone
        )
        + "; "
        + text_style(t, t.small_px, t.heading, "1.6"),
        "td": css(padding="6px 8px", border=f"1px solid {t.rule}", word_break="break-all")
        + "; "
        + text_style(t, t.small_px, t.text, "1.6"),
        "pre": css(
            margin="16px 0",
            padding="12px",
            background_color=t.code_bg,
            border_radius="4px",
            text_align="left",
            text_indent=0,
            white_space="pre-wrap",
            word_break="break-all",
            letter_spacing=0,
        )
        + "; "
        + text_style(t, t.code_px, t.code_text, "1.6"),
        "pre-code": css(font_family=_MONO, font_size=f"{t.code_px}px", color=t.code_text),
        "code": css(
            font_family=_MONO,
            font_size="90%",
            color=t.accent,
            background_color=t.code_bg,
            padding="2px 4px",
            border_radius="3px",
            word_break="break-all",
        ),
        "rule": css(
            height=0, margin="24px 0", padding=0, border=0, border_top=f"1px solid {t.rule}"
        ),
    }


def _inline_styles(t: Theme) -> dict[str, str]:
    """Inline elements and the references at the end."""
    return {
        # inline
        "strong": css(font_weight="bold", color=t.accent),
        "em": css(font_style="italic"),
        "del": css(text_decoration="line-through"),
        "u": css(text_decoration="underline"),
        "sup": css(font_size="75%", line_height=0, vertical_align="super"),
        "sub": css(font_size="75%", line_height=0, vertical_align="sub"),
        "link": css(color=LINK_COLOR, text_decoration="none"),
        "ref-mark": css(
            font_size=f"{t.note_px}px", line_height=0, vertical_align="super", color=t.accent
        ),
        # the references at the end
        "refs": css(margin="32px 0 0", padding="12px 0 0", border_top=f"1px solid {t.rule}"),
        "refs-title": css(margin="0 0 8px", padding=0, font_weight="bold", text_indent=0)
        + "; "
        + text_style(t, t.small_px, t.muted, "1.6"),
        "ref": css(
            margin="0 0 4px",
            padding=0,
            text_align="left",
            text_indent=0,
            word_break="break-all",
        )
        + "; "
        + text_style(t, t.note_px, t.muted, "1.6"),
    }
