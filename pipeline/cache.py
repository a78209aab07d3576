"""What the pipeline keeps on disk: each document's records, and the graph of the corpus.

Two caches, both outside the corpus folder (``.bangfu/`` beside it, or ``$BANGFU_CACHE``):

- **records**, one file per document, filed under everything its extraction depends on (the
  file's name and bytes, its manifest row, the extractor code and data). Why per document:
  the graph needs every document's records at once (a short form in one document is resolved
  against a full name printed in another), so adding or removing one document rebuilds the
  graph — but from these records, without reading or extracting the other documents again.
  That keeps an upload's step under the corpus lock short.
- **the graph** of the whole corpus, filed under a hash of every corpus file and the code, so
  an unchanged corpus loads in one read and editing, adding or removing a file rebuilds.

A file that could not be read is cached as the problem it gave, like the graph cache keeps
it; ``--rebuild`` reads everything again (e.g. after installing LibreOffice).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from core.errors import StoreError
from core.messages import message
from core.records import ExtractionResult, Problem
from core.vocab import extra_dir
from extract.manifest import ManifestRow
from graph.build import BuildResult

__all__ = ["CACHE_FORMAT", "RecordCache", "cache_dir", "corpus_fingerprint", "load_graph",
           "ocr_cache_dir", "save_graph"]

CACHE_FORMAT = 3  # 3: records cached per document
_CODE_ROOTS = ("core", "extract", "graph", "pipeline")

log = logging.getLogger(__name__)

Records = ExtractionResult | Problem  # what one document gave: its records, or why it could not be read


def code_fingerprint() -> str:
    """A hash of the code and data that decide what is extracted and built."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for folder in _CODE_ROOTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".jsonl", ".tsv", ".txt", ".json"):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    extra = extra_dir()  # words added through BANGFU_VOCAB_DIR change what is extracted too
    if extra and Path(extra).is_dir():
        for path in sorted(Path(extra).iterdir()):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_fingerprint(corpus: Path, code: str | None = None) -> str:
    """A hash of every corpus file (name and bytes), the manifest and the code."""
    digest = hashlib.sha256(f"format{CACHE_FORMAT}".encode())
    for path in sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update((code or code_fingerprint()).encode())
    return digest.hexdigest()[:24]


def cache_dir(corpus: Path) -> Path:
    """``$BANGFU_CACHE`` or ``.bangfu/`` beside the corpus folder."""
    configured = os.environ.get("BANGFU_CACHE")
    return Path(configured) if configured else corpus.resolve().parent / ".bangfu"


def ocr_cache_dir(corpus: Path) -> Path:
    """Where scans' OCR results are kept: beside the graph cache, outside the corpus."""
    return cache_dir(corpus) / "ocr"


def _write_pickle(path: Path, value: object) -> None:
    """Write ``value`` to ``path`` whole or not at all; an OSError is one Chinese line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as err:
        log.warning("writing the cache %s failed: %r", path, err)
        raise StoreError(message("E603", path=path)) from err


def _read_pickle(path: Path) -> object | None:
    """The value kept at ``path``; None when there is none or it is stale or broken (not fatal)."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        path.unlink(missing_ok=True)
        return None


def _graph_path(corpus: Path, code: str | None = None) -> Path:
    return cache_dir(corpus) / f"graph-{corpus_fingerprint(corpus, code)}.pickle"


def load_graph(corpus: Path, code: str | None = None) -> BuildResult | None:
    """The cached graph of ``corpus`` in its current state, or None."""
    result = _read_pickle(_graph_path(corpus, code))
    return result if isinstance(result, BuildResult) else None


def save_graph(corpus: Path, result: BuildResult, code: str | None = None) -> None:
    """Keep ``result`` as the graph of ``corpus`` in its current state (replacing older graphs)."""
    path = _graph_path(corpus, code)
    if path.parent.is_dir():
        for old in path.parent.glob("graph-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    _write_pickle(path, result)


@dataclass(frozen=True)
class RecordCache:
    """Each document's records, filed under what they depend on (see the module's docstring)."""

    folder: Path
    code: str  # code_fingerprint()

    @classmethod
    def of(cls, corpus: Path, code: str | None = None) -> RecordCache:
        return cls(cache_dir(corpus) / "records", code or code_fingerprint())

    def key(self, path: Path, row: ManifestRow | None) -> str:
        """Changes whenever the file, its manifest row or the code changes."""
        digest = hashlib.sha256(f"records{CACHE_FORMAT}|{self.code}|{path.name}|{row!r}".encode())
        digest.update(path.read_bytes())
        return digest.hexdigest()[:32]

    def load(self, key: str) -> Records | None:
        value = _read_pickle(self.folder / f"{key}.pickle")
        return value if isinstance(value, (ExtractionResult, Problem)) else None

    def store(self, key: str, records: Records) -> None:
        _write_pickle(self.folder / f"{key}.pickle", records)

    def keep_only(self, keys: set[str]) -> None:
        """Forget the records of documents no longer in the corpus (or no longer as they were)."""
        if self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in keys:
                    path.unlink(missing_ok=True)
