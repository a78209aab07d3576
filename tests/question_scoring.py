"""Scoring shared by the held-out question sets: ask every question once, keep the verdicts.

One place for what every scored set does the same way (tests/test_questions_heldout.py,
tests/test_questions_heldout3.py, tests/test_questions_heldout4.py), so that a set differs only
in its specs and its ratchet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from query.model import Answer, AnswerItem, Status


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


def first_line(answer: Answer | None) -> str:
    """An answer's shape for a failure report: intent/status, item count and its first line."""
    if answer is None:
        return "crash"
    first = answer.text.splitlines()[0][:70] if answer.text else ""
    return f"{answer.intent}/{answer.status} {len(answer.items)} items: {first}"


def questions_per_class(cases: Iterable[Any]) -> dict[str, int]:
    """How many questions each class holds ("" for questions before the first class line)."""
    counts: dict[str, int] = defaultdict(int)
    for case in cases:
        counts[case.category] += 1
    return dict(counts)


def report_by_class(name: str, verdicts: list[tuple[Any, Answer | None, str, list]]) -> tuple[int, int]:
    """Print a class-scored set's accuracy, its invented items per class and every failure, and
    return (questions passed, questions with invented items) for the set's ratchet."""
    total = len(verdicts)
    failures = [(c, a, why) for c, a, why, _ in verdicts if why]
    inventions = [names for _c, _a, _why, names in verdicts if names]
    passed = total - len(failures)
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # questions, passed, invented q, items
    for case, _answer, why, invented in verdicts:
        row = by_class[case.category]
        row[0] += 1
        row[1] += not why
        row[2] += bool(invented)
        row[3] += len(invented)
    print(f"\n{name} question set accuracy: {passed}/{total} = {passed / total:.1%}")
    print(f"{name} set invented answers: {len(inventions)} questions, {sum(map(len, inventions))} items")
    for category, (questions, ok, invented_q, items) in by_class.items():
        print(f"  {category}: {ok}/{questions}, invented in {invented_q} questions ({items} items)")
    for case, answer, why in failures:
        where = f"line {case.line} [{case.category}] {case.question!r} ({case.spec})"
        print(f"  FAIL {where} {first_line(answer)}: {why}")
    return passed, len(inventions)


def questions_in_files(questions: Iterable[str], files: Iterable[Path]) -> list[tuple[str, str]]:
    """(file, question) for every question — without its final punctuation — found in a file:
    a held-out set's questions must not be written into the product it tests."""
    bare = {q.rstrip("？?。") for q in questions}
    return [
        (str(path), question)
        for path in files
        for text in [path.read_bytes().decode("utf-8", errors="ignore")]
        for question in bare
        if question in text
    ]


def spec_mistakes(checker: Checker, cases: Iterable[Any]) -> list[tuple[int, str, str]]:
    """(line, spec, why) for every spec that cannot fail: one that errs against the gold alone,
    or one that an answer listing a name in no document would pass."""
    empty = Answer(question="", intent="", status=Status.OK, text="")
    stray = AnswerItem(name="不存在的医院", type="Hospital")
    listing = Answer(question="", intent="", status=Status.OK, text="共1家", items=[stray])
    mistakes = []
    for case in cases:
        if "spec error" in (verdict := checker.check(case, empty)).why:
            mistakes.append((case.line, case.spec, verdict.why))
        elif checker.check(case, listing).passed:
            mistakes.append((case.line, case.spec, "passed by an answer listing 不存在的医院"))
    return mistakes


def class_set_mistakes(cases: list[Any], min_per_class: int) -> list[str]:
    """What makes a class-scored set malformed: duplicate questions, a question before the first
    class line, a class with fewer than ``min_per_class`` questions."""
    per_class = questions_per_class(cases)
    mistakes = [f"duplicate question {q!r}" for q, n in Counter(c.question for c in cases).items() if n > 1]
    mistakes += ["a question before the first class line"] if "" in per_class else []
    return mistakes + [f"class {k} has {n} questions" for k, n in per_class.items() if n < min_per_class]
