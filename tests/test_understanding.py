"""Question understanding: normalisation, name finding (exact and fuzzy) and intents.

The name index is built here from ~40 real names of the seed corpus (with the aliases the
corpus prints, 省肿瘤医院 scoped to both 云南 and 江西), so these tests need neither the
extractors nor a built graph. The intent cases are Chinese questions in the phrasings
officials use; the accuracy over all of them is printed and must stay >= 95 %.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import VocabError
from core.vocab import VOCAB_ENV
from query.entities import Mention, NameEntry, NameIndex, derived_surfaces, entries_from_node
from query.intents import SLOTS, IntentName, Understanding, classify, understand
from query.normalize import load_keywords, load_variants, normalize_question

ROOT = Path(__file__).resolve().parent.parent

YUNNAN, JIANGXI, SHANGHAI, NEIMENG = "云南省", "江西省", "上海市", "内蒙古自治区"


def _hospital(name: str, province: str, *aliases: str) -> dict[str, object]:
    return {"id": f"hospital:{name}", "type": "Hospital", "name": name, "province": province,
            "aliases": [{"surface": a, "doc": "", "where": ""} for a in aliases]}


def _node(node_type: str, key: str, name: str, *aliases: str, **extra: str) -> dict[str, object]:
    return {"id": f"{node_type.lower()}:{key}", "type": node_type, "name": name,
            "aliases": [{"surface": a, "doc": "", "where": ""} for a in aliases], **extra}


def _document(file: str, number: str, title: str) -> dict[str, object]:
    return _node("Document", file, number, number=number, title=title)


# Real names and the aliases the corpus prints (省肿瘤医院 twice: 云南's plan and 江西's notice).
_NODES: list[dict[str, object]] = [
    _hospital("怒江州人民医院", YUNNAN),
    _hospital("怒江州中医医院", YUNNAN),
    _hospital("昆明医科大学第二附属医院", YUNNAN, "昆医大二附院"),
    _hospital("昆明市儿童医院", YUNNAN),
    _hospital("云南省肿瘤医院", YUNNAN, "省肿瘤医院"),
    _hospital("江西省肿瘤医院", JIANGXI, "省肿瘤医院"),
    _hospital("云南省第一人民医院", YUNNAN, "省第一人民医院"),
    _hospital("云南大学附属医院", YUNNAN, "云大附属医院"),
    _hospital("云南省阜外心血管病医院", YUNNAN, "省阜外医院"),
    _hospital("迪庆州人民医院", YUNNAN),
    _hospital("红河州滇南中心医院", YUNNAN, "个旧市人民医院"),
    _hospital("昆明市延安医院", YUNNAN),
    _hospital("禄劝县人民医院", YUNNAN),
    _hospital("禄劝县中医医院", YUNNAN),
    _hospital("寻甸县人民医院", YUNNAN),
    _hospital("福贡县人民医院", YUNNAN),
    _hospital("上海市肺科医院", SHANGHAI),
    _hospital("上海市第一人民医院", SHANGHAI),
    _hospital("科尔沁左翼中旗人民医院", NEIMENG, "科左中旗人民医院"),
    _hospital("巴彦召卫生院", NEIMENG),
    _hospital("希伯花中心卫生院", NEIMENG),
    _hospital("赣南医学院第一附属医院", JIANGXI),
    _hospital("赣县区人民医院", JIANGXI, "赣县人民医院"),
    _hospital("江西省儿童医院", JIANGXI, "省儿童医院"),
    _hospital("江西省妇幼保健医院", JIANGXI, "省妇幼保健院"),
    _node("Province", YUNNAN, YUNNAN),
    _node("Province", JIANGXI, JIANGXI),
    _node("Province", SHANGHAI, SHANGHAI),
    _node("Province", NEIMENG, NEIMENG),
    _node("Prefecture", "5333", "怒江傈僳族自治州", province=YUNNAN),
    _node("Prefecture", "5301", "昆明市", province=YUNNAN),
    _node("Prefecture", "5334", "迪庆藏族自治州", province=YUNNAN),
    _node("County", "530128", "禄劝彝族苗族自治县", province=YUNNAN),
    _node("County", "530129", "寻甸回族彝族自治县", province=YUNNAN),
    _node("County", "533323", "福贡县", province=YUNNAN),
    _node("County", "150521", "科尔沁左翼中旗", "科左中旗", province=NEIMENG),
    _node("Program", "000#组团式", "“组团式”帮扶“三区三州”"),
    _node("Person", "科尔沁左翼中旗人民医院/何圆圆", "何圆圆"),
    _node("Person", "科尔沁左翼中旗人民医院/朱德雨", "朱德雨"),
    _document("000_5e86d926f4900194.txt", "云卫医发〔2022〕5号",
              "云南省“十四五”时期三级医院对口帮扶县级医院工作方案"),
    _document("004_83573d7611e5798f.txt", "赣卫医字〔2019〕66号",
              "转发关于再次调整部分三级医院帮扶贫困县县级医院对口关系的通知"),
    _document("国卫医函〔2021〕262号", "国卫医函〔2021〕262号",
              "关于印发“十四五”时期三级医院对口帮扶县级医院工作方案的通知"),
    _document("002_f96d2e1adf756957.txt", "左卫健字〔2023〕11号",
              "科左中旗二级医院对口帮扶基层卫生院工作方案"),
]


def _entries() -> list[NameEntry]:
    return [entry for node in _NODES for entry in entries_from_node(node)]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(_entries())


# --- normalisation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 谁 帮扶 怒江州人民医院 ？？", "谁帮扶怒江州人民医院？"),
        ("誰幫扶怒江州人民醫院", "谁帮扶怒江州人民医院"),
        ("谁帮付怒江州人民医完", "谁帮扶怒江州人民医院"),
        ("巴彦召卫生完的需帮扶项目", "巴彦召卫生院的需帮扶项目"),
        ("昆明医科大学第二附屬医院", "昆明医科大学第二附属医院"),
        ("云卫医发[2022]5号", "云卫医发〔2022〕5号"),
        ("云卫医发(2022)5号", "云卫医发〔2022〕5号"),
        ("云卫医发（2022）5号", "云卫医发〔2022〕5号"),
        ("云卫医发【2022】第05号", "云卫医发〔2022〕5号"),
        ("云卫医发2022年5号引用了什么", "云卫医发〔2022〕5号引用了什么"),
        ("云卫医发［２０２２］５号", "云卫医发〔2022〕5号"),
        ("２０２２年有几家？！", "2022年有几家？"),
        ("B 超 和 ICU ward", "B超和ICU ward"),
        ("   ", ""),
        ("", ""),
        ("。。谁帮扶", "谁帮扶"),
        ("“十四五”时期", "十四五时期"),
        ('"十四五"时期', "十四五时期"),
    ],
)
def test_normalize_question(raw: str, expected: str) -> None:
    assert normalize_question(raw) == expected


def test_variants_table_is_clean_and_longest_first() -> None:
    pairs = load_variants()
    assert ("帮付", "帮扶") in pairs and ("卫生完", "卫生院") in pairs
    lengths = [len(w) for w, _ in pairs]
    assert lengths == sorted(lengths, reverse=True)


def test_bad_table_lines_are_reported_with_file_and_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    table = tmp_path / "variants.tsv"
    table.write_text("# comment\nwrong\tright\n帮付x\t帮扶\n\n医完x\t医院\t多一列\n", encoding="utf-8")
    with pytest.raises(VocabError) as err:
        load_variants()
    assert f"{table}:5" in str(err.value) and f"{table}:3" not in str(err.value)
    table.write_text("wrong\tright\n帮付x\t帮扶\n同\t同\n", encoding="utf-8")
    with pytest.raises(VocabError) as err:
        load_variants()
    assert f"{table}:3" in str(err.value) and f"{table}:2" not in str(err.value)
    other = tmp_path / "kw"  # files are read once per folder: a fresh folder for a fresh table
    other.mkdir()
    monkeypatch.setenv(VOCAB_ENV, str(other))
    keywords = other / "intent_keywords.tsv"
    keywords.write_text("group\tkeyword\tvalue\nwho\t谁谁\nnot_a_group\t帮扶\nwho\t谁谁\n", encoding="utf-8")
    with pytest.raises(VocabError) as err:
        load_keywords()
    assert f"{keywords}:3" in str(err.value) and f"{keywords}:4" in str(err.value)
    assert f"{keywords}:2" not in str(err.value)


# --- names --------------------------------------------------------------------------------------
def test_derived_surfaces() -> None:
    assert derived_surfaces("禄劝彝族苗族自治县", "County") == ["禄劝县"]
    assert derived_surfaces("寻甸回族彝族自治县", "County") == ["寻甸县"]
    assert derived_surfaces("怒江傈僳族自治州", "Prefecture") == ["怒江州", "怒江"]
    assert derived_surfaces("昆明市", "Prefecture") == ["昆明"]
    assert derived_surfaces("云南省", "Province") == ["云南"]
    assert derived_surfaces("内蒙古自治区", "Province") == ["内蒙古"]
    assert derived_surfaces("富民县", "County") == []  # 富民 is an ordinary word


def _found(index: NameIndex, question: str) -> list[Mention]:
    return index.find(normalize_question(question))


def test_exact_longest_match_wins(index: NameIndex) -> None:
    mentions = _found(index, "由昆明医科大学第二附属医院牵头，省肿瘤医院参与帮扶怒江州人民医院")
    assert [m.surface for m in mentions] == ["昆明医科大学第二附属医院", "省肿瘤医院", "怒江州人民医院"]
    assert all(m.exact and m.score == 1.0 for m in mentions)
    assert [m.canonicals for m in _found(index, "云南省肿瘤医院")] == [["云南省肿瘤医院"]]


def test_scoped_surface_is_ambiguous_until_a_province_is_named(index: NameIndex) -> None:
    (m,) = _found(index, "省肿瘤医院帮扶了哪些医院")
    assert m.ambiguous and set(m.canonicals) == {"云南省肿瘤医院", "江西省肿瘤医院"}
    mentions = _found(index, "江西的省肿瘤医院帮扶了哪些医院")
    assert mentions[-1].canonicals == ["江西省肿瘤医院"] and not mentions[-1].ambiguous


def test_prefecture_hospital_short_form_is_its_peoples_hospital(index: NameIndex) -> None:
    """怒江州医院 is generated from 怒江州人民医院 only (issue 10: X州医院 prefers the 人民医院)."""
    (m,) = _found(index, "怒江州医院的牵头医院是谁")
    assert m.exact and m.surface == "怒江州医院"
    assert m.canonicals == ["怒江州人民医院"] and m.best is not None and m.best.rule == "place:people"


@pytest.mark.parametrize(
    ("question", "canonical"),
    [("巴彦卫生院的需帮扶项目", "巴彦召卫生院"), ("禄劝彝族自治县有哪些医院", "禄劝彝族苗族自治县")],
)
def test_fuzzy_near_miss(index: NameIndex, question: str, canonical: str) -> None:
    mentions = _found(index, question)
    assert mentions and mentions[0].canonicals == [canonical] and not mentions[0].exact


def test_unknown_name_has_no_candidates_and_suggest_offers_close_names(index: NameIndex) -> None:
    (m,) = _found(index, "谁帮扶火星县人民医院？")
    assert m.surface == "火星县人民医院" and m.candidates == [] and not m.resolved
    assert m.node_type == "Hospital"
    suggestions = index.suggest("火星县人民医院")
    assert 1 <= len(suggestions) <= 5
    assert all(s.canonical.endswith("人民医院") for s in suggestions[:3])
    assert len({s.node_id for s in suggestions}) == len(suggestions)
    u = understand("谁帮扶火星县人民医院？", index)
    assert u.intent.name is IntentName.WHO_SUPPORTS and u.unresolved == [m]


def test_unknown_document_number_is_not_matched_fuzzily(index: NameIndex) -> None:
    (m,) = _found(index, "云卫医发〔2022〕6号引用了哪些文件")
    assert not m.resolved and m.node_type == "Document"
    assert "云卫医发〔2022〕5号" in [s.canonical for s in index.suggest("云卫医发〔2022〕6号")]


def test_short_names_only_on_word_boundaries(index: NameIndex) -> None:
    assert [m.canonicals for m in _found(index, "云南有多少家受援医院")] == [["云南省"]]
    assert _found(index, "这是一个测试问题") == []


# --- intents ------------------------------------------------------------------------------------
W, L, B, IN, CNT = (IntentName.WHO_SUPPORTS, IntentName.LEAD_OF, IntentName.SUPPORTED_BY,
                    IntentName.HOSPITALS_IN_PLACE, IntentName.COUNT)
DP, DT, N, R, D = (IntentName.DISPATCH_PERSON, IntentName.DISPATCHED_TO, IntentName.NEEDS,
                   IntentName.REQUIREMENTS, IntentName.DOCUMENT)
REL, HUB, X, M, INFO, HELP = (IntentName.RELATION, IntentName.NETWORK_HUBS, IntentName.CROSS_PROVINCE,
                              IntentName.MEASURES, IntentName.ENTITY_INFO, IntentName.HELP)

NJ, NJZ = "怒江州人民医院", "怒江州中医医院"
KM2, KMC = "昆明医科大学第二附属医院", "昆明市儿童医院"
YN, JX, SH = "云南省", "江西省", "上海市"
LQ, NJP = "禄劝彝族苗族自治县", "怒江傈僳族自治州"
ZL = "云南省肿瘤医院|江西省肿瘤医院"  # an ambiguous mention: all its candidates, sorted
DOC5, DOC262 = "云卫医发〔2022〕5号", "国卫医函〔2021〕262号"
BYZ, KZZ = "巴彦召卫生院", "科尔沁左翼中旗人民医院"

# (question, intent, canonical names of the mentions in order, expected slots subset or None)
CASES: list[tuple[str, IntentName, tuple[str, ...], dict[str, object] | None]] = [
    # who_supports
    ("谁帮扶怒江州人民医院？", W, (NJ,), {"target": NJ}),
    ("哪些医院支援怒江州人民医院", W, (NJ,), {"target": NJ}),
    ("哪些医院对口帮扶怒江州人民医院？", W, (NJ,), None),
    ("怒江州人民医院的帮扶单位有哪些", W, (NJ,), None),
    ("怒江州人民医院的帮扶医院", W, (NJ,), None),
    ("帮扶怒江州人民医院的医院有哪些？", W, (NJ,), None),
    ("受援医院怒江州人民医院由谁帮扶", W, (NJ,), None),
    ("怒江州人民医院由谁帮扶", W, (NJ,), None),
    ("怒江州人民医院是谁帮扶的", W, (NJ,), None),
    ("怒江州人民医院是哪些医院帮扶的？", W, (NJ,), None),
    ("怒江州人民医院受到哪些医院的帮扶", W, (NJ,), None),
    ("怒江州人民医院接受哪些医院的支援", W, (NJ,), None),
    ("怒江州人民医院得到了哪些医院的帮扶？", W, (NJ,), None),
    ("怒江州人民医院被哪些医院帮扶", W, (NJ,), None),
    ("有哪些医院在帮扶怒江州人民医院", W, (NJ,), None),
    ("对口支援怒江州人民医院的是哪几家医院", W, (NJ,), {"count": False}),
    ("谁是怒江州人民医院的支援单位", W, (NJ,), None),
    ("怒江州人民医院有哪些帮扶医院", W, (NJ,), None),
    ("誰幫扶怒江州人民醫院", W, (NJ,), None),
    ("谁帮付怒江州人民医完", W, (NJ,), None),
    (" 谁 帮扶 怒江州人民医院 ？？", W, (NJ,), None),
    ("谁帮扶怒江州人民医院!!!", W, (NJ,), None),
    ("有几家医院帮扶怒江州人民医院", W, (NJ,), {"count": True}),
    ("帮扶怒江州人民医院的医院有多少家", W, (NJ,), {"count": True}),
    ("禄劝县人民医院的对口帮扶医院是哪家", W, ("禄劝县人民医院",), None),
    ("巴彦召卫生院由哪家医院帮扶", W, (BYZ,), None),
    ("谁帮扶禄劝县", W, (LQ,), {"target": LQ}),
    ("哪些医院帮扶禄劝县？", W, (LQ,), None),
    ("禄劝县由哪些医院帮扶", W, (LQ,), None),
    ("禄劝县的医院由谁帮扶", W, (LQ,), None),
    ("禄劝县的帮扶医院有哪些", W, (LQ,), None),
    ("谁帮扶怒江州医院", W, (NJ,), None),
    ("省肿瘤医院由谁帮扶", W, (ZL,), None),
    ("個舊市人民醫院由誰幫扶", W, ("红河州滇南中心医院",), None),
    ("谁在支援福贡县人民医院", W, ("福贡县人民医院",), None),
    # lead_of
    ("怒江州人民医院的牵头医院是谁", L, (NJ,), {"target": NJ}),
    ("怒江州医院的牵头医院是谁", L, (NJ,), None),
    ("怒江州人民医院由谁牵头", L, (NJ,), None),
    ("谁牵头帮扶怒江州人民医院", L, (NJ,), None),
    ("哪家医院牵头帮扶迪庆州人民医院？", L, ("迪庆州人民医院",), None),
    ("迪庆州人民医院的牵头单位", L, ("迪庆州人民医院",), None),
    ("赣县人民医院的主责医院是哪家", L, ("赣县区人民医院",), None),
    ("谁是怒江州人民医院的牵头医院", L, (NJ,), None),
    ("怒江州人民医院是哪家医院牵头", L, (NJ,), None),
    ("迪庆州人民医院由哪个医院牵头？", L, ("迪庆州人民医院",), None),
    # supported_by
    ("昆明医科大学第二附属医院帮扶了哪些医院？", B, (KM2,), {"supporter": KM2, "lead": False}),
    ("昆明医科大学第二附属医院对口帮扶哪些医院", B, (KM2,), None),
    ("昆明医科大学第二附属医院的受援医院", B, (KM2,), None),
    ("昆明医科大学第二附属医院的受援医院有几家", B, (KM2,), {"count": True}),
    ("昆医大二附院帮扶了哪些医院", B, (KM2,), None),
    ("昆明市儿童医院帮扶的医院有哪些", B, (KMC,), None),
    ("昆明市儿童医院支援了哪几家医院", B, (KMC,), {"count": False}),
    ("昆明市儿童医院的帮扶对象", B, (KMC,), None),
    ("哪些医院受到昆明市儿童医院的帮扶", B, (KMC,), None),
    ("被昆明市儿童医院帮扶的医院有哪些", B, (KMC,), None),
    ("哪些医院是昆明市儿童医院帮扶的", B, (KMC,), None),
    ("昆明市儿童医院都帮扶了谁", B, (KMC,), None),
    ("昆明市儿童医院帮扶了多少家医院", B, (KMC,), {"count": True}),
    ("上海市肺科医院在云南帮扶了哪些医院", B, ("上海市肺科医院", YN), {"place": YN}),
    ("昆明医科大学第二附属医院牵头帮扶哪家医院", B, (KM2,), {"lead": True}),
    ("昆明医科大学第二附属医院是哪家医院的牵头医院", B, (KM2,), {"lead": True}),
    ("江西的省肿瘤医院帮扶了哪些医院", B, (JX, "江西省肿瘤医院"), None),
    ("省肿瘤医院帮扶了哪些医院", B, (ZL,), None),
    ("延安医院帮扶了哪些医院", B, ("昆明市延安医院",), None),
    ("科左中旗人民医院对口帮扶哪些卫生院", B, (KZZ,), None),
    ("赣南医学院第一附属医院帮扶哪些县医院", B, ("赣南医学院第一附属医院",), None),
    ("上海市第一人民医院帮扶了几家医院？", B, ("上海市第一人民医院",), {"count": True}),
    # hospitals_in_place
    ("禄劝县有哪些医院受到帮扶", IN, (LQ,), {"place": LQ, "role": "recipient"}),
    ("云南有多少家受援医院", IN, (YN,), {"place": YN, "role": "recipient", "count": True}),
    ("云南省有哪些受援医院", IN, (YN,), {"role": "recipient"}),
    ("怒江州有哪些医院", IN, (NJP,), {"role": "any"}),
    ("怒江州有几家医院？", IN, (NJP,), {"count": True}),
    ("禄劝彝族苗族自治县的受援医院", IN, (LQ,), {"role": "recipient"}),
    ("上海有哪些医院参与帮扶", IN, (SH,), {"role": "supporter"}),
    ("云南的支援医院有哪些", IN, (YN,), {"role": "supporter"}),
    ("科左中旗有哪些卫生院接受帮扶", IN, ("科尔沁左翼中旗",), {"role": "recipient"}),
    ("江西一共有多少家受援医院", IN, (JX,), {"count": True}),
    ("内蒙古有几家受援医院", IN, ("内蒙古自治区",), {"count": True}),
    ("云南省禄劝县有哪些医院受到帮扶", IN, (YN, LQ), {"place": LQ}),
    # dispatch_person
    ("何圆圆被派到哪里", DP, ("何圆圆",), {"person": "何圆圆", "ask": "to"}),
    ("何圆圆在哪个卫生院驻点", DP, ("何圆圆",), {"ask": "to"}),
    ("何圆圆是哪个医院的", DP, ("何圆圆",), {"ask": "from"}),
    ("朱德雨派驻到哪家医院", DP, ("朱德雨",), None),
    ("何圆圆去哪帮扶了", DP, ("何圆圆",), None),
    ("何圆圆的帮扶时间", DP, ("何圆圆",), {"ask": "period"}),
    # dispatched_to
    ("派到巴彦召卫生院的人员有谁", DT, (BYZ,), {"target": BYZ, "direction": "to"}),
    ("谁被派到巴彦召卫生院", DT, (BYZ,), {"direction": "to"}),
    ("巴彦召卫生院的下派人员", DT, (BYZ,), None),
    ("巴彦召卫生院有几个驻点人员", DT, (BYZ,), {"count": True}),
    ("科尔沁左翼中旗人民医院派了哪些人", DT, (KZZ,), {"direction": "from"}),
    ("科左中旗人民医院一共派出几名专家", DT, (KZZ,), {"direction": "from", "count": True}),
    ("希伯花中心卫生院有哪些帮扶人员", DT, ("希伯花中心卫生院",), None),
    # needs
    ("巴彦召卫生院的需帮扶项目", N, (BYZ,), {"target": BYZ, "aspect": "needs"}),
    ("巴彦召卫生完的需帮扶项目是什么", N, (BYZ,), None),
    ("巴彦召卫生院需要帮扶什么", N, (BYZ,), None),
    ("希伯花中心卫生院的需求是什么", N, ("希伯花中心卫生院",), None),
    ("巴彦召卫生院的帮扶时间", N, (BYZ,), {"aspect": "period"}),
    ("巴彦召卫生院帮扶期限多长", N, (BYZ,), {"aspect": "period"}),
    ("科尔沁左翼中旗人民医院帮扶巴彦召卫生院的时间", N, (KZZ, BYZ),
     {"supporter": KZZ, "target": BYZ, "aspect": "period"}),
    # requirements
    ("驻点帮扶时间要求多久", R, (), {"topic": "驻点时间"}),
    ("驻点帮扶时间要求多久？", R, (), {"topic": "驻点时间"}),
    ("每家医院要派驻多少人", R, (), {"topic": "派驻人数"}),
    ("三级医院每年要培养几名骨干", R, (), {"topic": "培养骨干"}),
    ("派驻人员的职称有什么要求", R, (), {"topic": "职称"}),
    ("驻点人员有哪些待遇", R, (), {"topic": "待遇"}),
    ("驻点人员有补贴吗", R, (), {"topic": "补贴"}),
    ("派驻人员要买保险吗", R, (), {"topic": "保险"}),
    ("帮扶一年的驻点工作时间不少于多少天", R, (), {"topic": "驻点天数"}),
    ("对口帮扶有哪些要求", R, (), {"topic": None}),
    ("云卫医发〔2022〕5号要求派驻多少人", R, (DOC5,), {"topic": "派驻人数", "document": DOC5}),
    ("云南驻点时间要求多久", R, (YN,), {"topic": "驻点时间", "place": YN}),
    ("驻點幫扶時間要求多久", R, (), {"topic": "驻点时间"}),
    # document
    ("云卫医发〔2022〕5号引用了哪些文件", D, (DOC5,), {"ask": "cites", "document": DOC5}),
    ("云卫医发[2022]5号引用了哪些文件", D, (DOC5,), {"ask": "cites"}),
    ("云卫医发(2022)5号引用了什么文件", D, (DOC5,), {"ask": "cites"}),
    ("哪些文件引用了国卫医函〔2021〕262号", D, (DOC262,), {"ask": "cited_by"}),
    ("国卫医函〔2021〕262号被哪些文件引用", D, (DOC262,), {"ask": "cited_by"}),
    ("云卫医发〔2022〕5号是哪个部门印发的", D, (DOC5,), {"ask": "issuer"}),
    ("赣卫医字〔2019〕66号是什么时候发布的", D, ("赣卫医字〔2019〕66号",), {"ask": "date"}),
    ("左卫健字〔2023〕11号的标题是什么", D, ("左卫健字〔2023〕11号",), {"ask": "title"}),
    ("云南省“十四五”时期三级医院对口帮扶县级医院工作方案的文号是什么", D, (DOC5,), {"ask": "number"}),
    ('云南省"十四五"时期三级医院对口帮扶县级医院工作方案是哪年发布的', D, (DOC5,), {"ask": "date"}),
    ("云南省十四五时期三级医院对口帮扶县级医院工作方案是谁发布的", D, (DOC5,), {"ask": "issuer"}),
    ("云南有哪些帮扶文件", D, (YN,), {"place": YN}),
    ("2019年发布了哪些文件", D, (), {"year": 2019, "ask": "list"}),
    # relation
    ("昆明市儿童医院和怒江州人民医院是什么关系", REL, (KMC, NJ), None),
    ("昆明市儿童医院与怒江州人民医院有什么联系", REL, (KMC, NJ), None),
    ("昆明市儿童医院帮扶怒江州人民医院吗", REL, (KMC, NJ), {"check": "supports"}),
    ("昆明医科大学第二附属医院是否帮扶福贡县人民医院", REL, (KM2, "福贡县人民医院"), None),
    ("何圆圆和巴彦召卫生院有什么关系", REL, ("何圆圆", BYZ), None),
    # network_hubs
    ("哪些医院帮扶的医院最多", HUB, (), {"role": "supporter"}),
    ("帮扶医院最多的受援医院是哪家", HUB, (), {"role": "recipient"}),
    ("哪家医院受到的帮扶最多", HUB, (), {"role": "recipient"}),
    ("帮扶关系的枢纽医院有哪些", HUB, (), None),
    ("支援医院排名前5", HUB, (), {"top": 5}),
    ("云南帮扶最多的医院是哪家", HUB, (YN,), {"place": YN}),
    # cross_province
    ("上海的医院在云南帮扶了哪些医院", X, (SH, YN), {"from_place": SH, "to_place": YN}),
    ("上海的医院帮扶了云南哪些医院", X, (SH, YN), {"from_place": SH, "to_place": YN}),
    ("有哪些跨省帮扶", X, (), None),
    ("云南有哪些外省医院帮扶", X, (YN,), {"to_place": YN}),
    ("省外三甲医院帮扶了哪些县", X, (), None),
    # measures
    ("有哪些帮扶措施", M, (), None),
    ("优选项有哪些", M, (), {"category": "优选项"}),
    ("21项帮扶措施中的自选项", M, (), {"category": "自选项"}),
    ("帮扶方式有哪些", M, (), None),
    # entity info, count, help
    ("怒江州人民医院", INFO, (NJ,), None),
    ("介绍一下巴彦召卫生院", INFO, (BYZ,), None),
    ("一共有多少对帮扶关系", CNT, (), {"subject": "pairings"}),
    ("今天天气怎么样", HELP, (), {"reason": "out_of_scope"}),
    ("你好", HELP, (), None),
    ("组团式帮扶三区三州有哪些受援医院", IN, ("“组团式”帮扶“三区三州”",), {"role": "recipient"}),
    ("“组团式”帮扶“三区三州”中谁帮扶怒江州人民医院", W, ("“组团式”帮扶“三区三州”", NJ), {"target": NJ}),
    # More phrasings, written after the rules above as a held-out check (first run: 88/94 right;
    # the misses led to general fixes: 谁 between name and verb, 帮了, 参与对口帮扶, 于都县).
    ("请问怒江州人民医院的支援医院都有哪些？", W, (NJ,), None),
    ("怒江州人民医院是由哪几家医院对口帮扶的", W, (NJ,), None),
    ("哪几家三级医院在帮扶福贡县人民医院", W, ("福贡县人民医院",), None),
    ("福贡县人民医院现在由哪些医院支援", W, ("福贡县人民医院",), None),
    ("給我查一下怒江州人民醫院的幫扶單位", W, (NJ,), None),
    ("怒江州人民医院有几家帮扶医院", W, (NJ,), {"count": True}),
    ("禄劝县人民医院的帮扶医院是谁", W, ("禄劝县人民医院",), None),
    ("寻甸县人民医院接受了哪些医院的对口支援？", W, ("寻甸县人民医院",), None),
    ("寻甸县的医院由哪些三级医院帮扶", W, ("寻甸回族彝族自治县",), None),
    ("哪个医院负责牵头帮扶怒江州人民医院", L, (NJ,), None),
    ("怒江州人民医院的牵头帮扶单位是哪个", L, (NJ,), None),
    ("省第一人民医院牵头帮扶的是哪家医院", B, ("云南省第一人民医院",), {"lead": True}),
    ("昆明医科大学第二附属医院目前对口帮扶了多少家医院", B, (KM2,), {"count": True}),
    ("昆明医科大学第二附属医院都支援哪些县的医院", B, (KM2,), None),
    ("云大附属医院帮扶哪些医院", B, ("云南大学附属医院",), None),
    ("上海市肺科医院的帮扶对象有哪些", B, ("上海市肺科医院",), None),
    ("昆明市延安医院对口支援了哪些县级医院", B, ("昆明市延安医院",), None),
    ("怒江州一共有几家受援医院", IN, (NJP,), {"count": True, "role": "recipient"}),
    ("科左中旗有多少家卫生院", IN, ("科尔沁左翼中旗",), {"count": True}),
    ("禄劝县境内有哪些受援医院", IN, (LQ,), {"role": "recipient"}),
    ("迪庆州有哪些医院受到帮扶", IN, ("迪庆藏族自治州",), {"role": "recipient"}),
    ("朱德雨去了哪个卫生院", DP, ("朱德雨",), None),
    ("何圆圆驻点在哪", DP, ("何圆圆",), None),
    ("何圆圆来自哪个医院", DP, ("何圆圆",), {"ask": "from"}),
    ("巴彦召卫生院派驻了哪些人员", DT, (BYZ,), None),
    ("到希伯花中心卫生院驻点的医生有哪些", DT, ("希伯花中心卫生院",), None),
    ("科尔沁左翼中旗人民医院下派了多少人", DT, (KZZ,), {"count": True, "direction": "from"}),
    ("希伯花中心卫生院需要哪些帮扶", N, ("希伯花中心卫生院",), None),
    ("巴彦召卫生院帮扶多长时间", N, (BYZ,), {"aspect": "period"}),
    ("派驻人员至少要驻点几个月", R, (), {"topic": "驻点时间"}),
    ("一个医疗队要派几名医生", R, (), None),
    ("中医医院要派驻几名人员", R, (), {"topic": "派驻人数"}),
    ("派驻人员不在岗有什么处理", R, (), {"topic": "考勤"}),
    ("每年要为受援医院培养多少骨干", R, (), {"topic": "培养骨干"}),
    ("国卫医函(2021)262号是哪个部门发的", D, (DOC262,), {"ask": "issuer"}),
    ("赣卫医字〔2019〕66号引用了哪些文件", D, ("赣卫医字〔2019〕66号",), {"ask": "cites"}),
    ("左卫健字2023年11号是什么时候印发的", D, ("左卫健字〔2023〕11号",), {"ask": "date"}),
    ("云南省肿瘤医院和怒江州人民医院有关系吗", REL, ("云南省肿瘤医院", NJ), None),
    ("昆明市儿童医院是不是怒江州人民医院的帮扶医院", REL, (KMC, NJ), None),
    ("哪家医院派出的人员最多", HUB, (), {"metric": "staff"}),
    ("帮扶医院数量排名前十的受援医院", HUB, (), {"top": 10, "role": "recipient"}),
    ("上海有哪些医院跨省帮扶云南", X, (SH, YN), {"from_place": SH, "to_place": YN}),
    ("云南受到上海哪些医院的帮扶", X, (YN, SH), {"from_place": SH, "to_place": YN}),
    ("优选项包括哪些措施", M, (), {"category": "优选项"}),
    ("自选项有几项", M, (), {"category": "自选项"}),
    ("禄劝县", INFO, (LQ,), None),
    ("帮扶关系总数是多少", CNT, (), None),
    ("写一首诗", HELP, (), None),
    ("怒江州人民医院的对口支援医院", W, (NJ,), None),
    ("怒江州人民医院归谁帮扶", W, (NJ,), None),
    ("支援怒江州人民医院的三级医院有哪些", W, (NJ,), None),
    ("怒江州人民医院，谁在帮扶？", W, (NJ,), None),
    ("請問誰支援怒江州人民醫院？", W, (NJ,), None),
    ("谁帮扶怒江州人民医院啊", W, (NJ,), None),
    ("谁邦扶怒江州人民医院", W, (NJ,), None),
    ("巴彦召卫生院是哪个二级医院帮扶的", W, (BYZ,), None),
    ("哪些医院结对帮扶寻甸县人民医院", W, ("寻甸县人民医院",), None),
    ("昆明医科大学第二附属医院负责帮扶哪些医院", B, (KM2,), None),
    ("昆明医科大学第二附属医院帮扶过哪些医院", B, (KM2,), None),
    ("昆明医科大学第二附属医院对哪些医院进行了帮扶", B, (KM2,), None),
    ("昆明医科大学第二附属医院支援的医院名单", B, (KM2,), None),
    ("昆明市儿童医院帮了哪些医院", B, (KMC,), None),
    ("科左中旗人民医院帮扶的卫生院有几家", B, (KZZ,), {"count": True}),
    ("上海市第一人民医院在云南的受援医院", B, ("上海市第一人民医院", YN), None),
    ("怒江州医院由谁牵头帮扶", L, (NJ,), None),
    ("于都县人民医院的主责单位", L, ("?",), None),
    ("昆明市有哪些受援医院", IN, ("昆明市",), {"role": "recipient"}),
    ("昆明有几家医院参与对口帮扶", IN, ("昆明市",), {"role": "supporter", "count": True}),
    ("云南省的受援医院数量", IN, (YN,), {"count": True}),
    ("何圆圆被派往哪个卫生院", DP, ("何圆圆",), None),
    ("何圆圆在哪里工作", DP, ("何圆圆",), None),
    ("巴彦召卫生院的驻点人员是谁", DT, (BYZ,), None),
    ("哪些人被派到了希伯花中心卫生院", DT, ("希伯花中心卫生院",), None),
    ("巴彦召卫生院需要帮扶的项目", N, (BYZ,), None),
    ("巴彦召卫生院的帮扶周期", N, (BYZ,), None),
    ("驻点时间不少于多少个月", R, (), {"topic": "驻点时间"}),
    ("驻点多久", R, (), {"topic": "驻点时间"}),
    ("派驻人员享受什么补助", R, (), {"topic": "补贴"}),
    ("对派驻人员职称晋升有什么优惠", R, (), {"topic": "职称"}),
    ("帮扶期限是几年", R, (), {"topic": "帮扶期限"}),
    ("云卫医发〔2022〕5号的发文机关", D, (DOC5,), {"ask": "issuer"}),
    ("国卫医函〔2021〕262号被引用了几次", D, (DOC262,), {"ask": "cited_by"}),
    ("云卫医发〔2022〕5号", D, (DOC5,), None),
    ("江西的帮扶文件是哪年印发的", D, (JX,), {"ask": "date"}),
    ("怒江州人民医院和怒江州中医医院是什么关系", REL, (NJ, NJZ), None),
    ("哪个县的受援医院最多", HUB, (), {"role": "recipient"}),
    ("帮扶最多的三级医院", HUB, (), {"role": "supporter"}),
    ("有哪些东西部协作的帮扶关系", X, (), None),
    ("江西省的医院在云南有帮扶吗", X, (JX, YN), {"from_place": JX, "to_place": YN}),
    ("帮扶措施的优选项有几项", M, (), {"category": "优选项"}),
    ("怎么帮扶", M, (), None),
    ("怒江州人民医院的情况", INFO, (NJ,), None),
    ("？", HELP, (), None),
    ("帮扶", HELP, (), None),
    ("怒江州的医院有哪些受到帮扶", IN, (NJP,), {"role": "recipient"}),
    ("昆明市第一人民医院帮扶了哪些医院", B, ("?",), None),
    ("《科左中旗二级医院对口帮扶卫生院工作方案》是谁发的", D, ("左卫健字〔2023〕11号",),
     {"ask": "issuer"}),
]


def _mention_names(u: Understanding) -> tuple[str, ...]:
    return tuple("|".join(sorted(m.canonicals)) if m.ambiguous else (m.canonicals[0] if m.canonicals else "?")
                 for m in u.mentions)


def _slot_matches(actual: object, expected: object) -> bool:
    if isinstance(actual, Mention):
        return expected in actual.canonicals[:1]
    return actual == expected


def _check(
    u: Understanding, intent: IntentName, names: tuple[str, ...], slots: dict[str, object] | None
) -> str:
    """"" when the understanding is right, else what went wrong."""
    problems = []
    if u.intent.name is not intent:
        problems.append(f"intent {u.intent.name.value} ({u.intent.rule}) != {intent.value}")
    if _mention_names(u) != names:
        problems.append(f"names {_mention_names(u)} != {names}")
    for key, want in (slots or {}).items():
        if not _slot_matches(u.intent.slots.get(key), want):
            problems.append(f"slot {key}={u.intent.slots.get(key)!r} != {want!r}")
    return "; ".join(problems)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 120
    assert {c[1] for c in CASES} >= set(IntentName)


@pytest.mark.parametrize(("question", "intent", "names", "slots"), CASES, ids=[c[0] for c in CASES])
def test_intent(index: NameIndex, question: str, intent: IntentName, names: tuple[str, ...],
                slots: dict[str, object] | None) -> None:
    u = understand(question, index)
    _assert_well_formed(u)
    problem = _check(u, intent, names, slots)
    assert not problem, problem


def _assert_well_formed(u: Understanding) -> None:
    """Offsets index the normalised text, mentions do not overlap, slots follow SLOTS."""
    ends = -1
    for m in u.mentions:
        assert u.normalized[m.start:m.end] == m.surface and m.start >= ends
        ends = m.end
    name = u.intent.name
    keys = set(SLOTS[name])
    keys |= {"count"} if name not in (IntentName.HELP, IntentName.REQUIREMENTS) else set()
    keys |= {"program"} if name is not IntentName.HELP else set()
    assert set(u.intent.slots) == keys


def test_accuracy_over_all_cases(index: NameIndex) -> None:
    failures = []
    for question, intent, names, slots in CASES:
        problem = _check(understand(question, index), intent, names, slots)
        if problem:
            failures.append(f"  {question}: {problem}")
    accuracy = 1 - len(failures) / len(CASES)
    print(f"\nunderstanding accuracy: {len(CASES) - len(failures)}/{len(CASES)} = {accuracy:.1%}")
    for line in failures:
        print(line)
    assert accuracy >= 0.95, "failures:\n" + "\n".join(failures)


# --- edges --------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", ["", "   ", "\t\n", "？？", None])
def test_empty_question_is_help_with_flag(index: NameIndex, question: str | None) -> None:
    u = understand(question, index)  # type: ignore[arg-type]
    assert u.empty and u.intent.name is IntentName.HELP and u.intent.slots["empty"] is True
    assert u.intent.slots["examples"]


def test_classify_without_index_and_tokens(index: NameIndex) -> None:
    assert classify("", []).name is IntentName.HELP
    assert classify("驻点帮扶时间要求多久", []).name is IntentName.REQUIREMENTS
    u = understand("怒江州人民医院院长是谁", index)
    assert "怒江州人民医院" in u.tokens  # jieba keeps the indexed name whole


def test_no_global_state_at_import() -> None:
    code = ("import sys, query.intents, query.entities, query.normalize; "
            "assert 'jieba' not in sys.modules, 'jieba imported'; "
            "assert query.normalize.load_keywords.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_never_raises_on_noise(index: NameIndex) -> None:
    rng = random.Random(7)
    alphabet = ("谁帮扶了哪些医院县州市省的是吗？！ 〔〕()[]《》123abc"
                "怒江州人民卫生院牵头派驻何圆圆被引用最多跨省")
    for _ in range(300):
        question = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        _assert_well_formed(understand(question, index))
