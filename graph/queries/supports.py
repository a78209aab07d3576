"""Named queries about pairings (SUPPORTS edges): who supports whom, filtered for the explore view.

Each query carries its Cypher text and its networkx traversal side by side (see
:mod:`graph.queries.named_query`), with one row shape (``_SUPPORT_RETURN`` / ``_support_row``)
and one sort, so both stores give the same rows (tests/test_neo4j_store.py checks row parity).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.queries.named_query import NamedQuery, Row, typed_edges

__all__ = [
    "ALL_SUPPORTS",
    "FILTERED_SUPPORTS",
    "RECIPIENTS_OF",
    "SUPPORTERS_OF",
    "SUPPORT_FILTER_CYPHER",
    "filtered_support_edges",
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


# -- the explore filters: one filter, written once per store form, shared by the filtered pairings
# here and the degree and flow counts of graph.queries.network, so the table, the hub list and the
# flow matrix of the explore view always count the same pairings.

SUPPORT_FILTER_CYPHER = (
    "($province IS NULL OR s.province = $province OR r.province = $province) "
    "AND ($doc IS NULL OR e.doc = $doc) AND ($program IS NULL OR e.program = $program) "
    "AND (NOT $lead_only OR coalesce(e.lead, false))"
)


def filtered_support_edges(
    g: nx.MultiDiGraph,
    province: str | None = None,
    doc: str | None = None,
    program: str | None = None,
    lead_only: bool = False,
) -> list[tuple[str, str, dict]]:
    """(supporter, recipient, edge data) of the SUPPORTS edges passing the explore filters."""
    chosen = []
    for s, r, e in g.edges(data=True):
        if e["type"] != "SUPPORTS":
            continue
        if province is not None and province not in (g.nodes[s].get("province"), g.nodes[r].get("province")):
            continue
        if (doc is not None and e.get("doc") != doc) or (program is not None and e.get("program") != program):
            continue
        if lead_only and not e.get("lead"):
            continue
        chosen.append((s, r, e))
    return chosen


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
