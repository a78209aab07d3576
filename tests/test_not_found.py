"""Never a broader answer than asked, end to end on the seed corpus (issue 10 item 3).

A question naming an institution, a 文号 or a person the graph lacks is answered 未找到「…」
with the closest real names and zero items, before any plan runs; a name several hospitals
share asks which one; a phrase quoted from a rule (五大中心) is not an institution.
"""

from __future__ import annotations

import pytest

from graph.store import NetworkxStore
from query.model import Status
from query.service import QAService


@pytest.fixture(scope="module")
def service(graph) -> QAService:
    return QAService(NetworkxStore(graph))


@pytest.mark.parametrize(
    ("question", "surface"),
    [
        ("北京协和医院帮扶了哪些医院", "北京协和医院"),
        ("谁帮扶北京协和医院", "北京协和医院"),
        ("赣南医学院三附院帮扶了哪些医院", "赣南医学院三附院"),
        ("云南省第四人民医院是怒江州人民医院的牵头医院吗", "云南省第四人民医院"),
        ("上海瑞金医院北院帮扶了哪些医院", "上海瑞金医院北院"),
        ("国卫医函〔2020〕999号引用了哪些文件", "国卫医函〔2020〕999号"),
        ("北京协和医院和怒江州人民医院是什么关系", "北京协和医院"),
    ],
)
def test_unknown_name_gets_not_found_suggestions_and_no_items(service, question: str, surface: str) -> None:
    answer = service.ask(question)
    assert (answer.status, answer.items, answer.entities) == (Status.NOT_FOUND, [], [])
    assert answer.text.startswith(f"未找到「{surface}」。您是不是要找：")
    assert 1 <= len(answer.suggestions) <= 5 and len(set(answer.suggestions)) == len(answer.suggestions)


def test_the_place_inside_an_unknown_name_is_not_answered(service) -> None:
    answer = service.ask("赣南医学院三附院帮扶了哪些医院")
    assert "赣州" not in answer.text.split("您是不是要找")[0] and not answer.focus


def test_a_kind_typed_alone_asks_which_hospital(service) -> None:
    answer = service.ask("谁帮扶第一人民医院")
    names = {c.name for c in answer.candidates}
    assert answer.status == Status.CLARIFY and not answer.items
    assert {"宣威市第一人民医院", "曲靖市第一人民医院", "上海市第一人民医院"} <= names
    assert all(name.endswith("第一人民医院") for name in names)


def test_a_phrase_quoted_from_a_measure_is_not_an_unknown_institution(service) -> None:
    assert service.ask("五大中心是哪一条帮扶措施").status != Status.NOT_FOUND


@pytest.mark.parametrize(
    ("question", "supporter"),
    [
        ("昆医附二院帮扶了哪些医院", "昆明医科大学第二附属医院"),
        ("上海瑞金醫院對口幫扶的是哪家醫院", "上海交通大学附属瑞金医院"),
        ("滇南中心医院帮扶了哪些医院", "红河州滇南中心医院"),
    ],
)
def test_short_forms_answer_like_the_full_name(service, question: str, supporter: str) -> None:
    full = service.ask(f"{supporter}帮扶了哪些医院")
    short = service.ask(question)
    assert short.status == Status.OK and [e.name for e in short.entities] == [supporter]
    assert {i.node_id for i in short.items} == {i.node_id for i in full.items} != set()
