"""The prose extractor: a document's sentences through mentions, clauses and frames to records.

Nothing is dropped silently: a frame that cannot decide (counts that disagree, many to many,
a direction the tiers cannot give, a relation not stated as fact) is a problem, and so is
every clause that holds a support trigger and two institutions but gave no pairing —
``bangfu build`` prints them, so a user sees what was missed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from core.messages import message
from core.model import Evidence
from core.records import AliasSighting, LeadAssertion, Pairing, Problem
from core.vocab.prose import ProseWords, prose_words
from extract.document import ParsedDocument
from extract.hospitals import HospitalRecognizer
from extract.name_check import TextKind, unreadable_reason
from extract.prose.clauses import Clause, clauses_of
from extract.prose.frames import Finding, SentenceReader
from extract.prose.mentions import DocumentScope
from extract.prose.paragraphs import body_and_heading, program_for, program_from_heading, sentences
from extract.tiers import tier_of

__all__ = ["Context", "ProseExtractor", "ProseResult"]


@dataclass(frozen=True)
class Context:
    """Where a sentence is: what every record built from it needs."""

    doc: str
    where: str
    program: str
    quote: str

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.doc, self.where, self.quote)

    def problem(self, kind: str, message: str) -> Problem:
        return Problem(self.doc, self.where, kind, message, self.quote)


@dataclass
class ProseResult:
    """What running text states: pairings, lead assertions, bracket aliases, and problems."""

    pairings: list[Pairing] = field(default_factory=list)
    leads: list[LeadAssertion] = field(default_factory=list)
    aliases: list[AliasSighting] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: ProseResult) -> None:
        self.pairings += other.pairings
        self.leads += other.leads
        self.aliases += other.aliases
        self.problems += other.problems


class ProseExtractor:
    """Reads relations from a document's paragraphs with one recogniser and the word file."""

    def __init__(
        self,
        recognizer: HospitalRecognizer,
        *,
        words: ProseWords | None = None,
        place_level: Callable[[str], str | None] = lambda _name: None,
    ) -> None:
        self.recognizer = recognizer
        self.words = words or prose_words()
        self.place_level = place_level

    def _tier(self, name: str) -> int:
        return tier_of(name, place_level=self.place_level, words=self.words)

    def sentence(self, sentence: str, ctx: Context, scope: DocumentScope | None = None) -> ProseResult:
        """Records stated by one sentence."""
        scope = scope or DocumentScope(self.recognizer, self.words)
        mentions = scope.mentions(sentence)
        result = ProseResult()
        reason = unreadable_reason(sentence, TextKind.SENTENCE) if mentions else None
        if reason is not None:  # markup never becomes a name: the sentence is reported, not read
            result.problems.append(ctx.problem("unreadable_sentence", f"无法读取的句子（{reason}），未提取"))
            return result
        result.aliases += [AliasSighting(m.name, m.alias, ctx.evidence) for m in mentions if m.alias]
        if len(mentions) < 2:
            return result
        clauses = clauses_of(sentence, mentions, self.words)
        findings = SentenceReader(clauses, self.words, self._tier).read()
        for finding in findings:
            self._record(finding, clauses[finding.clause], ctx, result)
        used = {id(m) for f in findings for m in f.used}
        for clause in clauses:
            if (
                clause.has("support", "symmetric")
                and len(clause.mentions()) >= 2
                and not clause.has("alliance")
                and not any(id(m) in used for m in clause.mentions())
            ):
                # Never drop silently: two institutions and a support trigger that no frame read.
                result.problems.append(
                    ctx.problem(
                        "unparsed_sentence",
                        message(
                            "P105",
                            clause=clause.text.strip(),
                            count=len(clause.mentions()),
                            names="、".join(m.name for m in clause.mentions()),
                        ),
                    )
                )
        return result

    def _record(self, finding: Finding, clause: Clause, ctx: Context, result: ProseResult) -> None:
        marker = self._not_asserted(clause)
        if finding.problem is not None:
            result.problems.append(ctx.problem(*finding.problem))
        elif marker and (finding.pairs or finding.leads):
            result.problems.append(ctx.problem("not_asserted", message("P104", marker=marker)))
        else:
            result.pairings += [
                Pairing(s.name, r.name, ctx.program, ctx.evidence, lead=lead, kind=finding.kind)
                for s, r, lead in finding.pairs
            ]
            result.leads += [
                LeadAssertion(s.name, r.name, ctx.evidence, kind=finding.kind) for s, r in finding.leads
            ]

    def _not_asserted(self, clause: Clause) -> str | None:
        text = clause.text
        for mention in sorted(clause.mentions(), key=lambda m: -m.start):
            start, end = mention.start - clause.start, mention.end - clause.start
            text = text[:start] + text[end:]
        return next((m for m in self.words.words("non_assertive") if m in text), None)

    def document(self, doc: ParsedDocument) -> ProseResult:
        """Every paragraph of running text, with each section's programme label."""
        scope = DocumentScope(self.recognizer, self.words)
        units: list[Context] = []
        headings: list[str] = []
        labels: dict[str, str] = {}
        for paragraph in doc.paragraphs:
            body, heading = body_and_heading(paragraph, lambda text: bool(scope.spans(text)))
            if heading is not None:
                labels[paragraph.section] = program_from_heading(heading)
                headings.append(heading)
            program = program_for(paragraph.section, labels)
            for sentence in sentences(body):
                units.append(Context(doc.name, paragraph.section, program, sentence.rstrip("。；;！？!?")))
        scope.learn(doc, [*headings, *(u.quote for u in units)])
        result = ProseResult()
        for ctx in units:
            result.extend(self.sentence(ctx.quote, ctx, scope))
        return result


def extract_prose(
    doc: ParsedDocument,
    *,
    known_names: Iterable[str] = (),
    recognizer: HospitalRecognizer | None = None,
    place_level: Callable[[str], str | None] = lambda _name: None,
) -> ProseResult:
    """Pairings and lead assertions stated in the running text of ``doc``.

    Pass ``known_names`` (e.g. every name in the corpus' tables) so they are matched
    exactly, or a ready ``recognizer`` to reuse one spaCy pipeline across documents;
    ``place_level`` (the gazetteer's) lets tiers tell a county-level city from a prefecture.
    """
    recognizer = recognizer or HospitalRecognizer(known_names)
    return ProseExtractor(recognizer, place_level=place_level).document(doc)
