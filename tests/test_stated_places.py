"""A place the question states constrains the answer, even when the graph has no record of it.

四川, 湖南, 甘肃 have no hospital in the seed graph (贵州 has documents but no hospital node):
the name index finds no mention for them, and the answer used to drop them and list the
other side's whole set. Failing closed means zero items. The places and phrasings here are
not the fourth set's; the expectations are exact (status, item count, evidence documents).
"""

from __future__ import annotations

import pytest

from query.model import Status
from query.stated_places import stated_places

NO_RECORD = [
    # a known group of supporters, the place of the recipients unknown to the graph
    "北京的医院在四川帮扶了哪些医院",
    "上海有几家医院在甘肃开展帮扶",
    "昆明市的医院给湖南哪些医院派了人",
    # the supporters' place unknown, the recipients' place known
    "湖南的医院帮扶了云南哪些医院",
    "浙江有哪些医院在江西帮扶",
]


@pytest.mark.parametrize("question", NO_RECORD)
def test_a_place_with_no_record_leaves_nothing(seed_service, question: str) -> None:
    answer = seed_service.ask(question)
    assert (answer.status, answer.items) == (Status.NO_ANSWER, [])


def test_rules_of_a_province_with_no_document_are_none(seed_service) -> None:
    answer = seed_service.ask("河南对派驻人员的职称有什么要求")
    assert (answer.status, answer.items) == (Status.NO_ANSWER, [])


def test_rules_of_a_province_with_a_document_stay_its_own(seed_service) -> None:
    """贵州 has no place node but has a document: its rules, quoted from it alone."""
    answer = seed_service.ask("贵州对驻点时间有什么要求")
    assert answer.status is Status.OK
    titles = {e.doc_title for i in answer.items for e in i.evidence}
    assert titles == {"省外三甲医院帮扶县（市、特区）级医疗机构实施方案"}


def test_a_document_named_by_its_region_is_still_answered(seed_service) -> None:
    answer = seed_service.ask("贵州省外三甲医院帮扶方案是哪个单位印发的")
    assert answer.status is Status.OK


def test_stated_places_reads_provinces_and_prefecture_forms() -> None:
    # \x01 stands for a masked name (the question's names found are masked before this)
    assert stated_places("\x01的医院在黔西南州帮扶了哪些医院") == (("黔西南州", "黔西南布依族苗族自治州"),)
    assert stated_places("广西壮族自治区和四川有没有") == (
        ("广西壮族自治区", "广西壮族自治区"),
        ("四川", "四川省"),
    )
    assert stated_places("巴州的医院") == ()  # a two-character prefecture alias is no place in free text
    assert stated_places("哪些医院参与了帮扶") == ()
