"""The internal form every reader produces, whatever the file format.

A document is a list of paragraphs (each knowing its section number such as ``二（六）``
or ``附件1``) and a list of tables (rows of cells, each row knowing its source line or page).
Extractors only ever see this form, so a new format needs a reader and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, with page-break splits already joined."""

    text: str
    section: str  # "二（六）", "附件1", "附件1 一（三）", "" before the first heading
    line: int  # 1-based source line (txt) or paragraph index (docx/pdf)
    page: int | None = None
    is_heading: bool = False


@dataclass(frozen=True)
class TableRow:
    """One printed row: cells as read, left to right, stripped; empty cells are ""."""

    cells: tuple[str, ...]
    line: int  # 1-based source line, or row index within the table for docx/pdf
    page: int | None = None
    # Where the row is in the file's own terms when a line number says too little: a
    # spreadsheet's sheet and row ("Sheet1 第12行"), a scan's page and OCR line.
    place: str = ""

    @cached_property  # one string per row, however many facts the row gives
    def quote(self) -> str:
        return " | ".join(c for c in self.cells if c)


@dataclass
class Table:
    """A printed table. Repeated headers after page breaks are kept: the extractor skips them."""

    caption: str  # the title line printed above the table ("…关系表"), or ""
    section: str  # "附件1", "附件", "" when the document has no appendix heading
    rows: list[TableRow] = field(default_factory=list)
    index: int = 0  # 0-based position among the document's tables
    notes: list[str] = field(default_factory=list)  # 注：… lines printed right after the table


@dataclass
class ParsedDocument:
    """What a reader returns: the file's text in the internal form."""

    name: str  # corpus file name, e.g. "000_5e86d926f4900194.txt"
    fmt: str  # "txt" | "docx" | "pdf" | "xlsx" | "xls" | "html" | "ocr" | "doc"
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # raw non-table lines, for document metadata
    # What the file says about itself outside its text (a web page's <title> and publication
    # date); the text wins when it prints its own.
    title_hint: str = ""
    date_hint: str = ""  # ISO date, "2022-03-01"
    ocr_confidence: float | None = None  # mean recognition confidence when the text was OCR'd
    ocr_doubtful: dict[str, float] = field(default_factory=dict)  # low-confidence box text -> score

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)
