"""The front door: the one object the CLI and the app use to reach the graph.

Why a facade: the CLI and the app each used to assemble cache, store, question service,
exporter and loader themselves, and the app re-computed hubs and cross-province counts in
pandas. Now both open a :class:`Bangfu` (from a corpus folder or a Bolt URI) and call its
methods; it is the only ui/ module that imports extract/, graph/ or query/. What it hands out
is answers, contract records (:mod:`graph.contract` dataclasses), plain dicts and file paths,
never a networkx graph or a driver, so the UI cannot tell which store answers.

From a Bolt server nothing is built locally: questions, explore tables, summaries and exports
all come from the server. Adding or removing a document changes the corpus folder and the
local cache; a Neo4j store then needs ``bangfu neo4j load`` to follow (the report says so).
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import BangfuError, CorpusError, DocumentError, ExportError, StoreError
from core.messages import message
from core.model import NODE_TYPE_LABELS
from extract.manifest import manifest_path
from graph.build import BuildResult
from graph.contract import DocumentEntry, Flow, Hub, StoreContract, Support, SupportFilter
from graph.export import FORMATS, ExportFormat, export_graph
from graph.store import NetworkxStore
from pipeline import (
    SUPPORTED_SUFFIXES,
    IngestReport,
    NewPairing,
    build_corpus,
    complete_manifest,
    corpus_files,
    merge_prepared,
    ocr_ahead,
    prepare_document,
    remove_document,
)
from query.model import Answer, Status
from query.network_view import MAX_EDGES, answer_network_data, network_data
from query.service import QAService
from ui.stores import Neo4jSettings

__all__ = [
    "FORMATS",
    "MAX_EDGES",
    "NODE_TYPE_LABELS",
    "SUPPORTED_SUFFIXES",
    "Answer",
    "Bangfu",
    "BangfuError",
    "DocumentEntry",
    "ExportError",
    "ExportFormat",
    "Flow",
    "Hub",
    "IngestReport",
    "Neo4jSettings",
    "NewPairing",
    "Status",
    "StoreError",
    "Summary",
    "Support",
    "SupportFilter",
]

Progress = Callable[[Iterable[Path]], Iterable[Path]]


@dataclass(frozen=True)
class Summary:
    """What a build or a store holds: documents, counts by type, and every warning."""

    source: str  # U060 (the embedded graph) or "Neo4j bolt://…"
    documents: list[str]
    nodes: dict[str, int]
    edges: dict[str, int]
    problems: list[Any] = field(default_factory=list)  # extract.records.Problem; none from Neo4j
    cached: bool = False
    manifest_missing: list[str] = field(default_factory=list)  # documents manifest.tsv does not list
    # per document: pairings read from its tables and from its running text (a build only)
    pairing_sources: dict[str, dict[str, int]] = field(default_factory=dict)
    ocr_confidence: dict[str, float] = field(default_factory=dict)  # OCR'd document -> mean confidence


def _not_found(name: str, files: list[str]) -> str:
    """未找到 with the corpus files closest to ``name`` (never a guess at which one was meant)."""
    close = difflib.get_close_matches(name, files, n=5, cutoff=0.4)
    if close:
        return message("E701", name=name, names="、".join(close))
    return message("E702", name=name)


class Bangfu:
    """One graph, whichever store holds it: questions, explore, export, documents, summary."""

    def __init__(
        self,
        store: StoreContract,
        *,
        corpus: Path | None,
        result: BuildResult | None = None,
        cached: bool = False,
        source: str | None = None,
    ) -> None:
        self._store = store
        self.corpus = Path(corpus) if corpus is not None else None
        self._result, self._cached, self.source = result, cached, source or message("U060")
        self._qa = QAService(store)  # type: ignore[arg-type]
        self.lock = threading.Lock()  # one corpus change at a time

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open_corpus(
        cls,
        corpus: Path | str,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        ocr_progress: Progress | None = None,
    ) -> Bangfu:
        """The embedded graph of a corpus folder, from the cache when the folder is unchanged.

        Scans not yet recognised are OCR'd first, page by page under ``ocr_progress``."""
        if Path(corpus).is_dir():
            ocr_ahead(corpus, progress=ocr_progress)
        result, cached = build_corpus(corpus, rebuild=rebuild, progress=progress)
        return cls(NetworkxStore(result.graph), corpus=Path(corpus), result=result, cached=cached)

    @classmethod
    def open_bolt(
        cls,
        uri: str,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        *,
        corpus: Path | str | None = None,
    ) -> Bangfu:
        """A Neo4j (or other Bolt) server holding a graph loaded by ``bangfu neo4j load``."""
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore.connect(uri, user, password, database=database)
        return cls(store, corpus=Path(corpus) if corpus is not None else None, source=f"Neo4j {uri}")

    @classmethod
    def open(cls, corpus: Path | str, bolt: Neo4jSettings | None = None, **kwargs: Any) -> Bangfu:
        """The server when ``bolt`` settings are given, else the corpus folder."""
        if bolt is not None:
            return cls.open_bolt(bolt.uri, bolt.user, bolt.password, bolt.database, corpus=corpus)
        return cls.open_corpus(corpus, **kwargs)

    @property
    def backend(self) -> str:
        return getattr(self._store, "backend", "networkx")

    def close(self) -> None:
        self._store.close()  # type: ignore[attr-defined]

    def __enter__(self) -> Bangfu:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- questions ----------------------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        return self._qa.ask(question)

    def examples(self) -> list[str]:
        return self._qa.examples()

    def warm_up(self) -> None:
        """Build the name index and load jieba now rather than on the first question."""
        self._qa.warm_up()

    def network(self, answer: Answer) -> dict[str, Any] | None:
        """Plain nodes/edges to draw around an answer (``None``: nothing to draw around)."""
        return answer_network_data(self._store, answer)

    def network_around(self, focus: list[str], *, expand: list[str] | None = None) -> dict[str, Any] | None:
        return network_data(self._store, focus, expand=expand)

    # -- explore ------------------------------------------------------------------------------

    def explore(self, filters: SupportFilter | None = None) -> list[Support]:
        """The pairings passing the filters (province of either side, document, programme, lead only)."""
        return self._store.supports(filters)

    def hubs(self, limit: int = 10, filters: SupportFilter | None = None,
             roles: tuple[str, ...] = ("supporter", "recipient")) -> list[Hub]:
        return self._store.hubs(limit, where=filters, roles=roles)

    def cross_province_flows(self, filters: SupportFilter | None = None) -> list[Flow]:
        return self._store.cross_province_flows(filters)

    def documents(self) -> list[DocumentEntry]:
        return self._store.documents()

    def filter_choices(self) -> tuple[list[str], list[tuple[str, str]], list[str]]:
        """Provinces, (label, file) documents and programmes that the pairings mention."""
        rows = self._store.supports()
        provinces = sorted({p for r in rows for p in (r.supporter_province, r.recipient_province) if p})
        labels = {d.file: d.label for d in self.documents() if d.file}
        docs = [(labels.get(d, d), d) for d in sorted({r.doc for r in rows if r.doc})]
        programs = sorted({r.program for r in rows if r.program})
        return provinces, docs, programs

    # -- export and summary ---------------------------------------------------------------------

    def export(self, fmt: str, out: Path | str) -> list[Path]:
        """Write the graph in ``fmt`` (see ``FORMATS``) to ``out``; from Neo4j, the server's graph."""
        return export_graph(self._store.whole_graph(), fmt, Path(out))  # type: ignore[attr-defined]

    def summary(self) -> Summary:
        counts = self._store.type_counts()
        if self._result is not None:
            r = self._result
            return Summary(self.source, list(r.documents), counts.nodes, counts.edges, list(r.problems),
                           self._cached, list(r.manifest_missing), dict(r.pairing_sources),
                           dict(r.ocr_confidence))
        files = sorted(d.file for d in self.documents() if d.file)
        return Summary(self.source, files, counts.nodes, counts.edges)

    # -- documents --------------------------------------------------------------------------------

    def _corpus(self) -> Path:
        if self.corpus is None:
            raise CorpusError(message("E707"))
        return self.corpus

    def _use(self, result: BuildResult) -> str:
        """Answer from ``result`` from now on; a note when the store (Neo4j) cannot follow by itself."""
        if self.backend != "networkx":
            return message("U061")
        store = NetworkxStore(result.graph)
        qa = QAService(store)
        qa.warm_up()
        self._store, self._qa, self._result, self._cached = store, qa, result, False
        return ""

    def add_document(
        self,
        path: Path | str,
        *,
        name: str | None = None,
        progress: Progress | None = None,
        ocr_progress: Progress | None = None,
    ) -> tuple[IngestReport, str]:
        """Copy a document into the corpus (as ``name``, default its own) and merge it into the
        graph: (what changed, a note for Neo4j). The file is read and extracted — a scan OCR'd
        first, page by page under ``ocr_progress`` — before the lock is taken, so a large upload
        holds up other corpus changes only for the merge (see :mod:`pipeline.ingest`)."""
        corpus = self._corpus()
        ocr_ahead(corpus, [Path(path)], progress=ocr_progress)
        prepared = prepare_document(corpus, Path(path), name=name)
        with self.lock:
            merge = merge_prepared(corpus, prepared, current=self._result, progress=progress)
            note = self._use(merge.after) if merge.changed else ""
        return merge.report(), note

    def corpus_files(self) -> list[str]:
        """The names of the corpus folder's documents: what :meth:`remove_document` accepts."""
        return [path.name for path in corpus_files(self._corpus())]

    def remove_document(self, name: str, *, progress: Progress | None = None) -> tuple[Summary, str]:
        """Delete one corpus file (by its name in the corpus) and its manifest row, and merge:
        (new summary, note). Only a user's request calls this. A name the corpus does not hold —
        a typo, a path, the manifest itself — is refused (未找到, with the closest names) and
        nothing changes."""
        corpus = self._corpus()
        with self.lock:
            files = self.corpus_files()
            if name not in files:
                raise DocumentError(_not_found(name, files))
            result = remove_document(corpus, name, progress=progress)
            note = self._use(result)
        return self.summary(), note

    @staticmethod
    def complete_manifest(corpus: Path | str) -> tuple[list[str], Path]:
        """Add manifest rows for documents it lacks, after a successful build (``bangfu manifest``):
        (files added, the manifest's path). The only write into a corpus besides an upload."""
        return complete_manifest(corpus), manifest_path(corpus)

    def rebuild(self, *, progress: Progress | None = None) -> tuple[Summary, str]:
        """Extract the corpus again, ignoring the cache: (new summary, note)."""
        with self.lock:
            result, _ = build_corpus(self._corpus(), rebuild=True, progress=progress)
            note = self._use(result)
        return self.summary(), note

    @staticmethod
    def load_into_bolt(
        corpus: Path | str, settings: Neo4jSettings, *, wipe: bool = False, batch_size: int = 500,
        progress: Progress | None = None,
    ) -> tuple[Any, Summary]:
        """Write a corpus's graph into a Bolt server (``bangfu neo4j load``): (load report, summary).

        The server is checked first: a wrong password should not wait for the corpus to be read.
        """
        from graph import neo4j_load
        from graph.neo4j_store import Neo4jStore

        s = settings
        with Neo4jStore.connect(s.uri, s.user, s.password, database=s.database) as target:
            door = Bangfu.open_corpus(corpus, progress=progress)
            graph = door._store.whole_graph()  # type: ignore[attr-defined]
            report = neo4j_load.load_graph(target, graph, wipe=wipe, batch_size=batch_size)
        return report, door.summary()
