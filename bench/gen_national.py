"""Generate a national-scale corpus: 30 provincial tables, ~2,800 counties, ~10,000 pairings.

Real county names come from the shipped gazetteer, so the extractor meets the names it
would meet in real documents (autonomous counties printed in short form, districts,
banners). The tables use the seeds' messy habits: repeated headers every 40 rows,
continuation rows with empty leading cells, a lead-marked list column, and a prose
paragraph per province with 由…牵头…参与帮扶….

Usage: python bench/gen_national.py [OUT_DIR]   (default bench/out/national_corpus)
"""

from __future__ import annotations

import json
import random
import sys
from importlib import resources
from pathlib import Path

PROVINCES = 30
SEED = 20261122
CROSS_PROVINCE_SUPPORTERS = [
    "上海市第一人民医院", "上海市第六人民医院", "复旦大学附属华山医院", "北京大学人民医院",
    "首都医科大学附属北京朝阳医院", "中山大学附属第一医院", "浙江大学医学院附属第一医院",
]


def _records() -> list[dict]:
    text = resources.files("core.vocab").joinpath("gazetteer.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _short(county: dict) -> str:
    """The printed form: the first alias with a suffix, as officials write it (禄劝县)."""
    for alias in county.get("aliases", []):
        if alias.endswith(("县", "市", "区", "旗")) and len(alias) >= 2:
            return alias
    return county["name"]


def generate(out: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    records = _records()
    provinces = [r for r in records if r["level"] == "province"]
    counties_by_province: dict[str, list[dict]] = {}
    for r in records:
        if r["level"] == "county" and not r.get("zone") and _short(r).endswith(("县", "市", "区", "旗")):
            counties_by_province.setdefault(r["province"], []).append(r)
    chosen = sorted(
        (p for p in provinces if len(counties_by_province.get(p["name"], [])) >= 5),
        key=lambda p: -len(counties_by_province[p["name"]]),
    )[:PROVINCES]
    out.mkdir(parents=True, exist_ok=True)
    pairings: set[tuple[str, str, str]] = set()
    counties = 0
    for number, province in enumerate(chosen, start=1):
        name = province["name"]
        supporters = [f"{name}第{i}人民医院" for i in "一二三四五"] + [f"{name}肿瘤医院", f"{name}中医医院"]
        lines = [
            f"{name}卫生健康委员会文件", "", f"卫医发〔2025〕{number}号", "",
            f"关于印发{name}三级医院对口帮扶县级医院工作方案的通知", "",
            "一、帮扶关系", "",
            f"（一）组团式帮扶。由{supporters[0]}牵头，{supporters[1]}、{supporters[2]}参与帮扶"
            f"{name}边境县人民医院。", "",
            "附件1", "", f"{name}三级医院对口帮扶县级医院关系表", "",
        ]
        header = "序号\t县名称\t县级医院\t三级医院（排名第一为牵头医院）"
        lines.append(header)
        doc = f"national_{number:02d}.txt"
        pairings.update((doc, s, f"{name}边境县人民医院") for s in supporters[:3])
        for index, county in enumerate(counties_by_province[name], start=1):
            counties += 1
            if index % 40 == 0:
                lines += ["", header]
            printed = _short(county)
            team = rng.sample(supporters, k=rng.randint(1, 4))
            if rng.random() < 0.15:
                team.append(rng.choice(CROSS_PROVINCE_SUPPORTERS))
            lines.append(f"{index}\t{printed}\t{printed}人民医院\t{'、'.join(team)}")
            lines.append(f"\t\t{printed}中医医院\t{name}中医医院")
            pairings.update((doc, s, f"{printed}人民医院") for s in team)
            pairings.add((doc, f"{name}中医医院", f"{printed}中医医院"))
        (out / doc).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"documents": len(chosen), "counties": counties, "pairings": len(pairings)}


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "out" / "national_corpus"
    stats = generate(out)
    print(f"generated {stats['documents']} documents, {stats['counties']} counties, "
          f"{stats['pairings']} pairings in {out}")


if __name__ == "__main__":
    main()
