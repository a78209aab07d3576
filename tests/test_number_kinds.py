"""Questions that ask a KIND of number (几倍, 多少钱/多少元, 多少项, 多久一次 / 每月几次, 几年内)
reach only the rules whose value is of that kind (``value_units`` in
core/vocab/requirement_topics.jsonl), of the other topic the question names or of every topic.

The questions are in other words than the fourth question set's and are checked by content,
as the sets are: every item states a phrase of that document, every phrase is stated, every
item's evidence is that document; ``no_rule`` is zero items (another province's rule would be
an invented answer). A count of the measures list (几项措施) stays with the measures.
"""

from __future__ import annotations

import pytest

from tests.question_specs_heldout3 import assert_spec_holds

QUESTIONS = [
    # a multiple: the 待遇 rules in 倍, not the amounts beside them
    ("贵州帮扶人员的薪酬按几倍保障", "rules:001:1.5倍"),
    ("云南的帮扶人员薪酬按几倍补足", "no_rule"),
    # an amount: the rule of the topic named, in 元 / 万元
    ("贵州的人身意外险保额是多少万元", "rules:001:100万元"),
    ("贵州每年给受扶医院多少钱工作经费", "rules:001:20万元"),
    ("贵州到岗的生活必需品能报销多少元", "rules:001:每人2000元"),
    # a number of items
    ("贵州每年要完善几项制度规范", "rules:001:不少于10项"),
    ("江西一年要完善多少项制度", "no_rule"),
    # a frequency: a number of times said per period (每月/每年 … 一次)
    ("云南支援医院多久开展一次抽查", "rules:000:每月至少开展一次抽查点名"),
    ("贵州帮扶干部的体检多久一次", "rules:001:开展1次健康体检"),
    ("贵州探亲的交通费每月能报几次", "rules:001:每月据实报销1次"),
    # a number of years within which a thing holds
    ("云南考核不合格的人员几年之内不能晋升", "rules:000:2年内不得晋升"),
]


@pytest.mark.parametrize(("question", "spec"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_a_kind_of_number_reaches_the_rules_of_that_kind(
    seed_service, gold, question: str, spec: str
) -> None:
    assert_spec_holds(seed_service, gold, question, spec)


@pytest.mark.parametrize(("question", "count"), [("贵州的措施一共有几项", 21), ("贵州有多少项优选项措施", 7)])
def test_a_count_of_the_measures_list_is_no_rule_number(seed_service, question: str, count: int) -> None:
    answer = seed_service.ask(question)
    assert (answer.intent, len(answer.items)) == ("measures", count)
