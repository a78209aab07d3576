"""Shared fixtures: the seed corpus, its gold truth, and the graph built from it once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD_PATH = Path(__file__).resolve().parent / "data" / "seed_gold.json"


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the corpus, so tests that add files never touch the repo's."""
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="module")
def warm_corpus(corpus_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a corpus copy and its warm caches (``.bangfu/``: records and graph),
    built once per test module, to be copied per test by ``cached_corpus``."""
    from pipeline import build_corpus

    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(corpus_copy, root / "corpus")
    build_corpus(root / "corpus")
    return root


@pytest.fixture
def cached_corpus(warm_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private corpus copy with warm caches beside it: a test pays for its own change only."""
    shutil.copytree(warm_corpus / "corpus", tmp_path / "corpus")
    shutil.copytree(warm_corpus / ".bangfu", tmp_path / ".bangfu")
    monkeypatch.delenv("BANGFU_CACHE", raising=False)  # the caches beside the copy
    return tmp_path / "corpus"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The graph of the seed corpus, built fresh (no cache) once per test session."""
    from graph.build import build_graph
    from pipeline import extract_corpus

    return build_graph(extract_corpus(CORPUS))


@pytest.fixture(scope="session")
def graph(built):
    return built.graph


@pytest.fixture(scope="session")
def seed_service(graph):
    """The question service over the seed graph, for rule tests that ask a few questions."""
    from graph.store import NetworkxStore
    from query.service import QAService

    return QAService(NetworkxStore(graph))
