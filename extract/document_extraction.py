"""Run every extractor over one document that has been read.

Why apart from the corpus pipeline (:mod:`pipeline`): this is the *extract* step only — one
document in, its records out — so it knows nothing of corpus folders, caches or graphs. A
problem met on the way is kept on the result, never dropped; a document with no pairings
says so.
"""

from __future__ import annotations

import functools
from pathlib import Path

from core.messages import message
from core.records import DocumentInfo, ExtractionResult, Problem
from extract.docmeta import extract_info
from extract.document import ParsedDocument
from extract.manifest import ManifestRow, apply_manifest
from extract.measures import extract_measures
from extract.name_check import unreadable_reason
from extract.ocr_places import correct_county_names
from extract.places import get_gazetteer
from extract.prose import extract_prose
from extract.readers import read_document
from extract.requirements import extract_requirements
from extract.tables import TableContext, extract_table, program_label


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
        program=program_label(caption) if caption else (info.title or message("P613")),
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


def extract_parsed(doc: ParsedDocument, manifest_row: ManifestRow | None = None) -> ExtractionResult:
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
                doc.name, table.section or message("P610"), "unreadable_caption",
                message("P601", reason=reason, caption=caption[:200]), caption[:200],
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
            Problem(doc.name, message("P611"), "no_pairings", message("P602"))
        )
    return result


def extract_file(
    path: Path, manifest_row: ManifestRow | None = None, *, ocr_cache: Path | None = None
) -> ExtractionResult:
    """Read ``path`` and extract all its records (a scan through the OCR cache folder)."""
    return extract_parsed(read_document(path, ocr_cache=ocr_cache), manifest_row)
