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
# An official document (GB/T 9704-2012) has roles of its own: the 发文机关标志, the four
# heading levels (一、黑体 （一）楷体 1. 仿宋 （1）仿宋) and the page number (宋体).
OFFICIAL_ROLES: tuple[str, ...] = (
    *ROLES,
    "issuer",
    "level1",
    "level2",
    "level3",
    "level4",
    "page-number",
)
_PARENT: dict[str, str] = {"title": "heading", "subtitle": "caption", "author": "caption"}
_PARENT |= {"table": "body"}
_OFFICIAL_PARENT: dict[str, str] = {"issuer": "title", "level1": "heading", "level3": "body"}
_OFFICIAL_PARENT |= {"level4": "body", "table": "body", "subtitle": "title", "author": "body"}

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

# The faces GB/T 9704 names, as Chinese offices have them installed (方正小标宋简体 from
# Founder, the *_GB2312 faces from Windows XP days); Traditional editions take faces with
# Traditional glyphs in the same styles.
_OFFICIAL_EAST_ASIAN: dict[Script, dict[str, str]] = {
    "Hans": {
        "body": "仿宋_GB2312",
        "title": "方正小标宋简体",
        "heading": "黑体",
        "level2": "楷体_GB2312",
        "caption": "楷体_GB2312",
        "quote": "楷体_GB2312",
        "code": "NSimSun",
        "page-number": "宋体",
    },
    "Hant": {
        "body": "FangSong",  # 仿宋 (GBK: Traditional characters too)
        "title": "方正小标宋繁体",
        "heading": "Microsoft JhengHei",
        "level2": "DFKai-SB",
        "caption": "DFKai-SB",
        "quote": "DFKai-SB",
        "code": "MingLiU",
        "page-number": "PMingLiU",
    },
}
_OFFICIAL_LATIN: dict[str, str] = {"body": "Times New Roman", "code": "Consolas"}
_OFFICIAL_LATIN |= {"page-number": "宋体"}  # 4号半角宋体阿拉伯数字 (7.5)

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
    "仿宋_GB2312": ("FangSong_GB2312", "86"),
    "楷体_GB2312": ("KaiTi_GB2312", "86"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "86"),
    "方正小标宋繁体": ("FZXiaoBiaoSong-B05T", "88"),
    "黑体": ("SimHei", "86"),
    "宋体": ("SimSun", "86"),
    "FangSong": ("仿宋", "86"),
}


@dataclass(frozen=True)
class Faces:
    """The East Asian and Latin face of one role."""

    east_asian: str
    latin: str


def resolve_fonts(
    script: Script, overrides: dict[str, str], *, official: bool = False
) -> tuple[dict[str, Faces], list[str]]:
    """The faces of every role for a script (and the official preset) with the user's
    overrides applied; plus the override keys that name no role (the caller warns)."""
    roles = OFFICIAL_ROLES if official else ROLES
    known = set(roles) | {f"{r}-latin" for r in roles}
    unknown = sorted(k for k in overrides if k not in known)
    east = (_OFFICIAL_EAST_ASIAN if official else _EAST_ASIAN)[script]
    latin = _OFFICIAL_LATIN if official else _LATIN
    parents = _OFFICIAL_PARENT if official else _PARENT
    faces: dict[str, Faces] = {}
    for role in roles:
        faces[role] = Faces(
            east_asian=_pick(role, overrides, east, "", parents),
            latin=_pick(role, overrides, latin, "-latin", parents),
        )
    return faces, unknown


def _pick(
    role: str,
    overrides: dict[str, str],
    defaults: dict[str, str],
    suffix: str,
    parents: dict[str, str],
) -> str:
    """The user's face for the role, else its parent's (user or default), else the default."""
    chain = [role]
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    for name in chain:
        value = overrides.get(name + suffix, "").strip()
        if value:
            return value
        if name in defaults:
            return defaults[name]
    return defaults["body"]
