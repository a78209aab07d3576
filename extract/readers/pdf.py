"""PDF reader: running text outside tables, and tables, page by page in reading order.

pdfplumber sees a PDF as printed lines and ruled tables, so three things a .txt export
already did must be redone here: wrapped lines are joined back into paragraphs, a table
continued on the next page is joined back into one table, and text inside a table's ruling
is read only once (as cells, not again as running text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from core.errors import DocumentError
from core.messages import message
from extract.document import ParsedDocument, TableRow
from extract.readers.assemble import PAGE_NUMBER, TableBlock, TextLine, assemble, simplify_items
from extract.readers.files import require_content

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

BBox = tuple[float, float, float, float]


@dataclass
class _Line:
    """Printed text with its position: one line, or a paragraph of joined lines (then x0 and
    top are its first line's, x1 and bottom its last line's)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the height of one line, about the font size
    lead: float  # the width of the first word (a Chinese character, or a run of letters)

    def then(self, more: _Line) -> _Line:
        """This paragraph with a wrapped line appended."""
        return _Line(
            _glue(self.text, more.text), self.x0, more.x1, self.top, more.bottom, self.size, self.lead
        )


def _line(raw: dict) -> _Line:
    """A line from pdfplumber's extract_text_lines (with its chars)."""
    chars = [c for c in raw["chars"] if c["text"].strip()]
    first = 1
    while (
        first < len(chars) and _ASCII_WORD.match(chars[0]["text"]) and _ASCII_WORD.match(chars[first]["text"])
    ):
        first += 1
    lead = chars[first - 1]["x1"] - chars[0]["x0"] if chars else 0.0
    size = raw["bottom"] - raw["top"]
    return _Line(raw["text"], raw["x0"], raw["x1"], raw["top"], raw["bottom"], size, lead)


@dataclass
class _PageTable:
    """One ruled table found on one page: rows of cells, None for the cells of a merge."""

    top: float
    rows: list[list[str | None]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _inside(obj: dict, boxes: list[BBox]) -> bool:
    """True when an object's centre lies in one of the table boxes."""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_content(page: Page) -> tuple[list[_Line], list[_PageTable]]:
    """Text lines outside every table, and the tables, of one page."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: "x0" not in obj or not _inside(obj, boxes)) if boxes else page
    lines = [
        _line(raw)
        for raw in outside.extract_text_lines(return_chars=True)
        if raw["text"].strip() and not PAGE_NUMBER.match(raw["text"].strip())
    ]
    return lines, [_PageTable(t.bbox[1], t.extract()) for t in tables]


def _wraps(previous: _Line, following: _Line, left: float, right: float) -> bool:
    """The line before had no room left for this line's first word, and this line starts
    at the left margin: a paragraph wrapped, since a new paragraph is indented or follows a
    short line. A character of slack allows for punctuation pushed to the next line."""
    room = right - previous.x1
    return (
        room <= max(2 * previous.size, following.lead + previous.size)
        and following.x0 <= left + previous.size / 2
    )


def _joins(previous: _Line, following: _Line, left: float, right: float) -> bool:
    """Wrapped, and no paragraph spacing between the two lines of one page."""
    return _wraps(previous, following, left, right) and following.top - previous.bottom <= 0.8 * previous.size


def _glue(text: str, more: str) -> str:
    """Chinese wraps between characters; English and numbers wrap at a space that is lost."""
    if _ASCII_WORD.match(text[-1:]) and _ASCII_WORD.match(more[:1]):
        return f"{text} {more}"
    return text + more


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[_Line]:
    """Wrapped lines of one page joined into paragraphs; wrapping is judged between
    consecutive printed lines, never against the whole paragraph so far."""
    out: list[_Line] = []
    for number, line in enumerate(lines):
        if number and _joins(lines[number - 1], line, left, right):
            out[-1] = out[-1].then(line)
        else:
            out.append(line)
    return out


@dataclass
class _Reader:
    """Walks the pages once, carrying what a page break may have cut in two: the last
    paragraph (while no table follows it) and an open table."""

    left: float  # the text's left and right margins, from the whole document
    right: float
    items: list[TextLine | TableBlock] = field(default_factory=list)
    paragraph: int = 0
    last: _Line | None = None
    last_page: int = 0
    open_table: TableBlock | None = None
    open_width: int = 0
    open_page: int = 0

    def text(self, line: _Line, page: int) -> None:
        """A new paragraph, or the rest of one that filled the previous page to the margin.

        assemble() joins page-split paragraphs only when cut mid-sentence; a PDF still shows
        the layout, so a cut at a full stop is recognised here.
        """
        if (
            self.last is not None
            and page == self.last_page + 1
            and _wraps(self.last, line, self.left, self.right)
        ):
            self.last = self.last.then(line)
            previous = self.items[-1]
            self.items[-1] = TextLine(self.last.text, previous.line, previous.page)
        else:
            self.close_table()
            self.paragraph += 1
            self.items.append(TextLine(line.text, self.paragraph, page))
            self.last = line
        self.last_page = page

    def table(self, table: _PageTable, page: int) -> None:
        """Start a table, or continue the open one when nothing was printed in between and
        it goes on at the top of the next page with the same number of columns."""
        self.last = None
        continues = page == self.open_page + 1 and table.width == self.open_width
        block = self.open_table if continues else None
        if block is None:
            self.close_table()
            block = self.open_table = TableBlock()
            self.open_width = table.width
        for cells in table.rows:
            row = tuple("" if c is None else c for c in cells)
            block.rows.append(TableRow(row, len(block.rows) + 1, page))
        self.open_page = page

    def close_table(self) -> None:
        if self.open_table is not None:
            self.items.append(self.open_table)
            self.open_table = None

    def page(self, number: int, lines: list[_Line], tables: list[_PageTable]) -> None:
        """One page's paragraphs and tables, merged by their position from the top."""
        content: list[tuple[float, int, _Line | _PageTable]] = [
            (p.top, 0, p) for p in _paragraphs(lines, self.left, self.right)
        ]
        content += [(t.top, 1, t) for t in tables]
        for _, _, thing in sorted(content, key=lambda c: (c[0], c[1])):
            if isinstance(thing, _Line):
                self.text(thing, number)
            else:
                self.table(thing, number)


def _read_pages(pdf: pdfplumber.PDF, name: str) -> list[TextLine | TableBlock] | None:
    """All pages read first (margins need the whole document), then walked in order; None
    when a page is a scan."""
    pages = []
    for page in pdf.pages:
        if _is_scan(page):
            return None
        pages.append((page, *_page_content(page)))
    all_lines = [line for _, lines, _ in pages for line in lines]
    if not all_lines and not any(tables for _, _, tables in pages):
        raise DocumentError(message("E910", name=name))
    # Margins from the whole document: one page of short lines says nothing about the measure.
    left = min((line.x0 for line in all_lines), default=0.0)
    right = max((line.x1 for line in all_lines), default=0.0)
    reader = _Reader(left, right)
    for page, lines, tables in pages:
        reader.page(page.page_number, lines, tables)
    reader.close_table()
    return reader.items



def _items(path: Path, name: str) -> list[TextLine | TableBlock] | None:
    """The reader's items (None for a scan), or a DocumentError in Chinese: callers of
    read_pdf (not only read_document) must never see a pdfminer exception."""
    require_content(path, name)
    try:
        with pdfplumber.open(path) as pdf:
            items = _read_pages(pdf, name)
    except DocumentError:
        raise
    except PdfminerException as exc:
        raise DocumentError(message("E911", name=name), detail=type(exc).__name__) from exc
    except Exception as exc:  # pdfminer fails deep inside on damaged files, with any error type
        raise DocumentError(message("E912", name=name), detail=type(exc).__name__) from exc
    return simplify_items(items) if items is not None else None


def _is_scan(page: Page) -> bool:
    """A page of pictures and no characters: a scan."""
    return not page.chars and bool(page.images)


def read_pdf(path: Path, name: str | None = None, *, ocr_cache: Path | None = None) -> ParsedDocument:
    """Read a PDF into the internal form; corrupt and empty files raise DocumentError.

    A PDF with a scanned page is read by OCR, all of it: reading only its text pages would
    silently lose the scanned pages' tables (an appendix scanned after a typed notice).
    """
    path = Path(path)
    name = name or path.name
    items = _items(path, name)
    if items is None:
        from extract.readers.scan import read_scan

        return read_scan(path, name, ocr_cache=ocr_cache)
    return assemble(name, "pdf", items)
