"""Run every extractor over one document or a whole corpus folder.

Nothing is dropped: a file that cannot be read becomes a problem of the corpus and the
rest still builds; a document with no pairings says so.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import BangfuError, CorpusError
from core.records import DocumentInfo, ExtractionResult, Problem
from extract.docmeta import extract_info
from extract.document import ParsedDocument
from extract.manifest import apply_manifest, load_manifest
from extract.measures import extract_measures
from extract.name_check import unreadable_reason
from extract.ocr_places import correct_county_names
from extract.places import get_gazetteer
from extract.prose import extract_prose
from extract.readers import SUPPORTED_SUFFIXES, read_document
from extract.requirements import extract_requirements
from extract.tables import TableContext, extract_table, program_label

MANIFEST_NAME = "manifest.tsv"

log = logging.getLogger(__name__)


@dataclass
class CorpusExtraction:
    """Everything extracted from a corpus folder, plus the files that could not be read."""

    corpus: Path
    results: list[ExtractionResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for r in self.results for p in r.problems)]


def corpus_files(corpus: Path) -> list[Path]:
    """The documents of a corpus folder, in name order (the manifest is not a document)."""
    if not corpus.is_dir():
        raise CorpusError(f"找不到语料目录：{corpus}")
    return sorted(
        p for p in corpus.iterdir() if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
    )


def _table_context(doc: ParsedDocument, info: DocumentInfo, caption: str) -> TableContext:
    gazetteer = get_gazetteer()
    province = gazetteer.province_of_region(info.region or "") if info.region else None
    region_place = gazetteer.resolve(info.region, province_hint=province) if info.region else None
    region_county = region_place.name if region_place is not None and region_place.level == "county" else ""

    # Cached per table: a county is looked up once per table, not once per row (a 10 MB table
    # repeats the same few thousand counties).
    @functools.cache
    def is_county(cell: str) -> bool:
        return gazetteer.is_county(cell, province_hint=province)

    @functools.cache
    def county_prefixes(printed: str) -> tuple[str, ...]:
        place = gazetteer.resolve(printed, level="county", province_hint=province)
        return gazetteer.county_prefixes(place) if place is not None else (printed,)

    return TableContext(
        doc=doc.name,
        program=program_label(caption) if caption else (info.title or "帮扶关系"),
        region_county=region_county,
        is_county=is_county,
        county_prefixes=county_prefixes,
        source_format=doc.fmt,
        place_level=_place_level,
    )


def _place_level(name: str) -> str | None:
    """The level of the place a hospital's name starts with (tiers of symmetric wording)."""
    place = get_gazetteer().locate(name)
    return place.level if place is not None else None


def extract_parsed(doc: ParsedDocument, manifest_row: object | None = None) -> ExtractionResult:
    """All records of one already-read document."""
    doc, corrections = correct_county_names(doc, get_gazetteer())
    info = extract_info(doc)
    result = ExtractionResult(doc=doc.name, info=info, ocr_doubtful=dict(doc.ocr_doubtful))
    result.problems.extend(corrections)
    if manifest_row is not None:
        result.problems.extend(apply_manifest(info, manifest_row))
    table_names: set[str] = set()
    for table in doc.tables:
        caption = table.caption
        reason = unreadable_reason(caption) if caption else None
        if reason is not None:  # a caption with markup never names a programme
            result.problems.append(Problem(
                doc.name, table.section or "表格", "unreadable_caption",
                f"无法读取的表题（{reason}），改用文件标题作为帮扶项目名称：{caption[:200]}", caption[:200],
            ))
            caption = ""
        found = extract_table(table, _table_context(doc, info, caption))
        result.pairings.extend(found.pairings)
        result.orphans.extend(found.orphans)
        result.dispatches.extend(found.dispatches)
        result.aliases.extend(found.aliases)
        result.problems.extend(found.problems)
        table_names.update(p.supporter for p in found.pairings)
        table_names.update(p.recipient for p in found.pairings)
    prose = extract_prose(doc, known_names=sorted(table_names), place_level=_place_level)
    result.pairing_sources = {
        "table": len({(p.supporter, p.recipient) for p in result.pairings}),
        "prose": len({(p.supporter, p.recipient) for p in [*prose.pairings, *prose.leads]}),
    }
    result.pairings.extend(prose.pairings)
    result.leads.extend(prose.leads)
    result.aliases.extend(prose.aliases)
    result.problems.extend(prose.problems)
    result.requirements.extend(extract_requirements(doc))
    result.measures.extend(extract_measures(doc))
    if not result.pairings and not result.leads:
        result.problems.append(
            Problem(doc.name, "全文", "no_pairings", "本文件未发现帮扶关系（仍收录其文件信息、要求与措施）")
        )
    return result


def extract_file(
    path: Path, manifest_row: object | None = None, *, ocr_cache: Path | None = None
) -> ExtractionResult:
    return extract_parsed(read_document(path, ocr_cache=ocr_cache), manifest_row)


def extract_corpus(
    corpus: Path | str,
    *,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    reuse: Mapping[str, ExtractionResult] | None = None,
    ocr_cache: Path | None = None,
) -> CorpusExtraction:
    """Extract every supported file of ``corpus``; unreadable files become problems.

    ``reuse`` maps file names to extractions already made of those very files (an upload is
    extracted before it is copied in); they are taken as they are when the manifest has no row
    for them (a row would change what the extraction says), else the file is extracted again.
    ``ocr_cache`` is the folder of cached OCR results (scans are recognised once).
    """
    corpus = Path(corpus)
    files = corpus_files(corpus)
    manifest = load_manifest(corpus)
    extraction = CorpusExtraction(corpus=corpus)
    for path in progress(files) if progress else files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            extraction.problems.append(
                Problem(path.name, "文件", "unsupported", f"不支持的文件格式，已跳过：{path.name}")
            )
            continue
        reused = (reuse or {}).get(path.name)
        if reused is not None and path.name not in manifest:
            extraction.results.append(reused)
            continue
        try:
            extraction.results.append(extract_file(path, manifest.get(path.name), ocr_cache=ocr_cache))
        except BangfuError as err:
            log.warning("%s could not be read: %s %s", path, err.message, err.detail)
            extraction.problems.append(Problem(path.name, "文件", "unreadable", err.message))
    if not extraction.results:
        raise CorpusError(f"语料目录中没有可读取的文件：{corpus}")
    return extraction
