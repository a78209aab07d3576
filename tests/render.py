"""Write a parsed document back out as a real .docx or .pdf, for reader round-trip tests.

The corpus is .txt only, yet the readers for Word and PDF must produce the same internal
form. Rendering a .txt reading into each format and reading it back tests exactly that
without shipping binary fixtures. Rendering follows source line numbers, so the input is
meant to be a .txt reading (whose paragraphs and table rows carry their line in the file).

PDF text uses reportlab's built-in CID font STSong-Light: nothing is embedded or fetched,
and pdfplumber maps its glyphs back to the exact Chinese characters (checked by the tests).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from extract.document import Paragraph, ParsedDocument, Table

PDF_FONT = "STSong-Light"
_CELL_PADDING = 2


def _in_order(parsed: ParsedDocument) -> list[Paragraph | Table]:
    """Paragraphs and tables interleaved by source line, i.e. as printed in the .txt.

    A .docx or .pdf reading numbers table rows from 1 within each table, so its tables
    cannot be placed among its paragraphs: refuse it rather than render it out of order.
    """
    if parsed.fmt != "txt":
        raise ValueError(f"render needs a .txt reading (lines are source lines), got {parsed.fmt!r}")
    blocks: list[tuple[int, Paragraph | Table]] = [(p.line, p) for p in parsed.paragraphs]
    blocks += [(t.rows[0].line, t) for t in parsed.tables if t.rows]
    return [block for _, block in sorted(blocks, key=lambda b: b[0])]


def _grid(table: Table) -> list[list[str]]:
    """Rows padded to the widest row: a Word or PDF table is rectangular, a .txt one is not."""
    width = max(len(r.cells) for r in table.rows)
    return [list(r.cells) + [""] * (width - len(r.cells)) for r in table.rows]


def render_docx(parsed: ParsedDocument, out: Path) -> Path:
    """A .docx as Word writes it: paragraphs, and each table as a real Word table."""
    import docx

    document = docx.Document()
    for block in _in_order(parsed):
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
            continue
        grid = _grid(block)
        table = document.add_table(rows=0, cols=len(grid[0]))
        table.style = "Table Grid"
        for cells in grid:
            for cell, text in zip(table.add_row().cells, cells, strict=True):
                cell.text = text
    document.save(str(out))
    return out


def render_docx_lines(text: str, out: Path) -> Path:
    """A .docx as LibreOffice makes it from a .txt: one paragraph per line, tabs kept, no tables."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(out))
    return out


def register_pdf_font() -> str:
    """Register the Chinese font with reportlab (once) and return its name, for tests that
    draw on a canvas themselves."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def _pdf_styles():
    from reportlab.lib.styles import ParagraphStyle

    register_pdf_font()
    # Official documents indent each paragraph by two characters; the reader relies on it.
    body = ParagraphStyle(
        "body", fontName=PDF_FONT, fontSize=10.5, leading=15, firstLineIndent=21, spaceAfter=4, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=8, leading=10, wordWrap="CJK")
    return body, cell


def _pdf_table(table: Table, width: float, style):
    """A ruled table (GRID lines, so pdfplumber finds it) that may split across pages,
    repeating its first row on each new page as printed tables do."""
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    grid = _grid(table)
    columns = len(grid[0])
    # Every column fits one character; the rest of the width goes to long cells, so names
    # wrap only where they are long (as in the printed tables: "云南省第一人民医\n院").
    # The right padding is one character wide because reportlab lets a closing mark that
    # may not start a line ("）", "、") hang past the text width: it must stay in its cell.
    narrow = 2 * style.fontSize + 2 * _CELL_PADDING + 1
    weights = [min(max(1, *(len(row[j]) for row in grid)), 14) for j in range(columns)]
    spare = width - narrow * columns
    widths = [narrow + spare * w / sum(weights) for w in weights]
    cells = [[PdfParagraph(escape(text), style) for text in row] for row in grid]
    pdf_table = PdfTable(cells, colWidths=widths, repeatRows=1)
    pdf_table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING + style.fontSize),
            ]
        )
    )
    return pdf_table


def _page_number(canvas, doc) -> None:
    """The footer of an official document, "— 3 —": the reader must not take it for text."""
    canvas.setFont(PDF_FONT, 10)
    canvas.drawCentredString(doc.pagesize[0] / 2, doc.bottomMargin / 2, f"— {doc.page} —")


def render_pdf(parsed: ParsedDocument, out: Path, *, page_numbers: bool = True) -> Path:
    """An A4 PDF: paragraphs as wrapped text (indented two characters), tables as ruled
    tables split across pages, and by default a "— n —" page number in each footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import SimpleDocTemplate

    body, cell = _pdf_styles()
    pdf = SimpleDocTemplate(str(out), pagesize=A4, title=parsed.name, invariant=True)
    story = [
        PdfParagraph(escape(block.text), body)
        if isinstance(block, Paragraph)
        else _pdf_table(block, pdf.width, cell)
        for block in _in_order(parsed)
    ]
    footer = _page_number if page_numbers else (lambda canvas, doc: None)
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return out
