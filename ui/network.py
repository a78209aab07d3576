"""The network view beside the chat: who supports whom around the entities of the last answer.

Why these choices:

* What to draw comes from the front door (``Bangfu.network``: plain nodes and edges chosen by
  query/network_view.py through the store contract), so the view is the same whether the app
  answers from the embedded graph or from Neo4j, and ui/ never touches networkx.
* vis-network ships inside the pyvis wheel (:data:`VIS_LIBRARY`); the app serves that folder
  as a static asset (``launch(allowed_paths=…)``), and each answer's page links it by a local
  URL instead of inlining it. Inlined, every answer carried the 788 KB library: 50 concurrent
  askers waited seconds for bytes they already had. The view's own styles and drawing code
  (ui/static/network.css and network.js) are served the same way. Now an answer sends only its
  legend, nodes and edges (a small page written here, :func:`_page`), and the browser fetches
  the code once.
  The page is checked for any remote ``src``/``href`` (:func:`assert_offline`).
* The page goes into an ``<iframe srcdoc>`` (escaped, sandboxed to scripts only): vis-network
  needs a document of its own, and a name printed in an uploaded file cannot inject markup.
  What an answer sends is kept small (50 askers at once wait for every byte): styles are set in
  the page from short codes, and a tooltip's long repeated phrases travel once per page.
* Provinces are drawn as anchor nodes that their hospitals hang on (dashed edges): with
  physics on, each province's hospitals gather around it, which is the grouping a reader sees.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from core.messages import message
from core.model import EDGE_TYPE_LABELS, NODE_TYPE_LABELS, EdgeType
from ui.frontdoor import MAX_EDGES

__all__ = ["STATIC_FOLDERS", "VIS_LIBRARY", "NetworkView", "assert_offline", "network_html",
           "placeholder_html", "view_from_data"]

Row = dict[str, Any]

COLOURS: dict[str, str] = {
    "supporter": "#2b6cb0",  # 支援医院
    "recipient": "#dd6b20",  # 受援医院
    "both": "#6b46c1",  # both roles in view
    "Province": "#2f855a",
    "County": "#68d391",
    "Prefecture": "#68d391",
    "other": "#718096",
}
FOCUS_BORDER = "#c53030"
LEAD_COLOUR = "#c53030"
SUPPORT_COLOUR = "#90a4c0"
TOOLTIP_INDENT = "  "  # a row's source and quote under it (TSV cells lose leading spaces, so here)

_REMOTE_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)

# The vis-network build pyvis ships (the version its template targets), served by the app.
VIS_LIBRARY = Path(str(resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")))
# The view's own styles and drawing code (ui/static/network.css, network.js).
VIEW_ASSETS = Path(__file__).resolve().parent / "static"
STATIC_FOLDERS = (VIS_LIBRARY, VIEW_ASSETS)  # served by the app as files, fetched once by the browser


def _library_tags() -> str:
    """<link>/<script> loading vis-network and the view's drawing code from the app's own server
    (both folders are ``STATIC_FOLDERS``, given to ``launch(allowed_paths=…)`` by ui/app.py)."""
    vis, ours = (f"/gradio_api/file={folder.as_posix()}" for folder in STATIC_FOLDERS)
    return (f'<link rel="stylesheet" href="{vis}/vis-network.css">'
            f'<link rel="stylesheet" href="{ours}/network.css">'
            f'<script src="{vis}/vis-network.min.js"></script>'
            f'<script src="{ours}/network.js"></script>')


@dataclass
class ViewNode:
    id: str
    name: str
    type: str
    province: str = ""
    place: str = ""  # prefecture · county, for the tooltip
    roles: set[str] = field(default_factory=set)
    focus: bool = False  # named in the answer: ringed
    centre: bool = False  # named in the question: drawn larger
    programs: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)


@dataclass
class ViewEdge:
    source: str
    target: str
    rows: list[Row]

    @property
    def lead(self) -> bool:
        return any(r["lead"] for r in self.rows)


@dataclass
class NetworkView:
    """What the view shows, independent of how it is drawn (tests read this)."""

    nodes: dict[str, ViewNode]
    edges: list[ViewEdge]
    truncated: bool = False
    doc_labels: dict[str, str] = field(default_factory=dict)  # corpus file -> "文号《标题》"
    located: list[tuple[str, str]] = field(default_factory=list)  # (hospital, asked place) pairs


def view_from_data(data: dict[str, Any]) -> NetworkView:
    """The drawing's view of the plain nodes/edges the front door gives (``Bangfu.network``)."""
    nodes = {
        n["id"]: ViewNode(n["id"], n["name"], n["type"], province=n["province"], place=n["place"],
                          roles=set(n["roles"]), focus=n["focus"], centre=n["centre"],
                          programs=set(n["programs"]), docs=set(n["docs"]))
        for n in data["nodes"]
    }
    edges = [ViewEdge(e["source"], e["target"], e["rows"]) for e in data["edges"]]
    located = [(h, p) for h, p in data["located"]]
    return NetworkView(nodes, edges, data["truncated"], dict(data["doc_labels"]), located)


# -- drawing ---------------------------------------------------------------------------------

def _role(node: ViewNode) -> str:
    if node.type != "Hospital":
        return node.type
    if {"supporter", "recipient"} <= node.roles:
        return "both"
    return next(iter(node.roles), "recipient" if node.focus else "supporter")


def role_labels() -> dict[str, str]:
    """A hospital's role in the view, as the legend and the tooltips name it."""
    return {"supporter": message("U400"), "recipient": message("U401"), "both": message("U402")}


def _as_is(text: str) -> str:
    return text


def _node_title(node: ViewNode, view: NetworkView, ref: Callable[[str], str] = _as_is) -> str:
    """The node's tooltip; ``ref`` may stand in for its long, repeated parts (:class:`_Phrases`)."""
    role, roles = _role(node), role_labels()
    kind = NODE_TYPE_LABELS.get(node.type, node.type)
    typed = message("U404", type=kind, role=roles[role]) if role in roles else message("U403", type=kind)
    lines = [ref(node.name), ref(typed)]
    if node.province or node.place:
        lines.append(ref(message("U405", place=" · ".join(x for x in (node.province, node.place) if x))))
    programs = sorted(p for p in node.programs if p)
    if programs:
        lines.append(message("U406", programs="；".join(ref(p) for p in programs)))
    for doc in sorted(d for d in node.docs if d):
        lines.append(message("U407", doc=ref(view.doc_labels.get(doc, doc))))
    return "\n".join(lines)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edge_title(edge: ViewEdge, view: NetworkView, ref: Callable[[str], str] = _as_is) -> str:
    """The edge's tooltip: who → whom, then each pairing's programme, document, place and quoted
    line; ``ref`` may stand in for the long, repeated parts (:class:`_Phrases`)."""
    source, target = ref(view.nodes[edge.source].name), ref(view.nodes[edge.target].name)
    lead, supports = message("U409"), EDGE_TYPE_LABELS[EdgeType.SUPPORTS]
    lines = [message("U408", source=source, target=target, lead=lead if edge.lead else "")]
    for row in edge.rows:
        program = ref(row["program"] or supports)
        lines.append(message("U410", program=program, lead=lead if row["lead"] else ""))
        doc = ref(view.doc_labels.get(row["doc"], row["doc"]))
        where = message("U411", doc=doc, where=row["where"] or "")
        lines.append(TOOLTIP_INDENT + where)
        if row.get("quote"):
            lines.append(TOOLTIP_INDENT + message("U412", quote=_short(row["quote"])))
    return "\n".join(lines)


def _legend(view: NetworkView) -> str:
    hospitals = sum(1 for n in view.nodes.values() if n.type == "Hospital")
    text = html.escape
    items = [f'<span><i style="background:{COLOURS[k]}"></i>{text(label)}</span>'
             for k, label in role_labels().items()]
    items.append(f'<span><i style="background:{COLOURS["Province"]}"></i>{text(message("U416"))}</span>')
    items.append(f'<span><i style="background:#fff;border:3px solid {FOCUS_BORDER}"></i>'
                 f'{text(message("U417"))}</span>')
    items.append(f"<span><b></b>{text(message('U418'))}</span>")
    shown = message("U420", n=MAX_EDGES) if view.truncated else ""
    note = message("U419", hospitals=hospitals, edges=len(view.edges), truncated=shown)
    items.append(f"<span>{text(message('U421', note=note))}</span>")
    return '<div class="bangfu-legend">' + "".join(items) + "</div>"


def _json(value: Any) -> str:
    """JSON for inside a <script>: UTF-8 (a Chinese name is 3 bytes, not a 6-byte escape), and
    no ``<`` that could close the script."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


class _Phrases:
    """Long strings repeated across tooltips (names, document labels, programmes), sent once per
    page: a tooltip carries ``\\x01n\\x02`` for the n-th, put back in the page
    (``bangfuDraw`` in ui/static/network.js). A large view repeated each document label once per pairing."""

    def __init__(self) -> None:
        self.table: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str) -> str:
        if len(text) < 8:  # a reference would not be shorter
            return text
        if text not in self._index:
            self._index[text] = len(self.table)
            self.table.append(text)
        return f"\x01{self._index[text]}\x02"


def _page(view: NetworkView) -> str:
    """The page drawn in the iframe: the library and the view's own drawing code linked from
    the app's server, the view's nodes and edges as compact data they style. Written directly
    (not through pyvis's template, which compiled a Jinja template on every answer: 100-200 ms
    each, the whole cost of an answer)."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    provinces: dict[str, str] = {}
    phrases = _Phrases()
    degree: dict[str, int] = defaultdict(int)
    for edge in view.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    for node in view.nodes.values():
        size = 26 if node.centre else 18 if node.focus else min(10 + 2 * degree[node.id], 16)
        record = {"id": node.id, "label": node.name, "title": _node_title(node, view, phrases.ref),
                  "size": size, "group": node.province or message("U413"), "r": _role(node)}
        record |= ({"f": 1} if node.focus else {}) | ({"c": 1} if node.centre else {})
        nodes.append(record)
        if node.province:
            provinces.setdefault(node.province, f"group:{node.province}")
    for province, anchor in provinces.items():
        members = sum(1 for n in view.nodes.values() if n.province == province)
        title = message("U414", province=province, n=members)
        nodes.append({"id": anchor, "label": province, "title": title, "shape": "box",
                      "font": {"color": "#ffffff", "size": 15}, "group": province, "mass": 3,
                      "color": COLOURS["Province"]})
    def located(name: str, place: str) -> str:
        return message("U415", name=phrases.ref(name), place=phrases.ref(place))

    edges += [{"from": node.id, "to": provinces[node.province], "k": "p",
               "title": located(node.name, node.province)} for node in view.nodes.values() if node.province]
    edges += [{"from": hospital, "to": place, "k": "l",
               "title": located(view.nodes[hospital].name, view.nodes[place].name)}
              for hospital, place in view.located]
    for edge in view.edges:
        edges.append({"from": edge.source, "to": edge.target, "title": _edge_title(edge, view, phrases.ref),
                      **({"l": 1} if edge.lead else {})})
    style = {"colours": COLOURS, "focus": FOCUS_BORDER, "lead": LEAD_COLOUR, "support": SUPPORT_COLOUR,
             "leadLabel": message("U350"), "phrases": phrases.table}
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"{_library_tags()}</head>"
        f'<body>{_legend(view)}<div class="card"><div id="mynetwork"></div></div>'
        f"<script>bangfuDraw({_json(nodes)}, {_json(edges)}, {_json(style)});</script></body></html>"
    )
    assert_offline(page)
    return page


def assert_offline(page: str) -> None:
    """Fail loudly if a page would fetch a script or stylesheet from another host."""
    found = _REMOTE_TAG.search(page)
    if found:
        raise RuntimeError(f"network page links a remote resource: {found.group(0)[:120]}")


def _frame(page: str, height: int) -> str:
    return (
        f'<iframe class="bangfu-network" title="{html.escape(message("U012"))}" sandbox="allow-scripts" '
        f'style="width:100%;height:{height}px;border:1px solid #e2e8f0;border-radius:8px;background:#fff" '
        f"srcdoc='{_single_quoted(page)}'></iframe>"
    )


def _single_quoted(text: str) -> str:
    """``text`` as the value of a single-quoted attribute. Only ``&`` and ``'`` must be escaped
    there, so the many double quotes of the page's JSON travel as they are: escaped as
    ``&quot;`` (6 bytes each) they were a third of a large answer. ``<`` is escaped too (a few
    tags), so the outer HTML holds no ``<script`` for Gradio to warn about."""
    return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")


def placeholder_html(text: str | None = None, height: int = 560) -> str:
    """The box shown where no network can be drawn (``text`` defaults to the hint before a question)."""
    text = text if text is not None else message("U424")
    return (
        f'<div class="bangfu-network-empty" style="height:{height}px;display:flex;align-items:center;'
        f'justify-content:center;border:1px dashed #cbd5e0;border-radius:8px;color:#718096;'
        f'padding:16px;text-align:center">{html.escape(text)}</div>'
    )


def network_html(data: dict[str, Any] | None, *, height: int = 560) -> str:
    """The HTML for a view's data (an iframe), or a placeholder when there is nothing to draw."""
    if data is None:
        return placeholder_html(height=height)
    view = view_from_data(data)
    if not view.edges:
        return placeholder_html(message("U425"), height=height)
    return _frame(_page(view), height)
