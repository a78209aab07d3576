"""Text clean-up shared by readers, extractors and question understanding.

Why one module: a name must normalise the same way when it is read from a table, found in
a sentence and typed in a question, or the three will never meet in the graph.
"""

from __future__ import annotations

import re
from itertools import islice

from core.normalize import to_simplified

_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b]+")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clean_line(text: str) -> str:
    """Collapse runs of spaces and strip; keep the text's own punctuation."""
    return _SPACES.sub(" ", text.replace("\r", "")).strip()


def clean_cell(text: str) -> str:
    """A table cell: wrapped lines joined, spaces between Chinese characters removed.

    Cells wrap ("云南省第一人民医\\n院") and headers are letter-spaced ("三 级 医 院").
    """
    text = text.replace("\n", "").replace("\r", "")
    text = clean_line(text)
    return _CJK_GAP.sub("", text)


def looks_traditional(text: str, threshold: float = 0.02) -> bool:
    """True when converting to simplified changes more than ``threshold`` of the CJK characters.

    Converting every document blindly would also rewrite rare characters in people's names.
    Only the first 20,000 Chinese characters are judged, and only they are taken out of the
    text (a list of every character of a 10 MB file took 250 MB).
    """
    sample = "".join(islice((c for c in text if "\u4e00" <= c <= "\u9fff"), 20000))
    if not sample:
        return False
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=False) if a != b)
    return changed / len(sample) > threshold
