"""Build the graph once per corpus state and keep it on disk.

The cache key covers the corpus files' bytes and the extractor code and data, so editing a
document, adding one, or upgrading bangfu rebuilds; nothing else does.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path

from core.errors import StoreError
from core.vocab import extra_dir
from extract.manifest import update_manifest
from extract.pipeline import corpus_files, extract_corpus
from graph.build import BuildResult, build_graph

CACHE_FORMAT = 1
_CODE_ROOTS = ("core", "extract", "graph")


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


def load_or_build(
    corpus: Path | str,
    *,
    rebuild: bool = False,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> tuple[BuildResult, bool]:
    """(result, from_cache): the cached graph when the corpus is unchanged, else a fresh build.

    A fresh build also adds manifest rows for documents the manifest lacks (filled with what
    was extracted, for a person to check), so every document is listed there.
    """
    corpus = Path(corpus)
    corpus_files(corpus)  # raises a clear error for a missing folder
    path = cache_dir(corpus) / f"graph-{corpus_fingerprint(corpus)}.pickle"
    if path.exists() and not rebuild:
        try:
            with path.open("rb") as handle:
                return pickle.load(handle), True
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            path.unlink(missing_ok=True)  # a stale or broken cache is rebuilt, not fatal
    extraction = extract_corpus(corpus, progress=progress)
    added = update_manifest(corpus, [r.info for r in extraction.results])
    if added:  # the manifest is part of the corpus: key the cache on its new state
        path = cache_dir(corpus) / f"graph-{corpus_fingerprint(corpus)}.pickle"
    result = build_graph(extraction)
    result.manifest_added = added
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("graph-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as err:
        raise StoreError(f"无法写入图缓存：{path}", detail=str(err)) from err
    return result, False
