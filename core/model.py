"""The data model of the graph: node and edge types, ids, evidence and aliases.

Both stores (networkx, Neo4j) and every export hold exactly these attributes, so this
module is the contract between extraction, queries, exports and the UI.

Node attributes (all nodes): ``id``, ``type`` (a :class:`NodeType` value), ``name``,
``aliases`` (list of :class:`Alias` dicts), ``evidence`` (list of :class:`Evidence` dicts),
plus per-type attributes listed in :data:`NODE_ATTRIBUTES`.

Edge attributes (all edges): ``type`` (an :class:`EdgeType` value), ``doc`` (corpus file
name), ``where`` (section or table row), ``quote`` (the source line), plus per-type
attributes listed in :data:`EDGE_ATTRIBUTES`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from core.vocab.loader import table, vocab_cached


class NodeType(StrEnum):
    PROVINCE = "Province"
    PREFECTURE = "Prefecture"
    COUNTY = "County"
    HOSPITAL = "Hospital"
    PERSON = "Person"
    DOCUMENT = "Document"
    PROGRAM = "Program"
    REQUIREMENT = "Requirement"
    MEASURE = "Measure"


class EdgeType(StrEnum):
    SUPPORTS = "SUPPORTS"  # Hospital -> Hospital (supporter -> recipient)
    LOCATED_IN = "LOCATED_IN"  # Hospital -> County|Prefecture|Province; County -> Prefecture -> Province
    DISPATCHED_TO = "DISPATCHED_TO"  # Person -> Hospital (recipient)
    MEMBER_OF = "MEMBER_OF"  # Person -> Hospital (the sending hospital)
    CITES = "CITES"  # Document -> Document
    CONTAINS = "CONTAINS"  # Document -> Document (a forwarded notice printed inside)
    ESTABLISHES = "ESTABLISHES"  # Document -> Program
    REQUIRES = "REQUIRES"  # Document -> Requirement
    RECOMMENDS = "RECOMMENDS"  # Document -> Measure
    SEE_ALSO = "SEE_ALSO"  # Hospital -> Hospital: printed together as 甲（乙） but used apart



class _Labels(Mapping[str, str]):
    """A label table of ``core/vocab/labels.tsv``, read on first use (nothing at import time)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _table(self) -> dict[str, str]:
        return labels(self.kind)

    def __getitem__(self, key: str) -> str:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __or__(self, other: Mapping[str, str]) -> dict[str, str]:
        return {**self._table(), **other}

    def __ror__(self, other: Mapping[str, str]) -> dict[str, str]:
        return {**other, **self._table()}


@vocab_cached
def labels(kind: str) -> dict[str, str]:
    """``key -> label`` of one kind of ``core/vocab/labels.tsv`` (node_type, edge_type, document)."""
    return {row["key"]: row["label"] for row in table("labels.tsv", required=("kind", "key", "label"))
            if row["kind"] == kind}


NODE_TYPE_LABELS: Mapping[str, str] = _Labels("node_type")
EDGE_TYPE_LABELS: Mapping[str, str] = _Labels("edge_type")
# A build problem's kind (core.records.Problem.kind) as the CLI and the app list it.
PROBLEM_LABELS: Mapping[str, str] = _Labels("problem")
EDGE_VERBS: Mapping[str, str] = _Labels("edge_verb")  # 帮扶, 位于 …: one hop of a relation path


def document_label(number: str | None, title: str | None, fallback: str = "") -> str:
    """How a document is named to users: ``文号《标题》``, or what of the two it has, or ``fallback``."""
    forms = labels("document")
    if number and title:
        return forms["number_title"].format(number=number, title=title)
    if title:
        return forms["title_only"].format(title=title)
    if number:
        return forms["number_only"].format(number=number)
    return fallback


# Attributes beyond id/type/name/aliases/evidence, per node type (None when unknown).
NODE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    NodeType.PROVINCE: ("admin_code",),
    NodeType.PREFECTURE: ("admin_code", "province"),
    NodeType.COUNTY: ("admin_code", "province", "prefecture"),
    NodeType.HOSPITAL: ("province", "prefecture", "county", "level"),
    NodeType.PERSON: ("hospital", "notes"),
    NodeType.DOCUMENT: ("file", "number", "title", "issuers", "date", "year", "region", "period",
                        "number_source"),
    NodeType.PROGRAM: ("doc", "period", "year", "region"),
    NodeType.REQUIREMENT: ("doc", "topic", "text", "value", "unit", "subject", "section"),
    NodeType.MEASURE: ("doc", "ordinal", "category", "title", "text"),
}

EDGE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    EdgeType.SUPPORTS: ("lead", "kind", "program", "county", "needs", "period", "row"),
    EdgeType.DISPATCHED_TO: ("from_hospital", "period", "row", "notes", "program"),
    EdgeType.MEMBER_OF: (),
    EdgeType.LOCATED_IN: (),
    EdgeType.CITES: ("number", "title"),
    EdgeType.CONTAINS: ("number",),
    EdgeType.ESTABLISHES: (),
    EdgeType.REQUIRES: (),
    EdgeType.RECOMMENDS: (),
    EdgeType.SEE_ALSO: ("note",),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: corpus file name, section or table row, and the quoted line."""

    doc: str
    where: str
    quote: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Alias:
    """A surface form of a node's name, with where it was seen."""

    surface: str
    doc: str
    where: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


_ID_PREFIX: dict[str, str] = {
    NodeType.PROVINCE: "province",
    NodeType.PREFECTURE: "prefecture",
    NodeType.COUNTY: "county",
    NodeType.HOSPITAL: "hospital",
    NodeType.PERSON: "person",
    NodeType.DOCUMENT: "doc",
    NodeType.PROGRAM: "program",
    NodeType.REQUIREMENT: "req",
    NodeType.MEASURE: "measure",
}


def node_id(node_type: NodeType | str, key: str) -> str:
    """A stable, readable node id: ``hospital:云南省肿瘤医院``, ``county:530128``.

    Keys: hospitals by canonical name; places by admin code (or full name when the
    gazetteer lacks one); documents by corpus file name; persons by ``hospital/name``;
    programs by ``file#label``; requirements and measures by ``file#ordinal``.
    """
    return f"{_ID_PREFIX[NodeType(node_type)]}:{key}"


def node_type_of(node_id_: str) -> NodeType:
    prefix = node_id_.split(":", 1)[0]
    for node_type, known in _ID_PREFIX.items():
        if known == prefix:
            return NodeType(node_type)
    raise ValueError(f"not a bangfu node id: {node_id_!r}")
