"""``bangfu neo4j load``: write the corpus graph into a Neo4j (or other Bolt) server.

Why a command and not only the ``cypher`` export: it is the one-step path for a researcher
with a running server, it is safe to repeat (MERGE on ids and keys), and it checks the
address and password before spending time on the corpus. Answering from Neo4j is
``bangfu serve --neo4j`` / ``bangfu ask --neo4j``; this group only writes.
"""

from __future__ import annotations

from pathlib import Path

import click

from ui.cli import cli, corpus_option, echo_summary, progress_bar


@cli.group("neo4j")
def neo4j_group() -> None:
    """Neo4j 图数据库：把知识图谱写入 Neo4j（问答请用 serve/ask 的 --neo4j）。"""


@neo4j_group.command("load")
@corpus_option
@click.option("--uri", default=None, help="Bolt 地址，如 bolt://localhost:7687（默认取 NEO4J_URI）")
@click.option("--user", default=None, help="用户名（默认取 NEO4J_USER，再默认 neo4j）")
@click.option("--password", default=None, help="密码（默认取 NEO4J_PASSWORD）")
@click.option("--database", default=None, help="数据库名（默认取 NEO4J_DATABASE，再默认服务器的默认库）")
@click.option("--wipe", is_flag=True, help="先删除库中已有的帮扶图谱（全部 Entity 节点及其关系），再写入")
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    help="每个事务写入的节点或关系数",
)
def load(
    corpus: Path,
    uri: str | None,
    user: str | None,
    password: str | None,
    database: str | None,
    wipe: bool,
    batch_size: int,
) -> None:
    """把语料构建的知识图谱写入 Neo4j；可重复执行，已有的节点和关系按 id/key 更新而不重复。"""
    from ui.frontdoor import Bangfu
    from ui.stores import Neo4jSettings

    settings = Neo4jSettings.from_env(uri, user, password, database)
    if settings is None:
        raise click.UsageError("未指定 Neo4j 地址：请用 --uri 或环境变量 NEO4J_URI，如 bolt://localhost:7687")
    report, summary = Bangfu.load_into_bolt(
        corpus, settings, wipe=wipe, batch_size=batch_size, progress=progress_bar("抽取文件")
    )
    target = f"{settings.uri}（数据库：{settings.database or '默认'}）"
    click.echo(f"语料：{corpus}（{len(summary.documents)} 份文件{'，使用缓存' if summary.cached else ''}）")
    click.echo(f"已写入 Neo4j {target}{'，已先清空旧图' if wipe else ''}，用时 {report.seconds:.1f} 秒")
    click.echo(f"库中现有：节点 {report.nodes} 个，关系 {report.edges} 条")
    echo_summary(summary)
    extra_nodes = report.nodes - sum(summary.nodes.values())
    extra_edges = report.edges - sum(summary.edges.values())
    if extra_nodes > 0 or extra_edges > 0:
        click.echo(
            f"提示：库中另有 {max(extra_nodes, 0)} 个节点、{max(extra_edges, 0)} 条关系不在本次图中"
            "（多为语料删改前写入的旧数据），如需替换请加 --wipe"
        )
    for note in report.notes:
        click.echo(f"提示：{note}")
