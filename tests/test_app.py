"""The app served on 127.0.0.1 and driven over HTTP with gradio_client, as another program would.

One server for the module, on a private copy of the corpus (uploads write into it). Tests that
change the graph (uploads) run last, so the earlier ones see the seed corpus.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph.export import FORMATS
from tests.app_server import running_app
from tests.test_ingest import GUIZHOU, GUIZHOU_PAIRS
from ui.app import requestion
from ui.frontdoor import Bangfu
from ui.network import assert_offline, network_html, view_from_data

gradio_client = pytest.importorskip("gradio_client")
NUJIANG = "hospital:怒江州人民医院"
LEAD = "昆明医科大学第二附属医院"


def _text(message: dict) -> str:
    """A chat message's text, whichever content form the client returns."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))



@pytest.fixture(scope="module")
def corpus(corpus_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("app") / "corpus"
    shutil.copytree(corpus_copy, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


@pytest.fixture(scope="module")
def server(corpus: Path) -> Iterator[str]:
    with running_app(corpus) as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str):
    return gradio_client.Client(server, verbose=False)


def _ask(client, question: str) -> tuple[str, str, str]:
    history, evidence, network = client.predict(question, [], api_name="/ask")
    assert _text(history[0]) == question
    return _text(history[-1]), evidence, network


# -- chat ------------------------------------------------------------------------------------

def test_ask_answers_with_evidence_and_network(client) -> None:
    answer, evidence, network = _ask(client, "谁帮扶怒江州人民医院")
    assert LEAD in answer
    assert "牵头" in answer
    assert "依据" in answer  # evidence under the answer itself, not only in the panel
    assert "云卫医发〔2022〕5号" in evidence or "二（六）" in evidence
    assert network.startswith("<iframe") and "srcdoc=" in network
    assert "bangfuDraw(" in network  # the page draws with the code the app serves (escaped in srcdoc)
    assert "https://cdn" not in network and "src=&quot;http" not in network


def test_named_endpoints_are_stable(client) -> None:
    named = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/ask", "/choose", "/explore", "/explore_csv", "/explore_excel", "/export", "/upload"} <= named


def test_clarifying_answer_offers_candidates_and_choose_reasks(client) -> None:
    history, _, _ = client.predict("谁帮扶第一人民医院", [], api_name="/ask")
    names = [option["value"] for option in history[-1].get("options") or []]
    assert "宣威市第一人民医院" in names and len(names) >= 2  # shown as buttons under the answer
    history, evidence, _ = client.predict("宣威市第一人民医院", history, api_name="/choose")
    assert _text(history[-2]) == "谁帮扶宣威市第一人民医院"
    assert "曲靖市第一人民医院" in _text(history[-1]) and not history[-1].get("options")
    assert "依据" in evidence


@pytest.mark.parametrize(
    ("question", "name", "expected"),
    [
        ("谁帮扶泸水人民医院", "泸水市人民医院", "谁帮扶泸水市人民医院"),
        ("人民医院的帮扶医院有哪些", "怒江州人民医院", "怒江州人民医院的帮扶医院有哪些"),
        ("谁帮扶怒江州人民医院", "怒江州人民医院", "谁帮扶怒江州人民医院"),
        ("帮扶谁", "云南省第一人民医院", "云南省第一人民医院：帮扶谁"),
    ],
)
def test_requestion_puts_the_chosen_full_name_in(question: str, name: str, expected: str) -> None:
    assert requestion(question, name) == expected


# -- network ---------------------------------------------------------------------------------

def test_network_view_marks_lead_and_stays_offline(corpus: Path) -> None:
    door = Bangfu.open_corpus(corpus)
    data = door.network_around([NUJIANG])
    view = view_from_data(data)
    assert view.nodes[NUJIANG].focus
    leads = [e for e in view.edges if e.lead]
    assert [view.nodes[e.source].name for e in leads] == [LEAD]
    assert all(e.target == NUJIANG or e.source == NUJIANG for e in view.edges)
    assert {n.province for n in view.nodes.values()} == {"云南省"}  # drawn as one province group
    page = network_html(data)
    assert "牵头帮扶" in page  # the legend
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    with pytest.raises(RuntimeError):
        assert_offline('<script src="https://cdn.example.org/x.js"></script>')
    assert door.network_around([]) is None
    assert "iframe" not in network_html(None)  # nothing asked yet: a placeholder


# -- explore ---------------------------------------------------------------------------------

def test_explore_filters_and_downloads(client) -> None:
    table, summary, hubs, cross, chart = client.predict("云南省", "全部", "全部", True, api_name="/explore")
    frame = pd.DataFrame(table["data"], columns=table["headers"])
    assert len(frame) > 0 and set(frame["牵头"]) == {"是"}
    assert ((frame["支援方省份"] == "云南省") | (frame["受援方省份"] == "云南省")).all()
    assert LEAD in set(frame["支援医院"])
    assert "牵头" in summary
    assert hubs["headers"] == ["医院", "角色", "省份", "度数"]
    assert "云南省" in cross["headers"]
    assert chart  # the bar chart's data came back

    csv_path = client.predict("全部", "全部", "全部", False, api_name="/explore_csv")
    full = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert {"支援医院", "受援医院", "文件", "位置", "原文"} <= set(full.columns)
    assert len(full) > len(frame)
    xlsx_path = client.predict("云南省", "全部", "全部", True, api_name="/explore_excel")
    assert len(pd.read_excel(xlsx_path)) == len(frame)


# -- export ----------------------------------------------------------------------------------

def _reread(fmt: str, path: Path) -> tuple[set[str], dict[str, dict]]:
    """Node types and the nodes by id, read back with networkx or the standard library only."""
    if fmt in ("graphml", "gexf"):
        graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        nodes = dict(graph.nodes(data=True))
        kind = "type" if fmt == "graphml" else "label"  # GEXF reserves an edge's "type"
        assert any(d.get(kind) == "SUPPORTS" and d.get("quote") for *_, d in graph.edges(data=True))
    elif fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        nodes = {n["id"]: n for n in data["nodes"]}
        assert any(e["type"] == "SUPPORTS" and e["evidence"] for e in data["edges"])
    else:  # cytoscape
        data = json.loads(path.read_text(encoding="utf-8"))
        nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
        assert any(e["data"]["type"] == "SUPPORTS" for e in data["elements"]["edges"])
    return {d["type"] for d in nodes.values()}, nodes


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_every_format_and_read_it_back(client, fmt: str) -> None:
    path = Path(client.predict(fmt, api_name="/export"))
    if fmt == "neo4j-csv":
        assert path.suffix == ".zip"
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            hospitals = archive.read(next(n for n in names if n.endswith("nodes_Hospital.csv")))
        assert any("/nodes_" in n for n in names) and any("/relationships_SUPPORTS" in n for n in names)
        frame = pd.read_csv(io.BytesIO(hospitals))
        assert "云大附属医院" in " ".join(map(str, frame.to_numpy().ravel()))  # aliases travel
        return
    if fmt == "cypher":
        text = path.read_text(encoding="utf-8")
        assert "MERGE" in text and LEAD in text and "云卫医发〔2022〕5号" in text
        return
    types, nodes = _reread(fmt, path)
    assert {"Hospital", "Document", "Province"} <= types
    hospital = nodes["hospital:云南大学附属医院"]
    aliases, evidence = hospital["aliases"], hospital["evidence"]
    aliases = json.loads(aliases) if isinstance(aliases, str) else aliases
    evidence = json.loads(evidence) if isinstance(evidence, str) else evidence
    assert "云大附属医院" in {a["surface"] for a in aliases}
    assert all(e["doc"] and e["where"] and e["quote"] for e in evidence)


# -- upload (changes the graph: keep last) ---------------------------------------------------

def _count(client) -> int:
    table, *_ = client.predict("全部", "全部", "全部", False, api_name="/explore")
    return len(table["data"])


def test_upload_corrupt_file_is_refused_and_changes_nothing(client, corpus: Path, tmp_path: Path) -> None:
    before_files, before_count = sorted(p.name for p in corpus.iterdir()), _count(client)
    bad = tmp_path / "损坏的方案.docx"
    bad.write_bytes(b"PK\x03\x04 not really a Word file")
    summary = client.predict(gradio_client.handle_file(str(bad)), api_name="/upload")
    assert "上传失败" in summary and "Word" in summary and "未改变" in summary
    assert sorted(p.name for p in corpus.iterdir()) == before_files
    assert _count(client) == before_count


def test_upload_adds_document_and_the_app_uses_the_new_graph(client, corpus: Path, tmp_path: Path) -> None:
    before = _count(client)
    upload = tmp_path / "贵州省帮扶名单.txt"
    upload.write_text(GUIZHOU, encoding="utf-8")
    summary = client.predict(gradio_client.handle_file(str(upload)), api_name="/upload")
    assert "已添加" in summary and "黔卫健发〔2023〕12号" in summary
    for supporter, recipient in GUIZHOU_PAIRS:
        assert f"| {supporter} | {recipient} |" in summary
    assert (corpus / "贵州省帮扶名单.txt").is_file()  # kept in the corpus: survives a restart
    assert _count(client) == before + len(GUIZHOU_PAIRS)
    answer, _, network = _ask(client, "谁帮扶望谟县人民医院")
    assert "遵义医科大学附属医院" in answer
    assert "iframe" in network
