"""Build time and peak memory against document size: 0.1, 1 and 10 MB in one run.

Why: a build must cost time linear in its input (an upload rebuilds under the corpus lock).
Each document is generated from the corpus's own table shape: the seed document with the
longest table keeps its preamble and header, and its row groups (序号 | 县 | 县级医院 |
三级医院, with continuation rows) are repeated with renumbered rows and real county names
from the gazetteer, until the file reaches the target size. Each size builds in a fresh
subprocess, so peak RSS is that build's own; CPU seconds are printed beside wall time because
a shared machine's load inflates wall time only. The child runs what `bangfu build --rebuild`
runs (read, extract, build, and file the records and the graph in a temporary BANGFU_CACHE),
so the times and the peak RSS include the cache writes. Prints a Markdown table and the ratio
of the 10 MB build time to the 1 MB one (goal: close to 10), and writes bench/out/scale.json.

Usage: python bench/bench_scale.py [--sizes 0.1,1,10] [--profile]   (--profile: cProfile the 1 MB build)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MB = 1_000_000

CHILD = r"""
import json, os, resource, sys, tempfile, time
from pipeline import build_corpus
from graph.build import summarize
import spacy, opencc  # libraries the extractors load lazily: imports, not build work
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
with tempfile.TemporaryDirectory(prefix="bangfu-scale-cache-") as cache:
    os.environ["BANGFU_CACHE"] = cache  # records and graph cached as by `bangfu build`, not kept
    t0, c0 = time.perf_counter(), cpu()
    if len(sys.argv) > 2:
        import cProfile, pstats
        profiler = cProfile.Profile()
        result, _ = profiler.runcall(lambda: build_corpus(sys.argv[1], rebuild=True))
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
    else:
        result, _ = build_corpus(sys.argv[1], rebuild=True)
    t1, c1 = time.perf_counter(), cpu()
counts = summarize(result.graph)
print(json.dumps({
    "build_s": t1 - t0, "cpu_s": c1 - c0,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "supports": counts["edges"].get("SUPPORTS", 0), "nodes": sum(counts["nodes"].values()),
    "warnings": len(result.problems),
}))
"""

_INDEX = re.compile(r"^\d{1,5}$")
_COUNTY = re.compile(r"^[\u4e00-\u9fff]{1,12}(县|市|区|旗)$")


def _longest_table(corpus: Path) -> tuple[list[str], list[str]]:
    """(preamble lines, table lines) of the corpus .txt file with the most tab-separated rows."""
    best: tuple[int, list[str], list[str]] = (0, [], [])
    for path in sorted(corpus.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        first = next((i for i, line in enumerate(lines) if "\t" in line), None)
        if first is None:
            continue
        end = first
        while end < len(lines) and ("\t" in lines[end] or not lines[end].strip()):
            end += 1
        table = [line for line in lines[first:end] if "\t" in line]
        if len(table) > best[0]:
            best = (len(table), lines[:first], table)
    return best[1], best[2]


def _groups(table: list[str]) -> tuple[str, list[list[str]]]:
    """The header line and the row groups (a numbered row and its continuation rows)."""
    header, groups = table[0], []
    for line in table[1:]:
        if line == header:
            continue
        if _INDEX.match(line.split("\t")[0].strip()) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return header, groups


def _counties() -> list[str]:
    """Printed county names (禄劝县) from the shipped gazetteer, in a fixed order."""
    text = resources.files("core.vocab").joinpath("gazetteer.jsonl").read_text(encoding="utf-8")
    names: list[str] = []
    for line in text.splitlines():
        record = json.loads(line) if line.strip() else {}
        if record.get("level") != "county" or record.get("zone"):
            continue
        short = next((a for a in record.get("aliases", []) if _COUNTY.match(a)), record["name"])
        if _COUNTY.match(short):
            names.append(short)
    return sorted(set(names))


def generate(corpus: Path, size: int, out: Path) -> Path:
    """A .txt document of about ``size`` bytes built from the corpus's longest table."""
    preamble, table = _longest_table(corpus)
    header, groups = _groups(table)
    counties = _counties()
    lines = [*preamble, header]
    total = sum(len(line.encode()) + 1 for line in lines)
    number = 0
    while total < size:
        template = groups[number % len(groups)]
        cells = template[0].split("\t")
        printed = next((c.strip() for c in cells if _COUNTY.match(c.strip())), "")
        county = counties[number % len(counties)]
        number += 1
        if number % 40 == 0:  # page breaks repeat the header, as printed tables do
            lines.append(header)
        for i, row in enumerate(template):
            row = row.replace(printed, county) if printed else row
            if i == 0:
                row = "\t".join([str(number), *row.split("\t")[1:]])
            lines.append(row)
            total += len(row.encode()) + 1
    path = out / f"scale_{size // 1000:06d}kb.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(document: Path, profile: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="bangfu-scale-") as folder:
        corpus = Path(folder)
        (corpus / document.name).write_bytes(document.read_bytes())
        args = [sys.executable, "-c", CHILD, str(corpus), *(["profile"] if profile else [])]
        out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
        if profile:
            print(out.stderr, file=sys.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,1,10", help="document sizes in MB, comma-separated")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the 1 MB build")
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    rows: dict[str, dict] = {}
    for size_mb in (float(s) for s in args.sizes.split(",")):
        document = generate(ROOT / "corpus", int(size_mb * MB), out)
        result = measure(document, profile=args.profile and size_mb == 1)
        result["bytes"] = document.stat().st_size
        rows[f"{size_mb:g} MB"] = result
        document.unlink()
    print("| document | bytes | build s (wall) | CPU s | peak RSS MB | SUPPORTS | nodes | warnings |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['bytes']:,} | {r['build_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_rss_mb']:.0f} | "
              f"{r['supports']:,} | {r['nodes']:,} | {r['warnings']:,} |")
    if "1 MB" in rows and "10 MB" in rows:
        ratio = rows["10 MB"]["build_s"] / rows["1 MB"]["build_s"]
        cpu_ratio = rows["10 MB"]["cpu_s"] / rows["1 MB"]["cpu_s"]
        print(f"build time 10 MB / 1 MB: {ratio:.1f} wall, {cpu_ratio:.1f} CPU (linear: 10)")
        rows["ratio_10_to_1"] = {"wall": ratio, "cpu": cpu_ratio}
    (out / "scale.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
