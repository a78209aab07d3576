"""The Neo4j store over real Bolt: loading, idempotence, escaping, errors, and row-for-row parity.

The server is ArcadeDB in this process (tests/neo4j_server.py), reached by the official neo4j
driver over a loopback socket; with ``NEO4J_URI`` set every test also runs against that server.
Parity means the whole row lists are equal (names, leads, evidence quotes, order), not counts.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from core.errors import StoreError
from core.model import EdgeType, NodeType, node_id
from graph import queries as Q
from graph.neo4j_load import count_graph, load_graph
from graph.neo4j_store import Neo4jStore
from graph.store import NetworkxStore
from tests.neo4j_server import free_port

pytest_plugins = ["tests.neo4j_fixtures"]

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

NUJIANG = "hospital:怒江州人民医院"
KUNMING_2ND = "hospital:昆明医科大学第二附属医院"
KUNMING_CHILDREN = "hospital:昆明市儿童医院"
ZHAOTONG_1ST = "hospital:昭通市第一人民医院"  # 4 hops from 昆明市儿童医院 along 10 shortest paths


def _person(g: nx.MultiDiGraph, name: str) -> str:
    return next(n for n, d in g.nodes(data=True) if d["type"] == NodeType.PERSON and d["name"] == name)


def _of_type(g: nx.MultiDiGraph, node_type: NodeType) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d["type"] == node_type)


def _busiest_place(g: nx.MultiDiGraph, node_type: NodeType) -> str:
    """The place of this level with most hospitals inside (up to 3 LOCATED_IN hops): a non-trivial answer."""
    return max(_of_type(g, node_type), key=lambda p: (len(Q.HOSPITALS_IN_PLACE.networkx(g, place_id=p)), p))


def _first_dispatch_target(g: nx.MultiDiGraph, person: str) -> str:
    return next(t for _, t, d in g.out_edges(person, data=True) if d["type"] == EdgeType.DISPATCHED_TO)


# (case id, query, params from the graph, whether the answer must be non-empty)
Case = tuple[str, Q.NamedQuery, Callable[[nx.MultiDiGraph], dict[str, Any]], bool]
CASES: list[Case] = [
    ("supporters_of 怒江州人民医院", Q.SUPPORTERS_OF, lambda g: {"ids": [NUJIANG]}, True),
    (
        "supporters_of 两家+不存在",
        Q.SUPPORTERS_OF,
        lambda g: {"ids": [NUJIANG, ZHAOTONG_1ST, "hospital:无此医院"]},
        True,
    ),
    ("recipients_of 昆明医科大学第二附属医院", Q.RECIPIENTS_OF, lambda g: {"ids": [KUNMING_2ND]}, True),
    ("all_supports", Q.ALL_SUPPORTS, lambda g: {}, True),
    (
        "nodes",
        Q.NODES,
        lambda g: {
            "ids": [
                NUJIANG,
                KUNMING_2ND,
                _person(g, "何圆圆"),
                _of_type(g, NodeType.COUNTY)[0],
                _of_type(g, NodeType.DOCUMENT)[0],
            ]
        },
        True,
    ),
    ("name_entries", Q.NAME_ENTRIES, lambda g: {}, True),
    (
        "hospitals_in_place county",
        Q.HOSPITALS_IN_PLACE,
        lambda g: {"place_id": _busiest_place(g, NodeType.COUNTY)},
        True,
    ),
    (
        "hospitals_in_place prefecture",
        Q.HOSPITALS_IN_PLACE,
        lambda g: {"place_id": _busiest_place(g, NodeType.PREFECTURE)},
        True,
    ),
    (
        "hospitals_in_place province",
        Q.HOSPITALS_IN_PLACE,
        lambda g: {"place_id": _busiest_place(g, NodeType.PROVINCE)},
        True,
    ),
    ("dispatches_of 何圆圆", Q.DISPATCHES_OF, lambda g: {"ids": [_person(g, "何圆圆")]}, True),
    (
        "dispatches_to",
        Q.DISPATCHES_TO,
        lambda g: {"ids": [_first_dispatch_target(g, _person(g, "何圆圆"))]},
        True,
    ),
    (
        "dispatches_from",
        Q.DISPATCHES_FROM,
        lambda g: {"names": [g.nodes[_person(g, "何圆圆")]["hospital"], "无此医院"]},
        True,
    ),
    ("documents all", Q.DOCUMENTS, lambda g: {"ids": None}, True),
    ("documents some", Q.DOCUMENTS, lambda g: {"ids": _of_type(g, NodeType.DOCUMENT)[:3]}, True),
    ("documents default", Q.DOCUMENTS, lambda g: {}, True),
    ("citations", Q.CITATIONS, lambda g: {"ids": _of_type(g, NodeType.DOCUMENT)}, True),
    ("requirements all", Q.REQUIREMENTS, lambda g: {}, True),
    ("requirements topic", Q.REQUIREMENTS, lambda g: {"topics": ["驻点时间"]}, True),
    (
        "requirements doc+topic",
        Q.REQUIREMENTS,
        lambda g: {
            "docs": [g.nodes[_of_type(g, NodeType.REQUIREMENT)[0]]["doc"]],
            "topics": ["派驻人数", "待遇"],
        },
        True,
    ),
    ("measures all", Q.MEASURES, lambda g: {}, True),
    (
        "measures doc",
        Q.MEASURES,
        lambda g: {"docs": [g.nodes[_of_type(g, NodeType.MEASURE)[0]]["doc"]]},
        True,
    ),
    ("hubs 10", Q.HUBS, lambda g: {"limit": 10}, True),
    ("filtered supports all", Q.FILTERED_SUPPORTS, lambda g: {}, True),
    (
        "filtered supports 云南 lead",
        Q.FILTERED_SUPPORTS,
        lambda g: {"province": "云南省", "lead_only": True},
        True,
    ),
    ("supporter degrees", Q.SUPPORTER_DEGREES, lambda g: {}, True),
    ("recipient degrees 云南", Q.RECIPIENT_DEGREES, lambda g: {"province": "云南省"}, True),
    ("cross-province flows", Q.CROSS_PROVINCE_FLOWS, lambda g: {}, True),
    ("node counts", Q.NODE_COUNTS, lambda g: {}, True),
    ("edge counts", Q.EDGE_COUNTS, lambda g: {}, True),
    ("hubs default", Q.HUBS, lambda g: {}, True),
    (
        "shortest_paths 昆明市儿童医院-怒江州人民医院",
        Q.SHORTEST_PATHS,
        lambda g: {"a": KUNMING_CHILDREN, "b": NUJIANG},
        True,
    ),
    (
        "shortest_paths 4 hops, many paths",
        Q.SHORTEST_PATHS,
        lambda g: {"a": KUNMING_CHILDREN, "b": ZHAOTONG_1ST},
        True,
    ),
    ("shortest_paths reversed", Q.SHORTEST_PATHS, lambda g: {"a": ZHAOTONG_1ST, "b": KUNMING_CHILDREN}, True),
    (
        "shortest_paths unconnected",
        Q.SHORTEST_PATHS,
        lambda g: {"a": KUNMING_CHILDREN, "b": _person(g, "何圆圆")},
        False,
    ),
    ("edges_between hospitals", Q.EDGES_BETWEEN, lambda g: {"a": NUJIANG, "b": KUNMING_CHILDREN}, True),
    (
        "edges_between person-hospital",
        Q.EDGES_BETWEEN,
        lambda g: {"a": _first_dispatch_target(g, _person(g, "何圆圆")), "b": _person(g, "何圆圆")},
        True,
    ),
    ("edges_between none", Q.EDGES_BETWEEN, lambda g: {"a": NUJIANG, "b": _person(g, "何圆圆")}, False),
    (
        "shortest_paths unknown id",
        Q.SHORTEST_PATHS,
        lambda g: {"a": KUNMING_CHILDREN, "b": "hospital:无此医院"},
        False,
    ),
]


# --- no server needed --------------------------------------------------------------------------


def test_every_named_query_has_a_parity_case() -> None:
    assert {query.name for query in Q.ALL_QUERIES} <= {case[1].name for case in CASES}


def test_closed_port_is_one_clear_error() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(uri, "neo4j", "whatever", timeout=3)
    assert caught.value.message == f"无法连接 Neo4j 服务器 {uri}：连接被拒绝或超时"


def test_invalid_uri_is_one_clear_error() -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect("http://127.0.0.1:7474", "neo4j", "x")
    assert caught.value.message.startswith("Neo4j 地址无效：http://127.0.0.1:7474")


def test_cli_reports_closed_port_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    from ui.cli import main

    uri = f"bolt://127.0.0.1:{free_port()}"
    assert main(["neo4j", "load", "--uri", uri, "--password", "x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"错误：无法连接 Neo4j 服务器 {uri}：连接被拒绝或超时")
    assert "Traceback" not in err
    assert err.count("\n") == 1, "one line"


def test_cli_without_uri_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.cli import main

    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert main(["neo4j", "load"]) == 2
    assert "NEO4J_URI" in capsys.readouterr().err


def test_types_outside_the_model_are_refused_not_spliced_into_cypher(graph: nx.MultiDiGraph) -> None:
    """Relationship types are statement text, so only EdgeType members may become one."""
    from graph.neo4j_load import edge_rows

    g = nx.MultiDiGraph()
    g.add_node("a", id="a", type="Hospital", name="a", aliases=[], evidence=[])
    g.add_edge("a", "a", key="k", type="SUPPORTS]->() DETACH DELETE a //", doc="", where="", quote="")
    with pytest.raises(StoreError, match="不在数据模型中"):
        edge_rows(g)
    assert set(edge_rows(graph)) == {EdgeType(d["type"]) for _, _, d in graph.edges(data=True)}


# --- against the server ------------------------------------------------------------------------


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("query", "make_params", "non_empty"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_named_query_rows_equal_networkx(
    neo4j_store: Neo4jStore,
    graph: nx.MultiDiGraph,
    query: Q.NamedQuery,
    make_params: Callable[[nx.MultiDiGraph], dict[str, Any]],
    non_empty: bool,
) -> None:
    params = make_params(graph)
    expected = NetworkxStore(graph).fetch(query, **params)
    assert bool(expected) == non_empty, "the case should exercise what it says"
    assert neo4j_store.fetch(query, **params) == expected


@pytest.mark.neo4j
def test_load_writes_every_node_and_edge(neo4j_store: Neo4jStore, graph: nx.MultiDiGraph) -> None:
    assert neo4j_store.counts() == (graph.number_of_nodes(), graph.number_of_edges())


def _snapshot(store: Neo4jStore) -> tuple[list, list]:
    """Everything a load decides: node labels and properties, relationship ends, types and properties."""
    with store.driver.session(database=store.database) as session:
        nodes = session.run(
            "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
        ).data()
        edges = session.run(
            "MATCH (a:Entity)-[e]->(b:Entity) RETURN a.id AS a, type(e) AS type, b.id AS b, "
            "properties(e) AS props"
        ).data()
    nodes = sorted((n["id"], sorted(n["labels"]), sorted(n["props"].items())) for n in nodes)
    edges = sorted((e["a"], e["type"], e["b"], sorted(e["props"].items())) for e in edges)
    return nodes, edges


@pytest.mark.neo4j
def test_loading_twice_changes_nothing(neo4j_store: Neo4jStore, graph: nx.MultiDiGraph) -> None:
    before = _snapshot(neo4j_store)
    report = load_graph(neo4j_store, graph)
    assert (report.nodes, report.edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert report.schema in ("constraint", "index")
    assert _snapshot(neo4j_store) == before
    node = dict(next(props for nid, _, props in before[0] if nid == NUJIANG))
    assert node["name"] == "怒江州人民医院"
    assert "Hospital" in next(labels for nid, labels, _ in before[0] if nid == NUJIANG)


@pytest.mark.neo4j
def test_wipe_replaces_the_graph(restore_seed: Neo4jStore, graph: nx.MultiDiGraph) -> None:
    small = graph.subgraph([NUJIANG, *graph.predecessors(NUJIANG)]).copy()
    report = load_graph(restore_seed, small, wipe=True, batch_size=3)
    assert (report.nodes, report.edges) == (small.number_of_nodes(), small.number_of_edges())
    assert restore_seed.fetch(Q.SUPPORTERS_OF, ids=[NUJIANG]) == NetworkxStore(small).fetch(
        Q.SUPPORTERS_OF, ids=[NUJIANG]
    )
    gone = next(n for n in graph if n not in small)
    assert restore_seed.fetch(Q.NODES, ids=[gone]) == []


AWKWARD = [
    "引号'单引号医院",
    '双引号"医院',
    "反斜杠\\医院\\n不是换行",
    "花括号}医院{",
    "注入'}) DETACH DELETE n //医院",
    "混合`反引号`$参数\t制表\n换行医院",
]


def _with_awkward_names(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = copy.deepcopy(graph)
    previous = NUJIANG
    for index, name in enumerate(AWKWARD):
        nid = node_id(NodeType.HOSPITAL, name)
        quote = f"{name} | {AWKWARD[index - 1]}"
        evidence = {"doc": f"文件'{index}}}.txt", "where": f"表\\{index}", "quote": quote}
        g.add_node(
            nid,
            id=nid,
            type="Hospital",
            name=name,
            province="云南省'}",
            prefecture=None,
            county=None,
            aliases=[{"surface": name + "别名'}\\", "doc": evidence["doc"], "where": evidence["where"]}],
            evidence=[evidence],
        )
        g.add_edge(
            nid,
            previous,
            key=f"{evidence['doc']}|项目'}}|{nid}|{previous}",
            type="SUPPORTS",
            doc=evidence["doc"],
            where=evidence["where"],
            quote=quote,
            evidence=[evidence],
            lead=index % 2 == 0,
            program="项目'}",
            county=None,
            needs=["儿科'", "内\\科}"],
            period=None,
            row=str(index),
        )
        previous = nid
    return g


@pytest.mark.neo4j
def test_names_with_quotes_backslashes_and_braces_round_trip(
    restore_seed: Neo4jStore, graph: nx.MultiDiGraph
) -> None:
    g = _with_awkward_names(graph)
    report = load_graph(restore_seed, g)
    # Nothing was deleted or lost by a name that looks like Cypher.
    assert (report.nodes, report.edges) == (g.number_of_nodes(), g.number_of_edges())
    ids = [node_id(NodeType.HOSPITAL, name) for name in AWKWARD]
    local = NetworkxStore(g)
    for query, params in [
        (Q.NODES, {"ids": ids}),
        (Q.SUPPORTERS_OF, {"ids": [NUJIANG, *ids]}),
        (Q.RECIPIENTS_OF, {"ids": ids}),
        (Q.NAME_ENTRIES, {}),
        (Q.HUBS, {"limit": 1000}),
    ]:
        assert restore_seed.fetch(query, **params) == local.fetch(query, **params), query.name
    names = {row["id"]: row["names"] for row in restore_seed.fetch(Q.NODES, ids=ids)}
    assert names == {node_id(NodeType.HOSPITAL, n): [n, n + "别名'}\\"] for n in AWKWARD}
    # The JSON-encoded evidence comes back exactly too.
    with restore_seed.driver.session(database=restore_seed.database) as session:
        stored = session.run("MATCH (n:Entity {id: $id}) RETURN n.evidence AS evidence", id=ids[4]).single()
    from graph.export.flatten import from_json

    assert from_json(stored["evidence"]) == g.nodes[ids[4]]["evidence"]


@pytest.mark.neo4j
def test_wrong_password_is_one_clear_error(bolt_server) -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(
            bolt_server.uri, bolt_server.user, bolt_server.password + "-wrong", database=bolt_server.database
        )
    assert caught.value.message == "Neo4j 用户名或密码错误"


@pytest.mark.neo4j
def test_unknown_database_is_one_clear_error(bolt_server) -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(
            bolt_server.uri, bolt_server.user, bolt_server.password, database="bangfu_no_such_db"
        )
    assert caught.value.message == "Neo4j 数据库“bangfu_no_such_db”不存在"


@pytest.mark.neo4j
def test_a_query_the_server_rejects_is_a_store_error(neo4j_store: Neo4jStore) -> None:
    broken = Q.NamedQuery("broken", "MATCH (n:Entity RETURN n", lambda g: [])
    with pytest.raises(StoreError) as caught:
        neo4j_store.fetch(broken)
    assert caught.value.message == "Neo4j 服务器执行查询 broken 时报错"


@pytest.mark.neo4j
def test_cli_load_prints_counts(
    restore_seed: Neo4jStore,
    bolt_server,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    graph: nx.MultiDiGraph,
) -> None:
    from ui.cli import main

    monkeypatch.setenv("BANGFU_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("NEO4J_USER", bolt_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    corpus = tmp_path / "corpus"  # our own copy: the shared corpus_copy may have gained files
    shutil.copytree(CORPUS, corpus)
    args = ["neo4j", "load", "--corpus", str(corpus), "--wipe"]
    if bolt_server.database:
        args += ["--database", bolt_server.database]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"库中现有：节点 {graph.number_of_nodes()} 个，关系 {graph.number_of_edges()} 条" in out
    assert "已先清空旧图" in out
    assert count_graph(restore_seed) == (graph.number_of_nodes(), graph.number_of_edges())
