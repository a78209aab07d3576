"""Quantitative rules found in the seeds' running text, with topic, value, unit and subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.records import Requirement
from extract.document import ParsedDocument
from extract.readers import read_document
from extract.readers.assemble import TextLine, assemble
from extract.requirements import extract_requirements

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
_CACHE: dict[str, list[Requirement]] = {}


def _doc(prefix: str) -> ParsedDocument:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return read_document(path)


def requirements(prefix: str) -> list[Requirement]:
    if prefix not in _CACHE:
        _CACHE[prefix] = extract_requirements(_doc(prefix))
    return _CACHE[prefix]


def _parsed(*lines: str) -> ParsedDocument:
    return assemble("made_up.txt", "txt", [TextLine(text, i) for i, text in enumerate(lines, start=1)])


# (seed, topic, value, unit, a piece of the clause, subject or None for "any")
EXPECTED = [
    ("000", "派驻人数", 5, "名", "派驻至少5名", ""),
    ("000", "派驻人数", 3, "名", "中医医院可派驻3名", "中医医院"),
    ("000", "驻点时间", 6, "个月", "连续驻点帮扶不少于6个月", ""),
    ("000", "驻点时间", 1, "年", "驻点帮扶时间为1年", "省内三级医院"),
    ("000", "驻点时间", 240, "天", "帮扶1年的驻点工作时间不少于240天", ""),
    ("000", "驻点时间", 120, "天", "帮扶半年的驻点时间不少于120天", ""),
    ("000", "培养骨干", 3, "名", "每年为受援医院培养至少3名临床骨干", ""),
    ("000", "职称", None, "", "队长要具备一定的管理经验且为副高以上职称", "队长"),
    ("000", "进修", 3, "个月", "进修人员每人不少于3个月且不超过12个月", "进修人员"),
    ("000", "考核", 2, "年", "2年内不得晋升", None),
    ("001", "任职", 1, "年", "常驻1年以上", None),
    ("001", "任职", 2, "年", "常驻2年以上的可任受扶医院院长", None),
    ("001", "保险", 100, "万元", "不低于100万元保额的人身意外伤害保险", None),
    ("001", "待遇", 1.5, "倍", "1.5倍补足差额", None),
    ("001", "待遇", 1000, "元", "每月补贴1000元、600元", "正高职称或博士研究生"),
    ("001", "待遇", 600, "元", "每月补贴1000元、600元", "副高职称或硕士研究生"),
    ("001", "待遇", 20, "万元", "20万元标准统筹安排工作经费", None),
    ("001", "待遇", 2000, "元", "每人2000元标准", None),
    ("001", "派驻人数", 3, "名", "每批次3-5人", None),
    ("002", "驻点时间", 6, "个月", "连续驻点帮扶不少于6个月", None),
    ("002", "培养骨干", 3, "名", "培养至少3名临床骨干", None),
    ("003", "派驻人数", 5, "名", "至少5名医务人员", ""),
    ("003", "派驻人数", 3, "名", "中医医院可派驻3名", "中医医院"),
    ("003", "培养骨干", 3, "名", "培训至少3名骨干医师", None),
    ("004", "驻点时间", 6, "个月", "每批医务人员连续工作时间不得少于6个月", None),
    ("004", "派驻人数", 3, "名", "中医医院可派驻3名", "中医医院"),
]


@pytest.mark.parametrize(("seed", "topic", "value", "unit", "piece", "subject"), EXPECTED,
                         ids=[f"{e[0]}-{e[4]}-{e[5] or ''}" for e in EXPECTED])
def test_seed_requirement_found(seed, topic, value, unit, piece, subject):
    found = [r for r in requirements(seed) if piece in r.text and r.value == value and r.unit == unit]
    assert found, f"no {value}{unit} requirement with “{piece}” in seed {seed}"
    req = found[0]
    assert req.topic == topic
    if subject is not None:
        assert req.subject == subject
    assert req.evidence.doc.startswith(seed)
    assert req.evidence.where.startswith(("正文", "附件"))
    assert piece.replace(" ", "") in req.evidence.quote.replace(" ", "")


def test_clause_not_paragraph():
    for seed in ("000", "001", "003"):
        for req in requirements(seed):
            assert len(req.text) <= len(req.evidence.quote.replace(" ", ""))
            assert "。" not in req.text


@pytest.mark.parametrize("narrative", ["利用5年时间", "70个县", "第一人民医院", "近3年外转率", "5年过渡期"])
def test_narrative_numbers_are_not_rules(narrative):
    for seed in ("000", "001", "002", "003", "004"):
        assert not [r for r in requirements(seed) if narrative in r.text]


def test_identical_clauses_are_kept_once():
    # 贵州 repeats its incentives word for word in the agreement template (附件2)
    insurance = [r for r in requirements("001") if r.topic == "保险"]
    assert len(insurance) == 1 and insurance[0].evidence.where.startswith("正文")
    keys = [(r.text, r.value, r.unit, r.subject) for seed in ("000", "001") for r in requirements(seed)]
    assert len(keys) == len(set(keys))


def test_range_is_one_rule():
    training = [r for r in requirements("000") if r.topic == "进修"]
    assert [(r.value, r.unit) for r in training] == [(3, "个月")]


def test_made_up_rules():
    doc = _parsed(
        "二、工作要求",
        "（一）派驻人员。支援医院每年选派不少于10名医务人员，每人驻点帮扶一年以上。",
        "（二）受援中医医院由支援医院派驻不少于两名中医师，连续驻点不得少于半年。",
        "（三）帮扶期间，支援医院要利用3年时间帮助建设2个重点专科。",
    )
    found = {(r.topic, r.value, r.unit, r.subject) for r in extract_requirements(doc)}
    assert ("派驻人数", 10, "名", "") in found
    assert ("驻点时间", 1, "年", "") in found  # Chinese numeral
    assert ("派驻人数", 2, "名", "中医医院") in found
    assert ("驻点时间", 0.5, "年", "") in found
    assert not any(value == 3 for _, value, _, _ in found)  # 利用3年时间 is narrative
