// The network view's drawing (ui/network.py), loaded once by the browser: each answer's page
// sends only its legend, its compact nodes and edges, and the settings below as `s` (colours,
// the lead label, the long phrases its tooltips share), then calls bangfuDraw.
//
// Node records: r role (supporter, recipient, both; none for a province anchor, drawn as
// written), f focus (asked about), c centre. Edge records: k "p" a hospital in its province,
// "l" in the place asked about (dashed, no arrow); l a lead pairing. Tooltips carry \u0001n\u0002
// for the n-th shared phrase.
function bangfuDraw(nodes, edges, s) {
  var expand = function (t) {
    return t.replace(/\u0001(\d+)\u0002/g, function (m, i) { return s.phrases[+i]; });
  };
  nodes.forEach(function (n) {
    n.title = expand(n.title);
    if (!n.r) return;
    var c = s.colours[n.r] || s.colours.other, ring = n.f ? s.focus : c;
    n.shape = "dot"; n.borderWidth = n.f ? 4 : 1; n.font = {size: n.c ? 16 : n.f ? 14 : 12, bold: !!n.c};
    n.color = {background: c, border: ring, highlight: {background: c, border: "#1a202c"},
               hover: {background: c, border: "#1a202c"}};
  });
  edges.forEach(function (e) {
    e.title = expand(e.title);
    if (e.k) {
      e.dashes = true; e.arrows = {to: {enabled: false}};
      e.color = e.k === "p" ? "#cbd5e0" : "#9ae6b4"; e.width = e.k === "p" ? 1 : 1.5;
      if (e.k === "p") e.length = 140;
      return;
    }
    e.arrows = "to"; e.color = e.l ? s.lead : s.support; e.width = e.l ? 4 : 1.5;
    if (e.l) e.label = s.leadLabel;
  });
  var options = {
    physics: {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4},
      stabilization: {enabled: true, iterations: 250, fit: true}
    },
    interaction: {hover: true, tooltipDelay: 120, dragNodes: true, zoomView: true, dragView: true,
                  navigationButtons: false},
    nodes: {font: {size: 14, face: "Noto Sans CJK SC, sans-serif"}, borderWidth: 1},
    edges: {smooth: {enabled: true, type: "dynamic"},
            font: {size: 13, color: s.lead, strokeWidth: 3, align: "middle"}}
  };
  var data = {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)};
  window.network = new vis.Network(document.getElementById("mynetwork"), data, options);
}
