"""The least a reportlab program does without platypus: import markdown-it and reportlab's
``pdfgen`` canvas, register the bundled serif face, draw each inline token's text in slices
of 40 characters, one line each, on A4 pages. No wrapping by width, no styles, headings,
kinsoku or justification: a lower floor than pdf_floor.py, whatever page loop a writer uses.

    python bench/floor/pdf_canvas_floor.py INPUT.md OUT.pdf FONT.ttc
"""

import sys

import markdown_it
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

source, out, font = sys.argv[1], sys.argv[2], sys.argv[3]
with open(source, encoding="utf-8") as f:
    tokens = markdown_it.MarkdownIt("commonmark").parse(f.read())
pdfmetrics.registerFont(TTFont("Serif", font, subfontIndex=0))
canvas = Canvas(out, pagesize=A4)
y = 800.0
for token in tokens:
    if token.type != "inline":
        continue
    for i in range(0, len(token.content), 40):
        if y < 60:
            canvas.showPage()
            y = 800.0
        canvas.setFont("Serif", 11)
        canvas.drawString(60, y, token.content[i : i + 40])
        y -= 18
canvas.save()
