"""``bangfu serve``: the Gradio app on 127.0.0.1:7860 (loopback unless told otherwise).

Loopback by default because the app can add files to the corpus: exposing it on a network is a
decision the operator makes with ``--host``, not a default. With ``--neo4j`` the app answers,
explores and exports from that server and nothing is built locally.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.messages import message
from ui.cli import bolt_target, cli, corpus_line, corpus_option, neo4j_options, open_corpus


@cli.command(help=message("U370"))
@corpus_option
@click.option("--host", default="127.0.0.1", show_default=True, help=message("U371"))
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help=message("U372"))
@neo4j_options
def serve(corpus: Path, host: str, port: int, neo4j_uri: str | None, neo4j_user: str | None,
          neo4j_password: str | None, neo4j_database: str | None) -> None:
    """Serve the app over the corpus's graph, or over a Bolt server's with ``--neo4j``."""
    from ui.app import launch
    from ui.frontdoor import Bangfu
    from ui.stores import Neo4jSettings

    settings = Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    if settings is not None:
        door = Bangfu.open(corpus, settings)
        click.echo(message("U373", target=bolt_target(settings)))
    else:
        door = open_corpus(corpus)
        click.echo(message("U374", corpus=corpus_line(corpus, door.summary())))
    click.echo(message("U375", url=f"http://{host}:{port}/"))
    try:
        launch(door, host=host, port=port)
    finally:
        door.close()
