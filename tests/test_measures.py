"""Numbered measure lists: 贵州's 21 measures, and list shapes the seeds do not have."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import ParsedDocument
from extract.measures import extract_measures, measure_problems
from extract.readers import read_document
from extract.readers.assemble import TextLine, assemble

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _parsed(*lines: str) -> ParsedDocument:
    return assemble("made_up.txt", "txt", [TextLine(text, i) for i, text in enumerate(lines, start=1)])


@pytest.fixture(scope="module")
def guizhou() -> ParsedDocument:
    return read_document(CORPUS / "001_5d7973793b16831f.txt")


def test_guizhou_21_measures(guizhou):
    measures = extract_measures(guizhou)
    assert [m.ordinal for m in measures] == list(range(1, 22))
    assert [m.category for m in measures] == ["优选项"] * 7 + ["自选项"] * 14
    assert measures[0].title == "“组团”派驻医疗专家驻点帮扶1年以上"
    assert measures[0].text.startswith(measures[0].title + "。积极协商省外三甲医院组团派驻3-5人医疗专家")
    assert measures[8].title == "学科共建（双主任制）"
    assert measures[20].title == "名医技术辐射"
    for m in measures:
        assert m.evidence.doc == guizhou.name
        assert m.evidence.where.startswith("附件1 ")  # never the agreement template in 附件2
        assert m.title and "。" not in m.title and m.text.startswith(m.title)
    assert measure_problems(guizhou) == []


def test_other_seeds_have_no_measure_list():
    for path in sorted(CORPUS.glob("*.txt")):
        if not path.name.startswith("001"):
            assert extract_measures(read_document(path)) == []


def test_list_in_main_text_ends_at_next_section_and_count_is_checked():
    doc = _parsed(
        "四、十项帮扶措施",
        "（一）远程会诊。支援医院每周开展远程会诊。",
        "（二）专科共建。共建一个重点专科。",
        "（三）人才培养。接收进修人员。",
        "五、组织保障",
        "（一）加强领导。各地要加强组织领导。",
    )
    measures = extract_measures(doc)
    assert [(m.ordinal, m.category, m.title) for m in measures] == [
        (1, "", "远程会诊"), (2, "", "专科共建"), (3, "", "人才培养"),
    ]
    (problem,) = measure_problems(doc)
    assert problem.kind == "measure_count" and "10" in problem.message and "3" in problem.message


def test_numbered_items_without_measures_heading_are_not_measures():
    doc = _parsed(
        "二、协作主要内容",
        "（一）“组团”派驻医疗专家驻点帮扶1年以上。积极协商。",
        "（二）",
        "（三）其他双方约定事宜。",
    )
    assert extract_measures(doc) == []
