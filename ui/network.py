"""The network view beside the chat: who supports whom around the entities of the last answer.

Why these choices:

* What to draw comes from the front door (``Bangfu.network``: plain nodes and edges chosen by
  query/network_view.py through the store contract), so the view is the same whether the app
  answers from the embedded graph or from Neo4j, and ui/ never touches networkx.
* vis-network ships inside the pyvis wheel (:data:`VIS_LIBRARY`); the app serves that folder
  as a static asset (``launch(allowed_paths=…)``), and each answer's page links it by a local
  URL instead of inlining it. Inlined, every answer carried the 788 KB library: 50 concurrent
  askers waited seconds for bytes they already had. Now an answer sends only its nodes and
  edges (a small page written here, :func:`_page`), and the browser fetches the library once.
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

__all__ = ["VIS_LIBRARY", "NetworkView", "assert_offline", "network_html", "placeholder_html",
           "view_from_data"]

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


def _library_tags() -> str:
    """<link>/<script> loading vis-network from the app's own server (see ``ui.app.launch``)."""
    base = f"/gradio_api/file={VIS_LIBRARY.as_posix()}"
    return (f'<link rel="stylesheet" href="{base}/vis-network.css">'
            f'<script src="{base}/vis-network.min.js"></script>')


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


_OPTIONS: dict[str, Any] = {
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 250, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "dragNodes": True, "zoomView": True,
                    "dragView": True, "navigationButtons": False},
    "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"}, "borderWidth": 1},
    "edges": {"smooth": {"enabled": True, "type": "dynamic"},
              "font": {"size": 13, "color": LEAD_COLOUR, "strokeWidth": 3, "align": "middle"}},
}

_EXTRA_CSS = """
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden;
             font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
body { display: flex; flex-direction: column; }  /* legend on top, the network fills the rest */
body > .card { flex: 1 1 auto; min-height: 0; }
#mynetwork { width: 100%; height: 100%; position: relative; }
div.vis-tooltip { white-space: pre-line !important; max-width: 440px; font-size: 13px; line-height: 1.5; }
.bangfu-legend { font-size: 12px; color: #2d3748; padding: 6px 8px; border-bottom: 1px solid #e2e8f0;
                 display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
.bangfu-legend i { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
                   margin-right: 4px; vertical-align: -1px; }
.bangfu-legend b { display: inline-block; width: 22px; height: 4px; background: #c53030;
                   margin-right: 4px; vertical-align: 3px; }
"""


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


# Applied in the page to the compact node and edge records of :func:`_page` (one copy per page
# instead of one per node or edge): colour by role, ring and font by focus/centre, arrows and
# width by lead, and the tooltips' repeated phrases put back (:class:`_Phrases`).
_STYLE_SCRIPT = """
function bangfuStyle(nodes, edges, s) {
  var expand = function (t) {
    return t.replace(/\\u0001(\\d+)\\u0002/g, function (m, i) { return s.phrases[+i]; });
  };
  nodes.forEach(function (n) {
    n.title = expand(n.title);
    if (!n.r) return;  // a province anchor, drawn as written
    var c = s.colours[n.r] || s.colours.other, ring = n.f ? s.focus : c;
    n.shape = "dot"; n.borderWidth = n.f ? 4 : 1; n.font = {size: n.c ? 16 : n.f ? 14 : 12, bold: !!n.c};
    n.color = {background: c, border: ring, highlight: {background: c, border: "#1a202c"},
               hover: {background: c, border: "#1a202c"}};
  });
  edges.forEach(function (e) {
    e.title = expand(e.title);
    if (e.k) {  // a hospital in its province (p) or in the place asked about (l)
      e.dashes = true; e.arrows = s.noArrow;
      e.color = e.k === "p" ? "#cbd5e0" : "#9ae6b4"; e.width = e.k === "p" ? 1 : 1.5;
      if (e.k === "p") e.length = 140;
      return;
    }
    e.arrows = "to"; e.color = e.l ? s.lead : s.support; e.width = e.l ? 4 : 1.5;
    if (e.l) e.label = s.leadLabel;
  });
}
"""


class _Phrases:
    """Long strings repeated across tooltips (names, document labels, programmes), sent once per
    page: a tooltip carries ``\\x01n\\x02`` for the n-th, put back in the page
    (:data:`_STYLE_SCRIPT`). A large view repeated each document label once per pairing."""

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
    """The page drawn in the iframe: the library linked from the app's server, the view's
    nodes and edges as compact data styled in the page (:data:`_STYLE_SCRIPT`). Written directly
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
             "noArrow": {"to": {"enabled": False}}, "leadLabel": message("U350"), "phrases": phrases.table}
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"{_library_tags()}<style>{_EXTRA_CSS}</style></head>"
        f'<body>{_legend(view)}<div class="card"><div id="mynetwork"></div></div>'
        f"<script>{_STYLE_SCRIPT}var nodes = {_json(nodes)}, edges = {_json(edges)};"
        f"bangfuStyle(nodes, edges, {_json(style)});"
        "nodes = new vis.DataSet(nodes); edges = new vis.DataSet(edges);"
        'var network = new vis.Network(document.getElementById("mynetwork"),'
        f" {{nodes: nodes, edges: edges}}, {_json(_OPTIONS)});</script></body></html>"
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
