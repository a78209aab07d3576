"""Help examples name real entries of the graph in use (core/vocab/help_examples.tsv, query/help.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx

from graph.build import build_graph
from graph.store import NetworkxStore
from pipeline import extract_corpus
from query.intent_keywords import example_templates, help_examples
from query.model import Status
from query.service import QAService

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_every_example_of_the_seed_graph_is_answered(graph: nx.MultiDiGraph) -> None:
    service = QAService(NetworkxStore(graph))
    examples = service.examples()
    assert len(examples) == len(example_templates())  # the seeds fill every placeholder
    assert all("{" not in e for e in examples)
    assert {e: service.ask(e).status for e in examples} == {e: Status.OK for e in examples}


def test_examples_come_from_the_graph_in_use(tmp_path: Path, graph: nx.MultiDiGraph) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (seed,) = CORPUS.glob("004_*.txt")  # one notice of 科尔沁左翼中旗 alone
    shutil.copy(seed, corpus / seed.name)
    small = build_graph(extract_corpus(corpus)).graph
    service = QAService(NetworkxStore(small))
    examples = service.examples()
    assert examples != QAService(NetworkxStore(graph)).examples()
    names = {d["name"] for _, d in small.nodes(data=True)}
    seed_only = {d["name"] for _, d in graph.nodes(data=True) if d["type"] == "Hospital"} - names
    assert not [e for e in examples if any(n in e for n in seed_only)]
    assert {e: service.ask(e).status for e in examples} == {e: Status.OK for e in examples}


def test_understanding_alone_offers_only_examples_that_name_nothing() -> None:
    assert help_examples() == [t for t in example_templates() if "{" not in t]
    assert help_examples()
