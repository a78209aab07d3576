"""Terms, cycles and deadlines in running text: how long a pairing or an agreement runs, how
often it is renewed, and the year it ends.

Why apart from the quantity rules (:mod:`extract.requirements`): those read a number a
qualifier binds (至少5名, 不少于6个月) and skip calendar years, so "每3年为一个周期", "为期2年"
and a term printed as a year range under its heading ("一、协议期限 / 2025年 月—2028年 月") were
never rules. Here:

- a **cycle** is N年/N个月 repeated: "每3年为一个周期", "两年一轮换", "每2年轮换一次";
- a **span** is a duration word before its number: "为期3年";
- a **deadline** is the end year of a range or of 至/到/截至 (自2021年起至2025年止, 2025年—2028年)
  — kept only where a term noun (协议期限, 有效期, 帮扶期限…) is in the clause, in its sentence,
  in a short run-in heading of its paragraph ("（四）协议期限。…") or in the heading line of its
  section, so that the dates of a work schedule ("（二）2022年2月-2025年12月。") are not rules.
  Its value is the end year (unit 年), and its text names the term: the heading's words are put
  before a bare range ("协议期限：2025年月—2028年月");
- a **dated deadline** is a date a thing must be done before (2022年2月18日前, 2019年5月底前,
  每月10日前): filed under the topic of the extractor's rule ``deadline`` (时限), its year as the
  value when one is printed.

The words are data (``core/vocab/term_words.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.vocab import vocab_cached
from core.vocab.words import words
from extract.clauses import CN_DIGITS, NUMBER, ORDINAL, clauses, tidy, to_value

__all__ = ["DATED_RULE", "Term", "heading_terms", "run_in_heading", "terms_in"]

TERM_WORDS_FILE = "term_words.tsv"
_RUN_IN_HEADING_CHARS = 12  # "（四）协议期限。": a paragraph's first sentence this short titles it
_YEAR = r"(?:19|20)\d{2}"
_BETWEEN_YEARS = r"[^，。；]{0,8}?"  # 2025年 月— : month and day blanks of a template


DATED_RULE = "deadline"  # the extractor's rule (requirement_topics.jsonl) a dated deadline files under


@dataclass(frozen=True)
class Term:
    """One term rule of a sentence: its value and unit, and the text that shows it."""

    value: float | None
    unit: str  # 年 | 个月 | 天; a deadline's value is a calendar year in 年; "" for 每月10日前
    text: str
    rule: str = ""  # DATED_RULE for a dated deadline (…日前), filed under that rule's topic


@dataclass(frozen=True)
class _Grammar:
    terms: tuple[str, ...]
    cycle: re.Pattern[str]
    span: re.Pattern[str]
    deadline: re.Pattern[str]
    dated: re.Pattern[str]


def _alternation(kind: str) -> str:
    found = sorted(words(TERM_WORDS_FILE, "word", kind=kind), key=len, reverse=True)
    return "|".join(re.escape(w) for w in found)


def _number(tag: str = "") -> str:
    """A number and its unit of time, as groups ``num{tag}`` and ``unit{tag}``."""
    return rf"(?<![\d.{CN_DIGITS}])(?P<num{tag}>{NUMBER})\s*(?P<unit{tag}>年|个月)"


@vocab_cached
def _grammar() -> _Grammar:
    cycles, spans = _alternation("cycle"), _alternation("span")
    return _Grammar(
        terms=tuple(sorted(words(TERM_WORDS_FILE, "word", kind="term"), key=len, reverse=True)),
        # 3年为一个周期 (in 每3年为一个周期), 两年一轮换; 每2年轮换一次
        cycle=re.compile(
            rf"{_number()}\s*(?:为|是)?\s*一\s*个?\s*(?:{cycles})|每\s*{_number('2')}\s*(?:{cycles})\s*一次"
        ),
        span=re.compile(rf"(?:{spans})\s*(?P<num>{NUMBER})\s*(?P<unit>年|个月|天)"),
        # …—2028年, 至2025年, 截至2025年底
        deadline=re.compile(
            rf"(?:{_YEAR}\s*年?{_BETWEEN_YEARS}(?:[—–\-~～]|至|到)|至|到|截至|截止到?)\s*(?P<year>{_YEAR})\s*年"
        ),
        # 2022年2月18日前, 2019年5月底前, 每月10日前, 每年11月20日前, 2025年底前, 6月前
        dated=re.compile(
            rf"(?<!\d)(?:(?P<year>{_YEAR})\s*年\s*)?(?:(?P<month>\d{{1,2}})\s*月\s*)?"
            r"(?:(?P<day>\d{1,2})\s*日|(?P<end>底)|(?<=月)份?)\s*(?:之)?前"
        ),
    )


def _has_term(text: str) -> bool:
    return any(word in text for word in _grammar().terms)


def heading_terms(heading: str) -> str:
    """The words of a heading line, without its ordinal, when it names a term (一、协议期限 →
    协议期限); "" for any other heading."""
    words_only = ORDINAL.sub("", tidy(heading)).rstrip("。：:")
    return words_only if _has_term(words_only) else ""


def run_in_heading(first_sentence: str) -> str:
    """A paragraph's short first sentence that titles it ("（四）协议期限。"), when it names a
    term: its words, else ""."""
    words_only = ORDINAL.sub("", tidy(first_sentence)).rstrip("。：:")
    return heading_terms(first_sentence) if len(words_only) <= _RUN_IN_HEADING_CHARS else ""


def _durations(clause: str) -> Iterator[Term]:
    grammar = _grammar()
    for match in grammar.cycle.finditer(clause):
        number, unit = (match["num"], match["unit"]) if match["num"] else (match["num2"], match["unit2"])
        value = to_value(number)
        if value is not None:
            yield Term(value, unit, tidy(clause))
    for match in grammar.span.finditer(clause):
        value = to_value(match["num"])
        if value is not None:
            yield Term(value, match["unit"], tidy(clause))


def _deadline_text(pieces: list[str], at: int, heading: str) -> str | None:
    """The text of the deadline in ``pieces[at]``: the clause when it names the term itself, else
    the clauses from the one that does, else the heading's words before it; None with no term."""
    if _has_term(pieces[at]):
        return tidy(pieces[at])
    named = next((i for i in range(at - 1, -1, -1) if _has_term(pieces[i])), None)
    if named is not None:
        return tidy("，".join(pieces[named : at + 1]))
    return f"{heading}：{tidy(pieces[at])}" if heading else None


def _dated(pieces: list[str], at: int) -> Iterator[Term]:
    """A date a thing must be done before (…日前, …月底前): its year as the value when printed;
    the text is the clause, with the next one when the clause ends with the date
    ("2019年5月底前，各受援贫困县县级医院要将…", "在每月10日前，及时将上月工作情况上报…")."""
    for match in _grammar().dated.finditer(pieces[at]):
        if not (match["day"] or match["month"] or (match["end"] and match["year"])):
            continue  # 底 needs a year or a month before it, 前 a day or a month
        ends_clause = not pieces[at][match.end() :].strip()  # the thing to do is in the next one
        text = "，".join(pieces[at : at + 2]) if ends_clause and at + 1 < len(pieces) else pieces[at]
        year = float(match["year"]) if match["year"] else None
        yield Term(year, "年" if year else "", tidy(text), DATED_RULE)


def terms_in(sentence: str, heading: str = "") -> Iterator[Term]:
    """The cycles, spans and deadlines of one sentence; ``heading`` is the term its heading line
    or run-in heading names ("" for none: see :func:`heading_terms`)."""
    pieces = clauses(ORDINAL.sub("", sentence))
    for at, clause in enumerate(pieces):
        yield from _durations(clause)
        yield from _dated(pieces, at)
        for match in _grammar().deadline.finditer(clause):
            text = _deadline_text(pieces, at, heading)
            if text is not None:
                yield Term(float(match["year"]), "年", text)
