"""Answers about pairings: who supports whom, leads, needs and periods, hospitals of a place."""

from __future__ import annotations

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
    text = f"共{len(names)}家"
    notes = []
    if leads:
        notes.append("牵头：" + "、".join(leads))
    if len(programs) > 1:
        notes.append(f"涉及{len(programs)}个帮扶项目")
    return text + (f"（{'；'.join(notes)}）" if notes else "")


def who_supports(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    target = ctx.entity(u.intent.slots.get("target"), u.original, intent, "受援医院或地区")
    if target.type in PLACE_TYPES:
        return _supporters_of_place(ctx, u, target)
    rows = _program_filter(ctx.store.supporters_of(target.node_id), u, ctx)
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in rows])
    if not items:
        return no_answer(u, f"图谱中没有「{target.name}」的支援医院记录。", [target])
    if u.intent.slots.get("count"):
        text = f"帮扶「{target.name}」的医院{_summary(items)}。"
    else:
        text = (
            f"帮扶「{target.name}」的医院{_summary(items)}："
            + "、".join(dict.fromkeys(i.name for i in items))
            + "。"
        )
    related = _see_also_items(ctx, target)
    for item in related:
        text += f"另见「{item.name}」：{item.detail}。"
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
                group="另见",
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
        item.group = f"受援：{row.recipient}"
        item.extra["recipient"] = row.recipient
        items.append(item)
    items = lead_first(items)
    recipients = list(dict.fromkeys(r.recipient for r in rows))
    if not items:
        return no_answer(u, f"图谱中没有「{place.name}」受援医院的帮扶记录。", [place])
    supporters = list(dict.fromkeys(i.name for i in items))
    text = (
        f"「{place.name}」有{len(recipients)}家受援医院（" + "、".join(recipients) + f"），"
        f"共{len(supporters)}家医院帮扶。"
    )
    return ok_answer(
        u, text, [place], items, focus=[r.recipient_id for r in rows] + [r.supporter_id for r in rows]
    )


def lead_of(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    target = ctx.entity(u.intent.slots.get("target"), u.original, intent, "受援医院")
    ids = [h.id for h in recipients_in(ctx, target)] if target.type in PLACE_TYPES else [target.node_id]
    rows = _program_filter(ctx.store.supporters_of(ids), u, ctx)
    leads = [item_from_support(ctx, r, side="supporter") for r in rows if r.lead]
    if not leads:
        others = list(dict.fromkeys(r.supporter for r in rows))
        text = f"文件中未标明「{target.name}」的牵头（主责）医院。"
        if others:
            text += "帮扶医院有：" + "、".join(others) + "。"
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
    parts = [f"{i.name}（{i.program}）" for i in leads]
    text = f"「{target.name}」的牵头（主责）医院：" + "、".join(dict.fromkeys(parts)) + "。"
    return ok_answer(
        u, text, [target], lead_first(leads), focus=[target.node_id, *(i.node_id for i in leads)]
    )


def supported_by(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    supporter = ctx.entity(slots.get("supporter"), u.original, intent, "支援医院")
    if supporter.type in PLACE_TYPES:
        from query.answers_network import cross_province_answer

        return cross_province_answer(
            ctx, u, supporter, ctx.entity(slots["place"], u.original, intent) if slots.get("place") else None
        )
    rows = _program_filter(ctx.store.recipients_of(supporter.node_id), u, ctx, "recipient")
    if slots.get("place"):
        place = ctx.entity(slots["place"], u.original, intent, "地区")
        inside = ctx.located_in([r.recipient_id for r in rows], place.name)
        rows = [r for r in rows if r.recipient_id in inside]
    if slots.get("lead"):
        rows = [r for r in rows if r.lead]
    items = [item_from_support(ctx, r, side="recipient") for r in rows]
    for item, row in zip(items, rows, strict=True):
        item.detail = "；".join(
            x
            for x in ("作为牵头医院" if row.lead else "", item.detail.replace("牵头", "").strip("；"))
            if x
        )
    items = lead_first(items)
    if not items:
        return no_answer(u, f"图谱中没有「{supporter.name}」帮扶其他医院的记录。", [supporter])
    names = list(dict.fromkeys(i.name for i in items))
    led = [i.name for i in items if i.lead]
    text = f"「{supporter.name}」帮扶了{len(names)}家医院"
    text += f"（其中{len(set(led))}家为牵头）" if led else ""
    text += "。" if slots.get("count") else "：" + "、".join(names) + "。"
    return ok_answer(u, text, [supporter], items)


def needs(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    target = ctx.entity(slots.get("target"), u.original, intent, "受援医院")
    ids = [h.id for h in recipients_in(ctx, target)] if target.type in PLACE_TYPES else [target.node_id]
    rows = ctx.store.supporters_of(ids)
    if slots.get("supporter") is not None:
        supporter = ctx.entity(slots["supporter"], u.original, intent, "支援医院")
        rows = [r for r in rows if r.supporter_id == supporter.node_id]
    aspect = slots.get("aspect") or "needs"
    rows = [r for r in rows if (r.needs if aspect == "needs" else r.period)]
    if not rows:
        what = "需帮扶项目" if aspect == "needs" else "帮扶时间"
        return no_answer(u, f"文件中没有列出「{target.name}」的{what}。", [target])
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in rows])
    if aspect == "needs":
        listed = sorted(
            {n for r in rows for n in r.needs or []},
            key=lambda n: [x for r in rows for x in r.needs or []].index(n),
        )
        text = f"「{target.name}」的需帮扶项目：" + "、".join(listed) + "。"
    else:
        periods = list(dict.fromkeys(r.period or "" for r in rows))
        text = f"「{target.name}」的帮扶时间：" + "、".join(periods) + "。"
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
        place_label = f"「{program.canonicals[0]}」中" if named else "图谱中"
        place_ids: list[str] = []
        entities: list[Candidate] = []
    else:
        place = ctx.entity(slots["place"], u.original, intent, "地区")
        hospitals = recipients_in(ctx, place)
        ids = [h.id for h in hospitals]
        rows = ctx.store.supporters_of(ids) if role != "supporter" else ctx.store.recipients_of(ids)
        place_label = f"「{place.name}」"
        place_ids, entities = [place.node_id], [place]
    side = "supporter" if role == "supporter" else "recipient"
    rows = _program_filter(rows, u, ctx, side)
    by_hospital: dict[str, AnswerItem] = {}
    for row in rows:
        item = item_from_support(ctx, row, side=side)
        known = by_hospital.get(item.node_id)
        if known is None:
            item.group = "支援医院" if side == "supporter" else "受援医院"
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
                    group="受援医院",
                    evidence=evidence,
                    detail="表中未列支援医院",
                    extra={"partners": 0},
                )
    items = sorted(by_hospital.values(), key=lambda i: i.name)
    for item in items:
        partners = item.extra["partners"]
        if partners:
            item.detail = f"帮扶{partners}家医院" if side == "supporter" else f"受{partners}家医院帮扶"
    label = "支援医院" if side == "supporter" else "受援医院"
    if not items:
        return Answer(
            u.original,
            intent,
            Status.NO_ANSWER,
            f"{place_label}没有{label}的记录。",
            entities=entities,
            focus=place_ids,
        )
    text = f"{place_label}共有{len(items)}家{label}"
    text += "。" if slots.get("count") else "：" + "、".join(i.name for i in items) + "。"
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
        text = f"图谱中共有{len(names)}名下派人员，{len(people)}条派驻记录。"
        items = [
            AnswerItem(
                r.person,
                "Person",
                r.person_id,
                detail=f"派往{r.to_hospital}",
                evidence=[ctx.evidence(r.doc, r.where, r.quote)],
            )
            for r in names.values()
        ]
    else:
        text = (
            f"图谱中共有{len(rows)}条帮扶关系，涉及{len(recipients)}家受援医院、{len(supporters)}家支援医院。"
        )
        items = [
            AnswerItem(
                "帮扶关系总数",
                "Fact",
                detail=str(len(rows)),
                evidence=[ctx.evidence(r.doc, r.where, r.quote) for r in rows[:5]],
                extra={"pairings": len(rows), "recipients": len(recipients), "supporters": len(supporters)},
            )
        ]
    return Answer(u.original, intent, Status.OK, text, items=items)
