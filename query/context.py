"""What every answer function shares: the store, the name index, evidence and entity checks.

Answers never guess: a name that fits several nodes becomes a clarifying question, an
unknown name becomes "未找到…" with the closest known names. Both are decided here, once,
for every intent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from core.messages import message
from core.model import NODE_TYPE_LABELS
from graph.contract import DocumentEntry, NodeEntry, StoreContract, Support
from query.entities import Mention, NameIndex, entries_from_node
from query.intents import Understanding
from query.model import Answer, AnswerItem, Candidate, EvidenceItem, Status
from query.name_spans import is_doc_number

PLACE_TYPES = ("County", "Prefecture", "Province")
RULE_TYPES = ("Requirement", "Measure")


class Clarify(Exception):
    """Raised inside an answer function to turn the answer into a clarifying question."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.text)
        self.answer = answer


@dataclass
class Context:
    """The store an answer reads, through the typed methods of :class:`graph.contract.StoreContract`
    only (never raw named queries: tests/test_query_contract.py fails if query/ calls one)."""

    store: StoreContract
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A whole-graph aggregate computed once per key for the service's life (rankings)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def all_supports(self) -> list[Support]:
        """Every SUPPORTS row, read once per service.

        Whole-graph plans (rankings, totals, cross-province, hospitals of a kind) group these
        in memory rather than reading every pairing from the store again on each question;
        a service lives as long as its store's snapshot (the app rebuilds it with the graph).
        """
        return self.store.supports()

    @cached_property
    def documents(self) -> dict[str, DocumentEntry]:
        """Documents by corpus file (a cited-only document by its id), to print a 文号 and title
        beside every quote."""
        return {d.file or d.id: d for d in self.store.documents(include_stubs=True)}

    @cached_property
    def name_entries(self) -> list[NodeEntry]:
        """Every node with its names, read once per service."""
        return self.store.name_entries()

    @cached_property
    def orphans(self) -> list[NodeEntry]:
        """Hospitals a document prints as recipients with no supporter (the builder's ``orphan``)."""
        return [r for r in self.name_entries if r.type == "Hospital" and r.orphan]

    @cached_property
    def rule_texts(self) -> str:
        """The names of every requirement and measure, one a line: what a question may quote
        from a rule (五大中心) without naming an institution."""
        return "\n".join(str(r.name or "") for r in self.name_entries if r.type in RULE_TYPES)

    @cached_property
    def index(self) -> NameIndex:
        docs_by_id = {d.id: d for d in self.documents.values()}
        entries = []
        for row in self.name_entries:
            node = {
                "id": row.id,
                "type": row.type,
                "name": row.name,
                "province": row.province,
                "aliases": row.names[1:] if row.names else [],
            }
            doc = docs_by_id.get(row.id)
            if doc is not None:
                node.update(number=doc.number, title=doc.title)
            if row.type in RULE_TYPES:
                continue  # their "names" are sentences, not things people name in a question
            entries.extend(entries_from_node(node))
        return NameIndex(entries)

    # -- evidence ----------------------------------------------------------------------------
    def evidence(self, doc: str | None, where: str | None, quote: str | None) -> EvidenceItem:
        info = self.documents.get(doc or "")
        title, number = (info.title, info.number) if info is not None else (None, None)
        return EvidenceItem(doc or "", where or "", quote or "", title or "", number or "")

    def doc_label(self, doc: str) -> str:
        info = self.documents.get(doc)
        return (info.number or info.title or doc) if info is not None else doc

    # -- entities ----------------------------------------------------------------------------
    def nodes(self, ids: list[str]) -> dict[str, NodeEntry]:
        return {row.id: row for row in self.store.nodes(ids)} if ids else {}

    def located_in(self, ids: list[str], place_name: str) -> set[str]:
        """The nodes among ``ids`` whose province, prefecture or county is ``place_name``.

        One query for all of them: over Bolt, a query per row would be a round trip per row.
        """
        rows = self.nodes(list(dict.fromkeys(ids)))
        return {nid for nid, row in rows.items() if place_name in (row.province, row.prefecture, row.county)}

    def candidate(self, row: NodeEntry) -> Candidate:
        detail = "、".join(x for x in (row.province, row.prefecture, row.county) if x)
        return Candidate(row.name, row.type, row.id, detail or NODE_TYPE_LABELS.get(row.type, ""))

    def not_found(self, mention: Mention, question: str, intent: str) -> Answer:
        """未找到「…」 with the closest real names as suggestions, and no answer item."""
        suggestions = list(dict.fromkeys(e.canonical for e in self.index.suggest(mention.surface, k=5)))
        text = message("A200", surface=mention.surface)
        if suggestions:
            text += message("A201", names="、".join(suggestions))
        return Answer(question, intent, Status.NOT_FOUND, text, suggestions=suggestions)

    def unresolved_name(self, u: Understanding) -> Mention | None:
        """The first name of the question that looks like an institution, a 文号 or a person and
        matches nothing: the planner answers 未找到 for it before any plan runs, because a wider
        answer (every supporter, the place inside the unknown name, the nearest hospital)
        would read as the asked one."""
        return next((m for m in u.unresolved if names_a_thing(m) and m.surface not in self.rule_texts), None)

    def entity(self, mention: Mention | None, question: str, intent: str, what: str = "") -> Candidate:
        """The one node a mention names, or a Clarify signal (unknown or ambiguous).

        ``what``: the words for what the question must name when it names nothing (A29x).
        """
        if mention is None:
            raise Clarify(
                Answer(
                    question,
                    intent,
                    Status.HELP,
                    message("A202", what=what or message("A290")),
                    suggestions=help_suggestions(),
                )
            )
        if not mention.resolved:
            raise Clarify(self.not_found(mention, question, intent))
        rows = self.nodes(mention.node_ids)
        candidates = [self.candidate(rows[i]) for i in mention.node_ids if i in rows]
        if len(candidates) > 1:
            names = "、".join(
                message("A204", name=c.name, detail=c.detail) if c.detail and c.detail != c.name else c.name
                for c in candidates
            )
            text = message("A203", surface=mention.surface, names=names)
            raise Clarify(Answer(question, intent, Status.CLARIFY, text, candidates=candidates))
        if not candidates:
            text = message("A200", surface=mention.surface)
            raise Clarify(Answer(question, intent, Status.NOT_FOUND, text))
        return candidates[0]


def names_a_thing(mention: Mention) -> bool:
    """An unresolved mention that names one thing: an institution, a 文号 or a person.

    A document *title* that matches nothing is not one: "贵州的实施方案" describes a document
    and is left to the question's plan.
    """
    if mention.resolved:
        return False
    types = set(mention.types)
    return bool(types & {"Hospital", "Person"}) or ("Document" in types and is_doc_number(mention.surface))


def help_suggestions() -> list[str]:
    from query.intents import help_examples

    return help_examples()


def item_from_support(ctx: Context, row: Support, *, side: str) -> AnswerItem:
    """An answer item for one pairing: the supporter or the recipient side of it."""
    name = row.supporter if side == "supporter" else row.recipient
    node_id = row.supporter_id if side == "supporter" else row.recipient_id
    evidence = [ctx.evidence(row.doc, row.where, row.quote)]
    if row.lead_where:
        evidence.append(ctx.evidence(row.doc, row.lead_where, row.lead_quote))
    details = []
    if row.lead:
        details.append(message("A205"))
    if row.needs:
        details.append(message("A206", needs="、".join(row.needs)))
    if row.period:
        details.append(message("A207", period=row.period))
    return AnswerItem(
        name=name,
        type="Hospital",
        node_id=node_id,
        lead=bool(row.lead),
        program=row.program,
        group=message("A204", name=row.program, detail=ctx.doc_label(row.doc or "")),
        detail="；".join(details),
        evidence=evidence,
        extra={"doc": row.doc, "county": row.county or ""},
    )


def lead_first(items: list[AnswerItem]) -> list[AnswerItem]:
    """Grouped by programme (in order of first appearance), the lead first within each."""
    order: dict[str, int] = {}
    for item in items:
        order.setdefault(item.group, len(order))
    return sorted(items, key=lambda i: (order[i.group], not i.lead, i.name))


def ok_answer(
    u: Understanding,
    text: str,
    entities: list[Candidate],
    items: list[AnswerItem],
    focus: list[str] | None = None,
) -> Answer:
    """An answered question; the network view shows the entities and every item by default."""
    if focus is None:
        focus = [*(e.node_id for e in entities), *(i.node_id for i in items if i.node_id)]
    return Answer(
        u.original, str(u.intent.name), Status.OK, text, entities=entities, items=items, focus=focus
    )


def no_answer(u: Understanding, text: str, entities: list[Candidate] | None = None) -> Answer:
    """The entities exist but the graph holds nothing for this question."""
    entities = entities or []
    return Answer(
        u.original,
        str(u.intent.name),
        Status.NO_ANSWER,
        text,
        entities=entities,
        focus=[e.node_id for e in entities],
    )
