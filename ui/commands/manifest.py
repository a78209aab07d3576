"""``bangfu manifest``: list new documents in ``manifest.tsv`` — the corpus is written only when asked."""

from __future__ import annotations

from pathlib import Path

import click

from core.messages import message
from ui.cli import cli, corpus_option


@cli.command(help=message("U364"))
@corpus_option
def manifest(corpus: Path) -> None:
    """Add a manifest row for every document it lacks, after a successful build."""
    from ui.frontdoor import Bangfu

    added, path = Bangfu.complete_manifest(corpus)
    if not added:
        click.echo(message("U365", path=path))
        return
    for doc in added:
        click.echo(message("U366", doc=doc))
    click.echo(message("U367", path=path))
