"""County names misread by OCR, corrected from the administrative divisions.

OCR misreads rare characters: 南涧县 comes back 南润县, 麻栗坡县 麻票坡县, 漾濞县 漾县. A place
name is a closed vocabulary (the gazetteer holds every county), so a county-shaped name at
the start of a table cell that names no place is compared with the counties of the
table's province — the province most of its recognised county cells lie in — and taken for
the one county one character away, when exactly one is (a form that only adds a dropped
character is preferred: see ``_nearest``). Two candidates (南润县: 南涧县 or 南华县) mean
no correction: the name stays as read and unresolved, never a guess. Every correction is
reported with the original. Only OCR'd documents are touched.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from core.messages import message
from core.records import Problem
from extract.document import ParsedDocument, Table
from extract.places import Gazetteer

# A county-level name leading a cell: up to six characters ending in a county-level suffix.
_LEADING_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:县|区|市|旗))")


def _table_province(table: Table, gazetteer: Gazetteer) -> str | None:
    provinces = Counter(
        place.province
        for row in table.rows
        for cell in row.cells
        if cell and (place := gazetteer.locate(cell)) is not None and place.level == "county"
    )
    return provinces.most_common(1)[0][0] if provinces else None


def _nearest(name: str, forms: list[str]) -> str | None:
    """The one county form one edit from ``name``. Between a form that only adds a character
    and others, the adding one wins: the recogniser drops characters missing from its
    dictionary (濞, 蒗) far more often than it swaps one, so 漾县 is 漾濞县 rather than 云县."""
    near = {form for form in forms if form[-1] == name[-1] and Levenshtein.distance(name, form) == 1}
    if len(near) > 1:
        near = {form for form in near if len(form) == len(name) + 1}
    return near.pop() if len(near) == 1 else None


def correct_county_names(doc: ParsedDocument, gazetteer: Gazetteer) -> tuple[ParsedDocument, list[Problem]]:
    """``doc`` with misread county names in its tables corrected, and one problem each."""
    if doc.fmt != "ocr":
        return doc, []
    # Imported here: extract.tables pulls in the prose grammar, which must load first.
    from extract.tables import row_position

    problems: list[Problem] = []
    tables = []
    for table in doc.tables:
        province = _table_province(table, gazetteer)
        forms = gazetteer.county_forms(province) if province else []
        fixes: dict[str, str | None] = {}
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                match = _LEADING_PLACE.match(cell)
                read = match.group(1) if match else ""
                if read and read not in fixes:
                    known = gazetteer.locate(read, province) is not None
                    fixes[read] = None if known else _nearest(read, forms)
                if read and fixes[read]:
                    corrected = fixes[read] + cell[len(read):]
                    section = table.section or message("P610")
                    where = message("P955", section=section, position=row_position(row, doc.fmt))
                    text = message("P202", original=cell, province=province, corrected=corrected)
                    problems.append(Problem(doc.name, where, "ocr_corrected", text, row.quote))
                    cell = corrected
                cells.append(cell)
            rows.append(replace(row, cells=tuple(cells)))
        tables.append(replace(table, rows=rows))
    return replace(doc, tables=tables), problems
