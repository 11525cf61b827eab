"""Font faces and language tags for the DOCX writer (no python-docx import here).

Every style names an East Asian face (``w:eastAsia``) and a Latin face (``w:ascii``/``w:hAnsi``)
per *role*; the defaults depend on the locale's script (Simplified or Traditional), and
``Options.docx_fonts`` overrides any role: ``{"body": "仿宋"}`` sets the East Asian face,
``{"body-latin": "Georgia"}`` the Latin one. The roles are listed in docs/docx-styles.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..locale import Script

# The role of every style; a role without its own default takes its parent's faces.
ROLES: tuple[str, ...] = (
    "body",
    "heading",
    "title",
    "subtitle",
    "author",
    "caption",
    "quote",
    "code",
    "table",
)
_PARENT: dict[str, str] = {"title": "heading", "subtitle": "caption", "author": "caption"}
_PARENT |= {"table": "body"}

# English face names: Word on any system (Chinese or not) finds the installed face by them,
# and fontconfig (LibreOffice) knows SimSun as a serif and SimHei as a sans; the Chinese
# names go into the font table as w:altName.
_EAST_ASIAN: dict[Script, dict[str, str]] = {
    "Hans": {
        "body": "SimSun",  # 宋体
        "heading": "SimHei",  # 黑体
        "caption": "KaiTi",  # 楷体
        "quote": "KaiTi",
        "code": "NSimSun",  # 新宋体: the monospaced Song face
    },
    "Hant": {
        "body": "PMingLiU",  # 新細明體
        "heading": "Microsoft JhengHei",  # 微軟正黑體
        "caption": "DFKai-SB",  # 標楷體
        "quote": "DFKai-SB",
        "code": "MingLiU",  # 細明體: the monospaced Ming face
    },
}
_LATIN: dict[str, str] = {
    "body": "Times New Roman",
    "heading": "Arial",
    "caption": "Times New Roman",
    "quote": "Times New Roman",
    "code": "Consolas",
}

# Chinese name and Windows charset (hex: 86 GB2312, 88 Big5) of each default face, for
# fontTable.xml.
FONT_INFO: dict[str, tuple[str, str]] = {
    "SimSun": ("宋体", "86"),
    "SimHei": ("黑体", "86"),
    "KaiTi": ("楷体", "86"),
    "NSimSun": ("新宋体", "86"),
    "PMingLiU": ("新細明體", "88"),
    "Microsoft JhengHei": ("微軟正黑體", "88"),
    "DFKai-SB": ("標楷體", "88"),
    "MingLiU": ("細明體", "88"),
}


@dataclass(frozen=True)
class Faces:
    """The East Asian and Latin face of one role."""

    east_asian: str
    latin: str


def resolve_fonts(script: Script, overrides: dict[str, str]) -> tuple[dict[str, Faces], list[str]]:
    """The faces of every role for a script with the user's overrides applied; plus the
    override keys that name no role (the caller warns about them)."""
    known = set(ROLES) | {f"{r}-latin" for r in ROLES}
    unknown = sorted(k for k in overrides if k not in known)
    faces: dict[str, Faces] = {}
    for role in ROLES:
        faces[role] = Faces(
            east_asian=_pick(role, overrides, _EAST_ASIAN[script], ""),
            latin=_pick(role, overrides, _LATIN, "-latin"),
        )
    return faces, unknown


def _pick(role: str, overrides: dict[str, str], defaults: dict[str, str], suffix: str) -> str:
    """The user's face for the role, else its parent's (user or default), else the default."""
    chain = [role]
    while chain[-1] in _PARENT:
        chain.append(_PARENT[chain[-1]])
    for name in chain:
        value = overrides.get(name + suffix, "").strip()
        if value:
            return value
        if name in defaults:
            return defaults[name]
    return defaults["body"]
