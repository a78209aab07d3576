"""What an answer is, for the CLI, the app and the tests alike.

Every item carries its evidence (document, section or table row, quoted line), so no
surface can show an answer without its source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    OK = "ok"  # answered; items may still be empty for a count of zero
    CLARIFY = "clarify"  # a name fits several entities: ask which one (candidates)
    NOT_FOUND = "not_found"  # the entity is not in the graph (suggestions)
    NO_ANSWER = "no_answer"  # the entity exists but the graph holds nothing for this question
    HELP = "help"  # out of scope or empty question: what the system can answer


@dataclass(frozen=True)
class EvidenceItem:
    doc: str  # corpus file name
    where: str  # section or table row, e.g. "正文 二（六）", "附件1 序号13（原文第115行）"
    quote: str  # the source line
    doc_title: str = ""
    doc_number: str = ""


@dataclass
class AnswerItem:
    name: str
    type: str  # a core.model.NodeType value, or "Fact" for computed facts (counts, paths)
    node_id: str = ""
    lead: bool | None = None
    program: str | None = None
    group: str = ""  # the heading the item is listed under (programme, document, topic)
    detail: str = ""  # a short Chinese line shown after the name
    evidence: list[EvidenceItem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Candidate:
    name: str
    type: str
    node_id: str
    detail: str = ""  # what tells the candidates apart, e.g. "云南省" / "江西省"


@dataclass
class Answer:
    question: str
    intent: str
    status: Status
    text: str  # a short Chinese sentence
    entities: list[Candidate] = field(default_factory=list)  # what the question was understood to name
    items: list[AnswerItem] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # for CLARIFY
    suggestions: list[str] = field(default_factory=list)  # for NOT_FOUND / HELP: names or example questions
    focus: list[str] = field(default_factory=list)  # node ids whose neighbourhood the network view shows

    @property
    def evidence(self) -> list[EvidenceItem]:
        seen: dict[tuple[str, str, str], EvidenceItem] = {}
        for item in self.items:
            for ev in item.evidence:
                seen.setdefault((ev.doc, ev.where, ev.quote), ev)
        return list(seen.values())

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` shape: question, intent, entities, answers, text, evidence."""
        return {
            "question": self.question,
            "intent": self.intent,
            "status": str(self.status),
            "entities": [{"name": e.name, "type": e.type, "id": e.node_id} for e in self.entities],
            "answers": [
                {
                    "name": i.name,
                    "type": i.type,
                    "id": i.node_id,
                    "lead": i.lead,
                    "program": i.program,
                    "group": i.group,
                    "detail": i.detail,
                    **i.extra,
                    "evidence": [asdict(e) for e in i.evidence],
                }
                for i in self.items
            ],
            "text": self.text,
            "evidence": [asdict(e) for e in self.evidence],
            "candidates": [asdict(c) for c in self.candidates],
            "suggestions": list(self.suggestions),
        }
