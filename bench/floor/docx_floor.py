"""The least a python-docx program does to turn Markdown into a DOCX: import markdown-it and
python-docx, parse, one paragraph per inline token, save. No styles, no Chinese typography,
no repairs. bench/run.py's ``floor`` section times it against pandoc: the part of our ×1
whole-process time that the chosen libraries cost before we do anything.

    python bench/floor/docx_floor.py INPUT.md OUT.docx
"""

import sys

import docx
import markdown_it

source, out = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    tokens = markdown_it.MarkdownIt("commonmark").parse(f.read())
document = docx.Document()
for token in tokens:
    if token.type == "inline":
        document.add_paragraph(token.content)
document.save(out)
