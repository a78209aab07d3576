"""Cytoscape.js elements JSON, for ``cytoscape({elements: …})`` in a web page or Cytoscape desktop.

Shape::

    {"elements": {"nodes": [{"data": {"id": …, "label": …, "type": …, …}}],
                  "edges": [{"data": {"id": …, "source": …, "target": …, "key": …, "type": …, …}}]}}

``label`` is the node's name (what a stylesheet shows with ``label: data(label)``);
``type`` lets a stylesheet colour by ``node[type = "Hospital"]``. Cytoscape.js needs ids
unique across nodes and edges, so an edge's id is ``<source>-><target>#<key>`` and its key
is kept in ``key``. Attribute values stay native JSON (Cytoscape.js data may hold arrays
and objects), so the reader rebuilds the graph exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import ExportError
from core.messages import message
from graph.export.flatten import (
    declared_edge_keys,
    declared_node_keys,
    edge_element_id,
    edge_items,
    graph_from_records,
    node_items,
    ordered,
    read_json_file,
    write_json_file,
)

__all__ = ["cytoscape_data", "cytoscape_graph", "read_cytoscape", "write_cytoscape"]

_FORMAT = "Cytoscape.js JSON"


def cytoscape_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The elements document as Python data, for callers that serve it rather than save it."""
    nodes = []
    for node, attrs in node_items(G):
        name = attrs.get("name")
        data = {"id": node, "label": name if name is not None else node, **attrs}
        nodes.append({"data": ordered(data, ("id", "label", *declared_node_keys(attrs.get("type"))))})
    edges = []
    for source, target, key, attrs in edge_items(G):
        data = {"id": edge_element_id(source, target, key), "source": source, "target": target, "key": key}
        edges.append({"data": {**data, **ordered(attrs, declared_edge_keys(attrs.get("type")))}})
    return {"elements": {"nodes": nodes, "edges": edges}}


def cytoscape_graph(document: Any) -> nx.MultiDiGraph:
    """Inverse of :func:`cytoscape_data`; refuses anything that is not that shape."""
    elements = document.get("elements") if isinstance(document, dict) else None
    if not (
        isinstance(elements, dict)
        and isinstance(elements.get("nodes"), list)
        and isinstance(elements.get("edges"), list)
    ):
        raise ExportError(message("E127", format=_FORMAT))

    def records(entries: list[Any], drop: str) -> list[Any]:
        # ``label`` (nodes) and ``id`` (edges) are derived from the other fields.
        out = []
        for entry in entries:
            data = entry.get("data") if isinstance(entry, dict) else None
            out.append({k: v for k, v in data.items() if k != drop} if isinstance(data, dict) else entry)
        return out

    return graph_from_records(
        records(elements["nodes"], "label"), records(elements["edges"], "id"), fmt=_FORMAT
    )


def write_cytoscape(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Write ``G`` to ``path``; returns ``[path]``."""
    write_json_file(path, cytoscape_data(G))
    return [path]


def read_cytoscape(path: Path) -> nx.MultiDiGraph:
    return cytoscape_graph(read_json_file(path))
