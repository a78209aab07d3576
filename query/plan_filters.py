"""Constraints of a frame applied to facts: documents in scope, annex, kind, place of a side.

Every plan filters its rows here, so a constraint limits the facts *and* their evidence
(an answer about 贵州's rules quotes 贵州's document only). A document named by a short title
(云南方案, 科左中旗的方案, 国家2016年的方案, 109号文) is resolved against the corpus here,
from the document's region, title, year and 文号 — never from a list of titles.
"""

from __future__ import annotations

import re

from graph.contract import DocumentEntry, Support
from query.context import Context
from query.frame import Constraints, Frame

__all__ = ["DocScope", "apply", "doc_scope", "region_matches"]

_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def _short_region(region: str) -> str:
    for suffix in _REGION_SUFFIXES:
        if region.endswith(suffix) and len(region) > len(suffix) + 1:
            return region[: -len(suffix)]
    return region


def region_matches(term: str, row: DocumentEntry) -> bool:
    """A word of the question names a document's region (云南 ~ 云南省) or its title (科左中旗)."""
    region = row.region or ""
    if not term or not region:
        return False
    short = _short_region(region)
    return term in (region, short) or region.startswith(term) or term in (row.title or "")


def _regions_in_text(text: str, rows: list[DocumentEntry]) -> list[str]:
    """Regions of corpus documents that the question writes out (贵州, 江西省) though the graph
    has no place node for them (a province with no hospital in the graph)."""
    found = []
    for row in rows:
        region = row.region or ""
        short = _short_region(region)
        if region and len(short) >= 2 and short in text:
            found.append(short)
    return found


class DocScope:
    """The documents a frame limits its facts to: ``files`` (corpus files) and ``ids``.

    ``None`` means no document constraint; an empty scope means the constraint matched no
    document (the answer then says so instead of widening).
    """

    def __init__(self, files: list[str] | None, ids: list[str] | None, label: str = "") -> None:
        self.files = files
        self.ids = ids
        self.label = label

    @property
    def limited(self) -> bool:
        return self.files is not None


def doc_scope(ctx: Context, frame: Frame, *, regional: bool = False) -> DocScope:
    """The documents in scope. ``regional``: the facts asked are a document's own (rules,
    measures), so a place alone (贵州的驻点时间要求) names the documents of that region."""
    c = frame.constraints
    rows = list(ctx.documents.values())
    every = rows
    if c.document is not None and c.document.resolved:
        ids = c.document.node_ids
        chosen = [r for r in every if r.id in ids]
        return _scope(chosen)
    if c.number_tail:
        chosen = [r for r in every if (r.number or "").endswith(f"〕{c.number_tail}号")]
        return _scope(chosen)
    if not (c.document_words or c.annex or c.year or regional):
        return DocScope(None, None)
    chosen = [r for r in rows if not r.stub]
    terms = [t for t in (*c.scope_terms, *_regions_in_text(frame.masked, chosen)) if t]
    if terms:
        chosen = [r for r in chosen if any(region_matches(t, r) for t in terms)]
    if c.year:
        chosen = [r for r in chosen if r.year == c.year]
    if not terms and not c.year:
        return DocScope(None, None)
    return _scope(chosen)


def _scope(rows: list[DocumentEntry]) -> DocScope:
    files = [r.file for r in rows if r.file]
    label = "、".join(r.number or r.title or r.id for r in rows)
    return DocScope(files, [r.id for r in rows], label)


def _annex_of(row: Support) -> str:
    return (row.where or "").split(" ")[0]


def _kind_ok(name: str, kind: str | None) -> bool:
    """A name of that kind: the kind word ends it, or a qualifier of up to two characters sits
    between (中医佉医医院: a 中医 hospital of the 佤 medicine); 中医药大学…医院 is not one."""
    return kind is None or re.search(re.escape(kind) + r".{0,2}医?院$", name) is not None


def apply(ctx: Context, frame: Frame, rows: list[Support], *, asked: str) -> list[Support]:
    """Support rows kept by the frame's constraints; ``asked`` is the side listed in the
    answer (supporter or recipient), which a hospital kind limits."""
    c: Constraints = frame.constraints
    scope = doc_scope(ctx, frame)
    if scope.limited:
        rows = [r for r in rows if r.doc in (scope.files or [])]
    if c.annex:
        rows = [r for r in rows if _annex_of(r) == c.annex]
    if c.hospital_kind:
        rows = [r for r in rows if _kind_ok(getattr(r, asked), c.hospital_kind)]
    if c.lead_only:
        rows = [r for r in rows if r.lead]
    if c.exclude_lead:
        rows = [r for r in rows if not r.lead]
    if c.exclude:
        left_out = {i for m in c.exclude for i in m.node_ids}
        rows = [r for r in rows if getattr(r, f"{asked}_id") not in left_out]
    if c.supporter_place is not None and c.supporter_place.resolved:
        names = set(c.supporter_place.canonicals)
        inside = set()
        for name in names:
            inside |= ctx.located_in([r.supporter_id for r in rows], name)
        rows = [r for r in rows if r.supporter_id in inside]
    return rows
