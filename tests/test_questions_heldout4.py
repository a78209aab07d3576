"""The fourth question set (tests/data/questions_heldout4.tsv), scored separately by class.

Written by someone who does not change the parser, before the rules for these classes were
touched: a place's hospitals or a group of hospitals as the subject, requirement numbers,
durations and dates asked in other words than the documents', and their negative and unknown
variants (tests/question_specs_heldout4.py says each class and the readings decided).
Accuracy and invented answers (items a correct answer would not hold) are printed per class.
tests/data/QUESTIONS4_BASELINE.md holds the numbers of the day the set was written and the
failing questions with what the product answered: the brief for whoever fixes the parser.
"""

from __future__ import annotations

from tests.class_scored_set import ClassScoredSet
from tests.question_scoring import Checker
from tests.question_specs_heldout4 import Heldout4Checker, Heldout4Oracle, load_cases

CASES = load_cases()

# Ratchet while the classes are open (main must stay green): the accuracy floor may only be
# RAISED and the ceiling on questions with invented items only LOWERED, towards 1.0 and 0.
# Set to the product's numbers on the day the set was written (QUESTIONS4_BASELINE.md).
# 47/60 after rules6 (kinds of number asked); 40/60 after rules4 + rules5; 29/60 after rules4;
# 20/60 on 2026-12-01 (0f9cfda)
ACCURACY_FLOOR = 0.783
# after rules6 (26 items); 12 after rules4 + rules5 (63 items); 21 after rules4; 28 on the day of the set
INVENTED_QUESTIONS_CEILING = 7


class TestFourthSet(ClassScoredSet):
    name = "fourth"
    cases = CASES
    size = (45, 60)
    min_per_class = 10
    accuracy_floor = ACCURACY_FLOOR
    invented_questions_ceiling = INVENTED_QUESTIONS_CEILING

    @classmethod
    def checker(cls, gold: dict) -> Checker:
        return Heldout4Checker(Heldout4Oracle(gold))
