"""Entity resolution: one canonical name per real hospital, every surface form kept as an alias.

Why scoped: a short form means different hospitals in different documents — 省肿瘤医院 is
云南省肿瘤医院 in 云南's plan and 江西省肿瘤医院 in 江西's notice — so a surface is always
resolved together with the document (and its issuing province) it was printed in.

Rules, in order, for a surface printed in a document of province P:

1. a bracketed alias (红河州滇南中心医院（个旧市人民医院）) resolves to the name it follows,
   unless the corpus also uses it on its own as a party to a relation: then the two stay
   separate nodes, tied by a SEE_ALSO edge (香格里拉市人民医院 / 迪庆州人民医院);
2. a name printed in full (in a table, or in prose without a short-form marker) is itself;
3. a short form is expanded: 省X -> {P}X; a former place name -> today's (赣县 -> 赣县区);
   an expansion that is a known full name wins (上饶县人民医院 stays as printed: no
   hospital called 广信区人民医院 is printed anywhere);
4. an abbreviation (云大附属医院, 省阜外医院 -> 云南省阜外医院) matches the known full name of
   the same province that contains it as an anchored subsequence with the fewest inserted
   characters (云南大学附属医院, 云南省阜外心血管病医院), when that best match is unique;
5. a numbered short form (市三院, 北医三院) is tied by the prose extractor to the full name printed
   in the same document (:func:`expand_numbered_short_form`), before it reaches the resolver;
6. otherwise the expanded form stands as a new name and an ``unresolved_name`` warning tells
   the user it could not be tied to a name printed in full.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from core.messages import message
from core.model import Alias, Evidence
from core.normalize import normalize_name
from core.records import AliasSighting, ExtractionResult, Problem
from core.vocab.prose import prose_words

_NUMBERED_SHORT = re.compile(r"^(?P<head>[\u4e00-\u9fff]{1,3}?)(?P<ordinal>[一二三四五六七八九十]{1,2})院$")
_UNIVERSITY_ABBREVIATION = re.compile(r"^[\u4e00-\u9fff]{1,2}大(附属|第|医院|一院|二院)")
_PROVINCE_SHORT = ("省", "自治区")
_OCR_MAX_EDITS = 2  # a misread name is one or two characters off the printed one


def expand_numbered_short_form(short: str, full_names: Iterable[str]) -> str | None:
    """The one full name a numbered short form stands for, or None when none or several fit.

    市三院 / 省二院 / 北医三院 → a full name printed in the same document that holds
    第<ordinal> before its hospital ending and whose text before 第 either ends with the level
    word (市 → 昆明市…) or starts with the short form's first character (北 → 北京大学…).
    """
    match = _NUMBERED_SHORT.match(short)
    if not match:
        return None
    head, ordinal = match["head"], match["ordinal"]
    # A head that is only a level word (short_form_level in core/vocab/prose_words.tsv) stands for
    # the place of that level a full name starts with: 市三院 is "the city's No. 3 hospital".
    level_heads = prose_words().words("short_form_level")
    fits: set[str] = set()
    for full in full_names:
        at = full.find(f"第{ordinal}")
        if at <= 0 or not full.endswith("院") or full[at + 1 + len(ordinal)] in "一二三四五六七八九十":
            continue
        before = full[:at]
        if (head in level_heads and head in before) or (head not in level_heads and before[0] == head[0]):
            fits.add(full)
    return fits.pop() if len(fits) == 1 else None


@dataclass(frozen=True)
class Sighting:
    surface: str
    doc: str
    evidence: Evidence


@dataclass
class Resolution:
    """The outcome for the whole corpus."""

    canonical_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc, surface) -> name
    aliases: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    see_also: list[tuple[str, str, Evidence]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def canonical(self, doc: str, surface: str) -> str:
        name = normalize_name(surface)
        return self.canonical_of.get((doc, name), name)


def _is_subsequence(short: str, full: str) -> int | None:
    """Inserted characters when ``short`` is an anchored subsequence of ``full``, else None."""
    if not short or short[0] != full[0] or short[-1] != full[-1] or len(short) >= len(full):
        return None
    position = 0
    for ch in short:
        position = full.find(ch, position)
        if position < 0:
            return None
        position += 1
    return len(full) - len(short)


def _parties(result: ExtractionResult) -> Iterable[Sighting]:
    """Every name printed as a party to a relation in one document."""
    for p in result.pairings:
        yield Sighting(normalize_name(p.supporter), result.doc, p.evidence)
        yield Sighting(normalize_name(p.recipient), result.doc, p.evidence)
    for lead in result.leads:
        yield Sighting(normalize_name(lead.supporter), result.doc, lead.evidence)
        yield Sighting(normalize_name(lead.recipient), result.doc, lead.evidence)
    for orphan in result.orphans:
        yield Sighting(normalize_name(orphan.recipient), result.doc, orphan.evidence)
    for d in result.dispatches:
        yield Sighting(normalize_name(d.from_hospital), result.doc, d.evidence)
        yield Sighting(normalize_name(d.to_hospital), result.doc, d.evidence)


def _first_sightings(results: list[ExtractionResult]) -> Iterable[Sighting]:
    """The first sighting of each name in each document, in reading order.

    Why only the first: every step below decides per (document, name) and cites the first
    place it was seen; a 10 MB table prints the same few thousand names 300,000 times.
    """
    seen: set[tuple[str, str]] = set()
    for result in results:
        for sighting in _parties(result):
            key = (sighting.doc, sighting.surface)
            if key not in seen:
                seen.add(key)
                yield sighting


class HospitalResolver:
    """Resolves every hospital surface of a corpus; see the module docstring for the rules."""

    def __init__(
        self,
        results: list[ExtractionResult],
        *,
        province_of_doc: dict[str, str | None],
        province_of_name: Callable[[str], str | None] = lambda _name: None,
        rename_former: Callable[[str], str | None] = lambda _name: None,
    ) -> None:
        self.results = results
        self.province_of_doc = province_of_doc
        self.province_of_name = province_of_name
        self.rename_former = rename_former
        self.resolution = Resolution()
        self._full: set[str] = set()
        self._full_by_province: dict[str | None, set[str]] = defaultdict(set)
        self._names_in_doc: dict[str, set[str]] = defaultdict(set)

    # -- which names are printed in full ----------------------------------------------------
    def _looks_short(self, name: str) -> bool:
        return name.startswith(_PROVINCE_SHORT) or bool(_UNIVERSITY_ABBREVIATION.match(name))

    def _register_full(self, name: str, doc: str) -> None:
        self._full.add(name)
        self._names_in_doc[doc].add(name)
        self._full_by_province[self.province_of_doc.get(doc)].add(name)
        located = self.province_of_name(name)
        if located:
            self._full_by_province[located].add(name)

    # -- resolution ---------------------------------------------------------------------------
    def _expansions(self, name: str, province: str | None) -> list[str]:
        out: list[str] = []
        if province and name.startswith("省"):
            out.append(province + name[1:])
        if province and name.startswith("自治区"):
            out.append(province + name[3:])
        renamed = self.rename_former(name)
        if renamed and renamed != name:
            out.append(renamed)
        return out

    def _abbreviation_match(self, short: str, doc: str, province: str | None) -> str | None:
        pool = self._names_in_doc[doc] | self._full_by_province.get(province, set())
        scored = sorted((gap, full) for full in pool if (gap := _is_subsequence(short, full)) is not None)
        if not scored:
            return None
        if len(scored) > 1 and scored[1][0] - scored[0][0] < 2:
            return None  # two full names fit about equally well: do not guess
        return scored[0][1]

    def _resolve_one(self, name: str, doc: str) -> tuple[str, bool]:
        """(canonical, resolved) for a surface that is not a bracket alias."""
        renamed = self.rename_former(name)
        if renamed and renamed != name and renamed in self._full:
            return renamed, True  # 赣县人民医院 -> 赣县区人民医院, printed in full elsewhere
        if name in self._full:
            return name, True
        province = self.province_of_doc.get(doc)
        candidates = self._expansions(name, province)
        for candidate in candidates:
            if candidate in self._full:
                return candidate, True
        for short in [*candidates, name]:
            match = self._abbreviation_match(short, doc, province)
            if match:
                return match, True
        return (candidates[0] if candidates else name), not self._looks_short(name)

    def _correct_ocr(self, sightings: list[Sighting]) -> None:
        """A name holding text OCR recognised with low confidence, and printed nowhere else,
        is taken for the known name within two characters of it — when exactly one is that
        near — and reported as a correction with the original. As with a typed name: the
        nearest known name, never a guess between two."""
        doubtful_of = {r.doc: r.ocr_doubtful for r in self.results if r.ocr_doubtful}
        if not doubtful_of:
            return

        def doubtful(s: Sighting) -> float | None:
            boxes = doubtful_of.get(s.doc, {})
            scores = [v for text, v in boxes.items() if len(text) >= 2 and text in s.surface]
            return min(scores) if scores else None

        suspect = {(s.doc, s.surface): score for s in sightings if (score := doubtful(s)) is not None}
        trusted = [s.surface for s in sightings if (s.doc, s.surface) not in suspect]
        known = {name for name in trusted if not self._looks_short(name)}
        for s in sightings:
            key = (s.doc, s.surface)
            if key not in suspect or s.surface in known or key in self.resolution.canonical_of:
                continue
            near = sorted((Levenshtein.distance(s.surface, name), name) for name in known)
            near = [(d, name) for d, name in near if d <= _OCR_MAX_EDITS]
            if not near or (len(near) > 1 and near[1][0] == near[0][0]):
                continue
            corrected = near[0][1]
            self.resolution.canonical_of[key] = corrected
            self.resolution.aliases[corrected].append(Alias(s.surface, s.doc, s.evidence.where))
            text = message("P201", original=s.surface, score=f"{suspect[key]:.2f}", corrected=corrected)
            problem = Problem(s.doc, s.evidence.where, "ocr_corrected", text, s.evidence.quote)
            self.resolution.problems.append(problem)

    def run(self) -> Resolution:
        sightings = list(_first_sightings(self.results))
        bracket: list[tuple[str, AliasSighting]] = [(r.doc, a) for r in self.results for a in r.aliases]
        standalone = {s.surface for s in sightings}
        for s in sightings:
            if not self._looks_short(s.surface):
                self._register_full(s.surface, s.doc)
        for doc, sighting in bracket:
            self._register_full(normalize_name(sighting.main), doc)

        res = self.resolution
        for doc, sighting in bracket:
            main = normalize_name(sighting.main)
            alias = normalize_name(sighting.alias)
            if alias in standalone:
                res.see_also.append((main, alias, sighting.evidence))
                continue
            res.canonical_of[(doc, alias)] = main
            res.aliases[main].append(Alias(alias, doc, sighting.evidence.where))

        self._correct_ocr(sightings)
        reported: set[tuple[str, str]] = set()
        for s in sightings:
            key = (s.doc, s.surface)
            if key in res.canonical_of:
                continue
            canonical, resolved = self._resolve_one(s.surface, s.doc)
            res.canonical_of[key] = canonical
            if canonical != s.surface:
                res.aliases[canonical].append(Alias(s.surface, s.doc, s.evidence.where))
            if not resolved and key not in reported:
                reported.add(key)
                res.problems.append(
                    Problem(
                        s.doc,
                        s.evidence.where,
                        "unresolved_name",
                        message("P913", surface=s.surface, canonical=canonical),
                        s.evidence.quote,
                    )
                )
        return res


def resolve_hospitals(
    results: list[ExtractionResult],
    *,
    province_of_doc: dict[str, str | None],
    province_of_name: Callable[[str], str | None] = lambda _name: None,
    rename_former: Callable[[str], str | None] = lambda _name: None,
) -> Resolution:
    """Resolve every hospital surface form printed in ``results``."""
    return HospitalResolver(
        results,
        province_of_doc=province_of_doc,
        province_of_name=province_of_name,
        rename_former=rename_former,
    ).run()
