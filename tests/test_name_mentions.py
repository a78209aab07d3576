"""Tier (a): names as people write them → mentions (surface, type, node or unresolved).

The index is built from real names of the seed corpus through the same path as the product
(:func:`entries_from_node`, which adds the short forms of :mod:`query.short_forms`), so no
graph is needed. Each row says exactly which mention the question must yield: its surface in
the normalised question, the node type, and the one node it resolves to — or ``None`` when
the name is unknown (the answer is then 未找到, see tests/test_unknown_names.py).
"""

from __future__ import annotations

import pytest

from core.errors import VocabError
from query.entities import Mention, NameEntry, NameIndex, entries_from_node
from query.normalize import normalize_question
from query.short_forms import KIND_RULE, hospital_short_forms, is_typo, load_rules

H = "Hospital"
_HOSPITALS = {
    "昆明医科大学第二附属医院": "云南省",
    "昆明医科大学第一附属医院": "云南省",
    "云南大学附属医院": "云南省",
    "上海交通大学附属瑞金医院": "上海市",
    "上海交通大学医学院附属第九人民医院": "上海市",
    "上海市第十人民医院": "上海市",
    "上海市第一人民医院": "上海市",
    "中山大学附属第六医院": "广东省",
    "南昌大学第一附属医院": "江西省",
    "赣南医学院第一附属医院": "江西省",
    "江西中医药大学第二附属医院": "江西省",
    "北京大学人民医院": "北京市",
    "首都医科大学附属北京朝阳医院": "北京市",
    "江西省肿瘤医院": "江西省",
    "云南省肿瘤医院": "云南省",
    "红河州滇南中心医院": "云南省",
    "云南省第一人民医院": "云南省",
    "云南省第三人民医院": "云南省",
    "昆明市第三人民医院": "云南省",
    "昆明市儿童医院": "云南省",
    "上海市儿童医院": "上海市",
    "科尔沁左翼中旗人民医院": "内蒙古自治区",
    "怒江州人民医院": "云南省",
    "怒江州中医医院": "云南省",
    "迪庆州人民医院": "云南省",
    "永平县人民医院": "云南省",
    "巴彦召卫生院": "内蒙古自治区",
    "江西省妇幼保健医院": "江西省",
    "江西省人民医院": "江西省",
}


def _entries(hospitals: dict[str, str]) -> list[NameEntry]:
    return [
        entry
        for name, province in hospitals.items()
        for entry in entries_from_node(
            {"id": f"hospital:{name}", "type": H, "name": name, "province": province}
        )
    ]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    provinces = [
        entry
        for name in sorted(set(_HOSPITALS.values()))
        for entry in entries_from_node({"id": f"province:{name}", "type": "Province", "name": name})
    ]
    return NameIndex(_entries(_HOSPITALS) + provinces)


def _hospital_mentions(index: NameIndex, question: str) -> list[Mention]:
    return [m for m in index.find(normalize_question(question)) if H in (m.node_type, *m.types)]


GENERATED = [
    ("昆医附二院帮扶了哪些医院", "昆医附二院", "昆明医科大学第二附属医院", "affiliated:ordinal"),
    ("昆医二附院对口支援的是哪几家", "昆医二附院", "昆明医科大学第二附属医院", "affiliated:ordinal"),
    ("昆明医大附二院都帮了谁", "昆明医大附二院", "昆明医科大学第二附属医院", "affiliated:ordinal"),
    ("昆医一附院一共帮扶几家医院", "昆医一附院", "昆明医科大学第一附属医院", "affiliated:ordinal"),
    ("云大附院帮扶了哪些医院", "云大附院", "云南大学附属医院", "affiliated:plain"),
    ("上海瑞金医院对口帮扶的是哪家医院", "上海瑞金医院", "上海交通大学附属瑞金医院", "place:prefix"),
    ("瑞金医院在云南帮扶谁", "瑞金医院", "上海交通大学附属瑞金医院", "place:dropped"),
    ("上海九院对口帮扶的是哪个县", "上海九院", "上海交通大学医学院附属第九人民医院", "place:numbered"),
    ("上海十院帮扶的是哪家", "上海十院", "上海市第十人民医院", "place:numbered"),
    ("中大附六院对口了哪个县", "中大附六院", "中山大学附属第六医院", "affiliated:ordinal"),
    ("中山六院帮扶的是哪家医院", "中山六院", "中山大学附属第六医院", "affiliated:numbered"),
    ("南大一附院帮扶了哪些县医院", "南大一附院", "南昌大学第一附属医院", "affiliated:ordinal"),
    ("赣医一附院作为主责医院负责哪几家", "赣医一附院", "赣南医学院第一附属医院", "affiliated:ordinal"),
    ("江中附二院帮扶的是哪家", "江中附二院", "江西中医药大学第二附属医院", "affiliated:ordinal"),
    ("北大人民医院对口帮扶江西哪家医院", "北大人民医院", "北京大学人民医院", "affiliated:institution"),
    ("北京朝阳医院帮扶了哪家医院", "北京朝阳医院", "首都医科大学附属北京朝阳医院", "affiliated:named"),
    ("江西省肿瘤帮扶了哪些医院", "江西省肿瘤", "江西省肿瘤医院", "place:specialty"),
    ("滇南中心医院帮扶了哪些医院", "滇南中心医院", "红河州滇南中心医院", "place:dropped"),
    ("云南省一院帮扶了几家医院", "云南省一院", "云南省第一人民医院", "place:numbered"),
    ("昆明三院帮扶了谁", "昆明三院", "昆明市第三人民医院", "place:numbered"),
    ("昆明儿童医院对口帮扶哪些医院", "昆明儿童医院", "昆明市儿童医院", "place:prefix"),
    ("科左中旗人民医院一共帮扶了多少家", "科左中旗人民医院", "科尔沁左翼中旗人民医院", "place:prefix"),
    ("谁帮扶怒江州医院", "怒江州医院", "怒江州人民医院", "place:people"),
    ("怒江州中医院的帮扶医院", "怒江州中医院", "怒江州中医医院", "place:variant"),
    ("江西省妇幼保健院帮扶了哪些医院", "江西省妇幼保健院", "江西省妇幼保健医院", "place:variant"),
]


@pytest.mark.parametrize(("question", "surface", "canonical", "rule"), GENERATED)
def test_generated_short_form_resolves_to_one_node(
    index: NameIndex, question: str, surface: str, canonical: str, rule: str
) -> None:
    (m,) = _hospital_mentions(index, question)
    assert (m.surface, m.exact, m.canonicals) == (surface, True, [canonical])
    assert m.best is not None and m.best.rule == rule


TYPOS_AND_SCRIPTS = [
    ("迪庆洲人民医院帮扶了谁", "迪庆洲人民医院", "迪庆州人民医院", False),  # one character wrong
    ("昆明医料大学第二附属医院帮扶了谁", "昆明医料大学第二附属医院", "昆明医科大学第二附属医院", False),
    ("巴彦卫生院的需帮扶项目", "巴彦卫生院", "巴彦召卫生院", False),  # one character missing
    ("昆醫附二院幫扶了哪些醫院", "昆医附二院", "昆明医科大学第二附属医院", True),  # traditional
    ("請問雲南省腫瘤醫院幫扶了誰", "云南省肿瘤医院", "云南省肿瘤医院", True),
    ("上海瑞金醫院對口幫扶的是哪家", "上海瑞金医院", "上海交通大学附属瑞金医院", True),
]


@pytest.mark.parametrize(("question", "surface", "canonical", "exact"), TYPOS_AND_SCRIPTS)
def test_typos_and_traditional_characters(
    index: NameIndex, question: str, surface: str, canonical: str, exact: bool
) -> None:
    (m,) = _hospital_mentions(index, question)
    assert (m.surface, m.canonicals, m.exact) == (surface, [canonical], exact)


UNKNOWN = [
    ("北京协和医院帮扶了哪些医院", "北京协和医院"),  # 和 inside the name does not cut it
    ("云南省第四人民医院帮扶了哪些医院", "云南省第四人民医院"),  # 第四 is not a slip of 第一/第三
    ("南昌大学第三附属医院对口帮扶哪些医院", "南昌大学第三附属医院"),
    ("赣南医学院三附院帮扶了哪些医院", "赣南医学院三附院"),  # not 赣州 (the place inside it)
    ("上海瑞金医院北院帮扶了哪些医院", "上海瑞金医院北院"),  # a campus the graph lacks
    ("上海市第十一人民医院帮扶了谁", "上海市第十一人民医院"),  # not 第十
    ("科尔沁右翼中旗人民医院帮扶了谁", "科尔沁右翼中旗人民医院"),  # another banner, not 左翼
    ("永宁县人民医院帮扶了谁", "永宁县人民医院"),  # another county, not 永平县
    ("谁帮扶都匀市中医医院", "都匀市中医医院"),
    ("谁帮扶景县中医医院", "景县中医医院"),
]


@pytest.mark.parametrize(("question", "surface"), UNKNOWN)
def test_unknown_institution_is_an_unresolved_mention(index: NameIndex, question: str, surface: str) -> None:
    (m,) = _hospital_mentions(index, question)
    assert (m.surface, m.resolved, m.node_type) == (surface, False, H)


@pytest.mark.parametrize(
    "question", ["受帮扶最多的医院是哪家", "帮扶数量排前两名的医院", "江西帮扶县医院最多的前两家医院"]
)
def test_generic_hospital_phrases_are_not_names(index: NameIndex, question: str) -> None:
    assert _hospital_mentions(index, question) == []


@pytest.mark.parametrize(
    ("question", "surface", "canonicals"),
    [
        ("谁帮扶第一人民医院", "第一人民医院", {"上海市第一人民医院", "云南省第一人民医院"}),
        ("儿童医院帮扶了谁", "儿童医院", {"昆明市儿童医院", "上海市儿童医院"}),
    ],
)
def test_a_kind_typed_alone_asks_which_hospital(
    index: NameIndex, question: str, surface: str, canonicals: set[str]
) -> None:
    (m,) = _hospital_mentions(index, question)
    assert (m.surface, m.exact, m.ambiguous, set(m.canonicals)) == (surface, False, True, canonicals)


@pytest.mark.parametrize("question", ["北京儿童医院帮扶了谁", "谁帮扶北京第一人民医院"])
def test_a_kind_inside_an_unknown_name_is_not_offered(index: NameIndex, question: str) -> None:
    (m,) = _hospital_mentions(index, question)
    assert not m.resolved and m.surface == question.replace("帮扶了谁", "").replace("谁帮扶", "")


@pytest.mark.parametrize(
    ("question", "canonicals"),
    [
        ("云南的省一院帮扶了几家医院", ["云南省第一人民医院"]),
        ("江西的省医院帮扶了谁", ["江西省人民医院"]),
        # no province named: the 省一院 of whichever province has one (the third question set's
        # 省一院去了哪些县); when several provinces have the form, every one, to ask which
        ("省一院帮扶了谁", ["云南省第一人民医院"]),
        ("省肿瘤医院帮扶了谁", ["云南省肿瘤医院", "江西省肿瘤医院"]),
        ("外省医院帮扶江西的情况", []),  # 外省 is a word: not 江西's 省医院
    ],
)
def test_generated_province_forms_take_the_province_named(
    index: NameIndex, question: str, canonicals: list[str]
) -> None:
    assert sorted(c for m in _hospital_mentions(index, question) for c in m.canonicals) == sorted(canonicals)


def test_a_form_two_hospitals_generate_is_ambiguous() -> None:
    pair = {"上海市第一人民医院": "上海市", "上海交通大学医学院附属第一人民医院": "上海市"}
    (m,) = NameIndex(_entries(pair)).find(normalize_question("上海一院帮扶了谁"))
    assert m.ambiguous and set(m.canonicals) == set(pair)


def test_a_printed_name_beats_a_generated_form_of_another_node() -> None:
    entries = _entries({"上海交通大学附属瑞金医院": "上海市"})
    entries.append(NameEntry("瑞金医院", "hospital:瑞金医院", H, "瑞金医院"))
    (m,) = NameIndex(entries).find(normalize_question("瑞金医院帮扶了谁"))
    assert m.canonicals == ["瑞金医院"] and not m.ambiguous


def test_kind_words_alone_are_kept_apart_from_the_short_forms() -> None:
    """儿童医院 / 第十人民医院 are kinds: kept with their own rule, never matched in a question."""
    forms = {f.surface: f.rule for f in hospital_short_forms("昆明市儿童医院", "云南省")}
    assert forms["儿童医院"] == KIND_RULE and forms["昆明儿童医院"] == "place:prefix"
    forms = {f.surface: f.rule for f in hospital_short_forms("上海市第十人民医院", "上海市")}
    assert (
        forms["第十人民医院"] == KIND_RULE and "十院" not in forms and forms["上海十院"] == "place:numbered"
    )


def test_a_province_alias_gives_the_full_name_of_its_province() -> None:
    forms = {f.surface: f.rule for f in hospital_short_forms("省妇幼保健院", "江西省")}
    assert forms["江西省妇幼保健院"] == "place:province_alias" and forms["江西妇幼保健院"] == "place:prefix"


def test_province_forms_are_scoped_to_the_province() -> None:
    forms = {f.surface: f.scope for f in hospital_short_forms("云南省第一人民医院", "云南省")}
    assert forms["省一院"] == "云南省" and forms["云南一院"] == ""


@pytest.mark.parametrize(
    ("typed", "surface", "expected"),
    [
        ("迪庆洲人民医院", "迪庆州人民医院", True),
        ("巴彦卫生院", "巴彦召卫生院", True),
        ("云南省第四人民医院", "云南省第一人民医院", False),  # contrast character
        ("科尔沁右翼中旗人民医院", "科尔沁左翼中旗人民医院", False),
        ("永宁县人民医院", "永平县人民医院", False),  # two distinctive characters only
        ("怒江州人民医院", "怒江州人民医院", False),  # identical is not a typo
        ("怒江人民医", "怒江州人民医院", False),  # two characters away
        ("儿童医院", "省儿童医院", False),  # a place character dropped is not a slip
    ],
)
def test_is_typo(typed: str, surface: str, expected: bool) -> None:
    assert is_typo(typed, surface, load_rules()) is expected


def test_an_unknown_rule_group_is_reported_with_file_and_line(tmp_path, monkeypatch) -> None:
    (tmp_path / "short_forms.tsv").write_text("group\tkey\tvalue\nshorten\t医院\t院\n", encoding="utf-8")
    monkeypatch.setenv("BANGFU_VOCAB_DIR", str(tmp_path))
    with pytest.raises(VocabError, match=r"short_forms\.tsv:2: 未知的组 'shorten'"):
        load_rules()
