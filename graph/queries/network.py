"""Named queries for researchers: hubs, shortest paths, edges between two nodes, see-also links."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx

from graph.queries.named_query import NamedQuery, Row, incident_edges
from graph.queries.supports import SUPPORT_FILTER_CYPHER, filtered_support_edges

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


# -- explore: hubs and cross-province flows of the pairings under the explore filters ----------
# The filter is graph.queries.supports's, shared with its filtered pairings.


def _degrees(
    g: nx.MultiDiGraph,
    *,
    outgoing: bool,
    province: str | None = None,
    doc: str | None = None,
    program: str | None = None,
    lead_only: bool = False,
) -> list[Row]:
    partners: dict[str, set[str]] = {}
    for s, r, _ in filtered_support_edges(g, province, doc, program, lead_only):
        node, other = (s, r) if outgoing else (r, s)
        partners.setdefault(node, set()).add(other)
    role = "supporter" if outgoing else "recipient"
    return [
        {"id": n, "name": g.nodes[n]["name"], "province": g.nodes[n].get("province"), "role": role,
         "degree": len(others)}
        for n, others in partners.items()
    ]


def _supporter_degrees(
    g: nx.MultiDiGraph, province: str | None = None, doc: str | None = None, program: str | None = None,
    lead_only: bool = False,
) -> list[Row]:
    return _degrees(g, outgoing=True, province=province, doc=doc, program=program, lead_only=lead_only)


def _recipient_degrees(
    g: nx.MultiDiGraph, province: str | None = None, doc: str | None = None, program: str | None = None,
    lead_only: bool = False,
) -> list[Row]:
    return _degrees(g, outgoing=False, province=province, doc=doc, program=program, lead_only=lead_only)


def _degree_sort(row: Row) -> tuple:
    return (-row["degree"], row["name"], row["id"])


SUPPORTER_DEGREES = NamedQuery(
    "supporter_degrees",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE " + SUPPORT_FILTER_CYPHER
    + " WITH s, count(DISTINCT r.id) AS degree"
    " RETURN s.id AS id, s.name AS name, s.province AS province, 'supporter' AS role, degree",
    _supporter_degrees,
    _degree_sort,
)
RECIPIENT_DEGREES = NamedQuery(
    "recipient_degrees",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE " + SUPPORT_FILTER_CYPHER
    + " WITH r, count(DISTINCT s.id) AS degree"
    " RETURN r.id AS id, r.name AS name, r.province AS province, 'recipient' AS role, degree",
    _recipient_degrees,
    _degree_sort,
)


def _cross_province_flows(
    g: nx.MultiDiGraph, province: str | None = None, doc: str | None = None, program: str | None = None,
    lead_only: bool = False,
) -> list[Row]:
    pairs = {(s, r) for s, r, _ in filtered_support_edges(g, province, doc, program, lead_only)}
    flows: dict[tuple[str | None, str | None], int] = {}
    for s, r in pairs:
        key = (g.nodes[s].get("province"), g.nodes[r].get("province"))
        flows[key] = flows.get(key, 0) + 1
    return [{"supporter_province": a, "recipient_province": b, "pairs": n} for (a, b), n in flows.items()]


CROSS_PROVINCE_FLOWS = NamedQuery(
    "cross_province_flows",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE " + SUPPORT_FILTER_CYPHER
    + " WITH DISTINCT s, r"
    " RETURN s.province AS supporter_province, r.province AS recipient_province, count(*) AS pairs",
    _cross_province_flows,
    lambda r: (-r["pairs"], r["supporter_province"] or "", r["recipient_province"] or ""),
)


# -- counts by type: the summary of a graph wherever it is stored ------------------------------


def _node_counts(g: nx.MultiDiGraph) -> list[Row]:
    counts: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    return [{"type": t, "count": n} for t, n in counts.items()]


def _edge_counts(g: nx.MultiDiGraph) -> list[Row]:
    counts: dict[str, int] = {}
    for _, _, e in g.edges(data=True):
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    return [{"type": t, "count": n} for t, n in counts.items()]


NODE_COUNTS = NamedQuery(
    "node_counts", "MATCH (n:Entity) RETURN n.type AS type, count(*) AS count", _node_counts,
    lambda r: r["type"],
)
EDGE_COUNTS = NamedQuery(
    "edge_counts", "MATCH (:Entity)-[e]->(:Entity) RETURN type(e) AS type, count(*) AS count", _edge_counts,
    lambda r: r["type"],
)
