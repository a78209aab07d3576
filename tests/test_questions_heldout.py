"""The held-out question set (tests/data/questions_heldout.tsv), scored separately.

Written before the question parser is rebuilt (issue 10) by someone who does not change it,
in the words of officials and researchers. The expectations come from the gold
(tests/question_specs_heldout.py). The accuracy line is printed on its own; the set must
score at least 95 % with zero invented answers: an item the expectation does not hold, or
any item at all for a name that is not in the graph.
"""

from __future__ import annotations

import pytest

from graph.store import NetworkxStore
from query.service import QAService
from tests.question_scoring import ask_all, items_without_evidence
from tests.question_specs_heldout import HeldoutChecker, HeldoutOracle, load_cases

CASES = load_cases()

# Ratchet while issue 10 is open (main must stay green): the accuracy floor may only be
# RAISED and the ceiling on questions with invented items only LOWERED, towards the issue's
# 0.95 and 0. Whoever lands second merges both helpers' ratchets, keeping the stricter.
ACCURACY_FLOOR = 1.0  # 217/217 with the frame, the planner, generated short forms and 未找到
INVENTED_QUESTIONS_CEILING = 0


@pytest.fixture(scope="module")
def service(graph) -> QAService:
    return QAService(NetworkxStore(graph))


@pytest.fixture(scope="module")
def verdicts(service, gold):
    checker = HeldoutChecker(HeldoutOracle(gold))
    return ask_all(service, checker, CASES)


def test_heldout_set_is_large_enough():
    assert len(CASES) >= 170
    assert len({c.question for c in CASES}) == len(CASES), "duplicate questions"


def test_heldout_accuracy_and_no_inventions(verdicts, capsys):
    failures = [(c, a, why) for c, a, why, _ in verdicts if why]
    inventions = [(c, names) for c, _a, _why, names in verdicts if names]
    passed = len(CASES) - len(failures)
    with capsys.disabled():
        print(f"\nheld-out question accuracy: {passed}/{len(CASES)} = {passed / len(CASES):.1%}")
        invented_items = sum(len(n) for _, n in inventions)
        print(f"held-out invented answers: {len(inventions)} questions, {invented_items} items")
        for case, answer, why in failures:
            shape = f"{answer.intent}/{answer.status}" if answer else "crash"
            print(f"  FAIL line {case.line}: {case.question!r} ({case.spec}) [{shape}] {why}")
    assert len(inventions) <= INVENTED_QUESTIONS_CEILING, f"{len(inventions)} questions with invented items"
    assert passed / len(CASES) >= ACCURACY_FLOOR


def test_heldout_answers_carry_evidence(verdicts):
    assert items_without_evidence(verdicts) == []


def test_oracle_specs_are_well_formed(gold):
    """Every spec computes against the gold alone (no spec error, no empty expectation)."""
    from query.model import Answer, Status

    checker = HeldoutChecker(HeldoutOracle(gold))
    empty = Answer(question="", intent="", status=Status.OK, text="")
    broken = [(c.line, c.spec, v.why) for c in CASES if "spec error" in (v := checker.check(c, empty)).why]
    assert not broken, broken
