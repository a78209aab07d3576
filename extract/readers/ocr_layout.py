"""Lines and table cells rebuilt from OCR text boxes, so scans reach the same table reader.

An OCR engine returns boxes of text with their corners and a confidence, in no useful order:
one box per printed line of a paragraph, one per line of a table cell. This module puts them
back into the reader's items (text lines and table blocks):

1. **Deskew.** A page scanned or photographed a degree off level drifts by a whole table
   row across the page. The skew is the median slope of the long boxes' top edges; every box
   is turned back by it (no second OCR pass is needed).
2. **Lines.** Boxes whose vertical extents overlap by half the smaller height are one line.
3. **Tables.** A line of three or more boxes apart from each other starts a table; its boxes
   are the header and give the columns. Each later box goes to the column whose header it
   overlaps most horizontally (left-, centre- or right-aligned cells all overlap their
   header); a box wider than one column, or a line no column takes, ends the table. Data
   left-aligned on one edge under no header box (a header cell spanning two columns)
   makes a column of its own.
4. **Rows and wrapped cells.** A cell too narrow for its text wraps onto more lines
   (``云南中医药大学第`` / ``二附属医院``). A line belongs to the row above when it has text
   only in columns whose text above ran to the column's right edge, and touches it (no cell
   padding in between); otherwise it starts a new row. Rows never continue across pages.

Nothing here knows the engine: it works on :class:`Box` values, which are cached per file.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from itertools import pairwise

from core.messages import message
from extract.document import TableRow
from extract.readers.assemble import PAGE_NUMBER, TableBlock, TextLine

_MIN_HEADER_CELLS = 3


@dataclass(frozen=True)
class Box:
    """One recognised text box on a page: corners clockwise from top-left, in pixels."""

    text: str
    corners: tuple[tuple[float, float], ...]
    score: float

    @property
    def x0(self) -> float:
        return min(x for x, _ in self.corners)

    @property
    def x1(self) -> float:
        return max(x for x, _ in self.corners)

    @property
    def top(self) -> float:
        return min(y for _, y in self.corners)

    @property
    def bottom(self) -> float:
        return max(y for _, y in self.corners)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def char_width(self) -> float:
        """About one character's width: Chinese characters are square, so the box height
        is a fair measure when the text is short."""
        return max(self.height * 0.8, (self.x1 - self.x0) / max(len(self.text), 1))


def skew_angle(boxes: list[Box]) -> float:
    """The page's rotation in radians: the median slope of long boxes' top edges."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
        if x1 - x0 > 4 * max(box.height, 1):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


def deskew(boxes: list[Box], width: float, height: float) -> list[Box]:
    """Boxes turned back by the page's skew, around the page centre."""
    angle = skew_angle(boxes)
    if abs(angle) < 1e-4:
        return boxes
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = width / 2, height / 2

    def turn(point: tuple[float, float]) -> tuple[float, float]:
        x, y = point[0] - cx, point[1] - cy
        return (cx + x * cos - y * sin, cy + x * sin + y * cos)

    return [Box(b.text, tuple(turn(p) for p in b.corners), b.score) for b in boxes]


@dataclass
class Line:
    """Boxes printed on one line, left to right."""

    boxes: list[Box]
    number: int = 0  # 1-based OCR line number on its page

    @property
    def top(self) -> float:
        return min(b.top for b in self.boxes)

    @property
    def bottom(self) -> float:
        return max(b.bottom for b in self.boxes)

    @property
    def height(self) -> float:
        return statistics.median(b.height for b in self.boxes)

    @property
    def text(self) -> str:
        """The line as printed: boxes apart by more than a character get a space."""
        out = ""
        for previous, box in zip([None, *self.boxes], self.boxes, strict=False):
            if previous is not None and box.x0 - previous.x1 > previous.char_width:
                out += " "
            out += box.text
        return out


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def group_lines(boxes: list[Box]) -> list[Line]:
    """Boxes in reading order, grouped into lines by vertical overlap."""
    lines: list[Line] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        for line in reversed(lines[-3:]):
            shared = _overlap(line.top, line.bottom, box.top, box.bottom)
            if shared >= 0.5 * min(box.height, line.height):
                line.boxes.append(box)
                break
        else:
            lines.append(Line([box]))
    for number, line in enumerate(lines, start=1):
        line.boxes.sort(key=lambda b: b.x0)
        line.number = number
    return lines


@dataclass
class _Column:
    x0: float
    x1: float  # the header box's extent (or, for a column without a header, its boxes' left edges)
    right: float  # where the column ends: the next column's left edge (or the table's right)


def _with_rights(columns: list[_Column], right_edge: float) -> list[_Column]:
    columns = sorted(columns, key=lambda c: c.x0)
    rights = [c.x0 for c in columns[1:]] + [max(right_edge, columns[-1].x1)]
    return [_Column(c.x0, c.x1, r) for c, r in zip(columns, rights, strict=True)]


def _column_of(columns: list[_Column], box: Box) -> int | None:
    """The column a box belongs to: the one whose header it overlaps, else the one its left
    edge falls in; None when it spans two headers (running text under the table) or lies
    outside the table."""
    overlaps = [_overlap(box.x0, box.x1, c.x0, c.x1) for c in columns]
    if sum(1 for o in overlaps if o > 0.5 * box.char_width) > 1:
        return None
    best = max(range(len(overlaps)), key=overlaps.__getitem__)
    if overlaps[best] > 0:
        return best
    inside = [j for j, c in enumerate(columns) if c.x0 - box.char_width <= box.x0 < c.right]
    return inside[0] if inside and box.x1 <= columns[inside[0]].right + box.char_width else None


def _unheaded_columns(columns: list[_Column], boxes: list[Box]) -> list[_Column]:
    """Columns the header does not name: data printed right of a header's text, under no
    header box, left-aligned on one edge in two or more rows (a header cell spanning two
    columns, such as 贫困县县级医院 over a 人民医院 and a 中医院 column)."""
    edges = sorted(
        b.x0
        for b in boxes
        if all(_overlap(b.x0, b.x1, c.x0, c.x1) <= 0 for c in columns)
        and any(c.x1 + b.char_width < b.x0 < c.right for c in columns)
    )
    found: list[_Column] = []
    group: list[float] = []
    tolerance = statistics.median(b.height for b in boxes) if boxes else 0.0
    for edge in [*edges, math.inf]:
        if group and edge - group[-1] > tolerance:
            if len(group) >= 2:
                found.append(_Column(group[0], group[-1] + tolerance, 0.0))
            group = []
        group.append(edge)
    return found


@dataclass
class _OpenTable:
    """A table being read: its header's columns and the lines taken so far (with their page)."""

    columns: list[_Column]
    lines: list[tuple[int, Line]] = field(default_factory=list)

    def takes(self, line: Line) -> bool:
        return all(_column_of(self.columns, b) is not None for b in line.boxes)


@dataclass
class _Rows:
    """Lines laid into rows of cells (each a list of boxes), wrapped cell lines joined."""

    columns: list[_Column]
    rows: list[list[list[Box]]] = field(default_factory=list)
    origins: list[tuple[int, int]] = field(default_factory=list)  # (page, OCR line) each row starts on

    def continues_row(self, line: Line, columns: list[int]) -> bool:
        """Text only in columns whose cell above ran to its right edge, right below it."""
        if not self.rows:
            return False
        row = self.rows[-1]
        for column in set(columns):
            cell = row[column]
            if not cell:
                return False
            last = max(cell, key=lambda b: b.bottom)
            if last.x1 < self.columns[column].right - 3 * last.char_width:
                return False
            if line.top - last.bottom > 0.15 * last.height:  # wrapped lines touch; rows have padding
                return False
        return True

    def add(self, line: Line, page: int, new_page: bool) -> None:
        columns = [_column_of(self.columns, b) for b in line.boxes]
        placed = [(b, c) for b, c in zip(line.boxes, columns, strict=True) if c is not None]
        if new_page or not self.continues_row(line, [c for _, c in placed]):
            self.rows.append([[] for _ in self.columns])
            self.origins.append((page, line.number))
        for box, column in placed:
            self.rows[-1][column].append(box)


def _header(line: Line, right_edge: float) -> list[_Column] | None:
    """A line of three or more boxes, each at least a character from the next: a header."""
    boxes = line.boxes
    if len(boxes) < _MIN_HEADER_CELLS:
        return None
    if any(b.x0 - a.x1 < a.char_width for a, b in pairwise(boxes)):
        return None
    return _with_rights([_Column(b.x0, b.x1, 0.0) for b in boxes], right_edge)


def _cell_text(boxes: list[Box]) -> str:
    """A cell's wrapped lines top to bottom, boxes of one line left to right."""
    return "\n".join(line.text for line in group_lines(boxes))


def _table_block(table: _OpenTable) -> TableBlock:
    """The table's rows, on its header's columns and those the header does not name; rows
    numbered within the table, each citing its page and OCR line."""
    boxes = [b for _, line in table.lines[1:] for b in line.boxes]
    right_edge = max(b.x1 for _, line in table.lines for b in line.boxes)
    columns = _with_rights(table.columns + _unheaded_columns(table.columns, boxes), right_edge)
    rows = _Rows(columns)
    previous_page = None
    for page, line in table.lines:
        rows.add(line, page, new_page=page != previous_page)
        previous_page = page
    return TableBlock(
        [
            TableRow(
                tuple(_cell_text(cell) for cell in row),
                index,
                page,
                place=message("P960", page=page, line=line),
            )
            for index, (row, (page, line)) in enumerate(zip(rows.rows, rows.origins, strict=True), start=1)
        ]
    )


def page_items(
    boxes: list[Box], width: float, height: float, page: int, carried: _OpenTable | None = None
) -> tuple[list[TextLine | TableBlock], _OpenTable | None]:
    """A page's text lines and tables, in reading order.

    ``carried`` is a table left open at the foot of the previous page: a table that goes on
    at the top of this page (its lines fit the same columns) continues it, as a printed
    table split by a page break is one table. Returns the items and the table still open.
    """
    lines = [
        line for line in group_lines(deskew(boxes, width, height)) if not PAGE_NUMBER.match(line.text.strip())
    ]
    right_edge = max((b.x1 for b in boxes), default=width)
    items: list[TextLine | TableBlock] = []
    table = carried
    for line in lines:
        if table is not None and table.takes(line):
            table.lines.append((page, line))
            continue
        if table is not None:
            items.append(_table_block(table))
            table = None
        header = _header(line, right_edge)
        if header is not None:
            table = _OpenTable(header, [(page, line)])
            continue
        items.append(TextLine(line.text, line.number, page))
    return items, table


def layout(pages: list[tuple[list[Box], float, float]]) -> list[TextLine | TableBlock]:
    """Every page's items; a table open at a page's foot may continue on the next page."""
    items: list[TextLine | TableBlock] = []
    open_table: _OpenTable | None = None
    for number, (boxes, width, height) in enumerate(pages, start=1):
        page, open_table = page_items(boxes, width, height, number, open_table)
        items.extend(page)
    if open_table is not None:
        items.append(_table_block(open_table))
    return items
