"""Named queries for researchers: hubs, shortest paths, edges between two nodes, see-also links."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx

from graph.named_query import NamedQuery, Row, incident_edges

# -- network ---------------------------------------------------------------------------------


def _hubs(g: nx.MultiDiGraph, limit: int = 10) -> list[Row]:
    counts: dict[str, set[str]] = {}
    for s, r, e in g.edges(data=True):
        if e["type"] == "SUPPORTS":
            counts.setdefault(s, set()).add(r)
    rows = [
        {"id": s, "name": g.nodes[s]["name"], "province": g.nodes[s].get("province"), "recipients": len(rs)}
        for s, rs in counts.items()
    ]
    rows.sort(key=lambda r: (-r["recipients"], r["id"]))
    return rows[:limit]


HUBS = NamedQuery(
    "hubs",
    "MATCH (s:Entity)-[:SUPPORTS]->(r:Entity) WITH s, count(DISTINCT r) AS recipients "
    "RETURN s.id AS id, s.name AS name, s.province AS province, recipients "
    "ORDER BY recipients DESC, id LIMIT $limit",
    _hubs,
    lambda r: (-r["recipients"], r["id"]),
)


MAX_PATH_HOPS = 8  # both sides: the Cypher pattern below is written with the same bound


def _shortest_paths(g: nx.MultiDiGraph, a: str, b: str) -> list[Row]:
    if a not in g or b not in g:
        return []
    undirected = g.to_undirected(as_view=True)
    try:
        paths = list(nx.all_shortest_paths(undirected, a, b))
    except nx.NetworkXNoPath:
        return []
    rows = []
    for path in paths:
        if len(path) - 1 > MAX_PATH_HOPS:
            continue
        hops = []
        for u, v in pairwise(path):
            options = [(e["type"], u) for e in (g.get_edge_data(u, v) or {}).values()]
            options += [(e["type"], v) for e in (g.get_edge_data(v, u) or {}).values()]
            hops.append(min(options))
        rows.append({"ids": list(path), "types": [t for t, _ in hops], "starts": [s for _, s in hops]})
    return rows


def _merge_parallel_edges(rows: list[Row]) -> list[Row]:
    """One row per node path; where two nodes share several edges, the smallest type names the hop.

    Cypher returns a path per combination of parallel relationships, networkx one per node
    path: merging here makes both stores say the same thing.
    """
    merged: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for row in rows:
        key = tuple(row["ids"])
        hops = list(zip(row["types"], row["starts"], strict=False))
        merged[key] = [min(a, b) for a, b in zip(merged[key], hops, strict=False)] if key in merged else hops
    return [
        {"ids": list(ids), "types": [t for t, _ in hops], "starts": [s for _, s in hops]}
        for ids, hops in merged.items()
    ]


SHORTEST_PATHS = NamedQuery(
    "shortest_paths",
    "MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) "
    f"MATCH p = allShortestPaths((a)-[*..{MAX_PATH_HOPS}]-(b)) "
    "RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types, "
    "[r IN relationships(p) | startNode(r).id] AS starts",
    _shortest_paths,
    lambda r: (r["ids"], r["types"]),
    _merge_parallel_edges,
)


def _edges_between(g: nx.MultiDiGraph, a: str, b: str) -> list[Row]:
    rows = []
    for u, v in ((a, b), (b, a)):
        for e in (g.get_edge_data(u, v) or {}).values():
            rows.append(
                {
                    "source_id": u,
                    "target_id": v,
                    "type": e["type"],
                    "doc": e.get("doc"),
                    "where": e.get("where"),
                    "quote": e.get("quote"),
                }
            )
    return rows


EDGES_BETWEEN = NamedQuery(
    "edges_between",
    "MATCH (u:Entity)-[e]->(v:Entity) WHERE (u.id = $a AND v.id = $b) OR (u.id = $b AND v.id = $a) "
    "RETURN u.id AS source_id, v.id AS target_id, type(e) AS type, e.doc AS doc, e.where AS where, "
    "e.quote AS quote",
    _edges_between,
    lambda r: (r["source_id"], r["type"], r["doc"] or "", r["where"] or ""),
)


def _see_also(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [
        {
            "source_id": u,
            "source": g.nodes[u]["name"],
            "target_id": v,
            "target": g.nodes[v]["name"],
            "note": e.get("note"),
            "doc": e.get("doc"),
            "where": e.get("where"),
            "quote": e.get("quote"),
        }
        for u, v, e in incident_edges(g, ids, ("SEE_ALSO",))
    ]


SEE_ALSO_OF = NamedQuery(
    "see_also_of",
    "MATCH (u:Entity)-[e:SEE_ALSO]->(v:Entity) WHERE u.id IN $ids OR v.id IN $ids "
    "RETURN u.id AS source_id, u.name AS source, v.id AS target_id, v.name AS target, e.note AS note, "
    "e.doc AS doc, e.where AS where, e.quote AS quote",
    _see_also,
    lambda r: (r["source_id"], r["target_id"]),
)
