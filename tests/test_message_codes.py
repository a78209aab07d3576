"""Every user message is a numbered template of core/vocab/messages.tsv, and the code agrees with it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.errors import VocabError
from core.messages import message, placeholders, templates
from core.vocab import VOCAB_ENV

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "extract", "graph", "pipeline", "query", "ui")


def _message_calls() -> list[tuple[str, str, frozenset[str]]]:
    """(where, code, keyword names) of every ``message("CODE", ...)`` call in the packages."""
    calls = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "message"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    calls.append((where, node.args[0].value, frozenset(k.arg for k in node.keywords)))
    return calls


def test_every_code_named_in_the_source_exists_with_the_values_it_needs() -> None:
    calls = _message_calls()
    assert calls
    known = templates()
    wrong = [(where, code) for where, code, keys in calls if code not in known or keys != placeholders(code)]
    assert wrong == []


def test_every_message_is_used() -> None:
    used = {code for _, code, _ in _message_calls()}
    assert set(templates()) - used == set()


def test_message_fills_its_template() -> None:
    text = message("E101", fmt="xml", formats="graphml、json")
    assert text == "未知的导出格式“xml”。可用的格式：graphml、json。"


def test_a_repeated_code_is_reported_with_its_line(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "messages.tsv").write_text("code\ttemplate\nE101\t重复的编号\n", encoding="utf-8")
    monkeypatch.setenv(VOCAB_ENV, str(tmp_path))
    with pytest.raises(VocabError) as err:
        templates()
    assert f"{tmp_path / 'messages.tsv'}:2" in str(err.value)
