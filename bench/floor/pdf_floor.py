"""The least a reportlab program does to typeset Markdown's text in a CJK face: import
markdown-it and reportlab's platypus, register the bundled serif face, one Paragraph
(reportlab's own CJK wrapping) per inline token, build an A4 PDF. No headings, indents,
kinsoku or punctuation compression. bench/run.py's ``floor`` section times it against Typst.

    python bench/floor/pdf_floor.py INPUT.md OUT.pdf FONT.ttc
"""

import sys
from xml.sax.saxutils import escape

import markdown_it
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

source, out, font = sys.argv[1], sys.argv[2], sys.argv[3]
with open(source, encoding="utf-8") as f:
    tokens = markdown_it.MarkdownIt("commonmark").parse(f.read())
pdfmetrics.registerFont(TTFont("Serif", font, subfontIndex=0))
style = ParagraphStyle("body", fontName="Serif", fontSize=11, leading=18, wordWrap="CJK")
story = [Paragraph(escape(t.content), style) for t in tokens if t.type == "inline"]
SimpleDocTemplate(out, pagesize=A4).build(story)
