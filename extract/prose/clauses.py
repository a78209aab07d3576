"""A sentence cut into clauses, each a sequence of institution groups and grammar words.

Why: the relation is read from which words stand where relative to which institutions
(``由`` before a group, ``牵头`` right after one, a support verb between two), and a relation
may span clauses ("乙由甲牵头帮扶，丙、丁共同参与"). So a sentence becomes clauses (cut at ，；：
outside brackets), and each clause a list of :class:`Group` (mentions joined only by list
connectors: 甲、乙和丙, 甲与乙) and :class:`Word` (a word of ``prose_words.tsv`` with its group).
The text in between is kept only as offsets: the frames look at order and adjacency.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.vocab.prose import ProseWords
from extract.prose.mentions import Mention

__all__ = ["Clause", "Group", "Word", "clauses_of"]

CLAUSE_BREAKS = "，,；;：:"
_OPEN, _CLOSE = "（(", "）)"


@dataclass
class Group:
    """Mentions printed as one list, with the connectors between them."""

    mentions: list[Mention]
    connectors: list[str] = field(default_factory=list)
    pair_connectors: tuple[str, ...] = ()  # the word file's pair_connector group

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    def is_pair(self) -> bool:
        """Exactly two mentions joined by 与/和/同/跟: the two parties of a symmetric tie."""
        return len(self.mentions) == 2 and self.connectors[0] in self.pair_connectors


@dataclass(frozen=True)
class Word:
    """A grammar word found in a clause: its group in the word file, and its value there."""

    group: str
    word: str
    value: str
    start: int
    end: int


Item = Group | Word


@dataclass
class Clause:
    """One clause: its items in order, its offsets in the sentence, its text."""

    items: list[Item]
    start: int
    end: int
    text: str

    def groups(self) -> list[Group]:
        return [i for i in self.items if isinstance(i, Group)]

    def words(self, *groups: str) -> list[Word]:
        return [i for i in self.items if isinstance(i, Word) and i.group in groups]

    def has(self, *groups: str) -> bool:
        return bool(self.words(*groups))

    def mentions(self) -> list[Mention]:
        return [m for g in self.groups() for m in g.mentions]

    def after(self, item: Item) -> list[Item]:
        return self.items[self.items.index(item) + 1 :]

    def before(self, item: Item) -> list[Item]:
        return self.items[: self.items.index(item)]


def _breaks(sentence: str) -> list[int]:
    """Offsets of clause breaks outside brackets."""
    out: list[int] = []
    depth = 0
    for i, ch in enumerate(sentence):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in CLAUSE_BREAKS and depth == 0:
            out.append(i)
    return out


def _words_in(text: str, offset: int, words: ProseWords) -> Iterator[Word]:
    for match in words.matcher.finditer(text):
        group, value = words.role_of(match.group())
        yield Word(group, match.group(), value, offset + match.start(), offset + match.end())


def clauses_of(sentence: str, mentions: list[Mention], words: ProseWords) -> list[Clause]:
    """Cut ``sentence`` into clauses of groups and words; mentions never cross a break."""
    bounds = [-1, *_breaks(sentence), len(sentence)]
    clauses: list[Clause] = []
    for left, right in itertools.pairwise(bounds):
        start, end = left + 1, right
        inside = [m for m in mentions if m.start >= start and m.end <= end]
        items: list[Item] = []
        position = start
        for mention in inside:
            gap = sentence[position : mention.start]
            last = items[-1] if items else None
            if isinstance(last, Group) and words.list_gap.match(gap):
                last.mentions.append(mention)
                last.connectors.append(gap.strip())
            else:
                items.extend(_words_in(gap, position, words))
                items.append(Group([mention], pair_connectors=words.words("pair_connector")))
            position = mention.end
        items.extend(_words_in(sentence[position:end], position, words))
        clauses.append(Clause(items, start, end, sentence[start:end]))
    return clauses
