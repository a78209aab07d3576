"""A Cypher script that loads the graph into a running Neo4j: ``cypher-shell -f bangfu.cypher``.

Every statement is idempotent (``MERGE`` on the node ``id`` and the edge ``key``, then
``SET``), so running the script again after a rebuild updates the database in place
instead of duplicating it; a ``None`` is written as ``SET x = null``, which removes a
property that has since become unknown. Order: the uniqueness constraint first (it also
makes every ``MATCH`` by id an index lookup), then nodes, then relationships.

Every node has the label ``Entity`` plus its type (``Hospital``…); relationships have the
edge type as their type and the edge key in ``key``. Values: strings, numbers and booleans
as literals; lists of one scalar type as list literals (``['儿科', '心血管内科']``); anything
Neo4j cannot hold as a property (lists of dicts such as ``aliases`` and ``evidence``,
dicts, mixed lists) as JSON text, named as in :mod:`graph.export.flatten`. String
literals escape backslash, quotes and control characters (newlines become ``\\n``), so
each statement is one line. No reader: :mod:`graph.export.neo4j_csv` is the round-trip
format for Neo4j.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import ExportError
from core.messages import message
from graph.export.flatten import (
    RECORD_LIST_KEYS,
    declared_edge_keys,
    declared_node_keys,
    edge_items,
    flat_key,
    node_items,
    ordered,
    to_json,
)
from graph.queries.named_query import derived_node_properties

__all__ = [
    "ENTITY_LABEL",
    "ID_CONSTRAINT",
    "cypher_literal",
    "cypher_name",
    "cypher_statements",
    "cypher_string",
    "neo4j_property",
    "write_cypher",
]

ENTITY_LABEL = "Entity"
"""The label every node carries, so one constraint and one index cover all node types."""

ID_CONSTRAINT = f"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_SCALARS = (str, bool, int, float)


def cypher_string(text: str) -> str:
    """A single-quoted Cypher string literal that decodes back to exactly ``text``."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "'" + "".join(out) + "'"


def cypher_name(name: str) -> str:
    """A label, relationship type or property key; backtick-quoted unless a plain identifier."""
    if _IDENTIFIER.fullmatch(name):
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A literal for a value :func:`neo4j_property` kept: scalar, ``None`` or a list of scalars."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # Cypher exponents take no "+"
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    raise ExportError(message("E103", value=value))


def neo4j_property(key: str, value: Any) -> tuple[str, Any]:
    """The ``(name, value)`` Neo4j stores for an attribute: JSON text where a property cannot hold it.

    Neo4j properties are scalars or homogeneous lists of scalars, so dicts and mixed lists
    become JSON text, under :func:`graph.export.flatten.flat_key`; so do ``aliases`` and
    ``evidence`` always, even when empty, so their property type never depends on the data.
    """
    if value is None:
        return key, None
    if (
        key in RECORD_LIST_KEYS
        or isinstance(value, dict)
        or (isinstance(value, list) and not _is_property_list(value))
    ):
        return flat_key(key), to_json(value)
    return key, value


def _is_property_list(value: list[Any]) -> bool:
    types = {type(item) for item in value}
    return len(types) <= 1 and types <= set(_SCALARS)


def _assignments(variable: str, attrs: dict[str, Any]) -> list[str]:
    out = []
    for key, value in attrs.items():
        name, stored = neo4j_property(key, value)
        out.append(f"{variable}.{cypher_name(name)} = {cypher_literal(stored)}")
    return out


def cypher_statements(G: nx.MultiDiGraph) -> list[str]:
    """The script's statements, one line each, ``;``-terminated; see the module docstring."""
    statements = [ID_CONSTRAINT + ";"]
    entity = cypher_name(ENTITY_LABEL)
    node_types: list[str] = []
    for node, attrs in node_items(G):
        node_type = attrs.get("type")
        if isinstance(node_type, str) and node_type and node_type not in node_types:
            node_types.append(node_type)
        props = ordered({k: v for k, v in attrs.items() if k != "id"}, declared_node_keys(node_type))
        sets = _assignments("n", props)
        sets += [
            f"n.{cypher_name(k)} = {cypher_literal(v)}"
            for k, v in derived_node_properties(node, attrs).items()
        ]
        statements.append(f"MERGE (n:{entity} {{id: {cypher_string(node)}}}) SET {', '.join(sets)};")
    # Labels in one statement per type, after the nodes exist: some Bolt servers (ArcadeDB)
    # cannot add a label inside the MERGE that creates the node.
    statements += [
        f"MATCH (n:{entity}) WHERE n.type = {cypher_string(t)} SET n:{cypher_name(t)};" for t in node_types
    ]
    for source, target, key, attrs in edge_items(G):
        edge_type = attrs.get("type")
        if not isinstance(edge_type, str) or not edge_type:
            raise ExportError(message("E104", source=source, target=target, key=key))
        props = ordered({k: v for k, v in attrs.items() if k != "type"}, declared_edge_keys(edge_type))
        sets = _assignments("r", props)
        ends = f"(a:{entity} {{id: {cypher_string(source)}}}), (b:{entity} {{id: {cypher_string(target)}}})"
        merge = f"MERGE (a)-[r:{cypher_name(edge_type)} {{key: {cypher_string(key)}}}]->(b)"
        statements.append(f"MATCH {ends} {merge}" + (f" SET {', '.join(sets)}" if sets else "") + ";")
    return statements


def write_cypher(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Write the script to ``path`` (UTF-8, one statement per line); returns ``[path]``."""
    header = [message("P857"), message("P858", file=path.name)]
    path.write_text("\n".join([*header, *cypher_statements(G)]) + "\n", encoding="utf-8")
    return [path]
