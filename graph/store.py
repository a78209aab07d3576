"""One query interface, two stores: embedded networkx (default) and Neo4j over Bolt.

Callers outside graph/ (the answers of query/, the front door) use the typed methods of
:class:`graph.contract.StoreContract`. Those run a :class:`graph.queries.named_query.NamedQuery`
(its Cypher text and its networkx traversal side by side) through the store's ``fetch`` and get
the same rows from either store; ``fetch`` itself is graph/'s own (the contract, the parity
tests): query/ may not call it (tests/test_query_contract.py, the import-linter contracts).
"""

from __future__ import annotations

from typing import Any, Protocol

import networkx as nx

from graph.contract import StoreContract
from graph.queries.named_query import NamedQuery


class GraphStore(Protocol):
    """What a store implements: named queries; the typed methods of
    :class:`graph.contract.StoreContract`, which every caller outside graph/ uses, are built on
    them and both stores inherit those."""

    backend: str  # "networkx" | "neo4j"

    def fetch(self, query: NamedQuery, **params: Any) -> list[dict[str, Any]]:
        """Run a named query; rows are plain dicts with the query's documented keys."""
        ...

    def close(self) -> None: ...


class NetworkxStore(StoreContract):
    """The embedded store: the graph lives in this process."""

    backend = "networkx"

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def fetch(self, query: NamedQuery, **params: Any) -> list[dict[str, Any]]:
        return query.run_networkx(self.graph, **params)

    def whole_graph(self) -> nx.MultiDiGraph:
        """The graph itself (exports); the Neo4j store reads its copy back from the server."""
        return self.graph

    def close(self) -> None:
        return None
