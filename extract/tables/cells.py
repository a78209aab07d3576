"""Cell typing: what a single cell or a whole row *is*, whatever column it sits in.

A row number, a county, a period, a list of departments or people, a note (注：…), a totals row
(合计), a 续表 line; and inside a supporter cell, the lead marks (（牵头）, ★) that are stripped
from a name and kept as its lead flag.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from core.normalize import fold_width, normalize_name
from core.vocab import TEXT_CACHE_SIZE
from extract.names import looks_like_person, split_bracket, split_names
from extract.tables.words import table_words

INDEX = re.compile(r"^\d{1,5}\*?$")
COUNTY = re.compile(r"^[\u4e00-\u9fff]{1,12}(县|市|区|旗|自治县|自治旗|特区|林区)$")
PROVINCE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,8}?)(省|自治区|市)?\s*[（(]\s*\d+\s*个?[）)]?$|^[\u4e00-\u9fff]{2,3}省$"
)
PERIOD = re.compile(r"\d+\s*(个月|年|天|周)|\d{4}\s*年|\d{4}[-—.]\d{1,2}")
_NEEDS_SPLIT = re.compile(r"[、，,；;/／]|及|和")
_CONCATENATED_DEPARTMENTS = re.compile(r"(?<=科)(?=[\u4e00-\u9fff]{2,}科$)")


@functools.lru_cache(maxsize=TEXT_CACHE_SIZE)  # asked of every cell, often several times
def row_number(cell: str) -> str:
    """``１``, ``12*`` -> ``1``, ``12``; "" when the cell is no row number."""
    folded = fold_width(cell.strip())
    return folded.rstrip("*") if INDEX.match(folded) else ""


def is_note(text: str) -> bool:
    """注：…, 说明：…: a remark about the table, never a row of data."""
    return text.strip().startswith(table_words().notes)


def is_totals_row(cells: tuple[str, ...]) -> bool:
    """合计 | 6个县 | 6家: the first filled cell is a totals word."""
    first = next((c for c in cells if c.strip()), "")
    return normalize_name(first) in table_words().totals


def is_continued_row(cells: tuple[str, ...]) -> bool:
    """续表 (a table going on after a page break) alone on its row."""
    filled = [c for c in cells if c.strip()]
    return len(filled) == 1 and normalize_name(filled[0]) in table_words().continued


def note_of_row(cells: tuple[str, ...]) -> str:
    """The text of a note row (注：… merged across the table), or ""."""
    filled = [c for c in cells if c.strip()]
    return filled[0] if filled and is_note(filled[0]) else ""


@dataclass
class LeadMarks:
    """The marks that make a supporter the lead: the vocabulary's, and any a note declares
    (注：标注▲的为牵头医院)."""

    marks: list[str] = field(default_factory=lambda: list(table_words().lead_marks))

    def learn_from_note(self, note: str) -> bool:
        """Learn the mark a note declares; True when it declared one."""
        declared = False
        for word in table_words().lead_mark_notes:
            mark = r"[“\"「]?(?P<mark>[^\s的者为“”\"「」]{1,4}?)[”\"」]?"
            found = re.search(rf"{re.escape(word)}\s*{mark}\s*(的|者)?为牵头", note)
            if found:
                declared = True
                if found.group("mark") not in self.marks:
                    self.marks.append(found.group("mark"))
        return declared

    def strip(self, name: str) -> tuple[str, bool]:
        """``某某省人民医院（牵头）`` -> (``某某省人民医院``, True)."""
        text = name.strip()
        lead = False
        changed = True
        while changed:
            changed = False
            for mark in self.marks:
                if mark and text.endswith(mark):
                    text, lead, changed = text[: -len(mark)].strip(), True, True
        return text, lead


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
