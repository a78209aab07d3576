"""Plans about documents as a whole: what one forwards, a measure by its number or its words,
and the document a set of measures comes from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.messages import message
from graph.contract import DocumentEntry, MeasureEntry
from query import plan_filters
from query.answers_docs import doc_item, linked_document_items, measure_item
from query.context import Context, no_answer, ok_answer
from query.intents import Understanding
from query.model import Answer, Status

MIN_SHARED = 3  # characters a question must share with a measure's title to name it


def _doc_row(ctx: Context, u: Understanding) -> DocumentEntry | None:
    scope = plan_filters.doc_scope(ctx, u.frame)
    if not scope.limited or len(scope.ids or []) != 1:
        return None
    rows = ctx.store.documents(scope.ids or [])
    return rows[0] if rows else None


@dataclass(frozen=True)
class _Link:
    """One document-to-document relation as a question asks it."""

    edge: str  # CONTAINS (printed inside: forwarded) or CITES
    outward: bool  # the named document is the source
    basis_only: bool  # only citations the body names as its basis (根据…)
    found: Callable[[str, str], str]  # the sentence, from the document and the listed ones
    none: Callable[[str], str]  # the sentence when there are none


_LINKS: dict[str, _Link] = {
    "forwards": _Link(
        "CONTAINS",
        True,
        False,
        lambda doc, listed: message("A070", doc=doc, listed=listed),
        lambda doc: message("A071", doc=doc),
    ),
    "forwarded_by": _Link(
        "CONTAINS",
        False,
        False,
        lambda doc, listed: message("A072", doc=doc, listed=listed),
        lambda doc: message("A073", doc=doc),
    ),
    "based_on": _Link(
        "CITES",
        True,
        True,
        lambda doc, listed: message("A074", doc=doc, listed=listed),
        lambda doc: message("A075", doc=doc),
    ),
}


def doc_links(ctx: Context, u: Understanding) -> Answer:
    """转发了什么 / 是哪个文件转发的 / 根据哪个文件制定: the linked documents, with the line."""
    intent = str(u.intent.name)
    row = _doc_row(ctx, u)
    if row is None:
        text = message("A076")
        return Answer(u.original, intent, Status.HELP, text)
    link = _LINKS[u.frame.doc_relation or "forwards"]
    other = "target" if link.outward else "source"
    linked = ctx.store.cites(row.id) if link.outward else ctx.store.cited_by(row.id)
    rows = [r for r in linked if r.type == link.edge and (r.basis or not link.basis_only)]
    items = linked_document_items(ctx, rows, other, group=lambda _: u.frame.doc_relation or "")
    doc = message("A247", name=row.number or row.title or row.name)
    if not items:
        return no_answer(u, link.none(doc))
    listed = "、".join(message("A204", name=i.name, detail=i.detail) if i.detail else i.name for i in items)
    return ok_answer(u, link.found(doc, listed), [], items)


def _shared(a: str, b: str) -> int:
    """Length of the longest stretch of characters two strings share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def chosen_measure(ctx: Context, u: Understanding) -> list[MeasureEntry]:
    """The one measure a question names by number (第十五条) or by its words (银龄人才)."""
    frame = u.frame
    scope = plan_filters.doc_scope(ctx, frame, regional=True)
    rows = ctx.store.measures(scope.files if scope.limited else None)
    if frame.ordinal is not None:
        return [r for r in rows if r.ordinal == frame.ordinal]
    scored = sorted(((_shared(frame.text, r.title or ""), r) for r in rows), key=lambda sr: -sr[0])
    if not scored or scored[0][0] < MIN_SHARED or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return []
    return [scored[0][1]]


def measure(ctx: Context, u: Understanding) -> Answer:
    rows = chosen_measure(ctx, u)
    if not rows:
        return no_answer(u, message("A080"))
    items = [measure_item(ctx, r) for r in rows]
    first = rows[0]
    text = message(
        "A081",
        ordinal=first.ordinal,
        category=first.category or "",
        title=first.title,
        doc=ctx.doc_label(first.doc or ""),
        text=first.text,
    )
    return ok_answer(u, text, [], items)


def measures_document(ctx: Context, u: Understanding) -> Answer:
    """哪份文件规定了…措施: the documents the measures in scope come from."""
    scope = plan_filters.doc_scope(ctx, u.frame, regional=True)
    files = {r.doc for r in ctx.store.measures(scope.files if scope.limited else None)}
    rows = [r for r in ctx.documents.values() if r.file in files]
    if not rows:
        return no_answer(u, message("A082"))
    items = [doc_item(ctx, r) for r in rows]
    no_number = message("A097")
    listed = "、".join(message("A204", name=i.name, detail=i.extra["number"] or no_number) for i in items)
    text = message("A083", listed=listed)
    return ok_answer(u, text, [], items)
