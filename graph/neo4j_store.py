"""The Neo4j store: the same named queries as :class:`graph.store.NetworkxStore`, run over Bolt.

Why it is this thin: each :class:`graph.queries.named_query.NamedQuery` carries its own Cypher, so this
class only runs it with parameters, undoes the property encoding the loader used
(:mod:`graph.export.flatten`), and applies the query's own final sort, the same code the
networkx rows go through. Anything smarter here would be a second place for the two stores
to drift apart.

Every driver failure a user can cause (server down, wrong password, unknown database, a
query the server rejects) becomes a :class:`core.errors.StoreError` with one Chinese
sentence, so the CLI and the chat show a message instead of a traceback.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

import networkx as nx
from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from core.errors import StoreError
from core.messages import message
from graph.contract import StoreContract
from graph.export.flatten import unflatten
from graph.queries.named_query import DERIVED_NODE_KEYS, NamedQuery, Row

__all__ = ["BOLT_SCHEMES", "DEFAULT_TIMEOUT", "Neo4jStore", "decode_row", "store_error"]

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for a connection: long enough for a cloud server, short enough that a
wrong address in the chat's settings fails while the user is still looking."""

_DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
BOLT_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
"""URI schemes served over Bolt. The driver also takes ``http(s)://`` (its Query API preview,
which needs extra packages); bangfu does not, so such a URI is refused with a clear message."""


def store_error(
    err: BaseException, *, uri: str | None = None, database: str | None = None, query: str | None = None
) -> StoreError:
    """The one Chinese sentence for a driver failure; the driver's own text goes in ``detail``."""
    # One line, whatever the driver says: the CLI and the chat print it after the sentence.
    detail = " ".join((getattr(err, "message", None) or str(err)).split())
    detail = detail if len(detail) <= 300 else detail[:299] + "…"
    where = f" {uri}" if uri else ""
    # Refused or unreachable: the Chinese sentence says all a user can act on.
    if isinstance(err, AuthError):
        return StoreError(message("E801"))
    if isinstance(err, ServiceUnavailable | SessionExpired):
        return StoreError(message("E802", where=where))
    if isinstance(err, Neo4jError) and err.code == _DATABASE_NOT_FOUND:
        name = message("E803", database=database) if database else ""
        return StoreError(message("E804", name=name), detail=detail)
    if isinstance(err, ConfigurationError | ValueError):
        return StoreError(message("E805", uri=uri or ""), detail=detail)
    if isinstance(err, Neo4jError):
        action = message("E806", query=query) if query else ""
        return StoreError(message("E807", action=action), detail=f"{err.code}: {detail}")
    return StoreError(message("E808"), detail=f"{type(err).__name__}: {detail}")


def decode_row(row: dict[str, Any]) -> Row:
    """Undo :func:`graph.export.cypher.neo4j_property`: JSON-text columns back to lists and dicts.

    The named queries return scalars and lists of scalars, which Neo4j holds natively; this
    only matters for a column that reads a JSON-encoded property, and costs nothing otherwise.
    """
    return unflatten(row, where=message("P801"))


@cache
def _default_params(query: NamedQuery) -> dict[str, Any]:
    """The networkx function's keyword defaults (``limit=10``, ``docs=None`` …).

    Cypher has no defaults: a missing ``$limit`` is an error there but a default in Python,
    so the caller may leave out exactly what it may leave out on the networkx store.
    """
    return {
        name: parameter.default
        for name, parameter in inspect.signature(query.networkx).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


class Neo4jStore(StoreContract):
    """A :class:`graph.store.GraphStore` over a Bolt driver (Neo4j, AuraDB, a cluster, ArcadeDB …)."""

    backend = "neo4j"

    def __init__(self, driver: Driver, database: str | None = None, *, uri: str | None = None) -> None:
        self.driver = driver
        self.database = database
        self.uri = uri

    @classmethod
    def connect(
        cls,
        uri: str,
        user: str,
        password: str,
        database: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Neo4jStore:
        """Open a driver and prove it works now (address, password, database), not at the first question.

        ``neo4j://`` URIs route reads to cluster members; ``bolt://`` talks to one server.
        """
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in BOLT_SCHEMES:
            raise store_error(ValueError(f"unsupported scheme {scheme or '(none)'}"), uri=uri)
        try:
            driver = GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=timeout, notifications_min_severity="OFF"
            )
        except (ConfigurationError, ValueError) as err:
            raise store_error(err, uri=uri) from err
        try:
            driver.verify_connectivity()
            # verify_connectivity does not open the database; a query does.
            with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
                session.run("RETURN 1 AS ok").consume()
        except (Neo4jError, DriverError) as err:
            driver.close()
            raise store_error(err, uri=uri, database=database) from err
        except BaseException:
            driver.close()
            raise
        return cls(driver, database, uri=uri)

    def fetch(self, query: NamedQuery, **params: Any) -> list[Row]:
        """Run ``query.cypher`` in a read transaction (replicas may answer) and return sorted rows."""
        arguments = {**_default_params(query), **params}

        def work(tx: ManagedTransaction) -> list[Row]:
            return [decode_row(record.data()) for record in tx.run(query.cypher, **arguments)]

        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                rows = session.execute_read(work)
        except (Neo4jError, DriverError) as err:
            raise store_error(err, uri=self.uri, database=self.database, query=query.name) from err
        return query.sort(rows)

    def whole_graph(self) -> nx.MultiDiGraph:
        """The bangfu graph on the server read back into networkx, for exports served from Neo4j.

        Inverse of :mod:`graph.neo4j_load`: JSON-text properties decoded, the properties the
        loader derives for the Cypher queries (``names``, ``first_quote`` …) and the load keys
        (``id`` of nodes, ``key`` of relationships) dropped again, the type put back on edges.
        """
        graph = nx.MultiDiGraph()
        nodes = self._read("MATCH (n:Entity) RETURN n.id AS id, properties(n) AS props ORDER BY id")
        for row in nodes:
            props = decode_row(row["props"])
            for key in ("id", *DERIVED_NODE_KEYS):
                props.pop(key, None)
            graph.add_node(row["id"], **props)
        edges = self._read(
            "MATCH (a:Entity)-[e]->(b:Entity) RETURN a.id AS source, b.id AS target, type(e) AS type, "
            "properties(e) AS props ORDER BY source, target, type"
        )
        for row in edges:
            props = decode_row(row["props"])
            key = props.pop("key", None)
            graph.add_edge(row["source"], row["target"], key=key, **{**props, "type": row["type"]})
        return graph

    def _read(self, cypher: str) -> list[Row]:
        try:
            with self.driver.session(database=self.database, default_access_mode=READ_ACCESS) as session:
                return session.execute_read(lambda tx: [r.data() for r in tx.run(cypher)])
        except (Neo4jError, DriverError) as err:
            raise store_error(err, uri=self.uri, database=self.database, query="whole_graph") from err

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) of the bangfu graph on the server."""
        from graph.neo4j_load import count_graph

        return count_graph(self)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri or '?'}, database={self.database!r})"
