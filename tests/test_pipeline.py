"""The pipeline's merge: adding or removing a document gives exactly the graph a full build gives,
and reads or extracts no other document on the way (issue 11: an upload's step under the lock).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import pipeline.corpus
from core.errors import DocumentError
from core.messages import message
from extract.manifest import load_manifest
from graph.build import BuildResult
from pipeline import add_document, build_corpus, remove_document

# A new province's list, not in the manifest: its row is written by the upload.
SICHUAN = """四川省卫生健康委员会文件

川卫发〔2024〕7号

四川省卫生健康委员会关于调整城市三级医院对口帮扶县级医院的通知

各市（州）卫生健康委：

现将调整后的对口帮扶关系印发给你们。

附件

四川省城市三级医院对口帮扶县级医院名单

序号\t受援医院\t支援医院
1\t壤塘县人民医院\t四川大学华西医院
2\t色达县人民医院\t四川省人民医院

四川省卫生健康委员会

2024年4月2日
"""


def _graph_of(result: BuildResult) -> dict[str, Any]:
    """Everything a build gives, in comparable form: nodes and edges with all their attributes
    (evidence and aliases included), and the build's lists."""
    g = result.graph
    return {
        "nodes": dict(g.nodes(data=True)),
        "edges": {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)},
        "problems": result.problems,
        "documents": result.documents,
        "infos": result.infos,
        "pairing_sources": result.pairing_sources,
        "manifest_missing": result.manifest_missing,
    }


@pytest.fixture
def corpus(cached_corpus: Path) -> Path:
    """A corpus copy with warm caches (tests/conftest.py)."""
    return cached_corpus


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The corpus files the pipeline reads and extracts from now on, in order."""
    names: list[str] = []
    real = pipeline.corpus.extract_file

    def counting(path: Path, *args: Any, **kwargs: Any):
        names.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.corpus, "extract_file", counting)
    return names


def _full_build(corpus: Path) -> BuildResult:
    """Every document read and extracted again, no cache used."""
    result, cached = build_corpus(corpus, rebuild=True)
    assert not cached
    return result


def test_a_new_document_merges_into_the_graph_a_full_build_gives(
    corpus: Path, tmp_path: Path, extracted: list[str]
) -> None:
    upload = tmp_path / "四川省对口帮扶调整.txt"
    upload.write_text(SICHUAN, encoding="utf-8")

    report = add_document(corpus, upload)

    assert extracted == []  # the other five documents came from the record cache
    assert {(p.supporter, p.recipient) for p in report.pairings} == {
        ("四川大学华西医院", "壤塘县人民医院"), ("四川省人民医院", "色达县人民医院"),
    }
    assert "四川省对口帮扶调整.txt" in load_manifest(corpus)
    merged = report.result
    assert merged is not None
    reloaded, cached = build_corpus(corpus)
    assert cached and _graph_of(reloaded) == _graph_of(merged)
    assert _graph_of(merged) == _graph_of(_full_build(corpus))


def test_a_document_added_back_with_its_manifest_row_merges_exactly(
    corpus: Path, tmp_path: Path, extracted: list[str]
) -> None:
    """002 shares hospitals with the other seed tables: its names are resolved across documents."""
    name = "002_f96d2e1adf756957.txt"
    saved = tmp_path / name
    shutil.move(corpus / name, saved)
    build_corpus(corpus)
    assert extracted == []
    assert load_manifest(corpus)[name].region == ""  # the row stays, and the re-added file is read with it

    report = add_document(corpus, saved)

    assert extracted == []
    assert report.documents == [name]
    assert report.edges_added["SUPPORTS"] > 0
    assert report.result is not None
    assert _graph_of(report.result) == _graph_of(_full_build(corpus))


def test_removing_a_document_gives_the_graph_a_full_build_gives(corpus: Path, extracted: list[str]) -> None:
    name = "004_83573d7611e5798f.txt"
    before, _ = build_corpus(corpus)

    after = remove_document(corpus, name)

    assert extracted == []
    assert not (corpus / name).exists()
    assert name in before.documents and name not in after.documents
    assert _graph_of(after) == _graph_of(_full_build(corpus))


def test_an_edited_document_is_the_only_one_read_again(corpus: Path, extracted: list[str]) -> None:
    path = corpus / "003_4d4abe8e6271f2f6.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    result, cached = build_corpus(corpus)

    assert not cached and extracted == ["003_4d4abe8e6271f2f6.txt"]
    assert _graph_of(result) == _graph_of(_full_build(corpus))


@pytest.mark.parametrize("name", ["manifest.tsv", "../manifest.tsv", ".hidden.txt", "无此文件.txt"])
def test_removing_what_is_not_a_document_is_refused(corpus: Path, name: str) -> None:
    snapshot = {p.name: p.read_bytes() for p in corpus.iterdir()}
    with pytest.raises(DocumentError) as err:
        remove_document(corpus, name)
    assert str(err.value) == message("E618", name=name)
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == snapshot
