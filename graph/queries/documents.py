"""Named queries about documents: metadata, citations, requirements and measures."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.queries.named_query import NamedQuery, Row, incident_edges

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
       e.number AS number, e.title AS title, e.doc AS doc, e.where AS where, e.quote AS quote,
       coalesce(e.basis, false) AS basis
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
        "basis": bool(e.get("basis")),
    }


def _citations(g: nx.MultiDiGraph, ids: list[str]) -> list[Row]:
    return [_citation_row(g, a, b, e) for a, b, e in incident_edges(g, ids, ("CITES", "CONTAINS"))]


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
