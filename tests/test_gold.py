"""The extractors against the hand-checked gold of the five seed documents."""

from __future__ import annotations

import pytest

from tests.gold_scoring import score_document

SEED_DOCS = [
    "000_5e86d926f4900194.txt",
    "002_f96d2e1adf756957.txt",
    "004_83573d7611e5798f.txt",
]


@pytest.mark.parametrize("doc", SEED_DOCS)
def test_supports_edges_match_gold(graph, gold, doc):
    score = score_document(graph, gold, doc)
    print(
        f"\n{doc}: gold {score.gold}, extracted {score.extracted}, matched {score.matched}, "
        f"precision {score.precision:.3f}, recall {score.recall:.3f}"
    )
    assert score.precision >= 0.99, score.extra
    assert score.recall >= 0.99, score.missing
    assert score.lead_errors == []
    assert score.county_errors == []


@pytest.mark.parametrize("doc", SEED_DOCS)
def test_programmes_map_one_to_one(graph, gold, doc):
    score = score_document(graph, gold, doc)
    ours = [label for labels in score.program_map.values() for label in labels]
    assert all(len(labels) == 1 for labels in score.program_map.values()), score.program_map
    assert len(ours) == len(set(ours)), score.program_map


def test_documents_without_pairings_have_none(graph, gold):
    for doc in ("001_5d7973793b16831f.txt", "003_4d4abe8e6271f2f6.txt"):
        assert not [p for p in gold["pairings"] if p["doc"] == doc]
        assert not [1 for _, _, d in graph.edges(data=True) if d["type"] == "SUPPORTS" and d["doc"] == doc]


def test_all_orphans_reported(built, gold):
    reported = {(p.doc, p.message) for p in built.problems if p.kind == "orphan"}
    for orphan in gold["orphans"]:
        assert any(
            doc == orphan["doc"] and f"「{orphan['recipient']}」" in message for doc, message in reported
        ), orphan
    orphan_names = {m for _, m in reported}
    assert len(orphan_names) == len(gold["orphans"])


def test_orphans_are_never_supporters(graph, gold):
    for orphan in gold["orphans"]:
        nid = f"hospital:{orphan['recipient']}"
        assert nid in graph
        assert not [1 for _, _, d in graph.out_edges(nid, data=True) if d["type"] == "SUPPORTS"]


def test_staff_of_kezuozhongqi_complete(graph, gold):
    got = set()
    for source, target, data in graph.edges(data=True):
        if data["type"] == "DISPATCHED_TO":
            got.add(
                (
                    graph.nodes[source]["name"],
                    data["from_hospital"],
                    graph.nodes[target]["name"],
                    int(data["row"]),
                    data["period"],
                )
            )
    expected = {
        (s["person"], s["from_hospital"], s["to_hospital"], s["row"], s["period"]) for s in gold["staff"]
    }
    assert got == expected


def test_needs_and_periods_of_kezuozhongqi(graph, gold):
    edges = {
        (graph.nodes[s]["name"], graph.nodes[t]["name"]): d
        for s, t, d in graph.edges(data=True)
        if d["type"] == "SUPPORTS" and d["doc"] == "002_f96d2e1adf756957.txt"
    }
    for pairing in (p for p in gold["pairings"] if p["doc"] == "002_f96d2e1adf756957.txt"):
        data = edges[(pairing["supporter"], pairing["recipient"])]
        assert data["needs"] == pairing["needs"], pairing["where"]
        assert data["period"] == pairing["period"]


def test_person_with_two_postings_is_one_node(graph):
    people = [n for n, d in graph.nodes(data=True) if d["type"] == "Person" and d["name"] == "夏宝平"]
    assert len(people) == 1
    postings = [t for _, t, d in graph.out_edges(people[0], data=True) if d["type"] == "DISPATCHED_TO"]
    assert len(postings) == 2


@pytest.mark.parametrize(
    "surface,canonical,doc",
    [
        ("省肿瘤医院", "云南省肿瘤医院", "000_5e86d926f4900194.txt"),
        ("省肿瘤医院", "江西省肿瘤医院", "004_83573d7611e5798f.txt"),
        ("云大附属医院", "云南大学附属医院", "000_5e86d926f4900194.txt"),
        ("省阜外医院", "云南省阜外心血管病医院", "000_5e86d926f4900194.txt"),
        ("省妇幼保健院", "江西省妇幼保健医院", "004_83573d7611e5798f.txt"),
        ("赣县人民医院", "赣县区人民医院", "004_83573d7611e5798f.txt"),
        ("个旧市人民医院", "红河州滇南中心医院", "000_5e86d926f4900194.txt"),
    ],
)
def test_short_forms_are_aliases_scoped_by_document(graph, surface, canonical, doc):
    data = graph.nodes[f"hospital:{canonical}"]
    seen = {(a["surface"], a["doc"]) for a in data["aliases"]}
    assert (surface, doc) in seen
    assert f"hospital:{surface}" not in graph


def test_every_gold_alias_resolves(graph, gold):
    for entry in gold["aliases"]:
        node = graph.nodes[f"hospital:{entry['canonical']}"]
        names = {node["name"], *(a["surface"] for a in node["aliases"])}
        assert entry["surface"] in names, entry


def test_every_edge_and_node_has_provenance(graph):
    for _, _, data in graph.edges(data=True):
        if data["type"] == "LOCATED_IN" and data["where"] == "行政区划":
            assert data["doc"] == "行政区划数据（jionlp）"  # the gazetteer, not a corpus document
        assert data["doc"] and data["where"] and data["quote"], data
    for nid, data in graph.nodes(data=True):
        if data["type"] in ("Province", "Prefecture", "County") or data.get("stub"):
            continue
        assert data["evidence"], nid
