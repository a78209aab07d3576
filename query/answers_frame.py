"""Plans that need the frame's shape: yes/no, several subjects at once, rankings, places.

Each function is one small plan (:mod:`query.planner` says when it runs); all read support
rows from the store, filter them with the frame's constraints (:mod:`query.plan_filters`) and
word the sentence from the frame: a yes/no answers 是/不是 first, a count says the number, a
ranking names the first.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from core.messages import message
from graph.contract import Support
from query import plan_filters
from query.context import PLACE_TYPES, Context, item_from_support, lead_first, no_answer, ok_answer
from query.entities import Mention
from query.frame import Frame
from query.intents import Understanding
from query.model import Answer, AnswerItem, Candidate

LIST_LIMIT = 30  # names written into a sentence; the items hold them all


def names_text(names: list[str], unit: str = "") -> str:
    """Names for a sentence, complete up to :data:`LIST_LIMIT` ("等 N 家" beyond it; ``unit``
    counts them, 家 when not given)."""
    if len(names) <= LIST_LIMIT:
        return "、".join(names)
    return message("A003", names="、".join(names[:LIST_LIMIT]), n=len(names), unit=unit or message("A505"))


def _frame(u: Understanding) -> Frame:
    return u.frame


def not_found(ctx: Context, u: Understanding) -> Answer:
    """A name that looks like a name and matches nothing: 未找到, closest names, no items."""
    frame = _frame(u)
    mention = ctx.unresolved_name(u) or next(
        (m for m in frame.unresolved if m.node_type in ("Hospital", "Document", "Person")), None
    )
    if mention is None and frame.unknown_subject:  # 某某有哪些医院: 某某 is nothing the graph knows
        word = frame.unknown_subject
        mention = Mention(word, 0, len(word), [], False, 0.0, ("County", "Prefecture", "Hospital"))
    mention = mention or frame.unresolved[0]
    return ctx.not_found(mention, u.original, str(u.intent.name))


def yes_no(ctx: Context, u: Understanding) -> Answer:
    """A是B的牵头医院吗 / A帮扶B吗: 是 or 不是 first, the evidence, and when not, the real ones."""
    intent = str(u.intent.name)
    frame = _frame(u)
    a = ctx.entity(frame.subjects[0], u.original, intent, message("A293"))
    b = ctx.entity(frame.subjects[1], u.original, intent, message("A292"))
    lead = bool(u.intent.name == "lead_of" or frame.constraints.lead_only or _asks_lead(u))
    rows = ctx.store.supporters_of(b.node_id)
    if not rows and ctx.store.supporters_of(a.node_id):
        a, b = b, a  # B是A帮扶的吗: the supported one came first
        rows = ctx.store.supporters_of(b.node_id)
    real = [r for r in rows if r.lead] if lead else rows
    role = message("A024") if lead else message("A025")
    matching = [r for r in real if r.supporter_id == a.node_id]
    if matching:
        items = lead_first([item_from_support(ctx, r, side="supporter") for r in matching])
        docs = "、".join(dict.fromkeys(ctx.doc_label(r.doc or "") for r in matching))
        text = message("A020", a=a.name, b=b.name, role=role, docs=docs)
        return ok_answer(u, text, [a, b], items, focus=[a.node_id, b.node_id])
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in real])
    others = list(dict.fromkeys(r.supporter for r in real))
    text = message("A021", a=a.name, b=b.name, role=role)
    if others:
        text += message("A022", b=b.name, role=role, names="、".join(others))
    else:
        text += message("A023", b=b.name, role=role)
    return ok_answer(u, text, [a, b], items, focus=[a.node_id, b.node_id, *(r.supporter_id for r in real)])


def _asks_lead(u: Understanding) -> bool:
    from query.intent_keywords import Question, keywords

    return Question(u.normalized, u.mentions, keywords()).has("lead")


def common_supporters(ctx: Context, u: Understanding) -> Answer:
    """同时帮扶A和B的医院: the supporters every named recipient shares."""
    intent = str(u.intent.name)
    frame = _frame(u)
    targets = [ctx.entity(m, u.original, intent, message("A292")) for m in frame.subjects]
    rows = plan_filters.apply(
        ctx, frame, ctx.store.supporters_of([t.node_id for t in targets]), asked="supporter"
    )
    by_target: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_target[r.recipient_id].add(r.supporter_id)
    shared = set.intersection(*(by_target[t.node_id] for t in targets)) if targets else set()
    labels = message("A500").join(message("A247", name=t.name) for t in targets)
    if not shared:
        return no_answer(u, message("A030", labels=labels), targets)
    kept = [r for r in rows if r.supporter_id in shared]
    items = lead_first([item_from_support(ctx, r, side="supporter") for r in kept])
    names = list(dict.fromkeys(i.name for i in items))
    text = message("A031", labels=labels, n=len(names), names=names_text(names))
    return ok_answer(u, text, targets, items)


def _place_filter(
    ctx: Context, u: Understanding, rows: list[Support], side: str
) -> tuple[list[Support], str]:
    """Rows whose ``side`` hospital lies in the place the question names (for rankings)."""
    place = u.intent.slots.get("place")
    if place is None or not place.resolved:
        return rows, ""
    target = ctx.entity(place, u.original, str(u.intent.name), message("A294"))
    inside = ctx.located_in([getattr(r, f"{side}_id") for r in rows], target.name)
    return [r for r in rows if getattr(r, f"{side}_id") in inside], message("A247", name=target.name)


@dataclass(frozen=True)
class _Ranked:
    key: str
    name: str
    count: int
    rows: tuple[Support, ...]  # the first rows of the group: the evidence shown


def _rank_groups(rows: list[Support], key: str, name: str, k: int) -> list[_Ranked]:
    """The first ``k`` groups of ``rows`` by ``key``, by distinct supporters, then by name.

    One pass to group, one count per group and a partial sort (heapq): a whole-graph ranking
    is linear in the pairings, whatever ``k``.
    """
    supporters: dict[str, set[str]] = defaultdict(set)
    first: dict[str, list[Support]] = defaultdict(list)
    for r in rows:
        group = getattr(r, key)
        if not group:
            continue
        supporters[group].add(r.supporter_id)
        if len(first[group]) < 3:
            first[group].append(r)
    best = heapq.nsmallest(k, supporters, key=lambda g: (-len(supporters[g]), getattr(first[g][0], name)))
    return [_Ranked(g, getattr(first[g][0], name), len(supporters[g]), tuple(first[g])) for g in best]


def rank_recipients(ctx: Context, u: Understanding) -> Answer:
    """受帮扶最多的医院: recipients ranked by their number of supporters."""
    return _ranking(ctx, u, key="recipient_id", name="recipient", what=message("A043"), item_type="Hospital")


def rank_counties(ctx: Context, u: Understanding) -> Answer:
    """哪个县的帮扶医院最多: counties (as the tables name them) by distinct supporters."""
    return _ranking(ctx, u, key="county", name="county", what=message("A044"), item_type="County")


def _ranking(ctx: Context, u: Understanding, *, key: str, name: str, what: str, item_type: str) -> Answer:
    frame = _frame(u)
    top = frame.top or 10
    place = u.intent.slots.get("place")

    def compute() -> tuple[list[_Ranked], str]:
        rows = plan_filters.apply(ctx, frame, ctx.all_supports, asked="recipient")
        rows, where = _place_filter(ctx, u, rows, "recipient")
        return _rank_groups(rows, key, name, top), where

    # a whole-graph aggregate: the same constraints give the same ranking for the service's life
    memo_key = (key, top, frame.constraints, place.surface if place is not None else "", frame.masked)
    ranked, where = ctx.memo(memo_key, compute)
    if not ranked:
        return no_answer(u, message("A040"))
    items = [
        AnswerItem(
            r.name,
            item_type,
            r.key if item_type == "Hospital" else "",
            group=message("A502"),
            detail=message("A045", rank=rank, n=r.count),
            evidence=[ctx.evidence(x.doc, x.where, x.quote) for x in r.rows],
            extra={"rank": rank, "count": r.count},
        )
        for rank, r in enumerate(ranked, start=1)
    ]
    text = message("A041", where=where, what=what, name=ranked[0].name, n=ranked[0].count)
    if len(ranked) > 1:
        text += message("A042", rest="、".join(message("A315", name=r.name, n=r.count) for r in ranked[1:5]))
    return ok_answer(u, text + "。", [], items)


def counties_of(ctx: Context, u: Understanding) -> Answer:
    """X帮扶的县 / X对口了哪个县: the counties of X's recipients, as the tables name them."""
    intent = str(u.intent.name)
    frame = _frame(u)
    mention = u.intent.slots.get("supporter") or (frame.subjects[0] if frame.subjects else None)
    supporter = ctx.entity(mention, u.original, intent, message("A293"))
    rows = plan_filters.apply(ctx, frame, ctx.store.recipients_of(supporter.node_id), asked="recipient")
    answer = _county_items(
        ctx, u, rows, supporter, lambda n, names: message("A051", name=supporter.name, n=n, names=names)
    )
    if frame.hospitals_too and answer.items:  # both parts: the hospitals too, each with its county
        hospitals = lead_first([item_from_support(ctx, r, side="recipient") for r in rows])
        answer.items += hospitals
        names = "、".join(dict.fromkeys(i.name for i in hospitals))
        answer.text = (
            message("A635", name=supporter.name, n=len({i.name for i in hospitals}), names=names)
            + answer.text
        )
    return answer


def county_of(ctx: Context, u: Understanding) -> Answer:
    """X在哪个县: the county the pairing tables give for a recipient."""
    intent = str(u.intent.name)
    mention = u.intent.slots.get("entity") or u.intent.slots.get("target") or u.intent.slots.get("supporter")
    hospital = ctx.entity(mention, u.original, intent, message("A295"))
    rows = ctx.store.supporters_of(hospital.node_id)
    if not rows:  # a supporter only (X医院去了哪些县): the counties it goes to
        return counties_of(ctx, _with_slot(u, "supporter", mention))
    return _county_items(
        ctx, u, rows, hospital, lambda n, names: message("A052", name=hospital.name, n=n, names=names)
    )


def place_items(
    ctx: Context, groups: dict[str, list[Support]], item_type: str, group: str
) -> list[AnswerItem]:
    """One item per place (county, prefecture) of support rows: the recipients there as its
    detail, the first rows as its evidence."""
    return [
        AnswerItem(
            place,
            item_type,
            group=group,
            detail="、".join(dict.fromkeys(r.recipient for r in rs)),
            evidence=[ctx.evidence(r.doc, r.where, r.quote) for r in rs[:3]],
        )
        for place, rs in groups.items()
    ]


def _county_items(
    ctx: Context,
    u: Understanding,
    rows: list[Support],
    entity: Candidate,
    sentence: Callable[[int, str], str],
) -> Answer:
    """The counties of ``rows``; ``sentence(n, names)`` words the answer."""
    groups: dict[str, list[Support]] = defaultdict(list)
    for r in rows:
        if r.county:
            groups[r.county].append(r)
    if not groups:
        return no_answer(u, message("A050", name=entity.name), [entity])
    items = place_items(ctx, groups, "County", message("A503"))
    text = sentence(len(items), names_text([i.name for i in items], message("A506")))
    return ok_answer(u, text, [entity], items, focus=[entity.node_id])


def count_counties(ctx: Context, u: Understanding) -> Answer:
    """附件1里有几个县: distinct counties of the pairing rows in scope."""
    frame = _frame(u)
    scope = plan_filters.doc_scope(ctx, frame)
    rows = plan_filters.apply(ctx, frame, ctx.all_supports, asked="recipient")
    counties = list(dict.fromkeys(r.county for r in rows if r.county))
    where = f"{scope.label}" + (frame.constraints.annex or "")
    if not counties:
        return no_answer(u, message("A053", where=where or message("A501")))
    text = message("A054", where=where, n=len(counties))
    items = [
        AnswerItem(
            county,
            "County",
            group=message("A503"),
            evidence=[ctx.evidence(r.doc, r.where, r.quote) for r in rows if r.county == county][:3],
        )
        for county in counties
    ]
    return ok_answer(u, text, [], items, focus=[])


def _with_slot(u: Understanding, slot: str, value: Mention | None) -> Understanding:
    return replace(u, intent=replace(u.intent, slots={**u.intent.slots, slot: value}))


def _with_place(u: Understanding, place: Mention) -> Understanding:
    return _with_slot(u, "place", place)


def hospitals_of_kind(ctx: Context, u: Understanding) -> Answer:
    """哪些中医医院承担帮扶任务: hospitals of one kind on the asked side, within the scope."""
    frame = _frame(u)
    role = u.intent.slots.get("role") or "supporter"
    side = frame.constraints.kind_side or ("recipient" if role == "recipient" else "supporter")
    rows = plan_filters.apply(ctx, frame, ctx.all_supports, asked=side)
    places = [m for m in u.mentions if m.resolved and m.node_type in PLACE_TYPES]
    place = u.intent.slots.get("place") or (places[0] if places and frame.constraints.kind_side else None)
    if place is not None and place.resolved and not plan_filters.doc_scope(ctx, frame).limited:
        # the side named by its words (受援的中医院, 在云南参与帮扶的妇幼保健院) lies in the
        # programme's place: its pairings' recipients are there; else the hospital itself is
        where = "recipient" if frame.constraints.kind_side else side
        rows, _ = _place_filter(ctx, _with_place(u, place), rows, where)
    by_id: dict[str, AnswerItem] = {}
    for r in rows:
        item = item_from_support(ctx, r, side=side)
        known = by_id.setdefault(item.node_id, item)
        if known is not item:
            known.evidence.extend(e for e in item.evidence if e not in known.evidence)
    items = sorted(by_id.values(), key=lambda i: i.name)
    label = message("A293") if side == "supporter" else message("A292")
    kind = frame.constraints.hospital_kind or ""
    if not items:
        return no_answer(u, message("A060", kind=kind, label=label))
    text = message("A061", n=len(items), kind=kind, label=label, names=names_text([i.name for i in items]))
    return ok_answer(u, text, [], items)
