"""The question set (tests/data/questions.tsv) answered from the graph, scored against the gold.

Each question's expected answer is computed from tests/data/seed_gold.json (not from the
graph), so a wrong extraction and a wrong reading of the question both count as failures.
The accuracy is printed and must be 100 %; every answer item must carry evidence.
"""

from __future__ import annotations

import json

import pytest

from graph.store import NetworkxStore
from query.service import QAService
from tests.question_specs import GoldOracle, check, load_cases

CASES = load_cases()


@pytest.fixture(scope="module")
def service(graph) -> QAService:
    return QAService(NetworkxStore(graph))


def test_question_set_is_large_and_covers_every_intent(service):
    from query.intents import IntentName

    assert len(CASES) >= 150
    seen = {str(service.understand(c.question).intent.name) for c in CASES}
    missing = {str(i) for i in IntentName} - seen - {"count", "entity_info"}
    assert not missing, missing


def test_question_accuracy(service, gold, capsys):
    oracle = GoldOracle(gold)
    failures = []
    for case in CASES:
        answer = service.ask(case.question)
        passed, why = check(case, answer, oracle)
        if not passed:
            failures.append(f"line {case.line}: {case.question!r} [{answer.intent}/{answer.status}] {why}")
    accuracy = 1 - len(failures) / len(CASES)
    with capsys.disabled():
        print(f"\nquestion accuracy: {len(CASES) - len(failures)}/{len(CASES)} = {accuracy:.1%}")
        for failure in failures:
            print("  FAIL", failure)
    assert not failures, failures


def test_every_answer_item_has_evidence(service):
    for case in CASES:
        answer = service.ask(case.question)
        for item in answer.items:
            assert item.evidence and all(e.doc and e.where and e.quote for e in item.evidence), (
                case.question,
                item,
            )


def test_json_shape(service):
    data = service.ask("谁帮扶怒江州人民医院").to_json()
    assert {"question", "intent", "entities", "answers", "text", "evidence"} <= set(data)
    assert data["entities"] == [
        {"name": "怒江州人民医院", "type": "Hospital", "id": "hospital:怒江州人民医院"}
    ]
    lead = [a for a in data["answers"] if a["lead"]]
    assert [a["name"] for a in lead] == ["昆明医科大学第二附属医院"]
    assert any(
        e["where"] == "正文 二（六）" and e["doc"] == "000_5e86d926f4900194.txt" for e in data["evidence"]
    )
    json.dumps(data, ensure_ascii=False)


def test_answers_cite_the_document_number(service):
    answer = service.ask("谁帮扶怒江州人民医院？")
    assert answer.items[0].name == "昆明医科大学第二附属医院" and answer.items[0].lead
    assert {i.name for i in answer.items[1:]} == {
        "云南省肿瘤医院",
        "云南省口腔医院",
        "云南大学附属医院",
        "云南省心理卫生中心",
        "云南省急救中心",
        "昆明市儿童医院",
        "昆明市第三人民医院",
    }
    assert all(
        e.doc_number == "云卫医发〔2022〕5号" and e.where == "正文 二（六）"
        for i in answer.items
        for e in i.evidence
    )


@pytest.mark.parametrize(
    "question", ["火星县人民医院由谁帮扶", "北极村卫生院的需帮扶项目", "张三丰被派到哪里"]
)
def test_unknown_things_get_no_answer_and_a_clear_message(service, question):
    answer = service.ask(question)
    assert answer.status == "not_found" and not answer.items
    assert answer.text.startswith("未找到")
