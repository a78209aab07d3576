"""``bangfu remove NAME``: delete one document from the corpus folder, because the user asked.

Why a command of its own and no prompt: naming the file on the command line *is* the request,
as with ``rm``; the app, where one click could be a slip, asks for a second click instead. The
name must be a file of the corpus as ``bangfu build`` lists it; anything else is 未找到 with the
closest names, and nothing changes. The manifest row goes with the file and the graph is rebuilt.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.messages import message
from ui.cli import cli, corpus_option, open_corpus, progress_bar

SUPPORTS = "SUPPORTS"


@cli.command(help=message("U331"))
@corpus_option
@click.argument("name")
def remove(corpus: Path, name: str) -> None:
    """Delete ``corpus/name`` and its manifest row, rebuild, and say what the graph lost."""
    door = open_corpus(corpus)
    before = door.summary().edges.get(SUPPORTS, 0)
    summary, _ = door.remove_document(name, progress=progress_bar(message("U301")))
    after = summary.edges.get(SUPPORTS, 0)
    click.echo(message("U330", name=name, documents=len(summary.documents), pairings=after,
                       lost=before - after))
