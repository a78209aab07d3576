"""The tests every class-scored held-out question set runs, written once.

A set (tests/test_questions_heldout3.py, tests/test_questions_heldout4.py) subclasses
``ClassScoredSet`` as ``Test…`` and says only what differs: its cases, its checker, its size
and its ratchet. The base class's name does not start with ``Test``, so pytest collects the
tests once per set and never on their own.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from graph.store import NetworkxStore
from query.service import QAService
from tests.question_scoring import (
    Checker,
    ask_all,
    class_set_mistakes,
    items_without_evidence,
    questions_in_files,
    report_by_class,
    spec_mistakes,
)
from tests.test_heldout_extraction import _product_files


class ClassScoredSet:
    """Size, accuracy ratchet, evidence, spec sanity and the no-leak guard of one set."""

    name: ClassVar[str]  # printed in the report ("third", "fourth")
    cases: ClassVar[list[Any]]
    size: ClassVar[tuple[int, int | None]]  # fewest and most questions (None: no most)
    min_per_class: ClassVar[int]
    accuracy_floor: ClassVar[float]  # may only be raised
    invented_questions_ceiling: ClassVar[int]  # may only be lowered

    @classmethod
    def checker(cls, gold: dict) -> Checker:
        raise NotImplementedError

    @pytest.fixture(scope="class")
    @classmethod
    def verdicts(cls, graph, gold):
        """Every question asked once per set (the class), shared by the tests that read answers."""
        return ask_all(QAService(NetworkxStore(graph)), cls.checker(gold), cls.cases)

    def test_set_size_and_classes(self):
        fewest, most = self.size
        assert len(self.cases) >= fewest
        assert most is None or len(self.cases) <= most
        assert class_set_mistakes(self.cases, self.min_per_class) == []

    def test_accuracy_by_class_and_no_more_inventions(self, verdicts, capsys):
        with capsys.disabled():
            passed, invented = report_by_class(self.name, verdicts)
        assert invented <= self.invented_questions_ceiling, f"{invented} questions with invented items"
        assert passed / len(self.cases) >= self.accuracy_floor

    def test_answers_carry_evidence(self, verdicts):
        assert items_without_evidence(verdicts) == []

    def test_oracle_specs_are_well_formed(self, gold):
        """Every spec computes against the gold alone (no spec error), and none is passed by an
        answer that lists a name in no document."""
        assert spec_mistakes(self.checker(gold), self.cases) == []

    def test_no_question_of_the_set_is_in_a_product_file(self):
        """The parser is tested with its vocabulary as shipped: no question (nor its text
        without the final punctuation) may be written into any product file."""
        files = _product_files()
        assert len(files) > 20
        assert questions_in_files((c.question for c in self.cases), files) == []
