"""Named queries about nodes: nodes by id and every node's names (what name resolution reads).

The row of a node (``NODE_RETURN`` in Cypher, :func:`node_row` in networkx) is shared with
:mod:`graph.queries.places`, whose hospitals are node rows too.
"""

from __future__ import annotations

import networkx as nx

from graph.queries.named_query import NamedQuery, Row, names_of

__all__ = ["NAME_ENTRIES", "NODES", "NODE_RETURN", "node_row"]


# -- nodes and names -------------------------------------------------------------------------

NODE_RETURN = """
RETURN n.id AS id, n.type AS type, n.name AS name, n.names AS names, n.province AS province,
       n.prefecture AS prefecture, n.county AS county, coalesce(n.orphan, false) AS orphan,
       n.orphan_doc AS orphan_doc, n.orphan_where AS orphan_where, n.orphan_quote AS orphan_quote
"""


def node_row(g: nx.MultiDiGraph, nid: str) -> Row:
    """The row of one node, the networkx side of :data:`NODE_RETURN` (places use it too)."""
    d = g.nodes[nid]
    return {
        "id": nid,
        "type": d["type"],
        "name": d["name"],
        "names": names_of(d),
        "province": d.get("province"),
        "prefecture": d.get("prefecture"),
        "county": d.get("county"),
        "orphan": bool(d.get("orphan")),
        "orphan_doc": d.get("orphan_doc"),
        "orphan_where": d.get("orphan_where"),
        "orphan_quote": d.get("orphan_quote"),
    }


def _nodes(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [node_row(g, n) for n in ids if n in g]


def _name_entries(g: nx.MultiDiGraph) -> list[Row]:
    return [node_row(g, n) for n in g.nodes]


NODES = NamedQuery("nodes", "MATCH (n:Entity) WHERE n.id IN $ids" + NODE_RETURN, _nodes, lambda r: r["id"])
NAME_ENTRIES = NamedQuery("name_entries", "MATCH (n:Entity)" + NODE_RETURN, _name_entries, lambda r: r["id"])
