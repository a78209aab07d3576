"""Named queries about places: the hospitals inside a county, prefecture or province."""

from __future__ import annotations

import networkx as nx

from graph.queries.named_query import NamedQuery, Row
from graph.queries.nodes import NODE_RETURN, node_row

__all__ = ["HOSPITALS_IN_PLACE"]


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
    return [node_row(g, n) for n in seen if g.nodes[n]["type"] == "Hospital"]


HOSPITALS_IN_PLACE = NamedQuery(
    "hospitals_in_place",
    "MATCH (n:Entity)-[:LOCATED_IN*1..3]->(p:Entity {id: $place_id}) WHERE n.type = 'Hospital' "
    "WITH DISTINCT n" + NODE_RETURN,
    _hospitals_in_place,
    lambda r: r["id"],
)
