"""Name normalisation: the one fold every name and every question goes through.

Why one function: a name read from a table, found in a sentence, typed in a question and
looked up in the graph must be spelled the same way, or they never meet. Earlier the
extractor, the question parser and the hospital recogniser each had their own fold and they
drifted apart (one converted traditional characters, the others did not).

:func:`normalize_name` is that fold; :func:`fold_width` and :data:`HALF_TO_FULL_BRACKETS`
are the same-length folds used where character offsets must stay valid.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = [
    "HALF_TO_FULL_BRACKETS",
    "fold_width",
    "normalize_name",
    "to_simplified",
    "unify_doc_numbers",
]

# Same-length bracket fold: offsets into the text stay valid.
HALF_TO_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）"})


@lru_cache(maxsize=1)
def _t2s() -> tuple[Any, frozenset[str] | None]:
    """The converter, and the characters without which it changes nothing (None: unknown).

    Why the characters: the pure-Python converter takes ~0.1 ms a name, and almost every name
    is simplified already. It only rewrites text matching an entry of its dictionaries, so a
    text holding no character that a single-character entry changes, and no first character of
    a phrase entry made only of unchanged characters (沈默 -> 沉默), comes back as it is.
    """
    import opencc  # opencc-python-reimplemented: pure Python, offline; loaded once, on first use

    converter = opencc.OpenCC("t2s")
    tables = [entry[2] for entry in getattr(converter, "dict_cache", {}).values()]
    if not tables or not all(isinstance(t, dict) for t in tables):
        return converter, None
    changed = {k for t in tables for k, v in t.items() if len(k) == 1 and k != v}
    phrases = {
        k[0] for t in tables for k, v in t.items()
        if len(k) > 1 and k != v and not any(ch in changed for ch in k)
    }
    return converter, frozenset(changed | phrases)


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (OpenCC t2s)."""
    converter, triggers = _t2s()
    if triggers is not None and triggers.isdisjoint(text):
        return text
    return converter.convert(text)


# Full-width ASCII (U+FF01..U+FF5E) to half-width, except the CJK punctuation printed in
# Chinese text (（）and ，：；！？); the ideographic space to a space. One character each.
_HALF_WIDTH = str.maketrans({
    chr(code): chr(code - 0xFEE0)
    for code in range(0xFF01, 0xFF5F)
    if not ("\uff08" <= chr(code) <= "\uff09" or chr(code) in "，：；！？")
} | {"\u3000": " "})


def fold_width(text: str) -> str:
    """Full-width letters and digits to half-width (Ａ１ -> A1); CJK punctuation is kept.

    One character maps to one character, so offsets found in the folded text are valid in
    the original. (A translation table: a 10 MB table folds a million cells.)
    """
    return text.translate(_HALF_WIDTH)


_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?[发字函办令电通])\s*"
    r"(?:[\[\(（【〔［﹝〖{]\s*(?P<y1>(?:19|20)\d{2})\s*[\]\)）】〕］﹞〗}]"
    r"|(?P<y2>(?:19|20)\d{2})\s*(?:年|[-—－_/]|\s))"
    r"\s*第?\s*0*(?P<n>\d{1,4})\s*号"
)


def unify_doc_numbers(text: str) -> str:
    """Write every document number as ``云卫医发〔2022〕5号``, whatever brackets were typed.

    People type 〔〕 as [], (), （）, 【】 or leave them out (云卫医发2022年5号, 第05号); a
    number read from a file and a number typed in a question must meet in the graph. Only a
    year of 19xx/20xx between a prefix ending in 发/字/函/办/令/电/通 and ``N号`` is rewritten,
    so ordinary text such as "2022年5月" is left alone.
    """

    def _one(m: re.Match[str]) -> str:
        year = m.group("y1") or m.group("y2")
        return f"{m.group('prefix')}〔{year}〕{int(m.group('n'))}号"

    return _DOC_NUMBER.sub(_one, text)


_WS = re.compile(r"\s+")
# After NFKC, these ASCII marks go back to the full-width forms printed in names and text.
_TO_FULL = str.maketrans(
    {"(": "（", ")": "）", "[": "〔", "]": "〕", "?": "？", "!": "！", ",": "，", ":": "：", ";": "；"}
)
_SENTENCE_MARKS = "？！。，、；：.~…·"
_REPEATED_MARKS = re.compile(f"([{re.escape(_SENTENCE_MARKS)}])[{re.escape(_SENTENCE_MARKS)}]+")
_LEADING_MARKS = re.compile(f"^[{re.escape(_SENTENCE_MARKS)}]+")
_TRAILING_MARKS = re.compile(r"[、，。；：·]+$")
# Quotes are typed as “”, "", 「」 or not at all (“十四五” / "十四五" / 十四五): all dropped.
# 《》 stay: they mark a document title.
_QUOTES = re.compile(r"[“”\"‘’'「」『』]")


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _drop_spaces(text: str) -> str:
    """Remove whitespace, keeping one space between two ASCII words ("B 超" -> "B超", "ICU ward")."""

    def _gap(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return " " if _is_ascii_alnum(before) and _is_ascii_alnum(after) else ""

    return _WS.sub(_gap, text).strip()


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """The canonical spelling of a printed or typed name (and of a question).

    Steps, in order: NFKC (full-width letters/digits to half-width), traditional to
    simplified (OpenCC), document numbers to ``〔YYYY〕N号``, spaces removed (one kept between
    two ASCII words), quotes dropped, ASCII brackets and marks back to full-width (``[]`` to
    ``〔〕``), runs of marks collapsed to the first (``？？`` → ``？``), leading marks and
    trailing separators (、，。；：·) dropped. Returns ``""`` for blank input.
    """
    if not text or not text.strip():
        return ""
    text = unicodedata.normalize("NFKC", text)  # Ａ１ -> A1, 　 -> space, ［ -> [, ？ -> ?
    text = to_simplified(text)
    text = unify_doc_numbers(text)  # before spaces go: "云卫医发 2022 5号" needs the gap
    text = _drop_spaces(text)
    text = _QUOTES.sub("", text)
    text = text.translate(_TO_FULL)
    text = _REPEATED_MARKS.sub(r"\1", text)
    text = _LEADING_MARKS.sub("", text)
    return _TRAILING_MARKS.sub("", text)
