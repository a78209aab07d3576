"""The third question set (tests/data/questions_heldout3.tsv), scored separately by class.

Written by someone who does not change the parser, for the classes of questions the lead's
probe found misread or answered with a widened list (tests/question_specs_heldout3.py says
each class and the readings decided). Accuracy and invented answers (items a correct answer
would not hold) are printed per class. tests/data/QUESTIONS3_BASELINE.md holds the numbers of
the day the set was written and the failing questions: the brief for whoever fixes the parser.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.store import NetworkxStore
from query.model import Answer, Status
from query.service import QAService
from tests.question_scoring import ask_all, items_without_evidence
from tests.question_specs_heldout3 import Heldout3Checker, Heldout3Oracle, load_cases
from tests.test_heldout_extraction import _product_files

CASES = load_cases()

# Ratchet while the classes are open (main must stay green): the accuracy floor may only be
# RAISED and the ceiling on questions with invented items only LOWERED, towards 1.0 and 0.
# Set to the product's numbers on the day the set was written (QUESTIONS3_BASELINE.md).
ACCURACY_FLOOR = 0.962  # 103/107 = 0.9626 after the parser fix (branch questions3); 19/107 on 2026-12-01
INVENTED_QUESTIONS_CEILING = 1  # after the parser fix; 46 on the day the set was written


@pytest.fixture(scope="module")
def service(graph) -> QAService:
    return QAService(NetworkxStore(graph))


@pytest.fixture(scope="module")
def verdicts(service, gold):
    checker = Heldout3Checker(Heldout3Oracle(gold))
    return ask_all(service, checker, CASES)


def test_set_is_large_and_every_class_has_six_questions():
    assert len(CASES) >= 80
    assert len({c.question for c in CASES}) == len(CASES), "duplicate questions"
    per_class: dict[str, int] = defaultdict(int)
    for case in CASES:
        per_class[case.category] += 1
    assert "" not in per_class, "a question before the first class line"
    assert min(per_class.values()) >= 6, dict(per_class)


def _first_line(answer: Answer | None) -> str:
    if answer is None:
        return "crash"
    first = answer.text.splitlines()[0][:70] if answer.text else ""
    return f"{answer.intent}/{answer.status} {len(answer.items)} items: {first}"


def test_accuracy_by_class_and_no_more_inventions(verdicts, capsys):
    failures = [(c, a, why) for c, a, why, _ in verdicts if why]
    inventions = [(c, names) for c, _a, _why, names in verdicts if names]
    passed = len(CASES) - len(failures)
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # questions, passed, invented q, items
    for case, _answer, why, invented in verdicts:
        row = by_class[case.category]
        row[0] += 1
        row[1] += not why
        row[2] += bool(invented)
        row[3] += len(invented)
    with capsys.disabled():
        print(f"\nthird question set accuracy: {passed}/{len(CASES)} = {passed / len(CASES):.1%}")
        invented_items = sum(len(n) for _, n in inventions)
        print(f"third set invented answers: {len(inventions)} questions, {invented_items} items")
        for category, (total, ok, invented_q, items) in by_class.items():
            print(f"  {category}: {ok}/{total}, invented in {invented_q} questions ({items} items)")
        for case, answer, why in failures:
            shape = _first_line(answer)
            print(f"  FAIL line {case.line} [{case.category}] {case.question!r} ({case.spec}) {shape}: {why}")
    assert len(inventions) <= INVENTED_QUESTIONS_CEILING, f"{len(inventions)} questions with invented items"
    assert passed / len(CASES) >= ACCURACY_FLOOR


def test_answers_carry_evidence(verdicts):
    assert items_without_evidence(verdicts) == []


def test_oracle_specs_are_well_formed(gold):
    """Every spec computes against the gold alone (no spec error, no empty expectation where a
    list is meant), and a spec that expects nothing is failed by an answer that lists a name."""
    from query.model import AnswerItem

    checker = Heldout3Checker(Heldout3Oracle(gold))
    empty = Answer(question="", intent="", status=Status.OK, text="")
    broken = [(c.line, c.spec, v.why) for c in CASES if "spec error" in (v := checker.check(c, empty)).why]
    assert not broken, broken
    stray = AnswerItem(name="不存在的医院", type="Hospital")
    listing = Answer(question="", intent="", status=Status.OK, text="共1家", items=[stray])
    passing = [(c.line, c.spec) for c in CASES if checker.check(c, listing).passed]
    assert passing == []


def test_no_question_of_the_set_is_in_a_product_file():
    """The parser is tested with its vocabulary as shipped: no question (nor its text without
    the final punctuation) may be written into any product file."""
    files = _product_files()
    assert len(files) > 20
    questions = {c.question.rstrip("？?。") for c in CASES}
    found = [
        (str(path), question)
        for path in files
        for text in [path.read_bytes().decode("utf-8", errors="ignore")]
        for question in questions
        if question in text
    ]
    assert found == []
