"""Answers about pairings: who supports whom, leads, needs and periods, hospitals of a place."""

from __future__ import annotations

from core.messages import message
from graph.contract import NodeEntry, Support
from query import plan_filters
from query.context import PLACE_TYPES, Context, item_from_support, lead_first, no_answer, ok_answer
from query.intents import Understanding
from query.model import Answer, AnswerItem, Candidate, Status


def _program_filter(
    rows: list[Support], u: Understanding, ctx: Context, asked: str = "supporter"
) -> list[Support]:
    """Rows of the named programme, within the frame's constraints (document, annex, kind…)."""
    if u.frame is not None:
        rows = plan_filters.apply(ctx, u.frame, rows, asked=asked)
    program = u.intent.slots.get("program")
    if program is None or not program.resolved:
        return rows
    names = set(program.canonicals)
    return [r for r in rows if r.program in names]


def recipients_in(ctx: Context, place: Candidate) -> list[NodeEntry]:
    """Hospitals located in a place (county, prefecture or province)."""
    return ctx.store.hospitals_in_place(place.node_id)


def _summary(items: list[AnswerItem]) -> str:
    programs = list(dict.fromkeys(i.group for i in items))
    leads = list(dict.fromkeys(i.name for i in items if i.lead))
    names = list(dict.fromkeys(i.name for i in items))
    text = message("A220", n=len(names))
    notes = []
    if leads:
        notes.append(message("A221", names="、".join(leads)))
    if len(programs) > 1:
        notes.append(message("A222", n=len(programs)))
    return text + (message("A223", notes="；".join(notes)) if notes else "")


def who_supports(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    target = ctx.entity(u.intent.slots.get("target"), u.original, intent, message("A291"))
    if target.type in PLACE_TYPES:
        return _supporters_of_place(ctx, u, target)
    rows = _program_filter(ctx.store.supporters_of(target.node_id), u, ctx)
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in rows])
    if not items:
        return no_answer(u, message("A224", name=target.name), [target])
    if u.intent.slots.get("count"):
        text = message("A225", name=target.name, summary=_summary(items))
    else:
        names = "、".join(dict.fromkeys(i.name for i in items))
        text = message("A226", name=target.name, summary=_summary(items), names=names)
    related = _see_also_items(ctx, target)
    for item in related:
        text += message("A227", name=item.name, detail=item.detail)
    items += related
    return ok_answer(u, text, [target], items)


def _see_also_items(ctx: Context, target: Candidate) -> list[AnswerItem]:
    """Hospitals printed together with the target as 甲（乙） but kept apart: say so, with the row."""
    items = []
    for row in ctx.store.see_also_of(target.node_id):
        other_id, other = row.other(target.node_id)
        items.append(
            AnswerItem(
                other,
                "Hospital",
                other_id,
                group=message("A228"),
                detail=row.note or "",
                evidence=[ctx.evidence(row.doc, row.where, row.quote)],
            )
        )
    return items


def _supporters_of_place(ctx: Context, u: Understanding, place: Candidate) -> Answer:
    hospitals = recipients_in(ctx, place)
    rows = _program_filter(ctx.store.supporters_of([h.id for h in hospitals]), u, ctx)
    items = []
    for row in rows:
        item = item_from_support(ctx, row, side="supporter")
        item.group = message("A229", name=row.recipient)
        item.extra["recipient"] = row.recipient
        items.append(item)
    items = lead_first(items)
    recipients = list(dict.fromkeys(r.recipient for r in rows))
    if not items:
        return no_answer(u, message("A230", name=place.name), [place])
    supporters = list(dict.fromkeys(i.name for i in items))
    text = message(
        "A231", name=place.name, n=len(recipients), recipients="、".join(recipients), m=len(supporters)
    )
    return ok_answer(
        u, text, [place], items, focus=[r.recipient_id for r in rows] + [r.supporter_id for r in rows]
    )


def lead_of(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    target = ctx.entity(u.intent.slots.get("target"), u.original, intent, message("A292"))
    ids = [h.id for h in recipients_in(ctx, target)] if target.type in PLACE_TYPES else [target.node_id]
    rows = _program_filter(ctx.store.supporters_of(ids), u, ctx)
    leads = [item_from_support(ctx, r, side="supporter") for r in rows if r.lead]
    if not leads:
        others = list(dict.fromkeys(r.supporter for r in rows))
        text = message("A232", name=target.name)
        if others:
            text += message("A233", names="、".join(others))
        items = [item_from_support(ctx, r, side="supporter") for r in rows]
        return Answer(
            u.original,
            intent,
            Status.NO_ANSWER if not rows else Status.OK,
            text,
            entities=[target],
            items=lead_first(items),
            focus=[target.node_id],
        )
    parts = [message("A204", name=i.name, detail=i.program) for i in leads]
    text = message("A234", name=target.name, names="、".join(dict.fromkeys(parts)))
    return ok_answer(
        u, text, [target], lead_first(leads), focus=[target.node_id, *(i.node_id for i in leads)]
    )


def supported_by(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    supporter = ctx.entity(slots.get("supporter"), u.original, intent, message("A293"))
    if supporter.type in PLACE_TYPES:
        from query.answers_network import cross_province_answer

        return cross_province_answer(
            ctx, u, supporter, ctx.entity(slots["place"], u.original, intent) if slots.get("place") else None
        )
    rows = _program_filter(ctx.store.recipients_of(supporter.node_id), u, ctx, "recipient")
    if slots.get("place"):
        place = ctx.entity(slots["place"], u.original, intent, message("A294"))
        inside = ctx.located_in([r.recipient_id for r in rows], place.name)
        rows = [r for r in rows if r.recipient_id in inside]
    if slots.get("lead"):
        rows = [r for r in rows if r.lead]
    items = [item_from_support(ctx, r, side="recipient") for r in rows]
    as_lead, lead_word = message("A235"), message("A205")
    for item, row in zip(items, rows, strict=True):
        item.detail = "；".join(
            x for x in (as_lead if row.lead else "", item.detail.replace(lead_word, "").strip("；")) if x
        )
    items = lead_first(items)
    if not items:
        return no_answer(u, message("A236", name=supporter.name), [supporter])
    names = list(dict.fromkeys(i.name for i in items))
    led = [i.name for i in items if i.lead]
    text = message("A237", name=supporter.name, n=len(names))
    text += message("A238", n=len(set(led))) if led else ""
    text += "。" if slots.get("count") else message("A239", names="、".join(names))
    return ok_answer(u, text, [supporter], items)


def needs(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    target = ctx.entity(slots.get("target"), u.original, intent, message("A292"))
    ids = [h.id for h in recipients_in(ctx, target)] if target.type in PLACE_TYPES else [target.node_id]
    rows = ctx.store.supporters_of(ids)
    if slots.get("supporter") is not None:
        supporter = ctx.entity(slots["supporter"], u.original, intent, message("A293"))
        rows = [r for r in rows if r.supporter_id == supporter.node_id]
    aspect = slots.get("aspect") or "needs"
    rows = [r for r in rows if (r.needs if aspect == "needs" else r.period)]
    what = message("A240") if aspect == "needs" else message("A241")
    if not rows:
        return no_answer(u, message("A242", name=target.name, what=what), [target])
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in rows])
    if aspect == "needs":
        listed = sorted(
            {n for r in rows for n in r.needs or []},
            key=lambda n: [x for r in rows for x in r.needs or []].index(n),
        )
        text = message("A243", name=target.name, what=what, names="、".join(listed))
    else:
        periods = list(dict.fromkeys(r.period or "" for r in rows))
        text = message("A243", name=target.name, what=what, names="、".join(periods))
    return ok_answer(u, text, [target], items)


def hospitals_in_place(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    role = slots.get("role") or "recipient"
    hospitals: list[NodeEntry] = []
    if slots.get("place") is None:
        rows = ctx.all_supports
        program = u.intent.slots.get("program")
        named = program is not None and program.resolved
        place_label = message("A245", name=program.canonicals[0]) if named else message("A246")
        place_ids: list[str] = []
        entities: list[Candidate] = []
    else:
        place = ctx.entity(slots["place"], u.original, intent, message("A294"))
        hospitals = recipients_in(ctx, place)
        ids = [h.id for h in hospitals]
        rows = ctx.store.supporters_of(ids) if role != "supporter" else ctx.store.recipients_of(ids)
        place_label = message("A247", name=place.name)
        place_ids, entities = [place.node_id], [place]
    side = "supporter" if role == "supporter" else "recipient"
    label = message("A293") if side == "supporter" else message("A292")
    rows = _program_filter(rows, u, ctx, side)
    by_hospital: dict[str, AnswerItem] = {}
    for row in rows:
        item = item_from_support(ctx, row, side=side)
        known = by_hospital.get(item.node_id)
        if known is None:
            item.group = label
            item.detail, item.lead, item.program = "", None, None
            item.extra["partners"] = 1
            by_hospital[item.node_id] = item
        else:
            known.extra["partners"] += 1
            known.evidence.extend(e for e in item.evidence if e not in known.evidence)
    if side == "recipient":
        for hospital in hospitals if slots.get("place") is not None else []:
            if hospital.orphan and hospital.id not in by_hospital:
                evidence = [ctx.evidence(hospital.orphan_doc, hospital.orphan_where, hospital.orphan_quote)]
                by_hospital[hospital.id] = AnswerItem(
                    hospital.name,
                    "Hospital",
                    hospital.id,
                    group=label,
                    evidence=evidence,
                    detail=message("A248"),
                    extra={"partners": 0},
                )
    items = sorted(by_hospital.values(), key=lambda i: i.name)
    for item in items:
        partners = item.extra["partners"]
        if partners:
            item.detail = message("A249", n=partners) if side == "supporter" else message("A250", n=partners)
    if not items:
        return Answer(
            u.original,
            intent,
            Status.NO_ANSWER,
            message("A251", place=place_label, label=label),
            entities=entities,
            focus=place_ids,
        )
    text = message("A252", place=place_label, n=len(items), label=label)
    text += "。" if slots.get("count") else message("A239", names="、".join(i.name for i in items))
    return ok_answer(u, text, entities, items, focus=[*place_ids, *(i.node_id for i in items)][:80])


def count(ctx: Context, u: Understanding) -> Answer:
    """几家/多少 with no entity: totals over the whole graph."""
    intent = str(u.intent.name)
    rows = _program_filter(ctx.all_supports, u, ctx)
    subject = u.intent.slots.get("subject") or "pairings"
    recipients = {r.recipient_id: r for r in rows}
    supporters = {r.supporter_id: r for r in rows}
    if subject == "persons":
        from query.answers_docs import all_dispatches

        people = all_dispatches(ctx)
        names = {r.person_id: r for r in people}
        text = message("A253", n=len(names), m=len(people))
        items = [
            AnswerItem(
                r.person,
                "Person",
                r.person_id,
                detail=message("A254", name=r.to_hospital),
                evidence=[ctx.evidence(r.doc, r.where, r.quote)],
            )
            for r in names.values()
        ]
    else:
        text = message("A255", n=len(rows), recipients=len(recipients), supporters=len(supporters))
        items = [
            AnswerItem(
                message("A256"),
                "Fact",
                detail=str(len(rows)),
                evidence=[ctx.evidence(r.doc, r.where, r.quote) for r in rows[:5]],
                extra={"pairings": len(rows), "recipients": len(recipients), "supporters": len(supporters)},
            )
        ]
    return Answer(u.original, intent, Status.OK, text, items=items)
