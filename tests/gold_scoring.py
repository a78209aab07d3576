"""Scoring extracted SUPPORTS edges against the hand-checked gold, with aliases applied.

A gold pairing matches an edge when its supporter and recipient (after the gold's own
alias table) are the names or aliases of the edge's two nodes, and the programmes agree
under a one-to-one mapping of gold programme labels to ours (labels differ in wording:
the gold's are short hand-written tags, ours come from table captions and headings).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx


@dataclass
class DocScore:
    doc: str
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    lead_errors: list[str] = field(default_factory=list)
    county_errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    program_map: dict[str, set[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0


def _names(graph: nx.MultiDiGraph, nid: str) -> set[str]:
    data = graph.nodes[nid]
    return {data["name"], *(a["surface"] for a in data.get("aliases", []))}


def supports_edges(graph: nx.MultiDiGraph, doc: str) -> list[tuple[str, str, dict]]:
    return [(s, t, d) for s, t, d in graph.edges(data=True) if d["type"] == "SUPPORTS" and d["doc"] == doc]


def score_document(graph: nx.MultiDiGraph, gold: dict, doc: str) -> DocScore:
    alias = {a["surface"]: a["canonical"] for a in gold["aliases"] if a["doc"] == doc}
    pairs = [p for p in gold["pairings"] if p["doc"] == doc]
    edges = supports_edges(graph, doc)
    score = DocScore(doc, gold=len(pairs), extracted=len(edges))

    # Index edges by (supporter name-or-alias, recipient name-or-alias).
    by_names: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (s, t, _) in enumerate(edges):
        for sn in _names(graph, s):
            for tn in _names(graph, t):
                by_names[(sn, tn)].append(i)

    # First pass without programmes, to learn the programme mapping.
    mapping: dict[str, Counter] = defaultdict(Counter)
    for p in pairs:
        key = (alias.get(p["supporter"], p["supporter"]), alias.get(p["recipient"], p["recipient"]))
        for i in by_names.get(key, []):
            mapping[p["program"]][edges[i][2]["program"]] += 1
    program_of = {g: c.most_common(1)[0][0] for g, c in mapping.items()}
    score.program_map = {g: set(c) for g, c in mapping.items()}

    used: set[int] = set()
    for p in pairs:
        key = (alias.get(p["supporter"], p["supporter"]), alias.get(p["recipient"], p["recipient"]))
        hit = next(
            (
                i
                for i in by_names.get(key, [])
                if i not in used and edges[i][2]["program"] == program_of.get(p["program"])
            ),
            None,
        )
        label = f"{p['supporter']} -> {p['recipient']} [{p['program']}]"
        if hit is None:
            score.missing.append(label)
            continue
        used.add(hit)
        score.matched += 1
        data = edges[hit][2]
        if bool(data["lead"]) != p["lead"]:
            score.lead_errors.append(f"{label}: lead {data['lead']} != {p['lead']}")
        if data.get("county") != p["county"]:
            score.county_errors.append(f"{label}: county {data.get('county')!r} != {p['county']!r}")
    for i, (s, t, d) in enumerate(edges):
        if i not in used:
            score.extra.append(f"{graph.nodes[s]['name']} -> {graph.nodes[t]['name']} [{d['program']}]")
    return score
