"""Adding nodes and edges to the graph so that seeing a fact again merges, never duplicates.

Aliases and evidence accumulate on the node or edge already there; the first non-empty value
of an attribute wins. Every builder step writes through one :class:`GraphWriter`.

Why the writer keeps its own indexes: a programme node and its ESTABLISHES edge collect one
evidence entry per table row, so checking "seen this place already?" by scanning the stored
list made a build quadratic in a document's size (a 1 MB table took minutes). The graph keeps
plain lists (exports and stores read them in order); the writer answers "seen?" from a set.

Why evidence dicts are shared: one table row is cited by its SUPPORTS edge, both hospitals,
the programme and the ESTABLISHES edge. The writer makes one dict per distinct evidence and
puts that same dict in every list that cites it (nothing changes an evidence dict once
written), so a 10 MB table holds one dict a row instead of five, and the cache pickles each once.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from core.model import EdgeType, Evidence, NodeType

__all__ = ["GraphWriter"]


class GraphWriter:
    """Adds nodes and edges, merging aliases and evidence when a node or edge is seen again."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        # (owner, doc, where) already in an evidence list; owner is a node id or an edge triple
        self._evidence_seen: set[tuple[Hashable, str, str]] = set()
        self._aliases_seen: set[tuple[str, str, str, str]] = set()  # (node, surface, doc, where)
        self._evidence_dicts: dict[Evidence, dict[str, str]] = {}  # one shared dict per evidence

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
            self.add_evidence(nid, data["evidence"], evidence)
        return nid

    def alias(self, nid: str, surface: str, doc: str, where: str) -> None:
        data = self.g.nodes[nid]
        if surface == data["name"]:
            return
        seen = (nid, surface, doc, where)
        if seen not in self._aliases_seen:
            self._aliases_seen.add(seen)
            data["aliases"].append({"surface": surface, "doc": doc, "where": where})

    def add_evidence(self, owner: Hashable, items: list[dict[str, str]], evidence: Evidence) -> bool:
        """Append ``evidence`` to ``owner``'s list unless its (doc, where) is there; True if added."""
        seen = (owner, evidence.doc, evidence.where)
        if seen in self._evidence_seen:
            return False
        self._evidence_seen.add(seen)
        shared = self._evidence_dicts.get(evidence)
        if shared is None:  # as_dict() without dataclasses.asdict's deep copy: 5x faster
            shared = self._evidence_dicts[evidence] = dict(vars(evidence))
        items.append(shared)
        return True

    def edge(
        self, source: str, target: str, edge_type: EdgeType, key: str, evidence: Evidence, **attrs: Any
    ) -> dict[str, Any]:
        owner = (source, target, key)
        if self.g.has_edge(source, target, key):
            data = self.g.edges[source, target, key]
            self.add_evidence(owner, data["evidence"], evidence)
            return data
        self.g.add_edge(
            source,
            target,
            key=key,
            type=str(edge_type),
            doc=evidence.doc,
            where=evidence.where,
            quote=evidence.quote,
            evidence=[],
            **attrs,
        )
        data = self.g.edges[source, target, key]
        self.add_evidence(owner, data["evidence"], evidence)
        return data

    def located_in(self, nid: str, place_id: str, evidence: Evidence) -> None:
        """One LOCATED_IN edge per node and place, citing where the location was read first."""
        if not self.g.has_edge(nid, place_id, "LOCATED_IN"):
            self.edge(nid, place_id, EdgeType.LOCATED_IN, "LOCATED_IN", evidence)
