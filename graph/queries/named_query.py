"""The named-query object shared by both stores, and the traversal helpers its queries use.

A :class:`NamedQuery` carries its Cypher text and its networkx function side by side, with
one row shape and one sort: the queries themselves live in the topic modules of :mod:`graph.queries`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

Row = dict[str, Any]


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    networkx: Callable[..., list[Row]]
    sort_key: Callable[[Row], Any] | None = None
    finish: Callable[[list[Row]], list[Row]] | None = None  # applied to both stores' rows

    def sort(self, rows: list[Row]) -> list[Row]:
        """The one place rows are put in final form and order, whichever store gave them."""
        if self.finish is not None:
            rows = self.finish(rows)
        return sorted(rows, key=self.sort_key) if self.sort_key else rows

    def run_networkx(self, graph: nx.MultiDiGraph, **params: Any) -> list[Row]:
        return self.sort(self.networkx(graph, **params))


def names_of(data: dict[str, Any]) -> list[str]:
    """The node's name followed by its alias surfaces, without repeats."""
    return list(dict.fromkeys([data["name"], *(a["surface"] for a in data.get("aliases", []))]))


# Properties a database store keeps beside a node's own, because the Cypher side of the
# queries below reads them: every writer to Neo4j (loader, Cypher script, import CSV) adds them.
DERIVED_NODE_KEYS: tuple[str, ...] = ("names", "first_quote", "first_where")


def derived_node_properties(node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """``names`` (name + alias surfaces) and the first evidence's quote and section."""
    props: dict[str, Any] = {
        "names": names_of({"name": attrs.get("name") or node, "aliases": attrs.get("aliases") or []})
    }
    evidence = attrs.get("evidence") or []
    first = evidence[0] if evidence and isinstance(evidence[0], dict) else {}
    for key, source in (("first_quote", "quote"), ("first_where", "where")):
        if first.get(source) is not None:
            props[key] = first[source]
    return props


def typed_edges(
    g: nx.MultiDiGraph, ids: list[str], edge_type: str, *, incoming: bool
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(source, target, data) of the edges of one type into (or out of) the given nodes."""
    for node in ids:
        if node in g:
            edges = g.in_edges(node, data=True) if incoming else g.out_edges(node, data=True)
            yield from ((u, v, e) for u, v, e in edges if e["type"] == edge_type)


def incident_edges(g: nx.MultiDiGraph, ids: list[str], types: tuple[str, ...]) -> list[tuple[str, str, dict]]:
    """Edges of these types touching any of the nodes, each once: no scan of the whole graph."""
    seen: dict[tuple[str, str, str], tuple[str, str, dict]] = {}
    for node in ids:
        if node in g:
            for u, v, k, e in [
                *g.out_edges(node, keys=True, data=True),
                *g.in_edges(node, keys=True, data=True),
            ]:
                if e["type"] in types:
                    seen[(u, v, k)] = (u, v, e)
    return list(seen.values())
