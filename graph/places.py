"""Where each hospital is: county, prefecture and province nodes with LOCATED_IN edges.

Recipients sit in the county their table row names; a prefecture hospital named only in
prose sits in the county where the same document lists that prefecture's hospitals; other
hospitals where their name says (昆明市延安医院 → 昆明市). Places come from the gazetteer,
and each place hangs on its parents with the gazetteer as the cited source.
"""

from __future__ import annotations

from core.messages import message
from core.model import EdgeType, Evidence, NodeType, node_id
from core.records import Problem
from extract.places import Gazetteer, Place
from graph.writer import GraphWriter


class PlaceLinker:
    def __init__(
        self,
        writer: GraphWriter,
        gazetteer: Gazetteer,
        province_of_doc: dict[str, str | None],
        problems: list[Problem],
    ) -> None:
        self.w = writer
        self.gaz = gazetteer
        self.province_of_doc = province_of_doc
        self.problems = problems

    def _place_node(self, place: Place, evidence: Evidence | None = None) -> str:
        """The node of a place and its parents (county -> prefecture -> province)."""
        level_type = {
            "province": NodeType.PROVINCE,
            "prefecture": NodeType.PREFECTURE,
            "county": NodeType.COUNTY,
        }
        node_type = level_type[place.level]
        nid = node_id(node_type, place.admin_code or place.name)
        self.w.node(
            nid,
            node_type,
            place.name,
            evidence,
            admin_code=place.admin_code,
            province=place.province,
            prefecture=place.prefecture,
        )
        if place.printed and place.printed != place.name and evidence is not None:
            self.w.alias(nid, place.printed, evidence.doc, evidence.where)
        parent = self._parent(place)
        if parent is not None:
            parent_id = self._place_node(parent)
            quote = message("P833", place=place.name, parent=parent.name)
            evidence = Evidence(message("P831"), message("P832"), quote)
            self.w.located_in(nid, parent_id, evidence)
        return nid

    def _parent(self, place: Place) -> Place | None:
        if place.level == "county" and place.prefecture:
            return self.gaz.resolve(place.prefecture, level="prefecture", province_hint=place.province)
        if place.level in ("county", "prefecture") and place.province:
            return self.gaz.resolve(place.province, level="province")
        return None

    def locate_hospitals(self) -> None:
        """Recipients sit in the county their row names; others where their name says."""
        g = self.w.g
        county_of: dict[str, tuple[str, Evidence, str]] = {}  # hospital id -> (printed county, evidence, doc)
        prefecture_county: dict[tuple[str, str], str] = {}  # (doc, prefecture) -> printed county
        for _source, target, data in g.edges(data=True):
            if data["type"] != EdgeType.SUPPORTS or not data.get("county"):
                continue
            evidence = Evidence(data["doc"], data["where"], data["quote"])
            county_of.setdefault(target, (data["county"], evidence, data["doc"]))
        for nid, data in g.nodes(data=True):
            if data["type"] == NodeType.HOSPITAL and data.get("printed_county") and nid not in county_of:
                ev = data["orphan_in"][0]
                county_of[nid] = (
                    data["printed_county"],
                    Evidence(ev["doc"], ev["where"], ev["quote"]),
                    ev["doc"],
                )
        for nid, (_, _, doc) in county_of.items():
            located = self.gaz.locate(g.nodes[nid]["name"], province_hint=self.province_of_doc.get(doc))
            if located is not None and located.level == "prefecture":
                prefecture_county.setdefault((doc, located.name), county_of[nid][0])
        for nid, data in list(g.nodes(data=True)):
            if data["type"] != NodeType.HOSPITAL:
                continue
            if nid in county_of:
                printed, evidence, doc = county_of[nid]
                self._locate_in_county(nid, printed, evidence, doc)
                continue
            docs = [e["doc"] for e in data["evidence"]]
            hint = next((self.province_of_doc.get(d) for d in docs if self.province_of_doc.get(d)), None)
            place = self.gaz.locate(data["name"], province_hint=hint)
            if place is None:
                continue
            ev = data["evidence"][0] if data["evidence"] else {"doc": "", "where": "", "quote": ""}
            evidence = Evidence(ev["doc"], ev["where"], ev["quote"])
            inferred = prefecture_county.get((ev["doc"], place.name)) if place.level == "prefecture" else None
            if inferred:
                self._locate_in_county(nid, inferred, evidence, ev["doc"], inferred_from_prefecture=True)
                continue
            quote = message("P835", name=data["name"], place=place.printed or place.name)
            self._link_place(nid, place, Evidence(ev["doc"], message("P834"), quote))

    def _locate_in_county(
        self, nid: str, printed: str, evidence: Evidence, doc: str, inferred_from_prefecture: bool = False
    ) -> None:
        place = self.gaz.resolve(printed, level="county", province_hint=self.province_of_doc.get(doc))
        g = self.w.g
        if place is None:
            self.problems.append(
                Problem(
                    doc,
                    evidence.where,
                    "unresolved_place",
                    message("P836", county=printed),
                    evidence.quote,
                )
            )
            cid = self.w.node(node_id(NodeType.COUNTY, printed), NodeType.COUNTY, printed, evidence)
            self.w.located_in(nid, cid, evidence)
            g.nodes[nid]["county"] = printed
            return
        place = Place(
            place.level, place.name, place.admin_code, place.province, place.prefecture, place.county, printed
        )
        if inferred_from_prefecture:
            evidence = Evidence(evidence.doc, evidence.where, message("P837", quote=evidence.quote))
            for _, _, data in g.in_edges(nid, data=True):
                if data["type"] == EdgeType.SUPPORTS and not data.get("county"):
                    data["county"] = printed
        self._link_place(nid, place, evidence)

    def _link_place(self, nid: str, place: Place, evidence: Evidence) -> None:
        place_id = self._place_node(place, evidence)
        g = self.w.g
        self.w.located_in(nid, place_id, evidence)
        data = g.nodes[nid]
        data["province"] = (
            data.get("province") or place.province or (place.name if place.level == "province" else None)
        )
        if place.level in ("county", "prefecture"):
            data["prefecture"] = data.get("prefecture") or (
                place.prefecture if place.level == "county" else place.name
            )
        if place.level == "county":
            data["county"] = place.name
