"""The store contract (graph/contract.py), one suite over both stores.

Every test runs against the embedded networkx store and against every configured Bolt server
(ArcadeDB started by tests/neo4j_server.py, and the ``NEO4J_URI`` server when that is set),
each loaded with the seed graph. Expectations are
exact: the seed corpus's known pairings, or values counted here straight from the graph's
edges with code that shares nothing with the queries under test. In CI (``CI`` set) the Bolt
half fails instead of skipping when the server cannot start (tests/neo4j_fixtures.py).

A new store passes this suite by being added to ``STORES`` below.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import networkx as nx
import pytest

from graph.contract import EdgeEntry, Flow, StoreContract, SupportFilter
from graph.store import NetworkxStore
from tests.neo4j_server import BACKENDS

if TYPE_CHECKING:
    from tests.neo4j_fixtures import BoltServers

pytest_plugins = ["tests.neo4j_fixtures"]

STORES = ["networkx", *(f"bolt-{backend}" for backend in BACKENDS)]
"""The embedded store and every configured Bolt server (ArcadeDB; the ``NEO4J_URI`` one when set)."""
NUJIANG = "hospital:怒江州人民医院"
KUNMING_2ND = "hospital:昆明医科大学第二附属医院"
NUJIANG_SUPPORTERS = {
    "昆明医科大学第二附属医院",
    "云南大学附属医院",
    "云南省口腔医院",
    "云南省心理卫生中心",
    "云南省急救中心",
    "云南省肿瘤医院",
    "昆明市儿童医院",
    "昆明市第三人民医院",
}


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, graph: nx.MultiDiGraph, bolt_servers: BoltServers) -> StoreContract:
    if request.param == "networkx":
        return NetworkxStore(graph)
    # By name, not through the parametrised ``neo4j_store`` fixture: pytest cannot hand one out by
    # name (getfixturevalue), which is what errored once NEO4J_URI added a second server.
    return bolt_servers.seeded_store(request.param.removeprefix("bolt-"), graph)


def _supports(g: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    return [(s, r, e) for s, r, e in g.edges(data=True) if e["type"] == "SUPPORTS"]


def test_supporters_of_gives_the_known_team_and_its_lead(store: StoreContract) -> None:
    found = store.supporters_of(NUJIANG)
    assert {s.supporter for s in found} == NUJIANG_SUPPORTERS
    assert {s.supporter for s in store.supporters_of(NUJIANG, lead_only=True)} == {"昆明医科大学第二附属医院"}
    assert {s.recipient_id for s in found} == {NUJIANG}
    assert all(s.doc and s.where and s.quote for s in found), "every pairing carries its evidence"


def test_recipients_of_equals_the_graph(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    expected = Counter(r for s, r, _ in _supports(graph) if s == KUNMING_2ND)
    assert Counter(s.recipient_id for s in store.recipients_of(KUNMING_2ND)) == expected
    assert store.recipients_of("hospital:无此医院") == []


def test_supports_under_filters(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    assert len(store.supports()) == len(_supports(graph))
    province = "云南省"
    expected = [
        (s, r)
        for s, r, e in _supports(graph)
        if e.get("lead") and province in (graph.nodes[s].get("province"), graph.nodes[r].get("province"))
    ]
    found = store.supports(SupportFilter(province=province, lead_only=True))
    assert Counter((x.supporter_id, x.recipient_id) for x in found) == Counter(expected)


def test_hubs_count_distinct_partners(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    partners: dict[str, set[str]] = {}
    for s, r, _ in _supports(graph):
        partners.setdefault(s, set()).add(r)
    ranked = sorted(partners, key=lambda n: (-len(partners[n]), graph.nodes[n]["name"], n))[:5]
    hubs = store.hubs(5)
    assert [h.id for h in hubs] == ranked
    assert [h.degree for h in hubs] == [len(partners[n]) for n in ranked]
    assert {h.role for h in hubs} == {"supporter"}
    yunnan = [n for n in partners if graph.nodes[n].get("province") == "云南省"]
    assert [h.id for h in store.hubs(len(partners), province="云南省")] == sorted(
        yunnan, key=lambda n: (-len(partners[n]), graph.nodes[n]["name"], n)
    )


def test_cross_province_flows_count_pairs(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    pairs = {(s, r) for s, r, _ in _supports(graph)}
    expected = Counter((graph.nodes[s].get("province"), graph.nodes[r].get("province")) for s, r in pairs)
    flows = store.cross_province_flows()
    assert {(f.supporter_province, f.recipient_province): f.pairs for f in flows} == dict(expected)
    assert Flow("上海市", "云南省", expected[("上海市", "云南省")]) in flows


def test_documents_cites_and_requirements(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    files = {d["file"] for _, d in graph.nodes(data=True) if d["type"] == "Document" and not d.get("stub")}
    documents = store.documents()
    assert {d.file for d in documents} == files
    cites = [(a, b) for a, b, e in graph.edges(data=True) if e["type"] == "CITES"]
    source, target = cites[0]
    assert Counter(c.target_id for c in store.cites(source) if c.type == "CITES") == Counter(
        b for a, b in cites if a == source
    )
    assert source in {c.source_id for c in store.cited_by(target)}
    expected = {
        n for n, d in graph.nodes(data=True) if d["type"] == "Requirement" and d.get("topic") == "驻点时间"
    }
    assert {r.id for r in store.requirements("驻点时间")} == expected
    doc = graph.nodes[sorted(expected)[0]]["doc"]
    assert {r.id for r in store.requirements("驻点时间", document=doc)} == {
        n for n in expected if graph.nodes[n]["doc"] == doc
    }


def test_people_and_places(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    person, hospital, edge = next(
        (p, h, e) for p, h, e in graph.edges(data=True) if e["type"] == "DISPATCHED_TO"
    )
    assert hospital in {d.to_id for d in store.persons_of(person)}
    assert person in {d.person_id for d in store.dispatched_to(hospital)}
    assert person in {d.person_id for d in store.dispatched_from(edge["from_hospital"])}
    county = graph.nodes[NUJIANG].get("county")
    place = next(n for n, d in graph.nodes(data=True) if d["type"] == "County" and d["name"] == county)
    assert NUJIANG in {h.id for h in store.hospitals_in_place(place)}


def test_type_counts_and_whole_graph(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    counts = store.type_counts()
    assert counts.nodes == dict(Counter(d["type"] for _, d in graph.nodes(data=True)))
    assert counts.edges == dict(Counter(e["type"] for _, _, e in graph.edges(data=True)))
    whole = store.whole_graph()  # what exports read, from either store
    assert set(whole.nodes) == set(graph.nodes)
    assert Counter((u, v, e["type"]) for u, v, e in whole.edges(data=True)) == Counter(
        (u, v, e["type"]) for u, v, e in graph.edges(data=True)
    )
    assert whole.nodes[NUJIANG]["aliases"] == graph.nodes[NUJIANG]["aliases"]


def _edges(g: nx.MultiDiGraph, edge_type: str) -> list[tuple[str, str, dict]]:
    return [(u, v, e) for u, v, e in g.edges(data=True) if e["type"] == edge_type]


def test_name_entries_are_every_node_with_its_names(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    entries = {n.id: n for n in store.name_entries()}
    assert set(entries) == set(graph.nodes)
    nujiang = entries[NUJIANG]
    assert nujiang.names[0] == graph.nodes[NUJIANG]["name"]
    assert set(nujiang.names[1:]) == {a["surface"] for a in graph.nodes[NUJIANG]["aliases"]} - {nujiang.name}
    orphans = {n for n, d in graph.nodes(data=True) if d.get("orphan")}
    assert {n.id for n in entries.values() if n.orphan} == orphans
    for node in orphans:
        assert (entries[node].orphan_doc, entries[node].orphan_quote) == (
            graph.nodes[node]["orphan_doc"], graph.nodes[node]["orphan_quote"]
        )


def test_see_also_links_in_both_directions(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    links = _edges(graph, "SEE_ALSO")
    assert links, "the seed corpus prints 甲（乙） pairs"
    source, target, edge = links[0]
    for end in (source, target):
        found = [(x.source_id, x.target_id) for x in store.see_also_of(end)]
        assert Counter(found) == Counter((u, v) for u, v, _ in links if end in (u, v))
    first = next(x for x in store.see_also_of(source) if x.target_id == target)
    assert (first.note, first.doc, first.quote) == (edge.get("note"), edge["doc"], edge["quote"])
    assert first.other(source) == (target, graph.nodes[target]["name"])
    assert first.other(target) == (source, graph.nodes[source]["name"])


def test_shortest_paths_and_the_edges_of_each_hop(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    supporter, recipient, edge = next(
        (s, r, e) for s, r, e in _supports(graph) if s == KUNMING_2ND and r == NUJIANG
    )
    assert [(p.ids, p.types, p.starts) for p in store.shortest_paths(supporter, recipient)] == [
        ([supporter, recipient], ["SUPPORTS"], [supporter])
    ]
    undirected = nx.Graph(graph)
    other = next(n for n in sorted(graph.nodes) if n not in undirected[NUJIANG] and n != NUJIANG
                 and nx.has_path(undirected, NUJIANG, n))
    paths = store.shortest_paths(NUJIANG, other)
    expected_paths = {tuple(p) for p in nx.all_shortest_paths(undirected, NUJIANG, other)}
    assert {tuple(p.ids) for p in paths} == expected_paths
    assert store.shortest_paths(NUJIANG, "hospital:无此医院") == []
    expected = [
        EdgeEntry(u, v, e["type"], e.get("doc"), e.get("where"), e.get("quote"))
        for u, v in ((supporter, recipient), (recipient, supporter))
        for e in (graph.get_edge_data(u, v) or {}).values()
    ]
    assert Counter(store.edges_between(recipient, supporter)) == Counter(expected)
    assert EdgeEntry(supporter, recipient, "SUPPORTS", edge["doc"], edge["where"], edge["quote"]) in expected


def test_measures_by_document(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    measures = {n: d for n, d in graph.nodes(data=True) if d["type"] == "Measure"}
    assert measures, "贵州's document lists its measures"
    found = store.measures()
    assert Counter(m.id for m in found) == Counter(set(measures))
    doc = next(iter(measures.values()))["doc"]
    in_doc = store.measures([doc])
    assert {m.id for m in in_doc} == {n for n, d in measures.items() if d["doc"] == doc}
    assert [m.ordinal for m in in_doc] == sorted(m.ordinal for m in in_doc)
    assert all(m.title and m.where for m in in_doc)
    assert store.measures([]) == []


def test_documents_with_stubs_and_citations_of_several(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    documents = {n: d for n, d in graph.nodes(data=True) if d["type"] == "Document"}
    stubs = {n for n, d in documents.items() if d.get("stub")}
    assert stubs, "the seed corpus cites documents it does not hold"
    assert {d.id for d in store.documents(include_stubs=True)} == set(documents)
    assert {d.id for d in store.documents()} == set(documents) - stubs
    stub = sorted(stubs)[0]
    assert [d.id for d in store.documents(stub)] == [stub]
    assert store.documents([]) == []
    with_source = {n: d for n, d in documents.items() if d.get("number_source")}
    for node, data in with_source.items():
        assert store.documents(node)[0].number_source == data["number_source"]
    edges = [(a, b, e) for a, b, e in graph.edges(data=True) if e["type"] in ("CITES", "CONTAINS")]
    sources = sorted({a for a, _, _ in edges})[:2]
    assert Counter((c.source_id, c.target_id, c.type) for c in store.cites(sources)) == Counter(
        (a, b, e["type"]) for a, b, e in edges if a in sources
    )
    assert Counter((c.target_id, c.basis) for c in store.cited_by(stub)) == Counter(
        (b, bool(e.get("basis"))) for _, b, e in edges if b == stub
    )
    assert store.cites([]) == []


def test_requirements_of_several_topics_and_documents(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    rules = {n: d for n, d in graph.nodes(data=True) if d["type"] == "Requirement"}
    topics = sorted({d["topic"] for d in rules.values()})[:2]
    docs = sorted({d["doc"] for d in rules.values()})[:1]
    assert {r.id for r in store.requirements(topics)} == {n for n, d in rules.items() if d["topic"] in topics}
    assert {r.id for r in store.requirements(topics, docs)} == {
        n for n, d in rules.items() if d["topic"] in topics and d["doc"] in docs
    }
    assert store.requirements(topics, []) == []
    assert {r.id for r in store.requirements()} == set(rules)


def test_persons_of_several_people(store: StoreContract, graph: nx.MultiDiGraph) -> None:
    sent = _edges(graph, "DISPATCHED_TO")
    people = sorted({p for p, _, _ in sent})[:3]
    assert Counter((d.person_id, d.to_id) for d in store.persons_of(people)) == Counter(
        (p, h) for p, h, _ in sent if p in people
    )
