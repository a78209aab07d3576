"""Add one policy document to a corpus, or remove one: the ingest step of the pipeline.

Why a separate step from :func:`pipeline.build.build_corpus`: a document added from a browser
is untrusted. It is read and extracted *alone* first, outside the corpus lock, so a corrupt,
empty or unsupported file raises :class:`~core.errors.DocumentError` before a single byte of
the corpus changes. Only then, under the lock, is it copied in (under its own, sanitised
name, so it survives a restart like any other corpus file) and merged: the graph is rebuilt
from the cached records of the other documents plus the new one's — nothing else is read or
extracted again (hospital names are resolved across documents, so the graph itself is
rebuilt, not patched) — and only then is the document listed in the manifest (one atomic
write). If the merge or the manifest write fails the copy is removed, so the corpus is never
left half-changed. Removing a document (and its manifest row) is the same merge without it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core.atomic import replace_file
from core.errors import BangfuError, CorpusError, DocumentError
from core.messages import message
from core.records import ExtractionResult
from extract.document_extraction import extract_parsed
from extract.manifest import (
    MANIFEST_NAME,
    ManifestRow,
    load_manifest,
    manifest_path,
    remove_rows,
    update_manifest,
)
from extract.readers import SUPPORTED_SUFFIXES, read_document
from graph.build import BuildResult
from pipeline.build import build_corpus, build_from_records, refile_records
from pipeline.cache import ocr_cache_dir, save_graph
from pipeline.corpus import Progress, corpus_files
from pipeline.report import IngestReport, changes

__all__ = ["Merge", "PreparedDocument", "add_document", "add_prepared", "merge_prepared", "prepare_document",
           "remove_document", "safe_name"]

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[\\/:*?<>|\x00-\x1f\x7f]+")  # a " is kept: 关于"组团式"帮扶的通知.docx
_MAX_NAME = 120


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
    stem = stem[: _MAX_NAME - len(suffix) - 1].strip() or message("P614")
    return f"{stem}.{suffix}" if suffix else stem


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extract_alone(upload: Path, name: str, row: ManifestRow | None, ocr_cache: Path | None
                   ) -> ExtractionResult:
    """Read and extract the file on its own: any failure here leaves the corpus untouched."""
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(message("E611", name=name, suffixes="、".join(SUPPORTED_SUFFIXES)))
    parsed = read_document(upload, name, ocr_cache=ocr_cache)
    if not parsed.paragraphs and not parsed.tables:
        raise DocumentError(message("E612", name=name))
    try:
        return extract_parsed(parsed, row)
    except BangfuError:
        raise
    except Exception as exc:  # an extractor tripping on odd input is still "this file is bad"
        raise DocumentError(message("E613", name=name), detail=type(exc).__name__) from exc


def _check_clash(corpus: Path, upload: Path, name: str) -> bool:
    """True when the very same file is already in the corpus; raise for a conflicting one."""
    digest = _digest(upload)
    target = corpus / name
    if target.exists():
        if _digest(target) == digest:
            return True
        raise DocumentError(message("E614", name=name))
    for existing in corpus_files(corpus):
        if _digest(existing) == digest:
            raise DocumentError(message("E615", existing=existing.name))
    return False


@dataclass(frozen=True)
class PreparedDocument:
    """An upload read and extracted on its own, ready to merge: what needs no corpus lock."""

    upload: Path
    name: str  # the name it will have in the corpus
    extraction: ExtractionResult
    row: ManifestRow | None  # the manifest row it was extracted with (a removed file's row stays)


def prepare_document(corpus: Path | str, upload: Path | str, *, name: str | None = None) -> PreparedDocument:
    """Step one of an upload, outside the corpus lock: check the name, read and extract the file.

    Reading a large file is the slow part of an upload; doing it here means one long upload
    does not hold up every other upload and rebuild. Raises :class:`~core.errors.DocumentError`
    (Chinese) for a reserved name or an unsupported, corrupt or empty file.
    """
    corpus, upload = Path(corpus), Path(upload)
    stored = safe_name(name or upload.name)
    if stored == MANIFEST_NAME:
        raise DocumentError(message("E616", name=stored))
    row = load_manifest(corpus).get(stored)
    return PreparedDocument(upload, stored, _extract_alone(upload, stored, row, ocr_cache_dir(corpus)), row)


@dataclass(frozen=True)
class Merge:
    """What the merge under the lock did: the graph before and after (``after is before`` when
    the very same file was already in the corpus). The report is made from it after the lock."""

    name: str
    extraction: ExtractionResult
    before: BuildResult
    after: BuildResult

    @property
    def changed(self) -> bool:
        return self.after is not self.before

    def report(self) -> IngestReport:
        """What the upload changed (a diff of two graphs: no corpus access, so no lock needed)."""
        if not self.changed:
            info = self.extraction.info
            return IngestReport(file=self.name, title=info.title or "", number=info.number or "",
                                already_present=True, result=self.before)
        return changes(self.name, self.extraction, self.before, self.after)


def merge_prepared(corpus: Path | str, prepared: PreparedDocument, *, current: BuildResult | None = None,
                   progress: Progress | None = None) -> Merge:
    """Step two, under the corpus lock: copy the file in, merge its records into the graph (the
    other documents' records come from the cache: nothing else is read or extracted), list it
    in the manifest last (one atomic write), and cache the new graph once.

    ``current`` is the graph of the corpus as it is (a running app holds it), to save reading
    it from the cache. Raises :class:`~core.errors.DocumentError` for a name clash with a
    different file; on any failure the corpus is left as it was.
    """
    corpus, upload, stored = Path(corpus), prepared.upload, prepared.name
    before = current if current is not None else build_corpus(corpus)[0]
    extraction = prepared.extraction
    if _check_clash(corpus, upload, stored):
        return Merge(stored, extraction, before, before)
    row = load_manifest(corpus).get(stored)
    if row != prepared.row:  # the manifest was edited since the file was read: read it with the new row
        extraction = _extract_alone(upload, stored, row, ocr_cache_dir(corpus))

    target = corpus / stored
    partial = corpus / f".{stored}.part"  # hidden from corpus_files until complete
    try:
        shutil.copyfile(upload, partial)
        partial.replace(target)
        after = build_from_records(corpus, progress=progress, reuse={stored: extraction})
        # the manifest row last, in one atomic write: a failed or killed merge leaves none
        if update_manifest(corpus, [info for info in after.infos if info.file == stored]):
            refile_records(corpus, [stored])
            after.manifest_missing = [doc for doc in after.manifest_missing if doc != stored]
        save_graph(corpus, after)
    except BaseException as err:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            log.warning("adding %s to %s failed: %r", stored, corpus, err)
            raise CorpusError(message("E617", corpus=corpus)) from err
        raise
    return Merge(stored, extraction, before, after)


def add_prepared(corpus: Path | str, prepared: PreparedDocument, *, progress: Progress | None = None
                 ) -> IngestReport:
    """:func:`merge_prepared` and its report, for a caller that keeps no graph and no lock."""
    return merge_prepared(corpus, prepared, progress=progress).report()


def add_document(
    corpus: Path | str,
    upload: Path | str,
    *,
    name: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Add ``upload`` to ``corpus`` (as ``name``, default the upload's own file name):
    :func:`prepare_document` then :func:`add_prepared`, for a caller with no lock to keep short.

    ``progress`` wraps the merge's file iteration, as for :func:`pipeline.build.build_corpus`.
    """
    return add_prepared(corpus, prepare_document(corpus, upload, name=name), progress=progress)


def remove_document(corpus: Path | str, name: str, *, progress: Progress | None = None) -> BuildResult:
    """Delete one corpus file (by its name in the corpus) and its manifest row, and merge: the
    graph without it, built from the other documents' cached records.

    Only a user's request calls this (``bangfu remove``, the app's 删除文件), and it takes the
    document out whole: a row left behind would describe a file that is not there. The row goes
    first (one atomic write, every other line kept byte for byte), then the file; if the file
    cannot be deleted the manifest is put back as it was, so the corpus is never left
    half-changed. :class:`~core.errors.DocumentError` for a name that is not a document of the
    corpus (the front door first answers such a name with the closest ones).
    """
    corpus = Path(corpus)
    target, manifest = corpus / name, manifest_path(corpus)
    if Path(name).name != name or name.startswith(".") or name == MANIFEST_NAME or not target.is_file():
        raise DocumentError(message("E618", name=name))
    before = manifest.read_bytes() if manifest.is_file() else None
    remove_rows(corpus, [name])
    try:
        target.unlink()
    except OSError as err:
        log.warning("removing %s failed: %r", target, err)
        if before is not None and manifest.read_bytes() != before:
            replace_file(manifest, before)
        raise CorpusError(message("E619", path=target)) from err
    result, _ = build_corpus(corpus, progress=progress)
    return result
