"""Named queries about people: who was dispatched where, from which hospital, by which table row."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.queries.named_query import NamedQuery, Row, typed_edges

__all__ = ["DISPATCHES_FROM", "DISPATCHES_OF", "DISPATCHES_TO"]


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
