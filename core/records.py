"""Records the extractors emit; the graph builder turns them into nodes and edges.

Names in records are surface forms as printed (after whitespace and width clean-up);
resolving them to one node per real hospital is the resolver's job, not the extractor's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.model import Evidence


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be parsed or resolved: never dropped, always reported."""

    doc: str
    where: str
    kind: str  # "orphan" | "unparsed_row" | "unresolved_name" | "unreadable" | "no_pairings" | ...
    message: str  # Chinese, for users
    quote: str = ""


@dataclass(slots=True)
class Pairing:
    """A supporter -> recipient relation as printed in a table row or a sentence."""

    supporter: str
    recipient: str
    program: str
    evidence: Evidence
    lead: bool = False
    county: str = ""  # the recipient's county as printed ("禄劝县"), "" if not given
    needs: list[str] = field(default_factory=list)
    period: str = ""
    row: str = ""  # the printed row number (序号), if any
    kind: str = ""  # the kind of tie as worded (对口帮扶, 组团式, 托管, 结对, 协作…), "" if not said


@dataclass(frozen=True, slots=True)
class LeadAssertion:
    """A sentence naming the lead (牵头/主责) hospital of a recipient, without a new pairing."""

    supporter: str
    recipient: str
    evidence: Evidence
    kind: str = ""  # as in Pairing


@dataclass(frozen=True, slots=True)
class Orphan:
    """A recipient printed with no supporter of its own."""

    recipient: str
    county: str
    evidence: Evidence


@dataclass(slots=True)
class Dispatch:
    """A person sent by a hospital to a recipient, from a staff column."""

    person: str
    from_hospital: str
    to_hospital: str
    evidence: Evidence
    period: str = ""
    notes: str = ""  # bracketed note after the name, e.g. "内科"
    row: str = ""
    program: str = ""


@dataclass(frozen=True, slots=True)
class AliasSighting:
    """A name printed in brackets after another (甲（乙）) or otherwise tied to a canonical form."""

    main: str
    alias: str
    evidence: Evidence


@dataclass
class DocumentInfo:
    """Metadata of one corpus document; fields are None when neither text nor manifest tells."""

    file: str
    title: str | None = None
    number: str | None = None
    issuers: list[str] = field(default_factory=list)
    date: str | None = None  # ISO yyyy-mm-dd
    year: int | None = None
    region: str | None = None  # "云南省", "科尔沁左翼中旗", "全国"
    period: str | None = None  # "2021-2025"
    number_source: str = "text"  # "text" | "manifest" | "cited_by:<file>"
    cites: list[str] = field(default_factory=list)  # document numbers
    cites_titles: list[str] = field(default_factory=list)  # titles cited without a number
    contains: list[str] = field(default_factory=list)  # numbers of notices printed inside
    cited_pairs: list[tuple[str, str]] = field(default_factory=list)  # (title, number) as cited
    based_on: list[str] = field(default_factory=list)  # numbers (or titles) the body says it follows (根据…)
    evidence: Evidence | None = None
    ocr_confidence: float | None = None  # mean recognition confidence, when the file was a scan


@dataclass(frozen=True, slots=True)
class Requirement:
    """A quantitative rule, e.g. 至少5名 / 不少于6个月 / 100万元保额."""

    topic: str  # 派驻人数 | 驻点时间 | 培养骨干 | 职称 | 任职 | 待遇 | 保险 | 进修 | 考核 | 其他
    text: str  # the clause
    value: float | None
    unit: str  # 名 | 个月 | 天 | 年 | 万元 | 元 | 倍 | 项 | ""
    subject: str  # who it applies to, e.g. "中医医院", "队长", "" when general
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Measure:
    """A numbered measure of a measures list (贵州's 21 measures: 优选项/自选项)."""

    ordinal: int
    category: str
    title: str
    text: str
    evidence: Evidence


@dataclass
class ExtractionResult:
    """Everything extracted from one document."""

    doc: str
    info: DocumentInfo
    pairings: list[Pairing] = field(default_factory=list)
    leads: list[LeadAssertion] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    dispatches: list[Dispatch] = field(default_factory=list)
    aliases: list[AliasSighting] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # How many distinct (supporter, recipient) pairs each source gave: {"table": n, "prose": m}.
    pairing_sources: dict[str, int] = field(default_factory=dict)
    # OCR'd documents: text boxes recognised with low confidence -> their confidence. A name
    # holding one may be a misreading and is matched to the nearest known name.
    ocr_doubtful: dict[str, float] = field(default_factory=dict)


@dataclass
class CorpusExtraction:
    """Everything extracted from a corpus folder, plus the files that could not be read.

    Why here: the pipeline makes it and the graph builder reads it; keeping it in the core
    lets the builder take a corpus's records without importing the pipeline above it.
    """

    corpus: Path
    results: list[ExtractionResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for r in self.results for p in r.problems)]
