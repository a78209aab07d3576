"""Header reading: which role each column of a table plays, from the words of its header rows.

Why a module of its own: the header is the table's own statement of what each column holds
(受援医院 | 所在县 | 牵头医院 | 其他帮扶医院), so it is read first and, where it names the roles,
wins over the position of a cell. Two-level headers (支援医院 spanning 牵头医院 | 协作医院) are
merged, a bracketed remark (排名第一的为牵头医院) is read apart from the column's title, and a
header repeated after a page break is recognised and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from core.normalize import normalize_name
from core.vocab import TEXT_CACHE_SIZE, vocab_cached
from extract.names import is_institution, split_bracket
from extract.tables.words import table_words


class Role(StrEnum):
    INDEX = "index"
    PROVINCE = "province"
    PLACE = "place"  # a prefecture or region label of the group (市州, 地区)
    COUNTY = "county"
    RECIPIENT = "recipient"
    SUPPORTER = "supporter"
    LEAD = "lead"  # supporters that lead the team (牵头医院)
    MEMBERS = "members"  # supporters that do not lead (协作医院, 成员单位, 其他帮扶医院)
    NEEDS = "needs"
    STAFF = "staff"
    PERIOD = "period"
    NOTES = "notes"
    PROFILE = "profile"  # a hospital's statistics (等级, 床位): a profile table, not a pairing
    OTHER = "other"


SUPPORTING_ROLES = frozenset({Role.SUPPORTER, Role.LEAD, Role.MEMBERS})
_INDEX = re.compile(r"^\d{1,5}\*?$")


def _role_of_words(text: str) -> Role | None:
    for role, word in table_words().headers:
        if word in text:
            return Role(role)
    return None


def says_lead_first(text: str) -> bool:
    """排名第一的为牵头医院, 第一家为牵头单位: the first hospital of each list leads."""
    plain = normalize_name(text).replace("的", "")
    return any(phrase in plain for phrase in table_words().lead_first)


@vocab_cached(maxsize=TEXT_CACHE_SIZE)  # every row is tested for being a header: once per text
def header_role(cell: str) -> Role | None:
    """The role a header cell names; its bracketed remark only counts when the title says nothing
    (对口医院（排名第一的为牵头医院） is a supporter column, not a lead column)."""
    text = normalize_name(cell)
    main, remark = split_bracket(text)
    role = _role_of_words(main)
    if role is None and remark is not None:
        role = _role_of_words(text)
    return role


def is_header_row(row_cells: tuple[str, ...]) -> bool:
    """A header: two or more cells are column titles; no row number, no institution name."""
    cells = [c for c in row_cells if c]
    if any(_INDEX.match(c) or is_institution(c) for c in cells):
        return False
    return sum(1 for c in cells if header_role(c) is not None) >= 2


@dataclass
class Columns:
    """The roles of a table's columns, read from its header row(s)."""

    roles: dict[int, Role] = field(default_factory=dict)
    lead_first: set[int] = field(default_factory=set)
    titles: dict[int, str] = field(default_factory=dict)
    width: int = 0

    @classmethod
    def from_header(cls, cells: tuple[str, ...]) -> Columns:
        columns = cls(width=len(cells))
        columns.add_level(cells)
        return columns

    def add_level(self, cells: tuple[str, ...]) -> None:
        """Read one header row; a second level names the columns under a spanning title
        (支援医院 over 牵头医院 | 协作医院) and its roles replace the title's."""
        for i, cell in enumerate(cells):
            if not cell:
                continue
            role = header_role(cell)
            if role is not None:
                self.roles[i] = role
                self.titles[i] = normalize_name(cell)
            if says_lead_first(cell):
                self.lead_first.add(i)

    def role(self, i: int) -> Role | None:
        return self.roles.get(i)

    def columns_of(self, *roles: Role) -> list[int]:
        return [i for i, role in sorted(self.roles.items()) if role in roles]

    @property
    def has_county(self) -> bool:
        return Role.COUNTY in self.roles.values()

    @property
    def names_supporters(self) -> bool:
        return any(role in SUPPORTING_ROLES for role in self.roles.values())

    @property
    def is_profile(self) -> bool:
        """A header with hospital statistics and no supporting column: 受援医院基本情况表."""
        return Role.PROFILE in self.roles.values() and not self.names_supporters

    def apply_lead_first_note(self, note: str) -> bool:
        """注：帮扶单位中第一家为牵头单位: the first name leads in the supporting columns the
        note names (all of them when it names none). True when the note said so."""
        if not says_lead_first(note):
            return False
        supporting = self.columns_of(Role.SUPPORTER)
        named = [i for i in supporting if split_bracket(self.titles[i])[0] in normalize_name(note)]
        self.lead_first.update(named or supporting)
        return True
