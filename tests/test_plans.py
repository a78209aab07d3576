"""Tier (b): each plan of query/planner.py over a hand-built graph of a dozen nodes.

The graph is small enough to read in full below, so every expectation is exact and written
by hand: which names, which number, 是 or 不是, which evidence. Names are invented (青山县,
白水县…) in two real provinces, so nothing here can pass on the seed corpus's data.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from graph.store import NetworkxStore
from query.model import Answer, Status
from query.service import QAService

DOC, STUB = "a.txt", "国卫医函〔2020〕9号"
YN, SH = "云南省", "上海市"


def _ev(where: str, quote: str) -> dict[str, str]:
    return {"doc": DOC, "where": where, "quote": quote}


def _node(g: nx.MultiDiGraph, nid: str, kind: str, name: str, **attrs: Any) -> None:
    g.add_node(nid, id=nid, type=kind, name=name, aliases=[], evidence=[_ev("正文", name)], **attrs)


def _edge(g: nx.MultiDiGraph, a: str, b: str, kind: str, where: str, **attrs: Any) -> None:
    quote = f"{g.nodes[a]['name']} {kind} {g.nodes[b]['name']}"
    g.add_edge(
        a,
        b,
        key=f"{kind}:{a}:{b}:{where}",
        type=kind,
        doc=DOC,
        where=where,
        quote=quote,
        evidence=[_ev(where, quote)],
        **attrs,
    )


def _support(g: nx.MultiDiGraph, s: str, r: str, where: str, county: str, *, lead: bool = False) -> None:
    _edge(
        g,
        f"hospital:{s}",
        f"hospital:{r}",
        "SUPPORTS",
        where,
        lead=lead,
        program="对口帮扶",
        county=county,
        needs=[],
        period="",
        row="",
    )


def _document(g: nx.MultiDiGraph, key: str, title: str, number: str, **attrs: Any) -> None:
    g.add_node(
        f"doc:{key}",
        id=f"doc:{key}",
        type="Document",
        name=title,
        aliases=[],
        number=number,
        title=title,
        **attrs,
    )


def build_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    _node(g, "province:53", "Province", YN)
    _node(g, "province:31", "Province", SH)
    for county in ("青山县", "白水县"):
        _node(g, f"county:{county}", "County", county, province=YN)
        _edge(g, f"county:{county}", "province:53", "LOCATED_IN", "正文")
    hospitals = {
        "云南省第九人民医院": (YN, None),
        "云南省第九中医医院": (YN, None),
        "上海市第九十医院": (SH, None),
        "青山县人民医院": (YN, "青山县"),
        "白水县人民医院": (YN, "白水县"),
    }
    for name, (province, county) in hospitals.items():
        _node(g, f"hospital:{name}", "Hospital", name, province=province, county=county)
        _edge(
            g,
            f"hospital:{name}",
            f"county:{county}" if county else ("province:53" if province == YN else "province:31"),
            "LOCATED_IN",
            "正文",
        )
    _support(g, "云南省第九人民医院", "青山县人民医院", "附件1 序号1", "青山县", lead=True)
    _support(g, "云南省第九中医医院", "青山县人民医院", "附件2 序号1", "青山县")
    _support(g, "上海市第九十医院", "青山县人民医院", "附件1 序号1", "青山县")
    _support(g, "云南省第九人民医院", "白水县人民医院", "附件1 序号2", "白水县", lead=True)
    _document(
        g,
        DOC,
        "云南省对口帮扶试点方案",
        "云卫医发〔2024〕1号",
        file=DOC,
        date="2024-03-08",
        year=2024,
        region=YN,
        issuers=["云南省卫生健康委员会"],
    )
    _document(g, STUB, "关于对口帮扶的通知", STUB, stub=True)
    _edge(
        g, f"doc:{DOC}", f"doc:{STUB}", "CITES", "正文", number=STUB, title="关于对口帮扶的通知", basis=True
    )
    _edge(g, f"doc:{DOC}", f"doc:{STUB}", "CONTAINS", "附件", number=STUB, title="关于对口帮扶的通知")
    _node(
        g,
        "req:1",
        "Requirement",
        "驻点帮扶不少于8个月",
        doc=DOC,
        topic="驻点时间",
        text="驻点帮扶不少于8个月",
        value=8.0,
        unit="个月",
        section="正文 二",
    )
    for n, title in ((1, "远程会诊平台"), (2, "银龄专家工作室")):
        _node(
            g,
            f"measure:{n}",
            "Measure",
            title,
            doc=DOC,
            ordinal=n,
            category="自选项",
            title=title,
            text=title + "。",
        )
    return g


@pytest.fixture(scope="module")
def service() -> QAService:
    return QAService(NetworkxStore(build_graph()))


def names(answer: Answer) -> set[str]:
    return {i.name for i in answer.items}


def test_yes_no_answers_yes_first_with_evidence(service):
    a = service.ask("云南省第九人民医院是青山县人民医院的牵头医院吗")
    assert a.status == Status.OK and a.text.startswith("是")
    assert names(a) == {"云南省第九人民医院"} and a.items[0].evidence[0].where == "附件1 序号1"


def test_yes_no_answers_no_and_names_the_real_lead(service):
    a = service.ask("上海市第九十医院是不是青山县人民医院的牵头医院")
    assert a.status == Status.OK and a.text.startswith("不是") and "云南省第九人民医院" in a.text
    a = service.ask("上海市第九十医院帮扶白水县人民医院吗")
    assert a.text.startswith("不是") and "云南省第九人民医院" in a.text


def test_shared_supporters_are_an_intersection(service):
    a = service.ask("同时帮扶青山县人民医院和白水县人民医院的医院有哪些")
    assert a.status == Status.OK and names(a) == {"云南省第九人民医院"} and "共1家" in a.text


def test_ranking_of_recipients_and_of_counties(service):
    a = service.ask("受帮扶最多的医院是哪家")
    assert [i.name for i in a.items] == [
        "青山县人民医院",
        "白水县人民医院",
    ] and "「青山县人民医院」（3家" in a.text
    a = service.ask("哪个县的帮扶医院最多")
    assert [i.name for i in a.items] == ["青山县", "白水县"]


def test_kind_on_the_side_named_and_the_supporters_of_a_kind(service):
    a = service.ask("参与帮扶的中医院有哪些")
    assert names(a) == {"云南省第九中医医院"} and "共1家" in a.text
    a = service.ask("青山县受援的中医院有哪些")  # nothing of that kind there: said, not widened
    assert a.status == Status.NO_ANSWER and names(a) == set()
    a = service.ask("青山县的中医院由哪些医院帮扶")  # the supporters of none: none, not all three
    assert a.status == Status.NO_ANSWER and names(a) == set() and "中医类受援医院" in a.text


def test_staff_sent_to_a_place_is_none_when_none_is_recorded(service):
    a = service.ask("派驻到青山县的人员有哪些")
    assert a.status == Status.NO_ANSWER and names(a) == set() and "青山县" in a.text


def test_a_stated_place_with_no_record_leaves_nothing(service):
    a = service.ask("上海的医院在贵州帮扶了哪些医院")  # 贵州: no node here; not all of 上海's
    assert (a.status, names(a)) == (Status.NO_ANSWER, set()) and "「贵州省」" in a.text
    a = service.ask("广西有几家医院在云南帮扶")  # the supporters' place unknown: not all of 云南's
    assert (a.status, names(a)) == (Status.NO_ANSWER, set()) and "「广西壮族自治区」" in a.text


def test_a_group_of_supporters_at_a_level(service):
    a = service.ask("云南的省级医院帮扶了哪些医院")  # 云南省第九…: the province's own hospitals
    assert (a.status, names(a)) == (Status.OK, {"青山县人民医院", "白水县人民医院"})
    assert {e.where for i in a.items for e in i.evidence} == {"附件1 序号1", "附件2 序号1", "附件1 序号2"}
    a = service.ask("云南有几家省级医院参与了帮扶")  # the count before the support words: members
    assert names(a) == {"云南省第九人民医院", "云南省第九中医医院"} and "2家" in a.text
    a = service.ask("青山县的县级医院帮扶了哪些医院")  # 青山县人民医院 supports nobody
    assert (a.status, names(a)) == (Status.NO_ANSWER, set())


def test_hospitals_and_their_counties_in_one_answer(service):
    a = service.ask("云南省第九人民医院帮扶了哪些医院，这些医院在哪些县")
    assert names(a) == {"青山县", "白水县", "青山县人民医院", "白水县人民医院"} and "2家医院" in a.text


def test_an_unknown_opening_word_is_not_found_not_the_whole_list(service):
    a = service.ask("滇西有哪些医院接受帮扶")
    assert a.status == Status.NOT_FOUND and names(a) == set() and "「滇西」" in a.text


def test_the_lead_and_the_other_supporters_in_one_answer(service):
    a = service.ask("青山县人民医院的牵头医院是哪家，其他医院还有哪些")
    assert a.status == Status.OK and names(a) == {
        "云南省第九人民医院",
        "云南省第九中医医院",
        "上海市第九十医院",
    }
    assert {i.name for i in a.items if i.lead} == {"云南省第九人民医院"} and "共有3家" in a.text


def test_two_subjects_together_are_a_union_counted_once(service):
    a = service.ask("云南省第九人民医院和上海市第九十医院一共帮扶了几家医院")
    assert (
        a.status == Status.OK and names(a) == {"青山县人民医院", "白水县人民医院"} and "共帮扶2家" in a.text
    )
    a = service.ask("云南省第九人民医院和第九中医医院帮扶了哪些医院")  # 第九中医医院 takes 云南省
    assert names(a) == {"青山县人民医院", "白水县人民医院"}
    a = service.ask("云南省第九人民医院和第八人民医院帮扶了哪些医院")  # no 云南省第八人民医院
    assert a.status == Status.NOT_FOUND and "云南省第八人民医院" in a.text and names(a) == set()


def test_supporters_shared_by_two_places(service):
    a = service.ask("哪些医院在青山县和白水县都有帮扶对象")
    assert a.status == Status.OK and names(a) == {"云南省第九人民医院"} and "共1家" in a.text
    assert {e.where for i in a.items for e in i.evidence} == {"附件1 序号1", "附件1 序号2"}


def test_recipients_lacking_a_lead_or_a_supporter_from_a_place(service):
    a = service.ask("哪些受援医院缺少主责医院")  # both have a lead
    assert a.status == Status.NO_ANSWER and names(a) == set() and "未找到" not in a.text
    a = service.ask("哪几家受援医院没有上海的医院帮扶")
    assert a.status == Status.OK and names(a) == {"白水县人民医院"} and "共1家" in a.text
    a = service.ask("有没有受援医院没人帮扶")  # no orphan printed in this graph
    assert a.status == Status.NO_ANSWER and names(a) == set()


def test_thresholds_count_distinct_partners_on_the_side_asked(service):
    a = service.ask("帮扶了两家以上医院的支援医院有哪些")
    assert a.status == Status.OK and names(a) == {"云南省第九人民医院"} and "共1家" in a.text
    a = service.ask("有三家以上医院帮扶的受援医院有哪些")
    assert names(a) == {"青山县人民医院"}
    a = service.ask("白水县只有一家帮扶医院的受援医院有哪些")
    assert names(a) == {"白水县人民医院"}
    a = service.ask("哪些受援医院有四家以上医院帮扶")  # nobody: said, nothing listed, no 未找到
    assert a.status == Status.NO_ANSWER and names(a) == set() and "未找到" not in a.text


def test_counties_of_a_supporter_and_county_of_a_hospital(service):
    a = service.ask("云南省第九人民医院帮扶的县有哪些")
    assert names(a) == {"青山县", "白水县"} and "2个县" in a.text
    a = service.ask("白水县人民医院在哪个县")
    assert names(a) == {"白水县"}
    a = service.ask("上海市第九十医院在哪里帮扶")  # a supporter only: the counties it goes to
    assert names(a) == {"青山县"} and "1个县" in a.text
    a = service.ask("云南省第九人民医院帮扶了哪些州市")  # its counties have no prefecture here
    assert a.status == Status.NO_ANSWER and names(a) == set() and "州市" in a.text


def test_annex_constraint_filters_facts_and_evidence(service):
    a = service.ask("青山县人民医院在附件2里的支援医院")
    assert names(a) == {"云南省第九中医医院"}
    assert {e.where for i in a.items for e in i.evidence} == {"附件2 序号1"}
    a = service.ask("云南的附件1里有几个县")
    assert a.status == Status.OK and "2个县" in a.text


def test_kind_and_supporter_place_constraints(service):
    a = service.ask("云南有哪些中医医院作为支援医院参与帮扶")
    assert names(a) == {"云南省第九中医医院"}
    a = service.ask("青山县人民医院的支援医院里哪家是上海的")
    assert {i.name for i in a.items if i.group != "另见"} == {"上海市第九十医院"}


def test_document_links_and_facts_by_short_title(service):
    a = service.ask("云南的方案是根据哪个文件制定的")
    assert names(a) == {"关于对口帮扶的通知"} and a.items[0].extra["number"] == STUB
    a = service.ask("云卫医发〔2024〕1号转发了什么文件")
    assert names(a) == {"关于对口帮扶的通知"}
    a = service.ask("国卫医函〔2020〕9号是哪个文件转发的")
    assert names(a) == {"云南省对口帮扶试点方案"}
    a = service.ask("云南的方案是哪一年印发的")
    assert a.text == "「云南省对口帮扶试点方案」是2024年印发的。"
    a = service.ask("云南的方案是谁印发的")
    assert "云南省卫生健康委员会" in a.text and a.items[0].evidence


def test_one_measure_by_ordinal_or_words(service):
    assert names(service.ask("第二项措施是什么")) == {"（2）银龄专家工作室"}
    assert names(service.ask("远程会诊那条措施讲的是什么")) == {"（1）远程会诊平台"}


def test_requirements_keep_to_the_named_document(service):
    a = service.ask("云南要求驻点多长时间")
    assert names(a) == {"驻点帮扶不少于8个月"} and a.items[0].evidence[0].doc == DOC
    a = service.ask("2019年的方案对驻点时间有什么要求")
    assert a.status == Status.NO_ANSWER and not a.items


def test_counts_say_the_number(service):
    a = service.ask("青山县人民医院有几家帮扶医院")
    assert "3家" in a.text
    a = service.ask("云南省第九人民医院一共帮扶了几家医院")
    assert "2家" in a.text


def test_a_failing_plan_is_one_chinese_sentence_for_that_question(service, monkeypatch):
    from query import answers_frame, planner

    def broken(ctx, u):
        raise KeyError("boom")

    plans = tuple(
        planner.Plan(p.name, p.when, broken if p.run is answers_frame.yes_no else p.run)
        for p in planner.PLANS
    )
    monkeypatch.setattr(planner, "PLANS", plans)
    a = service.ask("云南省第九人民医院是青山县人民医院的牵头医院吗")
    assert a.status == Status.HELP and not a.items
    assert "KeyError" not in a.text and "boom" not in a.text and a.text.startswith("抱歉")
    assert service.ask("谁帮扶青山县人民医院").status == Status.OK  # the next question is answered


def test_negation_leaves_out_names_and_leads(service):
    a = service.ask("除了云南省第九人民医院，还有哪些医院帮扶青山县人民医院")
    assert names(a) == {"云南省第九中医医院", "上海市第九十医院"} and a.text.endswith(
        "（不含「云南省第九人民医院」）"
    )
    a = service.ask("青山县人民医院不算牵头医院有几家帮扶医院")
    assert "2家" in a.text and names(a) == {"云南省第九中医医院", "上海市第九十医院"}


def test_each_subject_and_comparison(service):
    a = service.ask("青山县人民医院和白水县人民医院分别由哪些医院帮扶")
    by_subject = {}
    for item in a.items:
        by_subject.setdefault(item.extra["subject"], set()).add(item.name)
    assert by_subject == {
        "青山县人民医院": {"云南省第九人民医院", "云南省第九中医医院", "上海市第九十医院"},
        "白水县人民医院": {"云南省第九人民医院"},
    }
    a = service.ask("云南省第九人民医院和上海市第九十医院哪个帮扶的医院多")
    assert a.text.startswith(
        "「云南省第九人民医院」2家，「上海市第九十医院」1家：「云南省第九人民医院」更多。"
    )
