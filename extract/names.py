"""What a printed name is: an institution, a list of them, a bracketed alias, a person.

Tables and sentences both print hospitals as 甲、乙（丙）; one set of rules here keeps the
table extractor, the prose extractor and the resolver in agreement.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from core.normalize import normalize_name
from core.vocab import TEXT_CACHE_SIZE, vocab_cached
from core.vocab.words import words


@vocab_cached
def institution_suffixes() -> tuple[str, ...]:
    """Endings of a health institution's name (``core/vocab/institution_suffixes.tsv``)."""
    return words("institution_suffixes.tsv", "suffix")


@vocab_cached
def _role_words() -> frozenset[str]:
    return frozenset(words("role_words.tsv", "word"))


@vocab_cached
def _role_pattern() -> re.Pattern[str]:
    """(qualifier)* + core for table cells: the in_tables entries of role_qualifiers/role_cores.tsv."""
    qualifiers = words("role_qualifiers.tsv", "qualifier", in_tables="yes")
    cores = words("role_cores.tsv", "core", in_tables="yes")
    return re.compile(rf"^(?:{alternation(qualifiers)})*(?:{alternation(cores)})$")


def alternation(items: Iterable[str]) -> str:
    """A regex alternation, longest first so 参与帮扶 wins over 帮扶 at the same start."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=len, reverse=True))


LIST_SEPARATORS = "、，,；;"
_OPEN = "（("
_CLOSE = "）)"
_BRACKETED = re.compile(r"^(?P<main>.+?)[（(](?P<inner>[^（()）]+)[）)]$")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


@vocab_cached(maxsize=TEXT_CACHE_SIZE)  # judged once per distinct text: tables repeat names
def is_institution(text: str) -> bool:
    """True for a printed institution name (not a role word like 支援医院)."""
    name = normalize_name(text)
    main, _ = split_bracket(name)
    if is_role_word(main) or len(main) <= 3:
        return False
    # 复旦大学附属华山医院北院, …青浦分院: a campus of a hospital is still a hospital.
    return main.endswith(institution_suffixes()) or ("医院" in main[:-1] and main.endswith("院"))


@vocab_cached(maxsize=TEXT_CACHE_SIZE)
def is_role_word(text: str) -> bool:
    """支援医院, 受援县级医院, 三级综合医院: words for a role, not an institution's name."""
    return text in _role_words() or bool(_role_pattern().match(text))


def split_names(cell: str) -> list[str]:
    """Split 甲、乙（丙）、丁 on list separators outside brackets; drop empty items."""
    return list(_split_names(cell))  # a fresh list: callers may change theirs


@functools.lru_cache(maxsize=TEXT_CACHE_SIZE)  # a cell is split once, however often it is judged
def _split_names(cell: str) -> tuple[str, ...]:
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in cell:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in LIST_SEPARATORS and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return tuple(item.strip() for item in items if item.strip())


def split_bracket(name: str) -> tuple[str, str | None]:
    """甲（乙） -> (甲, 乙): the printed name and the name in brackets after it."""
    match = _BRACKETED.match(name.strip())
    if not match:
        return name.strip(), None
    return match.group("main").strip(), match.group("inner").strip()


def is_bracketed_fragment(cell: str) -> bool:
    """A whole cell in brackets, e.g. "(迪庆州人民医院)": the wrapped tail of the cell above."""
    cell = cell.strip()
    return len(cell) > 2 and cell[0] in _OPEN and cell[-1] in _CLOSE


def looks_like_person(text: str) -> bool:
    """A person's name as printed in a staff column (2–8 Chinese characters, maybe with ·)."""
    return bool(_PERSON.match(text)) and not text.endswith(institution_suffixes())


# A line of a cell that starts a numbered item: 1.某某大学第一医院, 2、…, ①…, （1）…
_NUMBERED_LINE = re.compile(r"^\s*(?:\d{1,2}\s*[.．、)）]|[（(]\d{1,2}[)）]|[\u2460-\u2473])\s*")
_CN_NUMERALS = "一二三四五六七八九十"


@vocab_cached
def _fragment_starts() -> tuple[str, ...]:
    """How the piece of a wrapped name that cannot stand alone begins (name_fragment_starts.tsv)."""
    return words("name_fragment_starts.tsv", "start")


@vocab_cached(maxsize=TEXT_CACHE_SIZE)
def is_name_fragment(text: str) -> bool:
    """True for a piece of a wrapped name that cannot stand alone: 二附属医院, 院★, 人民医院.

    A piece is a fragment when it is no institution by itself, or when it begins the way only
    the middle of a name begins (附属, 医院, 第…, a numeral before 附属/医院)."""
    piece = normalize_name(text)
    if not piece:
        return True
    rest = piece.lstrip(_CN_NUMERALS) if piece[0] in _CN_NUMERALS else piece
    starts = _fragment_starts()
    if rest != piece and (not rest or rest.startswith(starts)):
        return True
    return piece.startswith(starts) or not is_institution(piece)


def strip_numbering(line: str) -> tuple[str, bool]:
    """``1.某某医院`` -> (``某某医院``, True): a numbered line starts a new item."""
    match = _NUMBERED_LINE.match(line)
    return (line[match.end() :], True) if match else (line, False)


def rejoin_lines(lines: list[str]) -> str:
    """One cell's printed lines as one text, names kept whole and apart.

    A cell wraps long names (``某某中医药大`` / ``学第一附属医`` / ``院★``) and also stacks whole
    names one a line (Word paragraphs, ``1.`` ``2.`` numbering). A numbered line always starts a
    new item; otherwise a line is glued to the text before it unless both the last item before
    and the first item of the line stand alone as institutions, in which case the two are
    separated by ``、`` (a line break never glues two names into one). A glued line keeps the
    space it was printed with (``日期`` / `` (xx年xx月)``): the caller tidies spaces.
    """
    text = ""
    for raw in lines:
        line, numbered = strip_numbering(raw.strip())
        if not line:
            continue
        if not text:
            text = line
            continue
        before = split_names(text)
        after = split_names(line)
        apart = numbered or (
            bool(before)
            and bool(after)
            and text[-1] not in LIST_SEPARATORS
            and line[0] not in LIST_SEPARATORS
            and not is_name_fragment(without_marks(before[-1]))
            and not is_name_fragment(without_marks(after[0]))
        )
        glued = line if numbered else raw.rstrip()
        text = f"{text}、{line}" if apart else text + glued
    return text


@vocab_cached(maxsize=TEXT_CACHE_SIZE)  # asked of every cell when rows are joined
def without_marks(name: str) -> str:
    """A name with any trailing mark (★, ▲, *, （牵头）) removed, for judging whether it is whole."""
    name = re.sub(r"[^\u4e00-\u9fff）)]+$", "", name)
    main, inner = split_bracket(name)
    return main if inner is not None and not is_institution(inner) else name


def continues_name(before: str, piece: str) -> bool:
    """True when ``piece`` is the rest of a name cut at the end of ``before``: the last item of
    ``before`` is no institution, and with ``piece`` glued on it becomes one (云南中医药大学第 +
    二附属医院). Used to join a cell wrapped onto the next row or page."""
    items = split_names(before)
    if not items or not piece or before[-1] in LIST_SEPARATORS:
        return False
    last = without_marks(items[-1])
    first = split_names(piece)[0] if split_names(piece) else piece
    whole = without_marks(last + first)
    return not is_institution(last) and is_name_fragment(first) and is_institution(whole)
