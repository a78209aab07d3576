"""Name look-up cost against the size of what is looked up: gazetteer ``locate`` and ``NameIndex.find``.

Why a benchmark and not a timed unit test: a busy machine fails a timed test for no fault of
the code, and a single number says nothing about growth. Here the same question is answered by
name indexes of 1,000, 10,000 and 100,000 entries in one run and the per-call times are printed
side by side with their ratio to the smallest: the exact path must stay flat (Aho-Corasick), the
fuzzy path must not grow faster than the number of entries.

Usage: python bench/bench_lookup.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from extract.places import get_gazetteer  # noqa: E402
from query.entities import NameEntry, NameIndex  # noqa: E402
from query.normalize import normalize_question  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
RUNS = 200


def per_call(func, runs: int = RUNS) -> float:
    """Best of three batches, seconds per call."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(runs):
            func()
        best = min(best, (time.perf_counter() - start) / runs)
    return best


def index_of(size: int) -> NameIndex:
    entries = [NameEntry("怒江州人民医院", "hospital:nj", "Hospital", "怒江州人民医院")]
    for i in range(size):
        name = f"测试{i}号县人民医院"
        entries.append(NameEntry(name, f"hospital:t{i}", "Hospital", name))
    return NameIndex(entries)


def main() -> None:
    gold = json.loads((ROOT / "tests" / "data" / "seed_gold.json").read_text(encoding="utf-8"))
    names = sorted({p["supporter"] for p in gold["pairings"]} | {p["recipient"] for p in gold["pairings"]})
    gaz = get_gazetteer()
    gaz.locate(names[0])
    locate = per_call(lambda: [gaz.locate(n) for n in names], runs=20) / len(names)
    print(f"gazetteer locate: {locate * 1e6:.1f} µs per name ({len(names)} names)")

    exact_q = normalize_question("谁帮扶怒江州人民医院？")
    fuzzy_q = normalize_question("谁帮扶怒江州医院")
    rows = []
    for size in SIZES:
        index = index_of(size)
        index.find(exact_q)  # builds the automaton and the tokenizer
        exact = per_call(lambda i=index: i.find(exact_q))
        fuzzy = per_call(lambda i=index: i.find(fuzzy_q), 20)
        rows.append((size, exact, fuzzy))
    base_exact, base_fuzzy = rows[0][1], rows[0][2]
    print("| entries | exact find | ratio | fuzzy find | ratio |")
    print("|---|---|---|---|---|")
    for size, exact, fuzzy in rows:
        print(f"| {size:,} | {exact * 1e3:.3f} ms | {exact / base_exact:.1f} | {fuzzy * 1e3:.2f} ms | "
              f"{fuzzy / base_fuzzy:.1f} |")


if __name__ == "__main__":
    main()
