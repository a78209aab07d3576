"""Word (.docx) reader: body paragraphs and tables, in the order they are printed.

Two kinds of .docx reach us. Files written in Word hold real tables (``w:tbl``). A seed
``.txt`` converted by LibreOffice holds no tables at all: each printed row is a paragraph
whose cells are separated by tabs. Both must end in the same internal form as the .txt
reader's, so tab paragraphs are grouped exactly as ``txt.py`` groups tab lines.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from lxml.etree import XMLSyntaxError

from core.errors import DocumentError
from core.messages import message
from extract.document import ParsedDocument, TableRow
from extract.readers.assemble import TableBlock, TextLine, assemble, simplify_items
from extract.readers.files import require_content
from extract.readers.txt import _items as txt_items

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")

# What python-docx and the zip layer raise for a file that is not a Word document.
_CORRUPT = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError)
# Old binary Word files (.doc, OLE2) renamed to .docx: common among attachments ("关系表.doc").
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _block_elements(parent: Iterable) -> Iterator[CT_P | CT_Tbl]:
    """Top-level w:p and w:tbl in document order, looking inside content controls (w:sdt).

    ``Document.paragraphs`` and ``Document.tables`` are two separate lists; only the XML
    children keep the order in which a caption, its table and the next heading are printed.
    """
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _block_elements(content)


def _cell_text(tc: CT_Tc) -> str:
    """A cell's paragraphs joined by newlines (assemble's clean_cell joins wrapped text)."""
    return "\n".join(p.text for p in tc.iter(_P))


def _row_cells(tr: CT_Row) -> tuple[str, ...]:
    """One row on the table grid, written the way the .txt form writes it.

    A cell spanning columns (gridSpan) is its text followed by "" for each further column,
    as a PDF-to-text export prints it ("诊疗人次", ""). The second and later rows of a
    vertically merged cell (vMerge continue) are "": python-docx's ``row.cells`` would repeat
    the top cell's text there, but the .txt and .pdf forms leave it empty and the table
    extractor reads empty leading cells as continuation rows.
    """
    cells: list[str] = [""] * tr.grid_before
    for tc in tr.tc_lst:
        text = "" if tc.vMerge == "continue" else _cell_text(tc).strip()
        cells.append(text)
        cells.extend([""] * (tc.grid_span - 1))
    return tuple(cells)


def _table_block(tbl: CT_Tbl) -> TableBlock:
    """A real Word table; row numbers count from 1 within the table."""
    return TableBlock([TableRow(_row_cells(tr), number) for number, tr in enumerate(tbl.tr_lst, start=1)])


def _paragraph_items(paragraphs: list[tuple[int, str]]) -> Iterator[TextLine | TableBlock]:
    """A run of consecutive paragraphs, grouped by the .txt reader's own rules.

    Reusing ``txt._items`` keeps tab-paragraph tables (LibreOffice's conversion of a .txt)
    identical to the .txt reading; its line numbers are positions in the run, mapped back
    here to paragraph indexes.
    """
    index = [number for number, _ in paragraphs]
    for item in txt_items([text for _, text in paragraphs]):
        if isinstance(item, TextLine):
            yield TextLine(item.text, index[item.line - 1])
        else:
            yield TableBlock([TableRow(r.cells, index[r.line - 1]) for r in item.rows])


def _items(body: Iterable) -> Iterator[TextLine | TableBlock]:
    """Paragraphs (numbered 1, 2, … among body paragraphs) and tables, in document order.

    A paragraph with soft line breaks (w:br) becomes one text line per printed line, all
    with the paragraph's number, the same as consecutive lines of a .txt.
    """
    run: list[tuple[int, str]] = []
    number = 0
    for element in _block_elements(body):
        if element.tag == _TBL:
            yield from _paragraph_items(run)
            run = []
            yield _table_block(element)
            continue
        number += 1
        run.extend((number, line) for line in element.text.split("\n"))
    yield from _paragraph_items(run)



def _load(path: Path, name: str) -> list[TextLine | TableBlock]:
    """The reader's items, or a DocumentError in Chinese: callers of read_docx (not only
    read_document) must never see a zip or XML exception."""
    require_content(path, name)
    with path.open("rb") as handle:
        if handle.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
            raise DocumentError(message("E908", name=name))
    try:
        return list(_items(docx.Document(str(path)).element.body))
    except _CORRUPT as exc:
        raise DocumentError(message("E909", name=name), detail=type(exc).__name__) from exc


def read_docx(path: Path, name: str | None = None) -> ParsedDocument:
    """Read a .docx into the internal form; corrupt or empty files raise DocumentError."""
    path = Path(path)
    name = name or path.name
    return assemble(name, "docx", simplify_items(_load(path, name)))
