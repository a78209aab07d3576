"""The table vocabulary: header words per column role and the markers of rows and names.

Why data files: a province that heads its column 受援单位 or marks its lead with ▲ is taught by
adding a line to ``core/vocab/table_headers.tsv`` / ``table_markers.tsv`` /
``table_lead_markers.tsv``, not by editing the extractor. Files are read on first use.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.vocab import vocab_cached
from core.vocab.words import pairs, words


@dataclass(frozen=True)
class TableWords:
    """Everything the table reader knows by word."""

    headers: tuple[tuple[str, str], ...]  # (role, word), first match wins
    lead_marks: tuple[str, ...]
    lead_mark_notes: tuple[str, ...]
    lead_first: tuple[str, ...]
    notes: tuple[str, ...]
    totals: tuple[str, ...]
    continued: tuple[str, ...]


@vocab_cached
def table_words() -> TableWords:
    def marks(kind: str) -> tuple[str, ...]:
        return words("table_markers.tsv", "word", kind=kind)

    return TableWords(
        headers=pairs("table_headers.tsv", "role", "word"),
        lead_marks=marks("lead_mark"),
        lead_mark_notes=marks("lead_mark_note"),
        lead_first=tuple(p.replace("的", "") for p in words("table_lead_markers.tsv", "phrase")),
        notes=marks("note"),
        totals=marks("totals"),
        continued=marks("continued"),
    )
