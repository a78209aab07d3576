"""Write tests/data/seed_002.xls: the seed relation table of 002 as an old binary Excel file.

No maintained library writes .xls (BIFF8) any more: openpyxl and python-calamine cannot,
and ``xlwt`` was last released in 2017. So the .xls test reads this small committed file,
made once with xlwt (not a dependency of bangfu). To remake it, unpack the xlwt wheel
somewhere and run::

    pip download xlwt==1.3.0 --no-deps -d /tmp/xlwt && (cd /tmp/xlwt && unzip -o xlwt-*.whl)
    PYTHONPATH=/tmp/xlwt:. .venv/bin/python scripts/make_xls_fixture.py

Layout as in the .xlsx test: a section line, the caption merged across the table, the table
from B4, each group's first cells merged down over its continuation rows.
"""

from __future__ import annotations

from pathlib import Path

import xlwt

from extract.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "002_f96d2e1adf756957.txt"
OUT = ROOT / "tests" / "data" / "seed_002.xls"


def main() -> None:
    table = read_document(SOURCE).tables[0]
    width = max(len(r.cells) for r in table.rows)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("关系表")
    sheet.write(1, 1, table.section)
    sheet.write_merge(2, 2, 1, width, table.caption)
    top = 3
    grid = [list(r.cells) + [""] * (width - len(r.cells)) for r in table.rows]
    written: set[tuple[int, int]] = set()
    for column in range(width):
        start = None
        for index in range(len(grid) + 1):
            continues = index < len(grid) and start is not None and not any(grid[index][: column + 1])
            if continues:
                continue
            if start is not None and index - 1 > start:
                sheet.write_merge(top + start, top + index - 1, 1 + column, 1 + column, grid[start][column])
                written.add((start, column))
            start = index if index < len(grid) and grid[index][column] else None
    for index, cells in enumerate(grid):
        for column, text in enumerate(cells):
            if text and (index, column) not in written:
                sheet.write(top + index, 1 + column, int(text) if text.isdigit() else text)
    book.save(str(OUT))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
