"""Rules that grant a post are ranked by the post the question names, qualifier included."""

from __future__ import annotations

import pytest

from graph.contract import RequirementEntry
from query.answers_docs import rank_by_posts


def _rule(text: str) -> RequirementEntry:
    return RequirementEntry(text, "plan.txt", "任职", text, None, None, None, None, text)


RULES = [
    _rule("常驻1年以上的可挂任受扶医院副院长"),
    _rule("常驻2年以上的可任受扶医院院长"),
    _rule("医疗队长担任受援医院执行院长"),
    _rule("队员可担任受援医院相关临床科室副主任"),
]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("常驻多久可以任院长", "常驻2年以上的可任受扶医院院长"),
        ("多久能当副院长", "常驻1年以上的可挂任受扶医院副院长"),
        ("谁能担任执行院长", "医疗队长担任受援医院执行院长"),
        ("队员能当副主任吗", "队员可担任受援医院相关临床科室副主任"),
    ],
)
def test_the_rule_naming_the_asked_post_comes_first(question: str, first: str) -> None:
    assert rank_by_posts(RULES, question)[0].text == first


def test_a_question_naming_no_post_keeps_the_order() -> None:
    assert rank_by_posts(RULES, "任职有什么要求") == RULES


def test_a_post_inside_a_longer_post_is_not_that_post() -> None:
    """科主任 holds the letters of 主任: a rule about 科主任 is not an answer about 主任."""
    rules = [_rule("队员可担任受援医院科主任"), _rule("常驻满2年的可任受援医院主任")]
    assert rank_by_posts(rules, "谁能当主任")[0] == rules[1]
    assert rank_by_posts(list(reversed(rules)), "谁能当科主任")[0] == rules[0]
