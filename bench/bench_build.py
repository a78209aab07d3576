"""Time ``build`` (extract + graph) on the seed corpus, the held-out set of issue 9 and a
generated national corpus.

Then the upload merge: the step an upload takes under the corpus lock (``add_prepared``: copy
the file in, merge its records into the graph, write the manifest) and a document's removal,
on a copy of the national corpus whose caches are warm, with the upload already read and
extracted (that happens before the lock).

Each measurement runs in a fresh subprocess so that peak memory (max RSS) belongs to that
build alone; "after imports" means the clock starts once the libraries are imported, as
a long-running app or a second build would see it. Results print as a Markdown table and
are written to bench/out/build.json.

Usage: python bench/bench_build.py
"""

from __future__ import annotations

import json
import os
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


CHILD_MERGE = r"""
import json, sys, time
from pathlib import Path
from pipeline import build_corpus, merge_prepared, prepare_document, remove_document
corpus, upload = Path(sys.argv[1]), Path(sys.argv[2])
current, _ = build_corpus(corpus)  # both caches warm and the graph in memory, as in a running app
prepared = prepare_document(corpus, upload, name="upload_merge.txt")  # outside the lock
w0, c0 = time.perf_counter(), time.process_time()
merge = merge_prepared(corpus, prepared, current=current)  # what the app does under the lock
w1, c1 = time.perf_counter(), time.process_time()
report = merge.report()  # after the lock
w2, c2 = time.perf_counter(), time.process_time()
remove_document(corpus, "upload_merge.txt")
w3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({"merge_wall_s": w1 - w0, "merge_cpu_s": c1 - c0, "report_wall_s": w2 - w1,
                  "report_cpu_s": c2 - c1, "remove_wall_s": w3 - w2, "remove_cpu_s": c3 - c2,
                  "supports_added": report.edges_added.get("SUPPORTS", 0)}))
"""


def measure_merge(national: Path) -> dict:
    """The upload merge and a removal on a scratch copy of the national corpus (caches beside it)."""
    import shutil

    scratch = HERE / "out" / "merge"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(national, scratch / "corpus")
    upload = ROOT / "corpus" / "002_f96d2e1adf756957.txt"  # a seed relation table, new to this corpus
    env = {k: v for k, v in os.environ.items() if k != "BANGFU_CACHE"}  # caches beside the scratch corpus
    out = subprocess.run([sys.executable, "-c", CHILD_MERGE, str(scratch / "corpus"), str(upload)], cwd=ROOT,
                         capture_output=True, text=True, check=True, env=env)
    shutil.rmtree(scratch, ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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
    merge = measure_merge(national)
    print()
    print("| upload merge (national corpus + 1 document) | wall s | CPU s |")
    print("|---|---|---|")
    print(f"| add: merge under the lock | {merge['merge_wall_s']:.2f} | {merge['merge_cpu_s']:.2f} |")
    print(f"| add: report, after the lock | {merge['report_wall_s']:.2f} | {merge['report_cpu_s']:.2f} |")
    print(f"| remove (under the lock) | {merge['remove_wall_s']:.2f} | {merge['remove_cpu_s']:.2f} |")
    rows["upload merge"] = merge
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "build.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
