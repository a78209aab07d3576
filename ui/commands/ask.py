"""``bangfu ask``: one question, or a file of questions for researchers (one JSON per line)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ui.cli import cli, corpus_option, neo4j_options
from ui.frontdoor import Answer, Bangfu
from ui.stores import Neo4jSettings


def render_text(answer: Answer) -> str:
    """The answer as a person reads it in a terminal: sentence, grouped items, sources."""
    lines = [answer.text]
    group = None
    for item in answer.items:
        if item.group and item.group != group:
            group = item.group
            lines.append(f"【{group}】")
        mark = "（牵头）" if item.lead else ""
        detail = f"  {item.detail}" if item.detail and item.detail != "牵头" else ""
        lines.append(f"  - {item.name}{mark}{detail}")
        for ev in item.evidence[:2]:
            source = ev.doc_number or ev.doc_title or ev.doc
            lines.append(f"      出处：{source} {ev.where}｜{ev.quote[:120]}")
    if answer.candidates:
        lines += [f"  ? {c.name}（{c.detail}）" for c in answer.candidates]
    if answer.suggestions and not answer.items:
        lines.append("可以这样问：" if answer.status == "help" else "相近的名称：")
        lines += [f"  · {s}" for s in answer.suggestions[:8]]
    return "\n".join(lines)


@cli.command()
@corpus_option
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="问题文件：每行一个问题，每行输出一个 JSON",
)
@neo4j_options
def ask(
    corpus: Path,
    question: str | None,
    as_json: bool,
    batch: Path | None,
    neo4j_uri: str | None,
    neo4j_user: str | None,
    neo4j_password: str | None,
    neo4j_database: str | None,
) -> None:
    """回答一个中文问题（附出处）。"""
    if question is None and batch is None:
        raise click.UsageError("请给出问题，或用 --batch 指定问题文件")
    door = Bangfu.open(corpus, Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database))
    try:
        questions = [question] if batch is None else batch.read_text(encoding="utf-8").splitlines()
        for line in questions:
            if batch is not None and not line.strip():
                continue
            answer = door.ask(line or "")
            if as_json or batch is not None:
                click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
            else:
                click.echo(render_text(answer))
    finally:
        door.close()
