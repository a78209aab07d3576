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
from query.groups import SupporterGroup, read_group
from query.intent_keywords import DOC, PLACES, H, Hit, Question, keywords
from query.intent_slots import doc_ask, top
from query.intent_types import IntentName, Understanding
from query.stated_places import stated_places

__all__ = ["Aggregate", "AnswerType", "Constraints", "Frame", "Threshold", "read_frame"]


class AnswerType(StrEnum):
    """What the question word asks for (the noun after 哪/几/什么)."""

    ANY = "any"  # no question noun: the relation decides (哪些 alone, 谁)
    INSTITUTION = "institution"
    COUNTY = "county"
    PREFECTURE = "prefecture"
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
class Threshold:
    """十家以上 / 超过两家 / 只有一家: hospitals kept by their number of distinct partners.

    ``side`` is the side listed and counted: ``supporter`` (a supporter with OP N recipients:
    帮扶了十家以上的医院) or ``recipient`` (a recipient with OP N supporters: 有5家以上医院帮扶).
    """

    op: str  # ge | gt | eq | le | lt
    n: int
    side: str

    def holds(self, count: int) -> bool:
        return _COMPARE[self.op](count, self.n)


_COMPARE = {
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "eq": lambda a, b: a == b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}


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
    threshold: Threshold | None = None  # 十家以上: hospitals by their number of partners
    kind_side: str | None = None  # the side the kind names when the words say it (受援的中医院)
    kind_supporters: bool = False  # the supporters of hospitals of that kind are asked
    absent: str | None = None  # 没有帮扶医院: what the hospitals asked lack (supporter | lead | place)
    absent_place: Mention | None = None  # 没有上海医院帮扶: the place of the supporters they lack
    with_others: bool = False  # 牵头医院是谁，还有哪些参与: the other supporters are asked too
    supporter_group: SupporterGroup | None = None  # 昆明医科大学的附属医院, 大理州的州级医院


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
    places: tuple[Mention, ...] = ()  # places named, resolved, one each, in order
    constraints: Constraints = field(default_factory=Constraints)
    doc_relation: str | None = None  # forwards | forwarded_by | based_on
    ordinal: int | None = None  # 第十五条: the n-th measure
    unresolved: tuple[Mention, ...] = ()  # names that look like names and match nothing
    hospitals_too: bool = False  # X帮扶了哪些医院，这些医院在哪些县: the hospitals listed with the places
    unknown_subject: str = ""  # 某某有哪些医院…: a leading word that is no keyword and no known name
    # 贵州, 广西, 四川: (surface, official name) of provinces and prefectures the question writes
    # out that no name found covers; the planner answers nothing wider when the graph has none
    stated_places: tuple[tuple[str, str], ...] = ()


_YEAR = re.compile(r"((?:19|20)\d{2})年")
_ANNEX = re.compile(r"附件\s*(\d+|[一二三四五六七八九十]+)")
_NUMBER_TAIL = re.compile(r"(?<![0-9〕])(\d{1,4})号文")
_ORDINAL = re.compile(r"第([0-9一二三四五六七八九十百]+)(?:条|项|个)")
_WHICH_MORE = re.compile(r"(?:哪个|哪家|谁)[^，。？]*?(?:更|最)?多[吗呢]?[？?]?$")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_HOW_MANY = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)(?:家|所|个)")
_THRESHOLD_GAP = 4  # 至少帮扶了9家: characters allowed between a leading threshold word and N家
_KIND_FILLER = re.compile(r"(?:的|里|中|里面|当中|之中|有没有|有|是)+$")
_VERB_FILLER = re.compile(r"(?:了|过|在|有|是|共|都|对|给)+$")


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


def _threshold_span(q: Question) -> tuple[str, int, int, int] | None:
    """(op, N, start, end) of the first number of 家 a threshold word governs."""
    words = q.hits("threshold")
    for hit in words:
        if " " in hit.value:  # 多家: the number is the word's own
            op, _, n = hit.value.partition(" ")
            return op, int(n), hit.start, hit.end
    for number in _HOW_MANY.finditer(q.text):
        n = cn_number(number.group(1))
        if n is None:
            continue
        for hit in words:
            if hit.start == number.end():  # 十家以上, 三家及以上
                return hit.value, n, number.start(), hit.end
            if hit.end <= number.start() <= hit.end + _THRESHOLD_GAP and not _HOW_MANY.search(
                q.text, hit.end, number.start()
            ):  # 超过8家, 至少帮扶了9家
                return hit.value, n, hit.start, number.end()
    return None


def _ends_with(q: Question, groups: tuple[str, ...], end: int) -> bool:
    return any(h.end == end for g in groups for h in q.hits(g))


def _threshold(q: Question) -> Threshold | None:
    """The side whose partners are counted, from the support words around the number phrase:
    followed by (医院)(在)帮扶 or a supporter noun (5家以上医院帮扶, 只有一家帮扶医院) or after a
    supporter noun (帮扶医院超过两家), the recipients are counted by supporters; after a support
    verb or a recipient noun (帮扶了十家以上, 帮扶的医院不止五家), the supporters by recipients."""
    found = _threshold_span(q)
    if found is None:
        return None
    op, n, start, end = found
    after = re.match(r"(?:的)?(?:医院|单位)?(?:在|来|进行|参与|共同|同时)?", q.text[end:])
    verb_at = end + (after.end() if after else 0)
    if any(h.start == verb_at for g in ("support_verb", "supporter_noun") for h in q.hits(g)):
        return Threshold(op, n, "recipient")
    before = _VERB_FILLER.sub("", q.text[:start])
    if _ends_with(q, ("supporter_noun",), len(before)) and not _ends_with(
        q, ("recipient_noun",), len(before)
    ):
        return Threshold(op, n, "recipient")
    return Threshold(op, n, "supporter")


_ABSENCE_WINDOW = 8  # characters after an absence word in which what is lacking is named


def _absence(q: Question) -> tuple[str | None, Mention | None]:
    """(what the hospitals asked lack, the place of the supporters they lack): a lead word right
    after the absence word (没有牵头医院) → lead; a place (没有上海医院帮扶, 不是由上海的医院) →
    place; a supporter noun, a support verb or a person (没人帮扶) → supporter."""
    for hit in q.hits("absence"):
        if hit.value != "absent":
            continue
        window = q.text[hit.end : hit.end + _ABSENCE_WINDOW]
        end = hit.end + len(window)
        if any(hit.end <= h.start < end for h in q.hits("lead")):
            return "lead", None
        place = next((e for e in q.places() if hit.end <= e.pos <= hit.end + 1), None)
        if place is not None:
            return "place", place.mention
        if any(hit.end <= h.start < end for g in ("supporter_noun", "support_verb") for h in q.hits(g)):
            return "supporter", None
    return None, None


def _answer_type(q: Question) -> AnswerType:
    for hit in q.hits("answer"):
        if hit.value == "county" and re.match(r"(?:人民|中)?医院|卫生院", q.text[hit.end :]):
            continue  # 哪个县医院 asks for a hospital
        return AnswerType(hit.value)
    return AnswerType.ANY


def _kind(q: Question) -> str | None:
    """A hospital kind right after the question word (哪些中医医院, 几家中医院) or on a side
    the question names (接受帮扶的中医院, 支援医院里有没有儿童医院, 红河州的中医医院)."""
    for hit in q.hits("kind"):
        if re.search(r"(?:哪些|哪家|哪几家|几家|多少家|几所)$", q.text[: hit.start]):
            return hit.value
    for hit in q.hits("kind"):
        if _kind_side(q, hit) is not None:
            return hit.value
    return None


def _kind_side(q: Question, hit: Hit) -> str | None:
    """The side a kind word names, from the words right before it: a recipient marker or noun,
    a support verb (X帮扶的中心卫生院) or a place (红河州的中医医院: the places of the programme
    are the recipients') → recipient; a supporter marker or noun → supporter."""
    before = _KIND_FILLER.sub("", q.text[: hit.start])
    end = len(before)
    if _ends_with(q, ("supporter_marker", "supporter_noun"), end):
        return "supporter"
    if _ends_with(q, ("recipient_marker", "recipient_noun", "support_verb"), end):
        return "recipient"
    if any(e.pos + 1 == end for e in q.places()):
        return "recipient"
    return None


def _kind_reading(q: Question) -> tuple[str | None, bool]:
    """(the side the kind names, whether the supporters of those hospitals are asked: a support
    verb after the kind word — 某州的中医院是谁在帮扶)."""
    for hit in q.hits("kind"):
        side = _kind_side(q, hit)
        if side is not None:
            verb_after = any(h.start >= hit.end for h in q.hits("support_verb"))
            return side, side == "recipient" and verb_after
    return None, False


def distinct_places(q: Question) -> list[Mention]:
    """The places named, resolved and one each (云南省 in 云南省禄劝县 is a qualifier)."""
    found: dict[tuple[str, ...], Mention] = {}
    for e in q.places():
        if e.mention.resolved:
            found.setdefault(tuple(e.mention.node_ids), e.mention)
    return list(found.values())


def _aggregate(q: Question, hospitals: list[Mention]) -> Aggregate:
    if any(h.value != "places" for h in q.hits("intersect")) and len(hospitals) >= 2:
        return Aggregate.INTERSECT
    unknown_places = [e for e in q.ents if not e.mention.resolved and set(e.mention.types) <= set(PLACES)]
    if q.has("intersect") and not hospitals and len(distinct_places(q)) + len(unknown_places) >= 2:
        return Aggregate.INTERSECT  # 同时帮扶A州和B州的医院: supporters present in both places
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


def _scope_terms(q: Question, stated: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Places named (resolved or not, in the graph or only in the gazetteer: 四川 limits the
    rules to 四川's documents, of which there may be none) and scope words (国家): a
    document's region may match."""
    terms = [_YEAR.sub("", m.surface) for m in (e.mention for e in q.ents) if m.node_type in PLACES]
    terms += [c for e in q.ents if e.type in PLACES for c in e.mention.canonicals]
    terms += [name for pair in stated for name in pair]
    terms += [h.value for h in q.hits("doc_scope")]
    return tuple(dict.fromkeys(terms))


_LEADING_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
_SUBJECT_GROUPS = (
    "who",
    "count",
    "hospital_word",
    "recipient_noun",
    "supporter_noun",
    "support_verb",
    "passive",
)


def _hospitals_too(q: Question, answer: AnswerType) -> bool:
    """A place is asked after the hospitals themselves were (哪些医院…，在哪些县): both parts."""
    asked = [h for h in q.hits("answer") if h.value in ("county", "prefecture")]
    return (
        bool(asked)
        and any(h.end <= asked[0].start and h.word.endswith("医院") for h in q.hits("who"))
        and answer in (AnswerType.COUNTY, AnswerType.PREFECTURE)
    )


def _unknown_subject(q: Question) -> str:
    """The words a question opens with, when they are neither a keyword nor a name found and a
    question word or a role follows at once (版纳有哪些医院…): the place or hospital the question
    is about, unknown to the graph; the whole-graph list would answer another question."""
    if not q.text or (q.ents and q.ents[0].pos == 0):
        return ""
    first = min((h.start for g in q._kw.table if g != "example" for h in q.hits(g)), default=len(q.text))
    lead = _LEADING_WORD.fullmatch(q.text[:first])
    if lead is None or not any(first <= h.start <= first + 1 for g in _SUBJECT_GROUPS for h in q.hits(g)):
        return ""
    return lead.group(0)


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
    kind_side, kind_supporters = _kind_reading(q)
    absent, absent_place = _absence(q)
    ordinal = _ORDINAL.search(u.normalized)
    stated = stated_places(q.text)
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
        scope_terms=_scope_terms(q, stated),
        threshold=_threshold(q),
        kind_side=kind_side,
        kind_supporters=kind_supporters,
        absent=absent,
        absent_place=absent_place,
        with_others=q.has("others"),
        supporter_group=read_group(q, intent),
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
        places=tuple(distinct_places(q)),
        constraints=constraints,
        doc_relation=_doc_relation(q),
        ordinal=cn_number(ordinal.group(1)) if ordinal else None,
        unresolved=tuple(m for m in u.mentions if not m.resolved),
        unknown_subject=_unknown_subject(q),
        stated_places=stated,
        hospitals_too=_hospitals_too(q, answer),
    )
