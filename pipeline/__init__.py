"""The pipeline: read → extract → build → cache → ingest, in one place, one entry per use.

- build a corpus (from the caches when nothing changed): :func:`build_corpus`;
- add a document: :func:`prepare_document` (read and extract, outside the corpus lock), then
  :func:`merge_prepared` (merge, under it) and its ``report()`` (after it); :func:`add_document`
  does all three;
- remove a document: :func:`remove_document`;
- list new documents in the manifest, when asked: :func:`complete_manifest`;
- recognise scans before a build takes the lock: :func:`ocr_ahead`.

Why a layer of its own (above ``graph``, beside ``query``): it ties the extractors
(``extract``) to the graph builder (``graph``) and owns the caches and the writes into the
corpus folder, so neither of those layers knows about the other's internals or about files
on disk. ``pipeline/corpus.py`` reads and extracts a folder, ``pipeline/cache.py`` keeps each
document's records and the corpus's graph, ``pipeline/build.py`` builds, ``pipeline/ingest.py``
adds and removes documents, ``pipeline/report.py`` says what an upload changed.
"""

from __future__ import annotations

from extract.readers import SUPPORTED_SUFFIXES
from pipeline.build import build_corpus, complete_manifest, ocr_ahead
from pipeline.cache import cache_dir, ocr_cache_dir
from pipeline.corpus import corpus_files, extract_corpus
from pipeline.ingest import (
    Merge,
    PreparedDocument,
    add_document,
    add_prepared,
    merge_prepared,
    prepare_document,
    remove_document,
    safe_name,
)
from pipeline.report import IngestReport, NewPairing

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestReport",
    "Merge",
    "NewPairing",
    "PreparedDocument",
    "add_document",
    "add_prepared",
    "build_corpus",
    "cache_dir",
    "complete_manifest",
    "corpus_files",
    "extract_corpus",
    "merge_prepared",
    "ocr_ahead",
    "ocr_cache_dir",
    "prepare_document",
    "remove_document",
    "safe_name",
]
