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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from query.model import Answer

QUESTIONS = Path(__file__).resolve().parent / "data" / "questions.tsv"
SHANGHAI = ("上海", "复旦大学", "同济大学", "华东医院", "长宁区")


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
        "leads": lambda: _same(
            {i.name for i in answer.items if i.lead}, oracle.supporters(arg, lead_only=True)
        ),
        "count_supporters": lambda: (f"共{len(oracle.supporters(arg))}家" in answer.text, answer.text),
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
        "needs": lambda: (
            all(n in answer.text for n in oracle.needs(arg)) and bool(oracle.needs(arg)),
            answer.text,
        ),
        "period": lambda: ("6个月-1年" in answer.text, answer.text),
        "cites": lambda: _same({i.detail for i in answer.items}, set(oracle.document(arg)["cites"])),
        "cited_by": lambda: _same({i.detail or i.name for i in answer.items}, oracle.citing(arg)),
        "issuer": lambda: (all(x in answer.text for x in oracle.document(arg)["issuers"]), answer.text),
        "date": lambda: (oracle.document(arg)["date"] in answer.text, answer.text),
        "number": lambda: (oracle.document(arg)["number"] in answer.text, answer.text),
        "doc_list": lambda: (len(answer.items) == len(oracle.gold["documents"]), answer.text),
        "clarify": lambda: (
            answer.status == "clarify" and {c.name for c in answer.candidates} == set(arg.split("|")),
            answer.text,
        ),
        "not_found": lambda: (answer.status == "not_found" and not answer.items, answer.text),
        "help": lambda: (answer.status == "help" and not answer.items, answer.text),
        "req": lambda: _requirement(answer, arg),
        "relation_supports": lambda: (
            answer.status == "ok" and "帮扶" in answer.text and all(n in answer.text for n in arg.split("|")),
            answer.text,
        ),
        "relation_path": lambda: (answer.status == "ok" and "相隔" in answer.text, answer.text),
        "hub_top": lambda: (bool(answer.items) and answer.items[0].name == arg, answer.text),
        "hub_top_in": lambda: (bool(answer.items) and answer.items[0].name == arg, answer.text),
        "cross_from": lambda: _same(
            {i.name for i in answer.items}, oracle.shanghai_recipients(arg.partition("|")[2])
        ),
        "cross_to": lambda: (
            bool(answer.items) and all(i.group.endswith(arg) for i in answer.items),
            answer.text,
        ),
        "cross_any": lambda: (bool(answer.items) and all("→" in i.group for i in answer.items), answer.text),
        "measures": lambda: _measures(answer, arg),
        "count_pairings": lambda: (f"{len(oracle.pairs)}条帮扶关系" in answer.text, answer.text),
        "count_persons": lambda: (
            f"{len({s['person'] for s in oracle.gold['staff']})}名" in answer.text,
            answer.text,
        ),
    }
    return checks[kind]()


def _same(got: set, expected: set) -> tuple[bool, str]:
    return got == expected and bool(
        expected
    ), f"missing {sorted(expected - got)}, extra {sorted(got - expected)}"


def _requirement(answer: Answer, arg: str) -> tuple[bool, str]:
    _topic, _, text = arg.partition(":")
    ok = any(text in i.name for i in answer.items) and all(i.evidence for i in answer.items)
    return ok, f"{answer.text} | {[i.name for i in answer.items][:4]}"


def _measures(answer: Answer, arg: str) -> tuple[bool, str]:
    category, _, count = arg.partition(":")
    ok = len(answer.items) == int(count) and all(not category or i.group == category for i in answer.items)
    return ok, answer.text
