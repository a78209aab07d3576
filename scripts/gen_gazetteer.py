"""Generate ``core/vocab/gazetteer.jsonl``: China's provinces, prefectures and counties.

How to regenerate (after a jionlp upgrade or a change to the rules below)::

    .venv/bin/python scripts/gen_gazetteer.py          # rewrites core/vocab/gazetteer.jsonl
    .venv/bin/python scripts/gen_gazetteer.py --check  # exit 1 if the shipped file is stale

Never edit the JSONL by hand: ``tests/test_places.py`` re-runs this script and fails when the
shipped file differs from what it generates.  Input: jionlp 1.5.31's division table
(``jio.china_location_loader(detail=True)``), its renaming records
(``jio.china_location_change_loader()``) and ``scripts/gazetteer_exceptions.tsv`` (a few facts
jionlp lacks, each with a note).  Output is sorted by admin code, one JSON object a line::

    {"level": "county", "name": "禄劝彝族苗族自治县", "admin_code": "530128",
     "province": "云南省", "prefecture": "昆明市", "aliases": ["禄劝县"],
     "former": [], "stems": [{"name": "禄劝", "bare": true}], "zone": false}

Fields:

- ``level``: ``province`` | ``prefecture`` | ``county``; ``province`` is the record's own name
  for a province; ``prefecture`` is null for provinces, prefectures, districts of the four
  municipalities and counties a province administers directly (仙桃市, 定安县).
- ``aliases``: short forms people print that still carry a level suffix, so they are safe to
  match at the start of a hospital name (禄劝县, 迪庆州, 科左中旗), plus province short names
  (云南, 内蒙古), which documents print without a suffix.
- ``former``: names the place had before a renaming (上饶县 → 广信区, 赣县 → 赣县区), with
  the date when jionlp records one.
- ``stems``: suffixless stems (禄劝, 吉安), always ``bare: true``: a stem names several places
  (吉安县 and 吉安市; 瑞金市 and Shanghai's 瑞金医院), so matching code must never use one
  without a suffix or an explicit decision.
- ``zone``: a statistical functional zone (经济技术开发区 …, code ending 71–79): kept so a
  hospital in one can be placed, but given no short forms.

Why rules rather than a hand list: a hand list covers the places someone thought of; rules
cover all 3,000 counties the same way.  The rules:

1. Ethnic autonomy words are stripped: ``禄劝彝族苗族自治县 → 禄劝县``,
   ``迪庆藏族自治州 → 迪庆州``, ``新疆维吾尔自治区 → 新疆``.  The vocabulary is the fixed
   list of China's 56 ethnic groups (with and without 族: 博尔塔拉蒙古自治州), plus 各族
   (龙胜各族自治县).  When nothing is left (东乡族自治县) the group's name is the stem.
2. ``左翼``/``右翼`` contract to ``左``/``右`` after the name's first character:
   ``科尔沁左翼中旗 → 科左中旗``, ``喀喇沁左翼(蒙古族自治)县 → 喀左县``.
3. A stem is the name less its level suffix (县/区/市/旗/盟/地区, or 新区/特区/矿区/林区 when
   enough is left: 浦东新区 → 浦东 but 清新区 → 清新), kept when at least two characters; a
   banner stem ending in 前/中/后/左/右 is not a word and is dropped.  An ethnic district
   keeps a short form too (管城回族区 → 管城区).
4. jionlp's own abbreviations that are not a prefix of the name are kept when they carry a
   suffix (土左旗, 达茂旗, 克州); county-level ones need at least three characters because
   two-character ones collide (扎旗 is both 扎赉特旗 and 扎鲁特旗).
5. A district named ``X县区`` was the county ``X县`` (赣县区 ← 赣县, 沙县区 ← 沙县).
6. Where jionlp's table lags its own renaming list, the list wins: a row still under the old
   name is renamed (无为县 → 无为市, admin code kept), a stale row beside its successor is
   dropped (澄江县 beside 澄江市); the old name becomes a former name either way.  Renamings
   the list misspells (云岗区 for 云冈区) or lacks (泸水县 → 泸水市) are rows of the
   exceptions file; the script says on stderr which renamings it could not place.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "core" / "vocab" / "gazetteer.jsonl"
EXCEPTIONS = Path(__file__).resolve().parent / "gazetteer_exceptions.tsv"

# China's 56 officially recognised ethnic groups, plus 各族 ("all groups", 龙胜各族自治县).
ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族", "各族",
)
# Names may drop 族 (博尔塔拉蒙古自治州, 察布查尔锡伯自治县); only multi-character names do,
# so a one-character bare form (水, 土) never eats the end of a real stem.
_ETHNIC_FORMS: tuple[str, ...] = tuple(
    sorted(
        {g for g in ETHNIC_GROUPS} | {g[:-1] for g in ETHNIC_GROUPS if len(g) >= 3},
        key=lambda g: (-len(g), g),
    )
)
_PLACEHOLDER = "直辖"  # 省直辖行政区划, 市直辖行政区划: table rows, not places
_WING = re.compile(r"^(.)(.+?)([左右])翼")
# Two-character suffixes, with the shortest stem they may leave: 浦东新区 → 浦东 but 清新区 is
# 清新 + 区; 神农架林区 → 神农架 but 万柏林区 is 万柏林 + 区.
_COUNTY_SUFFIXES_2 = {"新区": 2, "特区": 2, "矿区": 2, "林区": 3}
_COUNTY_SUFFIXES_1 = "县区市旗"
_LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}


def strip_ethnic(base: str) -> tuple[str, list[str]]:
    """Split ``禄劝彝族苗族`` into the stem ``禄劝`` and the groups ``[彝族, 苗族]``.

    A group is stripped only while at least two characters remain, so ``内蒙古`` keeps its
    ``蒙古`` and ``东乡族`` (东乡族自治县) stays whole for :func:`_autonomy_stem`.
    """
    groups: list[str] = []
    changed = True
    while changed:
        changed = False
        for form in _ETHNIC_FORMS:
            if base.endswith(form) and len(base) - len(form) >= 2:
                base = base[: -len(form)]
                groups.insert(0, form)
                changed = True
                break
    return base, groups


def contract_wings(name: str) -> str:
    """``科尔沁左翼中旗`` → ``科左中旗``; a name without 左翼/右翼 comes back unchanged."""
    return _WING.sub(r"\1\3", name)


def _autonomy_stem(base: str) -> str:
    stem, _groups = strip_ethnic(base)
    if stem.endswith("族") and stem in ETHNIC_GROUPS:  # 东乡族自治县: the group names the place
        stem = stem[:-1]
    return stem


def is_zone(admin_code: str) -> bool:
    """Statistical functional zones (开发区, 园区, 管理区) have codes ending 71–79."""
    return "71" <= admin_code[-2:] <= "79"


def county_forms(name: str) -> tuple[list[str], list[str]]:
    """Short forms (with suffix) and bare stems of a county-level name."""
    aliases: list[str] = []
    stem = ""
    two = name[-2:]
    if name.endswith(("自治县", "自治旗")):
        stem = _autonomy_stem(name[:-3])
        aliases.append(stem + name[-1])
    elif name.endswith("县区") or (two in _COUNTY_SUFFIXES_2 and len(name) - 2 >= _COUNTY_SUFFIXES_2[two]):
        stem = name[:-2]  # 赣县区: the stem 赣 is too short, and 赣县 is a former name
    elif name[-1] in _COUNTY_SUFFIXES_1:
        stem = name[:-1]
        if name[-1] == "区":  # 管城回族区 → 管城区
            bare, groups = strip_ethnic(stem)
            if groups and groups[-1].endswith("族"):
                stem = bare
                aliases.append(stem + "区")
    # 左翼/右翼 contract in the printed short forms, not inside an official 自治县 name.
    for form in list(aliases) if "自治" in name else [name]:
        short = contract_wings(form)
        if short != form:
            aliases.append(short)
    stems = []
    if (
        len(stem) >= 2
        and not (name.endswith("旗") and stem[-1] in "前中后左右")
        and "左翼" not in stem
        and "右翼" not in stem
    ):
        stems.append(stem)
    return aliases, stems


def prefecture_forms(name: str) -> tuple[list[str], list[str]]:
    """Short forms and stems of a prefecture-level name (自治州, 地区, 盟, 市)."""
    aliases: list[str] = []
    stem = ""
    if name.endswith("自治州"):
        stem = _autonomy_stem(name[:-3])
        aliases.append(stem + "州")
    elif name.endswith("地区"):
        stem = name[:-2]
    elif name[-1] in "市盟":
        stem = name[:-1]
    return aliases, [stem] if len(stem) >= 2 else []


def province_forms(name: str) -> list[str]:
    """Province short names (云南, 内蒙古, 广西, 香港): printed without a suffix, yet unambiguous."""
    if name.endswith("特别行政区"):
        return [name[:-5]]
    if name.endswith("自治区"):
        return [_autonomy_stem(name[:-3])]
    if name[-1] in "省市":
        return [name[:-1]]
    return []


def _jionlp_abbreviations(name: str, jio_alias: str | Sequence[str], *, level: str) -> list[str]:
    """jionlp's abbreviations that are not a plain prefix of the name and carry a suffix."""
    found = [jio_alias] if isinstance(jio_alias, str) else list(jio_alias)
    suffixes = "州盟" if level == "prefecture" else "县旗"
    min_len = 2 if level == "prefecture" else 3
    return [a for a in found if a and not name.startswith(a) and a[-1] in suffixes and len(a) >= min_len]


def _record(level: str, name: str, code: str, province: str, prefecture: str | None) -> dict[str, Any]:
    return {
        "level": level,
        "name": name,
        "admin_code": code,
        "province": province,
        "prefecture": prefecture,
        "aliases": [],
        "former": [],
        "stems": [],
        "zone": False,
    }


def _add_unique(items: list[str], new: Iterable[str], *, not_in: Iterable[str] = ()) -> None:
    banned = set(not_in)
    for item in new:
        if item and item not in items and item not in banned:
            items.append(item)


def _add_former(record: dict[str, Any], name: str, date: str | None) -> None:
    if name == record["name"] or name in record["aliases"]:
        return
    if any(f["name"] == name for f in record["former"]):
        return
    record["former"].append({"name": name, "date": date})


def parse_exceptions(text: str, *, source: str = "gazetteer_exceptions.tsv") -> list[tuple[int, list[str]]]:
    """Rows of ``admin_code, name, kind, surface, date, note``; a bad row stops the build."""
    rows = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = raw.rstrip("\n").split("\t")
        if len(cols) != 6 or cols[2] not in ("former", "alias") or not cols[0].isdigit():
            want = "admin_code, name, former|alias, surface, date, note"
            raise ValueError(f"{source}:{lineno}: want {want}: {raw!r}")
        rows.append((lineno, cols))
    return rows


def _stale_names(
    location: Mapping[str, Any], changes: Sequence[Mapping[str, Any]]
) -> dict[tuple[str, str, str], tuple[str, str] | None]:
    """Renamings jionlp lists but its own table has not applied.

    Keyed by (province, prefecture, old name).  The value is (new name, date) when the table
    still has only the old row (无为县 → 无为市, 2019: the row is renamed, its admin code kept
    because jionlp knows no other), or None when the table has both rows (澄江县 beside
    澄江市; 湾里区, merged into 新建区): the old row is dropped and becomes a former name.
    """
    stale: dict[tuple[str, str, str], tuple[str, str] | None] = {}
    for change in changes:
        (_, _), (_, _), (old_county, _) = change["old_loc"]
        prov, city, new_county = change["new_loc"]
        if not old_county or not new_county or old_county == new_county:
            continue
        counties = location.get(prov, {}).get(city, {})
        if old_county in counties:
            stale[(prov, city, old_county)] = (
                None if new_county in counties else (new_county, change["date"])
            )
    return stale


def build_records(
    location: Mapping[str, Any],
    changes: Sequence[Mapping[str, Any]],
    exceptions_text: str = "",
) -> list[dict[str, Any]]:
    """All place records, sorted, from jionlp's two tables and the exceptions file."""
    records: list[dict[str, Any]] = []
    by_path: dict[tuple[str, ...], dict[str, Any]] = {}
    stale = _stale_names(location, changes)

    for prov_name, prov in location.items():
        if prov_name.startswith("_"):
            continue
        prov_code = prov["_admin_code"]
        prov_rec = _record("province", prov["_full_name"], prov_code, prov["_full_name"], None)
        _add_unique(prov_rec["aliases"], province_forms(prov_rec["name"]))
        records.append(prov_rec)
        by_path[(prov_rec["name"],)] = prov_rec
        for city_key, city in prov.items():
            if city_key.startswith("_"):
                continue
            city_name = city["_full_name"]
            # A municipality (上海市 under 上海市), a SAR (香港) or a 直辖 placeholder is no
            # prefecture: its counties hang from the province.
            real_city = _PLACEHOLDER not in city_name and city["_admin_code"] != prov_code
            prefecture = city_name if real_city else None
            if real_city:
                rec = _record("prefecture", city_name, city["_admin_code"], prov_rec["name"], None)
                aliases, stems = prefecture_forms(city_name)
                _add_unique(rec["aliases"], aliases)
                abbreviations = _jionlp_abbreviations(city_name, city["_alias"], level="prefecture")
                _add_unique(rec["aliases"], abbreviations)
                rec["stems"] = [{"name": s, "bare": True} for s in stems]
                records.append(rec)
                by_path[(prov_rec["name"], city_name)] = rec
            for county_key, county in city.items():
                if county_key.startswith("_") or not isinstance(county, dict):
                    continue
                name, code = county["_full_name"], county["_admin_code"]
                if _PLACEHOLDER in name or code in (prov_code, city["_admin_code"]):
                    continue  # placeholders, and SAR districts that have no code of their own
                key = (prov_rec["name"], city_name, name)
                if key in stale and stale[key] is None:
                    continue  # a stale row beside its successor (澄江县 beside 澄江市)
                renamed = stale.get(key)
                if renamed:
                    name = renamed[0]
                rec = _record("county", name, code, prov_rec["name"], prefecture)
                if renamed:
                    _add_former(rec, county["_full_name"], renamed[1])
                if is_zone(code):
                    rec["zone"] = True
                else:
                    aliases, stems = county_forms(name)
                    _add_unique(rec["aliases"], aliases)
                    _add_unique(rec["aliases"], _jionlp_abbreviations(name, county["_alias"], level="county"))
                    rec["stems"] = [{"name": s, "bare": True} for s in stems]
                    if name.endswith("县区"):
                        _add_former(rec, name[:-1], None)
                records.append(rec)
                by_path[(prov_rec["name"], city_name, name)] = rec
                by_path.setdefault((prov_rec["name"], name), rec)

    unplaced: list[tuple[str, str]] = []
    for change in changes:
        (_, _), (old_city, _), (old_county, _) = change["old_loc"]
        new_prov, new_city, new_county = change["new_loc"]
        if old_county and new_county and old_county != new_county:
            target = by_path.get((new_prov, new_city, new_county))
            if target is not None:
                _add_former(target, old_county, change["date"])
            else:
                unplaced.append((old_county, new_county))
        elif old_county is None and new_county is None and old_city != new_city:
            target = by_path.get((new_prov, new_city))
            if target is not None:
                _add_former(target, old_city, change["date"])

    by_code_name = {(r["admin_code"], r["name"]): r for r in records}
    for lineno, (code, name, kind, surface, date, _note) in parse_exceptions(exceptions_text):
        target = by_code_name.get((code, name))
        if target is None:
            raise ValueError(f"gazetteer_exceptions.tsv:{lineno}: no place {code} {name} in jionlp's table")
        if kind == "former":
            _add_former(target, surface, date or None)
        else:
            _add_unique(target["aliases"], [surface])

    formers = {f["name"] for rec in records for f in rec["former"]}
    for old, new in unplaced:
        if old not in formers:  # jionlp misspells the new name: add a row to the exceptions file
            print(f"renaming {old} -> {new} not applied: {new} is not in jionlp's table", file=sys.stderr)

    for rec in records:
        rec["former"].sort(key=lambda f: (f["date"] or "", f["name"]))
    records.sort(key=lambda r: (r["admin_code"], _LEVEL_ORDER[r["level"]], r["name"]))
    return records


def render(records: Iterable[Mapping[str, Any]]) -> str:
    """One compact JSON object a line, keys in a fixed order, UTF-8 text (no escapes)."""
    return "".join(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n" for r in records)


def generate() -> str:
    """The gazetteer text from the installed jionlp (imported here: it takes ~1 s)."""
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp as jio

    exceptions_text = EXCEPTIONS.read_text(encoding="utf-8") if EXCEPTIONS.exists() else ""
    records = build_records(
        jio.china_location_loader(detail=True), jio.china_location_change_loader(), exceptions_text
    )
    return render(records)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run scripts/gen_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} places to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
