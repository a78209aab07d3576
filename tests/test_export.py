"""Exports: each format with a reader round-trips the graph exactly; cypher is checked statement by statement.

The fixture is a few rows of the corpus (云南 pairings of 十四五对口帮扶) plus the hard cases:
a hospital whose name holds quotes, a backslash, ``}`` and a newline; parallel SUPPORTS
edges; ``None``, ``""`` and ``[]`` values; a ``value`` that is an int on one node and a
float on another; an evidence quote with ``\\r\\n``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from core.errors import ExportError
from core.model import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, EdgeType, NodeType, node_id
from graph.export import FORMATS, export_graph
from graph.export.cypher import ID_CONSTRAINT, cypher_string, write_cypher
from graph.export.flatten import flatten, json_keys, unflatten
from graph.queries.named_query import derived_node_properties

DOC0 = "000_5e86d926f4900194.txt"
DOC1 = "001_5d7973793b16831f.txt"
TRICKY = '云南省\'第一\'人民医院\\分院}{"东院区"}\n（筹）'
READABLE = [name for name, spec in FORMATS.items() if spec.reader is not None]


# --- fixture ------------------------------------------------------------------------------


def _alias(surface: str, where: str = "附件1") -> dict[str, str]:
    return {"surface": surface, "doc": DOC0, "where": where}


def _node(G: nx.MultiDiGraph, node_type: NodeType, key: str, name: str, **attrs: Any) -> str:
    """A node as the extractors make it: every declared attribute present, None when unknown."""
    nid = node_id(node_type, key)
    declared = dict.fromkeys(NODE_ATTRIBUTES[node_type])
    base = {"id": nid, "type": node_type.value, "name": name, "aliases": [], "evidence": []}
    G.add_node(nid, **{**base, **declared, **attrs})
    return nid


def _edge(G: nx.MultiDiGraph, edge_type: EdgeType, u: str, v: str, key: str, **attrs: Any) -> None:
    base = {"type": edge_type.value, "doc": DOC0, "where": "附件1", "quote": None}
    G.add_edge(u, v, key=key, **{**base, **dict.fromkeys(EDGE_ATTRIBUTES[edge_type]), **attrs})


def build_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    yunnan = _node(G, NodeType.PROVINCE, "530000", "云南省", admin_code="530000", aliases=[_alias("云南")])
    shanghai = _node(G, NodeType.PROVINCE, "310000", "上海市", admin_code="310000")
    kunming = _node(G, NodeType.PREFECTURE, "530100", "昆明市", admin_code="530100", province="云南省")
    luquan = _node(
        G, NodeType.COUNTY, "530128", "禄劝彝族苗族自治县", admin_code="530128", province="云南省",
        prefecture="昆明市", aliases=[_alias("禄劝县")],
    )
    xundian = _node(
        G, NodeType.COUNTY, "530129", "寻甸回族彝族自治县", admin_code="530129", province="云南省",
        prefecture="昆明市", aliases=[_alias("寻甸县")],
    )
    yanan = _node(
        G, NodeType.HOSPITAL, "昆明市延安医院", "昆明市延安医院", province="云南省", prefecture="昆明市",
        level="三级甲等", aliases=[_alias("延安医院"), _alias("昆明延安医院", "正文第二段")],
        evidence=[{"doc": DOC0, "where": "附件1第3行", "quote": "延安医院\t禄劝县人民医院\t儿科"}],
    )
    luquan_h = _node(
        G, NodeType.HOSPITAL, "禄劝县人民医院", "禄劝县人民医院", province="云南省", prefecture="昆明市",
        county="禄劝彝族苗族自治县", aliases=[_alias("禄劝彝族苗族自治县人民医院")],
    )
    feike = _node(
        G, NodeType.HOSPITAL, "上海市肺科医院", "上海市肺科医院", province="上海市", level="三级甲等"
    )
    xundian_h = _node(G, NodeType.HOSPITAL, "寻甸县人民医院", "寻甸县人民医院", county="寻甸回族彝族自治县")
    tricky = _node(
        G, NodeType.HOSPITAL, TRICKY, TRICKY, province="云南省",
        aliases=[_alias('第一人民医院"东院区"')],
        evidence=[{"doc": DOC1, "where": "表2", "quote": "第一行\r\n第二行，含 ; 与 | 与 \\"}],
    )
    zhang = _node(G, NodeType.PERSON, "禄劝县人民医院/张三", "张三", hospital="昆明市延安医院", notes="")
    doc0 = _node(
        G, NodeType.DOCUMENT, DOC0, "关于做好“十四五”城乡医院对口帮扶工作的通知", file=DOC0,
        number="云卫医发〔2021〕35号", title="关于做好“十四五”城乡医院对口帮扶工作的通知",
        issuers=["云南省卫生健康委员会", "云南省财政厅"], date="2021-06-18", year=2021, region="云南省",
        period="十四五", number_source="正文",
    )
    doc1 = _node(
        G, NodeType.DOCUMENT, DOC1, "三级医院对口帮扶贫困县县级医院工作方案", file=DOC1,
        number="国卫医函〔2016〕279号", issuers=[], year=2016,
    )
    req1 = _node(
        G, NodeType.REQUIREMENT, f"{DOC0}#1", "派驻人数", doc=DOC0, topic="派驻人数",
        text="每批次派驻不少于5人", value=5, unit="人", subject="支援医院", section="二、（一）",
    )
    req2 = _node(
        G, NodeType.REQUIREMENT, f"{DOC0}#2", "派驻时间", doc=DOC0, topic="派驻时间",
        text="每人连续派驻时间不少于半年", value=0.5, unit="年", subject="派驻人员", section="二、（二）",
    )

    _edge(
        G, EdgeType.SUPPORTS, yanan, luquan_h, f"SUPPORTS:{DOC0}#附件1:3", lead=True,
        program="十四五对口帮扶", county="禄劝县", needs=["心血管内科", "儿科"], period="2021-2025", row="3",
        quote="昆明市延安医院（牵头）\t禄劝县人民医院",
    )
    _edge(  # the same pair again, from another document: a parallel edge
        G, EdgeType.SUPPORTS, yanan, luquan_h, f"SUPPORTS:{DOC1}#附件2:7", doc=DOC1, where="附件2",
        lead=False, program="三级医院对口帮扶", needs=[], row="7",
    )
    _edge(G, EdgeType.SUPPORTS, feike, xundian_h, f"SUPPORTS:{DOC0}#附件1:4", lead=False, county="寻甸县")
    _edge(
        G, EdgeType.SUPPORTS, yanan, tricky, f"SUPPORTS:{DOC1}#表2:1", doc=DOC1, where="表2", lead=True,
        needs=["普外科"], quote='见"表2"}\n续表',
    )
    for child, parent in [(luquan_h, luquan), (xundian_h, xundian), (luquan, kunming), (xundian, kunming),
                          (kunming, yunnan), (feike, shanghai)]:
        _edge(G, EdgeType.LOCATED_IN, child, parent, f"LOCATED_IN:{child}", doc=None, where=None)
    _edge(
        G, EdgeType.DISPATCHED_TO, zhang, luquan_h, f"DISPATCHED_TO:{DOC0}#附件3:5", where="附件3",
        from_hospital="昆明市延安医院", period="2021年7月—2022年6月", row="5", program="十四五对口帮扶",
    )
    _edge(G, EdgeType.MEMBER_OF, zhang, yanan, f"MEMBER_OF:{DOC0}#附件3:5", where="附件3")
    _edge(
        G, EdgeType.CITES, doc0, doc1, f"CITES:{DOC0}#1", where="正文", number="国卫医函〔2016〕279号",
        title="三级医院对口帮扶贫困县县级医院工作方案",
        quote="根据《三级医院对口帮扶贫困县县级医院工作方案》",
    )
    G.graph.clear()
    assert req1 and req2
    return G


def single_edge_graph() -> nx.MultiDiGraph:
    """No parallel edges: networkx's GraphML/GEXF readers then return a DiGraph and drop keys."""
    G = build_graph()
    u, v, k = next((u, v, k) for u, v, k, t in G.edges(keys=True, data="type") if t == "SUPPORTS")
    keep = {u, v}
    return nx.MultiDiGraph(G.edge_subgraph([(u, v, k)]).subgraph(keep))


GRAPHS = {"corpus": build_graph, "single-edge": single_edge_graph}


def _exact(value: Any) -> Any:
    """A comparable form that also compares types: ``True == 1`` and ``5 == 5.0`` in Python."""
    if isinstance(value, list):
        return ("list", tuple(_exact(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((key, _exact(item)) for key, item in value.items())))
    return (type(value).__name__, value)


def snapshot(G: nx.MultiDiGraph) -> tuple[dict[Any, Any], dict[Any, Any]]:
    nodes = {node: _exact(dict(data)) for node, data in G.nodes(data=True)}
    edges = {(u, v, k): _exact(dict(data)) for u, v, k, data in G.edges(keys=True, data=True)}
    return nodes, edges


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("graph", GRAPHS)
@pytest.mark.parametrize("fmt", READABLE)
def test_round_trip_restores_nodes_edges_and_attributes(fmt: str, graph: str, tmp_path: Path) -> None:
    G = GRAPHS[graph]()
    written = export_graph(G, fmt, tmp_path / f"out{FORMATS[fmt].suffix}")
    assert written and all(path.exists() for path in written)
    back = FORMATS[fmt].reader(tmp_path / f"out{FORMATS[fmt].suffix}")
    assert isinstance(back, nx.MultiDiGraph)
    nodes, edges = snapshot(back)
    want_nodes, want_edges = snapshot(G)
    assert set(nodes) == set(want_nodes)
    assert set(edges) == set(want_edges)
    assert nodes == want_nodes
    assert edges == want_edges


@pytest.mark.parametrize("fmt", READABLE)
def test_round_trip_spot_checks(fmt: str, tmp_path: Path) -> None:
    """The attributes the brief names, asserted one by one so a failure says which one."""
    G = build_graph()
    export_graph(G, fmt, tmp_path / "out")
    back = FORMATS[fmt].reader(tmp_path / "out")
    tricky = node_id(NodeType.HOSPITAL, TRICKY)
    assert back.nodes[tricky]["name"] == TRICKY
    assert back.nodes[tricky]["type"] == "Hospital"
    assert back.nodes["hospital:昆明市延安医院"]["aliases"][1] == _alias("昆明延安医院", "正文第二段")
    assert back.nodes[tricky]["evidence"][0]["quote"] == "第一行\r\n第二行，含 ; 与 | 与 \\"
    assert back.nodes["person:禄劝县人民医院/张三"]["notes"] == ""
    assert back.nodes[f"doc:{DOC0}"]["issuers"] == ["云南省卫生健康委员会", "云南省财政厅"]
    assert back.nodes[f"doc:{DOC1}"]["year"] == 2016
    supports = back.get_edge_data("hospital:昆明市延安医院", "hospital:禄劝县人民医院")
    assert supports[f"SUPPORTS:{DOC0}#附件1:3"]["lead"] is True
    assert supports[f"SUPPORTS:{DOC1}#附件2:7"]["lead"] is False
    assert supports[f"SUPPORTS:{DOC0}#附件1:3"]["needs"] == ["心血管内科", "儿科"]
    assert supports[f"SUPPORTS:{DOC1}#附件2:7"]["needs"] == []
    assert supports[f"SUPPORTS:{DOC1}#附件2:7"]["period"] is None


# --- the files themselves -----------------------------------------------------------------


def test_graphml_opens_with_plain_networkx(tmp_path: Path) -> None:
    G = build_graph()
    (path,) = export_graph(G, "graphml", tmp_path / "g.graphml")
    plain = nx.read_graphml(path)
    assert set(plain.nodes) == set(G.nodes)
    assert plain.number_of_edges() == G.number_of_edges()
    yanan = plain.nodes["hospital:昆明市延安医院"]
    assert yanan["type"] == "Hospital"
    assert yanan["names"] == "延安医院|昆明延安医院"  # for Gephi users
    assert json.loads(yanan["aliases"])[0]["surface"] == "延安医院"
    assert plain.nodes[node_id(NodeType.HOSPITAL, TRICKY)]["name"] == TRICKY
    assert "value.json" in plain.nodes[f"req:{DOC0}#1"]  # int on one node, float on another
    supports = plain.get_edge_data("hospital:昆明市延安医院", "hospital:禄劝县人民医院")
    assert {data["lead"] for data in supports.values()} == {True, False}


def test_gexf_opens_with_plain_networkx(tmp_path: Path) -> None:
    G = build_graph()
    (path,) = export_graph(G, "gexf", tmp_path / "g.gexf")
    plain = nx.read_gexf(path)
    assert set(plain.nodes) == set(G.nodes)
    assert plain.number_of_edges() == G.number_of_edges()
    for node, data in plain.nodes(data=True):
        assert data["label"] == G.nodes[node]["name"]  # what Gephi shows
        assert data["type"] == G.nodes[node]["type"]  # what Gephi partitions by
        assert set(data["viz"]["color"]) == {"r", "g", "b", "a"}
    labels = {data["label"] for _, _, data in plain.edges(data=True)}
    assert labels == {t.value for t in EdgeType} & {t for *_, t in G.edges(data="type")}


def test_json_has_the_documented_shape(tmp_path: Path) -> None:
    G = build_graph()
    (path,) = export_graph(G, "json", tmp_path / "g.json")
    text = path.read_text(encoding="utf-8")
    assert "昆明市延安医院" in text  # ensure_ascii=False
    document = json.loads(text)
    assert set(document) == {"nodes", "edges"}
    assert len(document["nodes"]) == G.number_of_nodes()
    assert len(document["edges"]) == G.number_of_edges()
    for node in document["nodes"]:
        assert list(node)[:3] == ["id", "type", "name"]
        assert set(node) == set(G.nodes[node["id"]])
    for edge in document["edges"]:
        assert list(edge)[:4] == ["source", "target", "key", "type"]
    lead = next(edge for edge in document["edges"] if edge["key"] == f"SUPPORTS:{DOC0}#附件1:3")
    assert lead["lead"] is True and lead["needs"] == ["心血管内科", "儿科"]


def test_cytoscape_has_the_elements_shape(tmp_path: Path) -> None:
    G = build_graph()
    (path,) = export_graph(G, "cytoscape", tmp_path / "g.cyjs")
    elements = json.loads(path.read_text(encoding="utf-8"))["elements"]
    nodes = [element["data"] for element in elements["nodes"]]
    edges = [element["data"] for element in elements["edges"]]
    assert all(list(data)[:3] == ["id", "label", "type"] for data in nodes)
    assert all(data["label"] == G.nodes[data["id"]]["name"] for data in nodes)
    assert all(list(data)[:3] == ["id", "source", "target"] and "type" in data for data in edges)
    ids = [data["id"] for data in nodes + edges]
    assert len(ids) == len(set(ids))  # Cytoscape.js needs ids unique across nodes and edges


def _header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")


def test_neo4j_csv_folder_is_ready_for_neo4j_admin(tmp_path: Path) -> None:
    G = build_graph()
    written = export_graph(G, "neo4j-csv", tmp_path / "neo4j")
    names = {path.name for path in written}
    node_types = {t for _, t in G.nodes(data="type")}
    edge_types = {t for *_, t in G.edges(data="type")}
    csv_files = {f"nodes_{t}.csv" for t in node_types} | {f"relationships_{t}.csv" for t in edge_types}
    assert names == csv_files | {"README.txt"}
    hospital = _header(tmp_path / "neo4j" / "nodes_Hospital.csv")
    assert hospital[:4] == ["id:ID", ":LABEL", "type", "name"]
    assert '"Entity;Hospital"' in (tmp_path / "neo4j" / "nodes_Hospital.csv").read_text(encoding="utf-8")
    supports = _header(tmp_path / "neo4j" / "relationships_SUPPORTS.csv")
    assert supports[:4] == [":START_ID", ":END_ID", ":TYPE", "key"]
    assert {"lead:boolean", "needs:string[]"} <= set(supports)
    assert {"year:long", "issuers:string[]", "aliases", "evidence"} <= set(
        _header(tmp_path / "neo4j" / "nodes_Document.csv")
    )
    assert "value.json" in _header(tmp_path / "neo4j" / "nodes_Requirement.csv")
    readme = (tmp_path / "neo4j" / "README.txt").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme
    assert '--array-delimiter=";"' in readme and "--multiline-fields=true" in readme
    assert all(f"={name}" in readme for name in names - {"README.txt"})
    assert ID_CONSTRAINT in readme


def test_neo4j_csv_lists_that_cannot_be_split_fall_back_to_json(tmp_path: Path) -> None:
    G = build_graph()
    u, v, k = next(iter(G.edges(keys=True)))
    G.add_edge("hospital:上海市肺科医院", "hospital:寻甸县人民医院", key="extra", type="SUPPORTS",
               needs=["急诊科;重症医学科", ""], lead=False)
    export_graph(G, "neo4j-csv", tmp_path / "neo4j")
    assert "needs" in _header(tmp_path / "neo4j" / "relationships_SUPPORTS.csv")
    back = FORMATS["neo4j-csv"].reader(tmp_path / "neo4j")
    extra = back.edges["hospital:上海市肺科医院", "hospital:寻甸县人民医院", "extra"]
    assert extra["needs"] == ["急诊科;重症医学科", ""]
    assert back.edges[u, v, k] == G.edges[u, v, k]


def test_neo4j_csv_rewrite_removes_stale_files(tmp_path: Path) -> None:
    export_graph(build_graph(), "neo4j-csv", tmp_path)
    export_graph(single_edge_graph(), "neo4j-csv", tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "README.txt", "nodes_Hospital.csv", "relationships_SUPPORTS.csv"
    ]


# --- cypher -------------------------------------------------------------------------------

_CYPHER_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_TOKEN = re.compile(
    r"\s+|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|`(?P<quoted>(?:[^`]|``)*)`"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)|(?P<arrow>->)|(?P<punct>[()\[\]{}:,.=;-])"
)


def decode_cypher_string(text: str, start: int) -> tuple[str, int]:
    """A minimal decoder of the single-quoted Cypher literal at ``text[start]``: (value, end)."""
    assert text[start] == "'"
    out, i = [], start + 1
    while True:
        char = text[i]  # IndexError: unterminated literal
        assert char not in "\r\n", "raw line break inside a string literal"
        if char == "'":
            return "".join(out), i + 1
        if char != "\\":
            out.append(char)
            i += 1
        elif text[i + 1] == "u":
            out.append(chr(int(text[i + 2 : i + 6], 16)))
            i += 6
        else:
            out.append(_CYPHER_ESCAPES[text[i + 1]])  # KeyError: not a Cypher escape
            i += 2


def cypher_tokens(statement: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    i = 0
    while i < len(statement):
        if statement[i] == "'":
            value, i = decode_cypher_string(statement, i)
            tokens.append(("str", value))
            continue
        match = _TOKEN.match(statement, i)
        assert match, f"unexpected text: {statement[i:i + 30]!r}"
        i = match.end()
        if match["name"]:
            tokens.append(("name", match["name"]))
        elif match["quoted"] is not None:
            tokens.append(("name", match["quoted"].replace("``", "`")))
        elif match["number"]:
            number = match["number"]
            tokens.append(("num", float(number) if re.search("[.eE]", number) else int(number)))
        elif match["arrow"] or match["punct"]:
            tokens.append(("punct", match["arrow"] or match["punct"]))
    return tokens


class CypherCursor:
    """Just enough grammar for the three statement shapes the exporter writes."""

    def __init__(self, statement: str) -> None:
        self.tokens = cypher_tokens(statement)
        self.i = 0

    def peek(self) -> Any:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def next(self, kind: str) -> Any:
        got_kind, value = self.tokens[self.i]
        assert got_kind == kind, f"expected {kind}, got {value!r}"
        self.i += 1
        return value

    def expect(self, words: str) -> None:
        """Consume the space-separated keywords and punctuation in ``words``, in order."""
        for word in words.split():
            got_kind, value = self.tokens[self.i]
            assert got_kind != "str" and value == word, f"expected {word!r}, got {value!r}"
            self.i += 1

    def literal(self) -> Any:
        kind, value = self.tokens[self.i]
        self.i += 1
        if kind in ("str", "num"):
            return value
        if value == "[":
            items = []
            while self.peek() != "]":
                items.append(self.literal())
                if self.peek() == ",":
                    self.i += 1
            self.i += 1
            return items
        return {"true": True, "false": False, "null": None}[value]

    def assignments(self, variable: str) -> tuple[list[str], dict[str, Any]]:
        labels, props = [], {}
        while True:
            self.expect(variable)
            if self.peek() == ":":
                self.expect(":")
                labels.append(self.next("name"))
            else:
                self.expect(".")
                key = self.next("name")
                self.expect("=")
                assert key not in props, f"{key} set twice"
                props[key] = self.literal()
            if self.peek() != ",":
                return labels, props
            self.expect(",")

    def end(self) -> None:
        self.expect(";")
        assert self.i == len(self.tokens), "text after ';'"


def parse_statement(statement: str) -> tuple[Any, ...]:
    cursor = CypherCursor(statement)
    if cursor.peek() == "CREATE":
        cursor.expect("CREATE CONSTRAINT IF NOT EXISTS FOR ( n : Entity ) REQUIRE n . id IS UNIQUE")
        cursor.end()
        return ("constraint",)
    if cursor.peek() == "MERGE":
        cursor.expect("MERGE ( n : Entity { id :")
        node = cursor.next("str")
        cursor.expect("} ) SET")
        labels, props = cursor.assignments("n")
        cursor.end()
        return ("node", node, labels, props)
    if statement.startswith("MATCH (n:Entity) WHERE"):
        cursor.expect("MATCH ( n : Entity ) WHERE n . type =")
        node_type = cursor.next("str")
        cursor.expect("SET n :")
        label = cursor.next("name")
        cursor.end()
        return ("label", node_type, label)
    cursor.expect("MATCH ( a : Entity { id :")
    source = cursor.next("str")
    cursor.expect("} ) , ( b : Entity { id :")
    target = cursor.next("str")
    cursor.expect("} ) MERGE ( a ) - [ r :")
    rel_type = cursor.next("name")
    cursor.expect("{ key :")
    key = cursor.next("str")
    cursor.expect("} ] -> ( b )")
    props: dict[str, Any] = {}
    if cursor.peek() == "SET":
        cursor.expect("SET")
        _, props = cursor.assignments("r")
    cursor.end()
    return ("edge", source, target, rel_type, key, props)


def _as_stored(key: str, value: Any) -> tuple[str, Any]:
    """What Neo4j should hold for an attribute of the fixture: lists of dicts as JSON text."""
    if key in ("aliases", "evidence") and value is not None:
        return key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return key, value


def test_cypher_script_is_well_formed_and_every_literal_decodes_back(tmp_path: Path) -> None:
    G = build_graph()
    (path,) = export_graph(G, "cypher", tmp_path / "g.cypher")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    statements = [line for line in lines[:-1] if not line.startswith("//")]
    parsed = [parse_statement(statement) for statement in statements]
    assert parsed[0] == ("constraint",)
    nodes = {p[1]: p for p in parsed if p[0] == "node"}
    edges = {(p[1], p[2], p[4]): p for p in parsed if p[0] == "edge"}
    assert set(nodes) == set(G.nodes)
    assert set(edges) == set(G.edges(keys=True))
    labels = {p[1]: p[2] for p in parsed if p[0] == "label"}
    for node, data in G.nodes(data=True):
        _, _, set_labels, props = nodes[node]
        assert set_labels == [] and labels[data["type"]] == data["type"]
        want = dict(_as_stored(k, v) for k, v in data.items() if k != "id")
        want.update(derived_node_properties(node, data))  # what the Cypher side of the queries reads
        assert _exact(props) == _exact(want)
    for u, v, k, data in G.edges(keys=True, data=True):
        _, _, _, rel_type, _, props = edges[u, v, k]
        assert rel_type == data["type"]
        assert _exact(props) == _exact({key: value for key, value in data.items() if key != "type"})
    assert max(statements.index(s) for s in statements if s.startswith("MERGE")) < min(
        statements.index(s) for s in statements if s.startswith("MATCH")
    )


@pytest.mark.parametrize(
    "text",
    [TRICKY, "", "'", "\\", "\\'", "}", "{id: 'x'}) DETACH DELETE n //", "a\nb\r\nc\td", "\x00\x1f\u2028",
     "引号“”‘’与'\"混排", "𠀀 扩展B区汉字", "结尾反斜杠\\"],
)
def test_cypher_string_literal_decodes_to_the_original(text: str) -> None:
    literal = cypher_string(text)
    assert "\n" not in literal and "\r" not in literal
    assert decode_cypher_string(literal, 0) == (text, len(literal))


def test_cypher_writer_refuses_an_edge_without_type(tmp_path: Path) -> None:
    G = build_graph()
    G.add_edge("hospital:上海市肺科医院", "hospital:寻甸县人民医院", key="x", type=None)
    with pytest.raises(ExportError, match="没有类型"):
        write_cypher(G, tmp_path / "g.cypher")


# --- conventions and errors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("attrs", "stored"),
    [
        ({"name": "昆明市延安医院", "level": None}, {"name": "昆明市延安医院"}),
        ({"aliases": [_alias("延安医院")]},
         {"aliases": f'[{{"surface":"延安医院","doc":"{DOC0}","where":"附件1"}}]'}),
        ({"needs": []}, {"needs": "[]"}),
        ({"needs": ["儿科"], "lead": True}, {"needs": '["儿科"]', "lead": True}),
        ({"extra": {"a": 1}}, {"extra.json": '{"a":1}'}),
        ({"extra": "文本"}, {"extra": "文本"}),
    ],
)
def test_flatten_convention(attrs: dict[str, Any], stored: dict[str, Any]) -> None:
    nested = json_keys([attrs])
    assert flatten(attrs, nested) == stored
    assert unflatten(stored) == {k: v for k, v in attrs.items() if v is not None}


def test_json_keys_cover_mixed_types_and_text_a_format_cannot_carry() -> None:
    records = [{"value": 5, "lead": True, "quote": ""}, {"value": 0.5, "lead": 1, "quote": "x"}]
    assert {"value", "lead"} <= json_keys(records)
    assert "quote" not in json_keys(records)
    assert "quote" in json_keys(records, text_ok=bool)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("where", "bad"), [("node", {"label": "x"}), ("node", {"x.json": "1"}),
                                            ("edge", {"source": "x"}), ("node", {"value": float("nan")}),
                                            ("node", {"value": (1, 2)})])
def test_values_no_format_can_restore_are_refused(
    fmt: str, where: str, bad: dict[str, Any], tmp_path: Path
) -> None:
    G = build_graph()
    if where == "node":
        G.nodes["hospital:上海市肺科医院"].update(bad)
    else:
        next(iter(G.edges(data=True)))[2].update(bad)
    with pytest.raises(ExportError):
        export_graph(G, fmt, tmp_path / "out")


def test_unknown_format_is_an_export_error_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="未知的导出格式“dot”") as raised:
        export_graph(build_graph(), "dot", tmp_path / "g.dot")
    assert "graphml" in str(raised.value) and "neo4j-csv" in str(raised.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unwritable_path_is_an_export_error(fmt: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="无法写入导出文件"):
        export_graph(build_graph(), fmt, blocker / "sub" / "out")


@pytest.mark.parametrize("fmt", [name for name, spec in FORMATS.items() if spec.suffix])
def test_export_into_an_existing_folder_uses_the_default_name(fmt: str, tmp_path: Path) -> None:
    assert export_graph(build_graph(), fmt, tmp_path) == [tmp_path / f"bangfu{FORMATS[fmt].suffix}"]
