"""Time reading scans: OCR seconds per page, the build of a scanned corpus, and a rebuild.

The seed documents' relation-table pages are printed and "scanned" at 150 dpi (turned ±1°,
blurred: tests/render_formats.py) into image-only PDFs, which form a corpus of their own.
Then, in a fresh process each:

1. ``bangfu build`` of that corpus with an empty cache: OCR (ahead of the build, as the CLI
   does) and extraction, timed apart; OCR seconds per page;
2. ``bangfu build --rebuild``: the graph is built again but the OCR result is read from the
   cache — the number of pages recognised must be 0.

Also the Excel and web-page renderings of the seed documents, read once, for comparison.
Results print as a Markdown table and go to bench/out/formats.json.

Usage: python bench/bench_formats.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, sys, time
from pathlib import Path
corpus = Path(sys.argv[1])
from extract.readers import scan
calls = []
recognise = scan._recognise
def counted(image):
    calls.append(1)
    return recognise(image)
scan._recognise = counted
from pipeline import build_corpus, ocr_ahead
import rapidocr_onnxruntime  # imports are not OCR work
t0, c0 = time.perf_counter(), time.process_time()
ocr_ahead(corpus)
t1, c1 = time.perf_counter(), time.process_time()
result, _ = build_corpus(corpus, rebuild=True)
t2 = time.perf_counter()
print(json.dumps({"ocr_s": t1 - t0, "ocr_cpu_s": c1 - c0, "build_s": t2 - t1, "pages_recognised": len(calls),
                  "supports": sum(1 for *_, d in result.graph.edges(data=True) if d["type"] == "SUPPORTS"),
                  "confidence": result.ocr_confidence}, ensure_ascii=False))
"""


def run_build(corpus: Path, cache: Path) -> dict:
    env = {**os.environ, "BANGFU_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(corpus)], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def make_scanned_corpus(folder: Path) -> int:
    """Image-only PDFs of the seed relation tables; returns the number of pages."""
    sys.path.insert(0, str(ROOT))
    from tests.render_formats import DOCS_WITH_TABLES, scan_images, seed_reading, write_scanned_pdf

    pages = 0
    work = folder.parent / "printed"
    work.mkdir(exist_ok=True)
    for stem in DOCS_WITH_TABLES:
        images = scan_images(seed_reading(stem), work)
        write_scanned_pdf(images, folder / f"{stem}.pdf")
        pages += len(images)
    return pages


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-formats-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        pages = make_scanned_corpus(corpus)
        cache = root / "cache"
        first = run_build(corpus, cache)
        second = run_build(corpus, cache)
        shutil.rmtree(cache, ignore_errors=True)
    rows = {
        "first build (OCR, empty cache)": first,
        "rebuild (OCR cache)": second,
    }
    print(f"scanned corpus: {pages} pages of 3 seed relation tables, 150 dpi, ±1°, blurred\n")
    print("| build | OCR s | OCR s/page (CPU s/page) | pages recognised | build s after OCR | SUPPORTS |")
    print("|---|---|---|---|---|---|")
    for label, row in rows.items():
        pages_done = row["pages_recognised"]
        per_page = "—"
        if pages_done:
            per_page = f"{row['ocr_s'] / pages_done:.1f} ({row['ocr_cpu_s'] / pages_done:.1f})"
        print(f"| {label} | {row['ocr_s']:.1f} | {per_page} | {pages_done} | "
              f"{row['build_s']:.1f} | {row['supports']} |")
    print("\nmean OCR confidence:", json.dumps(first["confidence"], ensure_ascii=False))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "formats.json").write_text(json.dumps({"pages": pages, **rows}, ensure_ascii=False, indent=2),
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
