"""The graph writer merges evidence exactly, on both sides of its scan/index switch.

Why: short evidence lists are scanned and long ones indexed (graph/writer.py, linear builds);
a citation seen again must never be added twice, a new one never lost, on either side of
SCAN_LIMIT, and order must stay the order of first sighting (stores and exports read it).
"""

from __future__ import annotations

import pytest

from core.model import EdgeType, Evidence, NodeType
from graph.writer import SCAN_LIMIT, GraphWriter


def _rows(n: int, doc: str = "a.txt") -> list[Evidence]:
    return [Evidence(doc, f"附件1 序号{i}（原文第{i + 10}行）", f"行{i}") for i in range(n)]


@pytest.mark.parametrize("count", [1, SCAN_LIMIT - 1, SCAN_LIMIT, SCAN_LIMIT + 1, 5 * SCAN_LIMIT])
def test_node_evidence_kept_once_per_place_in_order(count: int) -> None:
    w = GraphWriter()
    rows = _rows(count)
    for evidence in [*rows, *reversed(rows), *rows]:  # every place seen three times
        w.node("program:a.txt#表", NodeType.PROGRAM, "表", evidence)
    items = w.g.nodes["program:a.txt#表"]["evidence"]
    assert [(e["doc"], e["where"], e["quote"]) for e in items] == [(e.doc, e.where, e.quote) for e in rows]


def test_same_place_in_another_document_is_new_evidence_past_the_limit() -> None:
    w = GraphWriter()
    first, second = _rows(SCAN_LIMIT + 2, "a.txt"), _rows(SCAN_LIMIT + 2, "b.txt")
    for evidence in [*first, *second, *first, *second]:
        w.edge("doc:a", "program:p", EdgeType.ESTABLISHES, "ESTABLISHES:p", evidence)
    items = w.g.edges["doc:a", "program:p", "ESTABLISHES:p"]["evidence"]
    assert [(e["doc"], e["where"]) for e in items] == [(e.doc, e.where) for e in [*first, *second]]


def test_a_quote_differing_at_a_known_place_is_not_added() -> None:
    w = GraphWriter()
    rows = _rows(SCAN_LIMIT + 3)
    for evidence in rows:
        w.node("hospital:甲医院", NodeType.HOSPITAL, "甲医院", evidence)
    again = Evidence(rows[2].doc, rows[2].where, "另一种引文")
    assert w.add_evidence("hospital:甲医院", w.g.nodes["hospital:甲医院"]["evidence"], again) is False
    assert len(w.g.nodes["hospital:甲医院"]["evidence"]) == SCAN_LIMIT + 3


def test_one_row_cited_by_nodes_and_edge_shares_one_dict() -> None:
    w = GraphWriter()
    evidence = _rows(1)[0]
    a = w.node("hospital:甲医院", NodeType.HOSPITAL, "甲医院", evidence)
    b = w.node("hospital:乙医院", NodeType.HOSPITAL, "乙医院", evidence)
    w.edge(a, b, EdgeType.SUPPORTS, "k", evidence)
    dicts = [w.g.nodes[a]["evidence"][0], w.g.nodes[b]["evidence"][0], w.g.edges[a, b, "k"]["evidence"][0]]
    assert dicts[0] == {"doc": evidence.doc, "where": evidence.where, "quote": evidence.quote}
    assert all(d is dicts[0] for d in dicts)
