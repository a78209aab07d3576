"""The reading of a question as data: intent names, the slots of each, and the result types.

:class:`Intent` is what the rules in :mod:`query.intent_rules` decide; :class:`Understanding`
is what :func:`query.intents.understand` hands to the answering half. Nothing here reads a
question: this module only says what a reading looks like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from query.entities import Mention

__all__ = ["SLOTS", "Intent", "IntentName", "Understanding", "make_intent"]


class IntentName(StrEnum):
    WHO_SUPPORTS = "who_supports"
    LEAD_OF = "lead_of"
    SUPPORTED_BY = "supported_by"
    HOSPITALS_IN_PLACE = "hospitals_in_place"
    COUNT = "count"
    DISPATCH_PERSON = "dispatch_person"
    DISPATCHED_TO = "dispatched_to"
    NEEDS = "needs"
    REQUIREMENTS = "requirements"
    DOCUMENT = "document"
    RELATION = "relation"
    NETWORK_HUBS = "network_hubs"
    CROSS_PROVINCE = "cross_province"
    MEASURES = "measures"
    ENTITY_INFO = "entity_info"
    HELP = "help"


# The slots of each intent: every key is always present (None, [] or False when not asked).
# Besides these, every intent but help and requirements has ``count`` (bool) and every intent
# but help has ``program`` (the Program mention, e.g. 组团式帮扶, or None).
SLOTS: dict[IntentName, tuple[str, ...]] = {
    IntentName.WHO_SUPPORTS: ("target",),  # Mention: hospital or place being supported
    IntentName.LEAD_OF: ("target",),  # Mention: the recipient whose lead hospital is asked
    IntentName.SUPPORTED_BY: ("supporter", "place", "lead"),  # Mention, Mention|None, bool
    IntentName.HOSPITALS_IN_PLACE: ("place", "role"),  # Mention|None, "recipient"|"supporter"|"any"
    IntentName.COUNT: ("subject",),  # "pairings"|"hospitals"|"persons"|"unknown"
    IntentName.DISPATCH_PERSON: ("person", "ask", "hospital"),  # ask: "to"|"from"|"period"
    IntentName.DISPATCHED_TO: ("target", "direction"),  # direction: "to"|"from"|"either"
    IntentName.NEEDS: ("target", "supporter", "aspect"),  # aspect: "needs"|"period"
    IntentName.REQUIREMENTS: ("topic", "topics", "document", "place"),  # topic: str|None
    IntentName.DOCUMENT: ("document", "ask", "place", "year"),
    # ask: "cites"|"cited_by"|"issuer"|"date"|"title"|"number"|"list"|"info"
    IntentName.RELATION: ("entities", "check"),  # [Mention, Mention], "any"|"supports"
    IntentName.NETWORK_HUBS: ("role", "metric", "place", "top"),  # metric: "pairings"|"staff"
    IntentName.CROSS_PROVINCE: ("from_place", "to_place"),
    IntentName.MEASURES: ("category", "document", "target", "place"),  # category: 优选项|自选项|None
    IntentName.ENTITY_INFO: ("entity",),
    IntentName.HELP: ("reason", "empty", "examples"),  # reason: "empty"|"out_of_scope"
}
_DEFAULTS: dict[str, Any] = {"lead": False, "topics": [], "entities": [], "empty": False, "examples": []}


@dataclass(frozen=True)
class Intent:
    """The reading of a question: an intent name, its slots, and the rule that decided it.

    Slot values are :class:`Mention` objects (or ``None``) for names, plain strings, ints or
    bools otherwise; :data:`SLOTS` lists the slots of each intent.
    """

    name: IntentName
    slots: dict[str, Any] = field(default_factory=dict, hash=False)
    rule: str = ""


@dataclass(frozen=True)
class Understanding:
    """Everything the answering half needs: the text before and after folding, the names
    found (with candidates, ambiguity and unknown names) and the intent."""

    original: str
    normalized: str
    mentions: list[Mention] = field(hash=False)
    intent: Intent
    empty: bool = False
    tokens: list[str] = field(default_factory=list, hash=False)
    frame: Any = field(default=None, hash=False, compare=False)  # query.frame.Frame, set by understand()

    @property
    def ambiguous(self) -> list[Mention]:
        """Names that stand for several nodes: the answer should ask which one was meant."""
        return [m for m in self.mentions if m.ambiguous]

    @property
    def unresolved(self) -> list[Mention]:
        """Name-like spans that matched nothing: answer with :meth:`NameIndex.suggest`."""
        return [m for m in self.mentions if not m.resolved]


def make_intent(name: IntentName, rule: str, **slots: Any) -> Intent:
    """An intent with every slot of :data:`SLOTS` present; an unknown slot is a bug here."""
    unknown = set(slots) - set(SLOTS[name])
    if unknown:
        raise ValueError(f"{name.value} has no slot {sorted(unknown)}")
    filled: dict[str, Any] = {}
    for key in SLOTS[name]:
        default = _DEFAULTS.get(key)
        if isinstance(default, list):
            default = list(default)  # never share a mutable default between intents
        filled[key] = slots.get(key, default)
    return Intent(name, filled, rule)
