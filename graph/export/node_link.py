"""The project's own JSON, written by ``bangfu export --format json``.

Shape, and nothing else at the top level::

    {"nodes": [{"id": …, "type": …, "name": …, …every other attribute}],
     "edges": [{"source": …, "target": …, "key": …, "type": …, …every other attribute}]}

JSON holds every attribute value of the model natively (lists, dicts, ``null``), so nothing
is flattened: this is the lossless format for other programs, and the reader rebuilds the
``MultiDiGraph`` exactly. ``key`` is the edge key, needed to tell parallel edges apart.
UTF-8 with Chinese kept readable (``ensure_ascii=False``).
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
    edge_items,
    graph_from_records,
    node_items,
    ordered,
    read_json_file,
    write_json_file,
)

__all__ = ["node_link_data", "node_link_graph", "read_node_link", "write_node_link"]

_FORMAT = "bangfu JSON"


def node_link_data(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The JSON document as Python data, for callers that serve it rather than save it (the UI)."""
    nodes = [ordered(attrs, declared_node_keys(attrs.get("type"))) for _, attrs in node_items(G)]
    edges = [
        {"source": source, "target": target, "key": key, **ordered(attrs, declared_edge_keys(attrs["type"]))}
        for source, target, key, attrs in edge_items(G)
    ]
    return {"nodes": nodes, "edges": edges}


def node_link_graph(document: Any) -> nx.MultiDiGraph:
    """Inverse of :func:`node_link_data`; refuses anything that is not that shape."""
    if not (
        isinstance(document, dict)
        and isinstance(document.get("nodes"), list)
        and isinstance(document.get("edges"), list)
    ):
        raise ExportError(message("E119", format=_FORMAT))
    return graph_from_records(document["nodes"], document["edges"], fmt=_FORMAT)


def write_node_link(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Write ``G`` to ``path``; returns ``[path]``."""
    write_json_file(path, node_link_data(G))
    return [path]


def read_node_link(path: Path) -> nx.MultiDiGraph:
    return node_link_graph(read_json_file(path))
