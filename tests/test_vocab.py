"""The vocabulary (core/vocab): one entry per concept, read by the extractor and the questions.

These tests prove the claims of docs/architecture.md: the two sides cannot drift apart, a bad
line is reported with file and line, and a new requirement topic is one data-file edit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import BangfuError, VocabError
from core.model import EDGE_TYPE_LABELS, EDGE_VERBS, NODE_TYPE_LABELS, EdgeType, NodeType, document_label
from core.vocab import VOCAB_ENV, entries, table
from core.vocab.topics import question_topics, requirement_topics
from core.vocab.words import words
from extract.requirements import extract_requirements
from extract.tables import Role, header_role
from graph.build import build_graph
from graph.store import NetworkxStore
from pipeline import extract_corpus
from query.normalize import load_keywords
from query.service import QAService
from tests.test_requirements import _parsed


def test_every_question_topic_is_answered_by_extracted_topics() -> None:
    extracted = {t.topic for t in requirement_topics()}
    for topic in question_topics().values():
        assert topic.answered_by, topic.topic
        assert set(topic.answered_by) <= extracted, topic.topic


def test_every_extracted_topic_can_be_asked_about() -> None:
    for topic in requirement_topics():
        assert topic.question.questions, f"{topic.where}: {topic.topic} has no question words"


def test_question_topic_words_are_exactly_the_vocabulary_entries() -> None:
    asked = {value.lstrip("~") for _, value in load_keywords()["topic"]}
    assert asked == set(question_topics())


def test_an_asked_topic_with_no_extracted_topic_fails(tmp_path: Path, monkeypatch) -> None:
    entry = {"topic": "义诊", "questions": ["义诊"], "also": ["不存在的主题"]}
    (tmp_path / "requirement_topics.jsonl").write_text(json.dumps(entry, ensure_ascii=False) + "\n")
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    with pytest.raises(VocabError) as err:
        requirement_topics()
    assert f"{tmp_path / 'requirement_topics.jsonl'}:1" in str(err.value)
    assert "不存在的主题" in str(err.value)


def test_an_extracted_topic_with_no_question_words_fails(tmp_path: Path, monkeypatch) -> None:
    entry = {"topic": "义诊", "patterns": ["义诊"]}
    (tmp_path / "requirement_topics.jsonl").write_text(json.dumps(entry, ensure_ascii=False) + "\n")
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    with pytest.raises(VocabError) as err:
        requirement_topics()
    assert f"{tmp_path / 'requirement_topics.jsonl'}:1" in str(err.value)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("requirement_topics.jsonl", '# a comment\n\n{"topic": "义诊", "questions": ["义诊"]\n', 3),
        ("requirement_topics.jsonl", '{"topic": "义诊", "questions": ["义诊"]}\n["not", "an object"]\n', 2),
        ("requirement_topics.jsonl", '{"topic": "义诊", "patterns": ["义诊("], "questions": ["义诊"]}\n', 1),
        ("variants.tsv", "wrong\tright\n帮付甲\t帮扶\n帮付乙\t帮扶\t多一列\n", 3),
        ("variants.tsv", "wrong\tright\n\t帮扶\n", 2),
        ("variants.tsv", "错写\t正写\n帮付甲\t帮扶\n", 1),
    ],
)
def test_malformed_line_is_reported_with_file_and_line(
    tmp_path: Path, monkeypatch, name: str, text: str, line: int
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    with pytest.raises(VocabError) as err:
        if name.endswith(".jsonl"):
            requirement_topics()
        else:
            table(name, required=("wrong", "right"))
    assert isinstance(err.value, BangfuError)
    message = str(err.value)
    assert f"{tmp_path / name}:{line}" in message
    assert "Error" not in message and "Traceback" not in message


def test_extra_entries_follow_the_packaged_ones(tmp_path: Path, monkeypatch) -> None:
    packaged = entries("requirement_topics.jsonl")
    (tmp_path / "requirement_topics.jsonl").write_text('{"topic": "义诊", "questions": ["义诊"]}\n')
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    extended = entries("requirement_topics.jsonl")
    assert extended[: len(packaged)] == packaged
    assert [(e["topic"], e.line) for e in extended[len(packaged):]] == [("义诊", 1)]


RULE = "支援医院每年为受援医院开展义诊不少于4次。"


def test_a_requirement_topic_added_at_run_time_is_extracted_and_asked(tmp_path: Path, monkeypatch) -> None:
    """One data-file edit (a line in requirement_topics.jsonl) teaches both sides a new topic."""
    doc = _parsed("二、工作要求", RULE)
    before = [(r.topic, r.value, r.unit) for r in extract_requirements(doc)]
    assert before == [("其他", 4, "次")]

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "义诊通知.txt").write_text("关于开展义诊的通知\n二、工作要求\n" + RULE + "\n", encoding="utf-8")
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    entry = {"topic": "义诊", "patterns": ["义诊"], "units": ["次"], "questions": ["义诊"]}
    (vocab / "requirement_topics.jsonl").write_text(json.dumps(entry, ensure_ascii=False) + "\n")
    monkeypatch.setenv(VOCAB_ENV, str(vocab))

    after = [(r.topic, r.value, r.unit) for r in extract_requirements(doc)]
    assert after == [("义诊", 4, "次")]
    service = QAService(NetworkxStore(build_graph(extract_corpus(corpus)).graph))
    answer = service.ask("义诊有什么要求？")
    assert answer.intent == "requirements"
    rules = [(i.extra["topic"], i.extra["value"], i.extra["unit"]) for i in answer.items]
    assert rules == [("义诊", 4, "次")]
    assert [e.doc for i in answer.items for e in i.evidence] == ["义诊通知.txt"]


VOCAB_DIR = Path(__file__).resolve().parents[1] / "core" / "vocab"


@pytest.mark.parametrize("path", sorted(VOCAB_DIR.glob("*.tsv")), ids=lambda p: p.name)
def test_every_tsv_file_loads_without_repeated_entries(path: Path) -> None:
    rows = table(path.name)
    assert rows, f"{path.name} is empty"
    keys = [tuple(row.data.values())[:2] for row in rows]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert repeated == [], f"{path.name} repeats {repeated}"


def test_a_flag_that_is_not_yes_or_no_is_reported(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "role_qualifiers.tsv").write_text(
        "qualifier\tin_prose\tstrong\tin_tables\n某某\tye\tno\tno\n", encoding="utf-8"
    )
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    with pytest.raises(VocabError) as err:
        words("role_qualifiers.tsv", "qualifier", in_prose="yes")
    assert f"{tmp_path / 'role_qualifiers.tsv'}:2" in str(err.value)


def test_a_table_header_word_added_at_run_time_is_read(tmp_path: Path, monkeypatch) -> None:
    assert header_role("援助单位") is None
    (tmp_path / "table_headers.tsv").write_text("role\tword\nsupporter\t援助单位\n", encoding="utf-8")
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    assert header_role("援助单位") is Role.SUPPORTER


def test_every_node_and_edge_type_has_a_label() -> None:
    assert set(NODE_TYPE_LABELS) == {t.value for t in NodeType}
    assert set(EDGE_TYPE_LABELS) == {t.value for t in EdgeType}
    assert all(NODE_TYPE_LABELS.values()) and all(EDGE_TYPE_LABELS.values())


def test_every_edge_type_has_the_verb_a_relation_path_prints() -> None:
    assert set(EDGE_VERBS) == {t.value for t in EdgeType}
    assert EDGE_VERBS["SUPPORTS"] == "帮扶" and all(EDGE_VERBS.values())


@pytest.mark.parametrize(
    ("number", "title", "label"),
    [("云卫医发〔2022〕5号", "方案", "云卫医发〔2022〕5号《方案》"), (None, "方案", "《方案》"),
     ("云卫医发〔2022〕5号", None, "云卫医发〔2022〕5号"), (None, None, "a.txt")],
)
def test_document_label(number: str | None, title: str | None, label: str) -> None:
    assert document_label(number, title, "a.txt") == label
