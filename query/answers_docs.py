"""Answers about people, documents, requirements and measures."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.messages import message
from core.vocab.topics import QuestionTopic, question_topics
from core.vocab.words import words
from graph.contract import Citation, Dispatch, DocumentEntry, MeasureEntry, NodeEntry, RequirementEntry
from query import plan_filters
from query.context import Context, no_answer, ok_answer
from query.intents import Understanding
from query.model import Answer, AnswerItem, Status


def _dispatch_item(ctx: Context, row: Dispatch, *, show: str) -> AnswerItem:
    name, node_id = (row.to_hospital, row.to_id) if show == "to" else (row.person, row.person_id)
    details = [message("A400", name=row.from_hospital), message("A254", name=row.to_hospital)]
    if row.notes:
        details.append(message("A401", notes=row.notes))
    if row.period:
        details.append(message("A402", period=row.period))
    return AnswerItem(
        name,
        "Hospital" if show == "to" else "Person",
        node_id,
        group=row.program or "",
        detail="；".join(details),
        evidence=[ctx.evidence(row.doc, row.where, row.quote)],
        extra={
            "person": row.person,
            "from_hospital": row.from_hospital,
            "to_hospital": row.to_hospital,
            "period": row.period,
        },
    )


def _sender_item(ctx: Context, row: Dispatch) -> AnswerItem:
    """The hospital that sent a person (the answer to 某某是哪家医院派出的)."""
    found = ctx.index.lookup(row.from_hospital or "")
    node_id = found[0].node_id if found else ""
    item = _dispatch_item(ctx, row, show="to")
    item.name, item.node_id = row.from_hospital or "", node_id
    return item


def all_dispatches(ctx: Context) -> list[Dispatch]:
    people = [r.id for r in ctx.name_entries if r.type == "Person"]
    return ctx.store.persons_of(people)


def dispatch_person(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    person = ctx.entity(u.intent.slots.get("person"), u.original, intent, message("A296"))
    rows = ctx.store.persons_of(person.node_id)
    items = [_dispatch_item(ctx, r, show="to") for r in rows]
    if not items:
        return Answer(
            u.original, intent, Status.NO_ANSWER, message("A403", name=person.name), entities=[person]
        )
    ask = u.intent.slots.get("ask") or "to"
    if ask == "from":
        senders = dict.fromkeys(r.from_hospital or "" for r in rows)
        text = message("A404", name=person.name, names="、".join(senders))
        items = [_sender_item(ctx, r) for r in {r.from_hospital: r for r in rows}.values()]
    elif ask == "period":
        unknown = message("A407")
        periods = "；".join(message("A406", hospital=r.to_hospital, period=r.period or unknown) for r in rows)
        text = message("A405", name=person.name, periods=periods)
    else:
        sent_to = "、".join(i.name for i in items)
        text = message("A408", name=person.name, sender=rows[0].from_hospital, names=sent_to)
    return ok_answer(u, text, [person], items, focus=[person.node_id, *(r.to_id for r in rows)])


# "某某被派到哪里" with a name the index does not know: report it instead of listing everyone.
_UNKNOWN_PERSON = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,8}?)(被派|派到|派往|在哪|去了哪|去哪)")


def dispatched_to(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    unknown = _UNKNOWN_PERSON.match(u.normalized) if slots.get("target") is None else None
    if unknown and not ctx.index.lookup(unknown.group("name")):
        name = unknown.group("name")
        suggestions = list(dict.fromkeys(e.canonical for e in ctx.index.suggest(name, k=5)))
        text = message("A409", name=name) + (
            message("A410", names="、".join(suggestions)) if suggestions else ""
        )
        return Answer(u.original, intent, Status.NOT_FOUND, text, suggestions=suggestions)
    if slots.get("target") is None:
        rows = all_dispatches(ctx)
        items = [_dispatch_item(ctx, r, show="person") for r in rows]
        text = message("A411", n=len({r.person_id for r in rows}))
        return Answer(u.original, intent, Status.OK if rows else Status.NO_ANSWER, text, items=items)
    target = ctx.entity(slots["target"], u.original, intent, message("A295"))
    direction = slots.get("direction") or "either"
    rows: list[Dispatch] = []
    if direction in ("to", "either"):
        rows += ctx.store.dispatched_to(target.node_id)
    if direction in ("from", "either"):
        rows += ctx.store.dispatched_from(target.name)
    items = [_dispatch_item(ctx, r, show="person") for r in rows]
    if not items:
        return no_answer(u, message("A412", name=target.name), [target])
    people = list(dict.fromkeys(i.name for i in items))
    sent = direction == "from" or all(r.from_hospital == target.name for r in rows)
    names = "、".join(people)
    text = (
        message("A416", name=target.name, n=len(people), names=names)
        if sent
        else message("A415", name=target.name, n=len(people), names=names)
    )
    return ok_answer(u, text, [target], items, focus=[target.node_id, *(r.person_id for r in rows)])


def dispatched_to_place(ctx: Context, u: Understanding) -> Answer:
    """派驻到科左中旗的人员: the persons sent to the hospitals located in a place."""
    intent = str(u.intent.name)
    place = ctx.entity(u.intent.slots["target"], u.original, intent, message("A636"))
    rows = [d for h in ctx.store.hospitals_in_place(place.node_id) for d in ctx.store.dispatched_to(h.id)]
    if not rows:
        return no_answer(u, message("A624", place=place.name), [place])
    items = [_dispatch_item(ctx, r, show="person") for r in rows]
    people = list(dict.fromkeys(i.name for i in items))
    hospitals_named = list(dict.fromkeys(r.to_hospital for r in rows))
    text = message("A625", place=place.name, n=len(people), m=len(hospitals_named), names="、".join(people))
    return ok_answer(u, text, [place], items, focus=[place.node_id, *(r.person_id for r in rows)])


def _documents_for(ctx: Context, u: Understanding) -> list[str] | None:
    slots = u.intent.slots
    if u.frame is not None:
        scope = plan_filters.doc_scope(ctx, u.frame, regional=True)
        if scope.limited:
            return scope.files or []
    if slots.get("document") is not None:
        doc = ctx.entity(slots["document"], u.original, str(u.intent.name), message("A297"))
        row = next((r for r in ctx.documents.values() if r.id == doc.node_id), None)
        return [row.file] if row and row.file else []
    if slots.get("place") is not None and slots["place"].resolved:
        names = set(slots["place"].canonicals)
        return [f for f, r in ctx.documents.items() if r.region in names and not r.stub] or None
    return None


def requirements(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    asked = [slots["topic"]] if slots.get("topic") else [t for t in slots.get("topics") or [] if t]
    asked = list(dict.fromkeys(asked))
    docs = _documents_for(ctx, u)
    known = question_topics()  # core/vocab/requirement_topics.jsonl
    named = list(dict.fromkeys([*asked, *(t for t in slots.get("topics") or [] if t)]))
    measures = [known[t] for t in named if t in known and known[t].value_units]
    if measures:  # 工资按几倍补: the number asked is of every other topic the question names
        asked = [t for t in named if t not in {m.topic for m in measures}]
    topics = sorted({t for a in asked for t in (known[a].answered_by if a in known else (a,))}) or None
    rows = ctx.store.requirements(topic=topics, document=docs)
    words = [w for a in asked if a in known for w in known[a].text_words]
    if words:  # a narrower topic (体检 among 其他): only the rules that say it, never the others
        rows = [r for r in rows if any(w in (r.text or "") for w in words)]
    # another topic named beside the asked one narrows it by its words (帮扶协议最晚什么时候签:
    # the deadlines that say 协议), never widens it
    also_named = [t for t in slots.get("topics") or [] if t and t not in asked and t in known]
    narrowing = [w for t in also_named for w in known[t].text_words]
    if narrowing:
        rows = [r for r in rows if any(w in (r.text or "") for w in narrowing)]
    if any(known[a].calendar_year for a in asked if a in known):  # 到哪一年: a term's end year
        rows = [r for r in rows if _is_calendar_year(r)]
    rows = _of_measures(rows, measures)
    rows = rank_by_posts(rows, u.original)
    items = [
        AnswerItem(
            r.text or "",
            "Requirement",
            r.id,
            group=message("A204", name=r.topic, detail=ctx.doc_label(r.doc or "")),
            detail=" ".join(x for x in (r.subject or "", _value(r)) if x),
            evidence=[ctx.evidence(r.doc, r.section, r.quote)],
            extra={"topic": r.topic, "value": r.value, "unit": r.unit},
        )
        for r in rows
    ]
    label = "、".join(named) if named else message("A417")
    if not items:
        return Answer(u.original, intent, Status.NO_ANSWER, message("A418", label=label))
    first = items[0].evidence[0]
    doc = first.doc_number or first.doc_title
    text = message("A419", label=label, n=len(items), first=items[0].name, doc=doc, where=first.where)
    return Answer(u.original, intent, Status.OK, text, items=items)


def _post_mentions(text: str, posts: tuple[str, ...], qualifiers: tuple[str, ...]) -> set[tuple[str, str]]:
    """The posts ``text`` names, each with the qualifier printed before it ("" for none).

    ``posts`` must come longest first (``rank_by_posts`` sorts them).

    Why: 副院长 holds the letters of 院长, so a rule granting 副院长 would otherwise answer a
    question about 院长 (and a word segmenter splits 副院长 as 副 + 院长 as well).
    """
    found: set[tuple[str, str]] = set()
    for post in posts:  # longest first: a found post is blanked out, so 主任 is not read inside 科主任
        start = text.find(post)
        while start >= 0:
            qualifier = next((q for q in qualifiers if text.endswith(q, 0, start)), "")
            found.add((qualifier, post))
            text = text[:start] + "\0" * len(post) + text[start + len(post) :]
            start = text.find(post, start + len(post))
    return found


def rank_by_posts(rows: list[RequirementEntry], question: str) -> list[RequirementEntry]:
    """Rules naming a post exactly as the question does first; the order is otherwise kept."""
    posts = tuple(sorted(words("posts.tsv", "word", kind="post"), key=len, reverse=True))
    qualifiers = words("posts.tsv", "word", kind="qualifier")
    asked = _post_mentions(question, posts, qualifiers)
    if not asked:
        return rows
    return sorted(rows, key=lambda r: not asked & _post_mentions(r.text or "", posts, qualifiers))


def _of_measures(rows: list[RequirementEntry], measures: list[QuestionTopic]) -> list[RequirementEntry]:
    """The rules whose value is of every kind of number asked (几倍: in 倍; 多久一次: a count of
    times said per period, 每月…一次), so a question asking a multiple never gets an amount."""
    for m in measures:
        rows = [r for r in rows if r.unit in m.value_units]
        if m.text_words:
            rows = [r for r in rows if any(w in (r.text or "") for w in m.text_words)]
    return rows


_FIRST_CALENDAR_YEAR = 1900  # a value in 年 from here on is a year of the calendar, not a length


def _is_calendar_year(row: RequirementEntry) -> bool:
    return row.unit == "年" and row.value is not None and row.value >= _FIRST_CALENDAR_YEAR


def _value(row: RequirementEntry) -> str:
    value = row.value
    if value is None:
        return ""
    shown = int(value) if float(value).is_integer() else value
    return f"{shown}{row.unit or ''}"


def document(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    ask = slots.get("ask") or "info"
    scoped = scoped_document(ctx, u)
    if scoped is not None and slots.get("document") is None and ask not in ("list",):
        return document_answer(ctx, u, scoped, ask)
    if slots.get("document") is None:
        rows = ctx.store.documents()
        scope = plan_filters.doc_scope(ctx, u.frame) if u.frame is not None else None
        if scope is not None and scope.limited:
            rows = [r for r in rows if r.id in (scope.ids or [])]
        elif slots.get("place") is not None and slots["place"].resolved:
            rows = [r for r in rows if r.region in set(slots["place"].canonicals)] or rows
        if slots.get("year"):
            rows = [r for r in rows if r.year == slots["year"]]
        items = [doc_item(ctx, r) for r in rows]
        no_number = message("A421")
        listed = "；".join(message("A204", name=i.name, detail=i.extra["number"] or no_number) for i in items)
        text = message("A420", n=len(items), listed=listed)
        return Answer(u.original, intent, Status.OK if items else Status.NO_ANSWER, text, items=items)
    doc = ctx.entity(slots["document"], u.original, intent, message("A297"))
    return document_answer(ctx, u, ctx.store.documents(doc.node_id)[0], ask)


def scoped_document(ctx: Context, u: Understanding) -> DocumentEntry | None:
    """The one document a short title names (云南十四五方案, 科左中旗的方案), if exactly one."""
    if u.frame is None:
        return None
    scope = plan_filters.doc_scope(ctx, u.frame)
    if not scope.limited or len(scope.ids or []) != 1:
        return None
    return ctx.store.documents(scope.ids or [])[0]


def document_answer(ctx: Context, u: Understanding, row: DocumentEntry, ask: str) -> Answer:
    """What is asked about one document, worded from the ask: cites, issuers, date, year…"""
    intent = str(u.intent.name)
    doc = ctx.candidate(NodeEntry(row.id, "Document", row.name))
    if ask in ("cites", "cited_by"):
        return _citations(ctx, u, doc, ask)
    item = doc_item(ctx, row)
    title = f"「{row.title or row.name}」"
    if ask == "issuer":
        text = message("A090", title=title, issuers="、".join(row.issuers or []) or message("A096"))
    elif ask == "year" or (u.frame is not None and u.frame.answer == "year"):
        year = row.year or (row.date or "")[:4]
        text = message("A091", title=title, year=year) if year else message("A092", title=title)
    elif ask == "date":
        text = message("A093", title=title, date=row.date) if row.date else message("A094", title=title)
    elif ask == "number":
        text = message("A095", title=title, number=row.number or message("A097"))
    else:
        unknown = message("A407")
        text = message(
            "A422",
            title=title,
            number=row.number or message("A097"),
            issuers="、".join(row.issuers or []) or unknown,
            date=row.date or row.year or unknown,
            region=row.region or unknown,
            period=row.period or unknown,
        )
        if (row.number_source or "text").startswith("cited_by:"):
            text += message("A423", file=(row.number_source or "")[9:])
    return Answer(u.original, intent, Status.OK, text, entities=[doc], items=[item], focus=[doc.node_id])


def _citations(ctx: Context, u: Understanding, doc: Any, ask: str) -> Answer:
    intent = str(u.intent.name)
    links = ctx.store.cites(doc.node_id) if ask == "cites" else ctx.store.cited_by(doc.node_id)
    other = "target" if ask == "cites" else "source"
    # a document both cited and contained is listed once
    links = list({getattr(r, f"{other}_id"): r for r in reversed(links)}.values())[::-1]
    items = linked_document_items(ctx, links, other, group=lambda r: r.type)
    if not items:
        text = message("A424", name=doc.name) if ask == "cites" else message("A425", name=doc.name)
        return Answer(u.original, intent, Status.NO_ANSWER, text, entities=[doc], focus=[doc.node_id])
    listed = "、".join(
        message("A204", name=i.name, detail=i.detail) if i.detail and i.detail not in i.name else i.name
        for i in items
    )
    text = (
        message("A426", name=doc.name, listed=listed)
        if ask == "cites"
        else message("A427", name=doc.name, listed=listed)
    )
    return ok_answer(u, text, [doc], items)


def linked_document_items(
    ctx: Context, links: list[Citation], other: str, *, group: Callable[[Citation], str]
) -> list[AnswerItem]:
    """The documents at the ``other`` end ("source" or "target") of citations, each with its 文号
    and the citing line."""
    numbers = {d.id: d.number for d in ctx.store.documents([getattr(r, f"{other}_id") for r in links])}
    return [
        AnswerItem(
            getattr(r, other),
            "Document",
            getattr(r, f"{other}_id"),
            group=group(r),
            detail=numbers.get(getattr(r, f"{other}_id")) or "",
            evidence=[ctx.evidence(r.doc, r.where, r.quote)],
            extra={"number": numbers.get(getattr(r, f"{other}_id"))},
        )
        for r in links
    ]


def doc_item(ctx: Context, row: DocumentEntry) -> AnswerItem:
    file = row.file or row.id
    evidence = [ctx.evidence(file, message("A428"), row.title or row.name)]
    if not row.file:  # a document the corpus only cites: the citing lines are its evidence
        evidence = [ctx.evidence(r.doc, r.where, r.quote) for r in ctx.store.cited_by(row.id)] or evidence
    return AnswerItem(
        row.title or row.name,
        "Document",
        row.id,
        group=message("A297"),
        detail="；".join(x for x in (row.number, row.date or str(row.year or "")) if x),
        evidence=evidence,
        extra={"number": row.number, "file": file, "issuers": row.issuers},
    )


def measure_item(ctx: Context, r: MeasureEntry) -> AnswerItem:
    return AnswerItem(
        f"（{r.ordinal}）{r.title}",
        "Measure",
        r.id,
        group=r.category or "",
        detail=r.text or "",
        evidence=[ctx.evidence(r.doc, r.where, r.text)],
    )


def measures(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    category = u.intent.slots.get("category")
    rows = ctx.store.measures(_documents_for(ctx, u))
    if category:
        rows = [r for r in rows if r.category == category]
    items = [measure_item(ctx, r) for r in rows]
    if not items:
        return Answer(u.original, intent, Status.NO_ANSWER, message("A082"))
    label = category or message("A430")
    names = "；".join(i.name for i in items[:8])
    text = message("A431", n=len(items), label=label, doc=ctx.doc_label(rows[0].doc or ""), names=names)
    text += "……" if len(items) > 8 else "。"
    return Answer(u.original, intent, Status.OK, text, items=items)
