"""Adding nodes and edges to the graph so that seeing a fact again merges, never duplicates.

Aliases and evidence accumulate on the node or edge already there; the first non-empty value
of an attribute wins. Every builder step writes through one :class:`GraphWriter`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from core.model import EdgeType, Evidence, NodeType


class GraphWriter:
    """Adds nodes and edges, merging aliases and evidence when a node or edge is seen again."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()

    def node(
        self, nid: str, node_type: NodeType, name: str, evidence: Evidence | None = None, **attrs: Any
    ) -> str:
        g = self.g
        if nid not in g:
            g.add_node(nid, id=nid, type=str(node_type), name=name, aliases=[], evidence=[])
        data = g.nodes[nid]
        for key, value in attrs.items():
            if value not in (None, "", []) and data.get(key) in (None, "", []):
                data[key] = value
        if evidence is not None:
            self._add_evidence(data["evidence"], evidence)
        return nid

    def alias(self, nid: str, surface: str, doc: str, where: str) -> None:
        data = self.g.nodes[nid]
        if surface == data["name"]:
            return
        entry = {"surface": surface, "doc": doc, "where": where}
        if entry not in data["aliases"]:
            data["aliases"].append(entry)

    @staticmethod
    def _add_evidence(items: list[dict[str, str]], evidence: Evidence) -> None:
        entry = evidence.as_dict()
        if all((e["doc"], e["where"]) != (entry["doc"], entry["where"]) for e in items):
            items.append(entry)

    def edge(
        self, source: str, target: str, edge_type: EdgeType, key: str, evidence: Evidence, **attrs: Any
    ) -> dict[str, Any]:
        if self.g.has_edge(source, target, key):
            data = self.g.edges[source, target, key]
            self._add_evidence(data["evidence"], evidence)
            return data
        self.g.add_edge(
            source,
            target,
            key=key,
            type=str(edge_type),
            doc=evidence.doc,
            where=evidence.where,
            quote=evidence.quote,
            evidence=[evidence.as_dict()],
            **attrs,
        )
        return self.g.edges[source, target, key]

    def located_in(self, nid: str, place_id: str, evidence: Evidence) -> None:
        """One LOCATED_IN edge per node and place, citing where the location was read first."""
        if not self.g.has_edge(nid, place_id, "LOCATED_IN"):
            self.edge(nid, place_id, EdgeType.LOCATED_IN, "LOCATED_IN", evidence)
