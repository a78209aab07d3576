"""The places layer: gazetteer generation rules, resolve/locate/is_county, institutions file.

Expected answers are facts about China's divisions written out by hand, not read back from
the gazetteer, so a wrong rule or a stale data file fails here.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from extract.places import (
    Gazetteer,
    GazetteerError,
    Place,
    get_gazetteer,
    parse_institutions,
    province_of_region,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    text = resources.files("core.vocab").joinpath("gazetteer.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_gazetteer", ROOT / "scripts" / "gen_gazetteer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(place: Place | None) -> tuple | None:
    if place is None:
        return None
    return (place.level, place.name, place.province, place.prefecture)


# -- locate: the place a hospital's name starts with ---------------------------------------

LOCATE = [
    # name, province_hint, (level, official name, province, prefecture), printed
    ("禄劝县人民医院", None, ("county", "禄劝彝族苗族自治县", "云南省", "昆明市"), "禄劝县"),
    ("寻甸县中医医院", None, ("county", "寻甸回族彝族自治县", "云南省", "昆明市"), "寻甸县"),
    ("沧源县中医佉医医院", None, ("county", "沧源佤族自治县", "云南省", "临沧市"), "沧源县"),
    ("曲靖市宣威市中医医院", None, ("county", "宣威市", "云南省", "曲靖市"), "宣威市"),
    ("宣威市第一人民医院", None, ("county", "宣威市", "云南省", "曲靖市"), "宣威市"),
    ("昆明市延安医院", None, ("prefecture", "昆明市", "云南省", "昆明市"), "昆明市"),
    ("云南省肿瘤医院", None, ("province", "云南省", "云南省", None), "云南省"),
    ("上海市浦东新区周浦医院", None, ("county", "浦东新区", "上海市", None), "浦东新区"),
    ("上海市肺科医院", None, ("province", "上海市", "上海市", None), "上海市"),
    ("长宁区天山中医医院", "上海市", ("county", "长宁区", "上海市", None), "长宁区"),
    ("长宁区天山中医医院", None, ("county", "长宁区", "上海市", None), "长宁区"),  # only one 长宁区
    ("迪庆州藏医院", None, ("prefecture", "迪庆藏族自治州", "云南省", "迪庆藏族自治州"), "迪庆州"),
    ("红河州滇南中心医院", None, ("prefecture", "红河哈尼族彝族自治州", "云南省", "红河哈尼族彝族自治州"),
     "红河州"),
    ("红河县人民医院", None, ("county", "红河县", "云南省", "红河哈尼族彝族自治州"), "红河县"),
    ("赣县人民医院", None, ("county", "赣县区", "江西省", "赣州市"), "赣县"),
    ("赣县区人民医院", None, ("county", "赣县区", "江西省", "赣州市"), "赣县区"),
    ("上饶县人民医院", None, ("county", "广信区", "江西省", "上饶市"), "上饶县"),
    ("上饶市人民医院", None, ("prefecture", "上饶市", "江西省", "上饶市"), "上饶市"),
    ("南康区第一人民医院", None, ("county", "南康区", "江西省", "赣州市"), "南康区"),
    ("科尔沁左翼中旗人民医院", None, ("county", "科尔沁左翼中旗", "内蒙古自治区", "通辽市"),
     "科尔沁左翼中旗"),
    ("科左中旗蒙医院", None, ("county", "科尔沁左翼中旗", "内蒙古自治区", "通辽市"), "科左中旗"),
    ("芒市人民医院", None, ("county", "芒市", "云南省", "德宏傣族景颇族自治州"), "芒市"),
    ("泸水市人民医院", None, ("county", "泸水市", "云南省", "怒江傈僳族自治州"), "泸水市"),
    ("香格里拉市人民医院", None, ("county", "香格里拉市", "云南省", "迪庆藏族自治州"), "香格里拉市"),
    ("云县中医医院", None, ("county", "云县", "云南省", "临沧市"), "云县"),
    ("楚雄州人民医院", None, ("prefecture", "楚雄彝族自治州", "云南省", "楚雄彝族自治州"), "楚雄州"),
    ("楚雄市人民医院", None, ("county", "楚雄市", "云南省", "楚雄彝族自治州"), "楚雄市"),
    ("大理州中医医院", None, ("prefecture", "大理白族自治州", "云南省", "大理白族自治州"), "大理州"),
    ("文山州人民医院", None, ("prefecture", "文山壮族苗族自治州", "云南省", "文山壮族苗族自治州"), "文山州"),
    ("德宏州中医医院", None, ("prefecture", "德宏傣族景颇族自治州", "云南省", "德宏傣族景颇族自治州"),
     "德宏州"),
    ("怒江州人民医院", None, ("prefecture", "怒江傈僳族自治州", "云南省", "怒江傈僳族自治州"), "怒江州"),
    ("上海市静安区闸北中心医院", None, ("county", "静安区", "上海市", None), "静安区"),
    ("江西省人民医院", None, ("province", "江西省", "江西省", None), "江西省"),
    ("上海电力医院", None, ("province", "上海市", "上海市", None), "上海"),
    # institutions file
    ("复旦大学附属华山医院", None, ("province", "上海市", "上海市", None), "复旦大学"),
    ("上海交通大学医学院附属仁济医院", None, ("province", "上海市", "上海市", None), "上海交通大学"),
    ("首都医科大学附属北京朝阳医院", None, ("province", "北京市", "北京市", None), "首都医科大学"),
    ("中山大学附属第六医院", None, ("prefecture", "广州市", "广东省", "广州市"), "中山大学"),
    ("南昌大学第一附属医院", None, ("prefecture", "南昌市", "江西省", "南昌市"), "南昌大学"),
    ("大理大学第一附属医院", None, ("prefecture", "大理白族自治州", "云南省", "大理白族自治州"), "大理大学"),
    ("昆明医科大学第二附属医院", None, ("prefecture", "昆明市", "云南省", "昆明市"), "昆明医科大学"),
    # 华东医院 is listed in institutions.tsv as a 上海 hospital (see the report on this choice)
    ("华东医院", None, ("province", "上海市", "上海市", None), "华东医院"),
]


@pytest.mark.parametrize(("name", "hint", "expected", "printed"), LOCATE)
def test_locate(gaz: Gazetteer, name: str, hint: str | None, expected: tuple, printed: str) -> None:
    place = gaz.locate(name, province_hint=hint)
    assert _key(place) == expected
    assert place is not None and place.printed == printed


@pytest.mark.parametrize(
    "name",
    [
        "协和医院",  # no place at its start
        "巴彦召卫生院",  # a township clinic: no county-level name
        "保康镇社区卫生服务中心",  # 保康 is only a stem of 保康县 (湖北): stems are never used
        "瑞金医院",  # 瑞金 is a stem of 瑞金市; the hospital is in 上海
        "新华区人民医院",  # 新华区: two in 河北, one in 河南
        "省肿瘤医院",  # which province is the caller's business
        "",
    ],
)
def test_locate_none(gaz: Gazetteer, name: str) -> None:
    assert gaz.locate(name) is None


# -- resolve: a whole printed name ---------------------------------------------------------

RESOLVE = [
    ("禄劝县", ("county", "禄劝彝族苗族自治县", "云南省", "昆明市")),
    ("禄劝彝族苗族自治县", ("county", "禄劝彝族苗族自治县", "云南省", "昆明市")),
    # jionlp reads 红河州 as the county 红河县
    ("红河州", ("prefecture", "红河哈尼族彝族自治州", "云南省", "红河哈尼族彝族自治州")),
    ("红河县", ("county", "红河县", "云南省", "红河哈尼族彝族自治州")),
    ("迪庆州", ("prefecture", "迪庆藏族自治州", "云南省", "迪庆藏族自治州")),
    ("科左中旗", ("county", "科尔沁左翼中旗", "内蒙古自治区", "通辽市")),
    ("上饶县", ("county", "广信区", "江西省", "上饶市")),
    ("赣县", ("county", "赣县区", "江西省", "赣州市")),
    ("襄樊市", ("prefecture", "襄阳市", "湖北省", "襄阳市")),
    ("澄江县", ("county", "澄江市", "云南省", "玉溪市")),  # a row jionlp keeps beside its successor
    ("无为县", ("county", "无为市", "安徽省", "芜湖市")),  # a renaming jionlp's table lags
    ("云南", ("province", "云南省", "云南省", None)),
    ("内蒙古", ("province", "内蒙古自治区", "内蒙古自治区", None)),
    ("广西", ("province", "广西壮族自治区", "广西壮族自治区", None)),
    ("曲靖市宣威市", ("county", "宣威市", "云南省", "曲靖市")),
    ("云南省 昆明市", ("prefecture", "昆明市", "云南省", "昆明市")),
    ("东乡县", ("county", "东乡族自治县", "甘肃省", "临夏回族自治州")),
    ("喀左县", ("county", "喀喇沁左翼蒙古族自治县", "辽宁省", "朝阳市")),
    ("管城区", ("county", "管城回族区", "河南省", "郑州市")),
    ("神农架林区", ("county", "神农架林区", "湖北省", None)),
    # not a place, or not without a suffix
    ("禄劝", None),
    ("吉安", None),
    ("复旦大学", None),
    ("人民医院", None),
]


@pytest.mark.parametrize(("name", "expected"), RESOLVE)
def test_resolve(gaz: Gazetteer, name: str, expected: tuple | None) -> None:
    assert _key(gaz.resolve(name)) == expected


def test_resolve_keeps_printed_former_name(gaz: Gazetteer) -> None:
    place = gaz.resolve("上饶县")
    assert place is not None
    assert (place.name, place.printed, place.admin_code) == ("广信区", "上饶县", "361104")
    assert place.node_id == "county:361104"


def test_resolve_level_filter(gaz: Gazetteer) -> None:
    assert gaz.resolve("红河州", level="county") is None
    assert _key(gaz.resolve("红河县", level="county"))[1] == "红河县"
    assert gaz.resolve("昆明市", level="prefecture") is not None
    assert gaz.resolve("昆明市", level="county") is None


def test_resolve_stems_only_when_asked(gaz: Gazetteer) -> None:
    assert gaz.resolve("禄劝") is None
    assert _key(gaz.resolve("禄劝", stems=True))[1] == "禄劝彝族苗族自治县"
    assert gaz.resolve("吉安", stems=True) is None  # 吉安县 and 吉安市
    assert gaz.resolve("吉安", stems=True, province_hint="江西省") is None  # both in 江西


# -- ambiguity and hints -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "hint", "expected"),
    [
        ("朝阳区", None, None),  # 北京 and 长春
        ("朝阳区", "北京市", ("county", "朝阳区", "北京市", None)),
        ("朝阳区", "吉林", ("county", "朝阳区", "吉林省", "长春市")),
        ("新华区", None, None),
        ("新华区", "河南省", ("county", "新华区", "河南省", "平顶山市")),
        ("新华区", "河北省", None),  # 石家庄 and 沧州 both have one
        ("长宁区", "云南省", ("county", "长宁区", "上海市", None)),  # a hint does not veto the only one
    ],
)
def test_resolve_ambiguous_names(gaz: Gazetteer, name: str, hint: str | None, expected: tuple | None) -> None:
    assert _key(gaz.resolve(name, province_hint=hint)) == expected


def test_short_stem_in_two_provinces(gaz: Gazetteer) -> None:
    # 长宁 is the stem of 长宁区 (上海) and of 长宁县 (四川)
    assert gaz.resolve("长宁", stems=True) is None
    sichuan = gaz.resolve("长宁", stems=True, province_hint="四川省")
    assert _key(sichuan) == ("county", "长宁县", "四川省", "宜宾市")
    shanghai = gaz.resolve("长宁", stems=True, province_hint="上海")
    assert _key(shanghai) == ("county", "长宁区", "上海市", None)


def test_locate_with_hint_picks_namesake(gaz: Gazetteer) -> None:
    assert gaz.locate("新华区人民医院") is None
    henan = gaz.locate("新华区人民医院", province_hint="河南")
    assert _key(henan) == ("county", "新华区", "河南省", "平顶山市")
    # the prefix chain disambiguates on its own
    assert _key(gaz.locate("沧州市新华区人民医院")) == ("county", "新华区", "河北省", "沧州市")


# -- is_county -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("禄劝县", True),
        ("云县", True),
        ("芒市", True),
        ("宣威市", True),
        ("科左中旗", True),
        ("科尔沁左翼中旗", True),
        ("赣县", True),
        ("上饶县", True),
        ("新华区", True),  # ambiguous, but a county name all the same
        ("曲靖市宣威市", True),
        (" 禄 劝 县 ", True),  # letter-spaced cell
        ("红河州", False),
        ("昆明市", False),
        ("云南省", False),
        ("禄劝", False),  # bare stem
        ("县名称", False),
        ("禄劝县人民医院", False),
    ],
)
def test_is_county(gaz: Gazetteer, cell: str, expected: bool) -> None:
    assert gaz.is_county(cell) is expected


def test_gold_counties_are_counties(gaz: Gazetteer, gold: dict) -> None:
    counties = {p["county"] for p in gold["pairings"]} | {o["county"] for o in gold["orphans"]}
    assert counties
    not_counties = sorted(c for c in counties if not gaz.is_county(c))
    assert not_counties == []


def test_gold_recipients_match_their_county(gaz: Gazetteer, gold: dict) -> None:
    """Where a recipient's name starts with a county, it is the county the gold row gives."""
    checked, wrong = 0, []
    for pairing in gold["pairings"]:
        place = gaz.locate(pairing["recipient"])
        if place is None or place.level != "county":
            continue
        county = gaz.resolve(pairing["county"])
        checked += 1
        if county is None or county.admin_code != place.admin_code:
            wrong.append((pairing["recipient"], pairing["county"]))
        elif not pairing["recipient"].startswith(gaz.county_prefixes(county)):
            wrong.append((pairing["recipient"], "county_prefixes"))
    assert checked > 200
    assert wrong == []


# -- county_prefixes, parent, province_of_region ---------------------------------------------

def test_county_prefixes(gaz: Gazetteer) -> None:
    luquan = gaz.resolve("禄劝县")
    prefixes = gaz.county_prefixes(luquan)
    for form in ("禄劝彝族苗族自治县", "禄劝县", "昆明市禄劝县", "云南省禄劝县", "云南省昆明市禄劝县"):
        assert form in prefixes
    assert "禄劝" not in prefixes
    assert all(not p.endswith("禄劝") for p in prefixes)  # never a bare stem
    assert "上饶县" in gaz.county_prefixes(gaz.resolve("广信区"))
    assert "曲靖市宣威市" in gaz.county_prefixes(gaz.resolve("宣威市"))
    assert "上海市浦东新区" in gaz.county_prefixes(gaz.resolve("浦东新区"))
    assert "科左中旗" in gaz.county_prefixes(gaz.resolve("科尔沁左翼中旗"))
    # the printed form of the argument does not matter
    assert gaz.county_prefixes(gaz.resolve("上饶县")) == gaz.county_prefixes(gaz.resolve("广信区"))


def test_parent_chain(gaz: Gazetteer) -> None:
    luquan = gaz.resolve("禄劝县")
    kunming = gaz.parent(luquan)
    assert _key(kunming) == ("prefecture", "昆明市", "云南省", "昆明市")
    assert _key(gaz.parent(kunming)) == ("province", "云南省", "云南省", None)
    assert gaz.parent(gaz.parent(kunming)) is None
    assert _key(gaz.parent(gaz.resolve("浦东新区"))) == ("province", "上海市", "上海市", None)


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("云南省", "云南省"),
        ("云南", "云南省"),
        ("江西", "江西省"),
        ("科尔沁左翼中旗", "内蒙古自治区"),
        ("科左中旗", "内蒙古自治区"),
        ("昆明市", "云南省"),
        ("吉安", "江西省"),  # 吉安县 and 吉安市: ambiguous place, one province
        ("禄劝", "云南省"),
        ("上海市浦东新区", "上海市"),
        ("长宁", None),  # 上海 or 四川
        ("国家", None),
    ],
)
def test_province_of_region(region: str, expected: str | None) -> None:
    assert province_of_region(region) == expected


# -- institutions file -------------------------------------------------------------------

def test_shipped_institutions_load(gaz: Gazetteer) -> None:
    text = resources.files("core.vocab").joinpath("institutions.tsv").read_text(encoding="utf-8")
    entries = parse_institutions(text)
    assert {e.name for e in entries} >= {"复旦大学", "同济大学", "上海交通大学", "南昌大学", "昆明医科大学"}
    for entry in entries:
        assert gaz.locate(entry.name + "附属医院").printed == entry.name


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("复旦大学\t上海市\t\n同济大学 上海市\n", 2, "3 列"),
        ("# comment\n\n复旦大学\t上海市\t\t多余\n", 3, "3 列"),
        ("\t上海市\t\n", 1, "不能为空"),
        ("复旦大学\t上海市\t\n复旦大学\t上海市\t\n", 2, "第 1 行"),
    ],
)
def test_bad_institution_lines(text: str, line: int, reason: str) -> None:
    with pytest.raises(GazetteerError) as err:
        parse_institutions(text, source="bad.tsv")
    assert f"bad.tsv 第 {line} 行" in str(err.value)
    assert reason in str(err.value)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("复旦大学\t上海\t\n", 1, "不是省级行政区的全称"),
        ("复旦大学\t上海市\t\n南昌大学\t江西省\t昆明市\n", 2, "没有地市"),
        ("南昌大学\t江西省\t\n", 1, "须填写地市"),
        ("昆明市\t云南省\t昆明市\n", 1, "本身是地名"),
    ],
)
def test_institution_lines_checked_against_gazetteer(
    records: list[dict], text: str, line: int, reason: str
) -> None:
    with pytest.raises(GazetteerError) as err:
        Gazetteer(records, parse_institutions(text, source="bad.tsv"), institutions_source="bad.tsv")
    assert f"bad.tsv 第 {line} 行" in str(err.value)
    assert reason in str(err.value)


# -- the data file and its generator -------------------------------------------------------

def test_gazetteer_file_is_generated(gen: ModuleType) -> None:
    """The shipped JSONL is exactly what the script makes: derived, never hand-edited."""
    shipped = resources.files("core.vocab").joinpath("gazetteer.jsonl").read_text(encoding="utf-8")
    assert gen.generate() == shipped, "core/vocab/gazetteer.jsonl is stale: run scripts/gen_gazetteer.py"


def test_gazetteer_shape(records: list[dict]) -> None:
    levels = [r["level"] for r in records]
    assert levels.count("province") == 34
    assert 300 < levels.count("prefecture") < 400
    assert 2800 < levels.count("county") < 3200
    assert records == sorted(records, key=lambda r: (r["admin_code"], levels.index(r["level"]), r["name"]))
    for rec in records:
        stems = {s["name"] for s in rec["stems"]}
        assert all(s["bare"] is True for s in rec["stems"])
        assert not stems & set(rec["aliases"]), rec["name"]
        if rec["level"] != "province":  # short forms carry a suffix; bare ones are stems
            assert all(a[-1] in "县区市旗州盟" for a in rec["aliases"]), rec["name"]


@pytest.mark.parametrize(
    ("name", "aliases", "stems"),
    [
        ("禄劝彝族苗族自治县", ["禄劝县"], ["禄劝"]),
        ("双江拉祜族佤族布朗族傣族自治县", ["双江县"], ["双江"]),
        ("科尔沁左翼中旗", ["科左中旗"], []),
        ("察哈尔右翼前旗", ["察右前旗"], []),
        ("喀喇沁左翼蒙古族自治县", ["喀喇沁左翼县", "喀左县"], []),
        ("东乡族自治县", ["东乡县"], ["东乡"]),
        ("鄂伦春自治旗", ["鄂伦春旗"], ["鄂伦春"]),
        ("龙胜各族自治县", ["龙胜县"], ["龙胜"]),
        ("三都水族自治县", ["三都县"], ["三都"]),
        ("管城回族区", ["管城区"], ["管城"]),
        ("吉安县", [], ["吉安"]),
        ("云县", [], []),
        ("赣县区", [], []),
        ("浦东新区", [], ["浦东"]),
        ("清新区", [], ["清新"]),
        ("神农架林区", [], ["神农架"]),
        ("万柏林区", [], ["万柏林"]),
        ("六枝特区", [], ["六枝"]),
        ("阿荣旗", [], ["阿荣"]),
        ("翼城县", [], ["翼城"]),
    ],
)
def test_county_rules(gen: ModuleType, name: str, aliases: list[str], stems: list[str]) -> None:
    assert gen.county_forms(name) == (aliases, stems)


@pytest.mark.parametrize(
    ("name", "aliases", "stems"),
    [
        ("迪庆藏族自治州", ["迪庆州"], ["迪庆"]),
        ("红河哈尼族彝族自治州", ["红河州"], ["红河"]),
        ("博尔塔拉蒙古自治州", ["博尔塔拉州"], ["博尔塔拉"]),
        ("大兴安岭地区", [], ["大兴安岭"]),
        ("兴安盟", [], ["兴安"]),
        ("吉安市", [], ["吉安"]),
    ],
)
def test_prefecture_rules(gen: ModuleType, name: str, aliases: list[str], stems: list[str]) -> None:
    assert gen.prefecture_forms(name) == (aliases, stems)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("云南省", ["云南"]),
        ("内蒙古自治区", ["内蒙古"]),
        ("广西壮族自治区", ["广西"]),
        ("新疆维吾尔自治区", ["新疆"]),
        ("西藏自治区", ["西藏"]),
        ("香港特别行政区", ["香港"]),
        ("上海市", ["上海"]),
    ],
)
def test_province_rules(gen: ModuleType, name: str, short: list[str]) -> None:
    assert gen.province_forms(name) == short


def test_generator_exceptions_file_is_checked(gen: ModuleType) -> None:
    with pytest.raises(ValueError, match=":2:"):
        gen.parse_exceptions("# header\n533301\t泸水市\tformer\n")
    location = {"云南省": {"_full_name": "云南省", "_alias": "云南", "_admin_code": "530000"}}
    with pytest.raises(ValueError, match="no place"):
        gen.build_records(location, [], "533301\t泸水市\tformer\t泸水县\t2016\tnote\n")


def test_nothing_loaded_at_import() -> None:
    code = (
        "import sys, extract.places as p; "
        "assert p.get_gazetteer.cache_info().currsize == 0; "
        "assert 'jionlp' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
