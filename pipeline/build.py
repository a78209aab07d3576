"""Build a corpus: read → extract → build → cache, once per corpus state.

The graph of an unchanged corpus is loaded from its cache; otherwise it is built from each
document's records, which are themselves taken from the record cache when the document is
unchanged (:mod:`pipeline.cache`). So a build after adding, editing or removing one file
reads and extracts only that file. Nothing is written into the corpus folder: documents the
manifest does not list are only named in ``result.manifest_missing`` (``bangfu manifest``
adds their rows when asked).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from core.records import ExtractionResult
from extract.manifest import load_manifest, missing_rows, update_manifest
from graph.build import BuildResult, build_graph
from pipeline.cache import RecordCache, code_fingerprint, load_graph, ocr_cache_dir, save_graph
from pipeline.corpus import Progress, corpus_files, extract_corpus

__all__ = ["build_corpus", "build_from_records", "complete_manifest", "ocr_ahead", "refile_records"]


def ocr_ahead(corpus: Path | str, files: Iterable[Path] | None = None, *, progress=None) -> list[Path]:
    """Recognise the scans among ``files`` (default: the corpus's) that are not cached yet,
    page by page under ``progress``, so that a build — and the app's corpus lock — never
    waits on OCR. Returns the files recognised now."""
    from extract.readers.scan import ocr_files

    corpus = Path(corpus)
    files = corpus_files(corpus) if files is None else files
    return ocr_files(files, ocr_cache_dir(corpus), progress=progress)


def build_corpus(
    corpus: Path | str,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> tuple[BuildResult, bool]:
    """(result, from_cache): the cached graph when the corpus is unchanged, else a build (cached).

    ``rebuild`` ignores both caches: every document is read and extracted again.
    """
    corpus = Path(corpus)
    corpus_files(corpus)  # raises a clear error for a missing folder
    code = code_fingerprint()
    if not rebuild:
        cached = load_graph(corpus, code)
        if cached is not None:
            return cached, True
    result = build_from_records(corpus, code=code, progress=progress, fresh=rebuild)
    save_graph(corpus, result, code)
    return result, False


def build_from_records(
    corpus: Path,
    *,
    code: str | None = None,
    progress: Progress | None = None,
    fresh: bool = False,
    reuse: Mapping[str, ExtractionResult] | None = None,
) -> BuildResult:
    """The graph of ``corpus`` built from each document's records — cached ones unless ``fresh``,
    ``reuse``'s for the files it names (extractions already made) — not yet saved."""
    code = code or code_fingerprint()
    extraction = extract_corpus(
        corpus, progress=progress, records=RecordCache.of(corpus, code), fresh=fresh, reuse=reuse,
        ocr_cache=ocr_cache_dir(corpus),
    )
    result = build_graph(extraction)
    result.manifest_missing = missing_rows(corpus, [r.info for r in extraction.results])
    return result


def complete_manifest(corpus: Path | str) -> list[str]:
    """Add manifest rows for the documents it lacks, after a successful build; the files added.

    The one place besides an upload that writes into the corpus folder, and only because a
    user asked (``bangfu manifest``). The build comes first, so a build that fails or is
    killed leaves the manifest as it was. A row made from a document's own extraction changes
    nothing in its graph, so the same graph is filed under the corpus's new state.
    """
    corpus = Path(corpus)
    result, _ = build_corpus(corpus)
    missing = set(result.manifest_missing)
    added = update_manifest(corpus, [info for info in result.infos if info.file in missing])
    if added:
        result.manifest_missing = []
        refile_records(corpus, added)
        save_graph(corpus, result)
    return added


def refile_records(corpus: Path, files: Iterable[str], code: str | None = None) -> None:
    """File the records of ``files``, extracted when the manifest had no row for them, under the
    row it has now: a row made from a document's own extraction changes nothing in its records
    (``tests/test_pipeline.py`` compares the graph with a fresh build), so nothing is read again.
    """
    records = RecordCache.of(corpus, code)
    rows = load_manifest(corpus)
    for name in files:
        path = corpus / name
        value = records.load(records.key(path, None))
        if value is not None and rows.get(name) is not None:
            records.store(records.key(path, rows[name]), value)
