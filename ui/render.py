"""What the app shows as Markdown: an answer, its evidence, an upload's report, a rebuild's summary.

Why a module of its own: these are pure functions of the front door's records (answers, ingest
reports, summaries) to text, testable without a server, and the app's layout module stays about
layout. Every sentence is a numbered template of ``core/vocab/messages.tsv`` (U0xx chat, U2xx
documents); type and problem names come from ``core/vocab/labels.tsv``; a document is named by
:func:`core.model.document_label`, the one ``文号《标题》`` form. Text read from documents is
escaped (:func:`md`), so a name with ``*`` or ``_`` stays a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

from core.messages import message
from core.model import EDGE_TYPE_LABELS, NODE_TYPE_LABELS, PROBLEM_LABELS, document_label
from ui.frontdoor import Answer, IngestReport, Status, Summary

__all__ = ["column_labels", "counts_text", "md", "render_answer", "render_evidence", "render_report",
           "requestion", "summary_text"]

MAX_CHAT_ITEMS, MAX_CHAT_EVIDENCE, MAX_PANEL_EVIDENCE = 60, 4, 80
# The pairing table's columns (graph.contract.Support fields; doc_label is the document's label).
TABLE_FIELDS = ("supporter", "supporter_province", "recipient", "recipient_province", "lead", "program",
                "county", "doc_label", "where", "quote")


def md(text: Any) -> str:
    """Text from documents shown as Markdown literally (a name with * or _ stays a name)."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", "" if text is None else str(text))


def column_labels() -> dict[str, str]:
    """The pairing table's column headers, by :data:`TABLE_FIELDS` name."""
    return {"supporter": message("U110"), "supporter_province": message("U111"), "recipient": message("U112"),
            "recipient_province": message("U113"), "lead": message("U114"), "program": message("U115"),
            "county": message("U116"), "doc_label": message("U117"), "where": message("U118"),
            "quote": message("U119")}


# -- chat ------------------------------------------------------------------------------------

def _evidence_line(ev: Any) -> str:
    head = document_label(ev.doc_number, ev.doc_title, ev.doc)
    return message("U030", head=md(head), where=md(ev.where), doc=md(ev.doc), quote=md(ev.quote))


def render_answer(answer: Answer) -> str:
    """The assistant's chat message: the sentence, the items, and the first pieces of evidence."""
    parts = [f"**{md(answer.text)}**"]
    if answer.status == Status.CLARIFY and answer.candidates:
        parts.append(message("U021"))
    group = None
    lines: list[str] = []
    lead_word = message("U350")
    for item in answer.items[:MAX_CHAT_ITEMS]:
        if item.group and item.group != group:
            group = item.group
            lines.append(f"\n*{md(group)}*")
        lead = " " + message("U022") if item.lead and lead_word not in item.detail else ""
        detail = f" — {md(item.detail)}" if item.detail else ""
        lines.append(f"- {md(item.name)}{lead}{detail}")
    if len(answer.items) > MAX_CHAT_ITEMS:
        lines.append("- " + message("U023", n=len(answer.items)))
    if lines:
        parts.append("\n".join(lines))
    if answer.suggestions:
        parts.append(message("U024", suggestions="；".join(md(s) for s in answer.suggestions[:8])))
    evidence = answer.evidence
    if evidence:
        shown = "\n\n".join(_evidence_line(ev) for ev in evidence[:MAX_CHAT_EVIDENCE])
        more = "\n\n" + message("U025", n=len(evidence)) if len(evidence) > MAX_CHAT_EVIDENCE else ""
        parts.append(message("U026", shown=shown + more))
    return "\n\n".join(parts)


def render_evidence(answer: Answer) -> str:
    """The evidence panel under the chat: every piece of evidence (up to a limit), numbered."""
    evidence = answer.evidence
    if not evidence:
        return message("U027") if answer.status == Status.OK else ""
    lines = [message("U028", n=len(evidence))]
    lines += [f"{i}. {_evidence_line(ev)}" for i, ev in enumerate(evidence[:MAX_PANEL_EVIDENCE], 1)]
    if len(evidence) > MAX_PANEL_EVIDENCE:
        lines.append(message("U029", n=len(evidence) - MAX_PANEL_EVIDENCE))
    return "\n\n".join(lines)


def requestion(question: str, name: str) -> str:
    """The question with the chosen full name put where the short, ambiguous form was."""
    if name in question:
        return question
    matcher = SequenceMatcher(None, question, name, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
    clusters: list[list[Any]] = []
    for block in blocks:  # neighbouring matches (泸水|人民医院 in 泸水市人民医院) form one span
        if clusters and block.a - (clusters[-1][-1].a + clusters[-1][-1].size) <= 2:
            clusters[-1].append(block)
        else:
            clusters.append([block])
    if not clusters:
        return message("U032", name=name, question=question)
    best = max(clusters, key=lambda c: sum(b.size for b in c))
    start, end = best[0].a, best[-1].a + best[-1].size
    return question[:start] + name + question[end:]


# -- documents -------------------------------------------------------------------------------

def counts_text(delta: Mapping[str, int], labels: Mapping[str, str]) -> str:
    """``帮扶关系 +3，医院 +2``: changes by type under their labels, or 无."""
    changes = [message("U241", label=labels.get(k, k), count=v) for k, v in delta.items()]
    return "，".join(changes) or message("U240")


def _pairing_rows(report: IngestReport) -> list[str]:
    labels = column_labels()
    header = [labels[k] for k in ("supporter", "recipient", "lead", "program", "where")]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    yes = message("U120")
    rows += [f"| {md(p.supporter)} | {md(p.recipient)} | {yes if p.lead else ''} | {md(p.program)} "
             f"| {md(p.where)} |" for p in report.pairings]
    return rows


def render_report(report: IngestReport, note: str = "") -> str:
    """What an upload added: counts, new hospitals, every new pairing and every warning."""
    title = md(document_label(None, report.title, report.file))
    if report.already_present:
        return message("U226", title=title, file=md(report.file))
    heading = (message("U229", title=title, number=md(report.number)) if report.number
               else message("U228", title=title))
    lines = [heading, message("U230", file=report.file),
             message("U231", counts=counts_text(report.nodes_added, NODE_TYPE_LABELS)),
             message("U232", counts=counts_text(report.edges_added, EDGE_TYPE_LABELS))]
    if report.new_hospitals:
        names = "、".join(map(md, report.new_hospitals))
        lines.append(message("U233", n=len(report.new_hospitals), names=names))
    lines += [f"\n> {note}"] if note else []
    lines.append(message("U234", n=len(report.pairings)))
    lines += _pairing_rows(report) if report.pairings else [message("U236")]
    lines.append(message("U237", n=len(report.problems)))
    if not report.problems:
        lines[-1] += "\n" + message("U238")
    for p in report.problems:
        label = PROBLEM_LABELS.get(p.kind, p.kind)
        lines.append("- " + message("U239", label=label, where=md(p.where), text=md(p.message)))
    return "\n".join(lines)


def summary_text(summary: Summary, note: str) -> str:
    """After a rebuild: documents, counts by type, how many warnings (and the Neo4j note)."""
    labels = {**NODE_TYPE_LABELS, **EDGE_TYPE_LABELS}
    text = message("U224", documents=len(summary.documents), nodes=counts_text(summary.nodes, labels),
                   edges=counts_text(summary.edges, labels), problems=len(summary.problems))
    return text + (f"\n\n> {note}" if note else "")
