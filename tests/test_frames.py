"""Tier (a): questions read as frames, and the plan the planner picks for each.

A table of questions in officials' words -> the frame fields that matter for it and the
plan's name (query/planner.py). The name index is the seed corpus's, so names resolve as a
user would see them; the facts are tested in tests/test_plans.py (tier b) and end to end in
tests/test_questions*.py (tier c).
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.store import NetworkxStore
from query import planner
from query.frame import Aggregate, AnswerType, cn_number
from query.service import QAService

A, G = AnswerType, Aggregate

# question, plan name, expected frame fields (dotted names reach into constraints)
CASES: list[tuple[str, str, dict[str, Any]]] = [
    # yes / no: 是/不是 first
    ("昆明市儿童医院帮扶迪庆州人民医院吗", "yes/no", {"answer": A.YES_NO}),
    ("江西省肿瘤医院是不是广昌县人民医院的主责医院", "yes/no", {"answer": A.YES_NO}),
    ("复旦大学附属华山医院有没有帮扶兴国县人民医院", "yes/no", {"answer": A.YES_NO}),
    ("昆明市儿童医院和怒江州人民医院是什么关系", "relation", {"answer": A.ANY}),
    # several subjects at once
    ("同时帮扶怒江州人民医院和迪庆州人民医院的医院有哪些", "shared supporters", {"aggregate": G.INTERSECT}),
    ("哪些医院既帮扶东川区人民医院又帮扶迪庆州人民医院", "shared supporters", {"aggregate": G.INTERSECT}),
    ("怒江州人民医院和鲁甸县人民医院共同的帮扶医院是哪家", "shared supporters", {"aggregate": G.INTERSECT}),
    ("怒江州人民医院和迪庆州人民医院分别由哪些医院帮扶", "each subject", {"aggregate": G.EACH}),
    ("昆明市儿童医院和云南大学附属医院哪个帮扶的医院多", "each subject", {"aggregate": G.COMPARE}),
    ("昆明市儿童医院和云南大学附属医院谁帮扶的医院更多", "each subject", {"aggregate": G.COMPARE}),
    # rankings: what is ranked comes from the nouns
    ("受帮扶最多的医院是哪家", "rank recipients", {"aggregate": G.RANK, "ranked": "recipient"}),
    ("哪家医院得到的帮扶医院最多", "rank recipients", {"ranked": "recipient"}),
    ("江西哪个县的帮扶医院最多", "rank counties", {"answer": A.COUNTY, "ranked": "county"}),
    ("帮扶医院最多的是哪家", "network_hubs", {"aggregate": G.RANK, "ranked": "supporter"}),
    ("帮扶数量排前两名的医院", "network_hubs", {"aggregate": G.RANK, "top": 2}),
    # answer type from the question word's noun
    ("赣南医学院第一附属医院对口帮扶了哪些县", "counties of a supporter", {"answer": A.COUNTY}),
    ("迪庆州藏医院在哪个县", "county of a hospital", {"answer": A.COUNTY}),
    (
        "云南的附件1里有几个县",
        "count counties",
        {"answer": A.COUNTY, "aggregate": G.COUNT, "constraints.annex": "附件1"},
    ),
    ("昆医附一院对口帮扶哪几家县医院", None, {"answer": A.ANY}),  # 县医院 is a hospital, not a county
    ("国卫医发〔2016〕7号是哪一年的文件", "document", {"answer": A.YEAR}),
    # direction and voice
    ("迪庆州人民医院一共有几家医院帮扶", "who_supports", {"aggregate": G.COUNT}),
    ("赣南医学院第一附属医院一共帮扶了几家", "supported_by", {"aggregate": G.COUNT}),
    ("花吐古拉镇中心卫生院下派来了几个人", "dispatched_to", {}),
    ("科左中旗人民医院派出了几个人", "dispatched_to", {}),
    # constraints
    ("昆明市儿童医院在附件1里帮扶的是哪家", "supported_by", {"constraints.annex": "附件1"}),
    ("江西有哪些中医院作为支援医院参与帮扶", "hospitals of a kind", {"constraints.hospital_kind": "中医"}),
    ("大理州中医医院对口帮扶了几家中医医院", "supported_by", {"constraints.hospital_kind": "中医"}),
    ("永新县中医院是谁在帮扶", "who_supports", {"constraints.hospital_kind": None}),
    ("大理州的医院由上海哪些医院帮扶", "supporters from a place", {"constraints.supporter_place": "上海市"}),
    ("兴国县人民医院的支援医院里哪家是上海的", "who_supports", {"constraints.supporter_place": "上海市"}),
    ("北京大学人民医院对口帮扶江西哪家医院", "supported_by", {"constraints.supporter_place": None}),
    (
        "2022年的方案里赣南医学院第一附属医院帮扶了哪些医院",
        "supported_by",
        {"constraints.year": 2022, "constraints.document_words": True},
    ),
    # negation: left out of the answer, never its subject
    (
        "除了昆明医科大学第二附属医院，还有哪些医院帮扶怒江州人民医院",
        "who_supports",
        {"constraints.exclude": ("昆明医科大学第二附属医院",), "subjects": ("怒江州人民医院",)},
    ),
    ("怒江州人民医院不算牵头医院有几家帮扶医院", "who_supports", {"constraints.exclude_lead": True}),
    # documents: relation, short title, serial
    ("赣卫医字〔2019〕66号转发了什么文件", "links between documents", {"doc_relation": "forwards"}),
    ("国卫医函〔2019〕109号是哪个文件转发的", "links between documents", {"doc_relation": "forwarded_by"}),
    (
        "哪份文件转发了109号文",
        "links between documents",
        {"doc_relation": "forwarded_by", "constraints.number_tail": "109"},
    ),
    ("科左中旗的方案根据哪些文件制定", "links between documents", {"doc_relation": "based_on"}),
    ("江西2019年的转发通知引用了哪些文件", "document", {"doc_relation": None}),
    (
        "江西转发调整对口关系的通知文号是什么",
        "fact of a document by short title",
        {"doc_relation": None, "constraints.doc_ask": "number"},
    ),
    (
        "贵州省外三甲医院帮扶方案的印发机关",
        "fact of a document by short title",
        {"constraints.doc_ask": "issuer"},
    ),
    # measures by number or words
    ("贵州的第十五条措施是什么", "one measure", {"ordinal": 15}),
    ("银龄人才这条措施讲的是什么", "one measure", {"ordinal": None}),
    ("哪份文件规定了贵州的21项帮扶措施", "document of measures", {"answer": A.DOCUMENT}),
    ("贵州的措施里有几项是优选项", "measures", {}),
]


@pytest.fixture(scope="module")
def service(graph) -> QAService:
    return QAService(NetworkxStore(graph))


def _field(frame: Any, dotted: str) -> Any:
    value = frame
    for part in dotted.split("."):
        value = getattr(value, part)
    if hasattr(value, "canonicals"):  # a Mention: compare its canonical name
        return value.canonicals[0] if value.canonicals else value.surface
    if isinstance(value, tuple) and value and hasattr(value[0], "canonicals"):
        return tuple(m.canonicals[0] for m in value)
    return value


@pytest.mark.parametrize(("question", "plan", "fields"), CASES, ids=[c[0] for c in CASES])
def test_frame_and_plan(service, question: str, plan: str | None, fields: dict[str, Any]) -> None:
    u = service.understand(question)
    for dotted, expected in fields.items():
        assert _field(u.frame, dotted) == expected, (dotted, u.frame)
    if plan is not None:
        assert planner.choose(service.context, u)[0] == plan


@pytest.mark.parametrize(
    ("token", "number"), [("15", 15), ("十五", 15), ("十", 10), ("二十一", 21), ("三", 3)]
)
def test_numbers_in_words(token: str, number: int) -> None:
    assert cn_number(token) == number


def test_every_plan_has_a_frame_here() -> None:
    """A new plan comes with rows in this table (and in tests/test_plans.py)."""
    covered = {plan for _, plan, _ in CASES}
    missing = {p.name for p in planner.PLANS} - covered - {"unresolved name"}
    assert not missing, missing
