"""Expected answers for the fourth question set (tests/data/questions_heldout4.tsv).

Written by someone who does not change the parser, before anybody changes the rules for these
classes: questions whose subject is a GROUP (a place's hospitals, a university's or a city's
hospitals) asked in either direction, requirement facts that are numbers, durations, periods
or dates asked in other words than the documents use, and the negative and unknown variants
of both. Every expectation is computed from the gold (tests/data/seed_gold.json, with the
gazetteer for prefectures) or, for rules, is a phrase read in corpus/*.txt and written in the
TSV — never taken from the product's output. All spec forms of tests/question_specs_heldout3.py
still work (place_supporters, kind_recipient_supporters, rules, no_rule, none, empty,
not_found …); this module adds the group forms.

Readings decided here (the fixer follows them; the reviewer may argue them):

- **A place's hospitals as recipients** (X的受援医院都是谁在帮, X那边的县医院是哪些医院在帮扶):
  the supporters of every recipient in place X (county, prefecture or province, as in the
  third set), never the recipients themselves.
- **派人 to a place** (给X的医院派人的是哪些医院): the supporters of X's recipients. Every
  pairing of these documents is a dispatching one (云南 and 江西: "组团式" teams of at least 5;
  科左中旗: the table names the persons each supporter sends), so the senders are the
  supporters; for 科左中旗 this is also exactly the sending hospitals of the staff table.
- **A group as supporter** (上海的医院都帮了谁, 昆明医科大学的附属医院都帮了谁, 红河州本地的医院…):
  the recipients of every supporter of the group. A group is a city whose hospitals the
  documents print under other heads too (上海: the prefixes tests/question_specs.py uses,
  复旦大学, 同济大学, 华东医院, 长宁区 …; 北京: 北京…, 首都医科大学…), or a head every member's name
  starts with (昆明医科大学, 南昌大学, 复旦大学 for 复旦, 红河州, 大理州 …). A place after the group
  (在云南, 在江西) scopes the RECIPIENTS by the place of the pairing.
- **Counts** are of distinct hospitals (the number said, any names listed exactly the counted
  ones).
- **Requirement facts** are checked by content, as in the third set (``rules:DOC:phrase|…``):
  every rule listed states one of the phrases read in that document, every phrase is stated,
  and every rule's evidence is from that document. A fact no document of that scope states
  (a province with no document, a topic its document does not regulate) is ``no_rule``: zero
  items — another document's rule is an invented answer.
- **Unknown names**: a place with no record at all (西藏, 毕节, 重庆) is ``empty`` (未找到 or an
  empty answer, zero items); a hospital not in the documents is ``not_found``; a known group
  with nothing in a known place (昆明的医院在江西) is ``none``: zero items and no 未找到, since
  every name in the question is known.

Spec forms added (GROUP is a key of GROUPS or a name head; SCOPE is empty or place=P):

- group_recipients:GROUP|SCOPE — the recipients of the group's supporters, in scope;
  count_group_recipients:GROUP|SCOPE — their number said.
- count_group_supporters:GROUP|SCOPE — the number of the group's hospitals that support a
  recipient in scope.
- count_place_supporters:P — the number of distinct supporters of P's recipients.
"""

from __future__ import annotations

from pathlib import Path

from query.model import Answer
from tests.question_specs import SHANGHAI
from tests.question_specs_heldout import Verdict
from tests.question_specs_heldout3 import Case, Heldout3Checker, Heldout3Oracle
from tests.question_specs_heldout3 import load_cases as load_class_cases

HELDOUT4 = Path(__file__).resolve().parent / "data" / "questions_heldout4.tsv"
# Cities whose hospitals the documents also print under a university's or a district's head.
GROUPS: dict[str, tuple[str, ...]] = {
    "上海": SHANGHAI,
    "北京": ("北京", "首都医科大学"),
}


def load_cases(path: Path = HELDOUT4) -> list[Case]:
    """The fourth set's questions with their spec and class (same file format as the third)."""
    return load_class_cases(path)


class Heldout4Oracle(Heldout3Oracle):
    """The gold answering the group specs of the fourth set."""

    def group_pairs(self, arg: str) -> list[dict]:
        """The pairings whose supporter belongs to GROUP, within SCOPE."""
        group, scope = arg.split("|")
        heads = GROUPS.get(group, (group,))
        found = [p for p in self.scoped(scope) if p["supporter"].startswith(heads)]
        if not any(p["supporter"].startswith(heads) for p in self.pairs):
            raise KeyError(f"no supporter of group {group}")
        return found


class Heldout4Checker(Heldout3Checker):
    """Checks one answer against one spec of the fourth set; every check is exact and can fail."""

    o: Heldout4Oracle

    def __init__(self, oracle: Heldout4Oracle) -> None:
        super().__init__(oracle)

    def _group_recipients(self, a: Answer, arg: str) -> Verdict:
        return self._set_or_none(a, {p["recipient"] for p in self.o.group_pairs(arg)})

    def _count_group_recipients(self, a: Answer, arg: str) -> Verdict:
        return self._count_or_none(a, {p["recipient"] for p in self.o.group_pairs(arg)})

    def _count_group_supporters(self, a: Answer, arg: str) -> Verdict:
        return self._count_or_none(a, {p["supporter"] for p in self.o.group_pairs(arg)})

    def _count_place_supporters(self, a: Answer, arg: str) -> Verdict:
        return self._count_or_none(a, {p["supporter"] for p in self.o.pairs if self.o.in_place(p, arg)})
