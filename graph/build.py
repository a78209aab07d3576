"""Records of a whole corpus -> one ``networkx.MultiDiGraph`` following :mod:`core.model`.

Resolution happens here, after every document has been read, because a short form in one
document can only be tied to a full name printed in another.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from core.messages import message
from core.model import EdgeType, Evidence, NodeType, node_id
from core.records import CorpusExtraction, DocumentInfo, ExtractionResult, Pairing, Problem
from extract.citations import link_citations
from extract.places import get_gazetteer
from extract.resolve import Resolution, resolve_hospitals
from graph.name_guard import screen_names
from graph.places import PlaceLinker
from graph.writer import GraphWriter


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    problems: list[Problem] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    manifest_missing: list[str] = field(default_factory=list)  # files the manifest does not list
    infos: list[DocumentInfo] = field(default_factory=list)  # each document's metadata, for its manifest row
    # per document: distinct pairings read from its tables and from its running text
    pairing_sources: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ocr_confidence(self) -> dict[str, float]:
        """OCR'd documents and their mean recognition confidence, for the build summary."""
        return {i.file: i.ocr_confidence for i in self.infos if i.ocr_confidence is not None}


class GraphBuilder:
    def __init__(self, extraction: CorpusExtraction) -> None:
        self.extraction = extraction
        self.w = GraphWriter()
        self.gaz = get_gazetteer()
        self.problems: list[Problem] = list(extraction.all_problems)
        self.results: list[ExtractionResult] = []
        for result in extraction.results:
            screened, problems = screen_names(result)
            self.results.append(screened)
            self.problems.extend(problems)
        self.province_of_doc: dict[str, str | None] = {
            r.doc: self.gaz.province_of_region(r.info.region) if r.info.region else None for r in self.results
        }
        self.resolution: Resolution | None = None
        self.info_of: dict[str, DocumentInfo] = {r.doc: r.info for r in self.results}
        # Gazetteer look-ups once per name, not once per table row (cached on this builder only)
        self._rename_former = functools.cache(self._rename_former)  # type: ignore[method-assign]
        self._province_of_name = functools.cache(self._province_of_name)  # type: ignore[method-assign]

    # -- helpers ---------------------------------------------------------------------------
    def _rename_former(self, name: str) -> str | None:
        place = self.gaz.locate(name)
        if place is None or not place.printed or place.printed == place.name:
            return None
        if not name.startswith(place.printed):
            return None
        return place.name + name[len(place.printed) :]

    def _province_of_name(self, name: str) -> str | None:
        place = self.gaz.locate(name)
        return place.province if place is not None else None

    def _hospital(self, doc: str, surface: str, evidence: Evidence) -> str:
        assert self.resolution is not None
        name = self.resolution.canonical(doc, surface)
        nid = self.w.node(node_id(NodeType.HOSPITAL, name), NodeType.HOSPITAL, name, evidence)
        if surface != name:
            self.w.alias(nid, surface, doc, evidence.where)
        return nid

    # -- building --------------------------------------------------------------------------
    def build(self) -> BuildResult:
        links, citation_problems = link_citations([r.info for r in self.results])
        self.problems.extend(citation_problems)
        self.resolution = resolve_hospitals(
            self.results,
            province_of_doc=self.province_of_doc,
            province_of_name=self._province_of_name,
            rename_former=self._rename_former,
        )
        self.problems.extend(self.resolution.problems)
        for result in self.results:
            self._document(result.info)
        for link in links:
            self._citation(link)
        for result in self.results:
            self._pairings(result)
            self._leads(result)
            self._orphans(result)
            self._dispatches(result)
            self._requirements(result)
            self._measures(result)
        self._aliases()
        PlaceLinker(self.w, self.gaz, self.province_of_doc, self.problems).locate_hospitals()
        return BuildResult(
            self.w.g,
            self.problems,
            [r.doc for r in self.results],
            pairing_sources={r.doc: dict(r.pairing_sources) for r in self.results},
            infos=[r.info for r in self.results],
        )

    def _document(self, info: DocumentInfo) -> None:
        evidence = info.evidence or Evidence(info.file, message("P821"), info.title or info.file)
        self.w.node(
            node_id(NodeType.DOCUMENT, info.file),
            NodeType.DOCUMENT,
            info.title or info.file,
            evidence,
            file=info.file,
            number=info.number,
            title=info.title,
            issuers=list(info.issuers),
            date=info.date,
            year=info.year,
            region=info.region,
            period=info.period,
            number_source=info.number_source,
        )
        if info.number:
            self.w.alias(node_id(NodeType.DOCUMENT, info.file), info.number, info.file, message("P822"))

    def _doc_node_for(self, target_file: str | None, number: str | None, title: str | None) -> str:
        if target_file:
            return node_id(NodeType.DOCUMENT, target_file)
        key = number or title or message("P823")
        return self.w.node(
            node_id(NodeType.DOCUMENT, key),
            NodeType.DOCUMENT,
            title or key,
            number=number,
            title=title,
            stub=True,
        )

    def _citation(self, link: Any) -> None:
        source = node_id(NodeType.DOCUMENT, link.source)
        target = self._doc_node_for(link.target, link.number, link.title)
        if source == target:
            return
        edge_type = EdgeType.CONTAINS if getattr(link, "contains", False) else EdgeType.CITES
        quote = f"《{link.title}》" if link.title else ""
        quote += f"（{link.number}）" if link.number else ""
        evidence = Evidence(link.source, getattr(link, "where", "") or message("P824"), quote)
        self.w.edge(
            source,
            target,
            edge_type,
            f"{edge_type}:{link.number or link.title}",
            evidence,
            number=link.number,
            title=link.title,
            basis=bool(getattr(link, "basis", False)),
        )

    def _program(self, doc: str, program: str, evidence: Evidence) -> str:
        info = self.info_of[doc]
        pid = self.w.node(
            node_id(NodeType.PROGRAM, f"{doc}#{program}"),
            NodeType.PROGRAM,
            program,
            evidence,
            doc=doc,
            period=info.period,
            year=info.year,
            region=info.region,
        )
        doc_id = node_id(NodeType.DOCUMENT, doc)
        self.w.edge(doc_id, pid, EdgeType.ESTABLISHES, f"ESTABLISHES:{program}", evidence)
        return pid

    def _support_edge(self, doc: str, p: Pairing) -> None:
        supporter = self._hospital(doc, p.supporter, p.evidence)
        recipient = self._hospital(doc, p.recipient, p.evidence)
        self._program(doc, p.program, p.evidence)
        key = f"{doc}|{p.program}|{supporter}|{recipient}"
        data = self.w.edge(
            supporter,
            recipient,
            EdgeType.SUPPORTS,
            key,
            p.evidence,
            lead=p.lead,
            program=p.program,
            county=p.county,
            needs=list(p.needs),
            period=p.period,
            row=p.row,
            kind=p.kind,
        )
        data["lead"] = data["lead"] or p.lead
        data["kind"] = data.get("kind") or p.kind

    def _pairings(self, result: ExtractionResult) -> None:
        for p in result.pairings:
            self._support_edge(result.doc, p)

    def _leads(self, result: ExtractionResult) -> None:
        """主责/牵头 sentences mark existing pairings of the same document as led."""
        g = self.w.g
        for lead in result.leads:
            supporter = self._hospital(result.doc, lead.supporter, lead.evidence)
            recipient = self._hospital(result.doc, lead.recipient, lead.evidence)
            edges = [
                (key, data)
                for _, target, key, data in g.out_edges(supporter, keys=True, data=True)
                if target == recipient and data["type"] == EdgeType.SUPPORTS and data["doc"] == result.doc
            ]
            if not edges:
                program = lead.evidence.where
                pairing = Pairing(
                    lead.supporter, lead.recipient, program, lead.evidence, lead=True, kind=lead.kind
                )
                self._support_edge(result.doc, pairing)
                continue
            for key, data in edges:
                data["lead"] = True
                data["lead_where"] = lead.evidence.where
                data["lead_quote"] = lead.evidence.quote
                self.w.add_evidence((supporter, recipient, key), data["evidence"], lead.evidence)

    def _orphans(self, result: ExtractionResult) -> None:
        for orphan in result.orphans:
            nid = self._hospital(result.doc, orphan.recipient, orphan.evidence)
            data = self.w.g.nodes[nid]
            data.setdefault("orphan_in", []).append(orphan.evidence.as_dict())
            if not data.get("orphan"):  # scalar copies: every store can filter and cite them
                data.update(
                    orphan=True,
                    orphan_doc=orphan.evidence.doc,
                    orphan_where=orphan.evidence.where,
                    orphan_quote=orphan.evidence.quote,
                )
            if orphan.county:
                self.w.g.nodes[nid].setdefault("printed_county", orphan.county)

    def _dispatches(self, result: ExtractionResult) -> None:
        for d in result.dispatches:
            sender = self._hospital(result.doc, d.from_hospital, d.evidence)
            target = self._hospital(result.doc, d.to_hospital, d.evidence)
            sender_name = self.w.g.nodes[sender]["name"]
            pid = self.w.node(
                node_id(NodeType.PERSON, f"{sender_name}/{d.person}"),
                NodeType.PERSON,
                d.person,
                d.evidence,
                hospital=sender_name,
            )
            if d.notes:
                notes = self.w.g.nodes[pid].setdefault("notes", [])
                if d.notes not in notes:
                    notes.append(d.notes)
            self.w.edge(pid, sender, EdgeType.MEMBER_OF, "MEMBER_OF", d.evidence)
            self.w.edge(
                pid,
                target,
                EdgeType.DISPATCHED_TO,
                f"{result.doc}|{d.row}|{target}",
                d.evidence,
                from_hospital=sender_name,
                period=d.period,
                row=d.row,
                notes=d.notes,
                program=d.program,
            )

    def _requirements(self, result: ExtractionResult) -> None:
        doc_id = node_id(NodeType.DOCUMENT, result.doc)
        for i, req in enumerate(result.requirements, start=1):
            rid = self.w.node(
                node_id(NodeType.REQUIREMENT, f"{result.doc}#{i}"),
                NodeType.REQUIREMENT,
                req.text,
                req.evidence,
                doc=result.doc,
                topic=req.topic,
                text=req.text,
                value=req.value,
                unit=req.unit,
                subject=req.subject,
                section=req.evidence.where,
            )
            self.w.edge(doc_id, rid, EdgeType.REQUIRES, "REQUIRES", req.evidence)

    def _measures(self, result: ExtractionResult) -> None:
        doc_id = node_id(NodeType.DOCUMENT, result.doc)
        for m in result.measures:
            mid = self.w.node(
                node_id(NodeType.MEASURE, f"{result.doc}#{m.ordinal}"),
                NodeType.MEASURE,
                m.title,
                m.evidence,
                doc=result.doc,
                ordinal=m.ordinal,
                category=m.category,
                title=m.title,
                text=m.text,
            )
            self.w.edge(doc_id, mid, EdgeType.RECOMMENDS, "RECOMMENDS", m.evidence)

    def _aliases(self) -> None:
        assert self.resolution is not None
        g = self.w.g
        for canonical, aliases in self.resolution.aliases.items():
            nid = node_id(NodeType.HOSPITAL, canonical)
            if nid not in g:
                continue
            for alias in aliases:
                self.w.alias(nid, alias.surface, alias.doc, alias.where)
        for main, other, evidence in self.resolution.see_also:
            a = self.w.node(node_id(NodeType.HOSPITAL, main), NodeType.HOSPITAL, main, evidence)
            b = self.w.node(node_id(NodeType.HOSPITAL, other), NodeType.HOSPITAL, other, evidence)
            note = message("P825", main=main, other=other)
            self.w.edge(a, b, EdgeType.SEE_ALSO, "SEE_ALSO", evidence, note=note)


def build_graph(extraction: CorpusExtraction) -> BuildResult:
    """The knowledge graph of a corpus, with every problem met on the way."""
    return GraphBuilder(extraction).build()


def summarize(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Counts of nodes and edges by type, for the build summary."""
    nodes: dict[str, int] = defaultdict(int)
    edges: dict[str, int] = defaultdict(int)
    for _, data in graph.nodes(data=True):
        nodes[data["type"]] += 1
    for _, _, data in graph.edges(data=True):
        edges[data["type"]] += 1
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}
