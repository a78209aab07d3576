"""Named graph queries: each one a parameterised Cypher query beside its networkx traversal.

Why side by side: every intent must give the same answer from the embedded graph and from
Neo4j. Keeping both forms of a query in one object, with one row shape and one sort order,
makes a drift between them visible in one place and testable (tests/test_store_parity.py).

Row values are plain scalars or lists of scalars. Names of Neo4j properties equal the
networkx attribute names; ``names`` (the name plus every alias surface) is stored as a
list property in Neo4j and derived on the fly in networkx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx

Row = dict[str, Any]


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    networkx: Callable[..., list[Row]]
    sort_key: Callable[[Row], Any] | None = None
    finish: Callable[[list[Row]], list[Row]] | None = None  # applied to both stores' rows

    def sort(self, rows: list[Row]) -> list[Row]:
        """The one place rows are put in final form and order, whichever store gave them."""
        if self.finish is not None:
            rows = self.finish(rows)
        return sorted(rows, key=self.sort_key) if self.sort_key else rows

    def run_networkx(self, graph: nx.MultiDiGraph, **params: Any) -> list[Row]:
        return self.sort(self.networkx(graph, **params))


def names_of(data: dict[str, Any]) -> list[str]:
    """The node's name followed by its alias surfaces, without repeats."""
    return list(dict.fromkeys([data["name"], *(a["surface"] for a in data.get("aliases", []))]))


# Properties a database store keeps beside a node's own, because the Cypher side of the
# queries below reads them: every writer to Neo4j (loader, Cypher script, import CSV) adds them.
DERIVED_NODE_KEYS: tuple[str, ...] = ("names", "first_quote", "first_where")


def derived_node_properties(node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """``names`` (name + alias surfaces) and the first evidence's quote and section."""
    props: dict[str, Any] = {
        "names": names_of({"name": attrs.get("name") or node, "aliases": attrs.get("aliases") or []})
    }
    evidence = attrs.get("evidence") or []
    first = evidence[0] if evidence and isinstance(evidence[0], dict) else {}
    for key, source in (("first_quote", "quote"), ("first_where", "where")):
        if first.get(source) is not None:
            props[key] = first[source]
    return props


# -- SUPPORTS edges --------------------------------------------------------------------------

_SUPPORT_RETURN = """
RETURN s.id AS supporter_id, s.name AS supporter, s.province AS supporter_province,
       r.id AS recipient_id, r.name AS recipient, r.province AS recipient_province,
       e.lead AS lead, e.program AS program, e.doc AS doc, e.where AS where, e.quote AS quote,
       e.lead_where AS lead_where, e.lead_quote AS lead_quote, e.needs AS needs,
       e.period AS period, e.county AS county
"""


def _support_row(g: nx.MultiDiGraph, s: str, r: str, e: dict[str, Any]) -> Row:
    sd, rd = g.nodes[s], g.nodes[r]
    return {
        "supporter_id": s,
        "supporter": sd["name"],
        "supporter_province": sd.get("province"),
        "recipient_id": r,
        "recipient": rd["name"],
        "recipient_province": rd.get("province"),
        "lead": bool(e.get("lead")),
        "program": e.get("program"),
        "doc": e.get("doc"),
        "where": e.get("where"),
        "quote": e.get("quote"),
        "lead_where": e.get("lead_where"),
        "lead_quote": e.get("lead_quote"),
        "needs": list(e.get("needs") or []),
        "period": e.get("period"),
        "county": e.get("county"),
    }


def _support_sort(row: Row) -> tuple:
    return (row["recipient"], row["doc"], row["program"] or "", not row["lead"], row["supporter"])


def _typed_edges(
    g: nx.MultiDiGraph, ids: list[str], edge_type: str, *, incoming: bool
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(source, target, data) of the edges of one type into (or out of) the given nodes."""
    for node in ids:
        if node in g:
            edges = g.in_edges(node, data=True) if incoming else g.out_edges(node, data=True)
            yield from ((u, v, e) for u, v, e in edges if e["type"] == edge_type)


def _supporters_of(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_support_row(g, s, r, e) for s, r, e in _typed_edges(g, ids, "SUPPORTS", incoming=True)]


def _recipients_of(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_support_row(g, s, r, e) for s, r, e in _typed_edges(g, ids, "SUPPORTS", incoming=False)]


def _all_supports(g: nx.MultiDiGraph) -> list[Row]:
    return [_support_row(g, s, r, e) for s, r, e in g.edges(data=True) if e["type"] == "SUPPORTS"]


SUPPORTERS_OF = NamedQuery(
    "supporters_of",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE r.id IN $ids" + _SUPPORT_RETURN,
    _supporters_of,
    _support_sort,
)
RECIPIENTS_OF = NamedQuery(
    "recipients_of",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity) WHERE s.id IN $ids" + _SUPPORT_RETURN,
    _recipients_of,
    _support_sort,
)
ALL_SUPPORTS = NamedQuery(
    "all_supports",
    "MATCH (s:Entity)-[e:SUPPORTS]->(r:Entity)" + _SUPPORT_RETURN,
    _all_supports,
    _support_sort,
)


# -- nodes and names -------------------------------------------------------------------------

_NODE_RETURN = """
RETURN n.id AS id, n.type AS type, n.name AS name, n.names AS names, n.province AS province,
       n.prefecture AS prefecture, n.county AS county, coalesce(n.orphan, false) AS orphan,
       n.orphan_doc AS orphan_doc, n.orphan_where AS orphan_where, n.orphan_quote AS orphan_quote
"""


def _node_row(g: nx.MultiDiGraph, nid: str) -> Row:
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
    return [_node_row(g, n) for n in ids if n in g]


def _name_entries(g: nx.MultiDiGraph) -> list[Row]:
    return [_node_row(g, n) for n in g.nodes]


NODES = NamedQuery("nodes", "MATCH (n:Entity) WHERE n.id IN $ids" + _NODE_RETURN, _nodes, lambda r: r["id"])
NAME_ENTRIES = NamedQuery("name_entries", "MATCH (n:Entity)" + _NODE_RETURN, _name_entries, lambda r: r["id"])


# -- places ----------------------------------------------------------------------------------


def _hospitals_in_place(g: nx.MultiDiGraph, place_id: str) -> list[Row]:
    if place_id not in g:
        return []
    seen: set[str] = set()
    frontier = [place_id]
    for _ in range(3):  # hospital -> county -> prefecture -> province
        nxt = []
        for node in frontier:
            for source, _, e in g.in_edges(node, data=True):
                if e["type"] == "LOCATED_IN" and source not in seen:
                    seen.add(source)
                    nxt.append(source)
        frontier = nxt
    return [_node_row(g, n) for n in seen if g.nodes[n]["type"] == "Hospital"]


HOSPITALS_IN_PLACE = NamedQuery(
    "hospitals_in_place",
    "MATCH (n:Entity)-[:LOCATED_IN*1..3]->(p:Entity {id: $place_id}) WHERE n.type = 'Hospital' "
    "WITH DISTINCT n" + _NODE_RETURN,
    _hospitals_in_place,
    lambda r: r["id"],
)


# -- people ----------------------------------------------------------------------------------

_DISPATCH_RETURN = """
RETURN p.id AS person_id, p.name AS person, e.from_hospital AS from_hospital,
       h.id AS to_id, h.name AS to_hospital, e.period AS period, e.row AS row, e.notes AS notes,
       e.program AS program, e.doc AS doc, e.where AS where, e.quote AS quote
"""


def _dispatch_row(g: nx.MultiDiGraph, p: str, h: str, e: dict[str, Any]) -> Row:
    return {
        "person_id": p,
        "person": g.nodes[p]["name"],
        "from_hospital": e.get("from_hospital"),
        "to_id": h,
        "to_hospital": g.nodes[h]["name"],
        "period": e.get("period"),
        "row": e.get("row"),
        "notes": e.get("notes"),
        "program": e.get("program"),
        "doc": e.get("doc"),
        "where": e.get("where"),
        "quote": e.get("quote"),
    }


def _dispatches_of(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_dispatch_row(g, p, h, e) for p, h, e in _typed_edges(g, ids, "DISPATCHED_TO", incoming=False)]


def _dispatches_to(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_dispatch_row(g, p, h, e) for p, h, e in _typed_edges(g, ids, "DISPATCHED_TO", incoming=True)]


def _dispatches_from(g: nx.MultiDiGraph, names: list[str]) -> list[Row]:
    wanted = set(names)
    return [
        _dispatch_row(g, p, h, e)
        for p, h, e in g.edges(data=True)
        if e["type"] == "DISPATCHED_TO" and e.get("from_hospital") in wanted
    ]


def _dispatch_sort(row: Row) -> tuple:
    return (row["to_hospital"], row["person"], row["doc"], str(row["row"]))


DISPATCHES_OF = NamedQuery(
    "dispatches_of",
    "MATCH (p:Entity)-[e:DISPATCHED_TO]->(h:Entity) WHERE p.id IN $ids" + _DISPATCH_RETURN,
    _dispatches_of,
    _dispatch_sort,
)
DISPATCHES_TO = NamedQuery(
    "dispatches_to",
    "MATCH (p:Entity)-[e:DISPATCHED_TO]->(h:Entity) WHERE h.id IN $ids" + _DISPATCH_RETURN,
    _dispatches_to,
    _dispatch_sort,
)

DISPATCHES_FROM = NamedQuery(
    "dispatches_from",
    "MATCH (p:Entity)-[e:DISPATCHED_TO]->(h:Entity) WHERE e.from_hospital IN $names" + _DISPATCH_RETURN,
    _dispatches_from,
    _dispatch_sort,
)


# -- documents, requirements, measures ---------------------------------------------------------

_DOC_FIELDS = ("file", "number", "title", "issuers", "date", "year", "region", "period", "number_source")


def _documents(g: nx.MultiDiGraph, ids: list[str] | None = None) -> list[Row]:
    chosen = ids if ids is not None else [n for n, d in g.nodes(data=True) if d["type"] == "Document"]
    rows = []
    for n in chosen:
        if n not in g or g.nodes[n]["type"] != "Document":
            continue
        d = g.nodes[n]
        row = {"id": n, "name": d["name"], "stub": bool(d.get("stub"))}
        for key in _DOC_FIELDS:
            value = d.get(key)
            row[key] = list(value) if isinstance(value, list) else value
        rows.append(row)
    return rows


_DOC_RETURN = " RETURN n.id AS id, n.name AS name, coalesce(n.stub, false) AS stub, " + ", ".join(
    f"n.{k} AS {k}" for k in _DOC_FIELDS
)
DOCUMENTS = NamedQuery(
    "documents",
    "MATCH (n:Entity) WHERE n.type = 'Document' AND ($ids IS NULL OR n.id IN $ids)" + _DOC_RETURN,
    _documents,
    lambda r: r["id"],
)

_CITATION_RETURN = """
RETURN a.id AS source_id, a.name AS source, b.id AS target_id, b.name AS target, type(e) AS type,
       e.number AS number, e.title AS title, e.doc AS doc, e.where AS where, e.quote AS quote
"""


def _citation_row(g: nx.MultiDiGraph, a: str, b: str, e: dict[str, Any]) -> Row:
    return {
        "source_id": a,
        "source": g.nodes[a]["name"],
        "target_id": b,
        "target": g.nodes[b]["name"],
        "type": e["type"],
        "number": e.get("number"),
        "title": e.get("title"),
        "doc": e.get("doc"),
        "where": e.get("where"),
        "quote": e.get("quote"),
    }


def _incident(g: nx.MultiDiGraph, ids: list[str], types: tuple[str, ...]) -> list[tuple[str, str, dict]]:
    """Edges of these types touching any of the nodes, each once: no scan of the whole graph."""
    seen: dict[tuple[str, str, str], tuple[str, str, dict]] = {}
    for node in ids:
        if node in g:
            for u, v, k, e in [
                *g.out_edges(node, keys=True, data=True),
                *g.in_edges(node, keys=True, data=True),
            ]:
                if e["type"] in types:
                    seen[(u, v, k)] = (u, v, e)
    return list(seen.values())


def _citations(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_citation_row(g, a, b, e) for a, b, e in _incident(g, ids, ("CITES", "CONTAINS"))]


CITATIONS = NamedQuery(
    "citations",
    "MATCH (a:Entity)-[e]->(b:Entity) WHERE type(e) IN ['CITES', 'CONTAINS'] "
    "AND (a.id IN $ids OR b.id IN $ids)" + _CITATION_RETURN,
    _citations,
    lambda r: (r["source_id"], r["type"], r["target_id"]),
)

_REQUIREMENT_FIELDS = ("doc", "topic", "text", "value", "unit", "subject", "section")


def _requirements(
    g: nx.MultiDiGraph, docs: list[str] | None = None, topics: list[str] | None = None
) -> list[Row]:
    rows = []
    for n, d in g.nodes(data=True):
        if d["type"] != "Requirement":
            continue
        if docs is not None and d.get("doc") not in docs:
            continue
        if topics is not None and d.get("topic") not in topics:
            continue
        ev = d["evidence"][0] if d.get("evidence") else {}
        row = {"id": n, **{k: d.get(k) for k in _REQUIREMENT_FIELDS}, "quote": ev.get("quote")}
        rows.append(row)
    return rows


REQUIREMENTS = NamedQuery(
    "requirements",
    "MATCH (n:Entity) WHERE n.type = 'Requirement' AND ($docs IS NULL OR n.doc IN $docs) "
    "AND ($topics IS NULL OR n.topic IN $topics) RETURN n.id AS id, "
    + ", ".join(f"n.{k} AS {k}" for k in _REQUIREMENT_FIELDS)
    + ", n.first_quote AS quote",
    _requirements,
    lambda r: (r["doc"], r["id"]),
)

_MEASURE_FIELDS = ("doc", "ordinal", "category", "title", "text")


def _measures(g: nx.MultiDiGraph, docs: list[str] | None = None) -> list[Row]:
    rows = []
    for n, d in g.nodes(data=True):
        if d["type"] == "Measure" and (docs is None or d.get("doc") in docs):
            ev = d["evidence"][0] if d.get("evidence") else {}
            rows.append({"id": n, **{k: d.get(k) for k in _MEASURE_FIELDS}, "where": ev.get("where")})
    return rows


MEASURES = NamedQuery(
    "measures",
    "MATCH (n:Entity) WHERE n.type = 'Measure' AND ($docs IS NULL OR n.doc IN $docs) RETURN n.id AS id, "
    + ", ".join(f"n.{k} AS {k}" for k in _MEASURE_FIELDS)
    + ", n.first_where AS where",
    _measures,
    lambda r: (r["doc"], r["ordinal"]),
)


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
        for u, v, e in _incident(g, ids, ("SEE_ALSO",))
    ]


SEE_ALSO_OF = NamedQuery(
    "see_also_of",
    "MATCH (u:Entity)-[e:SEE_ALSO]->(v:Entity) WHERE u.id IN $ids OR v.id IN $ids "
    "RETURN u.id AS source_id, u.name AS source, v.id AS target_id, v.name AS target, e.note AS note, "
    "e.doc AS doc, e.where AS where, e.quote AS quote",
    _see_also,
    lambda r: (r["source_id"], r["target_id"]),
)

ALL_QUERIES: tuple[NamedQuery, ...] = (
    SUPPORTERS_OF,
    RECIPIENTS_OF,
    ALL_SUPPORTS,
    NODES,
    NAME_ENTRIES,
    HOSPITALS_IN_PLACE,
    DISPATCHES_OF,
    DISPATCHES_TO,
    DISPATCHES_FROM,
    DOCUMENTS,
    CITATIONS,
    REQUIREMENTS,
    MEASURES,
    HUBS,
    SHORTEST_PATHS,
    EDGES_BETWEEN,
)
