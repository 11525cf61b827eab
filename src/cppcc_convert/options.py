"""Options for reading, repairing, converting and writing, in one frozen dataclass.

The API takes an ``Options``; the CLI and the configuration files build one. Every writer reads
only the fields it needs. Font paths and names are per role (see each writer's module).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPAIRS: tuple[str, ...] = ("whitespace", "byline", "captions", "rejoin", "punctuation")
FORMATS: tuple[str, ...] = ("json", "docx", "pdf", "epub", "html")
EDITIONS: tuple[str, ...] = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
PAGE_SIZES: tuple[str, ...] = ("A4", "A5", "Letter")

DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    """Everything that changes what cppcc-convert produces."""

    # reading and repairs
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
    # DOCX
    docx_fonts: dict[str, str] = field(default_factory=dict)  # role -> font name
    reference_docx: Path | None = None
    # PDF
    pdf_fonts: dict[str, str] = field(default_factory=dict)  # role -> "PATH[#index]"
    page_size: str = "A4"
    # EPUB / HTML
    vertical: bool = False
    identifier: str | None = None  # EPUB dc:identifier; derived from the content if None
    # general
    strict: bool = False  # warnings fail the document
    source_date_epoch: int | None = None  # None: from the environment, else the input's date

    def repair_enabled(self, name: str) -> bool:
        """Whether the named repair runs."""
        return name not in self.disabled_repairs
