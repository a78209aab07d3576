"""CSV files for ``neo4j-admin database import full``: the fast way to load a big graph into Neo4j.

One folder holds ``nodes_<Type>.csv`` per node type, ``relationships_<TYPE>.csv`` per edge
type and a ``README.txt`` with the exact command. Headers follow the import tool:
``id:ID,:LABEL,type,name,aliases,…,year:long`` and ``:START_ID,:END_ID,:TYPE,key,…``.
Conventions (also written into the README, for whoever runs the import):

* Strings are always double-quoted (``""`` inside), so an unquoted empty field means
  "no property" (``None``) and ``""`` means the empty string; fields may span lines.
* Types: ``boolean``, ``long`` (``int`` is 32-bit in Neo4j; admin codes are not),
  ``double``, string (untyped). Labels are ``Entity;<Type>``.
* Lists of strings are ``string[]`` joined by ``;`` (``--array-delimiter``); an empty list
  is ``""``, which the import tool skips. A column whose lists have an element that is
  empty or holds ``;`` cannot be split back, so it becomes JSON text instead; so do
  ``aliases``, ``evidence`` and the other values of :mod:`graph.export.flatten`.

Python's ``csv`` module cannot tell ``""`` from an empty field when reading, so this module
writes and parses its RFC 4180 subset itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import ExportError
from core.messages import message
from graph.export.cypher import ENTITY_LABEL, ID_CONSTRAINT
from graph.export.flatten import (
    RECORD_LIST_KEYS,
    declared_edge_keys,
    declared_node_keys,
    edge_items,
    flat_key,
    is_string_list,
    json_keys,
    node_items,
    restore_edge,
    restore_node,
    to_json,
)
from graph.queries.named_query import DERIVED_NODE_KEYS, derived_node_properties

__all__ = ["ARRAY_DELIMITER", "read_neo4j_csv", "write_neo4j_csv"]

ARRAY_DELIMITER = ";"
_NODE_PREFIX = "nodes_"
_EDGE_PREFIX = "relationships_"
_README = "README.txt"
_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCALAR_KINDS: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_RAW = re.compile(r"[^,\n]*")


@dataclass(frozen=True)
class _Column:
    key: str  # attribute name in the graph
    header: str  # header cell, e.g. "lead:boolean"
    kind: str  # boolean | long | double | string | string[] | json


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _array_ok(value: Any) -> bool:
    return is_string_list(value) and all(item and ARRAY_DELIMITER not in item for item in value)


def _columns(keys: Sequence[str], records: Sequence[dict[str, Any]], nested: frozenset[str]) -> list[_Column]:
    """Type each column once for the file: the import tool reads one type per header cell."""
    columns = []
    for key in keys:
        if not key or any(char in key for char in ':,"\r\n'):
            raise ExportError(message("E120", key=key))
        values = [record[key] for record in records if record.get(key) is not None]
        if key in nested and key not in RECORD_LIST_KEYS and all(_array_ok(value) for value in values):
            columns.append(_Column(key, f"{key}:string[]", "string[]"))
        elif key in nested:
            columns.append(_Column(key, flat_key(key), "json"))
        else:
            kind = _SCALAR_KINDS[type(values[0])] if values else "string"
            columns.append(_Column(key, key if kind == "string" else f"{key}:{kind}", kind))
    return columns


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "json":
        return _quote(to_json(value))
    if kind == "string[]":
        return _quote(ARRAY_DELIMITER.join(value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "long":
        return str(value)
    if kind == "double":
        return repr(value)
    return _quote(value)


def _key_order(records: Sequence[dict[str, Any]], declared: Sequence[str], skip: set[str]) -> list[str]:
    keys = [key for key in declared if any(key in record for record in records)]
    for record in records:
        keys += [key for key in record if key not in keys]
    return [key for key in keys if key not in skip]


def _type_name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _TYPE_NAME.fullmatch(value):
        raise ExportError(message("E121", what=what, value=value))
    return value


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines) + "\n")


def _readme(node_files: list[Path], edge_files: list[Path]) -> str:
    sources = [f"  --nodes={path.name} \\" for path in node_files]
    sources += [f"  --relationships={path.name} \\" for path in edge_files]
    return message(
        "P871",
        node_prefix=_NODE_PREFIX,
        edge_prefix=_EDGE_PREFIX,
        entity_label=ENTITY_LABEL,
        array_delimiter=ARRAY_DELIMITER,
        sources="".join(line + "\n" for line in sources),
        id_constraint=ID_CONSTRAINT,
    )


def write_neo4j_csv(G: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write the import files into ``folder`` (created if missing); returns every file written.

    Old ``nodes_*.csv`` / ``relationships_*.csv`` in the folder are removed first, so the
    folder always describes one graph and the README command lists exactly its files.
    """
    nodes = list(node_items(G))
    edges = list(edge_items(G))
    node_records = [(node, {**attrs, **derived_node_properties(node, attrs)}) for node, attrs in nodes]
    node_nested = json_keys(record for _, record in node_records)
    edge_nested = json_keys(attrs for *_, attrs in edges)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for _, record in node_records:
        by_label.setdefault(_type_name(record.get("type"), message("P872")), []).append(record)
    by_type: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
    for edge in edges:
        by_type.setdefault(_type_name(edge[3].get("type"), message("P873")), []).append(edge)

    folder.mkdir(parents=True, exist_ok=True)
    for stale in [*folder.glob(f"{_NODE_PREFIX}*.csv"), *folder.glob(f"{_EDGE_PREFIX}*.csv")]:
        stale.unlink()
    node_files, edge_files = [], []
    for label, records in by_label.items():
        keys = _key_order(records, declared_node_keys(label), skip={"id"})
        columns = _columns(keys, records, node_nested)
        rows = [
            [_quote(record["id"]), _quote(f"{ENTITY_LABEL}{ARRAY_DELIMITER}{label}")]
            + [_cell(record.get(column.key), column.kind) for column in columns]
            for record in records
        ]
        path = folder / f"{_NODE_PREFIX}{label}.csv"
        _write_csv(path, ["id:ID", ":LABEL", *(column.header for column in columns)], rows)
        node_files.append(path)
    for edge_type, group in by_type.items():
        records = [{"key": key, **attrs} for _, _, key, attrs in group]
        keys = _key_order(records, ("key", *declared_edge_keys(edge_type)), skip={"type"})
        columns = _columns(keys, records, edge_nested)
        rows = [
            [_quote(source), _quote(target), _quote(edge_type)]
            + [_cell(record.get(column.key), column.kind) for column in columns]
            for (source, target, _, _), record in zip(group, records, strict=True)
        ]
        path = folder / f"{_EDGE_PREFIX}{edge_type}.csv"
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE", *(column.header for column in columns)], rows)
        edge_files.append(path)
    readme = folder / _README
    readme.write_text(_readme(node_files, edge_files), encoding="utf-8")
    return [*node_files, *edge_files, readme]


# --- reading ------------------------------------------------------------------------------------


def _parse_csv(text: str, path: Path) -> list[list[str | None]]:
    """RFC 4180 rows; a field is ``None`` when empty and unquoted (the import tool's "no value")."""
    rows: list[list[str | None]] = []
    position, line = 0, 1
    while position < len(text):
        row: list[str | None] = []
        while True:
            quoted = text.startswith('"', position)
            match = (_QUOTED if quoted else _RAW).match(text, position)
            if match is None:
                raise ExportError(message("E122", path=path.name, line=line))
            row.append(match.group(1).replace('""', '"') if quoted else (match.group(0) or None))
            line += match.group(0).count("\n")
            position = match.end()
            if position >= len(text) or text[position] == "\n":
                position += 1
                line += 1
                break
            if text[position] != ",":
                raise ExportError(message("E123", path=path.name, line=line))
            position += 1
        rows.append(row)
    return rows


def _typed(cell: str, kind: str) -> Any:
    if kind == "boolean":
        return cell == "true"
    if kind in ("long", "int"):
        return int(cell)
    if kind in ("double", "float"):
        return float(cell)
    if kind == "string[]":
        return cell.split(ARRAY_DELIMITER) if cell else []
    return cell


def _read_rows(path: Path) -> tuple[list[tuple[str, str]], list[list[str | None]]]:
    rows = _parse_csv(path.read_text(encoding="utf-8"), path)
    if not rows:
        raise ExportError(message("E124", path=path.name))
    header = []
    for cell in rows[0]:
        name, colon, kind = (cell or "").rpartition(":")
        header.append((name, kind) if colon else (kind, "string"))  # untyped means string
    return header, rows[1:]


def _stored(header: list[tuple[str, str]], row: list[str | None], skip: int) -> dict[str, Any]:
    return {
        name: _typed(cell, kind)
        for (name, kind), cell in list(zip(header, row, strict=False))[skip:]
        if cell is not None
    }


def read_neo4j_csv(folder: Path) -> nx.MultiDiGraph:
    """Rebuild the graph from a folder written by :func:`write_neo4j_csv` (for round-trip tests)."""
    if not folder.is_dir():
        raise ExportError(message("E125", folder=folder))
    G = nx.MultiDiGraph()
    for path in sorted(folder.glob(f"{_NODE_PREFIX}*.csv")):
        header, rows = _read_rows(path)
        for row in rows:
            node = row[0]
            if node is None:
                raise ExportError(message("E126", path=path.name))
            stored = _stored(header, row, skip=2)
            for key in DERIVED_NODE_KEYS:  # written for the queries, not part of the graph
                stored.pop(key, None)
            G.add_node(node, **restore_node(node, stored))
    for path in sorted(folder.glob(f"{_EDGE_PREFIX}*.csv")):
        header, rows = _read_rows(path)
        for row in rows:
            source, target, edge_type = row[0], row[1], row[2]
            stored = _stored(header, row, skip=3)
            key = stored.pop("key", None)
            where = f"{path.name}: {source}->{target}#{key}"
            G.add_edge(source, target, key=key, **restore_edge({"type": edge_type, **stored}, where=where))
    return G
