"""The store contract: typed questions any graph store answers, the same way from every store.

Why typed methods over the named queries: a caller (the question answerers, the front door,
the planner of the questions issue) should ask "who supports this hospital" and get
:class:`Support` records, not know which named query, which parameters and which row keys
give that. Each method here runs one or two named queries (:mod:`graph.queries`, whose
networkx and Cypher forms sit side by side) through the store's own :meth:`fetch`, so a store
only has to implement ``fetch`` to honour the whole contract; tests/test_store_contract.py
checks every method against the embedded graph and a real Bolt server alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from core.model import document_label
from graph.queries.documents import CITATIONS, DOCUMENTS, REQUIREMENTS
from graph.queries.named_query import NamedQuery, Row
from graph.queries.network import (
    CROSS_PROVINCE_FLOWS,
    EDGE_COUNTS,
    NODE_COUNTS,
    RECIPIENT_DEGREES,
    SUPPORTER_DEGREES,
)
from graph.queries.nodes import NODES
from graph.queries.people import DISPATCHES_FROM, DISPATCHES_OF, DISPATCHES_TO
from graph.queries.places import HOSPITALS_IN_PLACE
from graph.queries.supports import FILTERED_SUPPORTS, RECIPIENTS_OF, SUPPORTERS_OF

__all__ = [
    "Citation",
    "Dispatch",
    "DocumentEntry",
    "Flow",
    "GraphCounts",
    "Hub",
    "NodeEntry",
    "RequirementEntry",
    "StoreContract",
    "Support",
    "SupportFilter",
]

T = TypeVar("T")
Ids = str | list[str]


def _ids(node_ids: Ids) -> list[str]:
    """One id or several, without repeats: several cost one query, not one each."""
    return list(dict.fromkeys([node_ids] if isinstance(node_ids, str) else node_ids))


def _records(cls: type[T], rows: list[Row]) -> list[T]:
    """Rows (dicts with at least the dataclass's keys) as dataclass records; extra keys are dropped."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return [cls(**{name: row.get(name) for name in names}) for row in rows]


@dataclass(frozen=True)
class Support:
    """One SUPPORTS edge: who supports whom, under which programme, and where it is written."""

    supporter_id: str
    supporter: str
    supporter_province: str | None
    recipient_id: str
    recipient: str
    recipient_province: str | None
    lead: bool
    program: str | None
    doc: str | None
    where: str | None
    quote: str | None
    lead_where: str | None = None
    lead_quote: str | None = None
    needs: list[str] | None = None
    period: str | None = None
    county: str | None = None
    kind: str | None = None  # the tie as worded (对口帮扶, 组团式, 托管, 结对…); "" or None when not said


@dataclass(frozen=True)
class SupportFilter:
    """The explore view's filters; ``None`` means "any"."""

    province: str | None = None
    doc: str | None = None
    program: str | None = None
    lead_only: bool = False

    def params(self) -> dict[str, Any]:
        return {
            "province": self.province, "doc": self.doc, "program": self.program, "lead_only": self.lead_only
        }


@dataclass(frozen=True)
class Hub:
    """A hospital and how many distinct partners it has in one role (supporter or recipient)."""

    id: str
    name: str
    province: str | None
    role: str  # "supporter" | "recipient"
    degree: int


@dataclass(frozen=True)
class Flow:
    """Distinct (supporter, recipient) pairs from one province to another (``None``: unknown)."""

    supporter_province: str | None
    recipient_province: str | None
    pairs: int


@dataclass(frozen=True)
class NodeEntry:
    id: str
    type: str
    name: str
    names: list[str] = field(default_factory=list)
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class Dispatch:
    """A person sent from one hospital to another, with the table row that says so."""

    person_id: str
    person: str
    from_hospital: str | None
    to_id: str
    to_hospital: str
    period: str | None
    row: Any
    notes: str | None
    program: str | None
    doc: str | None
    where: str | None
    quote: str | None


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    name: str
    stub: bool
    file: str | None
    number: str | None
    title: str | None
    issuers: list[str] | None
    date: str | None
    year: Any
    region: str | None
    period: str | None

    @property
    def label(self) -> str:
        """文号《标题》 (core.model.document_label), or the file name when the document prints neither."""
        return document_label(self.number, self.title, self.file or self.name)


@dataclass(frozen=True)
class Citation:
    source_id: str
    source: str
    target_id: str
    target: str
    type: str  # CITES | CONTAINS
    number: str | None
    title: str | None
    doc: str | None
    where: str | None
    quote: str | None


@dataclass(frozen=True)
class RequirementEntry:
    id: str
    doc: str | None
    topic: str | None
    text: str | None
    value: Any
    unit: str | None
    subject: str | None
    section: str | None
    quote: str | None


@dataclass(frozen=True)
class GraphCounts:
    """Nodes and edges by type, sorted by type name."""

    nodes: dict[str, int]
    edges: dict[str, int]


class StoreContract:
    """The typed methods every store offers; a store supplies ``fetch`` (and ``backend``)."""

    def fetch(self, query: NamedQuery, **params: Any) -> list[Row]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- pairings ----------------------------------------------------------------------------

    def supporters_of(self, node_id: Ids, *, lead_only: bool = False) -> list[Support]:
        """Every SUPPORTS edge into ``node_id`` (only the lead hospitals' with ``lead_only``)."""
        found = _records(Support, self.fetch(SUPPORTERS_OF, ids=_ids(node_id)))
        return [s for s in found if s.lead] if lead_only else found

    def recipients_of(self, node_id: Ids) -> list[Support]:
        return _records(Support, self.fetch(RECIPIENTS_OF, ids=_ids(node_id)))

    def supports(self, where: SupportFilter | None = None) -> list[Support]:
        """The pairings passing the explore filters (all of them without a filter)."""
        return _records(Support, self.fetch(FILTERED_SUPPORTS, **(where or SupportFilter()).params()))

    def hubs(self, limit: int = 10, province: str | None = None, *, where: SupportFilter | None = None,
             roles: tuple[str, ...] = ("supporter",)) -> list[Hub]:
        """Hospitals with most distinct partners, in the given roles, best first (ties by name).

        ``province``: only hospitals of that province; ``where``: only the pairings passing the
        explore filters (whose province is that of either side) are counted.
        """
        where = where or SupportFilter()
        rows: list[Row] = []
        if "supporter" in roles:
            rows += self.fetch(SUPPORTER_DEGREES, **where.params())
        if "recipient" in roles:
            rows += self.fetch(RECIPIENT_DEGREES, **where.params())
        if province is not None:
            rows = [r for r in rows if r["province"] == province]
        rows.sort(key=lambda r: (-r["degree"], r["name"], r["role"] != "supporter", r["id"]))
        return _records(Hub, rows)[:limit]

    def cross_province_flows(self, where: SupportFilter | None = None) -> list[Flow]:
        """Pairs per (supporter province, recipient province), including same-province ones."""
        return _records(Flow, self.fetch(CROSS_PROVINCE_FLOWS, **(where or SupportFilter()).params()))

    # -- places, nodes, people -----------------------------------------------------------------

    def hospitals_in_place(self, place_id: str) -> list[NodeEntry]:
        return _records(NodeEntry, self.fetch(HOSPITALS_IN_PLACE, place_id=place_id))

    def nodes(self, ids: Ids) -> list[NodeEntry]:
        return _records(NodeEntry, self.fetch(NODES, ids=_ids(ids)))

    def persons_of(self, person_id: str) -> list[Dispatch]:
        """Where one person was sent (a person may be sent more than once)."""
        return _records(Dispatch, self.fetch(DISPATCHES_OF, ids=[person_id]))

    def dispatched_to(self, hospital_id: str) -> list[Dispatch]:
        return _records(Dispatch, self.fetch(DISPATCHES_TO, ids=[hospital_id]))

    def dispatched_from(self, hospital_name: str) -> list[Dispatch]:
        return _records(Dispatch, self.fetch(DISPATCHES_FROM, names=[hospital_name]))

    # -- documents ----------------------------------------------------------------------------

    def documents(self, ids: list[str] | None = None) -> list[DocumentEntry]:
        """The corpus's documents (not the stubs of documents only cited), or those of ``ids``."""
        rows = self.fetch(DOCUMENTS, ids=ids)
        return _records(DocumentEntry, rows if ids is not None else [r for r in rows if not r["stub"]])

    def cites(self, doc_id: str) -> list[Citation]:
        return [c for c in _records(Citation, self.fetch(CITATIONS, ids=[doc_id])) if c.source_id == doc_id]

    def cited_by(self, doc_id: str) -> list[Citation]:
        return [c for c in _records(Citation, self.fetch(CITATIONS, ids=[doc_id])) if c.target_id == doc_id]

    def requirements(
        self, topic: str | None = None, document: str | None = None, province: str | None = None
    ) -> list[RequirementEntry]:
        """Requirements of a topic, in one document (a corpus file) or in a province's documents."""
        docs = [document] if document is not None else None
        if province is not None:
            in_province = [d.file for d in self.documents() if d.file and d.region and province in d.region]
            docs = [d for d in (docs or in_province) if d in in_province]
        topics = [topic] if topic is not None else None
        return _records(RequirementEntry, self.fetch(REQUIREMENTS, docs=docs, topics=topics))

    # -- the whole graph ------------------------------------------------------------------------

    def type_counts(self) -> GraphCounts:
        return GraphCounts(
            nodes={r["type"]: r["count"] for r in self.fetch(NODE_COUNTS)},
            edges={r["type"]: r["count"] for r in self.fetch(EDGE_COUNTS)},
        )
