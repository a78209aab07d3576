"""Answers for researchers: relations between two entities, hubs, cross-province flows."""

from __future__ import annotations

from collections import Counter

from core.messages import message
from core.model import EDGE_VERBS, NODE_TYPE_LABELS
from graph.contract import NodeEntry
from query.context import PLACE_TYPES, Context, item_from_support, no_answer, ok_answer
from query.intents import Understanding
from query.model import Answer, AnswerItem, Candidate, Status


def relation(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    mentions = u.intent.slots.get("entities") or []
    if len(mentions) < 2:
        return Answer(u.original, intent, Status.HELP, message("A300"))
    a = ctx.entity(mentions[0], u.original, intent)
    b = ctx.entity(mentions[1], u.original, intent)
    if a.node_id == b.node_id:
        text = message("A301", name=a.name)
        return Answer(u.original, intent, Status.HELP, text, entities=[a])
    direct = [
        r
        for r in ctx.store.supporters_of([a.node_id, b.node_id])
        if {r.supporter_id, r.recipient_id} == {a.node_id, b.node_id}
    ]
    if direct:
        items = [item_from_support(ctx, r, side="supporter") for r in direct]
        lead = message("A205")
        parts = [
            message("A302", supporter=r.supporter, lead=lead if r.lead else "", recipient=r.recipient,
                    program=r.program)
            for r in direct
        ]
        text = message("A303", parts="；".join(dict.fromkeys(parts)))
        return Answer(
            u.original, intent, Status.OK, text, entities=[a, b], items=items, focus=[a.node_id, b.node_id]
        )
    if u.intent.slots.get("check") == "supports":
        text = message("A304", a=a.name, b=b.name)
        return Answer(
            u.original, intent, Status.NO_ANSWER, text, entities=[a, b], focus=[a.node_id, b.node_id]
        )
    paths = ctx.store.shortest_paths(a.node_id, b.node_id)
    if not paths:
        return no_answer(u, message("A305", a=a.name, b=b.name), [a, b])
    path = paths[0]
    names = ctx.nodes(path.ids)
    hops, items = [], []
    for (u_id, v_id), edge_type, start in zip(
        zip(path.ids, path.ids[1:], strict=False), path.types, path.starts, strict=True
    ):
        src, dst = (u_id, v_id) if start == u_id else (v_id, u_id)
        verb = EDGE_VERBS.get(edge_type, edge_type)
        hops.append(message("A306", source=names[src].name, verb=verb, target=names[dst].name))
        items.append(_hop_item(ctx, src, dst, edge_type, names))
    text = message("A307", a=a.name, b=b.name, n=len(hops), hops="；".join(hops))
    if len(paths) > 1:
        text += message("A308", n=len(paths))
    return Answer(u.original, intent, Status.OK, text, entities=[a, b], items=items, focus=path.ids)


def _hop_item(ctx: Context, src: str, dst: str, edge_type: str, names: dict[str, NodeEntry]) -> AnswerItem:
    label = message("A309", source=names[src].name, target=names[dst].name)
    rows = [r for r in ctx.store.edges_between(src, dst) if r.type == edge_type and r.source_id == src]
    evidence = [ctx.evidence(r.doc, r.where, r.quote) for r in rows]
    return AnswerItem(
        label,
        "Fact",
        group=message("A310"),
        detail=EDGE_VERBS.get(edge_type, edge_type),
        evidence=evidence,
        extra={"type": edge_type, "source": src, "target": dst},
    )


def network_hubs(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    top = int(slots.get("top") or 10)
    place: Candidate | None = None
    if slots.get("place") is not None:
        place = ctx.entity(slots["place"], u.original, intent, message("A294"))
    hubs = ctx.store.hubs(top if place is None else 10_000)  # the store contract: supporters ranked
    if place is not None:
        inside = ctx.located_in([h.id for h in hubs], place.name)
        hubs = [h for h in hubs if h.id in inside][:top]
    if not hubs:
        return Answer(u.original, intent, Status.NO_ANSWER, message("A311"))
    support = ctx.store.recipients_of([h.id for h in hubs])
    items = []
    for rank, hub in enumerate(hubs, start=1):
        mine = [s for s in support if s.supporter_id == hub.id]
        items.append(
            AnswerItem(
                hub.name,
                "Hospital",
                hub.id,
                group=message("A312"),
                detail=message("A313", rank=rank, n=hub.degree),
                evidence=[ctx.evidence(s.doc, s.where, s.quote) for s in mine[:3]],
                extra={"rank": rank, "recipients": hub.degree},
            )
        )
    where = message("A247", name=place.name) if place else ""
    names = "、".join(message("A315", name=i.name, n=i.extra["recipients"]) for i in items[:5])
    text = message("A314", where=where, names=names)
    return Answer(u.original, intent, Status.OK, text, items=items, focus=[i.node_id for i in items])


def cross_province(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    source = ctx.entity(slots["from_place"], u.original, intent) if slots.get("from_place") else None
    target = ctx.entity(slots["to_place"], u.original, intent) if slots.get("to_place") else None
    return cross_province_answer(ctx, u, source, target)


def _province_of(place: Candidate | None) -> str | None:
    if place is None:
        return None
    return place.name if place.type == "Province" else (place.detail.split("、")[0] if place.detail else None)


def cross_province_answer(
    ctx: Context, u: Understanding, source: Candidate | None, target: Candidate | None
) -> Answer:
    """Pairings whose supporter sits in another province than its recipient (or in ``source``)."""
    intent = str(u.intent.name)
    rows = ctx.all_supports
    src, dst = _province_of(source), _province_of(target)
    chosen = [
        r
        for r in rows
        if r.supporter_province
        and r.recipient_province
        and (r.supporter_province != r.recipient_province if src is None else r.supporter_province == src)
        and (dst is None or r.recipient_province == dst)
    ]
    if source is not None and source.type in PLACE_TYPES and source.type != "Province":
        inside = ctx.located_in([r.supporter_id for r in chosen], source.name)
        chosen = [r for r in chosen if r.supporter_id in inside]
    entities = [c for c in (source, target) if c is not None]
    if not chosen:
        text = (
            message("A316")
            if src is None or source is None
            else message("A317", name=source.name, target=dst or message("A318"))
        )
        return Answer(u.original, intent, Status.NO_ANSWER, text, entities=entities)
    flows = Counter((r.supporter_province, r.recipient_province) for r in chosen)
    items = [item_from_support(ctx, r, side="recipient") for r in chosen]
    for item, row in zip(items, chosen, strict=True):
        item.group = message("A309", source=row.supporter_province, target=row.recipient_province)
        item.detail = message("A319", name=row.supporter)
    flow_text = "；".join(message("A320", source=a, target=b, n=n) for (a, b), n in flows.most_common())
    recipients = list(dict.fromkeys(r.recipient for r in chosen))
    head = message("A321", name=source.name) if source else message("A322")
    text = message("A323", head=head, n=len(chosen), m=len(recipients), flows=flow_text)
    return ok_answer(
        u,
        text,
        entities,
        items,
        focus=list(dict.fromkeys([r.supporter_id for r in chosen] + [r.recipient_id for r in chosen]))[
            :80
        ],
    )


def entity_info(ctx: Context, u: Understanding) -> Answer:
    """A bare name: what the graph knows about it, in one sentence per relation."""
    intent = str(u.intent.name)
    entity = ctx.entity(u.intent.slots.get("entity"), u.original, intent)
    if entity.type == "Hospital":
        incoming = ctx.store.supporters_of(entity.node_id)
        outgoing = ctx.store.recipients_of(entity.node_id)
        items = [item_from_support(ctx, r, side="supporter") for r in incoming]
        items += [item_from_support(ctx, r, side="recipient") for r in outgoing]
        for item, row in zip(items, incoming + outgoing, strict=True):
            item.group = message("A325") if row.recipient_id == entity.node_id else message("A326")
        shown = entity.detail and entity.detail != NODE_TYPE_LABELS.get("Hospital")
        where = message("A324", detail=entity.detail) if shown else ""
        text = message(
            "A327",
            name=entity.name,
            where=where,
            n=len({r.supporter_id for r in incoming}),
            m=len({r.recipient_id for r in outgoing}),
        )
        return ok_answer(u, text, [entity], items)
    label = NODE_TYPE_LABELS.get(entity.type, entity.type)
    detail = message("A324", detail=entity.detail) if entity.detail and entity.detail != label else ""
    text = message("A328", name=entity.name, label=label, detail=detail)
    return ok_answer(
        u,
        text,
        [entity],
        [AnswerItem(entity.name, entity.type, entity.node_id, detail=entity.detail)],
        focus=[entity.node_id],
    )
