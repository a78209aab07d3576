"""A group of supporting hospitals named by an institution or by a place and a level.

"<institution>(的)(几家)附属医院/医院" is the hospitals whose names start with the institution
(never every hospital of its city); a short form people say (昆医, 首医, 同济) is read by the
rules of short_forms.tsv. "<place>的<level>级医院" is the place's own hospitals at that level
(红河州的州级医院: 红河州…, not a university hospital of the same city). The question's
relation or count then applies to the group: its recipients (within a place named for
them), or the number of members (几家 before the support words) or of recipients (after them).
Expectations are computed from the seed gold by the fourth set's oracle; the questions are
not the fourth set's.
"""

from __future__ import annotations

import pytest

from query.model import Status
from tests.question_specs_heldout3 import assert_spec_holds
from tests.question_specs_heldout4 import Heldout4Checker, Heldout4Oracle

CASES = [
    # an institution, in full or as people say it
    ("昆医的医院帮扶了哪些医院", "group_recipients:昆明医科大学|"),
    ("云南中医药大学的附属医院对口支援了哪些医院", "group_recipients:云南中医药大学|"),
    ("同济的医院一共帮扶了几家医院", "count_group_recipients:同济大学|"),
    ("江西中医药大学有几家附属医院参与了帮扶", "count_group_supporters:江西中医药大学|"),
    ("复旦大学的几家附属医院在云南帮扶了哪些医院", "group_recipients:复旦大学|place=云南省"),
    # a place and a level word
    ("红河州的州级医院帮扶了哪些医院", "group_recipients:红河州|"),
    ("曲靖市的市级医院一共帮扶了多少家医院", "count_group_recipients:曲靖市|"),
    # a place's hospitals counted on either side of the support words
    ("北京一共有几家医院参与了江西的帮扶", "count_group_supporters:北京|place=江西省"),
    ("北京的医院帮扶的江西县医院有多少家", "count_group_recipients:北京|place=江西省"),
]


@pytest.mark.parametrize(("question", "spec"), CASES, ids=[c[0] for c in CASES])
def test_the_group_is_its_members_only(seed_service, gold, question: str, spec: str) -> None:
    assert_spec_holds(seed_service, gold, question, spec, Heldout4Checker(Heldout4Oracle(gold)))


def test_a_group_with_nothing_in_a_known_place_is_empty(seed_service) -> None:
    answer = seed_service.ask("首医的医院在云南帮扶了哪些医院")
    assert (answer.status, answer.items) == (Status.NO_ANSWER, [])


def test_a_level_of_the_recipients_is_no_group(seed_service, gold) -> None:
    """楚雄州的县级医院是谁在对口支援: the county hospitals are the recipients asked about."""
    assert_spec_holds(seed_service, gold, "楚雄州的县级医院是谁在对口支援", "place_supporters:楚雄彝族自治州")


def test_a_common_word_is_no_institution(seed_service) -> None:
    """大大 is a form of 大理大学 by the rules, and an ordinary word: never the university."""
    u = seed_service.understand("大大提高帮扶效果的是哪些医院")
    assert [m.surface for m in u.mentions if m.best is not None and m.best.institution] == []
