"""Pairing tables: who supports whom, row by row, whatever the layout.

The package reads a table in the order a person does: the header first (:mod:`.header`: which
column is the recipient, the supporters, the lead), then what each cell is (:mod:`.cells`: a
row number, a county, a name with its lead mark, a note or totals row), then the rows grouped
by county or entry (:mod:`.extractor`). The words it knows are data (:mod:`.words`).
"""

from __future__ import annotations

import re

from core.messages import message
from core.normalize import normalize_name
from extract.document import Table
from extract.names import is_institution, split_names
from extract.tables.cells import split_needs, split_people
from extract.tables.extractor import (
    TableContext,
    TableExtractor,
    TableResult,
    row_position,
    skipped_table,
)
from extract.tables.header import Role, header_role, is_header_row

__all__ = [
    "Role",
    "TableContext",
    "TableResult",
    "extract_table",
    "header_role",
    "is_header_row",
    "is_pairing_table",
    "program_label",
    "row_position",
    "split_needs",
    "split_people",
]


def is_pairing_table(table: Table) -> bool:
    """Templates and statistics forms (派驻人员基本信息表, 工作量统计表) name no institution."""
    return any(is_institution(name) for row in table.rows for cell in row.cells for name in split_names(cell))


def extract_table(table: Table, context: TableContext) -> TableResult:
    """Pairings, orphans, staff and problems of one table; other tables are reported as skipped."""
    if not is_pairing_table(table):
        result = TableResult()
        result.problems.append(skipped_table(table, context.doc, message("P901")))
        return result
    return TableExtractor(table, context).run()


def program_label(caption: str) -> str:
    """A programme's label from its table caption: "…关系表(江西省)" -> "…"."""
    label = normalize_name(caption)
    label = re.sub(r"[（(][^（()）]*[）)]$", "", label)
    label = re.sub(r"(工作)?(关系|对应|结对)?(一览)?表$", "", label)
    return label or message("P613")
