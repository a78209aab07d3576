"""Open the graph store a command or the app should answer from.

The embedded networkx store is the default; Neo4j is used when a Bolt URI is given (option
or ``NEO4J_URI``). The UI and the CLI only ever hold the :class:`graph.store.GraphStore`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.store import GraphStore, NetworkxStore


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Neo4jSettings | None:
        """Options win over ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            return None
        return cls(
            uri=uri,
            user=user or os.environ.get("NEO4J_USER", "neo4j"),
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD", ""),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )


def open_store(corpus: Path, neo4j: Neo4jSettings | None = None) -> GraphStore:
    """Neo4j when settings are given, else the embedded graph built (or cached) from ``corpus``."""
    if neo4j is not None:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.connect(neo4j.uri, neo4j.user, neo4j.password, database=neo4j.database)
    from graph.cache import load_or_build

    result, _ = load_or_build(corpus)
    return NetworkxStore(result.graph)
