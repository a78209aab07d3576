"""Shared conventions of every export: validation, nested values as JSON text, and their inverse.

GraphML, GEXF and CSV hold only scalar attributes, while the graph (see :mod:`core.model`)
holds lists of dicts (``aliases``, ``evidence``), lists of strings (``needs``, ``issuers``) and
``None``. This module is the one place that decides how such values travel, so that every
reader can undo exactly what every writer did. The convention:

* ``None`` is omitted. A reader puts ``None`` back for every attribute the model declares
  for the element's type (:func:`declared_node_keys`, :func:`declared_edge_keys`); the
  model says those attributes are always present, ``None`` when unknown.
* The attributes in :data:`JSON_KEYS` (``aliases``, ``evidence``, ``issuers``, ``needs``)
  are always stored as compact UTF-8 JSON text under their own name, whatever their value.
* Any other attribute that cannot travel as a plain scalar (a list or dict, values of more
  than one scalar type across the graph, or text the format cannot carry verbatim) is
  stored as JSON text under ``<name>.json``. The name tells a reader, and a Gephi or Neo4j
  user, that the column must be decoded; no side file or graph attribute is needed.
* Nodes in GraphML and GEXF also get ``names``: the alias surfaces joined by ``|``, so a
  Gephi user can search aliases without parsing JSON. Readers drop it (it is derived).
* A few attribute names are used by the formats themselves (:data:`RESERVED_NODE_KEYS`,
  :data:`RESERVED_EDGE_KEYS`); writers refuse them instead of silently losing data.

Edges are named ``<source>-><target>#<key>`` where a format needs a graph-wide edge id
(GEXF, Cytoscape.js); :func:`edge_key_from_element_id` inverts it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import ExportError
from core.messages import message
from core.model import EDGE_ATTRIBUTES, NODE_ATTRIBUTES

__all__ = [
    "EDGE_BASE_KEYS",
    "JSON_KEYS",
    "JSON_SUFFIX",
    "NAMES_KEY",
    "NAMES_SEPARATOR",
    "NODE_BASE_KEYS",
    "RECORD_LIST_KEYS",
    "RESERVED_EDGE_KEYS",
    "RESERVED_NODE_KEYS",
    "STRING_LIST_KEYS",
    "alias_names",
    "declared_edge_keys",
    "declared_node_keys",
    "edge_element_id",
    "edge_items",
    "edge_key_from_element_id",
    "flat_key",
    "flatten",
    "flatten_node",
    "from_json",
    "graph_from_records",
    "is_string_list",
    "json_keys",
    "node_items",
    "ordered",
    "read_json_file",
    "restore_edge",
    "restore_node",
    "to_json",
    "unflatten",
    "write_json_file",
    "xml_attribute_ok",
    "xml_text_ok",
]

RECORD_LIST_KEYS: frozenset[str] = frozenset({"aliases", "evidence"})
"""Model attributes holding lists of dicts: JSON text in every format but the JSON ones, Neo4j included."""

STRING_LIST_KEYS: frozenset[str] = frozenset({"issuers", "needs"})
"""Model attributes holding lists of strings: native arrays where a format has them (Neo4j)."""

JSON_KEYS: frozenset[str] = RECORD_LIST_KEYS | STRING_LIST_KEYS
"""Model attributes that hold lists: always JSON text in scalar-only formats, under their own name."""

JSON_SUFFIX = ".json"
"""Suffix of any other attribute stored as JSON text (``value.json``)."""

NAMES_KEY = "names"
NAMES_SEPARATOR = "|"

NODE_BASE_KEYS: tuple[str, ...] = ("id", "type", "name", "aliases", "evidence")
EDGE_BASE_KEYS: tuple[str, ...] = ("type", "doc", "where", "quote")

# Names some format uses for itself: GEXF (label, viz, pid, start, end, weight, networkx_key,
# spells, slices, parents), Cytoscape.js and node-link JSON (id, source, target, label, key),
# GraphML/GEXF (names).
RESERVED_NODE_KEYS: frozenset[str] = frozenset(
    {NAMES_KEY, "label", "viz", "pid", "start", "end", "parents", "spells", "slices"}
)
RESERVED_EDGE_KEYS: frozenset[str] = frozenset(
    {"id", "key", "source", "target", "label", "weight", "start", "end", "networkx_key", "spells", "slices"}
)

Scalar = str | int | float | bool

# XML 1.0 cannot hold these characters at all, not even escaped.
_XML_ILLEGAL = frozenset(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) | {"\ufffe", "\uffff"}


def declared_node_keys(node_type: str | None) -> tuple[str, ...]:
    """Attributes every node of this type has (``None`` when unknown), in model order."""
    return NODE_BASE_KEYS + NODE_ATTRIBUTES.get(node_type or "", ())


def declared_edge_keys(edge_type: str | None) -> tuple[str, ...]:
    """Attributes every edge of this type has (``None`` when unknown), in model order."""
    return EDGE_BASE_KEYS + EDGE_ATTRIBUTES.get(edge_type or "", ())


def ordered(attrs: Mapping[str, Any], declared: Iterable[str]) -> dict[str, Any]:
    """The attributes with the model's keys first, so files read like the model, not like a hash."""
    front = [key for key in declared if key in attrs]
    return {key: attrs[key] for key in [*front, *(key for key in attrs if key not in front)]}


# --- validation and iteration -------------------------------------------------------------


def _check_value(where: str, key: str, value: Any) -> None:
    """Refuse values no format can restore exactly (tuples, sets, NaN, objects) before writing."""
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(message("E105", where=where, key=key, value=value))
        return
    if isinstance(value, list):
        for item in value:
            _check_value(where, key, item)
        return
    if isinstance(value, dict):
        for sub_key, item in value.items():
            if not isinstance(sub_key, str):
                raise ExportError(message("E106", where=where, key=key, sub_key=sub_key))
            _check_value(where, key, item)
        return
    raise ExportError(message("E107", where=where, key=key, type_name=type(value).__name__))


def _check_attrs(where: str, attrs: Mapping[Any, Any], reserved: frozenset[str]) -> None:
    for key, value in attrs.items():
        if not isinstance(key, str):
            raise ExportError(message("E108", where=where, key=key))
        if key in reserved or key.endswith(JSON_SUFFIX):
            raise ExportError(message("E109", where=where, key=key))
        _check_value(where, key, value)


def node_items(G: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every node as ``(id, attributes)``, checked once here so each writer can trust its input.

    The node key is the id: the ``id`` attribute, when present, must equal it.
    """
    if not (G.is_directed() and G.is_multigraph()):
        raise ExportError(message("E110"))
    for node, data in G.nodes(data=True):
        if not isinstance(node, str):
            raise ExportError(message("E111", node=node))
        where = message("P861", node=node)
        _check_attrs(where, data, RESERVED_NODE_KEYS)
        if data.get("id", node) != node:
            raise ExportError(message("E112", where=where, id=data['id']))
        yield node, {"id": node, **data}


def edge_items(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every edge as ``(source, target, key, attributes)``, checked like :func:`node_items`."""
    if not (G.is_directed() and G.is_multigraph()):
        raise ExportError(message("E110"))
    for source, target, key, data in G.edges(keys=True, data=True):
        if not isinstance(key, str):
            raise ExportError(message("E113", source=source, target=target, key=key))
        _check_attrs(message("P862", source=source, target=target, key=key), data, RESERVED_EDGE_KEYS)
        yield source, target, key, dict(data)


# --- JSON text ------------------------------------------------------------------------------


def to_json(value: Any) -> str:
    """Compact JSON that keeps Chinese readable (``ensure_ascii=False``) and escapes control characters."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def from_json(text: str, *, where: str = "") -> Any:
    """Inverse of :func:`to_json`; a malformed value names where it was found."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(message("E114", where=where), detail=str(err)) from err


def write_json_file(path: Path, document: Any) -> None:
    """Write a whole JSON document as UTF-8, one value per line, so diffs and ``grep`` stay useful."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1, allow_nan=False)
        handle.write("\n")


def read_json_file(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as err:
        raise ExportError(message("E115", path=path), detail=str(err)) from err


def graph_from_records(
    nodes: Iterable[Any], edges: Iterable[Any], *, fmt: str
) -> nx.MultiDiGraph:
    """The graph from JSON records: nodes carry ``id``, edges ``source``, ``target`` and ``key``.

    Shared by the JSON readers, whose formats differ only in how records are wrapped.
    """
    G = nx.MultiDiGraph()
    for record in nodes:
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise ExportError(message("E116", fmt=fmt), detail=str(record)[:200])
        G.add_node(record["id"], **record)
    for record in edges:
        ends = (record.get("source"), record.get("target")) if isinstance(record, dict) else (None,)
        if not all(isinstance(end, str) for end in ends):
            raise ExportError(message("E117", fmt=fmt), detail=str(record)[:200])
        attrs = dict(record)
        source, target, key = attrs.pop("source"), attrs.pop("target"), attrs.pop("key", None)
        G.add_edge(source, target, key=key, **attrs)
    return G


# --- flatten / unflatten ----------------------------------------------------------------------


def xml_text_ok(text: str) -> bool:
    """GraphML element text: XML turns ``\\r`` into ``\\n`` and an empty element into no value."""
    return text != "" and "\r" not in text and _XML_ILLEGAL.isdisjoint(text)


def xml_attribute_ok(text: str) -> bool:
    """GEXF attribute values: escaping keeps ``\\r``, ``\\n`` and ``""``, but not control characters."""
    return _XML_ILLEGAL.isdisjoint(text)


def json_keys(
    records: Iterable[Mapping[str, Any]], *, text_ok: Callable[[str], bool] = lambda text: True
) -> frozenset[str]:
    """The attribute names that must travel as JSON text across these nodes (or edges).

    Decided over the whole graph, not per value, because GraphML, GEXF and CSV type a
    column once: :data:`JSON_KEYS`, plus any key holding a list or dict, scalars of more than
    one type (``bool`` and ``int`` count apart), or a string ``text_ok`` rejects.
    """
    nested = set(JSON_KEYS)
    kinds: dict[str, set[type]] = {}
    for attrs in records:
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, list | dict) or (isinstance(value, str) and not text_ok(value)):
                nested.add(key)
            else:
                kinds.setdefault(key, set()).add(type(value))
    return frozenset(nested | {key for key, types in kinds.items() if len(types) > 1})


def flat_key(key: str) -> str:
    """The stored name of an attribute held as JSON text: its own name for :data:`JSON_KEYS`."""
    return key if key in JSON_KEYS else key + JSON_SUFFIX


def flatten(attrs: Mapping[str, Any], nested: frozenset[str]) -> dict[str, Scalar]:
    """Scalar-only attributes: ``None`` dropped, keys in ``nested`` as JSON text (see module doc)."""
    flat: dict[str, Scalar] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if key in nested:
            flat[flat_key(key)] = to_json(value)
        else:
            flat[key] = value
    return flat


def unflatten(flat: Mapping[str, Any], *, where: str = "") -> dict[str, Any]:
    """Inverse of :func:`flatten` (except ``None``, which :func:`restore_node`/`restore_edge` add)."""
    attrs: dict[str, Any] = {}
    for key, value in flat.items():
        if key.endswith(JSON_SUFFIX):
            attrs[key.removesuffix(JSON_SUFFIX)] = from_json(value, where=f"{where} {key}")
        elif key in JSON_KEYS and isinstance(value, str):
            attrs[key] = from_json(value, where=f"{where} {key}")
        else:
            attrs[key] = value
    return attrs


def alias_names(aliases: Any) -> str | None:
    """``names`` for Gephi users: the alias surfaces, ``|``-joined, or ``None`` when there are none."""
    if not isinstance(aliases, list):
        return None
    surfaces = [alias["surface"] for alias in aliases if isinstance(alias, dict) and alias.get("surface")]
    return NAMES_SEPARATOR.join(surfaces) or None


def flatten_node(
    attrs: Mapping[str, Any], nested: frozenset[str], *, text_ok: Callable[[str], bool]
) -> dict[str, Scalar]:
    """:func:`flatten` plus the derived ``names`` column of the XML formats (GraphML, GEXF).

    ``names`` is left out when the format could not carry it verbatim: it is a convenience
    copy, and the exact aliases are in ``aliases`` anyway.
    """
    flat = flatten(attrs, nested)
    names = alias_names(attrs.get("aliases"))
    if names is not None and text_ok(names):
        flat[NAMES_KEY] = names
    return flat


def restore_node(node: str, flat: Mapping[str, Any]) -> dict[str, Any]:
    """A node's attributes as the model has them, from what a scalar-only format stored."""
    attrs = unflatten({key: value for key, value in flat.items() if key != NAMES_KEY}, where=node)
    attrs["id"] = node
    for key in declared_node_keys(attrs.get("type")):
        attrs.setdefault(key, None)
    return ordered(attrs, declared_node_keys(attrs["type"]))


def restore_edge(flat: Mapping[str, Any], *, where: str = "") -> dict[str, Any]:
    """An edge's attributes as the model has them, from what a scalar-only format stored."""
    attrs = unflatten(flat, where=where)
    for key in declared_edge_keys(attrs.get("type")):
        attrs.setdefault(key, None)
    return ordered(attrs, declared_edge_keys(attrs["type"]))


def is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# --- graph-wide edge ids ----------------------------------------------------------------------


def edge_element_id(source: str, target: str, key: str) -> str:
    """A graph-wide edge id, for formats whose edge ids must be unique (keys are unique per pair only)."""
    return f"{source}->{target}#{key}"


def edge_key_from_element_id(source: str, target: str, element_id: str) -> str:
    prefix = f"{source}->{target}#"
    if not element_id.startswith(prefix):
        raise ExportError(message("E118", element_id=element_id, prefix=prefix))
    return element_id.removeprefix(prefix)
