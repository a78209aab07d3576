"""The rules that decide what a question asks: an intent and its slots, from the masked question.

Why rules and not a model: there is no training data, no network and no hosted LLM, and an
official must get the same reading of the same question every time. The rules below read
the question with every name *masked* (replaced by one placeholder character of its node
type), so a keyword inside a name (帮扶 in a document title, 中心 in 云南省急救中心) never
counts, and the position of a name relative to a keyword is a plain string offset. Keywords
are data (``core/vocab/intent_keywords.tsv``), matched longest first within each group;
jieba is used by the name index (short names must sit on token boundaries) and for the
tokens reported in :class:`Understanding`, not for keyword matching, because jieba glues
keywords to their neighbours (帮扶了, 牵头医院) in ways that change with the names added.

Rules, first match wins (E = the first hospital named, else the first place):

1.  Empty question → ``help`` (``empty=True``).
2.  Two or more names and a relation word (关系, 联系), or two hospitals, a support verb and a
    yes/no word (吗, 是否) → ``relation``.
3.  A document named → ``requirements`` if a requirement topic is asked, ``measures`` if
    措施/优选项, else ``document`` (``ask`` = cites / cited_by / issuer / date / title /
    number / info). 引用 with the document *before* it is ``cites``; with the document after
    it, or 被 in between, it is ``cited_by``.
4.  A person named → ``dispatch_person`` (``ask`` = to / from / period).
5.  引用 without a document → ``document``; 最多/枢纽/排名 → ``network_hubs``; 跨省/外省 or
    two separate places with a support verb and no hospital → ``cross_province``.
6.  A hospital named: 牵头/主责 → ``lead_of`` (but "E牵头帮扶哪些", "E是哪家医院的牵头医院"
    → ``supported_by`` with ``lead=True``); 需求/需帮扶项目/帮扶时间 → ``needs``;
    人员/派到/下派 → ``dispatched_to``; 措施 → ``measures``; then the support direction:
      - a supporter noun after E ("E的帮扶医院", "E有哪些支援单位") → ``who_supports``;
      - a recipient noun after E ("E的受援医院", "E帮扶的医院") → ``supported_by``;
      - a support verb after E: ``who_supports`` if a passive marker sits between
        ("E由谁帮扶", "E受到哪些医院的帮扶", "E是谁帮扶的") or a question word that is the
        subject ("E，谁在帮扶"; not after 对/给/在: "E对哪些医院进行了帮扶"), else
        ``supported_by`` ("E帮扶了哪些医院", "受到E帮扶的医院");
      - a support verb before E ("谁帮扶E", "帮扶E的医院有哪些") → ``who_supports``;
      - otherwise ``entity_info``.
7.  A place named (no hospital): 牵头, 需求, requirement topics (驻点时间: before 人员, so
    "云南驻点时间要求多久" is a requirement), 人员, document words, 措施 as in 6; then:
    a support verb before the place, or 给/为/向/对 before it and a support verb after it
    ("给大理州的医院派人的…") → ``who_supports`` (target = the place); a passive marker
    right after it ("禄劝县由哪些医院帮扶") → ``who_supports``; a recipient noun after it →
    ``hospitals_in_place`` (role recipient) unless what follows asks who supports that group
    (:func:`query.intent_slots.asks_their_supporters`: a supporter noun, or a question word or
    几家医院 before a support verb — "禄劝县的受援医院由哪些医院帮扶", "…都是谁在帮", "…的帮扶医院是哪些"
    → ``who_supports``; with no place the role is then supporter); a supporter noun after it →
    ``who_supports`` for a county or prefecture ("禄劝县的帮扶医院") but ``hospitals_in_place`` with role
    supporter for a province ("上海的帮扶医院"); 医院 after it → ``hospitals_in_place``
    ("禄劝县有哪些医院受到帮扶", "怒江州的医院有哪些受到帮扶") unless what follows 医院 asks who
    supports them ("保山市各县的医院都是谁在帮" → ``who_supports``) or a passive marker
    follows 医院 with no question word before it ("禄劝县的医院由谁帮扶" → ``who_supports``)
    or a verb follows directly ("禄劝县的医院帮扶了哪些" → ``supported_by``); a support verb
    after the place → ``supported_by`` with the place as supporter ("上海帮扶了哪些医院").
8.  No name: requirement topic → ``requirements``; 措施 → ``measures``; document words →
    ``document``; 要求/规定 → ``requirements`` (no topic); 人员 → ``dispatched_to``;
    需帮扶项目 → ``needs``; a role marker (受援, 参与帮扶) → ``hospitals_in_place`` without a
    place; a count word alone → ``count``; else ``help`` (out of scope).

The bare verb 帮 (谁在帮, 是谁帮的) is a support verb except inside a ``not_support`` word (帮我查,
传帮带): :meth:`query.intent_keywords.Question.hits` drops a support verb overlapping one.

Every intent but ``help`` and ``requirements`` carries ``count`` (几家, 多少, 数量 — not 哪几家);
the slots of each intent are in :data:`SLOTS`. ``Intent.rule`` names the rule that decided,
for logs and for explaining an answer.
"""

from __future__ import annotations

import re

from query import intent_slots as slot
from query.entities import Mention
from query.intent_keywords import DOC, PERSON, PROGRAM, Ent, H, Question, V, help_examples
from query.intent_types import Intent, IntentName, make_intent

__all__ = ["decide", "help_intent"]

_LEAD_BY = re.compile(r"^(?:作为|是哪[家个些所几]*(?:医院|单位)?的)$")
_LEAD_THEN_WHAT = re.compile(r"^(?:帮扶|支援|对口帮扶|对口支援|负责)?(?:了|过)?(?:的|哪|什么|几|多少|谁)")
_OBJECT_MARKERS = "对给向为在到去"  # before 哪些医院 these make it the object, not the subject
_BENEFACTIVE = "给向为对"  # before a place these make its hospitals the ones receiving the support
_FILLER = re.compile(r"^(?:都|一共|共|总共|还|又|也)?$")
_IN = IntentName  # short alias inside the rules


def help_intent(reason: str) -> Intent:
    return make_intent(
        IntentName.HELP, reason, reason=reason, empty=reason == "empty", examples=help_examples()
    )


def _relation(q: Question) -> Intent | None:
    named = [e for e in q.ents if e.type != PROGRAM]
    if len(named) >= 2 and q.has("relation"):
        return make_intent(
            _IN.RELATION, "relation word", entities=[e.mention for e in named[:2]], check="any"
        )
    hospitals = q.of(H)
    if len(hospitals) >= 2 and q.has("yesno") and q.has("support_verb", "supporter_noun", "recipient_noun"):
        return make_intent(
            _IN.RELATION,
            "two hospitals + yes/no",
            entities=[e.mention for e in hospitals[:2]],
            check="supports",
        )
    return None


def _document(q: Question) -> Intent | None:
    docs = q.of(DOC)
    if not docs:
        return _cites(q, None) if q.has("cites") else None
    doc = docs[0].mention
    topics = slot.topics(q)
    if topics or (q.has("requirement") and not q.has("document", "cites")):
        return _requirements("document + requirement", topics, document=doc, place=slot.first_place(q))
    if q.has("measures"):
        return make_intent(
            _IN.MEASURES,
            "document + measures",
            category=slot.category(q),
            document=doc,
            place=slot.first_place(q),
        )
    if q.has("cites"):
        return _cites(q, docs[0])
    return make_intent(
        _IN.DOCUMENT,
        "document named",
        document=doc,
        ask=slot.doc_ask(q),
        place=slot.first_place(q),
        year=slot.year(q),
    )


def _cites(q: Question, doc: Ent | None) -> Intent:
    """引用: the named document cites others, unless it comes after 引用 or 被 sits between."""
    hit = q.hits("cites")[0]
    head = q.text[doc.pos : hit.start] if doc is not None else q.text[: hit.start]
    cited_by = "被" in head or (doc is not None and doc.pos > hit.start)
    ask = "cited_by" if cited_by else "cites"
    return make_intent(
        _IN.DOCUMENT,
        f"{ask} word",
        document=doc.mention if doc else None,
        ask=ask,
        place=slot.first_place(q),
        year=slot.year(q),
    )


def _person(q: Question) -> Intent | None:
    persons = q.of(PERSON)
    if not persons:
        return None
    ask = "from" if q.has("person_from") else "period" if q.has("period") else "to"
    hospitals = q.of(H)
    return make_intent(
        _IN.DISPATCH_PERSON,
        "person named",
        person=persons[0].mention,
        ask=ask,
        hospital=hospitals[0].mention if hospitals else None,
    )


def _hubs(q: Question) -> Intent | None:
    if not q.has("hubs"):
        return None
    role = "recipient" if q.has("recipient_marker") else "supporter"
    metric = "staff" if q.has("staff") else "pairings"
    return make_intent(
        _IN.NETWORK_HUBS, "hub word", role=role, metric=metric, place=slot.first_place(q), top=slot.top(q)
    )


def _cross(q: Question) -> Intent | None:
    places = q.places()
    explicit = q.has("cross")
    supported = q.has("support_verb", "supporter_noun", "recipient_noun")
    if not (explicit or (len(places) >= 2 and not q.of(H) and supported)):
        return None
    sources: list[Mention] = []
    targets: list[Mention] = []
    for e in places:
        before = q.text[e.pos - 1] if e.pos else ""
        verb = q.first(("support_verb",), e.pos + 1)
        passive_after = verb is not None and slot.passive_between(q, e.pos + 1, verb.start)
        cross_after = q.first(("cross",), e.pos + 1)
        outsiders_come = cross_after is not None and cross_after.word in ("外省", "省外")
        if any(h.end == e.pos for h in q.hits("passive")):
            sources.append(e.mention)  # 受到上海…, 被上海…: the supporting side
        elif (
            (before and before in "在到对向给去")
            or passive_after
            or (len(places) == 1 and outsiders_come)
            or any(h.end == e.pos for h in q.hits("support_verb"))  # 外省医院帮扶江西
        ):
            targets.append(e.mention)  # 在云南, 云南受到…, 云南有哪些外省医院
        else:
            sources.append(e.mention)
    if not targets and len(sources) >= 2:
        targets.append(sources.pop())
    return make_intent(
        _IN.CROSS_PROVINCE,
        "cross-province word" if explicit else "two places + support",
        from_place=sources[0] if sources else None,
        to_place=targets[0] if targets else None,
    )


def _lead(q: Question, focus: Ent) -> Intent:
    lead = q.hits("lead")[0]
    if focus.pos < lead.start:
        between = q.text[focus.pos + 1 : lead.start]
        after = q.text[lead.end :]
        if _LEAD_BY.match(between) or (between == "" and _LEAD_THEN_WHAT.match(after)):
            return make_intent(
                _IN.SUPPORTED_BY,
                "E + lead + what",
                supporter=focus.mention,
                place=_other_place(q, focus),
                lead=True,
            )
    return make_intent(_IN.LEAD_OF, "lead word", target=focus.mention)


def _other_place(q: Question, focus: Ent) -> Mention | None:
    for e in q.places():
        if e is not focus:
            return e.mention
    return None


def _needs(q: Question, focus: Ent) -> Intent | None:
    """需帮扶项目 / 帮扶时间 of a recipient, or of a pairing when two hospitals are named."""
    if not q.has("needs", "period"):
        return None
    aspect = "needs" if q.has("needs") else "period"
    hospitals = q.of(H)
    target, supporter = focus.mention, None
    if len(hospitals) >= 2:
        a, b = hospitals[0], hospitals[1]
        verb = q.first(("support_verb",), a.pos + 1, b.pos)
        if verb is not None and not slot.passive_between(q, a.pos + 1, b.pos):
            supporter, target = a.mention, b.mention  # A帮扶B的时间
        else:
            target, supporter = a.mention, b.mention  # order unknown: the answer may try both
    return make_intent(_IN.NEEDS, f"{aspect} word", target=target, supporter=supporter, aspect=aspect)


def _staff(q: Question, focus: Ent | None) -> Intent | None:
    dispatch_words = [h for h in q.hits("dispatch") if "派" in h.word]
    if not (q.has("staff") or dispatch_words):
        return None
    direction = "either"
    if focus is not None:
        sent = q.first(("staff_from",), focus.pos + 1)
        if dispatch_words and dispatch_words[0].start < focus.pos:
            direction = "to"  # 派到E的人员, 谁被派到E
        elif sent is not None and q.text[sent.end : sent.end + 1] == "来":
            direction = "to"  # E下派来了几个人: sent here
        elif sent is not None and _FILLER.match(q.text[focus.pos + 1 : sent.start]):
            direction = "from"  # E派了哪些人, E一共派出几名专家
        elif q.text[focus.pos + 1 : focus.pos + 2] == "的":
            direction = "either"  # E的下派人员: sent *by* E or *to* E, the graph decides
        else:
            direction = "to"
    target = focus.mention if focus else None
    return make_intent(_IN.DISPATCHED_TO, "staff word", target=target, direction=direction)


def _direction(q: Question, focus: Ent) -> str | None:
    """ "who" (focus is supported), "by" (focus supports), or None; see the module docstring."""
    after = q.first(("supporter_noun", "recipient_noun", "support_verb"), focus.pos + 1)
    if after is not None:
        if after.group == "supporter_noun":
            return "who"
        if after.group == "recipient_noun":
            return "by"
        if slot.passive_between(q, focus.pos + 1, after.start):
            return "who"  # E由谁帮扶, E受到哪些医院的帮扶
        asker = q.within(("who", "count"), focus.pos + 1, after.start)
        if asker and q.text[asker[0].start - 1] not in _OBJECT_MARKERS:
            return "who"  # E，谁在帮扶 (but E对哪些医院进行了帮扶 is E supporting)
        return "by"
    if q.last(("support_verb", "supporter_noun"), 0, focus.pos) is not None:
        return "who"
    return None


def _first_start(q: Question, groups: tuple[str, ...], start: int) -> int:
    hit = q.first(groups, start)
    return hit.start if hit is not None else len(q.text)


def _requirements(
    rule: str, topics: list[str], *, document: Mention | None = None, place: Mention | None = None
) -> Intent:
    return make_intent(
        _IN.REQUIREMENTS,
        rule,
        topic=topics[0] if topics else None,
        topics=topics,
        document=document,
        place=place,
    )


def _hospital_rules(q: Question, focus: Ent) -> Intent:
    if q.has("lead"):
        return _lead(q, focus)
    found = _needs(q, focus) or _staff(q, focus)
    if found:
        return found
    if q.has("measures"):
        return make_intent(
            _IN.MEASURES,
            "hospital + measures",
            category=slot.category(q),
            target=focus.mention,
            place=_other_place(q, focus),
        )
    direction = _direction(q, focus)
    if direction == "who":
        return make_intent(_IN.WHO_SUPPORTS, "support direction: E is supported", target=focus.mention)
    if direction == "by":
        return make_intent(
            _IN.SUPPORTED_BY,
            "support direction: E supports",
            supporter=focus.mention,
            place=_other_place(q, focus),
        )
    return make_intent(_IN.ENTITY_INFO, "bare name", entity=focus.mention)


def _place_rules(q: Question, focus: Ent) -> Intent:
    place = focus.mention
    if q.has("lead"):
        return _lead(q, focus)
    topics = slot.topics(q, strong_only=True)  # 云南驻点时间要求多久: 驻点 is a topic here, not staff
    if topics:  # before needs: 云南方案里队长需要什么职称 asks a rule, not a hospital's needs
        return _requirements("place + topic", topics, place=place)
    if q.has("needs"):
        return make_intent(_IN.NEEDS, "place + needs", target=place, aspect="needs")
    found = _staff(q, focus)
    if found:
        return found
    topics = slot.topics(q)
    if topics and not q.has("count"):
        return _requirements("place + weak topic", topics, place=place)
    if q.has("document"):
        return make_intent(
            _IN.DOCUMENT, "place + document word", ask=slot.doc_ask(q), place=place, year=slot.year(q)
        )
    if q.has("measures"):
        return make_intent(_IN.MEASURES, "place + measures", category=slot.category(q), place=place)
    return _place_support(q, focus)


def _place_support(q: Question, focus: Ent) -> Intent:
    """Who supports a place, what a place's hospitals support, or which hospitals it has."""
    place = focus.mention
    if q.last(("support_verb", "supporter_noun"), 0, focus.pos) is not None:
        return make_intent(_IN.WHO_SUPPORTS, "support verb before place", target=place)
    if focus.pos and q.text[focus.pos - 1] in _BENEFACTIVE and q.first(("support_verb",), focus.pos + 1):
        # 给大理州的医院派人的…, 为X的医院提供帮扶的…: the place's hospitals receive the act
        return make_intent(_IN.WHO_SUPPORTS, "benefactive + place + verb", target=place)
    passive = q.first(("passive",), focus.pos + 1)
    role_or_verb = ("hospital_word", "support_verb", "supporter_noun", "recipient_noun")
    if passive is not None and passive.start < _first_start(q, role_or_verb, focus.pos + 1):
        return make_intent(_IN.WHO_SUPPORTS, "place + passive", target=place)  # 禄劝县由哪些医院帮扶
    first = q.first(("supporter_noun", "recipient_noun", "support_verb", "hospital_word"), focus.pos + 1)
    if first is None:
        if q.count() or q.has("who"):
            return make_intent(_IN.HOSPITALS_IN_PLACE, "place + count", place=place, role=slot.role(q))
        if q.has("requirement"):
            return _requirements("place + requirement", [], place=place)
        return make_intent(_IN.ENTITY_INFO, "bare place", entity=place)
    if first.group == "supporter_noun":
        if focus.type == V:  # 上海的帮扶医院: 上海's hospitals that support
            return make_intent(
                _IN.HOSPITALS_IN_PLACE, "province + supporter noun", place=place, role="supporter"
            )
        return make_intent(_IN.WHO_SUPPORTS, "place + supporter noun", target=place)  # 禄劝县的帮扶医院
    if first.group == "recipient_noun":
        if slot.asks_their_supporters(q, first.end):
            # 禄劝县的受援医院由哪些医院帮扶 / 都是谁在帮 / 的帮扶医院: the recipients are the object
            return make_intent(_IN.WHO_SUPPORTS, "place + recipient noun + who helps", target=place)
        return make_intent(_IN.HOSPITALS_IN_PLACE, "place + recipient noun", place=place, role="recipient")
    if first.group == "hospital_word":
        # 有哪些医院 / 多少家医院: the question word reaches the hospital word
        asked_before = [h for g in ("who", "count") for h in q.hits(g) if focus.pos < h.start < first.end]
        verb = q.first(("support_verb",), first.end)
        passive = q.first(("passive",), first.end, verb.start) if verb is not None else None
        # 怒江州的医院有哪些受到帮扶: the question word comes before the passive
        asked_after = passive is not None and q.within(("who", "count"), first.end, passive.start)
        if not asked_before and passive is not None and not asked_after:
            return make_intent(_IN.WHO_SUPPORTS, "place + 医院 + passive", target=place)
        if not asked_before and slot.asks_their_supporters(q, first.end):
            # 保山市各县的医院都是谁在帮: the place's hospitals are the object
            return make_intent(_IN.WHO_SUPPORTS, "place + 医院 + who helps", target=place)
        if not asked_before and verb is not None and q.text[first.end : verb.start] in ("", "都", "都有"):
            return make_intent(_IN.SUPPORTED_BY, "place hospitals support", supporter=place)
        return make_intent(_IN.HOSPITALS_IN_PLACE, "place + 医院", place=place, role=slot.role(q))
    if slot.passive_between(q, focus.pos + 1, first.start):
        return make_intent(_IN.WHO_SUPPORTS, "place + passive + verb", target=place)
    return make_intent(_IN.SUPPORTED_BY, "place + verb", supporter=place)


# 一共/总共 with a count word asks for a total, even where a requirement word (多少人) appears.
_TOTAL_WORDS = ("一共", "总共", "总计", "合计", "共有")


def _no_name_rules(q: Question) -> Intent:
    if q.count() and any(word in q.text for word in _TOTAL_WORDS):
        subject = (
            "persons" if q.has("staff") else "pairings" if q.has("support_verb", "relation") else "hospitals"
        )
        return make_intent(_IN.COUNT, "total count", subject=subject)
    topics = slot.topics(q)
    if topics:
        return _requirements("topic word", topics)
    if q.has("measures"):
        return make_intent(_IN.MEASURES, "measures word", category=slot.category(q))
    if q.has("document"):
        return make_intent(_IN.DOCUMENT, "document word", ask=slot.doc_ask(q), year=slot.year(q))
    if q.has("requirement"):
        return _requirements("requirement word", [])
    found = _staff(q, None)
    if found:
        return found
    if q.has("needs"):
        return make_intent(_IN.NEEDS, "needs word", aspect="needs")
    roles = q.has("recipient_marker", "recipient_noun", "supporter_marker", "supporter_noun")
    if roles or (q.has("who") and q.has("support_verb")):
        return make_intent(_IN.HOSPITALS_IN_PLACE, "role word, no place", role=slot.role(q))
    if q.count():
        subject = (
            "pairings"
            if q.has("support_verb", "relation")
            else "hospitals"
            if q.has("hospital_word")
            else "persons"
            if q.has("staff")
            else "unknown"
        )
        return make_intent(_IN.COUNT, "count word alone", subject=subject)
    return help_intent("out_of_scope")


def decide(q: Question) -> Intent:
    """The intent of a masked question, by rules 2-8 of the module docstring (first match wins)."""
    found = _relation(q) or _document(q) or _person(q) or _hubs(q) or _cross(q)
    if found:
        return found
    hospitals = q.of(H)
    if hospitals:
        return _hospital_rules(q, hospitals[0])
    places = q.places()
    if places:
        return _place_rules(q, places[0])
    return _no_name_rules(q)
