"""Expected answers for the held-out question set (tests/data/questions_heldout.tsv).

Written before the question parser is rebuilt (issue 10), by someone who does not change it.
Every expectation is computed from the gold (tests/data/seed_gold.json, with the gazetteer
for prefectures) or written exactly in the TSV; every check compares a whole set, a whole
number, a whole ordered list or an exact status — never "somewhere in the list", never a
suffix. A check also reports the items that were *invented*: names in the answer that the
expectation does not hold (for a not_found/no_answer question, every item is one).

Spec forms (``kind:arg|arg…``), arguments are canonical names, 文号 or document titles:

- supporters:R / supporters_in:R|附件N / supporters_from:R|上海 / leads:R — who supports R
  (all, in one annex only, only supporters from a city, only 牵头/主责): exact name set.
- recipients:S / recipients_lead:S / recipients_in:S|附件N — whom S supports: exact name set.
- prefecture_supporters:州|上海 — supporters from a city of every recipient in a prefecture.
- kind_supporters:doc|中医 — supporters of one document whose name ends in 中医院/中医医院.
- common_supporters:A|B — supporters of both A and B.
- count_supporters:R / count_recipients:S / count_staff_to:R / count_staff_from:S /
  count_counties:doc|where — the number said in the text with its counter word; any items
  listed must be exactly the counted set.
- staff_to:R / staff_from:S — the persons (item ``extra['person']``) exactly.
- person_to:P / person_from:P — the hospital a person was sent to / by, exactly.
- counties_of:S — the counties of S's recipients; county_of:R — R's county (item names).
- rank_supporter:doc|k — the first k supporters by number of recipients (doc may be empty).
- rank_recipient:doc — the recipient with the most supporters is the first item.
- rank_county:doc — the county with the most supporters is the first item.
- yes_supports:S|R / no_supports:S|R / yes_lead:S|R / no_lead:S|R — text begins with 是 or
  不是; a 不是 names the real (lead) supporters of R.
- doc:KEY — one document item, KEY's; doc_ref:文号 — one item for a document only cited.
- cites:KEY / cited_by:KEY / forwards:KEY / based_on:KEY=a,b — the exact set of documents
  (by 文号, or title when it has none).
- issuer:KEY / date:KEY / year:KEY / number:KEY — the exact set of issuers / dates / years /
  文号 the text states.
- req:topic:file-prefix:phrase|phrase — the rules listed are exactly those the phrases name
  (each item states one phrase, each phrase is stated), of that topic, from that document only.
- measure:n:title — exactly one measure item, the n-th, with that title.
- measures:category:count — as many measures as that, all of that category.
- not_found — status not_found, zero items, 未找到 in the text.
- no_answer — status no_answer, zero items.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from query.model import Answer, AnswerItem, Status
from tests.question_specs import SHANGHAI, GoldOracle

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = Path(__file__).resolve().parent / "data" / "questions_heldout.tsv"
GAZETTEER = ROOT / "core" / "vocab" / "gazetteer.jsonl"
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号")
DATE = re.compile(r"(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?")
YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?:年)")
COUNTERS = "家个名人位条项份所"
CITY_PREFIXES = {"上海": SHANGHAI}


@dataclass(frozen=True)
class Case:
    question: str
    spec: str
    line: int


@dataclass
class Verdict:
    passed: bool
    why: str
    invented: list[str] = field(default_factory=list)


def load_cases(path: Path = HELDOUT) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            continue
        question, spec = line.split("\t")
        cases.append(Case(question, spec, number))
    return cases


def normalise_number(text: str) -> str:
    """文号 brackets as the gold writes them: 〔2019〕."""
    return re.sub(r"[\[［(（](\d{4})[\]］)）]", r"〔\1〕", text)


class HeldoutOracle(GoldOracle):
    """The gold, answering the held-out specs (adds documents by key, places, ranks)."""

    def __init__(self, gold: dict) -> None:
        super().__init__(gold)
        self.prefecture_of_county = self._prefectures()

    def _prefectures(self) -> dict[str, str]:
        regions = {d["doc"]: d["region"] for d in self.gold["documents"]}
        wanted = {(p["county"], regions[p["doc"]]) for p in self.pairs}
        entries = [json.loads(line) for line in GAZETTEER.read_text(encoding="utf-8").splitlines()]
        found: dict[str, str] = {}
        for county, province in wanted:
            for e in entries:
                if (
                    e["level"] == "county"
                    and e["province"] == province
                    and (county == e["name"] or county in e["aliases"])
                ):
                    found[county] = e["prefecture"] or ""
        return found

    def doc(self, key: str) -> dict:
        for d in self.gold["documents"]:
            if key in (d["number"], d["title"], d["doc"]) or d["doc"].startswith(key):
                return d
        raise KeyError(key)

    def doc_key(self, key: str) -> str:
        d = self.doc(key)
        return d["number"] or d["title"]

    def pairs_of(self, doc_prefix: str = "") -> list[dict]:
        return [p for p in self.pairs if p["doc"].startswith(doc_prefix)]

    def supporter_counts(self, doc_prefix: str = "") -> Counter:
        return Counter(
            {
                s: len(self.recipients_in(s, doc_prefix))
                for s in {p["supporter"] for p in self.pairs_of(doc_prefix)}
            }
        )

    def recipients_in(self, supporter: str, doc_prefix: str = "") -> set[str]:
        return {p["recipient"] for p in self.pairs_of(doc_prefix) if p["supporter"] == supporter}

    def ranked(self, counts: Counter, k: int) -> list[str]:
        """The first k names by count; the k-th must not tie the (k+1)-th (else the spec is wrong)."""
        order = counts.most_common()
        if len(order) > k and order[k - 1][1] == order[k][1]:
            raise ValueError(f"tie at rank {k}: {order[k - 1]} / {order[k]}")
        return [name for name, _ in order[:k]]


def names(answer: Answer) -> set[str]:
    """The answer's listed names, without 另见 notes that point at related entries."""
    return {i.name for i in answer.items if i.group != "另见"}


def doc_key_of(item: AnswerItem) -> str:
    """A document item's 文号 (from its number, detail or name), else its title."""
    number = item.extra.get("number")
    if number and number != "None":
        return normalise_number(str(number))
    for text in (item.name, item.detail):
        found = DOC_NUMBER.search(normalise_number(text))
        if found:
            return found.group(0)
    return item.name


def said_number(text: str) -> set[int]:
    """Every number the text says with a counter word (共5家, 6名, 94个县)."""
    return {int(n) for n in re.findall(rf"(\d+)\s*[{COUNTERS}]", text)}


class HeldoutChecker:
    """Checks one answer against one spec; every check is exact and can fail."""

    def __init__(self, oracle: HeldoutOracle) -> None:
        self.o = oracle

    def check(self, case: Case, answer: Answer) -> Verdict:
        kind, _, arg = case.spec.partition(":")
        handler: Callable[[Answer, str], Verdict] = getattr(self, f"_{kind}")
        try:
            return handler(answer, arg)
        except (KeyError, IndexError, ValueError) as error:  # a broken spec must fail loudly
            return Verdict(False, f"spec error: {error!r}")

    # --- sets of names -------------------------------------------------------------------
    def _set(self, answer: Answer, expected: set[str]) -> Verdict:
        got = names(answer)
        if not expected:
            return Verdict(False, "spec error: empty expectation")
        ok = answer.status == Status.OK and got == expected
        extra = sorted(got - expected)
        return Verdict(ok, f"[{answer.status}] missing {sorted(expected - got)}, extra {extra}", extra)

    def _supporters(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, self.o.supporters(arg))

    def _leads(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, self.o.supporters(arg, lead_only=True))

    def _supporters_in(self, a: Answer, arg: str) -> Verdict:
        recipient, where = arg.split("|")
        return self._set(
            a, {p["supporter"] for p in self.o.pairs if p["recipient"] == recipient and p["where"] == where}
        )

    def _supporters_from(self, a: Answer, arg: str) -> Verdict:
        recipient, city = arg.split("|")
        return self._set(a, {s for s in self.o.supporters(recipient) if s.startswith(CITY_PREFIXES[city])})

    def _recipients(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, self.o.recipients(arg))

    def _recipients_in(self, a: Answer, arg: str) -> Verdict:
        supporter, where = arg.split("|")
        return self._set(
            a, {p["recipient"] for p in self.o.pairs if p["supporter"] == supporter and p["where"] == where}
        )

    def _recipients_lead(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, self.o.recipients(arg, lead_only=True))

    def _prefecture_supporters(self, a: Answer, arg: str) -> Verdict:
        prefecture, city = arg.split("|")
        return self._set(
            a,
            {
                p["supporter"]
                for p in self.o.pairs
                if self.o.prefecture_of_county.get(p["county"]) == prefecture
                and p["supporter"].startswith(CITY_PREFIXES[city])
            },
        )

    def _kind_supporters(self, a: Answer, arg: str) -> Verdict:
        doc_prefix, _kind = arg.split("|")
        return self._set(
            a,
            {
                p["supporter"]
                for p in self.o.pairs_of(doc_prefix)
                if p["supporter"].endswith(("中医院", "中医医院"))
            },
        )

    def _common_supporters(self, a: Answer, arg: str) -> Verdict:
        first, second = arg.split("|")
        return self._set(a, self.o.supporters(first) & self.o.supporters(second))

    def _staff(self, a: Answer, expected: set[str]) -> Verdict:
        got = {str(i.extra.get("person", i.name)) for i in a.items}
        extra = sorted(got - expected)
        ok = a.status == Status.OK and got == expected and bool(expected)
        return Verdict(ok, f"[{a.status}] missing {sorted(expected - got)}, extra {extra}", extra)

    def _staff_to(self, a: Answer, arg: str) -> Verdict:
        return self._staff(a, {s["person"] for s in self.o.staff(to=arg)})

    def _staff_from(self, a: Answer, arg: str) -> Verdict:
        return self._staff(a, {s["person"] for s in self.o.staff(source=arg)})

    def _person_to(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, {s["to_hospital"] for s in self.o.staff(person=arg)})

    def _person_from(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, {s["from_hospital"] for s in self.o.staff(person=arg)})

    def _counties_of(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, {p["county"] for p in self.o.pairs if p["supporter"] == arg})

    def _county_of(self, a: Answer, arg: str) -> Verdict:
        return self._set(a, {p["county"] for p in self.o.pairs if p["recipient"] == arg})

    # --- counts --------------------------------------------------------------------------
    def _count(self, a: Answer, expected: set[str], listed: set[str]) -> Verdict:
        said = said_number(a.text)
        extra = sorted(listed - expected)
        ok = a.status == Status.OK and len(expected) in said and (not listed or listed == expected)
        return Verdict(
            ok, f"[{a.status}] expected {len(expected)}, said {sorted(said)}: {a.text[:80]}", extra
        )

    def _count_supporters(self, a: Answer, arg: str) -> Verdict:
        return self._count(a, self.o.supporters(arg), names(a))

    def _count_recipients(self, a: Answer, arg: str) -> Verdict:
        return self._count(a, self.o.recipients(arg), names(a))

    def _count_staff_to(self, a: Answer, arg: str) -> Verdict:
        listed = {str(i.extra.get("person", i.name)) for i in a.items}
        return self._count(a, {s["person"] for s in self.o.staff(to=arg)}, listed)

    def _count_staff_from(self, a: Answer, arg: str) -> Verdict:
        listed = {str(i.extra.get("person", i.name)) for i in a.items}
        return self._count(a, {s["person"] for s in self.o.staff(source=arg)}, listed)

    def _count_counties(self, a: Answer, arg: str) -> Verdict:
        doc_prefix, where = arg.split("|")
        expected = {p["county"] for p in self.o.pairs_of(doc_prefix) if p["where"] == where}
        return self._count(a, expected, names(a))

    # --- rankings ------------------------------------------------------------------------
    def _ranking(self, a: Answer, expected: list[str]) -> Verdict:
        got = [i.name for i in a.items[: len(expected)]]
        ok = a.status == Status.OK and got == expected
        return Verdict(ok, f"[{a.status}] expected first {expected}, got {got}")

    def _rank_supporter(self, a: Answer, arg: str) -> Verdict:
        doc_prefix, k = arg.split("|")
        return self._ranking(a, self.o.ranked(self.o.supporter_counts(doc_prefix), int(k)))

    def _rank_recipient(self, a: Answer, arg: str) -> Verdict:
        counts = Counter(
            {r: len(self.o.supporters(r)) for r in {p["recipient"] for p in self.o.pairs_of(arg)}}
        )
        return self._ranking(a, self.o.ranked(counts, 1))

    def _rank_county(self, a: Answer, arg: str) -> Verdict:
        counties = {p["county"] for p in self.o.pairs_of(arg)}
        counts = Counter(
            {c: len({p["supporter"] for p in self.o.pairs_of(arg) if p["county"] == c}) for c in counties}
        )
        return self._ranking(a, self.o.ranked(counts, 1))

    # --- yes / no ------------------------------------------------------------------------
    def _yes_no(self, a: Answer, arg: str, *, lead: bool, yes: bool) -> Verdict:
        supporter, recipient = arg.split("|")
        truth = supporter in self.o.supporters(recipient, lead_only=lead)
        if truth != yes:
            return Verdict(False, f"spec error: gold says {truth}")
        text = a.text.strip()
        if yes:
            ok = text.startswith("是")
        else:
            real = self.o.supporters(recipient, lead_only=lead)
            ok = text.startswith("不是") and all(name in text for name in real)
        return Verdict(ok and a.status == Status.OK, f"[{a.status}] {text[:100]}")

    def _yes_supports(self, a: Answer, arg: str) -> Verdict:
        return self._yes_no(a, arg, lead=False, yes=True)

    def _no_supports(self, a: Answer, arg: str) -> Verdict:
        return self._yes_no(a, arg, lead=False, yes=False)

    def _yes_lead(self, a: Answer, arg: str) -> Verdict:
        return self._yes_no(a, arg, lead=True, yes=True)

    def _no_lead(self, a: Answer, arg: str) -> Verdict:
        return self._yes_no(a, arg, lead=True, yes=False)

    # --- documents -----------------------------------------------------------------------
    def _doc_set(self, a: Answer, expected: set[str]) -> Verdict:
        got = {doc_key_of(i) for i in a.items}
        extra = sorted(got - expected)
        ok = a.status == Status.OK and got == expected and bool(expected)
        return Verdict(ok, f"[{a.status}] missing {sorted(expected - got)}, extra {extra}", extra)

    def _doc(self, a: Answer, arg: str) -> Verdict:
        return self._doc_set(a, {self.o.doc_key(arg)})

    def _doc_ref(self, a: Answer, arg: str) -> Verdict:
        return self._doc_set(a, {arg})

    def _cites(self, a: Answer, arg: str) -> Verdict:
        d = self.o.doc(arg)
        return self._doc_set(a, set(d.get("cites", [])) | set(d.get("cites_titles", [])))

    def _forwards(self, a: Answer, arg: str) -> Verdict:
        return self._doc_set(a, set(self.o.doc(arg).get("contains", [])))

    def _based_on(self, a: Answer, arg: str) -> Verdict:
        _key, _, numbers = arg.partition("=")
        return self._doc_set(a, set(numbers.split(",")))

    def _cited_by(self, a: Answer, arg: str) -> Verdict:
        return self._doc_set(a, self.o.citing(arg))

    def _stated(self, a: Answer, expected: set[str], got: set[str]) -> Verdict:
        ok = a.status == Status.OK and got == expected and bool(expected)
        return Verdict(ok, f"[{a.status}] expected {sorted(expected)}, stated {sorted(got)}: {a.text[:80]}")

    def _issuer(self, a: Answer, arg: str) -> Verdict:
        known = {i for d in self.o.gold["documents"] for i in d["issuers"]}
        stated = {i for i in known if i in a.text}
        # a longer issuer name contains no shorter one in this gold; keep the check plain
        return self._stated(a, set(self.o.doc(arg)["issuers"]), stated)

    def _date(self, a: Answer, arg: str) -> Verdict:
        stated = {f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in DATE.findall(a.text)}
        return self._stated(a, {self.o.doc(arg)["date"]}, stated)

    def _year(self, a: Answer, arg: str) -> Verdict:
        text = DOC_NUMBER.sub("", normalise_number(a.text))
        stated = set(YEAR.findall(text)) | {y for y, _m, _d in DATE.findall(text)}
        return self._stated(a, {str(self.o.doc(arg)["year"])}, stated)

    def _number(self, a: Answer, arg: str) -> Verdict:
        stated = {normalise_number(n) for n in DOC_NUMBER.findall(normalise_number(a.text))}
        return self._stated(a, {self.o.doc(arg)["number"]}, stated)

    # --- rules and measures --------------------------------------------------------------
    def _req(self, a: Answer, arg: str) -> Verdict:
        """The rules listed are exactly the ones the phrases name: every item states one of
        the phrases, every phrase is stated by an item, and all are of the topic and document."""
        topic, doc_prefix, phrases_arg = arg.split(":", 2)
        phrases = phrases_arg.split("|")
        wrong = [
            i.name
            for i in a.items
            if i.extra.get("topic") != topic
            or any(not e.doc.startswith(doc_prefix) for e in i.evidence)
            or not any(p in i.name for p in phrases)
        ]
        unstated = [p for p in phrases if not any(p in i.name for i in a.items)]
        ok = a.status == Status.OK and not wrong and not unstated and all(i.evidence for i in a.items)
        return Verdict(
            ok, f"[{a.status}] not stated {unstated}, other topic/document/rule {wrong[:3]}", wrong
        )

    def _measure(self, a: Answer, arg: str) -> Verdict:
        ordinal, title = arg.split(":", 1)
        got = [i.name for i in a.items]
        ok = a.status == Status.OK and len(got) == 1 and title in got[0]
        ok = ok and _ordinal_of(got[0]) in (int(ordinal), None)
        return Verdict(ok, f"[{a.status}] {got[:3]}", got[1:] if len(got) > 1 else [])

    def _measures(self, a: Answer, arg: str) -> Verdict:
        category, _, count = arg.partition(":")
        ok = len(a.items) == int(count) and all(not category or i.group == category for i in a.items)
        return Verdict(ok, f"[{a.status}] {len(a.items)} items: {a.text[:60]}")

    # --- nothing to say ------------------------------------------------------------------
    def _not_found(self, a: Answer, _arg: str) -> Verdict:
        ok = a.status == Status.NOT_FOUND and not a.items and "未找到" in a.text
        return Verdict(ok, f"[{a.status}] {len(a.items)} items: {a.text[:80]}", [i.name for i in a.items])

    def _no_answer(self, a: Answer, _arg: str) -> Verdict:
        ok = a.status == Status.NO_ANSWER and not a.items
        return Verdict(ok, f"[{a.status}] {len(a.items)} items: {a.text[:80]}", [i.name for i in a.items])


_CN_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _ordinal_of(name: str) -> int | None:
    """The measure's ordinal when its name prints one: （15）… or （十五）…."""
    found = re.match(r"[（(](\d+|[一二三四五六七八九十]+)[）)]", name)
    if not found:
        return None
    token = found.group(1)
    if token.isdigit():
        return int(token)
    return next(n for n in range(1, 100) if _cn(n) == token)
