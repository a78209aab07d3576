"""The ``bangfu`` command line: a thin layer over the front door (:mod:`ui.frontdoor`).

Each command opens a :class:`ui.frontdoor.Bangfu`, calls one of its methods, and turns
:class:`core.errors.BangfuError` into a Chinese message and exit code 1 (in one place,
:func:`main`), never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from pathlib import Path

import click

from ui.frontdoor import Bangfu, BangfuError, Summary

DEFAULT_CORPUS = "corpus"
PROBLEM_LABELS = {
    "orphan": "受援医院无支援医院",
    "unparsed_row": "未能解析的表格行",
    "unparsed_cell": "未能识别的单元格",
    "unreadable_cell": "无法读取的单元格",
    "unreadable_sentence": "无法读取的句子",
    "unreadable_name": "无法作为名称的文字",
    "unreadable_caption": "无法读取的表题",
    "no_recipient": "无受援医院的行",
    "unresolved_name": "未能对应全称的简称",
    "ocr_corrected": "OCR 识别更正",
    "unresolved_place": "未能识别的地名",
    "unreadable": "无法读取的文件",
    "unsupported": "不支持的文件",
    "no_pairings": "无帮扶关系的文件",
    "skipped_table": "跳过的模板/统计表",
    "manifest_conflict": "与清单不一致",
    "manifest_invalid": "清单格式错误",
    "duplicate_number": "文号重复",
    "citation_conflict": "引用信息冲突",
    "measure_count": "措施数量与标题不符",
    "count_mismatch": "前后数量不一致的句子",
    "ambiguous_relation": "关系不明确的句子",
    "not_asserted": "非确定性表述（未收录）",
    "unparsed_sentence": "有帮扶用语和两家医院但未读出关系的句子",
    "direction_unknown": "看不出帮扶方向的句子",
}

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="语料目录（政策文件所在文件夹）",
)


def progress_bar(label: str, unit: str = "份"):
    from tqdm import tqdm

    def wrap(items):
        items = list(items)
        return tqdm(
            items, desc=label, unit=unit, file=sys.stderr, disable=len(items) < 2 or not sys.stderr.isatty()
        )

    return wrap


def open_corpus(corpus: Path, rebuild: bool = False) -> Bangfu:
    """The corpus's graph (cached or built), with a progress bar on a terminal."""
    return Bangfu.open_corpus(corpus, rebuild=rebuild, progress=progress_bar("抽取文件"),
                              ocr_progress=progress_bar("OCR 识别扫描件", unit="页"))


def echo_summary(summary: Summary) -> None:
    """Node and edge counts by type, one line each."""
    click.echo("节点：" + "，".join(f"{k} {v}" for k, v in summary.nodes.items()))
    click.echo("关系：" + "，".join(f"{k} {v}" for k, v in summary.edges.items()))


def neo4j_options(command):
    """--neo4j/--neo4j-user/--neo4j-password/--neo4j-database, defaulting to NEO4J_* variables."""
    for option in reversed(
        (
            click.option(
                "--neo4j", "neo4j_uri", default=None, help="使用 Neo4j 中的图（bolt://…，默认读取 NEO4J_URI）"
            ),
            click.option("--neo4j-user", default=None, help="Neo4j 用户名（默认 NEO4J_USER 或 neo4j）"),
            click.option("--neo4j-password", default=None, help="Neo4j 密码（默认 NEO4J_PASSWORD）"),
            click.option("--neo4j-database", default=None, help="Neo4j 数据库名（默认 NEO4J_DATABASE）"),
        )
    ):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """帮扶图谱：三级医院对口帮扶县级医院知识图谱。"""


@cli.command()
@corpus_option
@click.option("--rebuild", is_flag=True, help="忽略缓存，重新抽取")
def build(corpus: Path, rebuild: bool) -> None:
    """抽取语料并构建知识图谱（语料未变时使用缓存），打印摘要与全部警告。"""
    summary = open_corpus(corpus, rebuild).summary()
    click.echo(f"语料：{corpus}（{len(summary.documents)} 份文件{'，使用缓存' if summary.cached else ''}）")
    for doc in summary.documents:
        sources = summary.pairing_sources.get(doc)
        counted = f"：表格 {sources['table']} 对，正文 {sources['prose']} 对帮扶关系" if sources else ""
        ocr = summary.ocr_confidence.get(doc)
        recognised = f"（OCR 识别，平均置信度 {ocr:.3f}）" if ocr is not None else ""
        click.echo(f"  - {doc}{recognised}{counted}")
    if summary.manifest_missing:
        click.echo(
            f"清单 manifest.tsv 未列出 {len(summary.manifest_missing)} 份文件："
            + "、".join(summary.manifest_missing)
            + "（运行 bangfu manifest 为其添加一行，再核对标题、文号、发文单位、日期、地区）"
        )
    echo_summary(summary)
    kinds = Counter(p.kind for p in summary.problems)
    click.echo(
        f"警告：{len(summary.problems)} 条"
        + (
            "（" + "，".join(f"{PROBLEM_LABELS.get(k, k)} {n}" for k, n in sorted(kinds.items())) + "）"
            if kinds
            else ""
        )
    )
    for problem in summary.problems:
        label = PROBLEM_LABELS.get(problem.kind, problem.kind)
        click.echo(f"  [{label}] {problem.doc} {problem.where}：{problem.message}")
        if problem.quote:
            click.echo(f"      原文：{problem.quote}")


@cli.command()
@corpus_option
@click.option(
    "--format",
    "fmt",
    default="json",
    show_default=True,
    help="graphml | gexf | json | cytoscape | neo4j-csv | cypher",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="输出文件（neo4j-csv 为目录）")
@neo4j_options
def export(corpus: Path, fmt: str, out: Path, neo4j_uri: str | None, neo4j_user: str | None,
           neo4j_password: str | None, neo4j_database: str | None) -> None:
    """导出知识图谱（指定 --neo4j 时导出服务器上的图）。"""
    from ui.stores import Neo4jSettings

    settings = Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    door = Bangfu.open(corpus, settings, progress=progress_bar("抽取文件"))
    try:
        written = door.export(fmt, out)
    finally:
        door.close()
    for path in written:
        click.echo(f"已导出：{path}")


# Command modules that add themselves to ``cli`` (ask, serve, neo4j …): one line each.
COMMAND_MODULES: tuple[str, ...] = (
    "ui.commands.ask",
    "ui.commands.serve",
    "ui.commands.neo4j",
    "ui.commands.manifest",
)


def _register_commands() -> None:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)


def _configure_log() -> None:
    """Log to ``$BANGFU_LOG`` if set; otherwise keep log records off the user's terminal."""
    root = logging.getLogger()
    if root.handlers:
        return  # a host (pytest, an embedding program) already decided where logs go
    target = os.environ.get("BANGFU_LOG")
    handler: logging.Handler = (
        logging.FileHandler(target, encoding="utf-8") if target else logging.NullHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """Entry point: every BangfuError becomes one Chinese line on stderr and exit code 1.

    What the system or a library said (the error's ``detail``, a traceback) goes to the log:
    the file named by ``BANGFU_LOG`` when set, nowhere otherwise, never into the message.
    """
    _configure_log()
    _register_commands()
    try:
        cli.main(args=argv, prog_name="bangfu", standalone_mode=False)
    except BangfuError as err:
        logging.getLogger("bangfu").warning("%s %s", err.message, err.detail, exc_info=err)
        click.echo(f"错误：{err}", err=True)
        return 1
    except OSError as err:  # a file system error no library turned into a BangfuError
        logging.getLogger("bangfu").warning("command failed: %r", err)
        click.echo(f"错误：无法读写文件：{err.filename or '（未知路径）'}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("已取消", err=True)
        return 1
    except click.ClickException as err:
        click.echo(f"参数错误：{err.format_message()}", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
