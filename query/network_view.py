"""What the network view beside the chat shows for an answer, as plain nodes and edges.

Why here and as plain dicts: choosing what to draw is a query over the store (the SUPPORTS
neighbourhood of what the question named), answered through the store contract so it is the
same from networkx and Neo4j; drawing it is ui/network.py's job, which receives only lists of
dicts through the front door and never a graph or a driver.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from core.model import NodeType, node_id
from graph.contract import StoreContract, Support
from query.model import Answer

__all__ = ["MAX_EDGES", "answer_network_data", "network_data"]

MAX_EDGES = 200  # beyond this a hairball helps no one; the explore tab has the full table
MAX_PLACE_HOSPITALS = 60
PLACE_TYPES = ("Province", "Prefecture", "County")
HOSPITAL_PREFIX = node_id(NodeType.HOSPITAL, "")
EDGE_ROW_KEYS = ("program", "lead", "doc", "where", "quote")


def _hospitals(store: StoreContract, ids: list[str]) -> tuple[list[str], dict[str, list[str]], list[Any]]:
    """Hospitals among ``ids`` and inside its places; the hospitals of each place; the id entries."""
    entries = store.nodes(ids)
    hospitals: list[str] = []
    inside: dict[str, list[str]] = {}
    for entry in entries:
        if entry.type == "Hospital":
            hospitals.append(entry.id)
        elif entry.type in PLACE_TYPES:
            inside[entry.id] = [h.id for h in store.hospitals_in_place(entry.id)[:MAX_PLACE_HOSPITALS]]
            hospitals.extend(inside[entry.id])
    return list(dict.fromkeys(hospitals)), inside, entries


def network_data(
    store: StoreContract, focus: list[str], *, expand: list[str] | None = None
) -> dict[str, Any] | None:
    """What to draw for an answer: ``{"nodes", "edges", "truncated", "doc_labels", "located"}``;
    ``None`` when the answer names nothing to draw around.

    ``expand`` (default: ``focus``) are the entities the question named: their SUPPORTS
    neighbourhood, one hop both ways, is drawn (a place stands for the hospitals in it).
    ``focus`` are the entities of the answer: highlighted, with the SUPPORTS edges among them.
    Keeping the two apart draws "who supports 怒江州人民医院" as that hospital and its eight
    supporters, not also everything each supporter does elsewhere.
    """
    expand = focus if expand is None else expand
    if not focus and not expand:
        return None
    centre, inside, centre_entries = _hospitals(store, expand)
    answer = {f for f in focus if f.startswith(HOSPITAL_PREFIX)} | set(centre)
    supports: list[Support] = []
    if centre:
        supports += store.supporters_of(centre) + store.recipients_of(centre)
    if answer:
        supports += [s for s in store.supporters_of(sorted(answer)) if s.supporter_id in answer]
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[Any, ...]] = set()
    for s in supports:
        key = (s.supporter_id, s.recipient_id, s.doc, s.program, s.where)
        if key not in seen:
            seen.add(key)
            pairs[(s.supporter_id, s.recipient_id)].append({k: getattr(s, k) for k in EDGE_ROW_KEYS})
    edges = [
        {"source": a, "target": b, "lead": any(r["lead"] for r in rows), "rows": rows}
        for (a, b), rows in pairs.items()
    ]
    truncated = len(edges) > MAX_EDGES
    if truncated:  # keep lead edges and edges of the answer first
        edges.sort(key=lambda e: (not e["lead"], not ({e["source"], e["target"]} <= answer)))
        edges = edges[:MAX_EDGES]
    places = [e.id for e in centre_entries if e.type in PLACE_TYPES and e.type != "Province"]
    highlighted = set(focus) | set(expand)
    ids = list(dict.fromkeys([*places, *(n for e in edges for n in (e["source"], e["target"]))]))
    nodes: dict[str, dict[str, Any]] = {
        n.id: {
            "id": n.id, "name": n.name, "type": n.type, "province": n.province or "",
            "place": " · ".join(x for x in (n.prefecture, n.county) if x),
            "roles": set(), "focus": n.id in highlighted, "centre": n.id in expand,
            "programs": set(), "docs": set(),
        }
        for n in (store.nodes(ids) if ids else [])
    }
    for edge in edges:
        for row in edge["rows"]:
            nodes[edge["source"]]["roles"].add("supporter")
            nodes[edge["target"]]["roles"].add("recipient")
            for nid in (edge["source"], edge["target"]):
                nodes[nid]["programs"].add(row["program"] or "")
                nodes[nid]["docs"].add(row["doc"] or "")
    for node in nodes.values():
        for key in ("roles", "programs", "docs"):
            node[key] = sorted(node[key])
    located = sorted((h, p) for p in places for h in inside.get(p, []) if h in nodes)
    docs = sorted({row["doc"] for e in edges for row in e["rows"] if row["doc"]})
    found = store.documents([f"doc:{name}" for name in docs]) if docs else []
    labels = {d.file or d.id[4:]: d.label for d in found}
    return {"nodes": list(nodes.values()), "edges": edges, "truncated": truncated, "doc_labels": labels,
            "located": [list(pair) for pair in located]}


def answer_network_data(store: StoreContract, answer: Answer) -> dict[str, Any] | None:
    """The view for a chat answer: around the entities the question named, with the answer's
    entities highlighted. A named province is too wide to expand: then only the answer's own
    relations are drawn (e.g. 上海's hospitals that support hospitals in 云南)."""
    named = [e.node_id for e in answer.entities]
    expand = [e.node_id for e in answer.entities if e.type != "Province"] if named else answer.focus
    return network_data(store, answer.focus or named, expand=expand)
