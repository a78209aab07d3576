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

import functools
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from core.model import document_label
from graph.queries.documents import CITATIONS, DOCUMENTS, MEASURES, REQUIREMENTS
from graph.queries.named_query import NamedQuery, Row
from graph.queries.network import (
    CROSS_PROVINCE_FLOWS,
    EDGE_COUNTS,
    EDGES_BETWEEN,
    NODE_COUNTS,
    RECIPIENT_DEGREES,
    SEE_ALSO_OF,
    SHORTEST_PATHS,
    SUPPORTER_DEGREES,
)
from graph.queries.nodes import NAME_ENTRIES, NODES
from graph.queries.people import DISPATCHES_FROM, DISPATCHES_OF, DISPATCHES_TO
from graph.queries.places import HOSPITALS_IN_PLACE
from graph.queries.supports import FILTERED_SUPPORTS, RECIPIENTS_OF, SUPPORTERS_OF

__all__ = [
    "Citation",
    "Dispatch",
    "DocumentEntry",
    "EdgeEntry",
    "Flow",
    "GraphCounts",
    "Hub",
    "MeasureEntry",
    "NodeEntry",
    "PathEntry",
    "RequirementEntry",
    "SeeAlso",
    "StoreContract",
    "Support",
    "SupportFilter",
]

T = TypeVar("T")
Ids = str | list[str]


def _ids(node_ids: Ids) -> list[str]:
    """One id or several, without repeats: several cost one query, not one each."""
    return list(dict.fromkeys([node_ids] if isinstance(node_ids, str) else node_ids))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _records(cls: type[T], rows: list[Row]) -> list[T]:
    """Rows (dicts with the dataclass's keys) as dataclass records; extra keys are dropped, a
    missing one is ``None``. Positional and with the names read once per class: answers turn
    every row they read into a record, so this is on the path of every question."""
    names = _field_names(cls)
    return [cls(*map(row.get, names)) for row in rows]


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
    """A node with its names (name first, then every alias surface) and its place.

    ``orphan``: a recipient a table lists with no supporter; ``orphan_doc/where/quote`` is
    that row, so an answer listing it still shows where it was read.
    """

    id: str
    type: str
    name: str
    names: list[str] = field(default_factory=list)
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    orphan: bool = False
    orphan_doc: str | None = None
    orphan_where: str | None = None
    orphan_quote: str | None = None


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
    number_source: str | None = None  # "text", or "cited_by:<file>" when read from a citing line

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
    basis: bool = False  # the citing body names the cited document as its basis (根据…)


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
class MeasureEntry:
    """One numbered measure of a document (贵州's 21 measures), with the section it stands in."""

    id: str
    doc: str | None
    ordinal: Any
    category: str | None
    title: str | None
    text: str | None
    where: str | None


@dataclass(frozen=True)
class SeeAlso:
    """Two hospitals printed together as 甲（乙） but kept apart, with the line that does so."""

    source_id: str
    source: str
    target_id: str
    target: str
    note: str | None
    doc: str | None
    where: str | None
    quote: str | None

    def other(self, node_id: str) -> tuple[str, str]:
        """(id, name) of the side that is not ``node_id``."""
        return (self.target_id, self.target) if self.source_id == node_id else (self.source_id, self.source)


@dataclass(frozen=True)
class PathEntry:
    """One shortest path: its node ids, and per hop the edge type and the node it starts from."""

    ids: list[str]
    types: list[str]
    starts: list[str]


@dataclass(frozen=True)
class EdgeEntry:
    """One edge between two nodes, in its own direction, with its evidence."""

    source_id: str
    target_id: str
    type: str
    doc: str | None
    where: str | None
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

    def name_entries(self) -> list[NodeEntry]:
        """Every node with its names: what name resolution and the help examples read."""
        return _records(NodeEntry, self.fetch(NAME_ENTRIES))

    def see_also_of(self, node_id: Ids) -> list[SeeAlso]:
        """The 甲（乙） links touching these nodes, in either direction."""
        return _records(SeeAlso, self.fetch(SEE_ALSO_OF, ids=_ids(node_id)))

    def shortest_paths(self, a: str, b: str) -> list[PathEntry]:
        """Every shortest path between two nodes (edges in either direction), one per node path."""
        return _records(PathEntry, self.fetch(SHORTEST_PATHS, a=a, b=b))

    def edges_between(self, a: str, b: str) -> list[EdgeEntry]:
        """Every edge from ``a`` to ``b`` and from ``b`` to ``a``."""
        return _records(EdgeEntry, self.fetch(EDGES_BETWEEN, a=a, b=b))

    def persons_of(self, person_id: Ids) -> list[Dispatch]:
        """Where these people were sent (a person may be sent more than once)."""
        return _records(Dispatch, self.fetch(DISPATCHES_OF, ids=_ids(person_id)))

    def dispatched_to(self, hospital_id: str) -> list[Dispatch]:
        return _records(Dispatch, self.fetch(DISPATCHES_TO, ids=[hospital_id]))

    def dispatched_from(self, hospital_name: str) -> list[Dispatch]:
        return _records(Dispatch, self.fetch(DISPATCHES_FROM, names=[hospital_name]))

    # -- documents ----------------------------------------------------------------------------

    def documents(self, ids: Ids | None = None, *, include_stubs: bool = False) -> list[DocumentEntry]:
        """The corpus's documents, or those of ``ids`` (stubs included).

        Without ``ids``, the stubs of documents the corpus only cites are left out unless
        ``include_stubs``: answers print a cited document's 文号 beside its citing line.
        """
        rows = self.fetch(DOCUMENTS, ids=None if ids is None else _ids(ids))
        if ids is None and not include_stubs:
            rows = [r for r in rows if not r["stub"]]
        return _records(DocumentEntry, rows)

    def cites(self, doc_id: Ids) -> list[Citation]:
        """What these documents cite or contain (CITES and CONTAINS edges out of them)."""
        ids = set(_ids(doc_id))
        return [c for c in self._citations(ids) if c.source_id in ids]

    def cited_by(self, doc_id: Ids) -> list[Citation]:
        """The documents citing or containing these (CITES and CONTAINS edges into them)."""
        ids = set(_ids(doc_id))
        return [c for c in self._citations(ids) if c.target_id in ids]

    def _citations(self, ids: set[str]) -> list[Citation]:
        return _records(Citation, self.fetch(CITATIONS, ids=sorted(ids))) if ids else []

    def measures(self, documents: list[str] | None = None) -> list[MeasureEntry]:
        """The numbered measures of these documents (corpus files), of every document with ``None``."""
        return _records(MeasureEntry, self.fetch(MEASURES, docs=documents))

    def requirements(
        self, topic: Ids | None = None, document: Ids | None = None, province: str | None = None
    ) -> list[RequirementEntry]:
        """Requirements of a topic (or of several), in documents (corpus files) or in a province's
        documents; ``None`` means any, an empty list none."""
        docs = None if document is None else _ids(document)
        if province is not None:
            in_province = [d.file for d in self.documents() if d.file and d.region and province in d.region]
            docs = [d for d in (in_province if docs is None else docs) if d in in_province]
        topics = None if topic is None else _ids(topic)
        return _records(RequirementEntry, self.fetch(REQUIREMENTS, docs=docs, topics=topics))

    # -- the whole graph ------------------------------------------------------------------------

    def type_counts(self) -> GraphCounts:
        return GraphCounts(
            nodes={r["type"]: r["count"] for r in self.fetch(NODE_COUNTS)},
            edges={r["type"]: r["count"] for r in self.fetch(EDGE_COUNTS)},
        )
