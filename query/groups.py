"""A group of supporting hospitals named by an institution or by a place and a level.

Why: "昆明医科大学的附属医院" is not every hospital of 昆明市 (the graph hangs an institution's
hospitals on its city, so the name index resolves the institution to the city), and
"大理州的州级医院" is not every hospital of 大理州 nor an unknown hospital's name. The frame
reads such a group on the supporting side; :mod:`query.answers_groups` then answers the
question's relation or count for its members only.

- an institution: a place mention whose surface is an institution of ``institutions.tsv`` or a
  form people say it by (复旦 for 复旦大学, :func:`query.entities.entries_from_node`); members are
  the hospitals whose names start with the institution;
- a place and a level word (``core/vocab/admin_levels.tsv``: 州级, 旗级, 省级 …) right after
  it: members are the hospitals located in the place whose names start with a place of that
  level (大理州人民医院 is 州级; 大理大学第一附属医院, in 大理州 too, is a university's), by the
  gazetteer's prefixes of that place (:meth:`extract.places.Gazetteer.county_prefixes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.vocab import table, vocab_cached
from extract.places import get_gazetteer
from graph.contract import NodeEntry
from query.entities import Mention
from query.intent_keywords import PLACES, Question
from query.intent_types import Intent, IntentName

__all__ = ["SupporterGroup", "level_words", "read_group"]

_LEVELS = {"Province": "province", "Prefecture": "prefecture", "County": "county"}
# the slots of the intent rules in which a place names the supporting side
_SUPPORTER_SLOTS = ("supporter", "from_place")


@vocab_cached
def level_words() -> dict[str, str]:
    """Level word -> level (province | prefecture | county | place), longest first."""
    rows = table("admin_levels.tsv", required=("word", "level"))
    return {r["word"]: r["level"] for r in sorted(rows, key=lambda r: -len(r["word"]))}


@dataclass(frozen=True)
class SupporterGroup:
    """The supporting hospitals a question groups: an institution's, or a place's at a level."""

    mention: Mention  # the place (or the institution, resolved to its place) the question names
    institution: str = ""  # 昆明医科大学: the members' names start with it
    level: str = ""  # prefecture: the members' own place is the named place, at this level ("": any)
    word: str = ""  # the level word as typed (州级), for the answer's sentence
    counted: str = ""  # what a count counts: the members (supporter), their recipients, or "" (a list)

    @property
    def place_name(self) -> str:
        return self.mention.canonicals[0] if self.mention.canonicals else self.mention.surface

    def holds(self, row: NodeEntry) -> bool:
        """Whether one hospital (already known to lie in the place for a level) is a member:
        its name starts with the institution, or with a form of its own place at the level."""
        if self.institution:
            return row.name.startswith(self.institution)
        if not self.level:
            return True  # every hospital of the place
        own = {"province": row.province, "prefecture": row.prefecture, "county": row.county}.get(self.level)
        return bool(own) and row.name.startswith(_prefixes(str(own), row.province or ""))


def _prefixes(place_name: str, province: str) -> tuple[str, ...]:
    """What the names of a place's own hospitals start with (大理州, 大理白族自治州 …)."""
    gazetteer = get_gazetteer()
    place = gazetteer.locate(place_name, province_hint=province or None)
    return gazetteer.county_prefixes(place) if place is not None else (place_name,)


def _level_after(q: Question, pos: int, mention: Mention) -> tuple[str, str] | None:
    """(level, word) of a level word right after the place at ``pos`` (大理州的州级医院,
    科左中旗本地的旗级医院), or None."""
    after = re.match(r"(?:本地|当地)?(?:的)?", q.text[pos + 1 :])
    at = pos + 1 + (after.end() if after else 0)
    for word, level in level_words().items():
        if q.text.startswith(word, at):
            return (_LEVELS.get(mention.node_type, "") if level == "place" else level), word
    return None


def _supporting_side(intent: Intent, mention: Mention, *, institution: bool) -> bool:
    """The place names the supporters: a supporter slot, or the hospitals of a place asked as
    supporters (an institution's hospitals are supporters whatever role the words gave)."""
    slots = intent.slots
    if any(slots.get(s) is mention for s in _SUPPORTER_SLOTS):
        return True
    if intent.name is IntentName.HOSPITALS_IN_PLACE and slots.get("place") is mention:
        return institution or slots.get("role") == "supporter"
    return False


def _counted(q: Question) -> str:
    """What a count counts: 几家/多少家 before the support words counts the members (南昌大学有
    几家附属医院参与了帮扶); after them, the hospitals they support (上海的医院帮扶的县医院一共有
    多少家); a which-word after the count (复旦大学的几家附属医院都帮了哪些医院) asks a list
    ("": 几家 only says the group has several members)."""
    counts = [h for h in q.hits("count") if not q.text.endswith("哪", 0, h.start)]  # 哪几家: which
    if not counts:
        return ""
    if any(h.start > counts[-1].end for h in q.hits("who")):
        return ""
    verbs = [h.start for g in ("support_verb", "supporter_marker") for h in q.hits(g)]
    return "supporter" if verbs and counts[0].start < min(verbs) else "recipient"


def read_group(q: Question, intent: Intent) -> SupporterGroup | None:
    """The group of supporters the question names, or None (a place's hospitals in general
    are answered by the place plans)."""
    for e in q.ents:
        if e.type not in PLACES or not e.mention.resolved:
            continue
        best = e.mention.best
        institution = best.institution if best is not None else ""
        if institution and _supporting_side(intent, e.mention, institution=True):
            return SupporterGroup(e.mention, institution=institution, counted=_counted(q))
        if not _supporting_side(intent, e.mention, institution=False):
            continue
        found = _level_after(q, e.pos, e.mention)
        if found and found[0]:
            return SupporterGroup(e.mention, level=found[0], word=found[1], counted=_counted(q))
        if _counted(q):  # 北京一共有几家医院参与了江西的帮扶: a count of a place's supporters
            return SupporterGroup(e.mention, counted=_counted(q))
    return None
