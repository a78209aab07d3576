"""Expected answers for tests/data/questions.tsv, computed from the gold wherever it can say.

Spec forms (``kind:argument``): supporters / leads / count_supporters (of a recipient),
recipients / recipients_lead (of a supporter), county_recipients / county_supporters (of a
printed county), person_to / staff_to / staff_from / needs / period (staff table), cites /
cited_by / issuer / date / number (document metadata), clarify:A|B, not_found, help,
req:topic:text, relation_supports:A|B, relation_path:A|B, hub_top:name, hub_top_in:name,
cross_from:place, cross_to:province, cross_any, measures:category:count, doc_list,
count_pairings, count_persons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from query.model import Answer

QUESTIONS = Path(__file__).resolve().parent / "data" / "questions.tsv"
SHANGHAI = ("上海", "复旦大学", "同济大学", "华东医院", "长宁区")
PERIOD = re.compile(r"\d+个月-\d+年")
DATE = re.compile(r"(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号")


@dataclass(frozen=True)
class Case:
    question: str
    spec: str
    line: int


def load_cases() -> list[Case]:
    cases = []
    for number, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") or not line.strip("\n"):
            continue
        question, spec = line.split("\t")
        cases.append(Case(question, spec, number))
    return cases


class GoldOracle:
    """Answers the specs from the hand-checked gold alone (names canonicalised by its aliases)."""

    def __init__(self, gold: dict) -> None:
        self.gold = gold
        alias = {(a["doc"], a["surface"]): a["canonical"] for a in gold["aliases"]}
        self.pairs = [
            {
                **p,
                "supporter": alias.get((p["doc"], p["supporter"]), p["supporter"]),
                "recipient": alias.get((p["doc"], p["recipient"]), p["recipient"]),
            }
            for p in gold["pairings"]
        ]

    def supporters(self, recipient: str, lead_only: bool = False) -> set[str]:
        return {
            p["supporter"] for p in self.pairs if p["recipient"] == recipient and (p["lead"] or not lead_only)
        }

    def recipients(self, supporter: str, lead_only: bool = False) -> set[str]:
        return {
            p["recipient"] for p in self.pairs if p["supporter"] == supporter and (p["lead"] or not lead_only)
        }

    def county_recipients(self, county: str) -> set[str]:
        names = {p["recipient"] for p in self.pairs if p["county"] == county}
        return names | {o["recipient"] for o in self.gold["orphans"] if o["county"] == county}

    def county_supporters(self, county: str) -> set[str]:
        return {p["supporter"] for p in self.pairs if p["county"] == county}

    def staff(self, *, person: str = "", to: str = "", source: str = "") -> list[dict]:
        return [
            s
            for s in self.gold["staff"]
            if (not person or s["person"] == person)
            and (not to or s["to_hospital"] == to)
            and (not source or s["from_hospital"] == source)
        ]

    def periods(self, recipient: str) -> set[str]:
        return {p["period"] for p in self.pairs if p["recipient"] == recipient and p.get("period")}

    def needs(self, recipient: str) -> set[str]:
        return {n for p in self.pairs if p["recipient"] == recipient for n in p.get("needs", [])}

    def shanghai_recipients(self, region: str = "") -> set[str]:
        """Recipients of 上海 hospitals, optionally only in documents of ``region``."""
        docs = {d["doc"] for d in self.gold["documents"] if not region or d["region"] == region}
        return {
            p["recipient"] for p in self.pairs if p["supporter"].startswith(SHANGHAI) and p["doc"] in docs
        }

    def document(self, number_or_title: str) -> dict:
        return next(d for d in self.gold["documents"] if number_or_title in (d["number"], d["title"]))

    def citing(self, number: str) -> set[str]:
        return {d["number"] or d["title"] for d in self.gold["documents"] if number in d.get("cites", [])}


def _names(answer: Answer) -> set[str]:
    """The answer's names, without the 另见 notes that point at related entries."""
    return {i.name for i in answer.items if i.group != "另见"}


def check(case: Case, answer: Answer, oracle: GoldOracle) -> tuple[bool, str]:
    """(passed, why) for one question's answer."""
    kind, _, arg = case.spec.partition(":")
    checks: dict[str, Callable[[], tuple[bool, str]]] = {
        "supporters": lambda: _same(_names(answer), oracle.supporters(arg)),
        "leads": lambda: (
            _same(_names(answer), oracle.supporters(arg, lead_only=True))
            if all(i.lead for i in answer.items)
            else (False, f"non-lead items listed: {[i.name for i in answer.items if not i.lead]}")
        ),
        "count_supporters": lambda: _count(answer, oracle.supporters(arg)),
        "recipients": lambda: _same(_names(answer), oracle.recipients(arg)),
        "recipients_lead": lambda: _same(_names(answer), oracle.recipients(arg, lead_only=True)),
        "county_recipients": lambda: _same(_names(answer), oracle.county_recipients(arg)),
        "county_supporters": lambda: _same(_names(answer), oracle.county_supporters(arg)),
        "person_to": lambda: _same(_names(answer), {s["to_hospital"] for s in oracle.staff(person=arg)}),
        "staff_to": lambda: _same(
            {i.extra.get("person") for i in answer.items}, {s["person"] for s in oracle.staff(to=arg)}
        ),
        "staff_from": lambda: _same(
            {i.extra.get("person") for i in answer.items}, {s["person"] for s in oracle.staff(source=arg)}
        ),
        "needs": lambda: _same(_stated_needs(answer.text), oracle.needs(arg)),
        "period": lambda: _same(set(PERIOD.findall(answer.text)), oracle.periods(arg)),
        "cites": lambda: _same({i.detail for i in answer.items}, set(oracle.document(arg)["cites"])),
        "cited_by": lambda: _same({i.detail or i.name for i in answer.items}, oracle.citing(arg)),
        "issuer": lambda: _same(
            {i for d in oracle.gold["documents"] for i in d["issuers"] if i in answer.text},
            set(oracle.document(arg)["issuers"]),
        ),
        "date": lambda: _same(
            {f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in DATE.findall(answer.text)},
            {oracle.document(arg)["date"]},
        ),
        "number": lambda: _same(
            {_bracketed(n) for n in DOC_NUMBER.findall(_bracketed(answer.text))},
            {oracle.document(arg)["number"]},
        ),
        "doc_list": lambda: (len(answer.items) == len(oracle.gold["documents"]), answer.text),
        "clarify": lambda: (
            answer.status == "clarify" and {c.name for c in answer.candidates} == set(arg.split("|")),
            answer.text,
        ),
        "not_found": lambda: (answer.status == "not_found" and not answer.items, answer.text),
        "help": lambda: (answer.status == "help" and not answer.items, answer.text),
        "req": lambda: _requirement(answer, arg),
        "relation_supports": lambda: _relation_supports(answer, arg, oracle),
        "relation_path": lambda: (answer.status == "ok" and "相隔" in answer.text, answer.text),
        "hub_top": lambda: (bool(answer.items) and answer.items[0].name == arg, answer.text),
        "hub_top_in": lambda: (bool(answer.items) and answer.items[0].name == arg, answer.text),
        "cross_from": lambda: _same(
            {i.name for i in answer.items}, oracle.shanghai_recipients(arg.partition("|")[2])
        ),
        "cross_to": lambda: _cross(answer, arg.partition("=")[0], set(arg.partition("=")[2].split(","))),
        "cross_any": lambda: _cross(answer, "", oracle.shanghai_recipients() | set(arg.split(","))),
        "measures": lambda: _measures(answer, arg),
        "count_pairings": lambda: (len(oracle.pairs) in _said_numbers(answer.text, "条"), answer.text),
        "count_persons": lambda: (
            len({s["person"] for s in oracle.gold["staff"]}) in _said_numbers(answer.text, "名人"),
            answer.text,
        ),
    }
    return checks[kind]()


def _same(got: set, expected: set) -> tuple[bool, str]:
    return got == expected and bool(
        expected
    ), f"missing {sorted(expected - got)}, extra {sorted(got - expected)}"


def _requirement(answer: Answer, arg: str) -> tuple[bool, str]:
    """Every rule listed is of the asked topic (and document, when the spec names one), and
    the first one — the rule the answer's sentence quotes — states the expected value."""
    topic, _, rest = arg.partition(":")
    text, _, doc_prefix = rest.partition(":")
    off = [
        i.name
        for i in answer.items
        if i.extra.get("topic") != topic or any(not e.doc.startswith(doc_prefix) for e in i.evidence)
    ]
    ok = (
        bool(answer.items)
        and text in answer.items[0].name
        and not off
        and all(i.evidence for i in answer.items)
    )
    return ok, f"first {[i.name for i in answer.items][:1]}, other topic/document {off[:3]}"


def _count(answer: Answer, expected: set[str]) -> tuple[bool, str]:
    """The number is said with its counter word; any names listed are exactly the counted set."""
    listed = _names(answer)
    ok = len(expected) in _said_numbers(answer.text, "家个") and (not listed or listed == expected)
    return ok, answer.text


def _said_numbers(text: str, counters: str) -> set[int]:
    return {int(n) for n in re.findall(rf"(\d+)\s*[{counters}]", text)}


def _stated_needs(text: str) -> set[str]:
    """The needs the sentence lists after 需帮扶项目：, split on 、，."""
    found = re.search(r"需帮扶项目[：:]([^。；;]*)", text)
    return {n.strip() for n in re.split(r"[、，,]", found.group(1)) if n.strip()} if found else set()


def _bracketed(text: str) -> str:
    return re.sub(r"[\[［(（](\d{4})[\]］)）]", r"〔\1〕", text)


def _relation_supports(answer: Answer, arg: str, oracle: GoldOracle) -> tuple[bool, str]:
    supporter, recipient = arg.split("|")
    true = supporter in oracle.supporters(recipient)
    stated = re.search(f"{re.escape(supporter)}(?:牵头|作为牵头医院)?帮扶{re.escape(recipient)}", answer.text)
    ok = true and answer.status == "ok" and bool(stated)
    return ok, answer.text if true else f"spec error: gold has no {supporter} -> {recipient}"


def _cross(answer: Answer, province: str, expected: set[str]) -> tuple[bool, str]:
    """Cross-province: every item crosses a border (origin ≠ destination), into ``province``
    when given, and the recipients are exactly the expected set."""
    routes = [tuple(part.strip() for part in i.group.split("→")) for i in answer.items]
    crossing = all(len(r) == 2 and r[0] != r[1] and (not province or r[1] == province) for r in routes)
    got = _names(answer)
    ok = crossing and got == expected
    bad = sorted({i.group for i, r in zip(answer.items, routes, strict=True) if len(r) != 2 or r[0] == r[1]})
    return (
        ok,
        f"not crossing {bad[:3]}; missing {sorted(expected - got)[:5]}, extra {sorted(got - expected)[:5]}",
    )


def _measures(answer: Answer, arg: str) -> tuple[bool, str]:
    category, _, count = arg.partition(":")
    ok = len(answer.items) == int(count) and all(not category or i.group == category for i in answer.items)
    return ok, answer.text
