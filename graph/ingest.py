"""Add one policy document to a corpus and rebuild the graph, reporting what it brought.

Why a separate step from :func:`graph.cache.load_or_build`: a document added from a browser
is untrusted. It is read and extracted *alone* first, so a corrupt, empty or unsupported file
raises :class:`~core.errors.DocumentError` before a single byte of the corpus changes. Only
then is it copied in (under its own, sanitised name, so it survives a restart like any other
corpus file), the graph rebuilt, and only then listed in the manifest (one atomic write). If
the rebuild or the manifest write fails the copy is removed, so the corpus is never left
half-changed.

The report is a diff of the graph before and after, not a re-statement of the extraction:
what a user needs to trust is what actually entered the graph (resolution may merge a new
name into a known hospital, and that is what the counts show).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import BangfuError, CorpusError, DocumentError
from core.records import ExtractionResult, Problem
from extract.manifest import MANIFEST_NAME, update_manifest
from extract.pipeline import corpus_files, extract_parsed
from extract.readers import SUPPORTED_SUFFIXES, read_document
from graph.build import BuildResult, summarize
from graph.cache import load_or_build, ocr_cache_dir, save

__all__ = ["IngestReport", "NewPairing", "PreparedDocument", "add_document", "add_prepared",
           "prepare_document", "safe_name"]

log = logging.getLogger(__name__)

Progress = Callable[[Iterable[Path]], Iterable[Path]]

_UNSAFE = re.compile(r"[\\/:*?<>|\x00-\x1f\x7f]+")  # a " is kept: 关于"组团式"帮扶的通知.docx
_MAX_NAME = 120


@dataclass(frozen=True)
class NewPairing:
    """A SUPPORTS edge that was not in the graph before the upload, with its evidence."""

    supporter: str
    recipient: str
    lead: bool
    program: str
    where: str
    quote: str


@dataclass
class IngestReport:
    """What an upload changed. ``already_present``: the same bytes were already in the corpus."""

    file: str  # the name the document has in the corpus
    title: str = ""
    number: str = ""
    already_present: bool = False
    documents: list[str] = field(default_factory=list)  # corpus files that are new to the graph
    nodes_added: dict[str, int] = field(default_factory=dict)  # node type -> change in count
    edges_added: dict[str, int] = field(default_factory=dict)  # edge type -> change in count
    new_hospitals: list[str] = field(default_factory=list)
    pairings: list[NewPairing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings about this file only
    result: BuildResult | None = None  # the rebuilt graph, for a caller that swaps its store


def safe_name(name: str) -> str:
    """The original file name, made safe to store: no folders, no control or reserved characters.

    Chinese names are kept as they are (they are how officials recognise their files); only
    what a file system or a path traversal could misuse is replaced.
    """
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip().lstrip(".").strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix.lower()
    stem = stem[: _MAX_NAME - len(suffix) - 1].strip() or "上传文件"
    return f"{stem}.{suffix}" if suffix else stem


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extract_alone(upload: Path, name: str, ocr_cache: Path | None = None) -> ExtractionResult:
    """Read and extract the file on its own: any failure here leaves the corpus untouched."""
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"不支持的文件格式：{name}（支持 {'、'.join(SUPPORTED_SUFFIXES)}）")
    parsed = read_document(upload, name, ocr_cache=ocr_cache)
    if not parsed.paragraphs and not parsed.tables:
        raise DocumentError(f"文件中没有可读取的文字（可能是扫描件或空白文档）：{name}")
    try:
        return extract_parsed(parsed)
    except BangfuError:
        raise
    except Exception as exc:  # an extractor tripping on odd input is still "this file is bad"
        raise DocumentError(f"无法从文件中抽取内容：{name}", detail=type(exc).__name__) from exc


def _check_clash(corpus: Path, upload: Path, name: str) -> bool:
    """True when the very same file is already in the corpus; raise for a conflicting one."""
    digest = _digest(upload)
    target = corpus / name
    if target.exists():
        if _digest(target) == digest:
            return True
        raise DocumentError(
            f"语料中已有同名文件“{name}”，但内容不同。请改名后再上传，或先移除旧文件。"
        )
    for existing in corpus_files(corpus):
        if _digest(existing) == digest:
            raise DocumentError(f"语料中已有内容完全相同的文件“{existing.name}”，未重复添加。")
    return False


def _support_edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str, Any], dict[str, Any]]:
    return {(u, v, k): d for u, v, k, d in graph.edges(keys=True, data=True) if d["type"] == "SUPPORTS"}


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    changed = {key: after.get(key, 0) - before.get(key, 0) for key in sorted({*before, *after})}
    return {key: value for key, value in changed.items() if value}


def _report(name: str, extraction: ExtractionResult, before: BuildResult, after: BuildResult) -> IngestReport:
    old_counts, new_counts = summarize(before.graph), summarize(after.graph)
    old_edges = _support_edges(before.graph)
    g = after.graph
    pairings = [
        NewPairing(
            supporter=g.nodes[u]["name"], recipient=g.nodes[v]["name"], lead=bool(d.get("lead")),
            program=d.get("program") or "", where=d.get("where") or "", quote=d.get("quote") or "",
        )
        for (u, v, k), d in _support_edges(g).items()
        if (u, v, k) not in old_edges
    ]
    pairings.sort(key=lambda p: (p.where, p.recipient, not p.lead, p.supporter))
    new_hospitals = sorted(
        data["name"] for nid, data in g.nodes(data=True)
        if data["type"] == "Hospital" and nid not in before.graph
    )
    return IngestReport(
        file=name,
        title=extraction.info.title or "",
        number=extraction.info.number or "",
        documents=[doc for doc in after.documents if doc not in before.documents],
        nodes_added=_delta(old_counts["nodes"], new_counts["nodes"]),
        edges_added=_delta(old_counts["edges"], new_counts["edges"]),
        new_hospitals=new_hospitals,
        pairings=pairings,
        problems=[p for p in after.problems if p.doc == name],
        result=after,
    )


@dataclass(frozen=True)
class PreparedDocument:
    """An upload read and extracted on its own, ready to merge: what needs no corpus lock."""

    upload: Path
    name: str  # the name it will have in the corpus
    extraction: ExtractionResult


def prepare_document(
    upload: Path | str, *, name: str | None = None, ocr_cache: Path | None = None
) -> PreparedDocument:
    """Step one of an upload, outside the corpus lock: check the name, read and extract the file.

    Reading a large file is the slow part of an upload; doing it here means one long upload no
    longer holds up every other upload and rebuild. Raises :class:`~core.errors.DocumentError`
    (Chinese) for a reserved name or an unsupported, corrupt or empty file.
    """
    upload = Path(upload)
    stored = safe_name(name or upload.name)
    if stored == MANIFEST_NAME:
        raise DocumentError(f"文件名“{stored}”为语料清单保留，请改名后再上传。")
    return PreparedDocument(upload, stored, _extract_alone(upload, stored, ocr_cache))


def add_prepared(corpus: Path | str, prepared: PreparedDocument, *, progress: Progress | None = None
                 ) -> IngestReport:
    """Step two, under the corpus lock: copy the file in, rebuild (reusing its extraction), and
    list it in the manifest last. Raises :class:`~core.errors.DocumentError` for a name clash
    with a different file; on any failure the corpus is left as it was.
    """
    corpus, upload, stored, extraction = Path(corpus), prepared.upload, prepared.name, prepared.extraction
    before, _ = load_or_build(corpus)
    if _check_clash(corpus, upload, stored):
        info = extraction.info
        return IngestReport(file=stored, title=info.title or "", number=info.number or "",
                            already_present=True, result=before)

    target = corpus / stored
    partial = corpus / f".{stored}.part"  # hidden from corpus_files until complete
    try:
        shutil.copyfile(upload, partial)
        partial.replace(target)
        after, _ = load_or_build(corpus, rebuild=True, progress=progress, reuse={stored: extraction})
        # the manifest row last, in one atomic write: a failed or killed build leaves none
        if update_manifest(corpus, [info for info in after.infos if info.file == stored]):
            after.manifest_missing = [doc for doc in after.manifest_missing if doc != stored]
            save(corpus, after)
    except BaseException as err:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            log.warning("adding %s to %s failed: %r", stored, corpus, err)
            raise CorpusError(f"无法把文件写入语料目录：{corpus}（请检查该文件夹是否可写）") from err
        raise
    return _report(stored, extraction, before, after)


def add_document(
    corpus: Path | str,
    upload: Path | str,
    *,
    name: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Add ``upload`` to ``corpus`` (as ``name``, default the upload's own file name) and rebuild:
    :func:`prepare_document` then :func:`add_prepared`, for a caller with no lock to keep short.

    ``progress`` wraps the rebuild's file iteration, as for :func:`graph.cache.load_or_build`.
    """
    prepared = prepare_document(upload, name=name, ocr_cache=ocr_cache_dir(Path(corpus)))
    return add_prepared(corpus, prepared, progress=progress)
