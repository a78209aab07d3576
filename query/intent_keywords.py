"""Keyword matching on the masked question: names become placeholders, keywords are found in
what is left.

:class:`Question` replaces every name of a question by one placeholder character of its node
type, so a keyword inside a name (帮扶 in a document title, 中心 in 云南省急救中心) never
counts and the position of a name relative to a keyword is a plain string offset. Keywords are
data (``core/vocab/intent_keywords.tsv``), one Aho-Corasick automaton per group, matched
longest first within each group; the automata are built on first use, not at import.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from core.model import NodeType
from core.vocab import table, vocab_cached
from query.entities import Mention
from query.normalize import load_keywords

__all__ = [
    "DOC",
    "PERSON",
    "PLACES",
    "PROGRAM",
    "C",
    "Ent",
    "H",
    "Hit",
    "Keywords",
    "P",
    "Question",
    "V",
    "example_templates",
    "help_examples",
    "keywords",
]

H, C, P, V = (
    NodeType.HOSPITAL.value,
    NodeType.COUNTY.value,
    NodeType.PREFECTURE.value,
    NodeType.PROVINCE.value,
)
PERSON, DOC, PROGRAM = NodeType.PERSON.value, NodeType.DOCUMENT.value, NodeType.PROGRAM.value
PLACES = (C, P, V)

_PLACEHOLDER = {H: "\ue001", C: "\ue002", P: "\ue003", V: "\ue004", PERSON: "\ue005", DOC: "\ue006"}
_OTHER = "\ue007"
_NEGATION_ENDS = "外，,。；还"  # 除了A、B以外，… : the negated names end here


@dataclass(frozen=True)
class Hit:
    group: str
    start: int
    end: int
    word: str
    value: str


class Keywords:
    """One Aho-Corasick automaton per keyword group; built once per keyword table."""

    def __init__(self, table: dict[str, tuple[tuple[str, str], ...]]) -> None:
        self.table = table
        self.automata: dict[str, ahocorasick.Automaton] = {}
        for group, words in table.items():
            if not words or group == "example":
                continue
            automaton = ahocorasick.Automaton()
            for word, value in words:
                automaton.add_word(word, (word, value))
            automaton.make_automaton()
            self.automata[group] = automaton

    def hits(self, group: str, text: str) -> list[Hit]:
        """Non-overlapping matches of one group, longest first, returned left to right."""
        automaton = self.automata.get(group)
        if automaton is None or not text:
            return []
        raw = [(end + 1 - len(w), end + 1, w, v) for end, (w, v) in automaton.iter(text)]
        raw.sort(key=lambda r: (r[0] - r[1], r[0]))
        taken = [False] * len(text)
        out: list[Hit] = []
        for start, end, word, value in raw:
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                out.append(Hit(group, start, end, word, value))
        out.sort(key=lambda h: h.start)
        return out


@vocab_cached
def keywords() -> Keywords:
    return Keywords(load_keywords())


def example_templates() -> list[str]:
    """The example questions of ``core/vocab/help_examples.tsv``, placeholders unfilled."""
    return [row["template"] for row in table("help_examples.tsv", required=("template",))]


def help_examples() -> list[str]:
    """The example questions that name nothing, all understanding can offer without a graph;
    the service adds examples named from the graph in use (query/help.py)."""
    return [t for t in example_templates() if "{" not in t]


@dataclass(frozen=True)
class Ent:
    pos: int  # index of the placeholder in the masked text
    mention: Mention
    type: str


class Question:
    """The normalised question with names masked, and keyword look-ups on it."""

    def __init__(self, text: str, mentions: list[Mention], keywords: Keywords) -> None:
        pieces: list[str] = []
        ents: list[Ent] = []
        last, length = 0, 0
        for m in sorted(mentions, key=lambda m: m.start):
            if m.start < last:
                continue  # overlapping mentions never come from NameIndex; be safe anyway
            gap = text[last : m.start]
            pieces.append(gap)
            length += len(gap)
            node_type = m.node_type
            pieces.append(_PLACEHOLDER.get(node_type, _OTHER))
            ents.append(Ent(length, m, node_type))
            length += 1
            last = m.end
        pieces.append(text[last:])
        self.text = "".join(pieces)
        self.ents = ents
        self._kw = keywords
        self._cache: dict[str, list[Hit]] = {}
        self.excluded: list[Ent] = []  # names after 除了/不包括: left out of the answer
        self.exclude_lead = False  # 不算牵头 / 除牵头医院外: the lead hospitals left out
        self._read_negation()

    def _read_negation(self) -> None:
        """Take negated names and lead words out of what the rules see (除了A，还有谁帮扶B asks
        about B; 不算牵头 is no lead question); the frame reads them back as exclusions."""
        hits = self._kw.hits("negation", self.text)
        if not hits:
            return
        chars = list(self.text)
        for hit in hits:
            if hit.value == "lead":
                self.exclude_lead = True
                chars[hit.start : hit.end] = _OTHER * (hit.end - hit.start)
                continue
            end = next((i for i in range(hit.end, len(chars)) if chars[i] in _NEGATION_ENDS), len(chars))
            for e in [e for e in self.ents if hit.end <= e.pos < end]:
                self.excluded.append(e)
                self.ents.remove(e)
                chars[e.pos] = _OTHER
        self.text = "".join(chars)

    # entities -------------------------------------------------------------------------------
    def of(self, *types: str) -> list[Ent]:
        return [e for e in self.ents if e.type in types]

    def places(self) -> list[Ent]:
        """Places, without the qualifiers of a following place (云南省 in 云南省禄劝县)."""
        places = self.of(*PLACES)
        return [e for e in places if not any(o.pos == e.pos + 1 for o in places)]

    # keywords -------------------------------------------------------------------------------
    def hits(self, group: str) -> list[Hit]:
        if group not in self._cache:
            found = self._kw.hits(group, self.text)
            if group == "support_verb":  # 帮我查 / 传帮带: a 帮 that is no support relation
                found = [h for h in found if not self._inside(h, "not_support")]
            self._cache[group] = found
        return self._cache[group]

    def _inside(self, hit: Hit, group: str) -> bool:
        return any(o.start < hit.end and hit.start < o.end for o in self.hits(group))

    def has(self, *groups: str) -> bool:
        return any(self.hits(g) for g in groups)

    def within(self, groups: tuple[str, ...], start: int, end: int) -> list[Hit]:
        hits = [h for g in groups for h in self.hits(g) if start <= h.start and h.end <= end]
        return sorted(hits, key=lambda h: (h.start, h.start - h.end))

    def first(self, groups: tuple[str, ...], start: int = 0, end: int | None = None) -> Hit | None:
        found = self.within(groups, start, len(self.text) if end is None else end)
        return found[0] if found else None

    def last(self, groups: tuple[str, ...], start: int = 0, end: int | None = None) -> Hit | None:
        found = self.within(groups, start, len(self.text) if end is None else end)
        return max(found, key=lambda h: (h.end, h.end - h.start)) if found else None

    def count(self) -> bool:
        """A count word that is not part of 哪几家 (which asks *which*, not *how many*)."""
        return any(not (h.start and self.text[h.start - 1] == "哪") for h in self.hits("count"))

    def value(self, group: str, order: tuple[str, ...] = (), *, fallback: bool = True) -> str:
        """The value of the group's best hit: by ``order`` of values, else the first hit's."""
        hits = self.hits(group)
        for wanted in order:
            if any(h.value == wanted for h in hits):
                return wanted
        return hits[0].value if hits and fallback else ""
