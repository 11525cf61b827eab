"""The least an ebooklib program does to turn Markdown into an EPUB: import markdown-it and
ebooklib, render the whole text as one chapter, add the navigation, write. No styles, no
chapters, no Chinese typography. bench/run.py's ``floor`` section times it against pandoc.

    python bench/floor/epub_floor.py INPUT.md OUT.epub
"""

import sys

import markdown_it
from ebooklib import epub

source, out = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    body = markdown_it.MarkdownIt("commonmark").render(f.read())
book = epub.EpubBook()
book.set_identifier("urn:uuid:6f1c3a52-8e0f-4c1e-9d2a-0c9c2c0b7a10")
book.set_title("floor")
book.set_language("zh")
chapter = epub.EpubHtml(title="正文", file_name="text.xhtml", lang="zh")
chapter.content = body
book.add_item(chapter)
book.add_item(epub.EpubNav())
book.add_item(epub.EpubNcx())
book.toc = [chapter]
book.spine = ["nav", chapter]
epub.write_epub(out, book)
