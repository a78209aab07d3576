"""Pairing tables: who supports whom, row by row, whatever the layout.

Printed tables are messy: headers repeat after page breaks, continuation rows leave leading
cells empty, cells shift left when a column is empty, a county hospital slides into the
supporter column, a wrapped ``(迪庆州人民医院)`` lands on the next page. So each cell is
judged by what it *is* (a row number, a county, a hospital of that county, another
hospital, a list of people) and the header only breaks ties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.messages import message
from core.model import Evidence
from core.normalize import normalize_name
from core.records import AliasSighting, Dispatch, Orphan, Pairing, Problem
from extract.document import Table, TableRow
from extract.name_check import unreadable_reason
from extract.names import is_bracketed_fragment, is_institution, split_bracket, split_names
from extract.tables.cells import (
    COUNTY,
    PERIOD,
    PROVINCE,
    LeadMarks,
    is_continued_row,
    is_totals_row,
    note_of_row,
    row_number,
    split_needs,
    split_people,
)
from extract.tables.header import SUPPORTING_ROLES, Columns, Role, is_header_row


@dataclass(frozen=True)
class TableContext:
    """What the table extractor knows about the document around a table."""

    doc: str
    program: str
    region_county: str = ""  # a county-level issuer's own county (科尔沁左翼中旗), for county-less tables
    is_county: Callable[[str], bool] | None = None  # gazetteer test for a county cell
    county_prefixes: Callable[[str], tuple[str, ...]] | None = None  # surface forms of a printed county
    source_format: str = "txt"  # says what a row's number counts: a line of the file, or a table row
    place_level: Callable[[str], str | None] | None = None  # level of a name's leading place (tiers)


def row_position(row: TableRow, source_format: str) -> str:
    """Where a printed row is in its file: a .txt line, a Word table row, a PDF page and row,
    or the place its reader named (a spreadsheet's sheet and row, a scan's page and OCR line)."""
    if row.place:
        return row.place
    if source_format == "txt":
        return message("P950", line=row.line)
    if row.page is not None:
        return message("P951", page=row.page, line=row.line)
    return message("P952", line=row.line)


def skipped_table(table: Table, doc: str, note: str) -> Problem:
    """The problem saying a whole table was read and deliberately not taken as pairings."""
    section = table.section or message("P610")
    where = message("P956", section=section, caption=table.caption) if table.caption else section
    return Problem(doc, where, "skipped_table", note, table.rows[0].quote if table.rows else "")


@dataclass
class TableResult:
    pairings: list[Pairing] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    dispatches: list[Dispatch] = field(default_factory=list)
    aliases: list[AliasSighting] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data_rows: int = 0


@dataclass
class _HospitalCell:
    names: list[str]  # one name, or a list cell split on 、, lead marks stripped
    column: int
    leads: list[bool]  # per name: marked as the lead, first of a lead-first list, or in a lead column


@dataclass
class _Group:
    """Rows that belong to one county (or one numbered entry) of the table."""

    county: str = ""
    index: str = ""
    head: TableRow | None = None
    recipients: list[str] = field(default_factory=list)
    supported: set[str] = field(default_factory=set)
    current: str = ""
    where_of: dict[str, str] = field(default_factory=dict)
    quote_of: dict[str, str] = field(default_factory=dict)


class TableExtractor:
    """Extract pairings, orphans and dispatched staff from one table."""

    def __init__(self, table: Table, context: TableContext) -> None:
        self.table = table
        self.ctx = context
        self.result = TableResult()
        self.columns = Columns()
        self.marks = LeadMarks()
        self.group = _Group()
        self.tiers: dict[str, int] = {}
        # The evidence of the row being read, made once for all the facts of the row (a row
        # naming five supporters gives five pairings citing one Evidence, not five copies).
        self._row_evidence: tuple[TableRow, str, TableRow | None, Evidence] | None = None

    # -- public -------------------------------------------------------------------------
    def run(self) -> TableResult:
        """Header first, then notes (they may declare the lead), then the rows of data."""
        data: list[TableRow] = []
        notes = [(note, None) for note in self.table.notes]
        previous_was_header = False
        for row in self.table.rows:
            if is_header_row(row.cells):
                if not self.columns.roles:
                    self.columns = Columns.from_header(row.cells)
                elif previous_was_header:
                    self.columns.add_level(row.cells)  # a two-level header's second row
                previous_was_header = True
                continue
            previous_was_header = False
            note = note_of_row(row.cells)
            if note:
                notes.append((note, row))
            elif not (is_totals_row(row.cells) or is_continued_row(row.cells)):
                data.append(row)
        for note, row in notes:
            used = self.columns.apply_lead_first_note(note)
            used = self.marks.learn_from_note(note) or used
            if row is not None and not used:  # a note row the reader has no use for: shown, not dropped
                self._problem(row, "unparsed_row", message("P903", note=note))
        if self.columns.is_profile:
            self.result.problems.append(skipped_table(self.table, self.ctx.doc, message("P902")))
            return self.result
        for row in data:
            self.result.data_rows += 1
            self._row(row)
        self._close_group()
        return self.result


    # -- rows -----------------------------------------------------------------------------
    def _where(self, row: TableRow, index: str | None = None) -> str:
        section = self.table.section or message("P610")
        index = self.group.index if index is None else index
        position = row_position(row, self.ctx.source_format)
        if index:
            return message("P954", section=section, index=index, position=position)
        return message("P955", section=section, position=position)

    def _quote(self, row: TableRow) -> str:
        head = self.group.head
        if head is None or head is row:
            return row.quote
        return f"{head.quote} … {row.quote}"

    def _is_county_cell(self, cell: str, column: int) -> bool:
        if is_institution(cell) or not COUNTY.match(cell):
            return False
        if self.ctx.is_county is not None and self.ctx.is_county(cell):
            return True
        # Cells shift left when a column is empty, so in a table that has a county column,
        # a county-shaped cell is the county wherever it landed.
        return self.columns.has_county or self.columns.role(column) == Role.COUNTY

    def _prefixes(self, county: str) -> tuple[str, ...]:
        forms = {county}
        if self.ctx.county_prefixes is not None:
            forms.update(self.ctx.county_prefixes(county))
        return tuple(f for f in forms if f)

    def _of_county(self, name: str) -> bool:
        county = self.group.county
        return bool(county) and name.startswith(self._prefixes(county))

    def _row(self, row: TableRow) -> None:
        if self._unreadable(row):
            return
        hospitals: list[_HospitalCell] = []
        fragments: list[tuple[int, str]] = []
        needs: list[str] = []
        people_cells: list[str] = []
        period = ""
        unknown: list[str] = []
        new_index = new_county = ""
        for i, raw in enumerate(row.cells):
            cell = raw.strip()
            if not cell:
                continue
            role = self.columns.role(i)
            if role in (Role.STAFF, Role.NEEDS, Role.PERIOD) and is_institution(cell):
                role = None  # a hospital shifted into a detail column is still a hospital
            if row_number(cell) and role in (None, Role.INDEX):
                new_index = row_number(cell)
            elif role in (Role.NOTES, Role.PROFILE) and not is_institution(cell):
                continue  # a remark (原帮扶关系不变) or a statistic, not a name
            elif self._is_county_cell(cell, i):
                new_county = cell
            elif role == Role.STAFF:
                people_cells.append(cell)
            elif role == Role.NEEDS:
                needs.extend(split_needs(cell))
            elif role == Role.PERIOD or (role is None and PERIOD.search(cell) and not is_institution(cell)):
                period = cell
            elif (role in (Role.PROVINCE, Role.PLACE) or PROVINCE.match(cell)) and not is_institution(cell):
                continue  # the province or prefecture column only labels the group
            elif is_bracketed_fragment(cell):
                fragments.append((i, cell))
            elif any(is_institution(self.marks.strip(n)[0]) for n in split_names(cell)):
                hospitals.append(self._hospital_cell(cell, i))
            else:
                unknown.append(cell)
        self._start_group_if_new(row, new_index, new_county)
        if self.group.head is None:
            self.group.head = row
        for _, fragment in fragments:
            self._attach_fragment(fragment, row)
        aligned = self._aligned(row, new_index, new_county)
        recipients, supporters = self._assign_roles(hospitals, aligned=aligned)
        if not self.columns.has_county and not recipients and not supporters and hospitals:
            supporters = hospitals
        conflict = self._role_conflict(recipients, supporters)
        if conflict:
            self._problem(row, "role_conflict", conflict)
            return
        for name in recipients:
            self._add_recipient(name, row)
        target = recipients[0] if recipients else self.group.current
        made: list[Pairing] = []
        for cell in supporters:
            for name, lead in zip(cell.names, cell.leads, strict=True):
                pairing = self._pair(name, target, row, lead=lead, needs=needs, period=period)
                if pairing is not None:
                    made.append(pairing)
        for cell in people_cells:
            self._dispatch(cell, made, row, period)
        if unknown and not made and not recipients:
            self._problem(row, "unparsed_row", message("P904", cells="、".join(unknown)))
        elif unknown:
            self._problem(row, "unparsed_cell", message("P905", cells="、".join(unknown)))

    def _unreadable(self, row: TableRow) -> bool:
        """A row with a cell no name can come from (markup, control characters, absurd length)
        is reported whole and read no further: guessing around the bad cell could pair a
        supporter with the wrong recipient."""
        bad = [(cell, reason) for cell in row.cells if (reason := unreadable_reason(cell)) is not None]
        if not bad:
            return False
        printed = next((n for c in row.cells if (n := row_number(c))), "")
        where = self._where(row, printed or self.group.index)  # the row's own 序号 when it has one
        for cell, reason in bad:
            note = message("P906", reason=reason, cell=cell[:200])
            self.result.problems.append(Problem(self.ctx.doc, where, "unreadable_cell", note, row.quote))
        return True

    def _tier(self, name: str) -> int:
        # Imported here: extract.tiers reads the prose vocabulary through extract.prose, whose
        # package imports extract.tiers back; importing it at the top made
        # ``import extract.tables`` fail when it came first.
        from extract.tiers import tier_of

        if name not in self.tiers:
            place_level = self.ctx.place_level or (lambda _name: None)
            self.tiers[name] = tier_of(name, place_level=place_level)
        return self.tiers[name]

    def _role_conflict(self, recipients: list[str], supporters: list[_HospitalCell]) -> str:
        """The header says who receives; what the names are checks it. A recipient of a higher
        tier than one of its supporters (a university hospital "supported" by a county
        hospital, :mod:`extract.tiers`) is not resolved silently: the row is reported and gives
        no pairing."""
        for recipient in recipients:
            level = self._tier(recipient)
            if level <= 1:
                continue
            for cell in supporters:
                for name in cell.names:
                    lower = self._tier(name)
                    if 0 < lower < level:
                        return message("P907", recipient=recipient, supporter=name)
        return ""

    def _hospital_cell(self, cell: str, column: int) -> _HospitalCell:
        """A cell of one or more names, each with its lead flag: a lead mark (（牵头）, ★), the
        first place of a lead-first list, or a column the header calls 牵头医院."""
        names: list[str] = []
        leads: list[bool] = []
        lead_column = self.columns.role(column) == Role.LEAD
        first_leads = column in self.columns.lead_first
        for position, printed in enumerate(split_names(cell)):
            name, marked = self.marks.strip(printed)
            names.append(normalize_name(name))
            leads.append(marked or lead_column or (first_leads and position == 0))
        return _HospitalCell(names, column, leads)

    def _start_group_if_new(self, row: TableRow, index: str, county: str) -> None:
        changed_county = bool(county) and county != self.group.county
        changed_index = bool(index) and index != self.group.index and not county
        no_county_table = not self.columns.has_county and bool(index) and index != self.group.index
        if changed_county or changed_index or no_county_table:
            self._close_group()
            self.group = _Group(county=county or self.group.county, index=index or self.group.index)
            self.group.head = row
        elif index:
            self.group.index = index

    def _aligned(self, row: TableRow, index: str, county: str) -> bool:
        """A row printed on the header's grid: as many cells as the header, and its row number
        and county (when it has them) in the columns the header gives them. Cells of a shifted
        row (a column left out, a county hospital slid left) are typed instead."""
        if len(row.cells) != self.columns.width:
            return False
        cells = [c.strip() for c in row.cells]
        at_index = not index or self.columns.role(cells.index(next(c for c in cells if c))) == Role.INDEX
        at_county = not county or self.columns.role(cells.index(county)) == Role.COUNTY
        return at_index and at_county

    def _by_header(self, cells: list[_HospitalCell]) -> tuple[list[str], list[_HospitalCell]]:
        """Recipients and supporters as the header names their columns."""
        recipients: list[str] = []
        supporters: list[_HospitalCell] = []
        for cell in cells:
            if self.columns.role(cell.column) == Role.RECIPIENT:
                recipients.extend(cell.names)
            elif self.columns.role(cell.column) in SUPPORTING_ROLES:
                supporters.append(cell)
        return recipients, supporters

    def _assign_roles(
        self, cells: list[_HospitalCell], *, aligned: bool = False
    ) -> tuple[list[str], list[_HospitalCell]]:
        """Decide which hospital cells of a row are recipients and which are supporters: by the
        header where it names the columns and the row sits on its grid, else by cell type."""
        if not self.columns.has_county:
            return self._by_header(cells)
        header_recipients, header_supporters = self._by_header(cells)
        if aligned and header_recipients and header_supporters and len(header_supporters) + 1 == len(cells):
            return header_recipients, header_supporters
        recipients = [c.names[0] for c in cells if len(c.names) == 1 and self._of_county(c.names[0])]
        known = set(self.group.recipients)
        recipients += [c.names[0] for c in cells if len(c.names) == 1 and c.names[0] in known]
        recipients = list(dict.fromkeys(recipients))
        if not recipients and len(cells) >= 2 and len(cells[0].names) == 1:
            recipients = [cells[0].names[0]]  # 怒江州中医医院 | 上海市中医医院: first is the recipient
        supporters = [c for c in cells if not (len(c.names) == 1 and c.names[0] in recipients)]
        return recipients, supporters

    def _add_recipient(self, printed: str, row: TableRow) -> None:
        name = self._record_bracket(printed, row)
        if name not in self.group.recipients:
            self.group.recipients.append(name)
            self.group.where_of[name] = self._where(row)
            self.group.quote_of[name] = self._quote(row)
        if not self.group.current or name == self.group.recipients[0] or self._row_first(name, row):
            self.group.current = name

    def _row_first(self, name: str, row: TableRow) -> bool:
        for cell in row.cells:
            if cell.strip() and is_institution(cell):
                return split_bracket(normalize_name(cell))[0] == name
        return False

    def _record_bracket(self, printed: str, row: TableRow) -> str:
        main, inner = split_bracket(printed)
        if inner and is_institution(inner):
            self.result.aliases.append(AliasSighting(main, inner, self._evidence(row)))
            return main
        return printed

    def _attach_fragment(self, fragment: str, row: TableRow) -> None:
        inner = fragment.strip()[1:-1].strip()
        target = self.group.current or (self.group.recipients[-1] if self.group.recipients else "")
        if target and is_institution(inner):
            self.result.aliases.append(AliasSighting(target, normalize_name(inner), self._evidence(row)))
        else:
            self._problem(row, "unparsed_cell", message("P908", fragment=fragment))

    def _evidence(self, row: TableRow) -> Evidence:
        made = self._row_evidence
        if made is not None and made[0] is row and made[1] == self.group.index and made[2] is self.group.head:
            return made[3]
        evidence = Evidence(self.ctx.doc, self._where(row), self._quote(row))
        self._row_evidence = (row, self.group.index, self.group.head, evidence)
        return evidence

    def _pair(
        self, printed: str, recipient: str, row: TableRow, *, lead: bool, needs: list[str], period: str
    ) -> Pairing | None:
        if not recipient:
            self._problem(row, "no_recipient", message("P909", name=printed))
            return None
        supporter = self._record_bracket(printed, row)
        self.group.supported.add(recipient)
        county = self.group.county or self.ctx.region_county
        pairing = Pairing(
            supporter=supporter,
            recipient=recipient,
            program=self.ctx.program,
            evidence=self._evidence(row),
            lead=lead,
            county=county,
            needs=list(needs),
            period=period,
            row=self.group.index,
        )
        self.result.pairings.append(pairing)
        return pairing

    def _dispatch(self, cell: str, made: list[Pairing], row: TableRow, period: str) -> None:
        people, rejected = split_people(cell)
        if rejected:
            self._problem(row, "unparsed_cell", message("P910", names="、".join(rejected)))
        if not made:
            if people:
                self._problem(row, "unparsed_row", message("P911", cell=cell))
            return
        pairing = made[0]
        for name, note in people:
            self.result.dispatches.append(
                Dispatch(
                    person=name,
                    from_hospital=pairing.supporter,
                    to_hospital=pairing.recipient,
                    evidence=self._evidence(row),
                    period=period,
                    notes=note,
                    row=self.group.index,
                    program=self.ctx.program,
                )
            )

    def _close_group(self) -> None:
        for name in self.group.recipients:
            if name not in self.group.supported:
                evidence = Evidence(self.ctx.doc, self.group.where_of[name], self.group.quote_of[name])
                county = self.group.county or self.ctx.region_county
                self.result.orphans.append(Orphan(name, county, evidence))
                self.result.problems.append(
                    Problem(
                        self.ctx.doc,
                        evidence.where,
                        "orphan",
                        message("P912", name=name),
                        evidence.quote,
                    )
                )

    def _problem(self, row: TableRow, kind: str, note: str) -> None:
        self.result.problems.append(Problem(self.ctx.doc, self._where(row), kind, note, row.quote))
