"""Terms, cycles and deadlines as requirement facts (extract/terms.py) and the questions that
reach them (周期 / 几年一轮 / 到哪一年 / 哪年到期 / 哪天前 / 每月几号前).

The extraction cases are made-up lines in the documents' own styles (a cycle in a sentence, a
span, a heading line with its range below, a run-in heading, a work schedule that is no rule);
the question cases ask the seed corpus in other words than the third question set, and are
checked by content (every item states the phrase, every phrase is stated, every item's evidence
is the named document).
"""

from __future__ import annotations

import pytest

from extract.requirements import extract_requirements
from tests.question_specs_heldout3 import assert_spec_holds
from tests.test_requirements import _parsed, requirements


def _rules(*lines: str) -> set[tuple[str, float | None, str, str, str, str]]:
    """(topic, value, unit, text, where, quote) of every rule of a made-up document."""
    return {
        (r.topic, r.value, r.unit, r.text, r.evidence.where, r.evidence.quote)
        for r in extract_requirements(_parsed(*lines))
    }


def test_a_cycle_in_a_sentence_is_a_rule() -> None:
    line = "（三）动态调整。帮扶关系原则上每2年为一个周期，期满后重新评估。"
    assert _rules("二、工作机制", line) == {
        ("其他", 2.0, "年", "帮扶关系原则上每2年为一个周期", "正文 二（三）",
         "帮扶关系原则上每2年为一个周期，期满后重新评估。"),
    }


@pytest.mark.parametrize(
    ("line", "value", "unit", "text"),
    [
        ("医疗队两年一轮换。", 2.0, "年", "医疗队两年一轮换"),
        ("支援医院每6个月轮换一次队员。", 6.0, "个月", "支援医院每6个月轮换一次队员"),
        ("本轮结对帮扶为期3年。", 3.0, "年", "本轮结对帮扶为期3年"),
    ],
)
def test_cycles_and_spans(line: str, value: float, unit: str, text: str) -> None:
    found = {(r.value, r.unit, r.text) for r in extract_requirements(_parsed("一、总体要求", line))}
    assert found == {(value, unit, text)}


def test_a_range_under_a_term_heading_is_a_deadline_quoting_both_lines() -> None:
    assert _rules("三、合作期限", "2024年1月至2026年12月") == {
        ("其他", 2026.0, "年", "合作期限：2024年1月至2026年12月", "正文 三",
         "三、合作期限 2024年1月至2026年12月"),
    }


def test_a_run_in_heading_names_the_term_of_the_next_sentence() -> None:
    found = _rules("四、其他事项", "（五）服务期限。自2023年7月起至2025年6月止。")
    assert found == {
        ("其他", 2025.0, "年", "服务期限：自2023年7月起至2025年6月止", "正文 四（五）",
         "（五）服务期限。自2023年7月起至2025年6月止。"),
    }


def test_a_deadline_after_its_term_in_the_same_sentence() -> None:
    found = _rules("五、协议", "本协议有效期3年，自2024年起至2026年止。")
    assert {(v, u, t) for _, v, u, t, _, _ in found} == {
        (2026.0, "年", "本协议有效期3年，自2024年起至2026年止"),
    }


@pytest.mark.parametrize(
    "lines",
    [
        ("六、进度安排", "（二）2022年2月-2025年12月。各医院按照协议落实帮扶任务。"),
        ("七、人员", "自2021年至2025年底，选派医护人员对口支援受援医院。"),
        ("八、目标", "利用5年时间，到2025年全部达到二级甲等水平。"),
    ],
)
def test_a_schedule_with_no_term_word_is_no_rule(lines: tuple[str, ...]) -> None:
    assert _rules(*lines) == set()


def test_the_seed_terms() -> None:
    guizhou = {(r.value, r.unit, r.text, r.evidence.where) for r in requirements("001")
               if r.text in ("每3年为一个周期", "协议期限：2025年月—2028年月")}
    assert guizhou == {
        (3.0, "年", "每3年为一个周期", "正文 七"),
        (2028.0, "年", "协议期限：2025年月—2028年月", "附件2 一"),
    }
    yunnan = [r for r in requirements("000") if r.value == 2025.0]
    assert [(r.text, r.evidence.where) for r in yunnan] == [
        ("本协议有效时间为5年，自2021年月日起至2025年月日止", "附件3 四（四）"),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("三、进度", "（三）各医院务必于2024年3月31日前完成协议签订。"),
         {("时限", 2024.0, "年", "各医院务必于2024年3月31日前完成协议签订")}),
        (("四、报送", "于每月5日前，报送上月工作情况。"),
         {("时限", None, "", "于每月5日前，报送上月工作情况")}),
        (("五、目标", "2025年底前，全部县医院达到二级甲等水平。"),
         {("时限", 2025.0, "年", "2025年底前，全部县医院达到二级甲等水平")}),
        (("七、签订", "各地要在6月前签订协议，3个月前完成评估。"),
         {("时限", None, "", "各地要在6月前签订协议")}),
        (("八、专科", "重点加强外转率排名前5-10位的专科。"), set()),
    ],
)
def test_dated_deadlines(lines: tuple[str, ...], expected: set) -> None:
    assert {(t, v, u, x) for t, v, u, x, _, _ in _rules(*lines)} == expected


QUESTIONS = [
    ("云南的帮扶协议到哪一年", "rules:000:2025年"),
    ("云南对口帮扶协议哪年到期", "rules:000:2025年"),
    ("贵州帮扶关系几年一轮", "rules:001:每3年为一个周期"),
    ("贵州的帮扶协作周期是几年", "rules:001:每3年为一个周期"),
    ("贵州的协议什么时候到期", "rules:001:2028年"),
    ("贵州的帮扶周期是几年", "rules:001:每3年为一个周期"),
    ("帮扶关系每几年调整一次", "rules:001:每3年为一个周期"),
    ("云南的帮扶关系几年一个周期", "no_rule"),
    ("云南的第一批医疗队要在哪天前派驻到位", "rules:000:2022年2月18日前"),
    ("江西签订新帮扶协议的时限是什么时候", "rules:004:2019年5月底前"),
    ("江西每月几号前报送派驻情况", "rules:004:每月10日前|每月20日前|每月25日前"),
]


@pytest.mark.parametrize(("question", "spec"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_questions_about_terms_reach_them(seed_service, gold, question: str, spec: str) -> None:
    assert_spec_holds(seed_service, gold, question, spec)
