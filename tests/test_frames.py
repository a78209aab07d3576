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
from query.frame import Aggregate, AnswerType, Threshold, cn_number
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
    ("昆医附一院的帮扶对象分布在哪几个州", "prefectures of a supporter", {"answer": A.PREFECTURE}),
    ("云南省第一人民医院都去过什么地方帮扶", "counties of a supporter", {"answer": A.COUNTY}),
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
    # kinds on the side the words name; a support verb after the kind asks for its supporters
    (
        "曲靖市被帮扶的中医院有几家",
        "hospitals of a kind",
        {"constraints.hospital_kind": "中医", "constraints.kind_side": "recipient"},
    ),
    (
        "参与帮扶的儿童医院都有哪些",
        "hospitals of a kind",
        {"constraints.hospital_kind": "儿童", "constraints.kind_side": "supporter"},
    ),
    (
        "昭通市的中医院由哪几家医院对口支援",
        "supporters of hospitals of a kind",
        {"constraints.hospital_kind": "中医", "constraints.kind_supporters": True},
    ),
    # a place under the gazetteer's short form, and the staff sent to its hospitals
    ("下派到迪庆州各医院的人员有哪些", "staff sent to a place", {}),
    # a place asked after the hospitals: both parts
    (
        "昆医附一院对口了哪些医院，它们分布在哪些县",
        "counties of a supporter",
        {"answer": A.COUNTY, "hospitals_too": True},
    ),
    ("昆医附一院帮扶的医院分布在哪些县", "counties of a supporter", {"hospitals_too": False}),
    # an opening word that is no keyword and no name: not the whole graph's list
    ("滇西有哪些医院接受帮扶", "unresolved name", {"unknown_subject": "滇西"}),
    ("接受帮扶的医院有哪些", None, {"unknown_subject": ""}),
    # two parts: the lead and the others
    (
        "兰坪县人民医院谁是牵头医院，其余的是哪些",
        "lead and the other supporters",
        {"constraints.with_others": True},
    ),
    ("兰坪县人民医院的牵头医院是哪家", "lead_of", {"constraints.with_others": False}),
    # coordinated ellipsis: the second name takes the head of the first
    (
        "昆明医科大学第一附属医院和第二附属医院共帮扶了多少家医院",
        "several subjects together",
        {"subjects": ("昆明医科大学第一附属医院", "昆明医科大学第二附属医院")},
    ),
    (
        "南昌大学第一与第二附属医院对口帮扶哪些医院",
        "several subjects together",
        {"subjects": ("南昌大学第一附属医院", "南昌大学第二附属医院")},
    ),
    # two places: the supporters present in both
    (
        "哪几家医院同时对口支援楚雄州和丽江市",
        "supporters shared by places",
        {"aggregate": G.INTERSECT, "places": ("楚雄彝族自治州", "丽江市")},
    ),
    ("在昆明市和玉溪市都有受援医院的是哪些医院", "supporters shared by places", {"aggregate": G.INTERSECT}),
    # absence: what the hospitals lack is read from the words after the absence word
    ("楚雄州有没有受援医院没人对口支援", "hospitals lacking a partner", {"constraints.absent": "supporter"}),
    ("曲靖市的受援医院哪几家缺少主责医院", "hospitals lacking a partner", {"constraints.absent": "lead"}),
    (
        "昭通市哪些受援医院没被上海的医院帮扶",
        "hospitals lacking a partner",
        {"constraints.absent": "place", "constraints.absent_place": "上海市"},
    ),
    # thresholds: the side counted is read from the support words around the number
    (
        "对口帮扶了二十家以上医院的支援医院有哪些",
        "hospitals by number of partners",
        {"constraints.threshold": Threshold("ge", 20, "supporter")},
    ),
    (
        "有不止两家医院帮扶的受援医院是哪些",
        "hospitals by number of partners",
        {"constraints.threshold": Threshold("gt", 2, "recipient")},
    ),
    (
        "云南哪几家受援医院的帮扶医院只有一家",
        "hospitals by number of partners",
        {"constraints.threshold": Threshold("eq", 1, "recipient")},
    ),
    (
        "至少支援了七家医院的有几家",
        "hospitals by number of partners",
        {"constraints.threshold": Threshold("ge", 7, "supporter"), "aggregate": G.COUNT},
    ),
    ("贵州的措施里有几项是优选项", "measures", {}),
    # a place stated with no node in the graph still limits the answer: nothing, never all
    (
        "北京的医院在四川帮扶了哪些医院",
        "place without records",
        {"stated_places": (("四川", "四川省"),)},
    ),
    # a group of supporters: an institution's hospitals, a place's at a level
    (
        "昆医的附属医院帮扶了哪些医院",
        "a group of supporters",
        {"constraints.supporter_group.institution": "昆明医科大学"},
    ),
    (
        "红河州的州级医院一共帮扶了几家医院",
        "a group of supporters",
        {
            "constraints.supporter_group.level": "prefecture",
            "constraints.supporter_group.counted": "recipient",
        },
    ),
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
    ("token", "number"), [("15", 15), ("十五", 15), ("十", 10), ("二十一", 21), ("三", 3), ("两", 2)]
)
def test_numbers_in_words(token: str, number: int) -> None:
    assert cn_number(token) == number


def test_every_plan_has_a_frame_here() -> None:
    """A new plan comes with rows in this table (and in tests/test_plans.py)."""
    covered = {plan for _, plan, _ in CASES}
    missing = {p.name for p in planner.PLANS} - covered - {"unresolved name"}
    assert not missing, missing


def test_a_place_is_found_under_the_gazetteers_short_forms(service) -> None:
    """科左中旗 and 红河州 are the gazetteer's aliases of 科尔沁左翼中旗 and 红河哈尼族彝族自治州:
    the name index knows them without a list of places typed by hand."""
    for typed, canonical in (("科左中旗", "科尔沁左翼中旗"), ("红河州", "红河哈尼族彝族自治州")):
        mentions = service.understand(f"{typed}的受援医院有多少家").mentions
        assert [(m.surface, m.canonicals) for m in mentions] == [(typed, [canonical])]
