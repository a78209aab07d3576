"""Finding the graph's names in a question: exact first, then near misses.

Why Aho-Corasick and not jieba for the exact path: jieba glues a name to the next word
(NOTES.md: 怒江州人民医院院长 → 怒江州|人民|医院院长), while an automaton over every
surface finds 10k names in one pass over the question, in microseconds, whatever follows
them. Overlapping matches are resolved longest first (云南省肿瘤医院 beats 云南省 and
省肿瘤医院), and a surface of one or two characters (云南, 丹丹) is kept only where jieba —
with every surface added as a word — also cuts the question there, so a short name is not
found inside an ordinary word.

Why a fuzzy path: officials shorten and misspell names (怒江州医院, 延安医院, 巴彦卫生院).
A *name-like span* is a stretch of the question between keywords and function words
(``intent_keywords.tsv``) that ends in a name suffix (医院, 卫生院, 县, 州, 方案…). When no exact
surface covers the span's end, the span is compared with rapidfuzz's ``WRatio`` against the
surfaces of the node types its suffix allows, after a pre-filter that keeps only surfaces
sharing at least 60 % of the span's *distinctive* characters (those not in 人民医院卫生县市
…): that bounds the work and stops 火星县人民医院 from matching 云县人民医院 on 县人民医院
alone. Candidates need ``WRatio >= 75`` (怒江州医院 ↔ 怒江州人民医院 scores 83, 延安医院 ↔
昆明市延安医院 90, a one-character slip in a 3-character name 67). Every candidate within 8
points of the best is returned, so 怒江州医院 comes back with both 怒江州人民医院 and
怒江州中医医院 and the answer can ask which one was meant. A span that looks like a name but
matches nothing (火星县人民医院) is returned as a mention with no candidates, so the answer
can say it was not found and offer :meth:`NameIndex.suggest`.

Scoped surfaces: 省肿瘤医院 is 云南省肿瘤医院 in 云南's plan and 江西省肿瘤医院 in 江西's
notice. Both entries are kept (``NameEntry.scope``); a question naming a province keeps only
the candidates of that province, otherwise all are returned and the mention is ambiguous.

Surface forms (derived short names, the folding of a surface) are in :mod:`query.name_surfaces`
and the name-like spans of the fuzzy path in :mod:`query.name_spans`; this module holds the
index and the types it returns.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import ahocorasick
from rapidfuzz import fuzz, process

from query.name_spans import D, H, V, distinctive, name_spans
from query.name_surfaces import derived_surfaces, province_key, surface_key
from query.normalize import normalize_question
from query.short_forms import KIND_RULE, hospital_short_forms, is_typo

if TYPE_CHECKING:
    import jieba

__all__ = [
    "Mention",
    "NameEntry",
    "NameIndex",
    "derived_surfaces",
    "entries_from_node",
    "province_key",
]

FUZZY_CUTOFF = 75.0  # WRatio; see the module docstring for the measured scores behind it
# Titles share long boilerplate (三级医院对口帮扶县级医院工作方案): ask for more.
DOCUMENT_CUTOFF = 85.0
AMBIGUITY_MARGIN = 8.0  # candidates this close to the best are all returned
PREFILTER_SHARE = 0.6  # share of the span's distinctive characters a surface must contain
MAX_CANDIDATES = 5
SHORT_SURFACE = 2  # surfaces this short must sit on jieba token boundaries
NAME_FREQ = 2_000_000  # jieba frequency given to names: above any dictionary word


@dataclass(frozen=True)
class NameEntry:
    """One surface form of one graph node, e.g. 省肿瘤医院 for hospital:云南省肿瘤医院 in 云南省."""

    surface: str
    node_id: str
    node_type: str
    canonical: str
    scope: str = ""  # the province this surface is specific to ("" = everywhere)
    rule: str = ""  # the short-form rule that generated the surface ("" = printed in a document)


@dataclass(frozen=True)
class Mention:
    """A stretch of the normalised question that names (or looks like it names) graph nodes.

    ``start``/``end`` index the normalised question. ``candidates`` are best first; more than
    one node means the answer should ask which was meant; none means the name is unknown
    (``types`` then says what the name looked like, from its suffix). ``score`` is 1.0 for an
    exact surface, otherwise rapidfuzz's ``WRatio``/100 of the best candidate.
    """

    surface: str
    start: int
    end: int
    candidates: list[NameEntry] = field(hash=False)
    exact: bool
    score: float
    types: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return bool(self.candidates)

    @property
    def node_ids(self) -> list[str]:
        """Distinct node ids of the candidates, best first."""
        return list(dict.fromkeys(c.node_id for c in self.candidates))

    @property
    def ambiguous(self) -> bool:
        return len(self.node_ids) > 1

    @property
    def best(self) -> NameEntry | None:
        return self.candidates[0] if self.candidates else None

    @property
    def node_type(self) -> str:
        """The node type of the best candidate, or the type the suffix suggests, or ""."""
        if self.candidates:
            return self.candidates[0].node_type
        return self.types[0] if self.types else ""

    @property
    def canonicals(self) -> list[str]:
        return list(dict.fromkeys(c.canonical for c in self.candidates))


def entries_from_node(node: Mapping[str, Any]) -> list[NameEntry]:
    """Every :class:`NameEntry` of a graph node dict (see core/model.py for its attributes).

    Surfaces: the name, each alias, the derived short forms, and for documents the number and
    the title. An alias starting with 省 (省肿瘤医院) is scoped to the node's province.
    """
    node_type = str(node["type"])
    name = str(node.get("name") or "")
    node_id = str(node["id"])
    province = str(node.get("province") or "")
    surfaces: list[str] = [name]
    surfaces += [str(a["surface"]) if isinstance(a, Mapping) else str(a) for a in node.get("aliases") or ()]
    if node_type == D:
        surfaces += [str(node[k]) for k in ("number", "title") if node.get(k)]
    printed = list(dict.fromkeys(s for s in surfaces if s))
    for s in list(surfaces):
        surfaces += derived_surfaces(s, node_type)
    entries: list[NameEntry] = []
    for surface in dict.fromkeys(s for s in surfaces if s):
        scope = province if surface.startswith("省") and surface != name else ""
        entries.append(NameEntry(surface, node_id, node_type, name or surface, scope))
    if node_type == H:
        known = {e.surface for e in entries}
        for surface in printed:
            for form in hospital_short_forms(surface, province):
                if form.surface not in known:
                    known.add(form.surface)
                    entries.append(
                        NameEntry(form.surface, node_id, H, name or surface, form.scope, form.rule)
                    )
    return entries


@lru_cache(maxsize=4096)
def _place_of(name: str) -> tuple[str, str] | None:
    """The place a name starts with, per the gazetteer, as (level, admin code), or None."""
    from extract.places import get_gazetteer

    place = get_gazetteer().locate(name)
    return (place.level, place.admin_code) if place is not None else None


@lru_cache(maxsize=1)
def _base_tokenizer() -> jieba.Tokenizer:
    """jieba's main dictionary, loaded once (~0.8 s, cached on disk by jieba)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


class NameIndex:
    """Every surface of the graph's names, for exact and fuzzy look-up in questions.

    Build it once per graph (``NameIndex(entries)``); :meth:`find` is thread-safe. jieba is
    loaded only the first time a short surface or :meth:`tokenize` needs it.
    """

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        by_key: dict[str, list[NameEntry]] = defaultdict(list)
        by_kind: dict[str, list[NameEntry]] = defaultdict(list)
        for entry in entries:
            key = surface_key(entry.surface)
            if entry.rule == KIND_RULE:
                if key and all(e.node_id != entry.node_id for e in by_kind[key]):
                    by_kind[key].append(entry)
                continue
            # one entry per node and scope under a key (“十四五” and 十四五 fold together)
            if key and not any((e.node_id, e.scope) == (entry.node_id, entry.scope) for e in by_key[key]):
                by_key[key].append(entry)
        for key, found in by_key.items():
            # a name printed in a document beats a form generated from another node's name
            printed = {e.node_id for e in found if not e.rule}
            if printed and len({e.node_id for e in found}) > len(printed):
                by_key[key] = [e for e in found if e.node_id in printed]
        self._by_key: dict[str, list[NameEntry]] = dict(by_key)
        # 第一人民医院 typed alone: every hospital whose name is a place + that, to ask which
        self._by_kind = {k: v for k, v in by_kind.items() if len(v) > 1 and k not in self._by_key}
        self._keys: list[str] = list(self._by_key)
        self._key_types: list[frozenset[str]] = [
            frozenset(e.node_type for e in self._by_key[k]) for k in self._keys
        ]
        self._automaton: ahocorasick.Automaton | None = None
        if self._keys:
            self._automaton = ahocorasick.Automaton()
            for key in self._keys:
                self._automaton.add_word(key, key)
            self._automaton.make_automaton()
        postings: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self._keys):
            for ch in distinctive(key):
                postings[ch].append(i)
        self._postings = dict(postings)
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()

    # --- introspection -----------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def lookup(self, surface: str) -> list[NameEntry]:
        """The entries of one exact surface (normalised like a question), or []."""
        return list(self._by_key.get(surface_key(surface), ()))

    @property
    def surfaces(self) -> list[str]:
        return list(self._keys)

    # --- jieba -------------------------------------------------------------------------
    def tokenizer(self) -> jieba.Tokenizer:
        """A jieba tokenizer knowing every surface as a word; built on first use.

        Each index gets its own tokenizer (jieba's global one would leak one graph's names
        into another) that copies the shared main dictionary instead of reloading it.
        """
        with self._lock:
            if self._tokenizer is None:
                import jieba

                base = _base_tokenizer()
                tokenizer = jieba.Tokenizer()
                tokenizer.FREQ = dict(base.FREQ)
                tokenizer.total = base.total
                tokenizer.initialized = True
                for key in self._keys:
                    tokenizer.add_word(key, freq=NAME_FREQ)
                self._tokenizer = tokenizer
            return self._tokenizer

    def tokenize(self, text: str) -> list[str]:
        """jieba tokens of ``text`` with every indexed name kept whole."""
        return [t for t in self.tokenizer().cut(text) if t.strip()]

    def _token_bounds(self, text: str) -> set[int]:
        bounds, pos = {0}, 0
        for token in self.tokenizer().cut(text):
            pos += len(token)
            bounds.add(pos)
        return bounds

    # --- exact path --------------------------------------------------------------------
    def _exact(self, text: str) -> tuple[list[Mention], set[str]]:
        """Longest non-overlapping exact matches, and every province named (for scopes)."""
        if self._automaton is None or not text:
            return [], set()
        raw = [(end + 1 - len(key), end + 1, key) for end, key in self._automaton.iter(text)]
        provinces = {
            province_key(e.canonical) for _, _, key in raw for e in self._by_key[key] if e.node_type == V
        }
        raw.sort(key=lambda r: (r[0] - r[1], r[0]))  # longest first, then leftmost
        taken = [False] * len(text)
        chosen: list[tuple[int, int, str]] = []
        bounds: set[int] | None = None
        allowed: dict[str, list[NameEntry]] = {}
        for start, end, key in raw:
            if any(taken[start:end]):
                continue
            if key not in allowed:
                # a generated 省… form (省一院, 省医院) stands for one province's hospital only
                # when the question names that province: 外省医院 is not 江西's 省医院
                allowed[key] = [
                    e
                    for e in self._by_key[key]
                    if not (e.rule and e.scope) or province_key(e.scope) in provinces
                ]
            if not allowed[key]:
                continue
            if any(e.rule and e.scope for e in allowed[key]) and self._word_before(text, start, key):
                continue  # 外省医院, 全省一院: the 省 belongs to the word before it
            if end - start <= SHORT_SURFACE:
                if bounds is None:
                    bounds = self._token_bounds(text)
                if start not in bounds or end not in bounds:
                    continue
            taken[start:end] = [True] * (end - start)
            chosen.append((start, end, key))
        mentions = [Mention(key, s, e, allowed[key], True, 1.0) for s, e, key in chosen]
        return mentions, provinces

    @staticmethod
    def _word_before(text: str, start: int, key: str) -> bool:
        """True when the character before ``key`` and its first one are a dictionary word (外省)."""
        return start > 0 and bool(_base_tokenizer().FREQ.get(text[start - 1] + key[0]))

    # --- fuzzy path --------------------------------------------------------------------
    def _typos(self, span: str) -> list[tuple[float, NameEntry]]:
        """Hospitals whose surface is ``span`` with one character slipped (:func:`is_typo`).

        Never a hospital of another place: when the span starts with a real place
        (科尔沁右翼中旗…) a name of a different place (科尔沁左翼中旗…) is not a slip of it.
        """
        distinct = distinctive(span)
        if len(distinct) < 2:
            return []
        hits: Counter[int] = Counter()
        for ch in distinct:
            hits.update(self._postings.get(ch, ()))
        need = len(distinct) - 1
        found: dict[str, NameEntry] = {}
        span_place = _place_of(span)
        for i, n in hits.items():
            key = self._keys[i]
            if n < need or H not in self._key_types[i] or abs(len(key) - len(span)) > 1:
                continue
            if not is_typo(span, key) or (span_place is not None and _place_of(key) != span_place):
                continue
            for entry in self._by_key[key]:
                if entry.node_type == H:
                    found.setdefault(entry.node_id, entry)
        score = 100.0 * (1 - 1 / max(len(span), 2))
        return [(score, e) for e in sorted(found.values(), key=lambda e: e.canonical)]

    def _fuzzy(self, span: str, types: tuple[str, ...]) -> list[tuple[float, NameEntry]]:
        """Candidates for a name-like span: ``(score, entry)``, best first, one per node.

        A hospital-like span is matched only within one typo (:meth:`_typos`): short forms
        are generated (:mod:`query.short_forms`), so a wider match would be a guess. Places
        and document titles keep the scored match below.
        """
        distinct = distinctive(span)
        if not distinct or not types:
            return []
        if types == (H,):
            return self._typos(span)
        need = math.ceil(PREFILTER_SHARE * len(distinct))
        hits: Counter[int] = Counter()
        for ch in distinct:
            hits.update(self._postings.get(ch, ()))
        wanted = set(types)
        pool = {i: self._keys[i] for i, n in hits.items() if n >= need and self._key_types[i] & wanted}
        if not pool:
            return []
        scored: dict[str, tuple[float, NameEntry]] = {}
        cutoff = DOCUMENT_CUTOFF if types == (D,) else FUZZY_CUTOFF
        for key, score, _ in process.extract(span, pool, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=20):
            for entry in self._by_key[key]:
                if entry.node_type in wanted and score > scored.get(entry.node_id, (-1.0,))[0]:
                    scored[entry.node_id] = (score, entry)
        ranked = sorted(scored.values(), key=lambda se: (-se[0], se[1].canonical))
        if not ranked:
            return []
        best = ranked[0][0]
        return [se for se in ranked if best - se[0] <= AMBIGUITY_MARGIN][:MAX_CANDIDATES]

    # --- public ------------------------------------------------------------------------
    def find(self, question: str) -> list[Mention]:
        """The names in a *normalised* question (:func:`normalize_question`), left to right.

        Exact surfaces first (longest wins); then every name-like span whose end no exact
        name covers goes through the fuzzy path, replacing the exact place names inside it
        (怒江州 in 怒江州医院) when it finds candidates. Offsets index ``question``.
        """
        exact, provinces = self._exact(question)
        mentions = list(exact)
        for start, end, types, fuzzy_ok in name_spans(question, exact):
            inside = [m for m in mentions if start <= m.start and m.end <= end]
            if any(m.start < end and start < m.end and m not in inside for m in mentions):
                continue  # overlaps a name already taken (a title's inner part)
            span = question[start:end]
            found = self._fuzzy(span, types) if fuzzy_ok else []
            if not found and not inside and span in self._by_kind:
                found = [(0.0, e) for e in sorted(self._by_kind[span], key=lambda e: e.canonical)]
            if found:
                mention = Mention(span, start, end, [e for _, e in found], False, found[0][0] / 100.0, types)
            elif len(distinctive(span)) < (1 if H in types else 2) or (inside and H not in types):
                continue  # too little to report; or keep the known place of an unknown place name
            else:
                # 昆明市第一人民医院 is not 昆明市: report the unknown hospital, not the city
                mention = Mention(span, start, end, [], False, 0.0, types)
            mentions = [m for m in mentions if m not in inside]
            mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
        return [self._narrow_scope(m, provinces) for m in mentions]

    @staticmethod
    def _narrow_scope(mention: Mention, provinces: set[str]) -> Mention:
        """Keep only the candidates of a province the question names (江西的省肿瘤医院)."""
        if not provinces or not any(c.scope for c in mention.candidates):
            return mention
        kept = [c for c in mention.candidates if not c.scope or province_key(c.scope) in provinces]
        if not kept or len(kept) == len(mention.candidates):
            return mention
        return Mention(
            mention.surface, mention.start, mention.end, kept, mention.exact, mention.score, mention.types
        )

    def suggest(self, text: str, k: int = 5) -> list[NameEntry]:
        """The ``k`` names closest to ``text`` (a name or a whole question), for 您是不是要找.

        Uses the question's name-like span when there is one, and compares it with every
        surface (no type filter, no cut-off): this is the fallback when :meth:`find` failed.
        """
        query = normalize_question(text)
        if not query or not self._keys:
            return []
        exact, _ = self._exact(query)
        spans = name_spans(query, exact)
        if spans:
            longest = max(spans, key=lambda t: t.end - t.start)
            query = query[longest.start : longest.end]
        pool = {i: key for i, key in enumerate(self._keys) if set(key) & set(query)}
        if not pool:
            return []
        out: dict[str, NameEntry] = {}
        for key, _, _ in process.extract(query, pool, scorer=fuzz.WRatio, limit=max(4 * k, 20)):
            for entry in self._by_key[key]:
                current = out.get(entry.node_id)
                # show the canonical spelling when the node was reached through an alias
                if current is None or (entry.surface == entry.canonical != current.surface):
                    out[entry.node_id] = entry
            if len(out) >= k:
                break
        return list(out.values())[:k]
