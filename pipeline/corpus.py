"""Read and extract every document of a corpus folder: the read → extract steps for a corpus.

Nothing is dropped: a file that cannot be read becomes a problem of the corpus and the rest
still builds. With a :class:`~pipeline.cache.RecordCache`, a document whose file, manifest
row and code are unchanged is not read again: its records come from the cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from core.errors import BangfuError, CorpusError
from core.messages import message
from core.records import CorpusExtraction, ExtractionResult, Problem
from extract.document_extraction import extract_file
from extract.manifest import MANIFEST_NAME, ManifestRow, load_manifest
from extract.readers import SUPPORTED_SUFFIXES
from pipeline.cache import RecordCache, Records

__all__ = ["corpus_files", "extract_corpus"]

log = logging.getLogger(__name__)

Progress = Callable[[Iterable[Path]], Iterable[Path]]


def corpus_files(corpus: Path) -> list[Path]:
    """The documents of a corpus folder, in name order (the manifest is not a document)."""
    if not corpus.is_dir():
        raise CorpusError(message("E601", corpus=corpus))
    return sorted(
        p for p in corpus.iterdir() if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
    )


def _read_and_extract(path: Path, row: ManifestRow | None, ocr_cache: Path | None) -> Records:
    try:
        return extract_file(path, row, ocr_cache=ocr_cache)
    except BangfuError as err:
        log.warning("%s could not be read: %s %s", path, err.message, err.detail)
        return Problem(path.name, message("P612"), "unreadable", err.message)


def _records_of(path: Path, row: ManifestRow | None, *, records: RecordCache | None, fresh: bool,
                reused: ExtractionResult | None, ocr_cache: Path | None) -> tuple[Records, str]:
    """One document's records and their cache key: ``reused`` if given, else the cached ones
    (unless ``fresh``), else read and extracted now; what was not in the cache is filed there."""
    if records is None:
        return (reused if reused is not None else _read_and_extract(path, row, ocr_cache)), ""
    key = records.key(path, row)
    found = None if reused is not None or fresh else records.load(key)
    if found is None:
        found = reused if reused is not None else _read_and_extract(path, row, ocr_cache)
        records.store(key, found)
    return found, key


def extract_corpus(
    corpus: Path | str,
    *,
    progress: Progress | None = None,
    records: RecordCache | None = None,
    fresh: bool = False,
    reuse: Mapping[str, ExtractionResult] | None = None,
    ocr_cache: Path | None = None,
) -> CorpusExtraction:
    """Extract every supported file of ``corpus``; unreadable files become problems.

    ``records``: take each document's records from this cache when it holds them, and file
    what is extracted there; ``fresh`` extracts every document again all the same (and
    refreshes the cache). ``reuse`` maps file names to extractions already made of those very
    files with the manifest row they have now (an upload is extracted before it is copied in).
    ``ocr_cache`` is the folder of cached OCR results (scans are recognised once).
    """
    corpus = Path(corpus)
    files = corpus_files(corpus)
    manifest = load_manifest(corpus)
    extraction = CorpusExtraction(corpus=corpus)
    used: set[str] = set()
    for path in progress(files) if progress else files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            extraction.problems.append(
                Problem(path.name, message("P612"), "unsupported", message("P603", name=path.name))
            )
            continue
        found, key = _records_of(path, manifest.get(path.name), records=records, fresh=fresh,
                                 reused=(reuse or {}).get(path.name), ocr_cache=ocr_cache)
        used.add(key)
        if isinstance(found, Problem):
            extraction.problems.append(found)
        else:
            extraction.results.append(found)
    if records is not None:
        records.keep_only(used)
    if not extraction.results:
        raise CorpusError(message("E602", corpus=corpus))
    return extraction
