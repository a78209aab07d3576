"""Find hospital names in a Chinese sentence, including names that are in no list.

Why two passes: the corpus' tables give full names (云南省肿瘤医院), but running text prints
short forms (省肿瘤医院, 云大附属医院) and hospitals no table mentions. So known names are
matched first, exactly (spaCy ``blank("zh")`` with its character segmenter and an
EntityRuler of phrase patterns: one token per character, so a name followed by a word,
怒江州人民医院院长, still matches, which jieba's segmentation would break). The rest of the
sentence is then searched by shape: a run of Chinese characters ending in an institution
suffix, cut on the left at the last function word or relation verb before it.

All the words that decide a boundary or a role are vocabulary files in core/vocab, so a new
document's wording is a one-line data change, not new code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from core.normalize import HALF_TO_FULL_BRACKETS, normalize_name
from core.vocab import vocab_cached
from core.vocab.prose import prose_words
from core.vocab.words import words
from extract.names import alternation, is_role_word, split_bracket, split_names

if TYPE_CHECKING:  # spaCy is only imported when a recogniser is first used
    from spacy.language import Language

__all__ = [
    "HospitalRecognizer",
    "HospitalSpan",
    "hospital_suffixes",
    "is_role_phrase",
    "split_bracket",
    "split_names",
]

# The words that decide a boundary or a role are vocabulary (core/vocab): institution_suffixes.tsv
# (in_prose, needs_anchor), name_boundaries.tsv, boundary_exceptions.tsv, role_qualifiers.tsv
# (in_prose, strong), role_cores.tsv and name_anchors.tsv; each file's header says what it is for.


@vocab_cached
def hospital_suffixes() -> tuple[str, ...]:
    """Institution endings the prose recogniser cuts at (not 医学院: 赣南医学院第一附属医院 stays whole)."""
    return words("institution_suffixes.tsv", "suffix", in_prose="yes")


# Parts of a hospital printed right after its name: 复旦大学附属华山医院北院, …中山医院青浦分院.
_SUB_UNIT = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:分院|院区)|[东南西北]院")
_NAME_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff〇0-9０-９]")
_COUNT_PREFIX = re.compile(r"^[0-9０-９一二两三四五六七八九十百几多数]+[所家个名]")
_MAX_BRACKET = 30
# A numbered short form: 市三院, 省二院, 北医三院 — a head of 1–3 characters, an ordinal, 院. It
# is a mention only once tied to a full name printed in the same document (extract/resolve.py).
# A 院 followed by a ``short_form_follower`` of core/vocab/prose_words.tsv is another word (院长).
_SHORT_FORM = re.compile(r"[一二三四五六七八九十]{1,2}院")
_SHORT_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,3}$")


@vocab_cached
def _role_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(qualifier)* + core as a whole phrase, and strong qualifier + (qualifier)* + core as a tail."""
    qualifiers = alternation(words("role_qualifiers.tsv", "qualifier", in_prose="yes"))
    strong = alternation(words("role_qualifiers.tsv", "qualifier", strong="yes"))
    cores = alternation(words("role_cores.tsv", "core"))
    full = re.compile(rf"^(?:{qualifiers})*(?:{cores})$")
    return full, re.compile(rf"(?:{strong})(?:{qualifiers})*(?:{cores})$")


def is_role_phrase(text: str) -> bool:
    """True for words that name a role or a class of hospitals, never one hospital.

    支援医院, 受援县人民医院, 省内三级医院, 国家委属委管医院, 3家医院 and anything ending in
    a strong qualifier + core (达到二级医院) are roles; 省人民医院 and 赣县人民医院 are not.
    """
    text = normalize_name(text)
    stripped = _COUNT_PREFIX.sub("", text)
    full, tail = _role_patterns()
    return any(is_role_word(t) or bool(full.match(t)) or bool(tail.search(t)) for t in {text, stripped})


@dataclass(frozen=True)
class HospitalSpan:
    """A hospital name found in a sentence: character offsets into the text as given."""

    start: int
    end: int
    text: str
    source: Literal["known", "pattern", "short"]

    @property
    def main(self) -> str:
        """The name without its bracketed alias: 滇南中心医院（个旧市人民医院） -> 滇南中心医院."""
        return split_bracket(self.text)[0]

    @property
    def alias(self) -> str | None:
        return split_bracket(self.text)[1]


class HospitalRecognizer:
    """Finds hospital names in Chinese sentences: known names first, then by shape.

    ``known_names`` may be raw table cells: they are split on list separators, bracketed
    aliases are registered too, and role words are dropped. The spaCy pipeline is built on
    first use, once per recogniser, so importing this module or making a recogniser costs
    nothing.
    """

    def __init__(
        self,
        known_names: Iterable[str] = (),
        *,
        suffixes: Iterable[str] | None = None,
        boundaries: Iterable[str] | None = None,
        boundary_exceptions: Iterable[str] | None = None,
        anchors: Iterable[str] | None = None,
        anchor_free_suffixes: Iterable[str] | None = None,
        min_length: int = 4,
    ) -> None:
        """Each word list defaults to its vocabulary file (see the comment above)."""
        self.known_names: frozenset[str] = frozenset(self._expand(known_names))
        self._suffixes = tuple(suffixes if suffixes is not None else hospital_suffixes())
        self._suffix_re = re.compile(alternation(self._suffixes))
        if boundaries is None:
            boundaries = words("name_boundaries.tsv", "word")
        self._boundary_re = re.compile(rf"(?=({alternation(boundaries)}))")
        if boundary_exceptions is None:
            boundary_exceptions = words("boundary_exceptions.tsv", "place")
        self._exceptions = tuple(boundary_exceptions)
        if anchors is None:
            anchors = words("name_anchors.tsv", "anchor")
        self._anchor_re = re.compile(alternation(anchors))
        if anchor_free_suffixes is None:
            anchor_free_suffixes = words("institution_suffixes.tsv", "suffix", needs_anchor="no")
        self._anchor_free = tuple(anchor_free_suffixes)
        self.min_length = min_length

    @staticmethod
    def _expand(names: Iterable[str]) -> Iterable[str]:
        for cell in names:
            for item in split_names(cell.translate(HALF_TO_FULL_BRACKETS)):
                main, alias = split_bracket(normalize_name(item))
                for name in (main, alias):
                    if name and len(name) >= 3 and not is_role_phrase(name):
                        yield name

    @cached_property
    def nlp(self) -> Language:
        """blank zh (character segmenter) + an EntityRuler holding the known names."""
        import spacy

        nlp = spacy.blank("zh")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns([{"label": "HOSPITAL", "pattern": n} for n in sorted(self.known_names)])
        return nlp

    def find(self, text: str) -> list[HospitalSpan]:
        """All hospital names in ``text``, in order, without overlaps."""
        if not text:
            return []
        norm = text.translate(HALF_TO_FULL_BRACKETS)  # same length: offsets stay valid
        known: list[tuple[int, int]] = []
        if self.known_names:
            doc = self.nlp(norm)
            known = [self._extend(norm, e.start_char, e.end_char) for e in doc.ents]
        blocked = [False] * len(norm)
        for start, end in known:
            blocked[start:end] = [True] * (end - start)
        spans = [HospitalSpan(s, e, text[s:e], "known") for s, e in known]
        spans += [HospitalSpan(s, e, text[s:e], "pattern") for s, e in self._by_shape(norm, blocked)]
        spans += [HospitalSpan(s, e, text[s:e], "short") for s, e in self._short_forms(norm, blocked)]
        return _without_overlaps(spans)

    __call__ = find

    def names(self, text: str) -> list[str]:
        """The names found in ``text``, as printed."""
        return [span.text for span in self.find(text)]

    # -- by shape -------------------------------------------------------------------------

    def _by_shape(self, text: str, blocked: list[bool]) -> list[tuple[int, int]]:
        hits = [m.span() for m in self._suffix_re.finditer(text)]
        suffix_ends = {end for _, end in hits}
        found: list[tuple[int, int]] = []
        for s_start, s_end in hits:
            if any(blocked[s_start:s_end]):
                continue
            left = s_start
            # Extend over name characters; stop at a known name or at the end of an earlier
            # suffix, so "甲医院乙医院" gives two names even with no word between them.
            while (
                left > 0
                and _NAME_CHAR.match(text[left - 1])
                and not blocked[left - 1]
                and left not in suffix_ends
            ):
                left -= 1
            start = self._start(text, left, s_start, s_end)
            if start is None:
                continue
            found.append(self._extend(text, start, s_end))
        return found

    def _short_forms(self, text: str, blocked: list[bool]) -> list[tuple[int, int]]:
        """Numbered short forms (市三院): up to three characters before the ordinal, cut on the
        left like any name."""
        found: list[tuple[int, int]] = []
        followers = prose_words().words("short_form_follower")
        for match in _SHORT_FORM.finditer(text):
            if text.startswith(followers, match.end()):
                continue
            left = match.start()
            farthest = max(0, match.start() - 3)
            while left > farthest and _NAME_CHAR.match(text[left - 1]) and not blocked[left - 1]:
                left -= 1
            start = self._cut(text, left, match.start())
            if _SHORT_HEAD.match(text[start : match.start()]) and not any(blocked[start : match.end()]):
                found.append((start, match.end()))
        return found

    def _anchored(self, head: str, name: str) -> bool:
        """A place, university, ordinal or number before the ending (see name_anchors.tsv)."""
        return name.endswith(self._anchor_free) or bool(self._anchor_re.search(head))

    def _cuts(self, text: str, left: int, suffix_start: int) -> list[tuple[int, int]]:
        """(cut, boundary word length) for every boundary word in text[left:suffix_start],
        rightmost first, then ``left`` itself (length 0)."""
        cuts: list[tuple[int, int]] = []
        for match in self._boundary_re.finditer(text[left:suffix_start]):
            word_start = left + match.start()
            if not text.startswith(self._exceptions, word_start):
                cuts.append((word_start + len(match.group(1)), len(match.group(1))))
        return [*sorted(cuts, reverse=True), (left, 0)]

    def _cut(self, text: str, left: int, suffix_start: int) -> int:
        """The start of the name: just after the rightmost boundary word in text[left:suffix_start]."""
        return self._cuts(text, left, suffix_start)[0][0]

    def _start(self, text: str, left: int, suffix_start: int, suffix_end: int) -> int | None:
        """Where the name ending at ``suffix_end`` starts, or None when no name ends there.

        The rightmost boundary word cuts, unless it is one character and what it leaves is a
        fragment (the bare ending, or too short or placeless to be a name): then it is part of
        the name (十堰市太和医院, …附属协和医院) and the next boundary to its left is tried. A word
        of two or more characters always cuts, and so does one leaving a role (等3家医院).
        """
        for cut, length in self._cuts(text, left, suffix_start):
            name, head = text[cut:suffix_end], text[cut:suffix_start]
            role = is_role_phrase(name)
            if len(name) >= self.min_length and not role and self._anchored(head, name):
                return cut
            if length != 1 or (head and role):  # 等3家医院: a role, not a fragment of a name
                return None
        return None

    def _extend(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Take in a campus (…北院, …青浦分院) and a bracketed alias (甲（乙）) printed right after."""
        sub = _SUB_UNIT.match(text, end)
        if sub:
            end = sub.end()
        if end < len(text) and text[end] == "（":
            close = text.find("）", end + 1, end + 2 + _MAX_BRACKET)
            if close > end + 1:
                inner = text[end + 1 : close]
                if (
                    _NAME_CHAR.match(inner[0])
                    and (inner in self.known_names or inner.endswith(self._suffixes))
                    and not is_role_phrase(inner)
                ):
                    end = close + 1
        return start, end


def _without_overlaps(spans: list[HospitalSpan]) -> list[HospitalSpan]:
    """Known names first, then longer spans; keep each span that overlaps none kept so far."""
    kept: list[HospitalSpan] = []
    for span in sorted(spans, key=lambda s: (s.source != "known", -(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
