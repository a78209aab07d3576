"""Pairing tables: who supports whom, row by row, whatever the layout.

Printed tables are messy: headers repeat after page breaks, continuation rows leave leading
cells empty, cells shift left when a column is empty, a county hospital slides into the
supporter column, a wrapped ``(迪庆州人民医院)`` lands on the next page. So each cell is
judged by what it *is* (a row number, a county, a hospital of that county, another
hospital, a list of people) and the header only breaks ties.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from core.model import Evidence
from core.normalize import normalize_name
from core.records import AliasSighting, Dispatch, Orphan, Pairing, Problem
from core.vocab import vocab_cached
from core.vocab.words import pairs, words
from extract.document import Table, TableRow
from extract.names import (
    is_bracketed_fragment,
    is_institution,
    looks_like_person,
    split_bracket,
    split_names,
)


class Role(StrEnum):
    INDEX = "index"
    PROVINCE = "province"
    COUNTY = "county"
    RECIPIENT = "recipient"
    SUPPORTER = "supporter"
    NEEDS = "needs"
    STAFF = "staff"
    PERIOD = "period"
    OTHER = "other"




@vocab_cached
def header_keywords() -> tuple[tuple[Role, str], ...]:
    """Header words -> column role (``core/vocab/table_headers.tsv``); the first match wins."""
    return tuple((Role(role), word) for role, word in pairs("table_headers.tsv", "role", "word"))


_INDEX = re.compile(r"^\d{1,5}\*?$")
_COUNTY = re.compile(r"^[\u4e00-\u9fff]{1,12}(县|市|区|旗|自治县|自治旗|特区|林区)$")
_PROVINCE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,8}?)(省|自治区|市)?\s*[（(]\s*\d+\s*个?[）)]?$|^[\u4e00-\u9fff]{2,3}省$"
)
_PERIOD = re.compile(r"\d+\s*(个月|年|天|周)|\d{4}\s*年|\d{4}[-—.]\d{1,2}")
_NEEDS_SPLIT = re.compile(r"[、，,；;/／]|及|和")
_CONCATENATED_DEPARTMENTS = re.compile(r"(?<=科)(?=[\u4e00-\u9fff]{2,}科$)")


@dataclass(frozen=True)
class TableContext:
    """What the table extractor knows about the document around a table."""

    doc: str
    program: str
    region_county: str = ""  # a county-level issuer's own county (科尔沁左翼中旗), for county-less tables
    is_county: Callable[[str], bool] | None = None  # gazetteer test for a county cell
    county_prefixes: Callable[[str], tuple[str, ...]] | None = None  # surface forms of a printed county
    source_format: str = "txt"  # says what a row's number counts: a line of the file, or a table row


def row_position(row: TableRow, source_format: str) -> str:
    """Where a printed row is in its file: a .txt line, a Word table row, a PDF page and row,
    or the place its reader named (a spreadsheet's sheet and row, a scan's page and OCR line)."""
    if row.place:
        return row.place
    if source_format == "txt":
        return f"原文第{row.line}行"
    if row.page is not None:
        return f"第{row.page}页表格第{row.line}行"
    return f"表格第{row.line}行"


@dataclass
class TableResult:
    pairings: list[Pairing] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    dispatches: list[Dispatch] = field(default_factory=list)
    aliases: list[AliasSighting] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data_rows: int = 0


def header_role(cell: str) -> Role | None:
    text = normalize_name(cell)
    for role, keyword in header_keywords():
        if keyword in text:
            return role
    return None


def is_header_row(row: TableRow) -> bool:
    """A header: two or more cells are column titles; no row number, no institution name."""
    cells = [c for c in row.cells if c]
    if any(_INDEX.match(c) or is_institution(c) for c in cells):
        return False
    return sum(1 for c in cells if header_role(c) is not None) >= 2


def split_needs(cell: str) -> list[str]:
    """需帮扶项目 cell -> departments: 、/，/及 separate; 急诊科检验科 is two departments."""
    parts: list[str] = []
    for chunk in _NEEDS_SPLIT.split(cell):
        chunk = chunk.strip()
        if chunk:
            parts.extend(p for p in _CONCATENATED_DEPARTMENTS.split(chunk) if p)
    return parts


def split_people(cell: str) -> tuple[list[tuple[str, str]], list[str]]:
    """下派人员 cell -> [(name, note)], plus items that are not names (reported, not dropped)."""
    people: list[tuple[str, str]] = []
    rejected: list[str] = []
    for item in split_names(cell):
        name, note = split_bracket(item)
        name = name.strip()
        if looks_like_person(name):
            people.append((name, note or ""))
        else:
            rejected.append(item)
    return people, rejected


@dataclass
class _Column:
    roles: dict[int, Role] = field(default_factory=dict)
    lead_first: set[int] = field(default_factory=set)

    @classmethod
    def from_header(cls, row: TableRow) -> _Column:
        columns = cls()
        for i, cell in enumerate(row.cells):
            role = header_role(cell) if cell else None
            if role is not None:
                columns.roles[i] = role
            if any(marker in cell for marker in words("table_lead_markers.tsv", "phrase")):
                columns.lead_first.add(i)
        return columns

    def role(self, i: int) -> Role | None:
        return self.roles.get(i)

    @property
    def has_county(self) -> bool:
        return Role.COUNTY in self.roles.values()


@dataclass
class _HospitalCell:
    names: list[str]  # one name, or a list cell split on 、
    column: int
    lead_first: bool


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
        self.columns = _Column()
        self.group = _Group()

    # -- public -------------------------------------------------------------------------
    def run(self) -> TableResult:
        for row in self.table.rows:
            if is_header_row(row):
                if not self.columns.roles:
                    self.columns = _Column.from_header(row)
                continue
            self.result.data_rows += 1
            self._row(row)
        self._close_group()
        return self.result

    # -- rows -----------------------------------------------------------------------------
    def _where(self, row: TableRow) -> str:
        section = self.table.section or "表格"
        index = self.group.index
        position = row_position(row, self.ctx.source_format)
        return f"{section} 序号{index}（{position}）" if index else f"{section} {position}"

    def _quote(self, row: TableRow) -> str:
        head = self.group.head
        if head is None or head is row:
            return row.quote
        return f"{head.quote} … {row.quote}"

    def _is_county_cell(self, cell: str, column: int) -> bool:
        if is_institution(cell) or not _COUNTY.match(cell):
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
            if _INDEX.match(cell) and role in (None, Role.INDEX):
                new_index = cell.rstrip("*")
            elif self._is_county_cell(cell, i):
                new_county = cell
            elif role == Role.STAFF:
                people_cells.append(cell)
            elif role == Role.NEEDS:
                needs.extend(split_needs(cell))
            elif role == Role.PERIOD or (role is None and _PERIOD.search(cell) and not is_institution(cell)):
                period = cell
            elif (role == Role.PROVINCE or _PROVINCE.match(cell)) and not is_institution(cell):
                continue  # the province column only carries the group's province label
            elif is_bracketed_fragment(cell):
                fragments.append((i, cell))
            elif any(is_institution(n) for n in split_names(cell)):
                names = [normalize_name(n) for n in split_names(cell)]
                hospitals.append(_HospitalCell(names, i, i in self.columns.lead_first))
            else:
                unknown.append(cell)
        self._start_group_if_new(row, new_index, new_county)
        if self.group.head is None:
            self.group.head = row
        for _, fragment in fragments:
            self._attach_fragment(fragment, row)
        recipients, supporters = self._assign_roles(hospitals)
        if not self.columns.has_county and not recipients and not supporters and hospitals:
            supporters = hospitals
        for name in recipients:
            self._add_recipient(name, row)
        target = recipients[0] if recipients else self.group.current
        made: list[Pairing] = []
        for cell in supporters:
            for position, name in enumerate(cell.names):
                lead = cell.lead_first and position == 0
                pairing = self._pair(name, target, row, lead=lead, needs=needs, period=period)
                if pairing is not None:
                    made.append(pairing)
        for cell in people_cells:
            self._dispatch(cell, made, row, period)
        if unknown and not made and not recipients:
            self._problem(
                row, "unparsed_row", f"无法识别的表格行：{'、'.join(unknown)}（未提取任何帮扶关系）"
            )
        elif unknown:
            self._problem(row, "unparsed_cell", f"表格中无法识别的单元格：{'、'.join(unknown)}")

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

    def _assign_roles(self, cells: list[_HospitalCell]) -> tuple[list[str], list[_HospitalCell]]:
        """Decide which hospital cells of a row are recipients and which are supporters."""
        if not self.columns.has_county:
            recipients: list[str] = []
            supporters: list[_HospitalCell] = []
            for cell in cells:
                if self.columns.role(cell.column) == Role.RECIPIENT:
                    recipients.extend(cell.names)
                elif self.columns.role(cell.column) == Role.SUPPORTER:
                    supporters.append(cell)
            if recipients or supporters:
                return recipients, supporters
            return [], []
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
            self._problem(row, "unparsed_cell", f"无法归属的括注：{fragment}")

    def _evidence(self, row: TableRow) -> Evidence:
        return Evidence(self.ctx.doc, self._where(row), self._quote(row))

    def _pair(
        self, printed: str, recipient: str, row: TableRow, *, lead: bool, needs: list[str], period: str
    ) -> Pairing | None:
        if not recipient:
            self._problem(row, "no_recipient", f"支援医院「{printed}」所在行没有受援医院，未能建立帮扶关系")
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
            self._problem(row, "unparsed_cell", f"下派人员中无法识别的姓名：{'、'.join(rejected)}")
        if not made:
            if people:
                self._problem(row, "unparsed_row", f"下派人员「{cell}」所在行没有帮扶关系，无法确定派往何处")
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
                        f"受援医院「{name}」在表中没有对应的支援医院",
                        evidence.quote,
                    )
                )

    def _problem(self, row: TableRow, kind: str, message: str) -> None:
        self.result.problems.append(Problem(self.ctx.doc, self._where(row), kind, message, row.quote))


def is_pairing_table(table: Table) -> bool:
    """Templates and statistics forms (派驻人员基本信息表, 工作量统计表) name no institution."""
    return any(is_institution(name) for row in table.rows for cell in row.cells for name in split_names(cell))


def extract_table(table: Table, context: TableContext) -> TableResult:
    """Pairings, orphans, staff and problems of one table; other tables are reported as skipped."""
    if not is_pairing_table(table):
        result = TableResult()
        where = (
            f"{table.section or '表格'}《{table.caption}》" if table.caption else (table.section or "表格")
        )
        result.problems.append(
            Problem(
                context.doc,
                where,
                "skipped_table",
                "表格不含医院名称（模板或统计表），未提取帮扶关系",
                table.rows[0].quote if table.rows else "",
            )
        )
        return result
    return TableExtractor(table, context).run()


def program_label(caption: str) -> str:
    """A programme's label from its table caption: "…关系表(江西省)" -> "…"."""
    label = normalize_name(caption)
    label = re.sub(r"[（(][^（()）]*[）)]$", "", label)
    label = re.sub(r"(工作)?(关系|对应|结对)?(一览)?表$", "", label)
    return label or "帮扶关系"
