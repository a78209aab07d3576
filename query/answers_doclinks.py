"""Plans about documents as a whole: what one forwards, a measure by its number or its words,
and the document a set of measures comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.queries.documents import CITATIONS, DOCUMENTS, MEASURES
from query import plan_filters
from query.answers_docs import doc_item, measure_item
from query.context import Context, no_answer, ok_answer
from query.intents import Understanding
from query.model import Answer, AnswerItem, Status

MIN_SHARED = 3  # characters a question must share with a measure's title to name it


def _doc_row(ctx: Context, u: Understanding) -> dict[str, Any] | None:
    scope = plan_filters.doc_scope(ctx, u.frame)
    if not scope.limited or len(scope.ids or []) != 1:
        return None
    rows = ctx.fetch(DOCUMENTS, ids=scope.ids)
    return rows[0] if rows else None


@dataclass(frozen=True)
class _Link:
    """One document-to-document relation as a question asks it."""

    edge: str  # CONTAINS (printed inside: forwarded) or CITES
    outward: bool  # the named document is the source
    basis_only: bool  # only citations the body names as its basis (根据…)
    found: str  # sentence with {doc} and {listed}
    none: str  # sentence with {doc}


_LINKS: dict[str, _Link] = {
    "forwards": _Link("CONTAINS", True, False, "{doc}转发了：{listed}。", "{doc}没有转发其他文件。"),
    "forwarded_by": _Link(
        "CONTAINS", False, False, "{doc}由以下文件转发：{listed}。", "语料中没有文件转发{doc}。"
    ),
    "based_on": _Link("CITES", True, True, "{doc}是根据{listed}制定的。", "{doc}的正文没有写明依据的文件。"),
}


def doc_links(ctx: Context, u: Understanding) -> Answer:
    """转发了什么 / 是哪个文件转发的 / 根据哪个文件制定: the linked documents, with the line."""
    intent = str(u.intent.name)
    row = _doc_row(ctx, u)
    if row is None:
        text = "请写明文件的文号或标题，例如：赣卫医字〔2019〕66号转发了什么文件？"
        return Answer(u.original, intent, Status.HELP, text)
    link = _LINKS[u.frame.doc_relation or "forwards"]
    end, other = ("source", "target") if link.outward else ("target", "source")
    rows = [
        r
        for r in ctx.fetch(CITATIONS, ids=[row["id"]])
        if r["type"] == link.edge and r[f"{end}_id"] == row["id"] and (r["basis"] or not link.basis_only)
    ]
    numbers = {d["id"]: d.get("number") for d in ctx.fetch(DOCUMENTS, ids=[r[f"{other}_id"] for r in rows])}
    items = [
        AnswerItem(
            r[other],
            "Document",
            r[f"{other}_id"],
            group=u.frame.doc_relation or "",
            detail=numbers.get(r[f"{other}_id"]) or "",
            evidence=[ctx.evidence(r["doc"], r["where"], r["quote"])],
            extra={"number": numbers.get(r[f"{other}_id"])},
        )
        for r in rows
    ]
    doc = f"「{row.get('number') or row['title'] or row['name']}」"
    if not items:
        return no_answer(u, link.none.format(doc=doc))
    listed = "、".join(f"{i.name}（{i.detail}）" if i.detail else i.name for i in items)
    return ok_answer(u, link.found.format(doc=doc, listed=listed), [], items)


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


def chosen_measure(ctx: Context, u: Understanding) -> list[dict[str, Any]]:
    """The one measure a question names by number (第十五条) or by its words (银龄人才)."""
    frame = u.frame
    scope = plan_filters.doc_scope(ctx, frame, regional=True)
    rows = ctx.fetch(MEASURES, docs=scope.files if scope.limited else None)
    if frame.ordinal is not None:
        return [r for r in rows if r["ordinal"] == frame.ordinal]
    scored = sorted(((_shared(frame.text, r["title"] or ""), r) for r in rows), key=lambda sr: -sr[0])
    if not scored or scored[0][0] < MIN_SHARED or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return []
    return [scored[0][1]]


def measure(ctx: Context, u: Understanding) -> Answer:
    rows = chosen_measure(ctx, u)
    if not rows:
        return no_answer(u, "文件中没有找到这一条帮扶措施。")
    items = [measure_item(ctx, r) for r in rows]
    first = rows[0]
    text = (
        f"第{first['ordinal']}项（{first['category'] or '措施'}）：{first['title']}"
        f"（{ctx.doc_label(first['doc'])}）。{first['text']}"
    )
    return ok_answer(u, text, [], items)


def measures_document(ctx: Context, u: Understanding) -> Answer:
    """哪份文件规定了…措施: the documents the measures in scope come from."""
    scope = plan_filters.doc_scope(ctx, u.frame, regional=True)
    files = {r["doc"] for r in ctx.fetch(MEASURES, docs=scope.files if scope.limited else None)}
    rows = [r for r in ctx.documents.values() if r.get("file") in files]
    if not rows:
        return no_answer(u, "文件中没有找到帮扶措施清单。")
    items = [doc_item(ctx, r) for r in rows]
    text = (
        "规定这些帮扶措施的文件："
        + "、".join(f"{i.name}（{i.extra['number'] or '无文号'}）" for i in items)
        + "。"
    )
    return ok_answer(u, text, [], items)
