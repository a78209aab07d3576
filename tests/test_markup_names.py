"""Markup never becomes a name: unreadable cells are reported with their row and reach no node
and no export; the builder's guard stops whatever an extractor lets through."""

from __future__ import annotations

import pytest

from core.model import Evidence
from core.records import DocumentInfo, ExtractionResult, Pairing
from extract.name_check import TextKind, name_problem, unreadable_reason
from graph.build import build_graph
from graph.export import FORMATS, export_graph
from graph.name_guard import screen_names
from pipeline import extract_corpus
from tests.test_cli import run

DOCUMENT = """云南省卫生健康委员会文件

云卫医发〔2025〕9号

关于做好县级医院对口帮扶工作的通知

一、帮扶关系

由昆明医科大学第一附属医院牵头帮扶<a href=javascript:alert(1)>禄劝县人民医院</a>。

附件1

<script>alert(1)</script>对口帮扶关系表

序号\t县名称\t县级医院\t三级医院
1\t禄劝县\t禄劝县人民医院\t昆明市延安医院
2\t寻甸县\t<svg/onload=alert(1)>人民医院\t昆明医科大学第二附属医院
3\t会泽县\t会泽县中医医院\t<img/src/onerror=alert(1)>医院
4\t鲁甸县\t鲁甸县人民医院\t昭通市第一人民医院`
5\t巧家县\t巧家县人民医院\t云南省第一人民医院
"""

MARKERS = ("onload", "onerror", "<script", "&lt;script", "javascript", "<svg", "&lt;svg", "<img", "&lt;img",
           "`")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("markup") / "corpus"
    corpus.mkdir()
    (corpus / "markup.txt").write_text(DOCUMENT, encoding="utf-8")
    return build_graph(extract_corpus(corpus)), corpus


def test_markup_cells_are_reported_with_their_row(result):
    built, _ = result
    reported = {(p.kind, p.where) for p in built.problems if p.kind.startswith("unreadable")}
    assert reported == {
        ("unreadable_caption", "附件1"),
        ("unreadable_cell", "附件1 序号2（原文第17行）"),
        ("unreadable_cell", "附件1 序号3（原文第18行）"),
        ("unreadable_cell", "附件1 序号4（原文第19行）"),
        ("unreadable_sentence", "正文 一"),
    }


def test_only_clean_rows_become_pairings(result):
    built, _ = result
    g = built.graph
    supports = {
        (g.nodes[u]["name"], g.nodes[v]["name"]) for u, v, d in g.edges(data=True) if d["type"] == "SUPPORTS"
    }
    assert supports == {("昆明市延安医院", "禄劝县人民医院"), ("云南省第一人民医院", "巧家县人民医院")}
    programs = {d["name"] for _, d in g.nodes(data=True) if d["type"] == "Program"}
    assert programs == {"关于做好县级医院对口帮扶工作的通知"}  # the caption with markup named nothing


def test_no_node_and_no_export_carries_markup(result, tmp_path):
    built, _ = result
    for _, data in built.graph.nodes(data=True):
        texts = [data["name"], *(a["surface"] for a in data["aliases"])]
        assert not any(name_problem(t) for t in texts if data["type"] in ("Hospital", "Person")), texts
        assert not any(marker in str(data) for marker in MARKERS), data["name"]
    for fmt in FORMATS:
        for path in export_graph(built.graph, fmt, tmp_path / fmt):
            text = path.read_text(encoding="utf-8")
            assert [m for m in MARKERS if m in text.lower()] == [], (fmt, path.name)


def test_bangfu_build_shows_the_unreadable_cells(result, capsys, tmp_path, monkeypatch):
    _, corpus = result
    monkeypatch.setenv("BANGFU_CACHE", str(tmp_path / "cache"))
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert code == 0
    lines = [line for line in out.splitlines() if "[无法读取的单元格]" in line]
    assert len(lines) == 3
    assert "含有标记符号“<”" in lines[0] and "<svg/onload=alert(1)>人民医院" in lines[0]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("昆明医科大学第二附属医院", TextKind.NAME, None),
        ("中国人民解放军联勤保障部队第920医院", TextKind.NAME, None),
        ("复旦大学附属华山医院（北院）", TextKind.NAME, None),
        ("阿依古丽·买买提", TextKind.NAME, None),
        ("<svg/onload=alert(1)>人民医院", TextKind.NAME, "含有标记符号“<”"),
        ("＜script＞医院", TextKind.NAME, "含有标记符号“<”"),  # full width folds to markup
        ("某医院=1", TextKind.CELL, "含有标记符号“=”"),
        ("`某`医院", TextKind.CELL, "含有标记符号“`”"),
        ("JavaScript:alert(1)", TextKind.CELL, "含有标记符号“JavaScript:”"),
        ("某\x07医院", TextKind.CELL, "含有控制字符"),
        ("某\u202e医院", TextKind.NAME, "含有控制字符"),  # a right-to-left override
        ("医" * 61, TextKind.NAME, "长度61字，超过60字"),
        ("医" * 1001, TextKind.CELL, "长度1001字，超过1000字"),
        ("外科、内科；B超", TextKind.CELL, None),
        ("某医院；二部", TextKind.NAME, "含有名称中不会出现的字符“；”"),
    ],
)
def test_name_rule(text, kind, expected):
    assert unreadable_reason(text, kind) == expected


def test_builder_guard_drops_what_an_extractor_let_through():
    evidence = Evidence("x.txt", "附件1 序号1", "原文")
    result = ExtractionResult(
        doc="x.txt", info=DocumentInfo(file="x.txt"),
        pairings=[
            Pairing("昆明市延安医院", "禄劝县人民医院", "帮扶", evidence),
            Pairing("<b>某</b>医院", "禄劝县人民医院", "帮扶", evidence),
            Pairing("昆明市延安医院", "寻甸县人民医院", "<script>x</script>", evidence),
        ],
    )
    screened, problems = screen_names(result)
    assert [(p.supporter, p.recipient) for p in screened.pairings] == [("昆明市延安医院", "禄劝县人民医院")]
    assert [(p.kind, p.where) for p in problems] == [("unreadable_name", "附件1 序号1")] * 2
    assert len(result.pairings) == 3  # the extraction itself is left as it was
