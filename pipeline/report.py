"""What an upload changed in the graph: the report a user reads after adding a document.

Why a diff of the graph before and after, not a re-statement of the extraction: what a user
needs to trust is what actually entered the graph (resolution may merge a new name into a
known hospital, and that is what the counts show).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from core.records import ExtractionResult, Problem
from graph.build import BuildResult, summarize

__all__ = ["IngestReport", "NewPairing", "changes"]


@dataclass(frozen=True)
class NewPairing:
    """A SUPPORTS edge that was not in the graph before the upload, with its evidence."""

    supporter: str
    recipient: str
    lead: bool
    program: str
    where: str
    quote: str


@dataclass
class IngestReport:
    """What an upload changed. ``already_present``: the same bytes were already in the corpus."""

    file: str  # the name the document has in the corpus
    title: str = ""
    number: str = ""
    already_present: bool = False
    documents: list[str] = field(default_factory=list)  # corpus files that are new to the graph
    nodes_added: dict[str, int] = field(default_factory=dict)  # node type -> change in count
    edges_added: dict[str, int] = field(default_factory=dict)  # edge type -> change in count
    new_hospitals: list[str] = field(default_factory=list)
    pairings: list[NewPairing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings about this file only
    result: BuildResult | None = None  # the new graph, for a caller that swaps its store


def _support_edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str, Any], dict[str, Any]]:
    return {(u, v, k): d for u, v, k, d in graph.edges(keys=True, data=True) if d["type"] == "SUPPORTS"}


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    changed = {key: after.get(key, 0) - before.get(key, 0) for key in sorted({*before, *after})}
    return {key: value for key, value in changed.items() if value}


def changes(name: str, extraction: ExtractionResult, before: BuildResult, after: BuildResult) -> IngestReport:
    """The report of adding ``name`` (extracted as ``extraction``): ``after`` against ``before``."""
    old_counts, new_counts = summarize(before.graph), summarize(after.graph)
    old_edges = _support_edges(before.graph)
    g = after.graph
    pairings = [
        NewPairing(
            supporter=g.nodes[u]["name"], recipient=g.nodes[v]["name"], lead=bool(d.get("lead")),
            program=d.get("program") or "", where=d.get("where") or "", quote=d.get("quote") or "",
        )
        for (u, v, k), d in _support_edges(g).items()
        if (u, v, k) not in old_edges
    ]
    pairings.sort(key=lambda p: (p.where, p.recipient, not p.lead, p.supporter))
    new_hospitals = sorted(
        data["name"] for nid, data in g.nodes(data=True)
        if data["type"] == "Hospital" and nid not in before.graph
    )
    return IngestReport(
        file=name,
        title=extraction.info.title or "",
        number=extraction.info.number or "",
        documents=[doc for doc in after.documents if doc not in before.documents],
        nodes_added=_delta(old_counts["nodes"], new_counts["nodes"]),
        edges_added=_delta(old_counts["edges"], new_counts["edges"]),
        new_hospitals=new_hospitals,
        pairings=pairings,
        problems=[p for p in after.problems if p.doc == name],
        result=after,
    )
