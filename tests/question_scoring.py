"""Scoring shared by the held-out question sets: ask every question once, keep the verdicts.

One place for what every scored set does the same way (tests/test_questions_heldout.py,
tests/test_questions_heldout3.py), so that a set differs only in its specs and its report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from query.model import Answer


class Checker(Protocol):
    def check(self, case: Any, answer: Answer) -> Any: ...


def ask_all(
    service: Any, checker: Checker, cases: Iterable[Any]
) -> list[tuple[Any, Answer | None, str, list]]:
    """(case, answer, why it failed or "", invented items) per question; a crash is a failure."""
    results: list[tuple[Any, Answer | None, str, list]] = []
    for case in cases:
        try:
            answer = service.ask(case.question)
        except Exception as error:  # reported with the other failures, not raised
            results.append((case, None, f"crashed: {type(error).__name__}: {error}", []))
            continue
        verdict = checker.check(case, answer)
        results.append((case, answer, "" if verdict.passed else verdict.why, verdict.invented))
    return results


def items_without_evidence(verdicts: list[tuple[Any, Answer | None, str, list]]) -> list[tuple[str, str]]:
    """(question, item) for every answer item without a document, a place and a quoted line."""
    return [
        (case.question, item.name)
        for case, answer, _why, _invented in verdicts
        if answer is not None
        for item in answer.items
        if not (item.evidence and all(e.doc and e.where and e.quote for e in item.evidence))
    ]
