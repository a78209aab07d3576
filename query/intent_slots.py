"""Slot values read off a masked question: topics, categories, years, top-N, roles.

Each helper takes the :class:`~query.intent_keywords.Question` the rules in
:mod:`query.intent_rules` are looking at and returns one slot value (or a yes/no the rules
need to decide between two readings).
"""

from __future__ import annotations

import re

from core.vocab.topics import question_topics
from query.entities import Mention
from query.intent_keywords import Question

__all__ = [
    "asks_their_supporters",
    "category",
    "doc_ask",
    "first_place",
    "passive_between",
    "role",
    "top",
    "topics",
    "year",
]

_TOP_N = re.compile(r"(?:前|top ?)(\d+|[一二两三四五六七八九十]+)", re.IGNORECASE)
_YEAR = re.compile(r"((?:19|20)\d{2})年?")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}


# Topics that measure another rule (how long, how many): when a question names another topic
# too, that one is asked (常驻多久可以任院长 asks the 任职 rule, not the 驻点时间 rule).
_QUANTITY_TOPICS = ("驻点时间", "派驻人数", "驻点天数")


def _asks_a_number(topic: str) -> bool:
    """几倍 / 多少钱 measure the rule another topic word names (工资按几倍补 asks 待遇)."""
    known = question_topics().get(topic)
    return bool(known and known.value_units)


def topics(q: Question, *, strong_only: bool = False) -> list[str]:
    """Requirement topics asked, the asked one first; weak ones (多久, 几名) only alone.

    Of several strong topics the asked one is the last that is not a mere quantity (the
    question word closes a Chinese question: 副高职称的人员每月补贴多少 asks about 补贴).
    """
    strong = [h.value for h in q.hits("topic") if not h.value.startswith("~")]
    if q.has("measures"):  # 第几项措施 / 有几项优选项 count the measures list, not a rule's value
        strong = [t for t in strong if not _asks_a_number(t)]
    if len(set(strong)) > 1:
        rules = [t for t in strong if t not in _QUANTITY_TOPICS and not _asks_a_number(t)] or strong
        strong = [rules[-1], *(t for t in strong if t != rules[-1])]
    # the last weak word is the asked quantity: 派驻人员要驻点几个月 asks about 驻点时间
    weak = [] if strong_only else [h.value[1:] for h in reversed(q.hits("topic")) if h.value.startswith("~")]
    if not strong and weak and _asks_a_number(weak[0]):
        # 多久要点一次名: 一次 makes a bare length (多久) a frequency; a weak word of a topic of
        # its own keeps it (每几年调整一次 asks the cycle)
        named = [t for t in weak[1:] if t not in _QUANTITY_TOPICS and not _asks_a_number(t)]
        weak = named or weak[:1]
    return list(dict.fromkeys(strong or weak))


def category(q: Question) -> str | None:
    return q.value("measures", ("优选项", "自选项"), fallback=False) or None


def doc_ask(q: Question) -> str:
    return q.value("document", ("issuer", "date", "title", "number", "list", "info")) or "info"


def year(q: Question) -> int | None:
    m = _YEAR.search(q.text)
    return int(m.group(1)) if m else None


def top(q: Question) -> int | None:
    m = _TOP_N.search(q.text)
    if not m:
        return None
    raw = m.group(1)
    if raw.isdigit():
        return int(raw)
    if raw == "十":
        return 10
    if raw.startswith("十"):
        return 10 + _CN_DIGITS.get(raw[1:], 0)
    if raw.endswith("十"):
        return 10 * _CN_DIGITS.get(raw[:-1], 1)
    return _CN_DIGITS.get(raw)


def first_place(q: Question) -> Mention | None:
    places = q.places()
    return places[0].mention if places else None


def asks_their_supporters(q: Question, group_end: int) -> bool:
    """After the words naming a group of recipients (ending at ``group_end``), the predicate asks
    who supports them: a supporter noun is what is asked (的帮扶医院是哪些), or the agent of the
    next support verb is asked — a question word before it (由谁帮扶, 都是谁在帮, 是谁帮的,
    哪些医院在帮扶) or a count of hospitals (有几家医院在帮), with no passive after it."""
    nxt = q.first(("supporter_noun", "support_verb", "recipient_noun"), group_end)
    if nxt is None or nxt.group == "recipient_noun":
        return False
    if nxt.group == "supporter_noun":
        return True
    asked = q.within(("who",), group_end, nxt.start)
    counted = q.within(("count",), group_end, nxt.start)
    if counted and q.within(("hospital_word",), counted[0].end, nxt.start):
        asked.append(counted[0])
    # the asked word is the agent unless a passive follows it (哪些受到了帮扶: the recipients);
    # a passive alone names no agent (有多少家接受了帮扶 counts the recipients)
    return any(not q.within(("passive",), word.end, nxt.start) for word in asked)


def role(q: Question) -> str:
    """The side of the hospitals listed: a recipient word names the recipients, unless what
    follows it asks who supports them (受援医院都是谁在帮: the supporters)."""
    nouns = q.hits("recipient_noun")
    if nouns and all(asks_their_supporters(q, h.end) for h in nouns):
        return "supporter"
    if q.has("recipient_marker", "recipient_noun"):
        return "recipient"
    if q.has("supporter_marker", "supporter_noun"):
        return "supporter"
    return "any"


def passive_between(q: Question, start: int, end: int) -> bool:
    return bool(q.within(("passive",), start, end))
