"""Is this text something a name can be made of? One rule for tables, prose and the builder.

Why: a table cell such as ``<svg/onload=…>人民医院`` ends like a hospital and used to become a
Hospital node, and from there travel into every export and viewer. An institution name is
made of the characters institution names have (Chinese characters, Latin letters and digits,
brackets, the middle dot and dashes) and is of a sensible length; text carrying markup
(``<``, ``>``, ``=``, backticks, ``javascript:``), control characters or an absurd length is
not a name and not a cell to read. Callers report such text with its row (fail closed) and
never turn it into a node. The extractors call :func:`unreadable_reason` on each cell or
sentence they read; the graph builder calls :func:`name_problem` on every name it is about to
make a node of, as the last guard.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from core.messages import message
from core.vocab import TEXT_CACHE_SIZE, vocab_cached

__all__ = ["MAX_CELL_LENGTH", "MAX_NAME_LENGTH", "TextKind", "name_problem", "unreadable_reason"]

MAX_NAME_LENGTH = 60  # the longest real institution names are about 30 characters
MAX_CELL_LENGTH = 1000  # a cell listing a dozen hospitals is about 300
MAX_SENTENCE_LENGTH = 3000

# Markup that a browser, a viewer or a spreadsheet may act on; compared after NFKC, so the
# full-width forms (＜＞＝) count too.
_MARKUP = re.compile(r"[<>=`]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html", re.IGNORECASE)
# Directional overrides reorder what a reader sees; they are never part of a printed name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_NAME_CHARS = re.compile(
    r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    r"A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a （）()〔〕·・\-－—–]+$"
)


class TextKind(StrEnum):
    """What a piece of text is meant to be: its length limit and character rule follow."""

    NAME = "name"  # a hospital, a person, a place: only name characters
    CELL = "cell"  # a table cell or a caption: free text, but no markup or control characters
    SENTENCE = "sentence"  # a sentence of running text


_LIMITS = {
    TextKind.NAME: MAX_NAME_LENGTH,
    TextKind.CELL: MAX_CELL_LENGTH,
    TextKind.SENTENCE: MAX_SENTENCE_LENGTH,
}


def _has_control(text: str) -> bool:
    return any(
        (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n") or ch in _BIDI_CONTROLS for ch in text
    )


# Every cell and name is checked and tables repeat them; the reason is a message of the
# vocabulary, so the cache follows BANGFU_VOCAB_DIR.
@vocab_cached(maxsize=TEXT_CACHE_SIZE)
def unreadable_reason(text: str, kind: TextKind = TextKind.CELL) -> str | None:
    """Why ``text`` cannot be read as a ``kind`` (a Chinese phrase), or None when it can."""
    if len(text) > _LIMITS[kind]:
        return message("P631", length=len(text), limit=_LIMITS[kind])
    if _has_control(text):
        return message("P632")
    markup = _MARKUP.search(unicodedata.normalize("NFKC", text))
    if markup:
        return message("P633", mark=markup.group(0))
    if kind == TextKind.NAME and text and not _NAME_CHARS.match(text):
        odd = next(ch for ch in text if not _NAME_CHARS.match(ch))
        return message("P634", char=odd)
    return None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the name of a node, or None when it can."""
    return unreadable_reason(name, TextKind.NAME)
