"""Adding nodes and edges to the graph so that seeing a fact again merges, never duplicates.

Aliases and evidence accumulate on the node or edge already there; the first non-empty value
of an attribute wins. Every builder step writes through one :class:`GraphWriter`.

Why the writer keeps its own indexes: a programme node and its ESTABLISHES edge collect one
evidence entry per table row, so checking "seen this place already?" by scanning the stored
list made a build quadratic in a document's size (a 1 MB table took minutes). The graph keeps
plain lists (exports and stores read them in order); a short list (most edges cite one row) is
scanned, and a list past :data:`SCAN_LIMIT` entries gets an index, per document, of the places
(``where``) it holds: the strings are the evidence's own, so the index costs a set slot each.

Why evidence dicts are shared: one table row is cited by its SUPPORTS edge, both hospitals,
the programme and the ESTABLISHES edge, one after the other. The writer reuses the dict it made
for the evidence it was just given (nothing changes an evidence dict once written), so a 10 MB
table holds one dict a row instead of five, and the cache pickles each once. Node ids are kept
as one string each for the same reason (every edge stores its two ends).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from core.model import EdgeType, Evidence, NodeType

__all__ = ["SCAN_LIMIT", "GraphWriter"]

# An evidence list up to this long is scanned for a place already cited; a longer one is indexed.
SCAN_LIMIT = 8


class GraphWriter:
    """Adds nodes and edges, merging aliases and evidence when a node or edge is seen again."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        # owner (a node id or an edge triple) -> doc -> the places of that doc in its evidence
        # list, for lists longer than SCAN_LIMIT
        self._places_of: dict[Hashable, dict[str, set[str]]] = {}
        self._aliases_seen: set[tuple[str, str, str, str]] = set()  # (node, surface, doc, where)
        self._last: tuple[Evidence, dict[str, str]] | None = None  # the evidence last written, as a dict
        self._ids: dict[str, str] = {}  # one string object per node id

    def node(
        self, nid: str, node_type: NodeType, name: str, evidence: Evidence | None = None, **attrs: Any
    ) -> str:
        g = self.g
        nid = self._ids.setdefault(nid, nid)
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
        doc, where = evidence.doc, evidence.where
        if len(items) < SCAN_LIMIT:
            for item in items:
                if item["where"] == where and item["doc"] == doc:
                    return False
        else:
            places = self._places_of.get(owner)
            if places is None:  # the list just grew past the limit: index what it holds
                places = self._places_of[owner] = {}
                for item in items:
                    places.setdefault(item["doc"], set()).add(item["where"])
            in_doc = places.setdefault(doc, set())
            if where in in_doc:
                return False
            in_doc.add(where)
        items.append(self._as_dict(evidence))
        return True

    def _as_dict(self, evidence: Evidence) -> dict[str, str]:
        """The evidence as a dict, the same dict as last time when it is the same evidence."""
        last = self._last
        if last is not None and (last[0] is evidence or last[0] == evidence):
            return last[1]
        as_dict = {"doc": evidence.doc, "where": evidence.where, "quote": evidence.quote}  # 5x asdict()
        self._last = (evidence, as_dict)
        return as_dict

    def edge(
        self, source: str, target: str, edge_type: EdgeType, key: str, evidence: Evidence, **attrs: Any
    ) -> dict[str, Any]:
        source, target = self._ids.setdefault(source, source), self._ids.setdefault(target, target)
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
