"""A group of recipients as the subject and a "who helps them" predicate after it.

"X州的受援医院都是谁在帮" asks the supporters of X州's recipients, not the recipients: the
direction comes from the predicate (谁在帮, 谁来帮, 是谁帮的, 哪些医院在帮扶, 的帮扶医院是哪些),
wherever the group words sit. The bare verb 帮 and 派人 (sending people) are support verbs,
except inside a request to the reader (帮我查), the mentoring term 传帮带 or the staff noun
下派人员; 给/为/向/对 before a place make its hospitals the ones receiving the act.
Expectations are the seed gold's exact sets, computed by the third set's oracle; the
questions are neither the third set's nor the fourth's.
"""

from __future__ import annotations

import pytest

from query.model import Status
from tests.question_specs_heldout3 import assert_spec_holds

CASES = [
    # place + recipient noun + who helps them
    ("怒江州的受援医院谁来帮", "place_supporters:怒江傈僳族自治州"),
    ("大理州受援医院是谁帮的", "place_supporters:大理白族自治州"),
    ("文山州的受援医院的帮扶医院是哪些", "place_supporters:文山壮族苗族自治州"),
    ("楚雄州受援医院都是哪些医院在帮", "place_supporters:楚雄彝族自治州"),
    ("江西的受援医院是谁在帮", "place_supporters:江西省"),
    # the group words before the place, and a plain 医院 as the group
    ("受援医院在昭通市的都是谁在帮", "place_supporters:昭通市"),
    ("宁蒗县的医院都是谁在帮", "place_supporters:宁蒗县"),
    # a place pointed at (那边), the place's hospitals after 给/为 (they receive the act), sending
    # people as the act, 各县的医院 as the group
    ("文山州那边的受援医院是谁在帮扶", "place_supporters:文山壮族苗族自治州"),
    ("给大理州的医院派人的是哪些医院", "place_supporters:大理白族自治州"),
    ("为红河州的县医院提供帮扶的有哪些医院", "place_supporters:红河哈尼族彝族自治州"),
    ("保山市各县的医院都是哪些医院在帮", "place_supporters:保山市"),
    ("怒江州人民医院是哪些医院派人来的", "supporters:怒江州人民医院"),
    ("昆医附二院派人去了哪些医院", "recipients:昆明医科大学第二附属医院"),
    # a question word followed by a passive asks the recipients themselves
    ("怒江州的医院有哪些受到了帮扶", "place_recipients:怒江傈僳族自治州"),
    # a hospital with the bare verb, both directions
    ("绿春县人民医院是谁在帮", "supporters:绿春县人民医院"),
    ("昆医附二院在帮哪些医院", "recipients:昆明医科大学第二附属医院"),
    # a request to the reader holds 帮 but asks nothing of it
    ("帮我查一下昆医附二院帮扶了哪些医院", "recipients:昆明医科大学第二附属医院"),
    ("帮我看看禄劝县的帮扶医院", "place_supporters:禄劝县"),
    # a passive with no agent asked still counts the recipients themselves
    ("大理州受援医院有多少家接受了帮扶", "count_place_recipients:大理白族自治州"),
    ("迪庆州的受援医院有哪些", "place_recipients:迪庆藏族自治州"),
]


@pytest.mark.parametrize(("question", "spec"), CASES, ids=[c[0] for c in CASES])
def test_the_predicate_decides_the_side(seed_service, gold, question: str, spec: str) -> None:
    assert_spec_holds(seed_service, gold, question, spec)


def test_recipients_with_no_place_asked_who_helps_them_are_all_supporters(seed_service, gold) -> None:
    answer = seed_service.ask("受援医院都是谁在帮")
    assert answer.status is Status.OK
    assert {i.name for i in answer.items} == {p["supporter"] for p in gold["pairings"]}


def test_mentoring_term_is_no_support_verb(seed_service) -> None:
    answer = seed_service.ask("传帮带有什么要求")
    assert answer.intent == "requirements"


def test_the_staff_noun_is_no_act_of_sending(seed_service) -> None:
    answer = seed_service.ask("昆医附二院的下派人员有哪些")
    assert (answer.intent, answer.items) == ("dispatched_to", [])
