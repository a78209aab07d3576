"""Places: printed place names → China's provinces, prefectures and counties.

Why a gazetteer of our own instead of calling jionlp at run time: jionlp costs ~0.6 s and
270 MB to import, guesses (``红河州`` comes back as the county 红河县), and cannot tell
whether a hospital's name *starts* with a place.  ``scripts/gen_gazetteer.py`` turns its
division table into ``core/vocab/gazetteer.jsonl`` once; this module only reads that file.

Surfaces a place answers to, best first (a better tier wins over a worse one):

0. its official name (禄劝彝族苗族自治县) — or, for :meth:`Gazetteer.locate`, an
   institution in ``core/vocab/institutions.tsv`` (复旦大学 → 上海市);
1. a short form with a level suffix (禄劝县, 迪庆州, 科左中旗) or a province short name (云南);
2. a former name (上饶县 → 广信区, 赣县 → 赣县区);
3. a bare stem (禄劝, 吉安) — only when a caller asks for stems: a stem names several places
   (吉安县 and 吉安市) and starts many hospital names that are not about it (瑞金医院 is in
   上海), so :meth:`Gazetteer.locate` never uses one.

A surface shared by several places is ambiguous: a province hint narrows it, and when it
still names more than one place the answer is ``None`` rather than a guess.

Nothing is loaded at import time: :func:`get_gazetteer` reads the data files on first use,
once, through :mod:`importlib.resources`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from core.errors import BangfuError
from core.messages import message
from core.model import NodeType, node_id
from core.normalize import normalize_name

__all__ = [
    "LEVELS",
    "Gazetteer",
    "GazetteerError",
    "Institution",
    "Place",
    "get_gazetteer",
    "parse_institutions",
    "province_of_region",
]

LEVELS: tuple[str, ...] = ("province", "prefecture", "county")
_DEPTH = {level: depth for depth, level in enumerate(LEVELS)}
_NODE_TYPES = {"province": NodeType.PROVINCE, "prefecture": NodeType.PREFECTURE, "county": NodeType.COUNTY}

OFFICIAL, ALIAS, FORMER, STEM = 0, 1, 2, 3
# A name ending like this is a prefecture (or a province) when one answers to it: guards
# against jionlp's slip of reading 红河州 as the county 红河县.
_PREFECTURE_ENDINGS = ("州", "市", "地区", "盟")
_PROVINCE_ENDINGS = ("省", "自治区", "特别行政区")

GAZETTEER_FILE = "gazetteer.jsonl"
INSTITUTIONS_FILE = "institutions.tsv"
INSTITUTIONS_HEADER = ("institution", "province", "prefecture")


class GazetteerError(BangfuError):
    """A gazetteer or institutions data file has a bad line (file and line in the message)."""


@dataclass(frozen=True)
class Place:
    """A province, prefecture or county, with the surface it was found under.

    Each of ``province``, ``prefecture`` and ``county`` names the place of that level this
    place is in or is: a prefecture's ``prefecture`` is its own name, a county's ``county``
    too.  ``prefecture`` is None for a province and for a county with no prefecture above it
    (districts of the four municipalities, counties a province administers directly).
    ``printed`` keeps what the document said (上饶县 for the place now called 广信区) so
    evidence can quote it.
    """

    level: str
    name: str
    admin_code: str
    province: str
    prefecture: str | None = None
    county: str | None = None
    printed: str = ""

    @property
    def node_type(self) -> NodeType:
        return _NODE_TYPES[self.level]

    @property
    def node_id(self) -> str:
        """The graph id (``county:530128``): places are keyed by admin code."""
        return node_id(self.node_type, self.admin_code)

    def contains(self, other: Place) -> bool:
        """True when ``other`` lies strictly inside this place."""
        if _DEPTH[other.level] <= _DEPTH[self.level] or other.province != self.province:
            return False
        return self.level == "province" or other.prefecture == self.name


@dataclass(frozen=True)
class Institution:
    """A university or hospital whose hospitals' names start with it rather than a place."""

    name: str
    province: str
    prefecture: str | None
    line: int = 0


def parse_institutions(text: str, *, source: str = INSTITUTIONS_FILE) -> list[Institution]:
    """Read ``institution<TAB>province<TAB>prefecture`` lines; ``#`` lines are comments.

    Like jieba's ``load_userdict``, a bad line stops the load with the file and line number:
    a silently skipped entry would leave its hospitals unplaced with no clue why.  Names are
    checked against the gazetteer by :class:`Gazetteer`, which knows them.
    """
    entries: list[Institution] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if tuple(cols) == INSTITUTIONS_HEADER:
            continue  # the header line
        if len(cols) == 2:
            cols.append("")
        if len(cols) != 3:
            raise _line_error(source, lineno, raw, message("E920", n=len(cols)))
        name, province, prefecture = (normalize_name(c) for c in cols)
        if not name or not province:
            raise _line_error(source, lineno, raw, message("E921"))
        if name in seen:
            raise _line_error(source, lineno, raw, message("E922", name=name, line=seen[name]))
        seen[name] = lineno
        entries.append(Institution(name, province, prefecture or None, lineno))
    return entries


def _line_error(source: str, lineno: int, raw: str, reason: str) -> GazetteerError:
    return GazetteerError(message("E301", source=source, lineno=lineno, reason=reason), detail=repr(raw))


# A hit: (tier, canonical place, is_institution).
_Hit = tuple[int, Place, bool]


class Gazetteer:
    """Every province, prefecture and county, indexed by each surface it answers to."""

    def __init__(
        self,
        records: Iterable[Mapping[str, Any]],
        institutions: Iterable[Institution] = (),
        *,
        institutions_source: str = INSTITUTIONS_FILE,
    ) -> None:
        self._places: list[Place] = []
        self._by_surface: dict[str, list[_Hit]] = {}  # resolve(): all tiers, stems too
        self._by_prefix: dict[str, list[_Hit]] = {}  # locate(): no stems, plus institutions
        self._forms: dict[Place, tuple[str, ...]] = {}  # own surfaces (no stems) per place
        self._by_name: dict[tuple[str, str, str], Place] = {}  # (level, province, name), not counties
        self._by_code: dict[tuple[str, str, str], Place] = {}  # (level, admin_code, name)
        self._institutions: set[str] = set()  # names of institutions.tsv (复旦大学, 云大)
        for rec in records:
            self._add_record(rec)
        for inst in institutions:
            self._add_institution(inst, institutions_source)
        lengths = {len(s) for s in self._by_prefix}
        self._prefix_lengths = tuple(sorted(lengths, reverse=True))
        self._hint_cache: dict[str, str | None] = {}

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def from_package(cls) -> Gazetteer:
        """Load ``core/vocab/gazetteer.jsonl`` and ``institutions.tsv`` (package data)."""
        data = resources.files("core.vocab")
        records = _parse_jsonl(data.joinpath(GAZETTEER_FILE).read_text(encoding="utf-8"), GAZETTEER_FILE)
        institutions = parse_institutions(data.joinpath(INSTITUTIONS_FILE).read_text(encoding="utf-8"))
        return cls(records, institutions)

    def _add_record(self, rec: Mapping[str, Any]) -> None:
        level, name = rec["level"], rec["name"]
        place = Place(
            level=level,
            name=name,
            admin_code=rec["admin_code"],
            province=rec["province"],
            prefecture={"county": rec.get("prefecture"), "prefecture": name}.get(level),
            county=name if level == "county" else None,
            printed=name,
        )
        self._places.append(place)
        self._by_code[(level, place.admin_code, name)] = place
        if level != "county":  # county names repeat inside a province (新华区 twice in 河北)
            self._by_name[(level, place.province, name)] = place
        forms = [name]
        self._index(name, OFFICIAL, place)
        for alias in rec.get("aliases", ()):
            forms.append(alias)
            self._index(alias, ALIAS, place)
        for former in rec.get("former", ()):
            forms.append(former["name"])
            self._index(former["name"], FORMER, place)
        for stem in rec.get("stems", ()):
            self._index(stem["name"], STEM, place)
        self._forms[place] = tuple(dict.fromkeys(forms))

    def _index(self, surface: str, tier: int, place: Place, *, institution: bool = False) -> None:
        if len(surface) < 2:  # one character is never a place on its own
            return
        hit = (tier, place, institution)
        if not institution:
            self._by_surface.setdefault(surface, []).append(hit)
        if tier != STEM:
            self._by_prefix.setdefault(surface, []).append(hit)

    def _add_institution(self, inst: Institution, source: str) -> None:
        province = self._by_name.get(("province", inst.province, inst.province))
        if province is None:
            raise _line_error(source, inst.line, inst.name, message("E923", province=inst.province))
        place = province
        if inst.prefecture:
            place = self._by_name.get(("prefecture", inst.province, inst.prefecture))
            if place is None:
                reason = message("E924", province=inst.province, prefecture=inst.prefecture)
                raise _line_error(source, inst.line, inst.name, reason)
        elif any(p.level == "prefecture" and p.province == inst.province for p in self._places):
            raise _line_error(source, inst.line, inst.name, message("E925", province=inst.province))
        if inst.name in self._by_prefix and any(not h[2] for h in self._by_prefix[inst.name]):
            raise _line_error(source, inst.line, inst.name, message("E926", name=inst.name))
        self._index(inst.name, OFFICIAL, place, institution=True)
        self._institutions.add(inst.name)

    def __len__(self) -> int:
        return len(self._places)

    # -- choosing among candidates --------------------------------------------------------

    def _choose(
        self,
        hits: Iterable[_Hit],
        surface: str,
        *,
        level: str | None = None,
        province: str | None = None,
        within: Place | None = None,
        max_tier: int = FORMER,
    ) -> list[Place]:
        """The distinct places a surface names after filtering; one element means resolved.

        The province hint narrows only when some candidate lies in it: a district of 上海
        printed in a 云南 document is still 上海's when it is the only one of its name.
        """
        cands = [
            h
            for h in hits
            if h[0] <= max_tier
            and (level is None or h[1].level == level)
            and (within is None or (not h[2] and within.contains(h[1])))
        ]
        if province and len(cands) > 1:
            inside = [h for h in cands if h[1].province == province]
            cands = inside or cands
        if not cands:
            return []
        best = min(h[0] for h in cands)
        places = list({id(h[1]): h[1] for h in cands if h[0] == best}.values())
        if len(places) > 1:
            if surface.endswith(_PROVINCE_ENDINGS):
                places = [p for p in places if p.level == "province"] or places
            elif surface.endswith(_PREFECTURE_ENDINGS):
                places = [p for p in places if p.level == "prefecture"] or places
        return places

    def _province_hint(self, hint: str | None) -> str | None:
        """A hint as printed (上海, 上海市, 昆明市) → the province's official name."""
        if not hint:
            return None
        if hint not in self._hint_cache:
            self._hint_cache[hint] = self.province_of_region(hint)
        return self._hint_cache[hint]

    def _match_at(
        self, text: str, pos: int, *, province: str | None = None, within: Place | None = None
    ) -> tuple[Place, int, bool] | None:
        """The longest surface at ``pos`` naming exactly one place: (place, end, institution).

        Stops at the longest surface with any admissible candidate: when that one is
        ambiguous the answer is None, not a guess from a shorter surface.
        """
        rest = len(text) - pos
        for length in self._prefix_lengths:
            if length > rest:
                continue
            surface = text[pos : pos + length]
            hits = self._by_prefix.get(surface)
            if not hits:
                continue
            places = self._choose(hits, surface, province=province, within=within)
            if not places:
                continue
            if len(places) > 1:
                return None
            place = places[0]
            institution = any(h[2] and h[1] is place for h in hits)
            return place, pos + length, institution
        return None

    def _parse(self, text: str, province: str | None) -> tuple[Place, int, bool] | None:
        """Read places from the start of ``text`` while each lies inside the one before.

        曲靖市宣威市中医医院 → 曲靖市, then 宣威市 (in 曲靖市) → (宣威市, 6); 昆明市延安医院 →
        (昆明市, 3): 延安 is not read as 延安市, which is not in 昆明市 anyway.
        """
        first = self._match_at(text, 0, province=province)
        if first is None:
            return None
        place, end, institution = first
        printed = text[:end]
        if not institution:
            while place.level != "county":
                nxt = self._match_at(text, end, within=place)
                if nxt is None:
                    break
                place, start, end = nxt[0], end, nxt[1]
                printed = text[start:end]
        return (place if place.printed == printed else replace(place, printed=printed)), end, institution

    # -- public API -----------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        *,
        level: str | None = None,
        province_hint: str | None = None,
        stems: bool = False,
    ) -> Place | None:
        """The place a whole printed name denotes, or None when unknown or still ambiguous.

        Accepts an official name, a short form, a former name (returned as today's place,
        ``printed`` keeping what was printed) and a chain of them (曲靖市宣威市).  Bare
        stems (禄劝) only with ``stems=True``.  ``level`` keeps candidates of that level
        only; ``province_hint`` (any spelling: 上海, 上海市) picks among namesakes
        (新华区 is in 河北 twice and in 河南 once).
        """
        text = normalize_name(name)
        province = self._province_hint(province_hint)
        hits = self._by_surface.get(text)
        if hits:
            places = self._choose(
                hits, text, level=level, province=province, max_tier=STEM if stems else FORMER
            )
            if len(places) == 1:
                place = places[0]
                return place if place.printed == text else replace(place, printed=text)
            if places:
                return None
        parsed = self._parse(text, province)
        if parsed is None or parsed[1] != len(text) or parsed[2] or text in self._by_surface:
            return None  # not a whole chain of places (an institution is not a place)
        place = parsed[0]
        return place if level is None or place.level == level else None

    def is_county(self, cell: str, province_hint: str | None = None) -> bool:
        """True when the whole cell is a county-level name: what a 县名称 column holds.

        Ambiguity does not matter here (新华区 is a county name wherever it lies); bare
        stems do not count, or every cell reading 新华 or 东方 would look like a county.
        """
        text = normalize_name(cell)
        if any(h[0] <= FORMER and h[1].level == "county" for h in self._by_surface.get(text, ())):
            return True
        return self.resolve(text, level="county", province_hint=province_hint) is not None

    def locate(self, name: str, province_hint: str | None = None) -> Place | None:
        """The most specific place a hospital's name starts with, or None.

        禄劝县人民医院 → 禄劝彝族苗族自治县; 曲靖市宣威市中医医院 → 宣威市; 昆明市延安医院 →
        昆明市; 复旦大学附属华山医院 → 上海市 (institutions file); 协和医院 → None.
        ``printed`` is the surface read for the returned place.
        """
        parsed = self._parse(normalize_name(name), self._province_hint(province_hint))
        return parsed[0] if parsed else None

    def county_prefixes(self, place: Place) -> tuple[str, ...]:
        """The surfaces a hospital of ``place`` starts with, never bare stems.

        Own forms (official, short, former), then the same qualified by the prefecture and
        province forms (曲靖市宣威市, 云南省禄劝县): ``hospital.startswith(prefixes)`` then
        decides whether a hospital is this county's.  Works for any level.
        """
        canonical = self._canonical(place)
        own = self._forms.get(canonical, (canonical.name,))
        out: list[str] = list(own)
        uppers: list[tuple[str, ...]] = []
        prefecture = self.parent(canonical) if canonical.level == "county" else None
        province = self._by_name.get(("province", canonical.province, canonical.province))
        if prefecture is not None and prefecture.level == "prefecture":
            uppers.append(self._forms[prefecture])
        if province is not None and canonical.level != "province":
            uppers.append(self._forms[province])
            if len(uppers) == 2:
                uppers.append(tuple(p + q for p in self._forms[province] for q in self._forms[prefecture]))
        for forms in uppers:
            out.extend(up + form for up in forms for form in own)
        return tuple(dict.fromkeys(out))

    def province_forms(self) -> dict[str, str]:
        """Every province's official name and short forms (云南省, 云南) -> its official name.

        The short forms are the gazetteer's generated aliases, never a hand-typed list.
        """
        return {form: p.name for p in self._places if p.level == "province" for form in self._forms[p]}

    def institutions(self) -> frozenset[str]:
        """The institutions whose hospitals' names carry no place (复旦大学, 昆明医科大学)."""
        return frozenset(self._institutions)

    def is_place_word(self, text: str) -> bool:
        """True when ``text`` is any surface of a place, stems included (南昌, 云南, 大理)."""
        return bool(self._by_surface.get(text))

    def region_forms(self, min_prefecture_length: int = 3) -> dict[str, str]:
        """Every province's and prefecture's own forms (贵州, 黔西南州, 毕节市) -> official name.

        Why a minimum for prefectures: a two-character alias (巴州, 克州) is an ordinary word
        too often to be read as a place in free text; provinces' short forms are all kept.
        """
        return {
            form: p.name
            for p in self._places
            if p.level in ("province", "prefecture")
            for form in self._forms[p]
            if p.level == "province" or len(form) >= min_prefecture_length
        }

    def forms(self, place: Place) -> tuple[str, ...]:
        """The surfaces a place answers to on its own (official, short, former), never stems."""
        canonical = self._canonical(place)
        return self._forms.get(canonical, (canonical.name,))

    def county_forms(self, province: str) -> list[str]:
        """Every printed form (official, short, former) of the county-level places of a
        province: what a misread county name is compared with."""
        return [form for p in self._places if p.level == "county" and p.province == province
                for form in self._forms[p]]

    def parent(self, place: Place) -> Place | None:
        """The place one level up (county → prefecture, or province when none), or None."""
        if place.level == "province":
            return None
        if place.level == "county" and place.prefecture:
            return self._by_name.get(("prefecture", place.province, place.prefecture))
        return self._by_name.get(("province", place.province, place.province))

    def province_of_region(self, text: str) -> str | None:
        """The official name of the province a region string lies in, or None.

        ``云南省`` → 云南省; ``江西`` → 江西省; ``科尔沁左翼中旗`` → 内蒙古自治区;
        ``吉安`` (a stem of 吉安县 and 吉安市, both in 江西) → 江西省.  A document's
        region, a table title or a hint is often only a stem, so stems count here when
        every place they name lies in one province.
        """
        region = normalize_name(text)
        hits = self._by_surface.get(region)
        if hits:
            best = min(h[0] for h in hits)
            provinces = {h[1].province for h in hits if h[0] == best}
            if len(provinces) == 1:
                return provinces.pop()
            return None
        parsed = self._parse(region, None)
        return parsed[0].province if parsed else None

    def _canonical(self, place: Place) -> Place:
        found = self._by_code.get((place.level, place.admin_code, place.name))
        if found is None:
            raise KeyError(f"not a gazetteer place: {place.level} {place.name}")
        return found


def _parse_jsonl(text: str, source: str) -> list[dict[str, Any]]:
    records = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as err:
            raise _line_error(source, lineno, raw[:80], message("E927", reason=err.msg)) from err
        if not isinstance(rec, dict) or rec.get("level") not in _DEPTH or not rec.get("name"):
            raise _line_error(source, lineno, raw[:80], message("E928"))
        records.append(rec)
    return records


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The package's gazetteer, loaded on first use and then shared (read-only)."""
    return Gazetteer.from_package()


def province_of_region(text: str) -> str | None:
    """:meth:`Gazetteer.province_of_region` on the package's gazetteer."""
    return get_gazetteer().province_of_region(text)
