"""One planner: a question's frame in, the plan that answers it out.

:data:`PLANS` is the one place that says which plan answers which frame: the first whose
``when`` holds runs, and the relation read by the intent rules (:data:`RELATION_PLANS`)
answers every frame no shape-specific plan claims. Adding a question kind is one vocabulary
entry (``query/data/intent_keywords.tsv``) and one row here with its small plan.

No plan raises to the user: :func:`answer` turns a failure inside a plan into one Chinese
sentence for that question (``--batch`` then goes on with the next line).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from core.messages import message
from query import (
    answers_doclinks,
    answers_docs,
    answers_frame,
    answers_groups,
    answers_network,
    answers_sets,
    answers_support,
)
from query.context import Clarify, Context
from query.frame import Aggregate, AnswerType, Frame
from query.intent_types import IntentName, Understanding
from query.model import Answer, Status

__all__ = ["PLANS", "RELATION_PLANS", "Plan", "answer", "choose"]

log = logging.getLogger(__name__)
Handler = Callable[[Context, Understanding], Answer]
_NAMED_TYPES = ("Hospital", "Document", "Person")
_IN = IntentName


def _entity_info(ctx: Context, u: Understanding) -> Answer:
    """A bare name: a place answers like "who supports it", a person like "where sent"."""
    mention = u.intent.slots.get("entity")
    kind = mention.node_type if mention is not None and mention.resolved and not mention.ambiguous else ""
    if kind in ("County", "Prefecture", "Province"):
        return answers_support.who_supports(ctx, _with(u, target=mention))
    if kind == "Person":
        return answers_docs.dispatch_person(ctx, _with(u, person=mention, ask="to"))
    if kind == "Document":
        return answers_docs.document(ctx, _with(u, document=mention, ask="info"))
    return answers_network.entity_info(ctx, u)


def _with(u: Understanding, **slots: object) -> Understanding:
    return replace(u, intent=replace(u.intent, slots={**u.intent.slots, **slots}))


# The relation (and direction) the intent rules read -> the plan answering it plainly.
RELATION_PLANS: dict[IntentName, Handler] = {
    _IN.WHO_SUPPORTS: answers_support.who_supports,
    _IN.LEAD_OF: answers_support.lead_of,
    _IN.SUPPORTED_BY: answers_support.supported_by,
    _IN.HOSPITALS_IN_PLACE: answers_support.hospitals_in_place,
    _IN.COUNT: answers_support.count,
    _IN.NEEDS: answers_support.needs,
    _IN.DISPATCH_PERSON: answers_docs.dispatch_person,
    _IN.DISPATCHED_TO: answers_docs.dispatched_to,
    _IN.REQUIREMENTS: answers_docs.requirements,
    _IN.DOCUMENT: answers_docs.document,
    _IN.MEASURES: answers_docs.measures,
    _IN.RELATION: answers_network.relation,
    _IN.NETWORK_HUBS: answers_network.network_hubs,
    _IN.CROSS_PROVINCE: answers_network.cross_province,
    _IN.ENTITY_INFO: _entity_info,
}


def _place_supporters(ctx: Context, u: Understanding) -> Answer:
    """上海哪些医院帮扶大理州的医院: who supports the place, limited to the supporters' place."""
    limit = u.frame.constraints.supporter_place
    places = [m for m in u.mentions if m.node_type in ("County", "Prefecture", "Province") and m is not limit]
    return answers_support.who_supports(
        ctx, _with(replace(u, intent=replace(u.intent, name=_IN.WHO_SUPPORTS)), target=places[0])
    )


def _has_unresolved_name(ctx: Context, u: Understanding) -> bool:
    """A name matched nothing: an institution, 文号 or person (:meth:`Context.unresolved_name`),
    or any name where the relation's plan would answer for the whole graph."""
    if ctx.unresolved_name(u) is not None:
        return True
    global_list = u.intent.name in (_IN.COUNT, _IN.HOSPITALS_IN_PLACE) and not u.intent.slots.get("place")
    return global_list and (
        any(m.node_type in _NAMED_TYPES for m in u.frame.unresolved) or bool(u.frame.unknown_subject)
    )


# Relations whose facts are pairings, hospitals or people: a place stated with no record in the
# graph leaves nothing to list (rules and documents are scoped by region in plan_filters).
_SUPPORT_FACTS = frozenset(RELATION_PLANS) - {_IN.REQUIREMENTS, _IN.DOCUMENT, _IN.MEASURES}


def _places_without_records(ctx: Context, u: Understanding) -> list[str]:
    """Places the question states (贵州, 广西) that the graph has no node for."""
    return [
        official
        for surface, official in u.frame.stated_places
        if not ctx.index.lookup(official) and not ctx.index.lookup(surface)
    ]


def _about_documents(u: Understanding) -> bool:
    """贵州省外三甲医院帮扶方案的印发机关: the place names a document (its region), not hospitals."""
    c = u.frame.constraints
    return c.document_words or c.doc_ask is not None or c.document is not None or c.number_tail is not None


def _no_record_of_place(ctx: Context, u: Understanding) -> Answer:
    """北京的医院在贵州帮了谁 / 广西的医院在云南…: a stated place limits the answer; with
    no record of it nothing is left, and the answer says so instead of dropping the place."""
    places = "、".join(message("A247", name=p) for p in _places_without_records(ctx, u))
    return Answer(u.original, str(u.intent.name), Status.NO_ANSWER, message("A660", places=places))


def _short_title_asked(ctx: Context, u: Understanding) -> bool:
    """贵州省外三甲医院帮扶方案的印发机关: a fact of one document named by a short title."""
    c = u.frame.constraints
    return (
        c.doc_ask in ("issuer", "date", "number", "title")
        and u.intent.slots.get("document") is None
        and answers_docs.scoped_document(ctx, u) is not None
    )


def _short_title_document(ctx: Context, u: Understanding) -> Answer:
    row = answers_docs.scoped_document(ctx, u)
    return answers_docs.document_answer(ctx, u, row, u.frame.constraints.doc_ask or "info")


def _rank(side: str) -> Callable[[Context, Understanding], bool]:
    return lambda ctx, u: u.frame.aggregate is Aggregate.RANK and u.frame.ranked == side


def _county_asked(ctx: Context, u: Understanding) -> bool:
    return u.frame.answer is AnswerType.COUNTY and u.frame.aggregate is not Aggregate.RANK


def _subject_slot(u: Understanding) -> str | None:
    """The slot of the relation that holds the first subject named (target, supporter…)."""
    first = u.frame.subjects[0] if u.frame.subjects else None
    return next((k for k, v in u.intent.slots.items() if first is not None and v is first), None)


def _per_subject(ctx: Context, u: Understanding) -> Answer:
    """A和B分别由哪些医院帮扶 / A和B哪个帮扶的医院多: the relation's plan for each subject;
    a comparison also says which has more (distinct names listed)."""
    slot, plan = _subject_slot(u), RELATION_PLANS[u.intent.name]
    answers = [plan(ctx, _with(u, **{slot: m})) for m in u.frame.subjects]
    items, texts = [], []
    see_also = message("A228")
    for m, a in zip(u.frame.subjects, answers, strict=True):
        name = m.canonicals[0]
        for item in a.items:
            item.extra["subject"] = name
            if item.group != see_also:  # a note on a related entry stays a note
                item.group = (
                    message("A507", name=name, group=item.group) if item.group else message("A247", name=name)
                )
        items += a.items
        texts.append(a.text)
    text = "".join(texts)
    if u.frame.aggregate is Aggregate.COMPARE:
        counts = [
            (m.canonicals[0], len({i.name for i in a.items if i.group != see_also}))
            for m, a in zip(u.frame.subjects, answers, strict=True)
        ]
        said = "，".join(message("A504", name=n, n=c) for n, c in counts)
        most = max(c for _, c in counts)
        leaders = [n for n, c in counts if c == most]
        text = (
            message("A100", counts=said, name=leaders[0])
            if len(leaders) == 1
            else message("A101", counts=said)
        ) + text
    status = Status.OK if any(a.status is Status.OK for a in answers) else answers[0].status
    return Answer(
        u.original,
        str(u.intent.name),
        status,
        text,
        items=items,
        entities=[e for a in answers for e in a.entities],
        focus=[f for a in answers for f in a.focus],
    )


def _several_subjects(ctx: Context, u: Understanding) -> bool:
    return (
        u.frame.aggregate in (Aggregate.EACH, Aggregate.COMPARE)
        and all(m.resolved and not m.ambiguous for m in u.frame.subjects)
        and u.intent.name in RELATION_PLANS
        and u.intent.name is not _IN.RELATION
        and _subject_slot(u) is not None
    )


@dataclass(frozen=True)
class Plan:
    name: str
    when: Callable[[Context, Understanding], bool]
    run: Handler


def _f(u: Understanding) -> Frame:
    return u.frame


PLANS: tuple[Plan, ...] = (
    Plan("unresolved name", _has_unresolved_name, answers_frame.not_found),
    Plan(
        "place without records",
        lambda c, u: (
            u.intent.name in _SUPPORT_FACTS
            and not _about_documents(u)
            and bool(_places_without_records(c, u))
        ),
        _no_record_of_place,
    ),
    Plan(
        "staff sent to a place",
        lambda c, u: (
            u.intent.name is _IN.DISPATCHED_TO
            and getattr(u.intent.slots.get("target"), "node_type", "") in ("County", "Prefecture", "Province")
            and u.intent.slots["target"].resolved
        ),
        answers_docs.dispatched_to_place,
    ),
    Plan(
        "hospitals lacking a partner",
        lambda c, u: _f(u).constraints.absent is not None and not _f(u).subjects,
        answers_sets.lacking,
    ),
    Plan(
        "hospitals by number of partners",
        lambda c, u: _f(u).constraints.threshold is not None and not _f(u).subjects,
        answers_sets.by_threshold,
    ),
    Plan("yes/no", lambda c, u: _f(u).answer is AnswerType.YES_NO, answers_frame.yes_no),
    Plan(
        "supporters shared by places",
        lambda c, u: _f(u).aggregate is Aggregate.INTERSECT and not _f(u).subjects,
        answers_sets.shared_by_places,
    ),
    Plan(
        "shared supporters",
        lambda c, u: _f(u).aggregate is Aggregate.INTERSECT,
        answers_frame.common_supporters,
    ),
    Plan(
        "a group of supporters",
        lambda c, u: _f(u).constraints.supporter_group is not None and not _about_documents(u),
        answers_groups.group_answer,
    ),
    Plan("each subject", _several_subjects, _per_subject),
    Plan(
        "several subjects together",
        lambda c, u: (
            len(_f(u).subjects) >= 2
            and _f(u).aggregate in (Aggregate.NONE, Aggregate.COUNT)
            and u.intent.name in (_IN.SUPPORTED_BY, _IN.WHO_SUPPORTS)
            and _f(u).answer is AnswerType.ANY
        ),
        answers_sets.together,
    ),
    Plan(
        "lead and the other supporters",
        lambda c, u: (
            u.intent.name is _IN.LEAD_OF and _f(u).constraints.with_others and len(_f(u).subjects) == 1
        ),
        answers_sets.lead_and_others,
    ),
    Plan("fact of a document by short title", _short_title_asked, _short_title_document),
    Plan("links between documents", lambda c, u: _f(u).doc_relation is not None, answers_doclinks.doc_links),
    Plan(
        "document of measures",
        lambda c, u: u.intent.name is _IN.MEASURES and _f(u).answer is AnswerType.DOCUMENT,
        answers_doclinks.measures_document,
    ),
    Plan(
        "one measure",
        lambda c, u: (
            u.intent.name is _IN.MEASURES
            and not u.intent.slots.get("category")
            and bool(answers_doclinks.chosen_measure(c, u))
        ),
        answers_doclinks.measure,
    ),
    Plan("rank recipients", _rank("recipient"), answers_frame.rank_recipients),
    Plan("rank counties", _rank("county"), answers_frame.rank_counties),
    Plan(
        "count counties",
        lambda c, u: _county_asked(c, u) and _f(u).aggregate is Aggregate.COUNT and not _f(u).subjects,
        answers_frame.count_counties,
    ),
    Plan(
        "counties of a supporter",
        lambda c, u: _county_asked(c, u) and u.intent.name is _IN.SUPPORTED_BY,
        answers_frame.counties_of,
    ),
    Plan(
        "prefectures of a supporter",
        lambda c, u: _f(u).answer is AnswerType.PREFECTURE and bool(_f(u).subjects),
        answers_sets.prefectures_of,
    ),
    Plan(
        "county of a hospital",
        lambda c, u: _county_asked(c, u) and bool(_f(u).subjects),
        answers_frame.county_of,
    ),
    Plan(
        "supporters of hospitals of a kind",
        lambda c, u: (
            bool(_f(u).constraints.hospital_kind) and _f(u).constraints.kind_supporters and not _f(u).subjects
        ),
        answers_sets.kind_supporters,
    ),
    Plan(
        "hospitals of a kind",
        lambda c, u: bool(_f(u).constraints.hospital_kind) and not _f(u).subjects,
        answers_frame.hospitals_of_kind,
    ),
    Plan(
        "supporters from a place",
        lambda c, u: (
            _f(u).constraints.supporter_place is not None
            and not _f(u).subjects
            and u.intent.name
            in (_IN.CROSS_PROVINCE, _IN.ENTITY_INFO, _IN.WHO_SUPPORTS, _IN.HOSPITALS_IN_PLACE)
        ),
        _place_supporters,
    ),
)


def choose(ctx: Context, u: Understanding) -> tuple[str, Handler | None]:
    """The plan for an understood question: its name (for logs and tests) and its function."""
    for plan in PLANS:
        if plan.when(ctx, u):
            return plan.name, plan.run
    handler = RELATION_PLANS.get(u.intent.name)
    return (str(u.intent.name), handler)


def _left_out_note(u: Understanding, answer: Answer) -> Answer:
    """An answer with exclusions says what it left out (the frame, not the plan, knows)."""
    c = u.frame.constraints
    left_out = [message("A247", name=m.canonicals[0] if m.canonicals else m.surface) for m in c.exclude]
    left_out += [message("A508")] if c.exclude_lead else []
    if left_out and answer.status is Status.OK:
        answer.text += message("A002", left_out="、".join(left_out))
    return answer


def answer(ctx: Context, u: Understanding, out_of_scope: Callable[[], Answer]) -> Answer:
    """Run the plan; a name to clarify or a failure inside a plan is an answer, not an error."""
    try:
        _name, handler = choose(ctx, u)
        if handler is None:
            return out_of_scope()
        return _left_out_note(u, handler(ctx, u))
    except Clarify as signal:
        return signal.answer
    except Exception:  # one question's failure must not end a batch
        log.exception("answering %r failed", u.original)
        return Answer(
            u.original,
            str(u.intent.name),
            Status.HELP,
            message("A001"),
        )
