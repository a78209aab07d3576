"""Support relations stated in running text: "由甲牵头，乙、丙参与帮扶丁" and the like.

Why templates: recognising names and reading the relation are separate problems. Each
sentence's hospital names are replaced by placeholders ("由<H0>牵头，<H1>、<H2>参与帮扶<H3>"),
and relation patterns (regex + a function from the match to records, listed in
:data:`RELATION_PATTERNS`) read the template. A new wording is one more row in that table;
a new hospital needs nothing at all, because the recogniser finds unknown names by shape.

Role words (支援医院, 受援医院, 三级医院 …) are never names, so a generic rule such as
"支援医院要帮助受援医院…" has no placeholders and yields nothing. A relation needs a
hospital on both sides: "扎实帮扶迪庆、怒江州人民医院" names no supporter and yields nothing.

Programme label rule: the topic of the section's heading, i.e. the heading sentence
("（六）继续开展“组团式”帮扶“三区三州”。") without its number, its final punctuation and
its leading verbs of doing (``heading_verb`` in core/vocab/prose_words.tsv: 继续开展, 开展 …), giving
"“组团式”帮扶“三区三州”". A subsection without a heading of its own uses its parent's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from core.model import Evidence
from core.normalize import normalize_name
from core.records import AliasSighting, LeadAssertion, Pairing, Problem
from core.vocab.words import words
from extract.document import Paragraph, ParsedDocument
from extract.hospitals import HospitalRecognizer, HospitalSpan

__all__ = [
    "NEGATION",
    "RELATION_PATTERNS",
    "Context",
    "ProseExtractor",
    "ProseResult",
    "RelationPattern",
    "Template",
    "extract_prose",
    "make_template",
    "program_from_heading",
]



def _prose_words(group: str) -> tuple[str, ...]:
    """``core/vocab/prose_words.tsv``: heading_verb, non_assertive and relation words."""
    return words("prose_words.tsv", "word", group=group)


SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_HEADING_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*")
_CLAUSE_BREAK = "，,：:"
_PLACEHOLDER = re.compile(r"<H(\d+)>")
_MASK = "□"

# Regex building blocks for templates.
H = r"<H\d+>"
LIST = rf"{H}(?:(?:以及|、|和|及|与){H})*"
ETC = r"(?:等[0-9一二三四五六七八九十]*[家个所]?(?:医院|单位)?)?"
HELP = r"(?:对口)?(?:帮扶|支援)"
ADVERBS = r"(?:继续|仍然|仍|将|负责|共同|长期|持续|定点|组团)*"
# Matched so that a negated relation is seen, then refused by a non_assertive word (prose_words.tsv).
NEGATION = r"(?:不再|停止|暂停|终止|尚未|未)?"
LEAD_ROLE = r"(?:其)?(?:对口)?(?:帮扶|支援)?(?:工作)?的?(?:主责|牵头)(?:医院|单位)"


@dataclass(frozen=True)
class Template:
    """A sentence with its hospital names replaced by <H0>, <H1> …"""

    sentence: str
    text: str
    spans: tuple[HospitalSpan, ...]

    def names(self, group: str | None) -> list[str]:
        """The names (bracketed aliases removed) behind the placeholders in a matched group."""
        if not group:
            return []
        return [normalize_name(self.spans[int(i)].main) for i in _PLACEHOLDER.findall(group)]


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


Builder = Callable[[re.Match[str], Template, Context], ProseResult]


@dataclass(frozen=True)
class RelationPattern:
    """One wording of a relation: a regex over templates and the records a match means."""

    name: str
    regex: re.Pattern[str]
    build: Builder


# -- builders ---------------------------------------------------------------------------


def _pairings(
    supporters: list[str], recipients: list[str], ctx: Context, *, lead: bool = False
) -> list[Pairing]:
    return [Pairing(s, r, ctx.program, ctx.evidence, lead=lead) for r in recipients for s in supporters]


def _led_group(match: re.Match[str], tpl: Template, ctx: Context) -> ProseResult:
    """由甲牵头，乙、丙参与帮扶丁: 甲 -> 丁 as lead, 乙 -> 丁 and 丙 -> 丁 as members."""
    lead = tpl.names(match.group("lead"))
    members = [m for m in tpl.names(match.group("members")) if m not in lead]
    recipients = tpl.names(match.group("recipients"))
    return ProseResult(
        pairings=[
            p for r in recipients for p in _pairings(lead, [r], ctx, lead=True) + _pairings(members, [r], ctx)
        ]
    )


def _each_in_order(kind: str) -> Builder:
    """X、Y分别由P、Q…: the n-th supporter goes with the n-th recipient; counts must agree."""

    def build(match: re.Match[str], tpl: Template, ctx: Context) -> ProseResult:
        supporters = tpl.names(match.group("supporters"))
        recipients = tpl.names(match.group("recipients"))
        if len(supporters) != len(recipients):
            return ProseResult(
                problems=[
                    ctx.problem(
                        "count_mismatch",
                        f"“分别”前后医院数目不一致：{len(recipients)}家受援医院"
                        f"（{'、'.join(recipients)}），{len(supporters)}家支援医院"
                        f"（{'、'.join(supporters)}），无法逐一对应。",
                    )
                ]
            )
        pairs = list(zip(supporters, recipients, strict=True))
        if kind == "lead":
            return ProseResult(leads=[LeadAssertion(s, r, ctx.evidence) for s, r in pairs])
        return ProseResult(pairings=[Pairing(s, r, ctx.program, ctx.evidence) for s, r in pairs])

    return build


def _one_side_shared(kind: str, *, lead: bool = False) -> Builder:
    """Many-to-one or one-to-many; many-to-many without 分别 is ambiguous and reported."""

    def build(match: re.Match[str], tpl: Template, ctx: Context) -> ProseResult:
        supporters = tpl.names(match.group("supporters"))
        recipients = tpl.names(match.group("recipients"))
        if "respectively" in match.groupdict() and match.group("respectively"):
            return _each_in_order(kind)(match, tpl, ctx)
        if len(supporters) > 1 and len(recipients) > 1:
            return ProseResult(
                problems=[
                    ctx.problem(
                        "ambiguous_relation",
                        f"多家支援医院（{'、'.join(supporters)}）与多家受援医院"
                        f"（{'、'.join(recipients)}）之间没有“分别”，无法判断对应关系。",
                    )
                ]
            )
        if kind == "lead":
            return ProseResult(
                leads=[LeadAssertion(s, r, ctx.evidence) for r in recipients for s in supporters]
            )
        return ProseResult(pairings=_pairings(supporters, recipients, ctx, lead=lead))

    return build


def _lead_or_pairing(match: re.Match[str], tpl: Template, ctx: Context) -> ProseResult:
    """甲为乙的牵头医院 is a lead assertion; 甲为乙的帮扶医院 is a pairing."""
    kind = "lead" if match.group("lead_word") else "pairing"
    return _one_side_shared(kind)(match, tpl, ctx)


# -- the pattern table, tried in order; a match masks its text from later patterns ----------

RELATION_PATTERNS: tuple[RelationPattern, ...] = (
    RelationPattern(
        "由甲牵头，乙、丙参与帮扶丁",
        re.compile(
            rf"由(?P<lead>{H})牵头[，,]?(?:(?P<members>{LIST}){ETC})?"
            rf"(?:参与|共同|协同|联合|组团|继续)*{HELP}(?P<recipients>{LIST})"
        ),
        _led_group,
    ),
    RelationPattern(
        "丁由甲牵头（，乙、丙参与）帮扶",
        re.compile(
            rf"(?P<recipients>{LIST})[，,]?(?:仍然|仍|继续)?由(?P<lead>{H})牵头"
            rf"(?:[，,]?(?P<members>{LIST}){ETC}(?:参与|共同|协同|联合)+{HELP}?)?"
        ),
        _led_group,
    ),
    RelationPattern(
        "X、Y分别由P、Q作为主责医院",
        re.compile(rf"(?P<recipients>{LIST})[，,]?分别由(?P<supporters>{LIST})(?:作为|担任|为){LEAD_ROLE}"),
        _each_in_order("lead"),
    ),
    RelationPattern(
        "X、Y由P作为主责医院",
        re.compile(
            rf"(?P<recipients>{LIST})[，,]?(?:均|都|仍然|仍)?由(?P<supporters>{LIST})"
            rf"(?:作为|担任|为){LEAD_ROLE}"
        ),
        _one_side_shared("lead"),
    ),
    RelationPattern(
        "甲为乙的牵头/帮扶医院",
        re.compile(
            rf"(?P<supporters>{LIST})(?:是|为|作为|担任)(?P<recipients>{LIST})的"
            rf"(?:(?:对口)?(?:帮扶|支援)(?:工作)?的?)?(?:(?P<lead_word>主责|牵头)|帮扶|支援)(?:医院|单位)"
        ),
        _lead_or_pairing,
    ),
    RelationPattern(
        "甲与乙结对帮扶",
        re.compile(rf"(?P<supporters>{H})与(?P<recipients>{H})(?:建立)?(?:结对|结成)(?:帮扶)?"),
        _one_side_shared("pairing"),
    ),
    RelationPattern(
        "乙由甲帮扶",
        re.compile(
            rf"(?P<recipients>{LIST})[，,]?(?:仍然|仍|继续)?由(?P<supporters>{LIST})(?P<respectively>分别)?"
            rf"{ADVERBS}{NEGATION}{HELP}"
        ),
        _one_side_shared("pairing"),
    ),
    RelationPattern(
        "甲帮扶的乙",
        re.compile(rf"(?P<supporters>{LIST}){ETC}{ADVERBS}{NEGATION}{HELP}的(?P<recipients>{LIST})"),
        _one_side_shared("pairing"),
    ),
    RelationPattern(
        "（由）甲（分别）对口帮扶乙",
        re.compile(
            rf"(?P<supporters>{LIST}){ETC}(?P<respectively>分别)?{ADVERBS}{NEGATION}{HELP}"
            rf"(?P<recipients>{LIST})"
        ),
        _one_side_shared("pairing"),
    ),
)


# -- templates, headings and the driver ---------------------------------------------------


def make_template(sentence: str, spans: Iterable[HospitalSpan]) -> Template:
    """Replace each span by <Hi> (i = its index in ``spans``, which must be in order)."""
    spans = tuple(spans)
    parts: list[str] = []
    pos = 0
    for i, span in enumerate(spans):
        parts += [sentence[pos : span.start], f"<H{i}>"]
        pos = span.end
    parts.append(sentence[pos:])
    return Template(sentence, "".join(parts), spans)


def program_from_heading(heading: str) -> str:
    """（六）继续开展“组团式”帮扶“三区三州”。 -> “组团式”帮扶“三区三州”."""
    text = _HEADING_NUMBER.sub("", heading.strip()).rstrip("。：:；;，, ")
    verbs = sorted(_prose_words("heading_verb"), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for verb in verbs:
            if text.startswith(verb) and len(text) > len(verb):
                text = text[len(verb) :]
                changed = True
                break
    return text


def _heading_sentence(paragraph: Paragraph) -> str | None:
    """The heading a paragraph opens with: the whole heading line, or its first sentence."""
    if paragraph.is_heading:
        return paragraph.text
    if _HEADING_NUMBER.match(paragraph.text):
        return re.split(r"(?<=[。：:])", paragraph.text, maxsplit=1)[0]
    return None


def _program_for(section: str, labels: dict[str, str]) -> str:
    """The label of the section, else of its parent (二（六） -> 二), else ""."""
    while section:
        if section in labels:
            return labels[section]
        trimmed = re.sub(r"[（(][一二三四五六七八九十]+[）)]$|[一二三四五六七八九十]+$", "", section).strip()
        if trimmed == section:
            break
        section = trimmed
    return ""


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _asserted(template: str, start: int, end: int) -> str | None:
    """The non-assertive marker in the clause holding template[start:end], if any."""
    clause_start = max(template.rfind(c, 0, start) for c in _CLAUSE_BREAK) + 1
    clause = _PLACEHOLDER.sub("", template[clause_start:end])
    return next((m for m in _prose_words("non_assertive") if m in clause), None)


class ProseExtractor:
    """Reads relations from a document's paragraphs with one recogniser and a pattern table."""

    def __init__(
        self,
        recognizer: HospitalRecognizer,
        *,
        patterns: Iterable[RelationPattern] = RELATION_PATTERNS,
    ) -> None:
        self.recognizer = recognizer
        self.patterns = tuple(patterns)

    def sentence(self, sentence: str, ctx: Context) -> ProseResult:
        """Records stated by one sentence."""
        spans = self.recognizer.find(sentence)
        result = ProseResult()
        if not spans:
            return result
        result.aliases += [
            AliasSighting(normalize_name(s.main), normalize_name(s.alias), ctx.evidence)
            for s in spans
            if s.alias
        ]
        if len(spans) < 2:
            return result
        template = make_template(sentence, spans)
        text = template.text
        for pattern in self.patterns:
            for match in list(pattern.regex.finditer(text)):
                marker = _asserted(text, match.start(), match.end())
                if marker:
                    result.problems.append(
                        ctx.problem(
                            "not_asserted",
                            f"句中的帮扶关系带有“{marker}”，不是确定的关系，未予记录。",
                        )
                    )
                else:
                    result.extend(pattern.build(match, template, ctx))
                text = text[: match.start()] + _MASK * (match.end() - match.start()) + text[match.end() :]
        left_over = _PLACEHOLDER.sub("", text)
        if (
            len(_PLACEHOLDER.findall(text)) >= 2
            and any(w in left_over for w in _prose_words("relation"))
            and not (result.pairings or result.leads or result.problems)
        ):
            # Never drop silently: two hospitals and a relation word that no pattern read.
            result.problems.append(
                ctx.problem("unparsed_sentence", "句中有多家医院和帮扶用语，但没有可识别的帮扶关系句式。")
            )
        return result

    def document(self, doc: ParsedDocument) -> ProseResult:
        """Every paragraph of running text, with each section's programme label."""
        result = ProseResult()
        labels: dict[str, str] = {}
        for paragraph in doc.paragraphs:
            heading = _heading_sentence(paragraph)
            body = paragraph.text
            if heading is not None:
                labels[paragraph.section] = program_from_heading(heading)
                body = paragraph.text[len(heading) :]
            program = _program_for(paragraph.section, labels)
            for sentence in _sentences(body):
                ctx = Context(doc.name, paragraph.section, program, sentence.rstrip("。；;！？!?"))
                result.extend(self.sentence(ctx.quote, ctx))
        return result


def extract_prose(
    doc: ParsedDocument,
    *,
    known_names: Iterable[str] = (),
    recognizer: HospitalRecognizer | None = None,
) -> ProseResult:
    """Pairings and lead assertions stated in the running text of ``doc``.

    Pass ``known_names`` (e.g. every name in the corpus' tables) so they are matched
    exactly, or a ready ``recognizer`` to reuse one spaCy pipeline across documents.
    """
    recognizer = recognizer or HospitalRecognizer(known_names)
    return ProseExtractor(recognizer).document(doc)
