"""Excel reader (.xlsx, .xls): every sheet's tables, in the same internal form as Word's.

Pairing lists travel as spreadsheet attachments (关系表.xlsx). A sheet is laid out like a
printed table, so it is read like one:

- rows above a table holding one cell each ("附件1", "…帮扶关系表") are its title lines and
  give the caption, as a title printed above a Word table does;
- several tables on one sheet are split at blank rows;
- a merged cell keeps its text in its first cell and leaves the others "" — exactly what the
  Word reader gives for spanned and vertically merged cells, so the table extractor reads
  continuation rows the same way whatever the format;
- each row cites its sheet and row number as Excel shows them (``附件 Sheet1 第12行``).

python-calamine (Rust) reads both .xlsx and the old binary .xls with one API and no
formatting overhead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import DocumentError
from core.messages import message
from extract.document import ParsedDocument, TableRow
from extract.readers.assemble import TableBlock, TextLine, assemble, simplify_items
from extract.readers.files import require_content

# Names a spreadsheet program gives a sheet by itself: they say nothing about the table.
_DEFAULT_SHEET_NAME = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)
Cell = str | int | float | bool | dt.date | dt.time | dt.timedelta | None


def _text(value: Cell) -> str:
    """A cell as printed: whole numbers without ".0", dates as ISO dates."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class _SheetRow:
    number: int  # 1-based, as Excel numbers rows
    cells: tuple[str, ...]

    @property
    def filled(self) -> int:
        return sum(1 for c in self.cells if c.strip())


def _grid(sheet) -> list[_SheetRow]:
    """The sheet from A1, merged areas blanked except their first cell."""
    values = [[_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
        for r in range(top, min(bottom, len(values) - 1) + 1):
            for c in range(left, min(right, len(values[r]) - 1) + 1):
                if (r, c) != (top, left):
                    values[r][c] = ""
    return [_SheetRow(number, tuple(cells)) for number, cells in enumerate(values, start=1)]


def _blocks(rows: list[_SheetRow]) -> Iterator[list[_SheetRow]]:
    """Runs of non-blank rows: a blank row ends a table (or a group of title lines)."""
    run: list[_SheetRow] = []
    for row in rows:
        if row.filled:
            run.append(row)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _table_rows(rows: list[_SheetRow], sheet: str) -> TableBlock:
    """Rows cut to the columns the table uses: a table starting in column B has no empty
    first cell on every row (which the extractor would read as a continuation)."""
    used = [j for j in range(max(len(r.cells) for r in rows)) if any(r.cells[j].strip() for r in rows)]
    first, last = used[0], used[-1]
    return TableBlock(
        [
            TableRow(r.cells[first : last + 1], r.number, place=message("P959", sheet=sheet, line=r.number))
            for r in rows
        ]
    )


def _sheet_items(rows: list[_SheetRow], sheet: str) -> Iterator[TextLine | TableBlock]:
    """Title lines (single-cell rows before a table starts) and tables, top to bottom.

    Once a table has started, every row up to the next blank row belongs to it, single
    cells included (a continuation row may fill one column only).
    """
    for block in _blocks(rows):
        start = 0
        while start < len(block) and block[start].filled == 1:
            title = next(c for c in block[start].cells if c.strip())
            yield TextLine(title, block[start].number)
            start += 1
        if start < len(block):
            yield _table_rows(block[start:], sheet)


def _open(path: Path, name: str):
    import python_calamine

    require_content(path, name)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine reports a damaged or mislabelled file with several types
        raise DocumentError(message("E401", name=name), detail=type(exc).__name__) from exc


def read_excel(path: Path, name: str | None = None) -> ParsedDocument:
    """Read every worksheet of an .xlsx or .xls into one document, sheet after sheet."""
    import python_calamine

    path = Path(path)
    name = name or path.name
    fmt = path.suffix.lower().lstrip(".") or "xlsx"
    workbook = _open(path, name)
    doc = ParsedDocument(name=name, fmt=fmt)
    try:
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        sheets = [m.name for m in workbook.sheets_metadata if m.typ == worksheet]  # not chart sheets
        for sheet_name in sheets:
            rows = _grid(workbook.get_sheet_by_name(sheet_name))
            # Each sheet is assembled alone: a title on one sheet is no caption for the next.
            part = assemble(name, fmt, simplify_items(list(_sheet_items(rows, sheet_name))))
            doc.paragraphs.extend(part.paragraphs)
            doc.lines.extend(part.lines)
            fallback = "" if _DEFAULT_SHEET_NAME.match(sheet_name.strip()) else sheet_name.strip()
            for table in part.tables:
                doc.tables.append(
                    replace(
                        table,
                        caption=table.caption or fallback,
                        section=table.section or "附件",  # a spreadsheet is an attachment
                        index=len(doc.tables),
                    )
                )
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(message("E402", name=name), detail=type(exc).__name__) from exc
    finally:
        workbook.close()
    if not doc.tables and not doc.paragraphs:
        raise DocumentError(message("E403", name=name))
    return doc
