"""The ``bangfu`` command line: a thin layer over the front door (:mod:`ui.frontdoor`).

Each command opens a :class:`ui.frontdoor.Bangfu`, calls one of its methods, and turns
:class:`core.errors.BangfuError` into a Chinese message and exit code 1 (in one place,
:func:`main`), never a traceback. Every line it prints, and every command's help, is a
numbered template of ``core/vocab/messages.tsv`` (U3xx); build problems are listed under the
labels of ``core/vocab/labels.tsv`` (kind ``problem``).
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import click

from core.messages import message
from core.model import PROBLEM_LABELS
from ui.frontdoor import FORMATS, Bangfu, BangfuError, Neo4jSettings, Summary

DEFAULT_CORPUS = "corpus"
INDENT = "  "  # a document or warning under its heading (TSV cells lose leading spaces, so here)
QUOTE_INDENT = "      "

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CORPUS,
    show_default=True,
    help=message("U302"),
)


def progress_bar(label: str, unit: str | None = None):
    """A tqdm bar on stderr, shown on a terminal only; ``unit`` defaults to 份 (documents)."""
    from tqdm import tqdm

    unit = unit or message("U304")

    def wrap(items):
        items = list(items)
        return tqdm(
            items, desc=label, unit=unit, file=sys.stderr, disable=len(items) < 2 or not sys.stderr.isatty()
        )

    return wrap


def open_corpus(corpus: Path, rebuild: bool = False) -> Bangfu:
    """The corpus's graph (cached or built), with a progress bar on a terminal."""
    return Bangfu.open_corpus(corpus, rebuild=rebuild, progress=progress_bar(message("U301")),
                              ocr_progress=progress_bar(message("U303"), unit=message("U305")))


def counts_text(counts: dict[str, int], labels: Mapping[str, str] | None = None) -> str:
    """``帮扶关系 310，所在地 12``: counts by type or kind, each under its label when given."""
    labels = labels or {}
    return "，".join(message("U306", label=labels.get(k, k), count=v) for k, v in counts.items())


def corpus_line(corpus: Path, summary: Summary) -> str:
    """``语料：corpus（5 份文件，使用缓存）``, the first line of build, serve and neo4j load."""
    if summary.cached:
        return message("U321", corpus=corpus, documents=len(summary.documents))
    return message("U320", corpus=corpus, documents=len(summary.documents))


def bolt_target(settings: Neo4jSettings) -> str:
    """``bolt://…（数据库：默认）``: the server and database a command reads or writes."""
    return message("U345", uri=settings.uri, database=settings.database or message("U346"))


def echo_summary(summary: Summary) -> None:
    """Node and edge counts by type, one line each."""
    click.echo(message("U307", counts=counts_text(summary.nodes)))
    click.echo(message("U308", counts=counts_text(summary.edges)))


def neo4j_options(command):
    """--neo4j/--neo4j-user/--neo4j-password/--neo4j-database, defaulting to NEO4J_* variables."""
    for option in reversed(
        (
            click.option("--neo4j", "neo4j_uri", default=None, help=message("U310")),
            click.option("--neo4j-user", default=None, help=message("U311")),
            click.option("--neo4j-password", default=None, help=message("U312")),
            click.option("--neo4j-database", default=None, help=message("U313")),
        )
    ):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, help=message("U300"))
def cli() -> None:
    """The ``bangfu`` group; its help (like every command's) is a template of messages.tsv."""


def _document_line(summary: Summary, doc: str) -> str:
    sources = summary.pairing_sources.get(doc)
    counted = message("U324", table=sources["table"], prose=sources["prose"]) if sources else ""
    ocr = summary.ocr_confidence.get(doc)
    recognised = message("U323", confidence=ocr) if ocr is not None else ""
    return INDENT + message("U322", doc=doc, ocr=recognised, pairings=counted)


@cli.command(help=message("U314"))
@corpus_option
@click.option("--rebuild", is_flag=True, help=message("U315"))
def build(corpus: Path, rebuild: bool) -> None:
    """Extract and build (or load the cache), then print every document and every warning."""
    summary = open_corpus(corpus, rebuild).summary()
    click.echo(corpus_line(corpus, summary))
    for doc in summary.documents:
        click.echo(_document_line(summary, doc))
    missing = summary.manifest_missing
    if missing:
        click.echo(message("U325", n=len(missing), files="、".join(missing)))
    echo_summary(summary)
    kinds = Counter(p.kind for p in summary.problems)
    by_kind = counts_text(dict(sorted(kinds.items())), PROBLEM_LABELS)
    by_kind = message("U327", counts=by_kind) if kinds else ""
    click.echo(message("U326", n=len(summary.problems), kinds=by_kind))
    for problem in summary.problems:
        label = PROBLEM_LABELS.get(problem.kind, problem.kind)
        click.echo(INDENT + message("U328", label=label, doc=problem.doc, where=problem.where,
                                    text=problem.message))
        if problem.quote:
            click.echo(QUOTE_INDENT + message("U329", quote=problem.quote))


@cli.command(help=message("U316"))
@corpus_option
@click.option("--format", "fmt", default="json", show_default=True, help=" | ".join(FORMATS))
@click.option("--out", type=click.Path(path_type=Path), required=True, help=message("U317"))
@neo4j_options
def export(corpus: Path, fmt: str, out: Path, neo4j_uri: str | None, neo4j_user: str | None,
           neo4j_password: str | None, neo4j_database: str | None) -> None:
    """Export the graph (with ``--neo4j``, the server's graph)."""
    from ui.stores import Neo4jSettings

    settings = Neo4jSettings.from_env(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    door = Bangfu.open(corpus, settings, progress=progress_bar(message("U301")))
    try:
        written = door.export(fmt, out)
    finally:
        door.close()
    for path in written:
        click.echo(message("U318", path=path))


# Command modules that add themselves to ``cli`` (ask, serve, neo4j …): one line each.
COMMAND_MODULES: tuple[str, ...] = (
    "ui.commands.ask",
    "ui.commands.serve",
    "ui.commands.neo4j",
    "ui.commands.manifest",
    "ui.commands.remove",
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
        click.echo(message("U340", error=err), err=True)
        return 1
    except OSError as err:  # a file system error no library turned into a BangfuError
        logging.getLogger("bangfu").warning("command failed: %r", err)
        click.echo(message("U341", path=err.filename or message("U342")), err=True)
        return 1
    except click.exceptions.Abort:
        click.echo(message("U343"), err=True)
        return 1
    except click.ClickException as err:
        click.echo(message("U344", error=err.format_message()), err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
