"""Turn a reader's stream of text lines and table blocks into a :class:`ParsedDocument`.

Every format ends here, so section numbering (``二（六）``, ``附件1``), page-break joins of
split paragraphs and table captions behave the same for .txt, .docx and .pdf.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from core.normalize import to_simplified
from extract.document import Paragraph, ParsedDocument, Table, TableRow
from extract.names import continues_name, rejoin_lines
from extract.tables.words import table_words
from extract.text import clean_cell, clean_line, looks_traditional

CN_NUM = "一二三四五六七八九十"
TOP_HEADING = re.compile(rf"^([{CN_NUM}]+)、")
SUB_HEADING = re.compile(rf"^[（(]([{CN_NUM}]+)[）)]")
APPENDIX_HEADING = re.compile(r"^附件\s*(\d*)\s*[:：]?$")
# "— 3 —", "- 12 -", "第 3 页 共 9 页": page furniture, not text, and it must not stand
# between the two halves of a table split by a page break (PDF and OCR readers drop it).
PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d+\s*[-—–－]$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
TERMINAL = tuple("。！？；：”」』）)…!?;:")
# "— 3 —", "- 12 -", "第 3 页 共 9 页": page furniture, not text, and it must not stand
# between the two halves of a table split by a page break.
PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d+\s*[-—–－]$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")


@dataclass(frozen=True)
class TextLine:
    """One line of running text as a reader saw it."""

    text: str
    line: int
    page: int | None = None


@dataclass
class TableBlock:
    """One table as a reader saw it: rows of raw cells with their line or row numbers."""

    rows: list[TableRow] = field(default_factory=list)


@dataclass
class _Sections:
    """Tracks the numbering of the line being read: appendix, 一、 and （一）."""

    appendix: str = ""
    top: str = ""
    sub: str = ""

    def see(self, text: str) -> bool:
        """Update from a line; True when the line is a heading or an appendix label."""
        appendix = APPENDIX_HEADING.match(text)
        if appendix:
            number = appendix.group(1)
            if number:
                self.appendix = f"附件{number}"
            elif self.appendix.startswith("附件") and self.appendix[2:3].isdigit():
                self.appendix = f"{self.appendix}之附件"
            else:
                self.appendix = "附件"
            self.top = self.sub = ""
            return True
        top = TOP_HEADING.match(text)
        if top:
            self.top, self.sub = top.group(1), ""
            return True
        sub = SUB_HEADING.match(text)
        if sub:
            self.sub = f"（{sub.group(1)}）"
            return True
        return False

    @property
    def label(self) -> str:
        body = self.appendix or "正文"
        number = f"{self.top}{self.sub}"
        return f"{body} {number}" if number else body


def simplify_items(items: list[TextLine | TableBlock]) -> list[TextLine | TableBlock]:
    """Traditional-character documents to simplified, as ``decode_bytes`` does for .txt."""
    texts = [i.text for i in items if isinstance(i, TextLine)]
    texts += [c for i in items if isinstance(i, TableBlock) for r in i.rows for c in r.cells]
    if not looks_traditional("".join(texts)):
        return items
    return [
        TextLine(to_simplified(i.text), i.line, i.page)
        if isinstance(i, TextLine)
        else TableBlock([replace(r, cells=tuple(to_simplified(c) for c in r.cells)) for r in i.rows])
        for i in items
    ]


def _continues(previous: str, following: str) -> bool:
    """A paragraph split by a page break: long text cut mid-sentence, next line not a heading.

    Letterheads and contact lines are short and have no commas; prose cut by a page is long
    and has them.
    """
    if len(previous) < 40 or previous.endswith(TERMINAL) or not ("，" in previous or "," in previous):
        return False
    return not (
        TOP_HEADING.match(following) or SUB_HEADING.match(following) or APPENDIX_HEADING.match(following)
    )


def _caption(recent: list[str]) -> str:
    """The title printed above a table: the nearest line naming a 表, else the nearest line."""
    for text in reversed(recent[-3:]):
        if "表" in text and not APPENDIX_HEADING.match(text):
            return text
    return recent[-1] if recent and not APPENDIX_HEADING.match(recent[-1]) else ""


def _cell(text: str) -> str:
    """A cell as one line: wrapped names glued back, names printed one a line kept apart."""
    if "\n" not in text:
        return clean_cell(text)
    return clean_cell(rejoin_lines(text.split("\n")))


def _cleaned(row: TableRow) -> TableRow:
    """The row with its cells cleaned; the same row when cleaning changes nothing (most do not)."""
    cells = tuple(_cell(c) for c in row.cells)
    return row if cells == row.cells else replace(row, cells=cells)


def _wrapped_tail(row: TableRow, previous: TableRow) -> bool:
    """A row holding only the rest of names cut at the foot of the row above (a cell wrapped
    onto the next printed row or page: 云南省第一人民医 / 院)."""
    filled = [(i, c) for i, c in enumerate(row.cells) if c]
    return (
        bool(filled)
        and len(row.cells) == len(previous.cells)
        and all(continues_name(previous.cells[i], c) for i, c in filled)
    )


def join_wrapped_rows(rows: list[TableRow]) -> list[TableRow]:
    """Rows whose cells only finish the names of the row above are glued onto it: a fragment
    is never a row of its own, and never an entity."""
    out: list[TableRow] = []
    for row in rows:
        if out and _wrapped_tail(row, out[-1]):
            above = out[-1]
            cells = tuple(a + b for a, b in zip(above.cells, row.cells, strict=True))
            out[-1] = replace(above, cells=cells)
        else:
            out.append(row)
    return out


@dataclass
class _AfterTable:
    """What follows a table: its notes (注：…) belong to it, and a 续表 line between page
    furniture says the next table block is the same table going on."""

    table: Table | None = None
    continued: bool = False

    def furniture(self, text: str) -> bool:
        """True for a line that only belongs to the table's layout (page number, 续表)."""
        if self.table is None:
            return False
        if PAGE_NUMBER.match(text):
            return True
        if text in table_words().continued:
            self.continued = True
            return True
        if text.startswith(table_words().notes) and not self.continued:
            self.table.notes.append(text)
            return False
        self.table = None
        return False


def assemble(name: str, fmt: str, items: Iterable[TextLine | TableBlock]) -> ParsedDocument:
    """Build the internal form from a reader's items, in document order."""
    doc = ParsedDocument(name=name, fmt=fmt)
    sections = _Sections()
    recent: list[str] = []  # recent non-empty text lines, for table captions
    pending: TextLine | None = None  # a paragraph that may continue after a page break
    pending_section = ""
    pending_heading = False

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            doc.paragraphs.append(
                Paragraph(pending.text, pending_section, pending.line, pending.page, pending_heading)
            )
            pending = None

    after = _AfterTable()
    for item in items:
        if isinstance(item, TableBlock):
            flush()
            rows = [_cleaned(r) for r in item.rows]
            rows = [r for r in rows if any(r.cells)]
            if rows and after.table is not None and after.continued:
                after.table.rows[:] = join_wrapped_rows(after.table.rows + rows)  # 续表: same table
                after.continued = False
            elif rows:
                rows = join_wrapped_rows(rows)
                doc.tables.append(Table(_caption(recent), sections.appendix, rows, len(doc.tables)))
                after = _AfterTable(doc.tables[-1])
            continue
        text = clean_line(item.text)
        doc.lines.append(text)
        if not text or after.furniture(text):
            continue
        if pending is not None and not pending_heading and _continues(pending.text, text):
            pending = TextLine(pending.text + text, pending.line, pending.page)
            continue
        flush()
        is_heading = sections.see(text)
        recent.append(text)
        pending = TextLine(text, item.line, item.page)
        pending_section = sections.label
        pending_heading = is_heading and len(text) <= 40 and not text.endswith("。")
    flush()
    return doc
