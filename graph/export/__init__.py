"""Exports of the graph: one module per format, each a ``write_*`` / ``read_*`` pair, and this registry.

The CLI (``bangfu export --format …``) and the UI call :func:`export_graph` only; they
never import a format module, so a new format is one module plus one line in
:data:`FORMATS`. How nested values travel in scalar-only formats is decided once, in
:mod:`graph.export.flatten`.

=========== ================================= ====================================
name        file                              for
=========== ================================= ====================================
graphml     ``bangfu.graphml``                yEd, Gephi, networkx
gexf        ``bangfu.gexf``                   Gephi (labels and colours by type)
json        ``bangfu.json``                   other programs (lossless node-link)
cytoscape   ``bangfu.cyjs``                   Cytoscape.js / Cytoscape desktop
neo4j-csv   a folder of CSV + README.txt      ``neo4j-admin database import full``
cypher      ``bangfu.cypher``                 ``cypher-shell -f`` into a running Neo4j
=========== ================================= ====================================
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from core.errors import ExportError
from core.messages import message
from graph.export.cypher import write_cypher
from graph.export.cytoscape import read_cytoscape, write_cytoscape
from graph.export.gexf import read_gexf, write_gexf
from graph.export.graphml import read_graphml, write_graphml
from graph.export.neo4j_csv import read_neo4j_csv, write_neo4j_csv
from graph.export.node_link import read_node_link, write_node_link

__all__ = ["DEFAULT_STEM", "FORMATS", "ExportFormat", "export_graph"]

Writer = Callable[[nx.MultiDiGraph, Path], list[Path]]
Reader = Callable[[Path], nx.MultiDiGraph]


class ExportFormat(NamedTuple):
    """One registry entry; a tuple, so ``writer, reader, suffix, describe = FORMATS[name]`` works.

    The Chinese name is a template of messages.tsv, read when asked for (``label``) rather than
    at import: a broken messages.tsv must be reported as such, not break importing this module.
    """

    writer: Writer
    reader: Reader | None  # None: no way back (cypher)
    suffix: str  # default file suffix; "" for a format written into a folder
    describe: Callable[[], str]  # the Chinese name for menus and messages, from its template

    @property
    def label(self) -> str:
        """The format's Chinese name for menus and messages."""
        return self.describe()


FORMATS: dict[str, ExportFormat] = {
    "graphml": ExportFormat(write_graphml, read_graphml, ".graphml", lambda: message("P851")),
    "gexf": ExportFormat(write_gexf, read_gexf, ".gexf", lambda: message("P852")),
    "json": ExportFormat(write_node_link, read_node_link, ".json", lambda: message("P853")),
    "cytoscape": ExportFormat(write_cytoscape, read_cytoscape, ".cyjs", lambda: message("P854")),
    "neo4j-csv": ExportFormat(write_neo4j_csv, read_neo4j_csv, "", lambda: message("P855")),
    "cypher": ExportFormat(write_cypher, None, ".cypher", lambda: message("P856")),
}

DEFAULT_STEM = "bangfu"
"""File name used when ``out`` is an existing folder (``bangfu.gexf``)."""


def _target(spec: ExportFormat, out: Path) -> Path:
    # A folder format (suffix "") fills ``out`` itself; a file format writes into a folder it is given.
    return out / (DEFAULT_STEM + spec.suffix) if spec.suffix and out.is_dir() else out


def export_graph(G: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``G`` in format ``fmt`` to ``out`` and return the files written.

    ``out`` is the file to write, or an existing folder to write ``bangfu.<suffix>`` into;
    for ``neo4j-csv`` it is the folder to fill (created if missing). Missing parent folders
    are created. Every failure a user can cause (unknown format, unwritable path,
    a value no format can hold) is an :class:`~core.errors.ExportError` in Chinese.
    """
    spec = FORMATS.get(fmt)
    if spec is None:
        raise ExportError(message("E101", fmt=fmt, formats='、'.join(FORMATS)))
    out = Path(out)
    try:
        target = _target(spec, out)
        target.parent.mkdir(parents=True, exist_ok=True)
        return spec.writer(G, target)
    except OSError as err:
        raise ExportError(
            message("E102", out=out), detail=err.strerror or type(err).__name__
        ) from err
