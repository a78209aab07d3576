"""The same pairings from a real .docx and a real .pdf as from the seed .txt files.

Each seed document with tables is rendered into a Word file (real Word tables, via
python-docx) and a PDF (real ruled tables, via reportlab), the corpus is rebuilt from those
files alone, and its SUPPORTS edges, leads, orphans and staff must equal the .txt build's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import read_document
from graph.build import build_graph
from pipeline import extract_corpus
from tests.conftest import CORPUS
from tests.render import render_docx, render_pdf

DOCS_WITH_TABLES = ("000_5e86d926f4900194", "002_f96d2e1adf756957", "004_83573d7611e5798f")
RENDER = {"docx": render_docx, "pdf": render_pdf}


def _edges(graph) -> set[tuple[str, str, str, bool, str]]:
    return {
        (Path(d["doc"]).stem, graph.nodes[s]["name"], graph.nodes[t]["name"], bool(d["lead"]), d["program"])
        for s, t, d in graph.edges(data=True)
        if d["type"] == "SUPPORTS" and Path(d["doc"]).stem in DOCS_WITH_TABLES
    }


def _dispatches(graph) -> set[tuple[str, str, str]]:
    return {
        (graph.nodes[s]["name"], d["from_hospital"], graph.nodes[t]["name"])
        for s, t, d in graph.edges(data=True)
        if d["type"] == "DISPATCHED_TO"
    }


@pytest.fixture(scope="module", params=sorted(RENDER))
def rendered_build(request, tmp_path_factory):
    fmt = request.param
    folder = tmp_path_factory.mktemp(fmt) / "corpus"
    folder.mkdir()
    for stem in DOCS_WITH_TABLES:
        parsed = read_document(CORPUS / f"{stem}.txt")
        RENDER[fmt](parsed, folder / f"{stem}.{fmt}")
    return fmt, build_graph(extract_corpus(folder))


def test_rendered_files_give_the_same_pairings(rendered_build, graph):
    fmt, built = rendered_build
    expected = _edges(graph)
    got = _edges(built.graph)
    assert len(expected) == 310
    assert got == expected, (fmt, sorted(expected - got)[:5], sorted(got - expected)[:5])


def test_rendered_files_give_the_same_staff(rendered_build, graph):
    _, built = rendered_build
    assert _dispatches(built.graph) == _dispatches(graph)


def test_rendered_files_report_the_same_orphans(rendered_build, built):
    _, rebuilt = rendered_build
    expected = sorted(p.message for p in built.problems if p.kind == "orphan")
    assert sorted(p.message for p in rebuilt.problems if p.kind == "orphan") == expected
