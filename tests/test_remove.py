"""Removing a document (``bangfu remove``, ``Bangfu.remove_document``): only the named file and its
manifest row go, the graph loses exactly that document's pairings, a wrong name changes nothing."""

from __future__ import annotations

import hashlib
import importlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.manifest import remove_rows
from tests.conftest import CORPUS
from ui.cli import cli, main
from ui.frontdoor import Bangfu, BangfuError

REMOVED = "002_f96d2e1adf756957.txt"  # 30 pairings from its tables, none from its prose
REMOVED_PAIRINGS = 30


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    monkeypatch.setenv("BANGFU_CACHE", str(tmp_path / "cache"))
    return target


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def pairings(corpus: Path) -> set[tuple[str, str, str, str]]:
    door = Bangfu.open_corpus(corpus)
    return {(s.supporter, s.recipient, s.doc or "", s.where or "") for s in door.explore()}


def manifest_without(corpus: Path, name: str) -> str:
    lines = (corpus / "manifest.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.split("\t", 1)[0] != name]
    assert len(kept) == len(lines) - 1
    return "".join(kept)


def test_cli_remove_deletes_the_file_its_row_and_exactly_its_pairings(corpus: Path) -> None:
    importlib.import_module("ui.commands.remove")
    before_files, before_pairs = snapshot(corpus), pairings(corpus)
    expected_manifest = manifest_without(corpus, REMOVED)
    result = CliRunner().invoke(cli, ["remove", "--corpus", str(corpus), REMOVED])
    assert result.exit_code == 0, result.output
    assert result.output == (f"已从语料中删除「{REMOVED}」，图谱已重新构建：4 份文件，"
                             f"帮扶关系 {310 - REMOVED_PAIRINGS} 条（减少 {REMOVED_PAIRINGS} 条）。\n")
    after_files = snapshot(corpus)
    assert set(after_files) == set(before_files) - {REMOVED}
    others = set(after_files) - {"manifest.tsv"}
    assert {n: after_files[n] for n in others} == {n: before_files[n] for n in others}  # byte-identical
    assert (corpus / "manifest.tsv").read_text(encoding="utf-8") == expected_manifest
    lost = {p for p in before_pairs if p[2] == REMOVED}
    assert len(lost) == REMOVED_PAIRINGS
    assert pairings(corpus) == before_pairs - lost


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("002_f96d2e1adf756957", f"错误：未找到文件「002_f96d2e1adf756957」。语料中相近的文件：{REMOVED}。"),
        ("manifest.tsv", "错误：未找到文件「manifest.tsv」，语料中也没有名称相近的文件。"),
        ("../corpus/" + REMOVED, f"错误：未找到文件「../corpus/{REMOVED}」。语料中相近的文件：{REMOVED}。"),
        ("通知.docx", "错误：未找到文件「通知.docx」，语料中也没有名称相近的文件。"),
    ],
)
def test_cli_remove_of_a_name_not_in_the_corpus_is_one_line_and_changes_nothing(
    corpus: Path, capsys: pytest.CaptureFixture[str], name: str, expected: str
) -> None:
    before = snapshot(corpus)
    assert main(["remove", "--corpus", str(corpus), name]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", expected + "\n")
    assert snapshot(corpus) == before


def test_a_file_that_cannot_be_deleted_leaves_the_manifest_as_it_was(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    door = Bangfu.open_corpus(corpus)
    before = snapshot(corpus)

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(BangfuError) as refused:
        door.remove_document(REMOVED)
    monkeypatch.undo()
    assert str(refused.value) == f"无法从语料目录中删除文件：{corpus / REMOVED}（请检查该文件夹是否可写）"
    assert snapshot(corpus) == before


def test_remove_rows_keeps_every_other_line_byte_for_byte(tmp_path: Path) -> None:
    text = "\ufeff# 清单\r\nfile\ttitle\r\na.txt\t甲\r\n\r\nb.txt\t乙\r\n# 注\r\nc.txt\t丙"
    (tmp_path / "manifest.tsv").write_bytes(text.encode("utf-8"))
    assert remove_rows(tmp_path, ["b.txt", "c.txt", "z.txt"])
    kept = "\ufeff# 清单\r\nfile\ttitle\r\na.txt\t甲\r\n\r\n# 注\r\n"
    assert (tmp_path / "manifest.tsv").read_bytes() == kept.encode("utf-8")
    assert not remove_rows(tmp_path, ["z.txt"])
    assert not remove_rows(tmp_path / "nowhere", ["a.txt"])
