"""Requirement topics (``requirement_topics.jsonl``): what the extractor files a rule under and
the words a question names it with, in one entry per topic so the two sides cannot drift."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import VocabError
from core.messages import message
from core.vocab.loader import Entry, entries, vocab_cached

TOPICS_FILE = "requirement_topics.jsonl"


@dataclass(frozen=True)
class QuestionTopic:
    """A topic as a question names it, and the extracted topics whose rules answer it.

    ``text_words`` narrows the answer to rules whose text holds one of them (驻点天数 is
    answered from 驻点时间 rules that mention 天); ``calendar_year`` to rules whose value is a
    calendar year (到哪一年 is answered by a term's end year, not by its length).
    """

    topic: str
    questions: tuple[str, ...]
    weak_questions: tuple[str, ...]
    answered_by: tuple[str, ...]
    text_words: tuple[str, ...] = ()
    calendar_year: bool = False  # 到哪一年: answered by the rules whose value is a year (2028年)
    # 几倍 / 多少钱 / 多少项: the question asks a number of this kind, so only the rules whose
    # value is in one of these units answer it, from whichever topic they are filed under
    value_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequirementTopic:
    """A topic the extractor files rules under (``pattern`` None: emitted by a rule of its own)."""

    topic: str
    pattern: re.Pattern[str] | None
    units: tuple[str, ...] | None
    question: QuestionTopic
    narrower: tuple[QuestionTopic, ...]
    where: str
    fallback: bool = False  # the topic of a rule no pattern matches
    rule: str = ""  # a rule of the extractor's own that files under this topic ("rank": 副高以上职称)


def _words(entry: Entry, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise VocabError(message("E001", problems=message("E821", where=entry.where, key=key)))
    return tuple(value)


def _question(entry: Entry, data: dict, answered_by: tuple[str, ...]) -> QuestionTopic:
    return QuestionTopic(
        topic=data["topic"],
        questions=_words(entry, data, "questions"),
        weak_questions=_words(entry, data, "weak_questions"),
        answered_by=answered_by + _words(entry, data, "also"),
        text_words=_words(entry, data, "text_words"),
        calendar_year=data.get("calendar_year") is True,
        value_units=_words(entry, data, "value_units"),
    )


def _topic(entry: Entry) -> RequirementTopic:
    patterns = _words(entry, entry.data, "patterns")
    try:
        pattern = re.compile("|".join(patterns)) if patterns else None
    except re.error as err:
        raise VocabError(message("E001", problems=message("E822", where=entry.where, error=err))) from err
    units = entry.get("units")
    narrower = entry.get("narrower", [])
    if not isinstance(narrower, list) or not all(isinstance(n, dict) and n.get("topic") for n in narrower):
        raise VocabError(message("E001", problems=message("E823", where=entry.where)))
    return RequirementTopic(
        topic=entry["topic"],
        pattern=pattern,
        units=_words(entry, entry.data, "units") if units is not None else None,
        question=_question(entry, entry.data, (entry["topic"],)),
        narrower=tuple(_question(entry, n, (entry["topic"],)) for n in narrower),
        where=entry.where,
        fallback=entry.get("fallback") is True,
        rule=entry.get("rule") or "",
    )


@vocab_cached
def requirement_topics() -> tuple[RequirementTopic, ...]:
    """Every requirement topic, in file order (the order the extractor tries them)."""
    topics = tuple(_topic(e) for e in entries(TOPICS_FILE, required=("topic",)))
    seen: dict[str, str] = {}
    for t in topics:
        for q in (t.question, *t.narrower):
            if q.topic in seen:
                detail = message("E824", where=t.where, topic=q.topic, first=seen[q.topic])
                raise VocabError(message("E001", problems=detail))
            seen[q.topic] = t.where
    for t in topics:
        if not t.question.questions:
            detail = message("E825", where=t.where, topic=t.topic)
            raise VocabError(message("E001", problems=detail))
        for q in (t.question, *t.narrower):
            unknown = [a for a in q.answered_by if a not in {x.topic for x in topics}]
            if unknown:
                detail = message("E826", where=t.where, topic=q.topic, unknown="、".join(unknown))
                raise VocabError(message("E001", problems=detail))
    fallbacks = [t.where for t in topics if t.fallback]
    if len(fallbacks) != 1:
        detail = message("E827", count=len(fallbacks), wheres="、".join(fallbacks))
        raise VocabError(message("E001", problems=detail))
    return topics


def fallback_topic() -> str:
    """The topic of a rule that no topic's patterns match."""
    return next(t.topic for t in requirement_topics() if t.fallback)


def topic_of_rule(rule: str) -> str:
    """The topic the extractor's own rule ``rule`` files under (``"rule": "rank"`` → 职称)."""
    for t in requirement_topics():
        if t.rule == rule:
            return t.topic
    raise VocabError(message("E001", problems=message("E828", file=TOPICS_FILE, rule=rule)))


@vocab_cached
def question_topics() -> dict[str, QuestionTopic]:
    """Every topic a question can name (extracted topics and their narrower ones), by name."""
    return {q.topic: q for t in requirement_topics() for q in (t.question, *t.narrower)}
