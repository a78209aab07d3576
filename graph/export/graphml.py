"""GraphML: for yEd, Gephi, Cytoscape desktop and anything that speaks networkx.

Written by ``networkx.write_graphml`` from a flattened copy of the graph (see
:mod:`graph.export.flatten`), so ``networkx.read_graphml`` opens it as is: node types, names,
aliases (JSON text plus a ``names`` column) and provenance (``doc``, ``where``, ``quote``,
``evidence``) are plain typed ``<data>`` attributes, and edge keys are the GraphML edge ids.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.export.flatten import (
    edge_items,
    flatten,
    flatten_node,
    json_keys,
    node_items,
    restore_edge,
    restore_node,
    xml_text_ok,
)

__all__ = ["read_graphml", "write_graphml"]


def write_graphml(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Write ``G`` to ``path``; returns ``[path]`` like every writer of the registry.

    Strings GraphML cannot carry verbatim (empty, or holding ``\\r``) make their attribute
    JSON text, because networkx reads an empty ``<data/>`` back as a missing value.
    """
    nodes = list(node_items(G))
    edges = list(edge_items(G))
    node_json = json_keys((attrs for _, attrs in nodes), text_ok=xml_text_ok)
    edge_json = json_keys((attrs for *_, attrs in edges), text_ok=xml_text_ok)
    flat = nx.MultiDiGraph()
    for node, attrs in nodes:
        flat.add_node(node, **flatten_node(attrs, node_json, text_ok=xml_text_ok))
    for source, target, key, attrs in edges:
        flat.add_edge(source, target, key=key, **flatten(attrs, edge_json))
    nx.write_graphml(flat, path, encoding="utf-8", prettyprint=True)
    return [path]


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a file written by :func:`write_graphml` back into the model's attributes."""
    flat = nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
    G = nx.MultiDiGraph()
    for node, data in flat.nodes(data=True):
        G.add_node(node, **restore_node(node, data))
    for source, target, key, data in flat.edges(keys=True, data=True):
        G.add_edge(source, target, key=key, **restore_edge(data, where=f"{source}->{target}#{key}"))
    return G
