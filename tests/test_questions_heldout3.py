"""The third question set (tests/data/questions_heldout3.tsv), scored separately by class.

Written by someone who does not change the parser, for the classes of questions the lead's
probe found misread or answered with a widened list (tests/question_specs_heldout3.py says
each class and the readings decided). Accuracy and invented answers (items a correct answer
would not hold) are printed per class. tests/data/QUESTIONS3_BASELINE.md holds the numbers of
the day the set was written and the failing questions: the brief for whoever fixes the parser.
"""

from __future__ import annotations

from tests.class_scored_set import ClassScoredSet
from tests.question_scoring import Checker
from tests.question_specs_heldout3 import Heldout3Checker, Heldout3Oracle, load_cases

CASES = load_cases()

# Ratchet while the classes are open (main must stay green): the accuracy floor may only be
# RAISED and the ceiling on questions with invented items only LOWERED, towards 1.0 and 0.
# Set to the product's numbers on the day the set was written (QUESTIONS3_BASELINE.md).
ACCURACY_FLOOR = 0.990  # 106/107 = 0.9907 after rules4; 103/107 before; 19/107 on 2026-12-01
INVENTED_QUESTIONS_CEILING = 0  # after rules4; 1 after the parser fix; 46 on the day the set was written


class TestThirdSet(ClassScoredSet):
    name = "third"
    cases = CASES
    size = (80, None)
    min_per_class = 6
    accuracy_floor = ACCURACY_FLOOR
    invented_questions_ceiling = INVENTED_QUESTIONS_CEILING

    @classmethod
    def checker(cls, gold: dict) -> Checker:
        return Heldout3Checker(Heldout3Oracle(gold))
