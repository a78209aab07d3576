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


def understand(question: str, index: NameIndex) -> Understanding:
    """Normalise, find names, classify: the one call the answering half makes.

    An empty or whitespace-only question gives ``help`` with ``empty=True`` (no exception).
    """
    original = question if isinstance(question, str) else ""
    normalized = normalize_question(original)
    if not normalized:
        return Understanding(original, normalized, [], help_intent("empty"), empty=True)
    mentions = index.find(normalized)
    q = Question(normalized, mentions, keywords())  # one masked question for the rules and the frame
    u = Understanding(original, normalized, mentions, _classify(q), tokens=index.tokenize(normalized))
    return replace(u, frame=read_frame(u, q))
