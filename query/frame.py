"""A question read as a frame: what is asked about whom, in which shape, under which limits.

The intent rules (:mod:`query.intent_rules`) read the relation and its direction from the
position of the names against the keywords; this module adds what they leave out, each from
the question's own words (``query/data/intent_keywords.tsv``), so that one planner
(:mod:`query.planner`) can answer every combination without a rule per phrasing:

- the **answer type**, from the noun of the question word (哪个县 → county, 哪份文件 →
  document, 什么职务 → post, 哪一年 → year, 吗/是不是 → yes/no);
- the **aggregation** (几/多少 → count, 最多/排名/前N → rank, 同时/既…又/共同 → intersect);
- the **constraints** that are not the subject or the object: an annex (附件1), a year, a
  hospital kind (中医医院), only the lead (牵头), the side a place limits (上海的医院 帮扶
  大理州: 上海 limits the supporters, 大理州 is the object), a document by 文号 or by a short
  title (云南方案, 109号文, 国家2016年的方案).

A frame never reads the store: documents named by a short title are resolved against the
corpus by the planner (:mod:`query.plan_filters`), which knows the documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from query.entities import Mention
from query.intent_keywords import DOC, PLACES, H, Question, keywords
from query.intent_slots import doc_ask, top
from query.intent_types import IntentName, Understanding

__all__ = ["Aggregate", "AnswerType", "Constraints", "Frame", "read_frame"]


class AnswerType(StrEnum):
    """What the question word asks for (the noun after 哪/几/什么)."""

    ANY = "any"  # no question noun: the relation decides (哪些 alone, 谁)
    INSTITUTION = "institution"
    COUNTY = "county"
    PERSON = "person"
    DOCUMENT = "document"
    YEAR = "year"
    DATE = "date"
    POST = "post"
    MEASURE = "measure"
    YES_NO = "yes_no"


class Aggregate(StrEnum):
    NONE = "none"
    COUNT = "count"
    RANK = "rank"
    INTERSECT = "intersect"
    EACH = "each"  # 分别: the same question for every subject named
    COMPARE = "compare"  # 哪个多: the same question for every subject, and which has more


@dataclass(frozen=True)
class Constraints:
    """Limits on the facts (and so on the evidence) that are not the subject or object."""

    annex: str | None = None  # 附件1 / 附件2: rows whose section is that annex
    year: int | None = None
    hospital_kind: str | None = None  # a name ending, e.g. 中医 (中医院 / 中医医院)
    lead_only: bool = False
    exclude: tuple[Mention, ...] = ()  # 除了A: A is left out of the answer
    exclude_lead: bool = False  # 不算牵头: the lead hospitals are left out
    supporter_place: Mention | None = None  # 上海 in 上海的医院帮扶…
    document: Mention | None = None  # a document named by 文号 or full title
    document_words: bool = False  # 方案/通知/文件: a place or a year may name a document
    doc_ask: str | None = None  # issuer / date / number / title / list / info: asked of a document
    number_tail: str | None = None  # 109 in 109号文: a 文号 named by its serial alone
    scope_terms: tuple[str, ...] = ()  # words of the question a document's region may match


@dataclass(frozen=True)
class Frame:
    """The reading of one question; :mod:`query.planner` turns it into store queries."""

    intent: IntentName  # the relation and its direction, as the intent rules read them
    text: str = ""  # the normalised question
    masked: str = ""  # the same with every name found replaced by one placeholder character
    answer: AnswerType = AnswerType.ANY
    aggregate: Aggregate = Aggregate.NONE
    top: int | None = None
    ranked: str = "supporter"  # what a ranking ranks: supporter | recipient | county
    subjects: tuple[Mention, ...] = ()  # hospitals named, in order (yes/no, intersect)
    constraints: Constraints = field(default_factory=Constraints)
    doc_relation: str | None = None  # forwards | forwarded_by | based_on
    ordinal: int | None = None  # 第十五条: the n-th measure
    unresolved: tuple[Mention, ...] = ()  # names that look like names and match nothing


_YEAR = re.compile(r"((?:19|20)\d{2})年")
_ANNEX = re.compile(r"附件\s*(\d+|[一二三四五六七八九十]+)")
_NUMBER_TAIL = re.compile(r"(?<![0-9〕])(\d{1,4})号文")
_ORDINAL = re.compile(r"第([0-9一二三四五六七八九十百]+)(?:条|项|个)")
_WHICH_MORE = re.compile(r"(?:哪个|哪家|谁)[^，。？]*?(?:更|最)?多[吗呢]?[？?]?$")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_number(token: str) -> int | None:
    """A number written in digits or in Chinese numerals up to 99 (十五, 二十一)."""
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _CN.get(tens, 1) * 10 + _CN.get(ones, 0) if all(c in _CN for c in tens + ones) else None
    return _CN.get(token) if len(token) == 1 else None


def _answer_type(q: Question) -> AnswerType:
    for hit in q.hits("answer"):
        if hit.value == "county" and re.match(r"(?:人民|中)?医院|卫生院", q.text[hit.end :]):
            continue  # 哪个县医院 asks for a hospital
        return AnswerType(hit.value)
    return AnswerType.ANY


def _kind(q: Question) -> str | None:
    """A hospital kind right after the question word: 哪些中医医院, 几家中医院."""
    for hit in q.hits("kind"):
        if re.search(r"(?:哪些|哪家|哪几家|几家|多少家|几所)$", q.text[: hit.start]):
            return hit.value
    return None


def _aggregate(q: Question, hospitals: list[Mention]) -> Aggregate:
    if q.has("intersect") and len(hospitals) >= 2:
        return Aggregate.INTERSECT
    if q.has("per_subject") and len(hospitals) >= 2:
        return Aggregate(q.value("per_subject", ("compare", "each")))
    if len(hospitals) >= 2 and _WHICH_MORE.search(q.text):
        return Aggregate.COMPARE  # A和B哪个帮扶的医院多
    if q.has("hubs"):
        return Aggregate.RANK
    return Aggregate.COUNT if q.count() else Aggregate.NONE


def _ranked(q: Question, answer: AnswerType) -> str:
    if answer is AnswerType.COUNTY:
        return "county"
    if q.has("recipient_marker") or q.value("rank_side") == "recipient":
        return "recipient"
    return "supporter"


def _supporter_place(q: Question) -> Mention | None:
    """A place that limits the supporting side: 上海哪些医院, 上海医院, 哪家是上海的, and a
    place that opens a question whose object is another place (上海有哪些医院在帮扶大理州)."""
    places = q.places()
    for e in places:
        if any(e.pos - 1 <= h.end <= e.pos for h in q.hits("support_verb")):
            continue  # 帮扶江西哪家医院: a place right after the verb limits the object
        after = q.text[e.pos + 1 : e.pos + 6]
        before = q.text[max(0, e.pos - 3) : e.pos]
        if re.match(r"^(?:哪些|哪家|哪几家)?(?:医院|三级医院)", after) and (len(places) >= 2 or q.of(H)):
            return e.mention  # 上海哪些医院, 帮扶X的上海医院
        if before.endswith("是") and after.startswith("的") and q.of(H):
            return e.mention  # 哪家是上海的
    if len(places) >= 2:
        first, second = places[0], places[1]
        verb = q.first(("support_verb",), first.pos + 1, second.pos)
        if verb is not None and not q.within(("passive",), first.pos + 1, second.pos):
            return first.mention  # 上海有哪些医院在帮扶大理州
    return None


def _yes_no(q: Question, hospitals: list[Mention]) -> bool:
    """Two hospitals, a support or lead word, a yes/no word and no question word (谁/哪)."""
    if len(hospitals) < 2 or not q.has("yesno"):
        return False
    if not q.has("support_verb", "lead", "supporter_noun"):
        return False
    return not re.search(r"谁|哪", q.text)


def _doc_relation(q: Question) -> str | None:
    hits = q.hits("doc_relation")
    if not hits or (q.has("cites") and hits[0].value == "forwards"):
        return None  # 转发通知引用了哪些文件: 转发 is a word of the title
    hit = hits[0]
    if any(h.value in ("issuer", "date", "title", "number") for h in q.hits("document")):
        return None  # 转发…的通知文号是什么: the question asks about the forwarding notice
    if hit.value != "forwards":
        return hit.value
    docs = q.of(DOC)
    doc_before = any(e.pos < hit.start for e in docs) or bool(_NUMBER_TAIL.search(q.text[: hit.start]))
    passive = "被" in q.text[: hit.start] or q.text[hit.end : hit.end + 1] == "的"
    asked_before = bool(re.search(r"哪|什么", q.text[: hit.start]))
    if (doc_before and passive) or (asked_before and not doc_before):
        return "forwarded_by"  # X是哪个文件转发的; 哪份文件转发了X
    return "forwards"


def _scope_terms(q: Question) -> tuple[str, ...]:
    """Places named (resolved or not) and scope words (国家): a document's region may match."""
    terms = [_YEAR.sub("", m.surface) for m in (e.mention for e in q.ents) if m.node_type in PLACES]
    terms += [c for e in q.ents if e.type in PLACES for c in e.mention.canonicals]
    terms += [h.value for h in q.hits("doc_scope")]
    return tuple(dict.fromkeys(terms))


def read_frame(u: Understanding, q: Question | None = None) -> Frame:
    """The frame of an understood question; ``q`` is its masked form when already made."""
    intent = u.intent
    q = q if q is not None else Question(u.normalized, u.mentions, keywords())
    hospitals = [e.mention for e in q.of(H)]
    answer = _answer_type(q)
    if _yes_no(q, hospitals):
        answer = AnswerType.YES_NO
    aggregate = _aggregate(q, hospitals)
    docs = q.of(DOC)
    year = _YEAR.search(u.normalized)
    annex = _ANNEX.search(u.normalized)
    annex_label = f"附件{cn_number(annex.group(1))}" if annex else None
    tail = _NUMBER_TAIL.search(u.normalized)
    ordinal = _ORDINAL.search(u.normalized)
    constraints = Constraints(
        annex=annex_label,
        year=int(year.group(1)) if year else None,
        hospital_kind=_kind(q),
        lead_only=bool(intent.slots.get("lead")),
        exclude=tuple(e.mention for e in q.excluded),
        exclude_lead=q.exclude_lead,
        supporter_place=_supporter_place(q),
        document=docs[0].mention if docs else None,
        document_words=q.has("doc_noun"),
        doc_ask=doc_ask(q) if q.has("document") else None,
        number_tail=tail.group(1) if tail else None,
        scope_terms=_scope_terms(q),
    )
    return Frame(
        intent=intent.name,
        text=u.normalized,
        masked=q.text,
        answer=answer,
        aggregate=aggregate,
        top=top(q),
        ranked=_ranked(q, answer),
        subjects=tuple(hospitals),
        constraints=constraints,
        doc_relation=_doc_relation(q),
        ordinal=cn_number(ordinal.group(1)) if ordinal else None,
        unresolved=tuple(m for m in u.mentions if not m.resolved),
    )
