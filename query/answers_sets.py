"""Plans that select hospitals by a property of their pairings, not by a name: how many
partners they have (十家以上), a place on the other side (在A县和B县都有帮扶对象).

Each plan reads every pairing once (``ctx.all_supports``), keeps the rows the frame's
constraints allow (:mod:`query.plan_filters`) and the place the question names, then groups.
An empty result is said as such (no answer, no item), never widened to the unconstrained list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from core.messages import message
from graph.contract import Support
from query import plan_filters
from query.answers_frame import names_text, place_items
from query.context import PLACE_TYPES, Context, item_from_support, lead_first, no_answer, ok_answer
from query.entities import Mention
from query.frame import Threshold
from query.intents import Understanding
from query.model import Answer, AnswerItem

Row = Support
_OTHER = {"supporter": "recipient", "recipient": "supporter"}


def places_named(u: Understanding) -> list[Mention]:
    """The places the question names, in order (resolved ones; an unknown one is 未找到 first)."""
    return [m for m in u.mentions if m.resolved and m.node_type in PLACE_TYPES]


def rows_in_place(ctx: Context, rows: list[Row], place: Mention) -> list[Row]:
    """Pairings whose recipient lies in the place (county, prefecture or province): by the
    graph's LOCATED_IN chain, so 宁蒗县 (a hospital's county) is inside 宁蒗彝族自治县."""
    inside = {h.id for pid in place.node_ids for h in ctx.store.hospitals_in_place(pid)}
    return [r for r in rows if r.recipient_id in inside]


def merged_items(ctx: Context, rows: list[Row], side: str) -> list[AnswerItem]:
    """One item per hospital of ``side``, with the evidence of every row that names it."""
    by_id: dict[str, AnswerItem] = {}
    for r in rows:
        item = item_from_support(ctx, r, side=side)
        known = by_id.setdefault(item.node_id, item)
        if known is not item:
            known.lead = known.lead or item.lead
            known.evidence.extend(e for e in item.evidence if e not in known.evidence)
    return sorted(by_id.values(), key=lambda i: i.name)


def _condition(threshold: Threshold, partners: str) -> str:
    """十家以上 in words of the side counted: 所帮扶的医院在10家及以上."""
    n = threshold.n
    if threshold.op == "gt":
        return message("A601", partners=partners, n=n)
    if threshold.op == "eq":
        return message("A602", partners=partners, n=n)
    if threshold.op == "le":
        return message("A603", partners=partners, n=n)
    if threshold.op == "lt":
        return message("A604", partners=partners, n=n)
    return message("A600", partners=partners, n=n)


def by_threshold(ctx: Context, u: Understanding) -> Answer:
    """十家以上的支援医院 / 有5家以上医院帮扶的受援医院: hospitals by their distinct partners."""
    frame = u.frame
    threshold: Threshold = frame.constraints.threshold  # type: ignore[assignment]
    side, other = threshold.side, _OTHER[threshold.side]
    rows = plan_filters.apply(ctx, frame, ctx.all_supports, asked=side)
    places = places_named(u)
    where = ""
    if places:
        rows = rows_in_place(ctx, rows, places[0])
        where = f"「{places[0].canonicals[0]}」"
    partners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        partners[getattr(r, f"{side}_id")].add(getattr(r, f"{other}_id"))
    kept = {hid for hid, found in partners.items() if threshold.holds(len(found))}
    label = message("A605") if side == "supporter" else message("A606")
    condition = _condition(threshold, message("A607") if side == "supporter" else message("A608"))
    if not kept:
        return no_answer(u, message("A609", where=where, condition=condition, label=label))
    items = merged_items(ctx, [r for r in rows if getattr(r, f"{side}_id") in kept], side)
    for item in items:
        item.detail = "；".join(x for x in (message("A610", n=len(partners[item.node_id])), item.detail) if x)
    names = [i.name for i in items]
    text = message(
        "A611", where=where, condition=condition, label=label, n=len(names), names=names_text(names)
    )
    return ok_answer(u, text, [], items)


def kind_supporters(ctx: Context, u: Understanding) -> Answer:
    """某州的中医院是谁在帮扶: the supporters of the recipients of one kind in a place."""
    frame = u.frame
    kind = frame.constraints.hospital_kind or ""
    rows = plan_filters.apply(ctx, frame, ctx.all_supports, asked="recipient")
    places = places_named(u)
    where = ""
    if places:
        rows = rows_in_place(ctx, rows, places[0])
        where = f"「{places[0].canonicals[0]}」"
    if not rows:
        return no_answer(u, message("A613", where=where, kind=kind))
    items = merged_items(ctx, rows, "supporter")
    for item in items:
        helped = dict.fromkeys(r.recipient for r in rows if r.supporter_id == item.node_id)
        item.detail = "；".join(x for x in (message("A614", names="、".join(helped)), item.detail) if x)
    names = [i.name for i in items]
    recipients = list(dict.fromkeys(r.recipient for r in rows))
    text = message("A615", where=where, kind=kind, m=len(recipients), n=len(names), names=names_text(names))
    return ok_answer(u, text, [], items)


def lacking(ctx: Context, u: Understanding) -> Answer:
    """没有帮扶医院的受援医院 / 没有牵头医院的 / 没有上海医院帮扶的: recipients lacking a partner.

    No supporter at all: the recipients the documents print with none (the builder marks them
    ``orphan``) and no pairing in the graph. No lead, or none from a place: the recipients of
    the pairings in scope none of whose pairings is a lead, or has a supporter there.
    """
    frame = u.frame
    c = frame.constraints
    scope_places = [m for m in places_named(u) if m is not c.absent_place]
    scope = scope_places[0] if scope_places else None
    where = f"「{scope.canonicals[0]}」" if scope is not None else ""
    if c.absent == "supporter":
        return _orphans(ctx, u, scope, where)
    rows = plan_filters.apply(
        ctx, replace(frame, constraints=replace(c, supporter_place=None)), ctx.all_supports, asked="recipient"
    )
    if scope is not None:
        rows = rows_in_place(ctx, rows, scope)
    by_recipient: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_recipient[r.recipient_id].append(r)
    if c.absent == "lead":
        lacking_ids = {rid for rid, rs in by_recipient.items() if not any(r.lead for r in rs)}
        what = message("A616")
    else:
        place = c.absent_place
        inside: set[str] = set()
        for name in place.canonicals if place is not None else []:
            inside |= ctx.located_in([r.supporter_id for r in rows], name)
        lacking_ids = {
            rid for rid, rs in by_recipient.items() if not any(r.supporter_id in inside for r in rs)
        }
        what = message("A617", place=place.canonicals[0] if place is not None else "")
    threshold = c.threshold
    if threshold is not None and threshold.side == "recipient":
        lacking_ids = {
            rid for rid in lacking_ids if threshold.holds(len({r.supporter_id for r in by_recipient[rid]}))
        }
    if not lacking_ids:
        return no_answer(u, message("A618", where=where, what=what))
    items = merged_items(ctx, [r for r in rows if r.recipient_id in lacking_ids], "recipient")
    for item in items:
        item.lead = False  # none of them has a lead here, or the lead is not the point
        item.detail = message(
            "A614", names="、".join(dict.fromkeys(r.supporter for r in by_recipient[item.node_id]))
        )
    names = [i.name for i in items]
    return ok_answer(
        u, message("A619", where=where, what=what, n=len(names), names=names_text(names)), [], items
    )


def _orphans(ctx: Context, u: Understanding, scope: Mention | None, where: str) -> Answer:
    """Recipients printed with no supporter, in the place named (its county, prefecture or
    province, or the region of the document that prints it)."""
    paired = {r.recipient_id for r in ctx.all_supports}
    found = []
    for row in ctx.orphans:
        if row.id in paired:
            continue
        document = ctx.documents.get(row.orphan_doc or "")
        region = document.region if document is not None else None
        places = {row.province, row.prefecture, row.county, region}
        if scope is None or places & set(scope.canonicals):
            found.append(row)
    what = message("A620")
    if not found:
        return no_answer(u, message("A618", where=where, what=what))
    items = [
        AnswerItem(
            row.name,
            "Hospital",
            row.id,
            group=message("A606"),
            detail=message("A621"),
            evidence=[ctx.evidence(row.orphan_doc, row.orphan_where, row.orphan_quote)],
        )
        for row in sorted(found, key=lambda r: r.name)
    ]
    names = [i.name for i in items]
    return ok_answer(
        u, message("A619", where=where, what=what, n=len(names), names=names_text(names)), [], items
    )


def shared_by_places(ctx: Context, u: Understanding) -> Answer:
    """同时帮扶A州和B州的医院: the supporters with a recipient in every place named."""
    unknown = next((m for m in u.frame.unresolved if set(m.types) <= set(PLACE_TYPES)), None)
    if unknown is not None:  # never the other place's list for both
        return ctx.not_found(unknown, u.original, str(u.intent.name))
    places = list(u.frame.places)
    frame = replace(u.frame, constraints=replace(u.frame.constraints, supporter_place=None))
    rows = plan_filters.apply(ctx, frame, ctx.all_supports, asked="supporter")  # both places are objects
    per_place = [rows_in_place(ctx, rows, place) for place in places]
    shared = set.intersection(*({r.supporter_id for r in rs} for rs in per_place))
    labels = "和".join(f"「{p.canonicals[0]}」" for p in places)
    if not shared:
        return no_answer(u, message("A622", labels=labels))
    kept = [r for rs in per_place for r in rs if r.supporter_id in shared]
    items = merged_items(ctx, kept, "supporter")
    for item in items:
        item.detail = message(
            "A614",
            names="、".join(dict.fromkeys(r.recipient for r in kept if r.supporter_id == item.node_id)),
        )
    names = [i.name for i in items]
    return ok_answer(u, message("A623", labels=labels, n=len(names), names=names_text(names)), [], items)


def prefectures_of(ctx: Context, u: Understanding) -> Answer:
    """X帮扶了哪些州市: the prefectures its recipients lie in (the graph's places of them)."""
    frame = u.frame
    supporter = ctx.entity(frame.subjects[0], u.original, str(u.intent.name), message("A605"))
    rows = plan_filters.apply(ctx, frame, ctx.store.recipients_of(supporter.node_id), asked="recipient")
    nodes = ctx.nodes([r.recipient_id for r in rows])
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        node = nodes.get(r.recipient_id)
        prefecture = node.prefecture if node is not None else None
        if prefecture:
            groups[prefecture].append(r)
    if not groups:
        return no_answer(u, message("A626", name=supporter.name), [supporter])
    items = place_items(ctx, dict(sorted(groups.items())), "Prefecture", message("A627"))
    names = [i.name for i in items]
    text = message("A628", name=supporter.name, n=len(names), names="、".join(names))
    return ok_answer(u, text, [supporter], items, focus=[supporter.node_id])


def together(ctx: Context, u: Understanding) -> Answer:
    """A和B（一共）帮扶了哪些/几家医院: the hospitals of either, each counted once."""
    frame = u.frame
    intent = str(u.intent.name)
    asks_supporters = u.intent.name == "who_supports"
    what = message("A606") if asks_supporters else message("A605")
    subjects = [ctx.entity(m, u.original, intent, what) for m in frame.subjects]
    ids = [s.node_id for s in subjects]
    side = "supporter" if asks_supporters else "recipient"
    found = ctx.store.supporters_of(ids) if asks_supporters else ctx.store.recipients_of(ids)
    rows = plan_filters.apply(ctx, frame, found, asked=side)
    labels = "和".join(f"「{s.name}」" for s in subjects)
    if not rows:
        return no_answer(u, message("A629", labels=labels), subjects)
    items = merged_items(ctx, rows, side)
    for item in items:
        partner = "recipient" if side == "supporter" else "supporter"
        of = dict.fromkeys(getattr(r, partner) for r in rows if getattr(r, f"{side}_id") == item.node_id)
        item.detail = "；".join(x for x in ("、".join(of), item.detail) if x)
    names = [i.name for i in items]
    if asks_supporters:
        text = message("A630", labels=labels, n=len(names), names=names_text(names))
    else:
        text = message("A631", labels=labels, n=len(names), names=names_text(names))
    return ok_answer(u, text, subjects, items)


def lead_and_others(ctx: Context, u: Understanding) -> Answer:
    """牵头医院是谁，还有哪些参与 / 有几家帮扶医院？哪家牵头: every supporter, the leads first and
    flagged, the number said."""
    target = ctx.entity(u.intent.slots.get("target"), u.original, str(u.intent.name), message("A606"))
    rows = plan_filters.apply(ctx, u.frame, ctx.store.supporters_of(target.node_id), asked="supporter")
    if not rows:
        return no_answer(u, message("A629", labels=f"「{target.name}」"), [target])
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in rows])
    leads = list(dict.fromkeys(i.name for i in items if i.lead))
    others = [n for n in dict.fromkeys(i.name for i in items) if n not in leads]
    every = len(dict.fromkeys(i.name for i in items))
    if leads:
        rest = "、".join(others) or message("A634")
        text = message("A632", name=target.name, n=every, leads="、".join(leads), others=rest)
    else:
        text = message("A633", name=target.name, n=every, others="、".join(others))
    return ok_answer(u, text, [target], items)
