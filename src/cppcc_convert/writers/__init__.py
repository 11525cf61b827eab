"""The writer table: format name -> "module:function", imported only when used.

A writer is ``write(doc: Document, ctx: WriteContext) -> bytes``. A writer whose output can
be far larger than its input (JSON, HTML) also has ``write_spooled``, the same bytes in a
``Spool`` (held deflated past a size; see spool.py): the pipeline uses it. A writer never
touches the output path (the API writes the bytes atomically) nor the file system (images
come through ``ctx.images``); recoverable problems go to ``ctx.warn``. ``api.render`` builds
the context: the edition's ``Locale`` resolved once, the document's link targets, the image
loader.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..links import LinkTarget, classify
from ..locale import Locale, resolve
from ..model import Diagnostic, Document
from ..options import Options
from ..resources import ImageCache, ImageLoader, LoadedImage, PreloadedResources
from ..spool import Output

WRITERS: dict[str, str] = {
    "json": "cppcc_convert.writers.json_writer:write",
    "docx": "cppcc_convert.writers.docx:write",
    "pdf": "cppcc_convert.writers.pdf:write",
    "epub": "cppcc_convert.writers.epub:write",
    "html": "cppcc_convert.writers.html:write",
    "wechat": "cppcc_convert.writers.wechat:write",
    "wechat-page": "cppcc_convert.writers.wechat_page:write",
}

EXTENSIONS: dict[str, str] = {
    "json": "json",
    "docx": "docx",
    "pdf": "pdf",
    "epub": "epub",
    "html": "html",
    "wechat": "wechat.html",  # <stem>.wechat.html, <stem>.zh-TW.wechat.html
    "wechat-page": "wechat-page.html",
}


@dataclass
class WriteContext:
    """What a writer may know besides the document."""

    options: Options = field(default_factory=Options)
    locale: Locale = field(default_factory=lambda: resolve("zh-CN"))
    link_ids: frozenset[str] = frozenset()  # the document's link targets (heading ids, anchors)
    images: ImageCache | None = None  # the document's images; None: none can be read
    source_file: str | None = None  # for diagnostics
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _loader: ImageLoader | None = None

    @classmethod
    def for_document(
        cls,
        doc: Document,
        options: Options | None = None,
        base_dir: Path | None = None,
        source_file: str | None = None,
    ) -> WriteContext:
        """The context ``api.render`` gives a writer for ``doc`` as it stands (its language
        tag resolved, its link targets, images read from ``base_dir`` under the path rules)."""
        from ..anchors import collect_ids
        from ..resources import FileResources

        options = options or Options()
        roots = ((base_dir,) if base_dir is not None else ()) + tuple(options.resource_paths)
        images = ImageCache(FileResources(roots, options.follow_symlinks))
        return cls(
            options, resolve(doc.meta.lang), frozenset(collect_ids(doc.blocks)), images, source_file
        )

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        """Record a recoverable problem (``--strict`` turns it into a failure)."""
        self.diagnostics.append(Diagnostic("warning", code, message, line, self.source_file))

    def link(self, url: str) -> LinkTarget:
        """What a link to ``url`` becomes in every format (``links.classify``)."""
        return classify(url, self.link_ids)

    def image(
        self, src: str, line: int | None = None, *, repeat_costs: bool = False
    ) -> LoadedImage | None:
        """The image ``src`` names, checked, or None (with a warning) when it cannot be used."""
        if self._loader is None:
            cache = self.images or ImageCache(PreloadedResources())
            self._loader = ImageLoader(cache, self.warn, self.options.max_image_bytes_total)
        return self._loader.load(src, line or None, repeat_costs=repeat_costs)


Writer = Callable[[Document, WriteContext], bytes]
OutputWriter = Callable[[Document, WriteContext], Output]


def get_writer(fmt: str) -> Writer:
    """The writer for ``fmt``; an unknown name is an error that lists the known ones."""
    target = WRITERS.get(fmt)
    if target is None:
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(WRITERS)})")
    module_name, func = target.split(":")
    module = importlib.import_module(module_name)
    writer: Writer = getattr(module, func)
    return writer


def get_output_writer(fmt: str) -> OutputWriter:
    """The writer for ``fmt`` as the pipeline runs it: its ``write_spooled`` if it has one."""
    writer = get_writer(fmt)
    spooled: OutputWriter | None = getattr(
        importlib.import_module(writer.__module__), "write_spooled", None
    )
    return spooled or writer
