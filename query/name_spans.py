"""Where a typed name may stand in a question: name-like spans for the fuzzy path.

A *name-like span* is a stretch of the question between keywords and function words
(``intent_keywords.tsv``) that ends in a name suffix (``core/vocab/name_suffixes.tsv``: 医院, 卫生院, 县,
州, 方案…) and is not already an exact name; a 《title》 or an unknown document number is a
span too. :func:`distinctive` gives the characters of a name that say *which* name it is
(not 人民医院卫生县市…). :class:`query.entities.NameIndex` compares each span with the
surfaces its suffix allows; see that module's docstring for the scores. The delimiter
automaton is built on first use, not at import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

import ahocorasick

from core.errors import VocabError
from core.messages import message
from core.model import NodeType
from core.vocab import table, vocab_cached
from query.normalize import NOT_DELIMITERS, load_keywords
from query.short_forms import GENERIC_CHARS, load_rules

__all__ = [
    "GENERIC_CHARS",
    "MAX_SPAN",
    "C",
    "D",
    "H",
    "P",
    "Span",
    "V",
    "distinctive",
    "is_doc_number",
    "name_spans",
]

H, C, P, V, D = (  # node-type shorthands, shared with query.entities
    NodeType.HOSPITAL.value,
    NodeType.COUNTY.value,
    NodeType.PREFECTURE.value,
    NodeType.PROVINCE.value,
    NodeType.DOCUMENT.value,
)

MAX_SPAN = 24  # a name-like span longer than this is cut to its last MAX_SPAN characters


@vocab_cached
def name_suffixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Suffix -> node types a name ending so can be, longest first (``core/vocab/name_suffixes.tsv``)."""
    known = {t.value for t in NodeType}
    rows = table("name_suffixes.tsv", required=("suffix", "types"))
    bad = [f"{r.where}: 未知的类型 {t}" for r in rows for t in r["types"].split(",") if t not in known]
    if bad:
        raise VocabError(message("E001", problems="; ".join(bad)))
    return tuple((r["suffix"], tuple(r["types"].split(","))) for r in rows)


_PLACE_SUFFIX_CHARS = frozenset("县市州区旗盟省")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d{1,4}号")
_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）]")
# A place name right before one of these is still a place, not the head of a hospital name.
_PLACE_TAIL = re.compile(r"^(?:内|里|境内|辖区|辖区内|本地|当地|的)+")
# A count or a rank before a hospital word (前两家医院, 这几所医院) is not part of a name.
_QUANTITY = re.compile(r"^(?:前|后|这|那|哪)?[0-9一二两三四五六七八九十几多]*[家个所名位些]")


@vocab_cached
def _level_word() -> re.Pattern[str]:
    """A level word after a place (大理州的州级医院: the place's hospitals at that level, not a
    name); the words are core/vocab/admin_levels.tsv's."""
    words = sorted((r["word"] for r in table("admin_levels.tsv", required=("word", "level"))), key=len)
    return re.compile("^(?:" + "|".join(re.escape(w) for w in reversed(words)) + ")")


class Located(Protocol):
    """What the span finder reads of an exact name found earlier: a :class:`query.entities.Mention`."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def node_type(self) -> str: ...


@vocab_cached
def _delimiters() -> tuple[ahocorasick.Automaton, frozenset[str]]:
    """Keywords and function words (where a typed name ends) and the generic category nouns."""
    table = load_keywords()
    automaton = ahocorasick.Automaton()
    for group, words in table.items():
        if group in NOT_DELIMITERS:
            continue
        for word, _ in words:
            automaton.add_word(word, len(word))
    automaton.make_automaton()
    # a place followed only by one of these is "the hospitals of the place", not a name
    return automaton, frozenset(w for g in ("generic", "hospital_word") for w, _ in table[g])


class Span(NamedTuple):
    """A name-like stretch of a question, the node types its suffix allows, and whether a
    near match is acceptable (not for a document number: 6号 is not a typo of 5号)."""

    start: int
    end: int
    types: tuple[str, ...]
    fuzzy: bool = True


def _suffix_types(span: str) -> tuple[str, tuple[str, ...]] | None:
    for suffix, types in name_suffixes():
        if span.endswith(suffix):
            return suffix, types
    return None


def is_doc_number(text: str) -> bool:
    """True for a whole 文号 as questions are normalised (云卫医发〔2022〕5号)."""
    return bool(_DOC_NUMBER.fullmatch(text))


def distinctive(text: str) -> list[str]:
    return [c for c in dict.fromkeys(text) if c not in GENERIC_CHARS and _NAME_CHAR.match(c)]


def _inside_unknown_name(text: str, at: int, in_name: list[bool]) -> bool:
    """True when the one character at ``at`` sits between two characters of a name no exact
    match covers, and the text before it does not already end a name (医院和… is a cut)."""
    if text[at] not in load_rules().inner or at == 0 or at + 1 >= len(text):
        return False
    if in_name[at - 1] or in_name[at + 1]:
        return False
    if not (_NAME_CHAR.match(text[at - 1]) and _NAME_CHAR.match(text[at + 1])):
        return False
    return _suffix_types(text[:at]) is None and any(
        _suffix_types(text[: k + 1]) for k in range(at + 1, min(len(text), at + MAX_SPAN))
    )


def name_spans(text: str, exact: Sequence[Located]) -> list[Span]:
    """Stretches of ``text`` that look like a name and are not already an exact name."""
    automaton, generic = _delimiters()
    in_name = [False] * len(text)
    for m in exact:
        in_name[m.start : m.end] = [True] * (m.end - m.start)
    cut = [not _NAME_CHAR.match(ch) for ch in text]
    for end, length in automaton.iter(text):
        start = end + 1 - length
        if length == 1 and end + 1 < len(text) and text[end + 1] in _PLACE_SUFFIX_CHARS:
            continue  # 于都县, 成都市: a one-character function word inside a place name
        if length == 1 and _inside_unknown_name(text, start, in_name):
            continue  # 协和医院: 和 between two characters of one name
        if not any(in_name[start : end + 1]):
            cut[start : end + 1] = [True] * length
    for m in exact:  # a name is never cut, even where it contains a keyword
        cut[m.start : m.end] = [False] * (m.end - m.start)
    spans: list[Span] = []
    exact_docs = [m for m in exact if m.node_type == D]
    for m in _BOOK_TITLE.finditer(text):  # 《…》 is a document title, whatever is inside
        s, e = m.start(1), m.end(1)
        cut[s:e] = [True] * (e - s)
        if not any(d.start < e and s < d.end for d in exact_docs):
            spans.append(Span(s, e, (D,)))
    for m in _DOC_NUMBER.finditer(text):  # an unknown number: never fuzzy (6号 is not 5号)
        cut[m.start() : m.end()] = [True] * (m.end() - m.start())
        if not any(in_name[m.start() : m.end()]):
            spans.append(Span(m.start(), m.end(), (D,), fuzzy=False))
    i = 0
    while i < len(text):
        if cut[i]:
            i += 1
            continue
        j = i
        while j < len(text) and not cut[j]:
            j += 1
        spans.extend(_span_in_chunk(text, i, j, exact, generic))
        i = j
    return spans


def _span_in_chunk(
    text: str, start: int, end: int, exact: Sequence[Located], generic: frozenset[str]
) -> list[Span]:
    chunk = text[start:end]
    # The name ends where the last name suffix of the chunk ends.
    last = None
    for k in range(len(chunk), 0, -1):
        found = _suffix_types(chunk[:k])
        if found:
            last = (k, found[1])
            break
    if last is None:
        return []
    span_end = start + last[0]
    inside = [m for m in exact if start <= m.start and m.end <= span_end]
    if any(m.start < span_end <= m.end for m in exact):
        return []  # the suffix belongs to a known name: nothing to guess
    span_start = min((m.start for m in inside), default=max(start, span_end - MAX_SPAN))
    span = text[span_start:span_end]
    tail = text[inside[-1].end : span_end] if inside else span
    tail = _QUANTITY.sub("", _level_word().sub("", _PLACE_TAIL.sub("", tail)))
    if not tail or tail in generic or span in generic or not distinctive(span):
        return []
    return [Span(span_start, span_end, last[1])]
