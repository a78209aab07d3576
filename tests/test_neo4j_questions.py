"""The whole question set answered through Neo4j (over Bolt) equals the networkx answers.

Same service, same intents, two stores: names, leads, groups, evidence and the sentence
must be identical, question by question.
"""

from __future__ import annotations

import pytest

from graph.store import NetworkxStore
from query.service import QAService
from tests.question_specs import load_cases
from tests.question_specs_heldout import load_cases as load_heldout

pytest_plugins = ["tests.neo4j_fixtures"]
pytestmark = pytest.mark.neo4j

# both question sets: the held-out one asks every plan (yes/no, rankings, document links…)
CASES = [*load_cases(), *load_heldout()]


@pytest.fixture(scope="module")
def both(graph, neo4j_store) -> tuple[QAService, QAService]:
    return QAService(NetworkxStore(graph)), QAService(neo4j_store)


def test_every_question_gets_the_same_answer_from_neo4j(both):
    embedded, bolt = both
    differences = []
    for case in CASES:
        expected = embedded.ask(case.question).to_json()
        got = bolt.ask(case.question).to_json()
        if got != expected:
            keys = [k for k in expected if expected[k] != got.get(k)]
            differences.append(f"line {case.line} {case.question!r}: differs in {keys}")
    print(f"\nneo4j parity: {len(CASES) - len(differences)}/{len(CASES)} identical answers")
    assert not differences, "\n".join(differences[:20])


def test_database_filled_by_the_cypher_export_answers_the_same(graph, neo4j_store, restore_seed, tmp_path):
    """`bangfu export --format cypher` run on a server gives the same answers as `neo4j load`."""
    from graph.export import export_graph
    from graph.neo4j_load import wipe_graph

    (script,) = export_graph(graph, "cypher", tmp_path / "bangfu.cypher")
    statements = [line for line in script.read_text(encoding="utf-8").splitlines()
                  if line and not line.startswith("//")]
    wipe_graph(neo4j_store)
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        for statement in statements:
            session.execute_write(lambda tx, s=statement: tx.run(s.rstrip(";")).consume())
    embedded, bolt = QAService(NetworkxStore(graph)), QAService(neo4j_store)
    for case in CASES[::6]:
        assert bolt.ask(case.question).to_json() == embedded.ask(case.question).to_json(), case.question
