"""Table cells rebuilt from OCR boxes alone (no engine): rotation, wrapped cells, page breaks."""

from __future__ import annotations

import math

import pytest

from extract.readers.assemble import TableBlock, TextLine
from extract.readers.ocr_layout import Box, deskew, layout, skew_angle

CHAR = 17.0  # one character at 150 dpi, 8-point type
LINE = 21.0
WIDTH, HEIGHT = 1240.0, 1754.0
COLUMNS = (150.0, 260.0, 480.0, 860.0)  # left edges of 序号, 县, 受援医院, 支援医院 (a 900 px table)


def _box(text: str, x0: float, top: float, angle: float = 0.0) -> Box:
    corners = [(x0, top), (x0 + CHAR * len(text), top), (x0 + CHAR * len(text), top + LINE), (x0, top + LINE)]
    cx, cy = WIDTH / 2, HEIGHT / 2
    cos, sin = math.cos(angle), math.sin(angle)
    turned = tuple((cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos)
                   for x, y in corners)
    return Box(text, turned, 0.99)


def _page(rows: list[tuple[str, ...]], angle: float, top: float = 300.0) -> list[Box]:
    """A title line, then ruled rows: cells top-aligned, 8 px of padding between rows; a cell
    with "/" wraps there onto a second line that touches the first."""
    boxes = [_box("关系表", 500, top - 60, angle)]
    y = top
    for cells in rows:
        lines = 1
        for column, text in enumerate(cells):
            for n, part in enumerate(text.split("/") if text else []):
                boxes.append(_box(part, COLUMNS[column] + 3, y + n * LINE, angle))
                lines = max(lines, n + 1)
        y += lines * LINE + 8
    boxes.append(_box("—3—", 600, y + 200, angle))
    return boxes


ROWS = [
    ("序号", "县", "受援医院", "支援医院"),
    ("1", "禄劝县", "禄劝县人民医院", "昆明市延安医院"),
    ("", "", "禄劝县中医医院", "云南中医药大学第/二附属医院"),
    ("2", "寻甸县", "寻甸县人民医院", "昆明医科大学第一附/属医院"),
]
EXPECTED = [
    ("序号", "县", "受援医院", "支援医院"),
    ("1", "禄劝县", "禄劝县人民医院", "昆明市延安医院"),
    ("", "", "禄劝县中医医院", "云南中医药大学第\n二附属医院"),
    ("2", "寻甸县", "寻甸县人民医院", "昆明医科大学第一附\n属医院"),
]


@pytest.mark.parametrize("degrees", [-1.0, 0.0, 1.0])
def test_rotated_table_with_wrapped_cells(degrees: float) -> None:
    angle = math.radians(degrees)
    items = layout([(_page(ROWS, angle), WIDTH, HEIGHT)])
    assert [type(i) for i in items] == [TextLine, TableBlock]
    assert items[0].text == "关系表"
    table = items[1]
    assert [r.cells for r in table.rows] == EXPECTED
    assert [r.place for r in table.rows] == [f"第1页 OCR第{n}行" for n in (2, 3, 4, 6)]


def test_skew_is_measured_and_turned_back() -> None:
    boxes = _page(ROWS, math.radians(1.0))
    assert math.degrees(skew_angle(boxes)) == pytest.approx(1.0, abs=0.01)
    assert math.degrees(skew_angle(deskew(boxes, WIDTH, HEIGHT))) == pytest.approx(0.0, abs=0.01)


def test_table_continued_on_the_next_page_is_one_table() -> None:
    """The second page repeats the header; rows never continue across the page break."""
    first = _page(ROWS[:2], 0.0)
    second = [b for b in _page([ROWS[0], ROWS[3]], 0.0, top=100.0) if b.text != "关系表"]
    items = layout([(first, WIDTH, HEIGHT), (second, WIDTH, HEIGHT)])
    tables = [i for i in items if isinstance(i, TableBlock)]
    assert len(tables) == 1
    assert [(r.cells, r.page) for r in tables[0].rows] == [
        (EXPECTED[0], 1), (EXPECTED[1], 1), (EXPECTED[0], 2), (EXPECTED[3], 2)
    ]
