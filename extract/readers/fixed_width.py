"""Fixed-width text tables: columns aligned with spaces, often ruled with ``-----`` lines.

Text exported from a typeset notice (or typed by hand) prints a table as space-aligned
columns, Chinese characters two columns wide. A ``------  --------`` rule gives the columns
exactly; without one, a run of at least three lines that split into the same number of pieces
on gaps of two or more spaces, starting at the same positions, is a table whose columns start
where its first line's pieces start. Everything else is running text, untouched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_RULE = re.compile(r"^\s*[-—=─━_]{3,}(\s+[-—=─━_]{3,})+\s*$")
MIN_UNRULED_ROWS = 3
MIN_COLUMNS = 3


def display_width(text: str) -> int:
    """Columns a string takes when printed: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class Piece:
    start: int  # display column where the piece begins
    text: str


def pieces(line: str) -> list[Piece]:
    """A line cut at gaps of two or more spaces, with each piece's display column."""
    expanded = line.replace("\u3000", "  ")
    return [
        Piece(display_width(expanded[: match.start()]), match.group())
        for match in re.finditer(r"\S+(?: \S+)*", expanded)
    ]


def rule_columns(line: str) -> list[int]:
    """The display columns where a ``-----  -----`` rule's dash runs start."""
    return [display_width(line[: m.start()]) for m in re.finditer(r"[-—=─━_]{3,}", line)]


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line))


def cut(line: str, starts: list[int]) -> tuple[str, ...]:
    """One printed row cut into cells at the column starts (a piece belongs to the last column
    starting at or before it, allowing one column of slack); empty columns stay ""."""
    cells = [""] * len(starts)
    for piece in pieces(line):
        column = max((i for i, start in enumerate(starts) if start <= piece.start + 1), default=0)
        cells[column] = f"{cells[column]} {piece.text}".strip() if cells[column] else piece.text
    return tuple(cells)


def _aligned(line: str, starts: list[int]) -> bool:
    found = pieces(line)
    return len(found) >= 2 and all(
        any(abs(piece.start - start) <= 1 for start in starts) for piece in found
    )


@dataclass(frozen=True)
class FixedWidthTable:
    first: int  # 0-based index of the table's first line (its header) in the text
    last: int  # 0-based index of its last line
    rows: list[tuple[int, tuple[str, ...]]]  # (0-based line index, cells), rules left out


def find_tables(lines: list[str]) -> list[FixedWidthTable]:
    """Every fixed-width table of a text, in order; tab-separated lines are never part of one."""
    tables: list[FixedWidthTable] = []
    i = 0
    while i < len(lines):
        table = _ruled_at(lines, i) or _unruled_at(lines, i)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = table.last + 1
    return tables


def _usable(line: str) -> bool:
    return "\t" not in line and bool(line.strip())


def _ruled_at(lines: list[str], i: int) -> FixedWidthTable | None:
    """A header line at ``i`` followed by a rule: rows run on until a blank or unaligned line."""
    if i + 1 >= len(lines) or not _usable(lines[i]) or not is_rule(lines[i + 1]) or is_rule(lines[i]):
        return None
    starts = rule_columns(lines[i + 1])
    if len(starts) < 2 or not _aligned(lines[i], starts):
        return None
    rows = [(i, cut(lines[i], starts))]
    last = i + 1
    for j in range(i + 2, len(lines)):
        line = lines[j]
        if is_rule(line):
            last = j
            continue
        if not _usable(line) or not _aligned(line, starts):
            break
        rows.append((j, cut(line, starts)))
        last = j
    return FixedWidthTable(i, last, rows)


def _unruled_at(lines: list[str], i: int) -> FixedWidthTable | None:
    """Three or more consecutive lines whose pieces start in the same columns."""
    if not _usable(lines[i]):
        return None
    head = pieces(lines[i])
    if len(head) < MIN_COLUMNS or head[0].start > 1:
        return None
    starts = [piece.start for piece in head]
    j = i + 1
    while j < len(lines) and _usable(lines[j]) and _aligned(lines[j], starts):
        j += 1
    if j - i < MIN_UNRULED_ROWS:
        return None
    return FixedWidthTable(i, j - 1, [(k, cut(lines[k], starts)) for k in range(i, j)])
