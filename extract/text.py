"""Text clean-up shared by readers, extractors and question understanding.

Why one module: a name must normalise the same way when it is read from a table, found in
a sentence and typed in a question, or the three will never meet in the graph.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b]+")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_HALF_TO_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕"})


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


def fold_width(text: str) -> str:
    """Full-width letters and digits to half-width (Ａ１ -> A1); CJK punctuation is kept."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and not ("\uff08" <= ch <= "\uff09" or ch in "，：；！？"):
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalize_name(name: str) -> str:
    """The canonical spelling of a printed name: NFKC digits, full-width brackets, no spaces."""
    name = unicodedata.normalize("NFKC", name)
    name = name.translate(_HALF_TO_FULL_BRACKETS)
    name = re.sub(r"\s+", "", name)
    return name.strip("、，,。;；:：·")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # opencc-python-reimplemented: pure Python, offline

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (OpenCC t2s)."""
    return _t2s().convert(text)


def looks_traditional(text: str, threshold: float = 0.02) -> bool:
    """True when converting to simplified changes more than ``threshold`` of the CJK characters.

    Converting every document blindly would also rewrite rare characters in people's names.
    """
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return False
    sample = "".join(cjk[:20000])
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=False) if a != b)
    return changed / len(sample) > threshold


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
