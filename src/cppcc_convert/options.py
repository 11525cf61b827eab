"""Options for reading, repairing, converting and writing, in one frozen dataclass.

The API takes an ``Options``; the CLI and the configuration file build one. Every writer reads
only the fields it needs. Font paths and names are per role (see each writer's module).
The known formats are the writer table (``writers.WRITERS``); the editions are in ``locale``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .locale import EDITION_NAMES

REPAIRS: tuple[str, ...] = (
    "whitespace",
    "structure",
    "byline",
    "captions",
    "rejoin",
    "punctuation",
)
GENRES: tuple[str, ...] = ("auto", "news", "official", "statute", "book")
PRESETS: tuple[str, ...] = ("default", "official")
INPUT_FORMATS: tuple[str, ...] = ("auto", "markdown", "text")
PAGE_SIZES: tuple[str, ...] = ("A4", "A5", "Letter")
ENCODINGS: tuple[str, ...] = ("auto", "utf-8", "gb18030", "big5", "big5hkscs")
EDITIONS: tuple[str, ...] = EDITION_NAMES

DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_IMAGES_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    """Everything that changes what cppcc-convert produces."""

    # reading and repairs
    input_format: str = "auto"  # markdown | text | auto (.txt is text, the rest Markdown)
    encoding: str = "auto"  # auto-detect, or force utf-8 / gb18030 / big5
    genre: str = "auto"  # auto | news | official | statute | book: which repairs run, how
    disabled_repairs: frozenset[str] = frozenset()
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_nesting: int = 64
    max_table_cells: int = 100_000
    # editions (Traditional Chinese)
    phrases: bool = False  # s2twp / s2hkp regional vocabulary
    quotes: str = "localize"  # "localize": “”→「」 for zh-TW/zh-HK; "keep": leave as is
    glossary: Path | None = None  # user TSV; wins over OpenCC and the default glossary
    default_glossary: bool = True
    # resources (images)
    resource_paths: tuple[Path, ...] = ()  # extra folders images may be read from
    follow_symlinks: bool = False  # read through symlinks that point out of the folders
    max_image_bytes_total: int = DEFAULT_MAX_IMAGES_BYTES  # embedded per document
    # layout
    preset: str = "default"  # default | official (GB/T 9704-2012)
    # DOCX
    docx_fonts: dict[str, str] = field(default_factory=dict)  # role -> font name
    reference_docx: Path | None = None
    # PDF
    pdf_fonts: dict[str, str] = field(default_factory=dict)  # role -> "PATH[#index]"
    page_size: str = "A4"
    autospace: bool = True  # a quarter em between Han and Latin letters or digits
    # EPUB / HTML
    vertical: bool = False
    identifier: str | None = None  # EPUB dc:identifier; derived from the content if None
    # WeChat Official Account (writers/wechat_theme.py)
    wechat_theme: str = "red"  # red | blue | ink
    wechat_indent: bool = True  # 2-character first-line indents in body paragraphs
    # general
    strict: bool = False  # warnings fail the document
    source_date_epoch: int | None = None  # None: from the environment, else the input's date

    def repair_enabled(self, name: str) -> bool:
        """Whether the named repair runs."""
        return name not in self.disabled_repairs
