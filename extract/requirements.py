"""Quantitative rules (要求) in running text: 至少5名, 不少于6个月, 不低于100万元保额, 1.5倍 ….

Why clause-level: one sentence often carries several rules ("派驻至少5名…（中医医院可派驻3名），
连续驻点帮扶不少于6个月"), and a question like "中医医院至少派几名" needs each rule with its own
subject and value. A requirement is a number+unit that the text *binds* — by a qualifier
(至少/不少于/不超过…), a bound (…以上/以内), a rate (每年/每人…), a standard (…元标准) or a
multiple (倍) — so that narrative numbers (利用5年时间, 70个县) are not mistaken for rules.

The topic of a rule comes from the vocabulary (``core/vocab/requirement_topics.jsonl``: one
entry per topic holds the extractor's patterns and the question words), the subject from
:data:`SUBJECT_RULES`, so that a new document's vocabulary is added as data, not as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from core.model import Evidence
from core.normalize import fold_width
from core.records import Requirement
from core.vocab.topics import fallback_topic, requirement_topics, topic_of_rule
from extract.clauses import CN_DIGITS, NUMBER, ORDINAL, clauses, sentences, tidy, to_value
from extract.document import ParsedDocument
from extract.terms import heading_terms, run_in_heading, terms_in

# (pattern, subject): who a rule is for, when the clause names it; first match wins.
SUBJECT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"中(?:蒙)?医医院"), "中医医院"),
    (re.compile(r"队长"), "队长"),
    (re.compile(r"省内的?三级医院"), "省内三级医院"),
    (re.compile(r"进修人员"), "进修人员"),
    (re.compile(r"驻点专家"), "驻点专家"),
)

_QUALIFIERS = (
    "至少", "最少", "不少于", "不得少于", "不应少于", "不低于", "不得低于", "不超过", "不得超过", "不多于",
    "不高于", "最多", "最高", "超过", "达到", "低于", "高于", "少于", "多于", "连续", "原则上",
)
_QUALIFIER_BEFORE = re.compile(rf"(?:{'|'.join(_QUALIFIERS)})\s*(?:有|为|是)?\s*$")
_VERB_BEFORE = re.compile(r"(?:派驻|选派|派出|下派|补贴|报销|培养|培训|为|期限为|时间为|按)\s*$")
_RATE = re.compile(r"每(?:年|月|季度|周|人|名|批次|批|次|个|所|家)")
_BOUND_AFTER = re.compile(r"^\s*(?:及?以上|以下|以内|内(?!容|科)|标准)")

_UNITS = ("个月", "万元", "元", "倍", "名", "人", "天", "年", "项", "次", "所", "个")
# Units a Chinese numeral may carry: "一个" is rarely a rule ("为一个周期"), "一所" / "一年" are.
_CN_UNITS = ("个月", "万元", "元", "倍", "名", "人", "天", "年", "项", "次", "所")
_QUANTITY = re.compile(
    rf"(?<![\d.第{CN_DIGITS}])(?P<num>{NUMBER})\s*(?:(?P<dash>[-—–~～至到])\s*(?P<num2>{NUMBER})\s*)?"
    rf"(?P<unit>{'|'.join(_UNITS)})"
    # not "人民/人员" (第一人民医院), not "年度/年级", not "次性" (一次性), not 个 of 个人
    r"(?!(?<=人)[民员口才群事社大士])(?!(?<=年)[度级龄终底末])(?!(?<=次)性)(?!(?<=个)[人体])"
)
_RANK = re.compile(
    r"(?P<rank>副高|正高|中级|高级|副主任医师|主任医师|副教授|教授)(?:及)?以上(?:专业技术)?(?:职称|职务|资格)"
)
_RANGE_LINK = re.compile(r"[^，、]{0,4}(?:且|至|到|[-—~～])[^，、]{0,6}")  # "…且不超过…"


@dataclass(frozen=True)
class _Unit:
    """A clause with its bracketed asides taken out (``text``), or one aside on its own."""

    text: str  # what is matched
    display: str  # what the requirement shows: the whole clause, or the aside


def _units(clause: str) -> list[_Unit]:
    asides = re.findall(r"[（(]([^（）()]*)[）)]", clause)
    outer = re.sub(r"[（(][^（）()]*[）)]", "", clause)
    units = [_Unit(outer, clause)]
    units.extend(_Unit(a.removeprefix("如"), a.removeprefix("如")) for a in asides if a.strip())
    return units


def _is_condition(text: str, end: int) -> bool:
    """``1年的`` / ``1年以上的``: the number states when a rule applies, not the rule."""
    return bool(re.match(r"\s*(?:以上|以下|以内)?的", text[end:]))


def _is_bound(text: str, match: re.Match[str]) -> bool:
    before, after = text[: match.start()], text[match.end():]
    unit = match["unit"]
    if unit == "倍" or _QUALIFIER_BEFORE.search(before) or _VERB_BEFORE.search(before):
        return True
    if _BOUND_AFTER.match(after):
        return True
    return bool(_RATE.search(before))


def _topic(clause: str, unit: str) -> str:
    """The clause alone decides: a sentence often mixes topics (进修 and 专科 in one sentence)."""
    for rule in requirement_topics():
        if rule.pattern and rule.pattern.search(clause) and (rule.units is None or unit in rule.units):
            return rule.topic
    return fallback_topic()


def _subject(text: str) -> str:
    for pattern, subject in SUBJECT_RULES:
        if pattern.search(text):
            return subject
    return ""


def _respectively(text: str) -> list[str]:
    """``A、B的可再分别每月补贴1000元、600元`` → [A, B]: the subjects ``分别`` pairs with the values."""
    match = re.search(r"(?P<subjects>[^，；。]+?)的?(?:可再|可|再|应)*分别", text)
    if not match:
        return []
    return [s for s in match["subjects"].split("、") if s]


def _quantities(unit: _Unit) -> list[re.Match[str]]:
    text = unit.text
    found = []
    for match in _QUANTITY.finditer(text):
        number = match["num"]
        is_cn = not number[0].isdigit()
        if is_cn and match["unit"] not in _CN_UNITS:
            continue
        if match["unit"] == "年" and number.isdigit() and len(number) == 4:
            continue  # a calendar year
        if is_cn and number in ("十", "百", "千"):
            continue
        found.append(match)
    return found


def _requirements_in(sentence: str, doc: str, where: str) -> Iterator[Requirement]:
    folded = fold_width(sentence)
    for clause in clauses(ORDINAL.sub("", folded)):
        for unit in _units(clause):
            text = unit.text
            matches = [m for m in _quantities(unit) if _is_bound(text, m)]
            rules = [m for m in matches if not _is_condition(text, m.end())] or matches[:1]
            # a range "不少于3个月且不超过12个月" is one rule: keep its first bound
            kept: list[re.Match[str]] = []
            for m in rules:
                between = text[kept[-1].end(): m.start()] if kept else ""
                if kept and kept[-1]["unit"] == m["unit"] and _RANGE_LINK.fullmatch(between):
                    continue
                kept.append(m)
            subjects = _respectively(text)
            paired = len(subjects) == len(kept) > 1
            for i, m in enumerate(kept):
                value = to_value(m["num"])
                unit_name = "名" if m["unit"] == "人" else m["unit"]  # 3-5人 and 5名 count the same people
                yield Requirement(
                    topic=_topic(text, unit_name),
                    text=tidy(unit.display),
                    value=value,
                    unit=unit_name,
                    subject=subjects[i] if paired else _subject(text),
                    evidence=Evidence(doc, where, sentence),
                )
            for m in _RANK.finditer(text):
                yield Requirement(
                    topic=topic_of_rule("rank"), text=tidy(unit.display), value=None, unit="",
                    subject=_subject(text[: m.start()]), evidence=Evidence(doc, where, sentence),
                )


def _terms_in(sentence: str, doc: str, where: str, heading: str, quote: str) -> Iterator[Requirement]:
    """The cycles, spans and deadlines of a sentence (:mod:`extract.terms`) as rules."""
    for term in terms_in(fold_width(sentence), heading):
        yield Requirement(
            topic=topic_of_rule(term.rule) if term.rule else _topic(term.text, term.unit),
            text=term.text,
            value=term.value,
            unit=term.unit,
            subject=_subject(term.text),
            evidence=Evidence(doc, where, quote),
        )


def extract_requirements(doc: ParsedDocument) -> list[Requirement]:
    """The quantitative and term rules of ``doc``'s running text, each with the sentence it
    came from (a deadline that takes its term from the heading line quotes that line too).

    Identical clauses (an agreement template repeating the plan word for word) are kept once.
    """
    out: list[Requirement] = []
    seen: set[tuple[str, float | None, str, str]] = set()
    heading_section, heading_line, heading_term = "", "", ""
    for paragraph in doc.paragraphs:
        if paragraph.is_heading:  # its own rules are read below; its term holds for its lines
            heading_section, heading_line = paragraph.section, paragraph.text
            heading_term = heading_terms(paragraph.text)
        under = heading_term if paragraph.section == heading_section and not paragraph.is_heading else ""
        found = list(sentences(paragraph.text))
        run_in = run_in_heading(found[0]) if len(found) > 1 else ""
        for n, sentence in enumerate(found):
            own_heading = bool(n and run_in)  # "（四）协议期限。" titles the sentences after it
            heading = run_in if own_heading else under
            quote = sentence  # a term read from a heading quotes the heading with the line
            if own_heading:
                quote = f"{found[0]}{sentence}"
            elif heading:
                quote = f"{heading_line} {sentence}"
            rules = chain(
                _requirements_in(sentence, doc.name, paragraph.section),
                _terms_in(sentence, doc.name, paragraph.section, heading, quote),
            )
            for req in rules:
                key = (req.text, req.value, req.unit, req.subject)
                if key not in seen:
                    seen.add(key)
                    out.append(req)
    return out
