"""``bangfu neo4j load``: write the corpus graph into a Neo4j (or other Bolt) server.

Why a command and not only the ``cypher`` export: it is the one-step path for a researcher
with a running server, it is safe to repeat (MERGE on ids and keys), and it checks the
address and password before spending time on the corpus. Answering from Neo4j is
``bangfu serve --neo4j`` / ``bangfu ask --neo4j``; this group only writes.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.messages import message
from ui.cli import bolt_target, cli, corpus_line, corpus_option, echo_summary, progress_bar


@cli.group("neo4j", help=message("U380"))
def neo4j_group() -> None:
    """Commands that write into a Bolt server (answering from one is ``--neo4j`` of serve/ask)."""


@neo4j_group.command("load", help=message("U381"))
@corpus_option
@click.option("--uri", default=None, help=message("U382"))
@click.option("--user", default=None, help=message("U383"))
@click.option("--password", default=None, help=message("U384"))
@click.option("--database", default=None, help=message("U385"))
@click.option("--wipe", is_flag=True, help=message("U386"))
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    help=message("U387"),
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
    """Load the corpus's graph into the server: idempotent (MERGE on ids and keys)."""
    from ui.frontdoor import Bangfu
    from ui.stores import Neo4jSettings

    settings = Neo4jSettings.from_env(uri, user, password, database)
    if settings is None:
        raise click.UsageError(message("U388"))
    report, summary = Bangfu.load_into_bolt(
        corpus, settings, wipe=wipe, batch_size=batch_size, progress=progress_bar(message("U301"))
    )
    click.echo(corpus_line(corpus, summary))
    wiped = message("U390") if wipe else ""
    click.echo(message("U389", target=bolt_target(settings), wiped=wiped, seconds=report.seconds))
    click.echo(message("U391", nodes=report.nodes, edges=report.edges))
    echo_summary(summary)
    extra_nodes = report.nodes - sum(summary.nodes.values())
    extra_edges = report.edges - sum(summary.edges.values())
    if extra_nodes > 0 or extra_edges > 0:
        click.echo(message("U392", nodes=max(extra_nodes, 0), edges=max(extra_edges, 0)))
    for note in report.notes:
        click.echo(message("U393", note=note))
