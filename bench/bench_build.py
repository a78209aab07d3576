"""Time ``build`` (extract + graph) on the seed corpus, the held-out set of issue 9 and a
generated national corpus.

Each measurement runs in a fresh subprocess so that peak memory (max RSS) belongs to that
build alone; "after imports" means the clock starts once the libraries are imported, as
a long-running app or a second build would see it. Results print as a Markdown table and
are written to bench/out/build.json.

Usage: python bench/bench_build.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from pipeline import extract_corpus
from graph.build import build_graph, summarize
import spacy, opencc  # libraries the extractors load lazily: imports, not build work
rss_imports = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t1 = time.perf_counter()
result = build_graph(extract_corpus(sys.argv[1]))
t2 = time.perf_counter()
result = build_graph(extract_corpus(sys.argv[1]))
t3 = time.perf_counter()
counts = summarize(result.graph)
print(json.dumps({
    "imports_s": t1 - t0, "first_build_s": t2 - t1, "warm_build_s": t3 - t2,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rss_after_imports_mb": rss_imports / 1024,
    "supports": counts["edges"].get("SUPPORTS", 0), "nodes": sum(counts["nodes"].values()),
    "warnings": len(result.problems),
}))
"""


def heldout_expected() -> int:
    """Distinct (supporter, recipient) pairs written by hand for the held-out set."""
    expected = json.loads((ROOT / "tests" / "heldout" / "expected.json").read_text(encoding="utf-8"))
    return len({(p["supporter"], p["recipient"]) for d in expected.values() for p in d["pairings"]})


def measure(corpus: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(corpus)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def heldout_corpus(out: Path) -> int:
    """The held-out documents (tests/heldout/docs) as files: .txt copied, .docx/.pdf rendered
    from their specs. Returns the number of documents."""
    import shutil

    sys.path.insert(0, str(ROOT))
    from tests.heldout_render import is_spec, render_spec

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sources = sorted((ROOT / "tests" / "heldout" / "docs").iterdir())
    for source in sources:
        if is_spec(source):
            render_spec(source, out)
        else:
            shutil.copy(source, out / source.name)
    return len(sources)


def main() -> None:
    sys.path.insert(0, str(HERE))
    from gen_national import generate

    national = HERE / "out" / "national_corpus"
    stats = generate(national)
    heldout = HERE / "out" / "heldout_corpus"
    heldout_documents = heldout_corpus(heldout)
    rows = {"seed corpus (5 documents)": measure(ROOT / "corpus"),
            f"held-out set ({heldout_documents} documents)": measure(heldout),
            f"national ({stats['documents']} tables, {stats['counties']} counties)": measure(national)}
    national_row = next(k for k in rows if k.startswith("national"))
    rows[national_row]["expected_pairings"] = stats["pairings"]
    heldout_row = next(k for k in rows if k.startswith("held-out"))
    rows[heldout_row]["expected_pairings"] = heldout_expected()
    print("| corpus | imports s | first build s | warm build s | peak RSS MB | SUPPORTS (expected) | nodes |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['imports_s']:.2f} | {r['first_build_s']:.2f} | {r['warm_build_s']:.2f} | "
              f"{r['peak_rss_mb']:.0f} | {r['supports']} ({r.get('expected_pairings', 310)}) | "
              f"{r['nodes']} |")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "build.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
