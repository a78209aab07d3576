"""Named graph queries: each one a parameterised Cypher query beside its networkx traversal.

Why side by side: every intent must give the same answer from the embedded graph and from
Neo4j. Keeping both forms of a query in one object, with one row shape and one sort order,
makes a drift between them visible in one place and testable (tests/test_neo4j_store.py).

Row values are plain scalars or lists of scalars. Names of Neo4j properties equal the
networkx attribute names; ``names`` (the name plus every alias surface) is stored as a
list property in Neo4j and derived on the fly in networkx.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.named_query import (
    DERIVED_NODE_KEYS,
    NamedQuery,
    Row,
    derived_node_properties,
    names_of,
    typed_edges,
)
from graph.queries_documents import CITATIONS, DOCUMENTS, MEASURES, REQUIREMENTS
from graph.queries_network import (
    CROSS_PROVINCE_FLOWS,
    EDGE_COUNTS,
    EDGES_BETWEEN,
    HUBS,
    MAX_PATH_HOPS,
    NODE_COUNTS,
    RECIPIENT_DEGREES,
    SEE_ALSO_OF,
    SHORTEST_PATHS,
    SUPPORT_FILTER_CYPHER,
    SUPPORTER_DEGREES,
    filtered_support_edges,
)

__all__ = [
    "ALL_QUERIES",
    "ALL_SUPPORTS",
    "CITATIONS",
    "CROSS_PROVINCE_FLOWS",
    "DERIVED_NODE_KEYS",
    "DISPATCHES_FROM",
    "DISPATCHES_OF",
    "DISPATCHES_TO",
    "DOCUMENTS",
    "EDGES_BETWEEN",
    "EDGE_COUNTS",
    "FILTERED_SUPPORTS",
    "HOSPITALS_IN_PLACE",
    "HUBS",
    "MAX_PATH_HOPS",
    "MEASURES",
    "NAME_ENTRIES",
    "NODES",
    "NODE_COUNTS",
    "RECIPIENTS_OF",
    "RECIPIENT_DEGREES",
    "REQUIREMENTS",
    "SEE_ALSO_OF",
    "SHORTEST_PATHS",
    "SUPPORTERS_OF",
    "SUPPORTER_DEGREES",
    "NamedQuery",
    "Row",
    "derived_node_properties",
    "names_of",
]


# -- SUPPORTS edges --------------------------------------------------------------------------

_SUPPORT_RETURN = """
RETURN s.id AS supporter_id, s.name AS supporter, s.province AS supporter_province,
       r.id AS recipient_id, r.name AS recipient, r.province AS recipient_province,
       e.lead AS lead, e.program AS program, e.doc AS doc, e.where AS where, e.quote AS quote,
       e.lead_where AS lead_where, e.lead_quote AS lead_quote, e.needs AS needs,
       e.period AS period, e.county AS county, e.kind AS kind
"""


def _support_row(g: nx.MultiDiGraph, s: str, r: str, e: dict[str, Any]) -> Row:
    sd, rd = g.nodes[s], g.nodes[r]
    return {
        "supporter_id": s,
        "supporter": sd["name"],
        "supporter_province": sd.get("province"),
        "recipient_id": r,
        "recipient": rd["name"],
        "recipient_province": rd.get("province"),
        "lead": bool(e.get("lead")),
        "program": e.get("program"),
        "doc": e.get("doc"),
        "where": e.get("where"),
        "quote": e.get("quote"),
        "lead_where": e.get("lead_where"),
        "lead_quote": e.get("lead_quote"),
        "needs": list(e.get("needs") or []),
        "period": e.get("period"),
        "county": e.get("county"),
        "kind": e.get("kind"),
    }


def _support_sort(row: Row) -> tuple:
    return (row["recipient"], row["doc"], row["program"] or "", not row["lead"], row["supporter"])


def _supporters_of(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_support_row(g, s, r, e) for s, r, e in typed_edges(g, ids, "SUPPORTS", incoming=True)]


def _recipients_of(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_support_row(g, s, r, e) for s, r, e in typed_edges(g, ids, "SUPPORTS", incoming=False)]


def _all_supports(g: nx.MultiDiGraph) -> list[Row]:
    return [_support_row(g, s, r, e) for s, r, e in g.edges(data=True) if e["type"] == "SUPPORTS"]


SUPPORTERS_OF = NamedQuery(
    "supporters_of",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE r.id IN $ids" + _SUPPORT_RETURN,
    _supporters_of,
    _support_sort,
)
RECIPIENTS_OF = NamedQuery(
    "recipients_of",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE s.id IN $ids" + _SUPPORT_RETURN,
    _recipients_of,
    _support_sort,
)
ALL_SUPPORTS = NamedQuery(
    "all_supports",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity)" + _SUPPORT_RETURN,
    _all_supports,
    _support_sort,
)



def _filtered_supports(
    g: nx.MultiDiGraph,
    province: str | None = None,
    doc: str | None = None,
    program: str | None = None,
    lead_only: bool = False,
) -> list[Row]:
    chosen = filtered_support_edges(g, province, doc, program, lead_only)
    return [_support_row(g, s, r, e) for s, r, e in chosen]


FILTERED_SUPPORTS = NamedQuery(
    "filtered_supports",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE " + SUPPORT_FILTER_CYPHER + _SUPPORT_RETURN,
    _filtered_supports,
    _support_sort,
)


# -- nodes and names -------------------------------------------------------------------------

_NODE_RETURN = """
RETURN n.id AS id, n.type AS type, n.name AS name, n.names AS names, n.province AS province,
       n.prefecture AS prefecture, n.county AS county, coalesce(n.orphan, false) AS orphan,
       n.orphan_doc AS orphan_doc, n.orphan_where AS orphan_where, n.orphan_quote AS orphan_quote
"""


def _node_row(g: nx.MultiDiGraph, nid: str) -> Row:
    d = g.nodes[nid]
    return {
        "id": nid,
        "type": d["type"],
        "name": d["name"],
        "names": names_of(d),
        "province": d.get("province"),
        "prefecture": d.get("prefecture"),
        "county": d.get("county"),
        "orphan": bool(d.get("orphan")),
        "orphan_doc": d.get("orphan_doc"),
        "orphan_where": d.get("orphan_where"),
        "orphan_quote": d.get("orphan_quote"),
    }


def _nodes(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_node_row(g, n) for n in ids if n in g]


def _name_entries(g: nx.MultiDiGraph) -> list[Row]:
    return [_node_row(g, n) for n in g.nodes]


NODES = NamedQuery("nodes", "MATCH (n:Entity) WHERE n.id IN $ids" + _NODE_RETURN, _nodes, lambda r: r["id"])
NAME_ENTRIES = NamedQuery("name_entries", "MATCH (n:Entity)" + _NODE_RETURN, _name_entries, lambda r: r["id"])


# -- places ----------------------------------------------------------------------------------


def _hospitals_in_place(g: nx.MultiDiGraph, place_id: str) -> list[Row]:
    if place_id not in g:
        return []
    seen: set[str] = set()
    frontier = [place_id]
    for _ in range(3):  # hospital -> county -> prefecture -> province
        nxt = []
        for node in frontier:
            for source, _, e in g.in_edges(node, data=True):
                if e["type"] == "LOCATED_IN" and source not in seen:
                    seen.add(source)
                    nxt.append(source)
        frontier = nxt
    return [_node_row(g, n) for n in seen if g.nodes[n]["type"] == "Hospital"]


HOSPITALS_IN_PLACE = NamedQuery(
    "hospitals_in_place",
    "MATCH (n:Entity)-[:LOCATED_IN*1..3]->(p:Entity {id: $place_id}) WHERE n.type = 'Hospital' "
    "WITH DISTINCT n" + _NODE_RETURN,
    _hospitals_in_place,
    lambda r: r["id"],
)


# -- people ----------------------------------------------------------------------------------

_DISPATCH_RETURN = """
RETURN p.id AS person_id, p.name AS person, e.from_hospital AS from_hospital,
       h.id AS to_id, h.name AS to_hospital, e.period AS period, e.row AS row, e.notes AS notes,
       e.program AS program, e.doc AS doc, e.where AS where, e.quote AS quote
"""


def _dispatch_row(g: nx.MultiDiGraph, p: str, h: str, e: dict[str, Any]) -> Row:
    return {
        "person_id": p,
        "person": g.nodes[p]["name"],
        "from_hospital": e.get("from_hospital"),
        "to_id": h,
        "to_hospital": g.nodes[h]["name"],
        "period": e.get("period"),
        "row": e.get("row"),
        "notes": e.get("notes"),
        "program": e.get("program"),
        "doc": e.get("doc"),
        "where": e.get("where"),
        "quote": e.get("quote"),
    }


def _dispatches_of(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_dispatch_row(g, p, h, e) for p, h, e in typed_edges(g, ids, "DISPATCHED_TO", incoming=False)]


def _dispatches_to(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_dispatch_row(g, p, h, e) for p, h, e in typed_edges(g, ids, "DISPATCHED_TO", incoming=True)]


def _dispatches_from(g: nx.MultiDiGraph, names: list[str]) -> list[Row]:
    wanted = set(names)
    return [
        _dispatch_row(g, p, h, e)
        for p, h, e in g.edges(data=True)
        if e["type"] == "DISPATCHED_TO" and e.get("from_hospital") in wanted
    ]


def _dispatch_sort(row: Row) -> tuple:
    return (row["to_hospital"], row["person"], row["doc"], str(row["row"]))


DISPATCHES_OF = NamedQuery(
    "dispatches_of",
    "MATCH (p:Entity)-[e:DISPATCHED_TO]->(h:Entity) WHERE p.id IN $ids" + _DISPATCH_RETURN,
    _dispatches_of,
    _dispatch_sort,
)
DISPATCHES_TO = NamedQuery(
    "dispatches_to",
    "MATCH (p:Entity)-[e:DISPATCHED_TO]->(h:Entity) WHERE h.id IN $ids" + _DISPATCH_RETURN,
    _dispatches_to,
    _dispatch_sort,
)

DISPATCHES_FROM = NamedQuery(
    "dispatches_from",
    "MATCH (p:Entity)-[e:DISPATCHED_TO]->(h:Entity) WHERE e.from_hospital IN $names" + _DISPATCH_RETURN,
    _dispatches_from,
    _dispatch_sort,
)


ALL_QUERIES: tuple[NamedQuery, ...] = (
    SUPPORTERS_OF,
    RECIPIENTS_OF,
    ALL_SUPPORTS,
    NODES,
    NAME_ENTRIES,
    HOSPITALS_IN_PLACE,
    DISPATCHES_OF,
    DISPATCHES_TO,
    DISPATCHES_FROM,
    DOCUMENTS,
    CITATIONS,
    REQUIREMENTS,
    MEASURES,
    HUBS,
    SHORTEST_PATHS,
    EDGES_BETWEEN,
    FILTERED_SUPPORTS,
    SUPPORTER_DEGREES,
    RECIPIENT_DEGREES,
    CROSS_PROVINCE_FLOWS,
    NODE_COUNTS,
    EDGE_COUNTS,
)
