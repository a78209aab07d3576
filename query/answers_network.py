"""Answers for researchers: relations between two entities, hubs, cross-province flows."""

from __future__ import annotations

from collections import Counter

from core.model import NODE_TYPE_LABELS
from graph.contract import NodeEntry
from query.context import PLACE_TYPES, Context, item_from_support, no_answer, ok_answer
from query.intents import Understanding
from query.model import Answer, AnswerItem, Candidate, Status

EDGE_PHRASES = {
    "SUPPORTS": "帮扶",
    "LOCATED_IN": "位于",
    "DISPATCHED_TO": "派驻到",
    "MEMBER_OF": "来自",
    "CITES": "引用",
    "CONTAINS": "收录",
    "ESTABLISHES": "设立",
    "REQUIRES": "规定",
    "RECOMMENDS": "提出",
    "SEE_ALSO": "括注",
}


def relation(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    mentions = u.intent.slots.get("entities") or []
    if len(mentions) < 2:
        return Answer(u.original, intent, Status.HELP, "请在问题中写明两个要比较的医院、地区、人员或文件。")
    a = ctx.entity(mentions[0], u.original, intent)
    b = ctx.entity(mentions[1], u.original, intent)
    if a.node_id == b.node_id:
        text = f"两个名称指的是同一个实体「{a.name}」。"
        return Answer(u.original, intent, Status.HELP, text, entities=[a])
    direct = [
        r
        for r in ctx.store.supporters_of([a.node_id, b.node_id])
        if {r.supporter_id, r.recipient_id} == {a.node_id, b.node_id}
    ]
    if direct:
        items = [item_from_support(ctx, r, side="supporter") for r in direct]
        parts = [
            f"{r.supporter}{'牵头' if r.lead else ''}帮扶{r.recipient}（{r.program}）"
            for r in direct
        ]
        text = "二者是帮扶关系：" + "；".join(dict.fromkeys(parts)) + "。"
        return Answer(
            u.original, intent, Status.OK, text, entities=[a, b], items=items, focus=[a.node_id, b.node_id]
        )
    if u.intent.slots.get("check") == "supports":
        text = f"图谱中没有「{a.name}」与「{b.name}」之间的直接帮扶关系。"
        return Answer(
            u.original, intent, Status.NO_ANSWER, text, entities=[a, b], focus=[a.node_id, b.node_id]
        )
    paths = ctx.store.shortest_paths(a.node_id, b.node_id)
    if not paths:
        return no_answer(u, f"图谱中「{a.name}」与「{b.name}」之间没有联系。", [a, b])
    path = paths[0]
    names = ctx.nodes(path.ids)
    hops, items = [], []
    for (u_id, v_id), edge_type, start in zip(
        zip(path.ids, path.ids[1:], strict=False), path.types, path.starts, strict=True
    ):
        src, dst = (u_id, v_id) if start == u_id else (v_id, u_id)
        hops.append(f"{names[src].name} {EDGE_PHRASES.get(edge_type, edge_type)} {names[dst].name}")
        items.append(_hop_item(ctx, src, dst, edge_type, names))
    text = f"「{a.name}」与「{b.name}」相隔{len(hops)}步：" + "；".join(hops) + "。"
    if len(paths) > 1:
        text += f"（共有{len(paths)}条同样短的路径，此处列出一条）"
    return Answer(u.original, intent, Status.OK, text, entities=[a, b], items=items, focus=path.ids)


def _hop_item(ctx: Context, src: str, dst: str, edge_type: str, names: dict[str, NodeEntry]) -> AnswerItem:
    label = f"{names[src].name} → {names[dst].name}"
    rows = [r for r in ctx.store.edges_between(src, dst) if r.type == edge_type and r.source_id == src]
    evidence = [ctx.evidence(r.doc, r.where, r.quote) for r in rows]
    return AnswerItem(
        label,
        "Fact",
        group="关系路径",
        detail=EDGE_PHRASES.get(edge_type, edge_type),
        evidence=evidence,
        extra={"type": edge_type, "source": src, "target": dst},
    )


def network_hubs(ctx: Context, u: Understanding) -> Answer:
    intent = str(u.intent.name)
    slots = u.intent.slots
    top = int(slots.get("top") or 10)
    place: Candidate | None = None
    if slots.get("place") is not None:
        place = ctx.entity(slots["place"], u.original, intent, "地区")
    hubs = ctx.store.hubs(top if place is None else 10_000)  # the store contract: supporters ranked
    if place is not None:
        inside = ctx.located_in([h.id for h in hubs], place.name)
        hubs = [h for h in hubs if h.id in inside][:top]
    if not hubs:
        return Answer(u.original, intent, Status.NO_ANSWER, "图谱中没有帮扶关系。")
    support = ctx.store.recipients_of([h.id for h in hubs])
    items = []
    for rank, hub in enumerate(hubs, start=1):
        mine = [s for s in support if s.supporter_id == hub.id]
        items.append(
            AnswerItem(
                hub.name,
                "Hospital",
                hub.id,
                group="帮扶医院数排名",
                detail=f"第{rank}名：帮扶{hub.degree}家医院",
                evidence=[ctx.evidence(s.doc, s.where, s.quote) for s in mine[:3]],
                extra={"rank": rank, "recipients": hub.degree},
            )
        )
    where = f"「{place.name}」" if place else ""
    text = (
        f"{where}帮扶医院最多的是："
        + "、".join(f"{i.name}（{i.extra['recipients']}家）" for i in items[:5])
        + "。"
    )
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
            "图谱中没有符合条件的跨省帮扶关系。"
            if src is None
            else f"图谱中没有「{source.name}」的医院帮扶{dst or '其他地区'}的记录。"
        )
        return Answer(u.original, intent, Status.NO_ANSWER, text, entities=entities)
    flows = Counter((r.supporter_province, r.recipient_province) for r in chosen)
    items = [item_from_support(ctx, r, side="recipient") for r in chosen]
    for item, row in zip(items, chosen, strict=True):
        item.group = f"{row.supporter_province} → {row.recipient_province}"
        item.detail = f"由{row.supporter}帮扶"
    flow_text = "；".join(f"{a}→{b} {n}条" for (a, b), n in flows.most_common())
    recipients = list(dict.fromkeys(r.recipient for r in chosen))
    head = f"「{source.name}」的医院" if source else "跨省帮扶"
    text = f"{head}共{len(chosen)}条帮扶关系，涉及{len(recipients)}家受援医院（{flow_text}）。"
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
            item.group = "支援本院" if row.recipient_id == entity.node_id else "本院帮扶"
        where = f"（{entity.detail}）" if entity.detail and entity.detail != "医院" else ""
        text = (
            f"「{entity.name}」{where}：受{len({r.supporter_id for r in incoming})}家医院帮扶，"
            f"帮扶{len({r.recipient_id for r in outgoing})}家医院。"
        )
        return ok_answer(u, text, [entity], items)
    label = NODE_TYPE_LABELS.get(entity.type, entity.type)
    text = (
        f"「{entity.name}」是图谱中的{label}"
        + (f"（{entity.detail}）" if entity.detail and entity.detail != label else "")
        + "。"
    )
    return ok_answer(
        u,
        text,
        [entity],
        [AnswerItem(entity.name, entity.type, entity.node_id, detail=entity.detail)],
        focus=[entity.node_id],
    )
