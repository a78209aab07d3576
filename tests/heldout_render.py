"""Render a held-out document spec (tests/heldout/docs/*.docx.json, *.pdf.json) into a real file.

Why specs and not committed binaries: a .docx or .pdf is opaque in review, while a spec shows
exactly what a reader must see: paragraphs in order, tables as rows of cells, merged ranges
(Word's vertical and horizontal merges, a PDF's spanned cells), line breaks inside a cell, and
for PDFs the column widths that make long names wrap inside their cell as printed tables do.

Spec shape::

    {"format": "docx" | "pdf",
     "blocks": [{"p": "paragraph text"},
                {"table": {"rows": [[cell, ...], ...],          # "\\n" = a new line in the cell
                           "merge": [[row0, col0, row1, col1]],  # inclusive, text in top-left
                           "col_widths_mm": [..]}}]}             # PDF only, optional
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from tests.render import register_pdf_font

SPEC_SUFFIXES = (".docx.json", ".pdf.json")


def is_spec(path: Path) -> bool:
    return path.name.endswith(SPEC_SUFFIXES)


def rendered_name(spec: Path) -> str:
    """``sc_recipient_first.docx.json`` → ``sc_recipient_first.docx``."""
    return spec.name.removesuffix(".json")


def render_spec(spec: Path, out_dir: Path) -> Path:
    """Write the spec's document into ``out_dir`` and return its path."""
    data = json.loads(spec.read_text(encoding="utf-8"))
    out = out_dir / rendered_name(spec)
    if data["format"] == "docx":
        return _render_docx(data["blocks"], out)
    if data["format"] == "pdf":
        return _render_pdf(data["blocks"], out)
    raise ValueError(f"unknown format in {spec.name}: {data['format']!r}")


def _render_docx(blocks: list[dict], out: Path) -> Path:
    """Paragraphs as Word paragraphs; a cell's lines as separate paragraphs in the cell (what
    pressing Enter in Word makes); merges as real Word merges (vMerge / gridSpan)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if "p" in block:
            document.add_paragraph(block["p"])
            continue
        spec = block["table"]
        rows = spec["rows"]
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                lines = text.split("\n")
                cell = table.cell(r, c)
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
        for r0, c0, r1, c1 in spec.get("merge", []):
            _drop_empty_paragraphs(table.cell(r0, c0).merge(table.cell(r1, c1)))
    document.save(str(out))
    return out


def _drop_empty_paragraphs(cell) -> None:
    """python-docx's merge keeps the empty paragraph of every merged cell; Word discards them
    (a merged "临夏州" cell holds one paragraph, not "临夏州" and blank lines)."""
    paragraphs = cell.paragraphs
    for paragraph in paragraphs[1:]:
        if not paragraph.text:
            paragraph._element.getparent().remove(paragraph._element)


def _render_pdf(blocks: list[dict], out: Path) -> Path:
    """An A4 page: indented body paragraphs, ruled tables with spans and narrow columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = register_pdf_font()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10.5, leading=15, firstLineIndent=21, spaceAfter=4, wordWrap="CJK"
    )
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11, wordWrap="CJK")
    pdf = SimpleDocTemplate(str(out), pagesize=A4, title=out.stem, invariant=True)
    story = []
    for block in blocks:
        if "p" in block:
            story.append(Paragraph(escape(block["p"]), body))
            continue
        spec = block["table"]
        cells = [
            [Paragraph("<br/>".join(escape(line) for line in text.split("\n")), cell_style) for text in row]
            for row in spec["rows"]
        ]
        widths = [w * mm for w in spec["col_widths_mm"]] if "col_widths_mm" in spec else None
        table = Table(cells, colWidths=widths, repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 + cell_style.fontSize),
        ]
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spec.get("merge", [])]
        table.setStyle(TableStyle(style))
        story.append(table)
    pdf.build(story)
    return out
