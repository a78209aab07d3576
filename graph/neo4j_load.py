"""Write the graph into a running Neo4j (or any Bolt server that speaks Cypher), idempotently.

Why a loader beside the ``cypher`` export: the script is one statement per element, which is
fine for a researcher's ``cypher-shell -f`` but slow and unsafe to generate for a big graph.
Here every statement is a fixed text with parameters (``UNWIND $rows AS r MERGE …``): names
travel only as parameter values, never inside the Cypher, so quotes, backslashes or ``}`` in
a hospital name cannot break or alter a statement, and the server can cache the plans.

What the database holds (the same as :mod:`graph.export.cypher` writes, so a graph loaded
either way answers the same queries):

* every node has the label ``Entity`` plus its type label (``Hospital`` …) and the property
  ``id``; other attributes are properties, nested values as JSON text named per
  :mod:`graph.export.flatten` (via :func:`graph.export.cypher.neo4j_property`);
* derived properties the named queries read (:mod:`graph.queries`): ``names`` (name plus
  alias surfaces, a list) and ``first_quote`` / ``first_where`` (from the node's first
  evidence, read by the requirement and measure queries);
* every edge is a relationship of its :class:`core.model.EdgeType`, with the networkx edge
  key in ``key``; ``(source, target, type, key)`` is unique, which is what MERGE matches on.

Idempotent: nodes are MERGEd on ``id`` and relationships on ``key`` between their two ends,
then their properties are *replaced* (``SET n = …``), so loading twice changes nothing and
loading after a rebuild updates properties in place. Elements that disappeared from the
corpus stay until ``wipe=True``, which deletes the bangfu graph (every ``Entity`` node and
its relationships) first.

Labels and relationship types cannot be parameters in Cypher; they are taken from the fixed
:class:`NodeType` / :class:`EdgeType` enums, one statement text per type, never from data.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from core.errors import ExportError, StoreError
from core.messages import message
from core.model import EdgeType, NodeType
from graph.export.cypher import ENTITY_LABEL, ID_CONSTRAINT, neo4j_property
from graph.export.flatten import edge_items, node_items
from graph.neo4j_store import store_error
from graph.queries.named_query import DERIVED_NODE_KEYS, derived_node_properties

__all__ = ["LoadReport", "count_graph", "edge_rows", "load_graph", "node_rows", "wipe_graph"]

ID_INDEX = f"CREATE INDEX bangfu_entity_id IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.id)"
"""Fallback when the server refuses the uniqueness constraint (Community editions of some
Bolt servers, or an existing index on the same key): MERGE still finds nodes by index."""

"""Properties the loader adds for the named queries; not graph attributes."""

_MERGE_NODES = f"UNWIND $rows AS r MERGE (n:{ENTITY_LABEL} {{id: r.id}}) SET n = r.props"
# One statement per type: a label is part of the statement text, so it comes from the enum.
_SET_LABEL = {t: f"MATCH (n:{ENTITY_LABEL}) WHERE n.type = $type SET n:{t.value}" for t in NodeType}
_DROP_LABEL = {t: f"MATCH (n:{t.value}) WHERE n.type <> $type REMOVE n:{t.value}" for t in NodeType}
_MERGE_EDGES = {
    t: (
        f"UNWIND $rows AS r MATCH (a:{ENTITY_LABEL} {{id: r.source}}) "
        f"MATCH (b:{ENTITY_LABEL} {{id: r.target}}) "
        f"MERGE (a)-[e:{t.value} {{key: r.key}}]->(b) SET e = r.props"
    )
    for t in EdgeType
}
_WIPE_BATCH = f"MATCH (n:{ENTITY_LABEL}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
_COUNT_NODES = f"MATCH (n:{ENTITY_LABEL}) RETURN count(n) AS count"
_COUNT_EDGES = f"MATCH (:{ENTITY_LABEL})-[e]->(:{ENTITY_LABEL}) RETURN count(e) AS count"


@dataclass(frozen=True)
class LoadReport:
    """What a load left in the database: counts are read back from the server, not assumed."""

    nodes: int
    edges: int
    seconds: float
    schema: str = "constraint"  # "constraint" | "index" | "none": how node ids are indexed
    notes: tuple[str, ...] = field(default_factory=tuple)  # Chinese remarks worth printing


# --- rows ---------------------------------------------------------------------------------------


def _stored(attrs: dict[str, Any], skip: frozenset[str]) -> dict[str, Any]:
    """Neo4j properties of one element, ``None`` dropped (``SET n = …`` then removes a stale value)."""
    props: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in skip:
            continue
        name, stored = neo4j_property(key, value)
        if stored is not None:
            props[name] = stored
    return props


def node_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """``{"id", "props"}`` per node; ``props`` is the node's complete property map."""
    try:
        for nid, attrs in node_items(graph):
            clash = [key for key in DERIVED_NODE_KEYS if key in attrs]
            if clash:  # node_items already refuses ``names``; the loader owns these too
                raise StoreError(message("E201", nid=nid, clash=clash[0]))
            props = _stored(attrs, frozenset())
            props["id"] = nid
            props.update(derived_node_properties(nid, attrs))
            yield {"id": nid, "props": props}
    except ExportError as err:
        raise StoreError(message("E202"), detail=str(err)) from err


def edge_rows(graph: nx.MultiDiGraph) -> dict[EdgeType, list[dict[str, Any]]]:
    """``{"source", "target", "key", "props"}`` per edge, grouped by relationship type."""
    grouped: dict[EdgeType, list[dict[str, Any]]] = defaultdict(list)
    try:
        for source, target, key, attrs in edge_items(graph):
            try:
                edge_type = EdgeType(attrs.get("type"))
            except ValueError:
                # A relationship type must be written into the statement; only enum members may.
                kind = attrs.get("type")
                raise StoreError(message("E811", source=source, target=target, key=key, kind=kind)) from None
            props = _stored(attrs, frozenset({"type"}))
            props["key"] = key
            grouped[edge_type].append({"source": source, "target": target, "key": key, "props": props})
    except ExportError as err:
        raise StoreError(message("E202"), detail=str(err)) from err
    return grouped


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# --- running --------------------------------------------------------------------------------------


def _driver_and_database(target: Any, database: str | None) -> tuple[Driver, str | None]:
    """Accept a bare driver or a :class:`graph.neo4j_store.Neo4jStore` (which knows its database)."""
    driver = getattr(target, "driver", target)
    if database is None:
        database = getattr(target, "database", None)
    if not isinstance(driver, Driver):
        raise TypeError(f"load_graph needs a neo4j Driver or Neo4jStore, not {type(target).__name__}")
    return driver, database


def _write(driver: Driver, database: str | None, cypher: str, **params: Any) -> list[dict[str, Any]]:
    """One statement in one managed write transaction.

    Managed (not auto-commit) on purpose: the driver retries transient conflicts, and
    ArcadeDB over Bolt commits an auto-commit ``UNWIND … MERGE`` of relationships row by row,
    failing midway when two rows touch the same node.
    """

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(cypher, **params)]

    with driver.session(database=database) as session:
        return session.execute_write(work)


@contextmanager
def _store_errors(target: Any, database: str | None) -> Iterator[None]:
    """Turn driver failures during a load into one Chinese :class:`StoreError`."""
    try:
        yield
    except (Neo4jError, DriverError) as err:
        raise store_error(err, uri=getattr(target, "uri", None), database=database) from err


def _read_count(driver: Driver, database: str | None, cypher: str) -> int:
    with driver.session(database=database) as session:
        return int(session.execute_read(lambda tx: tx.run(cypher).single(strict=True)["count"]))


def count_graph(target: Any, *, database: str | None = None) -> tuple[int, int]:
    """(nodes, relationships) of the bangfu graph in the database."""
    driver, database = _driver_and_database(target, database)
    with _store_errors(target, database):
        return _read_count(driver, database, _COUNT_NODES), _read_count(driver, database, _COUNT_EDGES)


def wipe_graph(target: Any, *, database: str | None = None, batch_size: int = 10_000) -> int:
    """Delete every ``Entity`` node and its relationships, in batches so a big graph fits a transaction.

    Only bangfu's nodes: other data sharing the database is left alone.
    """
    driver, database = _driver_and_database(target, database)
    deleted = 0
    with _store_errors(target, database):
        while True:
            rows = _write(driver, database, _WIPE_BATCH, limit=batch_size)
            batch = int(rows[0]["deleted"]) if rows else 0
            deleted += batch
            if batch == 0:
                return deleted


def _ensure_schema(driver: Driver, database: str | None) -> tuple[str, list[str]]:
    """The uniqueness constraint on ``Entity.id``, else an index, else nothing (reported).

    A load works without either, only slower: every MERGE then scans the label. Errors that
    would also stop the load (password, missing database, server gone) are not swallowed.
    """
    notes: list[str] = []
    for schema, cypher, code in (("constraint", ID_CONSTRAINT, "P811"), ("index", ID_INDEX, "P812")):
        try:
            _write(driver, database, cypher)
            return schema, notes
        except Neo4jError as err:
            if isinstance(err, AuthError) or err.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise
            reason = err.message or err.code
            notes.append(message("P811", reason=reason) if code == "P811" else message("P812", reason=reason))
    return "none", notes


def load_graph(
    driver_or_store: Any,
    graph: nx.MultiDiGraph,
    *,
    database: str | None = None,
    wipe: bool = False,
    batch_size: int = 500,
    progress: bool | None = None,
) -> LoadReport:
    """Write ``graph`` into the database and return the counts found there afterwards.

    Order: schema first (so every MERGE below is an index lookup), then nodes, type labels,
    then relationships per type. ``progress``: a tqdm bar on stderr; ``None`` shows it only
    when stderr is a terminal. Driver errors become :class:`StoreError`.
    """
    from tqdm import tqdm

    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    driver, database = _driver_and_database(driver_or_store, database)
    started = time.perf_counter()
    nodes = list(node_rows(graph))
    edges = edge_rows(graph)
    types = sorted({row["props"].get("type") for row in nodes} - {None})
    notes: list[str] = []
    unknown = [t for t in types if t not in set(NodeType)]
    if unknown:
        notes.append(message("P813", types="、".join(map(str, unknown))))
    show = sys.stderr.isatty() if progress is None else progress
    total = len(nodes) + sum(len(rows) for rows in edges.values())
    bar = tqdm(total=total, desc=message("P814"), unit=message("P815"), file=sys.stderr, disable=not show)
    with _store_errors(driver_or_store, database), bar:
        if wipe:
            bar.set_postfix_str(message("P816"))
            wipe_graph(driver_or_store, database=database)
        bar.set_postfix_str(message("P817"))
        schema, schema_notes = _ensure_schema(driver, database)
        notes.extend(schema_notes)
        bar.set_postfix_str(message("P818"))
        for batch in _batches(nodes, batch_size):
            _write(driver, database, _MERGE_NODES, rows=batch)
            bar.update(len(batch))
        bar.set_postfix_str(message("P819"))
        for node_type in NodeType:
            if not wipe:  # a node whose type changed since the last load loses its old label
                _write(driver, database, _DROP_LABEL[node_type], type=node_type.value)
            if node_type.value in types:
                _write(driver, database, _SET_LABEL[node_type], type=node_type.value)
        for edge_type, rows in edges.items():
            bar.set_postfix_str(edge_type.value)
            for batch in _batches(rows, batch_size):
                _write(driver, database, _MERGE_EDGES[edge_type], rows=batch)
                bar.update(len(batch))
        node_count = _read_count(driver, database, _COUNT_NODES)
        edge_count = _read_count(driver, database, _COUNT_EDGES)
    return LoadReport(node_count, edge_count, time.perf_counter() - started, schema, tuple(notes))
