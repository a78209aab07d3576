"""``bangfu ask``: one question, or a file of questions for researchers (one JSON per line)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from core.messages import message
from ui.cli import INDENT, QUOTE_INDENT, cli, corpus_option, neo4j_options
from ui.frontdoor import Answer, Bangfu
from ui.stores import Neo4jSettings


def render_text(answer: Answer) -> str:
    """The answer as a person reads it in a terminal: sentence, grouped items, sources."""
    lines = [answer.text]
    group = None
    lead_word = message("U350")
    for item in answer.items:
        if item.group and item.group != group:
            group = item.group
            lines.append(message("U351", group=group))
        mark = message("U352") if item.lead else ""
        if item.detail and item.detail != lead_word:
            lines.append(INDENT + message("U354", name=item.name, lead=mark, detail=item.detail))
        else:
            lines.append(INDENT + message("U353", name=item.name, lead=mark))
        for ev in item.evidence[:2]:
            source = ev.doc_number or ev.doc_title or ev.doc
            lines.append(QUOTE_INDENT + message("U355", source=source, where=ev.where, quote=ev.quote[:120]))
    if answer.candidates:
        lines += [INDENT + message("U356", name=c.name, detail=c.detail) for c in answer.candidates]
    if answer.suggestions and not answer.items:
        lines.append(message("U357") if answer.status == "help" else message("U358"))
        lines += [INDENT + message("U359", suggestion=s) for s in answer.suggestions[:8]]
    return "\n".join(lines)


@cli.command(help=message("U360"))
@corpus_option
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help=message("U361"))
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=message("U362"),
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
    """Answer one question, or every line of ``--batch`` as one JSON each."""
    if question is None and batch is None:
        raise click.UsageError(message("U363"))
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
