"""Help examples drawn from the graph in use, never from the seed files.

Why: an example naming a hospital the user's graph does not hold answers 未找到, which teaches
the wrong thing. The example sentences are vocabulary (``core/vocab/help_examples.tsv``) with
placeholders; this module fills each placeholder with a real name of the loaded graph (the most
connected one, ties broken by name, so the examples are stable) and drops an example whose
placeholder the graph cannot fill.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable

from core.vocab.topics import question_topics, requirement_topics
from query.context import Context
from query.intent_keywords import example_templates

__all__ = ["graph_examples"]


def _top(values: Iterable[str]) -> str | None:
    """The most frequent value, ties broken by the smallest (so examples do not shift)."""
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _slot_values(ctx: Context) -> dict[str, str]:
    supports = ctx.all_supports
    pairs = {(r.supporter, r.recipient) for r in supports}
    documents = ctx.documents.values()
    citations = [r for r in ctx.store.cites([d.id for d in documents]) if r.type == "CITES"]
    citing = _top(r.source_id for r in citations)
    citing_doc = next((d for d in documents if d.id == citing), None)
    topics = question_topics()
    asked = {t.topic for t in requirement_topics() if not t.fallback}  # not "any other rule"
    topic = _top(r.topic for r in ctx.store.requirements() if r.topic in asked)
    flow = _top(
        f"{r.supporter_province}\t{r.recipient_province}"
        for r in supports
        if None not in (r.supporter_province, r.recipient_province)
        and r.supporter_province != r.recipient_province
    )
    measures_doc = ctx.documents.get(_top(r.doc for r in ctx.store.measures()) or "")
    values = {
        "recipient": _top(r for _, r in pairs),
        "supporter": _top(s for s, _ in pairs),
        "lead_recipient": _top(r.recipient for r in supports if r.lead),
        "county": _top(r.county for r in supports),
        "needs_recipient": _top(r.recipient for r in supports if r.needs),
        "person": _top(r.name for r in ctx.name_entries if r.type == "Person"),
        "document": (citing_doc.number or citing_doc.title) if citing_doc else None,
        "topic": topics[topic].questions[0] if topic else None,
        "measures_region": measures_doc.region if measures_doc else None,
    }
    if flow:
        values["from_province"], values["to_province"] = flow.split("\t")
    return {k: v for k, v in values.items() if v}


def graph_examples(ctx: Context) -> list[str]:
    """The example questions of ``help_examples.tsv`` that the graph of ``ctx`` can fill."""
    values = _slot_values(ctx)
    out = []
    for template in example_templates():
        needed = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if needed <= values.keys():
            out.append(template.format(**values))
    return out
