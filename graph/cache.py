"""Build the graph once per corpus state and keep it on disk.

The cache key covers the corpus files' bytes and the extractor code and data, so editing a
document, adding one, or upgrading bangfu rebuilds; nothing else does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from core.errors import StoreError
from core.records import ExtractionResult
from core.vocab import extra_dir
from extract.manifest import missing_rows, update_manifest
from extract.pipeline import corpus_files, extract_corpus
from graph.build import BuildResult, build_graph

CACHE_FORMAT = 2  # 2: BuildResult lists manifest_missing and infos
_CODE_ROOTS = ("core", "extract", "graph")

log = logging.getLogger(__name__)


def _code_fingerprint() -> str:
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


def corpus_fingerprint(corpus: Path) -> str:
    """A hash of every corpus file (name and bytes), the manifest and the code."""
    digest = hashlib.sha256(f"format{CACHE_FORMAT}".encode())
    for path in sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(_code_fingerprint().encode())
    return digest.hexdigest()[:24]


def cache_dir(corpus: Path) -> Path:
    """``$BANGFU_CACHE`` or ``.bangfu/`` beside the corpus folder."""
    configured = os.environ.get("BANGFU_CACHE")
    return Path(configured) if configured else corpus.resolve().parent / ".bangfu"


def ocr_cache_dir(corpus: Path) -> Path:
    """Where scans' OCR results are kept: beside the graph cache, outside the corpus."""
    return cache_dir(corpus) / "ocr"


def ocr_ahead(corpus: Path | str, files: Iterable[Path] | None = None, *, progress=None) -> list[Path]:
    """Recognise the scans among ``files`` (default: the corpus's) that are not cached yet,
    page by page under ``progress``, so that a build — and the app's corpus lock — never
    waits on OCR. Returns the files recognised now."""
    from extract.readers.scan import ocr_files

    corpus = Path(corpus)
    files = corpus_files(corpus) if files is None else files
    return ocr_files(files, ocr_cache_dir(corpus), progress=progress)


def _cache_path(corpus: Path) -> Path:
    return cache_dir(corpus) / f"graph-{corpus_fingerprint(corpus)}.pickle"


def save(corpus: Path | str, result: BuildResult) -> None:
    """Keep ``result`` as the graph of ``corpus`` in its current state (replacing older graphs).

    Called after a build, and again after a user-requested manifest write: the manifest is
    part of the cache key, and a row made from a document's own extraction changes nothing
    in its graph, so the same result is filed under the new key instead of rebuilding.
    """
    path = _cache_path(Path(corpus))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("graph-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as err:
        log.warning("writing the graph cache %s failed: %r", path, err)
        raise StoreError(
            f"无法写入图缓存：{path}（请检查该文件夹是否可写，或用 BANGFU_CACHE 指定缓存位置）"
        ) from err


def load_or_build(
    corpus: Path | str,
    *,
    rebuild: bool = False,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    reuse: Mapping[str, ExtractionResult] | None = None,
) -> tuple[BuildResult, bool]:
    """(result, from_cache): the cached graph when the corpus is unchanged, else a fresh build.

    ``reuse`` gives extractions already made (an upload read before it was copied in), by file
    name, so they are not made twice. Nothing is written into the corpus folder: documents the
    manifest does not list are only named in ``result.manifest_missing`` (``bangfu manifest``
    adds their rows when asked).
    """
    corpus = Path(corpus)
    corpus_files(corpus)  # raises a clear error for a missing folder
    path = _cache_path(corpus)
    if path.exists() and not rebuild:
        try:
            with path.open("rb") as handle:
                return pickle.load(handle), True
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            path.unlink(missing_ok=True)  # a stale or broken cache is rebuilt, not fatal
    extraction = extract_corpus(corpus, progress=progress, reuse=reuse, ocr_cache=ocr_cache_dir(corpus))
    result = build_graph(extraction)
    result.manifest_missing = missing_rows(corpus, [r.info for r in extraction.results])
    save(corpus, result)
    return result, False


def complete_manifest(corpus: Path | str) -> list[str]:
    """Add manifest rows for the documents it lacks, after a successful build; the files added.

    The one place besides an upload that writes into the corpus folder, and only because a
    user asked (``bangfu manifest``). The build comes first, so a build that fails or is
    killed leaves the manifest as it was.
    """
    corpus = Path(corpus)
    result, _ = load_or_build(corpus)
    missing = set(result.manifest_missing)
    added = update_manifest(corpus, [info for info in result.infos if info.file in missing])
    if added:
        result.manifest_missing = []
        save(corpus, result)
    return added
