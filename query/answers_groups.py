"""The plan for a group of supporters (:mod:`query.groups`): 昆医的附属医院帮扶了哪些医院,
同济大学有几家附属医院参与了帮扶, 红河州的州级医院帮扶了谁.

The members are chosen among the graph's supporters, then the question's relation applies to
them: their recipients (within a place the question names for the recipients), or a count of
the members or of those recipients. An empty result is said as such, never widened to the
place's hospitals.
"""

from __future__ import annotations

from core.messages import message
from query import plan_filters
from query.answers_sets import merged_items
from query.context import PLACE_TYPES, Context, no_answer, ok_answer
from query.entities import Mention
from query.groups import SupporterGroup
from query.intent_types import Understanding
from query.model import Answer

__all__ = ["group_answer"]

_RECIPIENT_SLOTS = ("target", "to_place", "place")


def _label(group: SupporterGroup) -> str:
    if group.institution:
        return message("A661", name=group.institution)
    return message("A662", name=group.place_name, word=group.word)  # word "": 「上海市」的医院


def _recipient_places(u: Understanding, group: SupporterGroup) -> list[Mention]:
    """Places the question names for the recipients (在云南, 帮扶江西的): every other place."""
    slots = u.intent.slots
    named = [slots.get(s) for s in _RECIPIENT_SLOTS]
    return [
        m
        for m in (*named, *u.frame.places)
        if m is not None and m is not group.mention and m.resolved and m.node_type in PLACE_TYPES
    ]


def _members(ctx: Context, group: SupporterGroup, ids: list[str]) -> set[str]:
    rows = ctx.nodes(ids)
    if not group.institution:
        inside = ctx.located_in(ids, group.place_name)
        rows = {k: v for k, v in rows.items() if k in inside}
    return {nid for nid, row in rows.items() if group.holds(row)}


def group_answer(ctx: Context, u: Understanding) -> Answer:
    group = u.frame.constraints.supporter_group
    assert group is not None  # the plan runs only when the frame read a group
    rows = ctx.all_supports
    members = _members(ctx, group, [r.supporter_id for r in rows])
    rows = [r for r in rows if r.supporter_id in members]
    scope = list(dict.fromkeys(_recipient_places(u, group)))
    for place in scope:
        inside = ctx.located_in([r.recipient_id for r in rows], place.canonicals[0])
        rows = [r for r in rows if r.recipient_id in inside]
    rows = plan_filters.apply(ctx, u.frame, rows, asked="recipient")
    label = _label(group)
    places = "、".join(message("A247", name=p.canonicals[0]) for p in scope)
    where = message("A666", places=places) if scope else ""
    if not rows:
        return no_answer(u, message("A663", group=label, where=where))
    counting = bool(group.counted)
    side = group.counted or "recipient"
    items = merged_items(ctx, rows, side)
    names = "、".join(i.name for i in items)
    if side == "supporter":
        text = message("A664", group=label, where=where, n=len(items))
    else:
        text = message("A665", group=label, where=where, n=len(items))
    text += "。" if counting else message("A239", names=names)
    return ok_answer(u, text, [], items, focus=[i.node_id for i in items][:80])
