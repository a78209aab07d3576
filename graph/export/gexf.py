"""GEXF: the file to open in Gephi.

Each node's GEXF label is its ``name`` (Gephi shows labels, not ids) and its colour comes
from its ``type`` (viz colour, so the first layout is already readable); ``type`` stays an
attribute for Gephi's partition and filter panels. GEXF reserves the edge ``type`` field
for directed/undirected, so the edge type travels as the edge label (Gephi shows it on
the edge), and the edge id is ``<source>-><target>#<key>``. Everything else is flattened
as in :mod:`graph.export.flatten`, so ``networkx.read_gexf`` opens the file as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from core.model import NodeType
from graph.export.flatten import (
    edge_element_id,
    edge_items,
    edge_key_from_element_id,
    flatten,
    flatten_node,
    json_keys,
    node_items,
    restore_edge,
    restore_node,
    xml_attribute_ok,
)

__all__ = ["TYPE_COLORS", "read_gexf", "write_gexf"]

TYPE_COLORS: dict[str, tuple[int, int, int]] = {
    NodeType.PROVINCE: (31, 119, 180),
    NodeType.PREFECTURE: (23, 190, 207),
    NodeType.COUNTY: (255, 127, 14),
    NodeType.HOSPITAL: (214, 39, 40),
    NodeType.PERSON: (148, 103, 189),
    NodeType.DOCUMENT: (140, 86, 75),
    NodeType.PROGRAM: (44, 160, 44),
    NodeType.REQUIREMENT: (227, 119, 194),
    NodeType.MEASURE: (188, 189, 34),
}
"""Node colour in Gephi by node type (matplotlib's tab10 palette); unknown types are grey."""

_UNKNOWN_COLOR = (127, 127, 127)


def _viz(node_type: Any) -> dict[str, Any]:
    red, green, blue = TYPE_COLORS.get(node_type, _UNKNOWN_COLOR)
    return {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}


def write_gexf(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Write ``G`` to ``path`` as GEXF 1.2; returns ``[path]``."""
    nodes = list(node_items(G))
    edges = list(edge_items(G))
    node_json = json_keys((attrs for _, attrs in nodes), text_ok=xml_attribute_ok)
    edge_json = json_keys((attrs for *_, attrs in edges), text_ok=xml_attribute_ok)
    flat = nx.MultiDiGraph()
    for node, attrs in nodes:
        name = attrs.get("name")
        label = name if isinstance(name, str) and xml_attribute_ok(name) else node
        flat.add_node(
            node,
            **flatten_node(attrs, node_json, text_ok=xml_attribute_ok),
            label=label,
            viz=_viz(attrs.get("type")),
        )
    for source, target, key, attrs in edges:
        data = flatten(attrs, edge_json)
        edge_type = data.pop("type", None)
        if edge_type is not None:
            data["label"] = edge_type
        flat.add_edge(source, target, key=key, id=edge_element_id(source, target, key), **data)
    nx.write_gexf(flat, path, encoding="utf-8", prettyprint=True)
    return [path]


def read_gexf(path: Path) -> nx.MultiDiGraph:
    """Read a file written by :func:`write_gexf` back into the model's attributes.

    networkx returns a DiGraph when no pair has parallel edges, dropping the keys; the
    edge id still holds the key, so it is recovered from there in both cases.
    """
    flat = nx.read_gexf(path, node_type=str)
    G = nx.MultiDiGraph()
    for node, data in flat.nodes(data=True):
        stored = {key: value for key, value in data.items() if key not in ("label", "viz")}
        G.add_node(node, **restore_node(node, stored))
    for source, target, data in flat.edges(data=True):
        stored = dict(data)
        key = edge_key_from_element_id(source, target, str(stored.pop("id", "")))
        stored.pop("networkx_key", None)
        if "label" in stored:
            stored["type"] = stored.pop("label")
        G.add_edge(source, target, key=key, **restore_edge(stored, where=f"{source}->{target}#{key}"))
    return G
