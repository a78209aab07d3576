"""The ``bangfu`` command line, run in-process as a user would type it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from ui.cli import COMMAND_MODULES, cli, main


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    monkeypatch.setenv("BANGFU_CACHE", str(tmp_path / "cache"))
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_prints_summary_and_every_warning(corpus, capsys):
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert code == 0
    assert "5 份文件" in out
    assert "SUPPORTS 310" in out
    for orphan in ("威信县中医医院", "姚安县中医医院", "南康区中医院", "广昌县中医医院"):
        assert orphan in out
    assert "省心理卫生中心" in out  # a short form with no full name printed: reported
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert "使用缓存" in out


def test_build_reports_pairings_by_source_per_document(corpus, capsys):
    """Issue 9 item 5: how many pairings each document's tables and running text gave."""
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("  - ")]
    assert lines == [
        "  - 000_5e86d926f4900194.txt：表格 217 对，正文 17 对帮扶关系",
        "  - 001_5d7973793b16831f.txt：表格 0 对，正文 0 对帮扶关系",
        "  - 002_f96d2e1adf756957.txt：表格 30 对，正文 0 对帮扶关系",
        "  - 003_4d4abe8e6271f2f6.txt：表格 0 对，正文 0 对帮扶关系",
        "  - 004_83573d7611e5798f.txt：表格 46 对，正文 6 对帮扶关系",
    ]


NOTICE_WITH_MISSES = """湖北省卫生健康委员会关于调整对口帮扶关系的通知

（一）武汉市第一人民医院对口帮扶郧西县人民医院。

（二）竹山县人民医院由湖北省人民医院牵头帮扶，宜昌市中心人民医院共同参与。

（三）湖北省肿瘤医院和房县人民医院的帮扶协议要尽快签订。

（四）襄阳市中心医院与十堰市人民医院签约结对。
"""


def test_build_shows_every_clause_with_a_trigger_and_two_institutions_that_gave_nothing(
    tmp_path, capsys, monkeypatch
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hb.txt").write_text(NOTICE_WITH_MISSES, encoding="utf-8")
    monkeypatch.setenv("BANGFU_CACHE", str(tmp_path / "cache"))
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert code == 0
    assert "  - hb.txt：表格 0 对，正文 3 对帮扶关系" in out.splitlines()
    assert "警告：2 条（看不出帮扶方向的句子 1，有帮扶用语和两家医院但未读出关系的句子 1）" in out
    assert (
        "  [有帮扶用语和两家医院但未读出关系的句子] hb.txt 正文 （三）："
        "分句“湖北省肿瘤医院和房县人民医院的帮扶协议要尽快签订”"
        "有帮扶用语和2家医院（湖北省肿瘤医院、房县人民医院），但没有读出帮扶关系。"
    ) in out.splitlines()
    assert "      原文：襄阳市中心医院与十堰市人民医院签约结对" in out.splitlines()


def test_build_survives_bad_files_and_reports_them(corpus, capsys):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (corpus / "table.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (corpus / "notes.rtf").write_bytes(b"{\\rtf1 }")
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert code == 0
    assert "SUPPORTS 310" in out
    assert "文件为空：empty.txt" in out
    assert "不是有效的 Word 文档（.docx）：broken.docx" in out
    assert "不是有效的 Excel 文件：table.xls" in out
    assert "不支持的文件格式，已跳过：notes.rtf" in out


def test_missing_corpus_is_one_chinese_line(tmp_path, capsys):
    code, _, err = run(capsys, "build", "--corpus", str(tmp_path / "nope"))
    assert code == 1
    assert err.strip().startswith("错误：找不到语料目录")
    assert "Traceback" not in err


def test_export_json_shape(corpus, tmp_path, capsys):
    out_file = tmp_path / "graph.json"
    code, _, _ = run(capsys, "export", "--corpus", str(corpus), "--format", "json", "--out", str(out_file))
    assert code == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert {"id", "type", "name"} <= set(data["nodes"][0])
    supports = [e for e in data["edges"] if e["type"] == "SUPPORTS"]
    assert len(supports) == 310
    edge = next(e for e in supports if e["target"] == "hospital:怒江州人民医院" and e["lead"])
    assert edge["source"] == "hospital:昆明医科大学第二附属医院"
    assert edge["doc"] == "000_5e86d926f4900194.txt" and edge["where"] == "正文 二（六）"
    assert edge["program"]


def test_unknown_export_format(corpus, tmp_path, capsys):
    out = str(tmp_path / "x")
    code, _, err = run(capsys, "export", "--corpus", str(corpus), "--format", "dot", "--out", out)
    assert code == 1 and "未知的导出格式" in err


def test_ask_text_and_json(corpus, capsys):
    code, out, _ = run(capsys, "ask", "--corpus", str(corpus), "谁帮扶怒江州人民医院？")
    assert code == 0
    assert "昆明医科大学第二附属医院（牵头）" in out and "出处：云卫医发〔2022〕5号 正文 二（六）" in out
    code, out, _ = run(capsys, "ask", "--corpus", str(corpus), "--json", "火星县人民医院由谁帮扶")
    data = json.loads(out)
    assert data["answers"] == [] and data["text"].startswith("未找到")


def test_ask_batch_writes_one_json_per_line(corpus, tmp_path, capsys):
    questions = tmp_path / "q.txt"
    questions.write_text("谁帮扶怒江州人民医院\n\n何圆圆被派到哪里\n今天天气怎么样\n", encoding="utf-8")
    code, out, _ = run(capsys, "ask", "--corpus", str(corpus), "--batch", str(questions), "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [x["intent"] for x in lines] == ["who_supports", "dispatch_person", "help"]
    assert lines[1]["answers"][0]["name"] == "巴彦召卫生院"


def test_ask_batch_answers_every_line_even_those_that_crashed(corpus, tmp_path, capsys):
    """A question naming 国卫医函〔2019〕109号 crashed the run; noise and odd characters too."""
    lines_in = [
        "国卫医函〔2019〕109号是哪个文件转发的",
        "国卫医函〔2019〕109号是什么文件",
        "？？？",
        "\u0000\ufeff谁帮扶",
        "帮扶" * 400,
        "谁帮扶怒江州人民医院",
    ]
    questions = tmp_path / "q.txt"
    questions.write_text("\n".join(lines_in) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "ask", "--corpus", str(corpus), "--batch", str(questions))
    assert code == 0 and "Traceback" not in err
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == len(lines_in)
    assert [a["text"][:2] for a in answers][-1] == "帮扶"
    forwarding = "转发关于再次调整部分三级医院帮扶贫困县县级医院对口关系的通知"
    assert [x["name"] for x in answers[0]["answers"]] == [forwarding]


def test_ask_without_question_is_a_usage_error(corpus, capsys):
    code, _, err = run(capsys, "ask", "--corpus", str(corpus))
    assert code == 2 and "请给出问题" in err


def test_every_command_has_chinese_help():
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)

    def walk(group, prefix=""):
        for name, command in group.commands.items():
            yield prefix + name, command
            if hasattr(command, "commands"):
                yield from walk(command, prefix + name + " ")

    commands = dict(walk(cli))
    assert {"build", "export", "ask"} <= set(commands)
    for name, command in commands.items():
        assert command.help and any("\u4e00" <= ch <= "\u9fff" for ch in command.help), name
