"""Sentences, clauses and numbers of running text, as the rule readers cut them.

Why a module of its own: the quantity rules (:mod:`extract.requirements`: 至少5名) and the term
rules (:mod:`extract.terms`: 每3年为一个周期, 2025年—2028年) read the same clauses and the same
numbers; one cut keeps a rule's text and its quoted sentence the same on both paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.docmeta import cn_number

__all__ = ["CN_DIGITS", "NUMBER", "ORDINAL", "clauses", "sentences", "tidy", "to_value"]

CN_DIGITS = "零〇一二两三四五六七八九十百千"
NUMBER = rf"\d+(?:\.\d+)?|[{CN_DIGITS}]+|半"  # 5, 1.5, 三, 十二, 半 (半年)
# The ordinal a clause or heading opens with: （一）, 1., ——, 一、
ORDINAL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|\d+[.、．]|——|[一二三四五六七八九十]+、)\s*")
_SPLIT_SENTENCE = re.compile(r"(?<=[。！？；;])")
_SPACES = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def tidy(text: str) -> str:
    """Printed text with the spaces around digits and Chinese removed (``至少 5 名`` → ``至少5名``)."""
    return _SPACES.sub("", text).strip()


def to_value(text: str) -> float | None:
    """The value of a number as printed: digits, Chinese numerals or 半."""
    if text == "半":
        return 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    number = cn_number(text)
    return float(number) if number is not None else None


def sentences(text: str) -> Iterator[str]:
    for sentence in _SPLIT_SENTENCE.split(text):
        sentence = sentence.strip()
        if sentence:
            yield sentence


def clauses(sentence: str) -> list[str]:
    """Comma-separated pieces outside brackets and quotes; a condition piece ending in 的
    ("常驻1年以上的，") is kept with the piece it conditions."""
    pieces: list[str] = []
    depth, current = 0, ""
    for ch in sentence:
        if ch in "（(“":
            depth += 1
        elif ch in "）)”":
            depth = max(0, depth - 1)
        if ch in "，,：:。；;！？" and depth == 0:
            current = current.strip()
            if current:
                pieces.append(current)
            current = ""
            continue
        current += ch
    if current.strip():
        pieces.append(current.strip())
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        if piece.endswith("的") and len(piece) <= 30:
            carry = f"{carry}{piece}，"
            continue
        merged.append(carry + piece)
        carry = ""
    if carry:
        merged.append(carry.rstrip("，"))
    return merged
