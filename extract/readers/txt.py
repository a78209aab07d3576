"""Plain-text reader: lines with tabs are table rows, everything else is running text.

Text extracted from official PDFs keeps a table's cells tab-separated, one printed row a
line; page breaks show as blank lines and repeated header rows, which the table extractor
handles. Runs of tab lines separated only by blank lines are one table. Space-aligned
(fixed-width) tables are found by :mod:`extract.readers.fixed_width`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extract.document import ParsedDocument, TableRow
from extract.readers.assemble import TableBlock, TextLine, assemble
from extract.readers.decode import decode_bytes
from extract.readers.fixed_width import find_tables


def _items(lines: list[str]) -> Iterator[TextLine | TableBlock]:
    block: TableBlock | None = None
    blanks: list[TextLine] = []
    fixed = {table.first: table for table in find_tables([raw.rstrip("\r\n") for raw in lines])}
    skip_to = -1
    for number, raw in enumerate(lines, start=1):
        if number - 1 <= skip_to:
            continue
        line = raw.rstrip("\r\n")
        if number - 1 in fixed:
            if block is not None:
                yield block
                block = None
            yield from blanks
            blanks = []
            table = fixed[number - 1]
            yield TableBlock([TableRow(cells, index + 1) for index, cells in table.rows])
            skip_to = table.last
            continue
        if "\t" in line and line.strip():
            if block is None:
                yield from blanks
                block = TableBlock()
            blanks = []
            block.rows.append(TableRow(tuple(line.split("\t")), number))
        elif not line.strip():
            blanks.append(TextLine("", number))
        else:
            if block is not None:
                yield block
                block = None
            yield from blanks
            blanks = []
            yield TextLine(line, number)
    if block is not None:
        yield block
    yield from blanks


def read_txt(path: Path, name: str | None = None) -> ParsedDocument:
    text = decode_bytes(path.read_bytes(), path.name)
    return assemble(name or path.name, "txt", _items(text.splitlines()))
