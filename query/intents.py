"""What a question asks: an intent and its slots, from the normalised text and its names.

This module is the entry point: :func:`understand` (normalise, find names, classify) and
:func:`classify`, with the public types (:class:`IntentName`, :data:`SLOTS`, :class:`Intent`,
:class:`Understanding`, from :mod:`query.intent_types`) and :func:`help_examples`. The numbered
rules that decide the intent, and why they are rules and not a model, are documented with the
rules themselves in :mod:`query.intent_rules`; keyword matching on the masked question is in
:mod:`query.intent_keywords` and the slot helpers in :mod:`query.intent_slots`.
"""

from __future__ import annotations

from dataclasses import replace

from query.ellipsis import complete_elided, spread_shared_tail
from query.entities import Mention, NameIndex
from query.frame import read_frame
from query.intent_keywords import PROGRAM, Question, help_examples, keywords
from query.intent_rules import decide, help_intent
from query.intent_types import SLOTS, Intent, IntentName, Understanding
from query.normalize import normalize_question

__all__ = ["SLOTS", "Intent", "IntentName", "Understanding", "classify", "help_examples", "understand"]

_NO_COUNT = (IntentName.HELP, IntentName.REQUIREMENTS)


def classify(question_normalized: str, mentions: list[Mention]) -> Intent:
    """The intent of a normalised question whose names were found by :meth:`NameIndex.find`.

    Never raises: an empty question is ``help`` with ``empty=True``, an unreadable one is
    ``help`` with ``reason="out_of_scope"``.
    """
    if not question_normalized or not question_normalized.strip():
        return help_intent("empty")
    return _classify(Question(question_normalized, mentions, keywords()))


def _classify(q: Question) -> Intent:
    intent = decide(q)
    if intent.name not in _NO_COUNT:
        intent.slots["count"] = q.count()
    if intent.name is not IntentName.HELP:
        programs = q.of(PROGRAM)
        intent.slots["program"] = programs[0].mention if programs else None
    return intent


def _without_kind_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """A bare kind word after other words (支援医院中有没有妇幼保健院, 某州的藏医院) is a kind that
    limits a list (query/frame.py), not a name to look up; typed first (妇幼保健院帮扶了哪些医院)
    it still names one of the hospitals of that kind, which the answer asks to choose."""
    kinds = {word for word, _ in keywords().table.get("kind", ())}
    return [m for m in mentions if m.exact or m.start == 0 or text[m.start : m.end] not in kinds]


def understand(question: str, index: NameIndex) -> Understanding:
    """Normalise, find names, classify: the one call the answering half makes.

    An empty or whitespace-only question gives ``help`` with ``empty=True`` (no exception).
    """
    original = question if isinstance(question, str) else ""
    normalized = spread_shared_tail(normalize_question(original))
    if not normalized:
        return Understanding(original, normalized, [], help_intent("empty"), empty=True)
    mentions = complete_elided(normalized, _without_kind_words(normalized, index.find(normalized)), index)
    q = Question(normalized, mentions, keywords())  # one masked question for the rules and the frame
    u = Understanding(original, normalized, mentions, _classify(q), tokens=index.tokenize(normalized))
    return replace(u, frame=read_frame(u, q))
