"""The front door (ui/frontdoor.py) from a corpus folder and from a Bolt server, and the rule that
it is the only ui/ module reaching into extract/, graph/ or query/."""

from __future__ import annotations

import ast
import json
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph.build import summarize
from ui.cli import main
from ui.frontdoor import Bangfu, BangfuError, SupportFilter

pytest_plugins = ["tests.neo4j_fixtures"]

UI = Path(__file__).resolve().parent.parent / "ui"
QUESTION = "谁帮扶怒江州人民医院"
LEAD = "昆明医科大学第二附属医院"


@pytest.fixture
def corpus(corpus_copy: Path, tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(corpus_copy, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


@pytest.fixture
def bolt_door(neo4j_store, bolt_server):
    s = bolt_server
    with Bangfu.open_bolt(s.uri, s.user, s.password, s.database) as door:
        yield door


def test_only_the_front_door_imports_the_layers_below() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "frontdoor.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            below = [n for n in names if n.split(".")[0] in ("extract", "graph", "pipeline", "query")]
            offenders += [f"{path.name}: {n}" for n in below]
    assert offenders == []


def test_corpus_door_summary_explore_and_export(corpus: Path, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    door = Bangfu.open_corpus(corpus)
    summary = door.summary()
    assert {"nodes": summary.nodes, "edges": summary.edges} == summarize(graph)
    assert sorted(summary.documents) == sorted(p.name for p in corpus.iterdir() if p.suffix == ".txt")
    assert not any(isinstance(v, nx.Graph) for v in vars(door).values()), "no graph on the door's surface"
    assert LEAD in door.ask(QUESTION).text
    leads = door.explore(SupportFilter(province="云南省", lead_only=True))
    assert leads and all(s.lead for s in leads)
    written = door.export("json", tmp_path / "g.json")
    exported = json.loads(written[0].read_text(encoding="utf-8"))
    assert len(exported["nodes"]) == graph.number_of_nodes()


def test_remove_then_add_document(corpus: Path) -> None:
    door = Bangfu.open_corpus(corpus)
    before = door.summary()
    name = sorted(before.documents)[-1]
    saved = corpus.parent / name
    shutil.copyfile(corpus / name, saved)
    supports_before = before.edges["SUPPORTS"]
    after, note = door.remove_document(name)
    assert note == ""
    assert sorted(after.documents) == sorted(d for d in before.documents if d != name)
    assert not (corpus / name).exists()
    report, _ = door.add_document(saved)
    assert report.file == name and not report.already_present
    assert door.summary().edges["SUPPORTS"] == supports_before
    with pytest.raises(BangfuError) as caught:
        door.remove_document("../manifest.tsv")
    assert str(caught.value) == "未找到文件「../manifest.tsv」，语料中也没有名称相近的文件。"
    assert sorted(p.name for p in corpus.iterdir()) == sorted([*before.documents, "manifest.tsv"])


def test_bolt_door_answers_explores_and_exports_like_the_corpus(
    bolt_door: Bangfu, graph: nx.MultiDiGraph, corpus: Path, tmp_path: Path
) -> None:
    local = Bangfu.open_corpus(corpus)
    assert bolt_door.backend == "neo4j"
    assert bolt_door.ask(QUESTION).to_json() == local.ask(QUESTION).to_json()
    assert bolt_door.explore() == local.explore()
    assert bolt_door.hubs(15) == local.hubs(15)
    assert bolt_door.cross_province_flows() == local.cross_province_flows()
    assert bolt_door.filter_choices() == local.filter_choices()
    summary = bolt_door.summary()
    assert (summary.nodes, summary.edges) == (local.summary().nodes, local.summary().edges)
    assert sorted(summary.documents) == sorted(local.summary().documents)
    exported = json.loads(bolt_door.export("json", tmp_path / "g.json")[0].read_text(encoding="utf-8"))
    types = Counter(d["type"] for _, d in graph.nodes(data=True))
    assert Counter(n["type"] for n in exported["nodes"]) == types
    network = bolt_door.network(bolt_door.ask(QUESTION))
    assert network == local.network(local.ask(QUESTION))


def test_cli_from_bolt_builds_nothing_locally(
    bolt_door: Bangfu, bolt_server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = bolt_server
    missing = tmp_path / "no-corpus"  # would fail to build: the server must be all that is read
    bolt = ["--corpus", str(missing), "--neo4j", s.uri, "--neo4j-user", s.user,
            "--neo4j-password", s.password, *(["--neo4j-database", s.database] if s.database else [])]
    assert main(["ask", QUESTION, *bolt]) == 0
    assert LEAD in capsys.readouterr().out
    out = tmp_path / "g.graphml"
    assert main(["export", "--format", "graphml", "--out", str(out), *bolt]) == 0
    assert out.exists() and not missing.exists()
