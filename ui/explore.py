"""The explore tab's data: the pairing table, its summary, hubs, cross-province counts, the chart.

Why here and not in the layout: these are functions of the front door's records to pandas frames,
testable without a server. Frames are built on the field names of ``graph.contract.Support`` and
get their Chinese headers (U1xx templates) last, so no code depends on a header's wording.
"""

from __future__ import annotations

import pandas as pd

from core.messages import message
from ui.frontdoor import Bangfu, SupportFilter
from ui.render import TABLE_FIELDS, column_labels

__all__ = ["all_label", "choices", "documents_frame", "explore_tables", "filters", "pairings",
           "unique_labels"]


def all_label() -> str:
    """全部: the dropdown value that filters nothing."""
    return message("U100")


def filters(province: str, doc: str, program: str, lead_only: bool) -> SupportFilter:
    """The explore dropdowns as the store's filter (全部 means any)."""
    everything = all_label()

    def chosen(value: str) -> str | None:
        return value if value and value != everything else None
    return SupportFilter(chosen(province), chosen(doc), chosen(program), bool(lead_only))


def _raw_pairings(door: Bangfu, chosen: SupportFilter) -> pd.DataFrame:
    """The pairings as a frame on :data:`TABLE_FIELDS` (``lead`` a bool, missing values "")."""
    labels = {d.file: d.label for d in door.documents() if d.file}
    rows = [{**{k: getattr(s, k) for k in TABLE_FIELDS if k != "doc_label"},
             "doc_label": labels.get(s.doc or "", s.doc)} for s in door.explore(chosen)]
    frame = pd.DataFrame(rows, columns=list(TABLE_FIELDS)).fillna("")
    frame["lead"] = frame["lead"].astype(bool)
    return frame.reset_index(drop=True)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    yes = message("U120")
    marked = frame.assign(lead=frame["lead"].map(lambda lead: yes if lead else ""))
    return marked.rename(columns=column_labels())


def pairings(door: Bangfu, chosen: SupportFilter) -> pd.DataFrame:
    """The pairing table as shown and downloaded: Chinese headers, 是 for a lead."""
    return _shown(_raw_pairings(door, chosen))


def unique_labels(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, value) pairs whose labels a person can tell apart: a label shared by several
    documents (two notices with the same title) gets the file name after it."""
    seen: dict[str, int] = {}
    for label, _ in options:
        seen[label] = seen.get(label, 0) + 1
    return [(message("U101", label=label, file=value) if seen[label] > 1 else label, value)
            for label, value in options]


def choices(door: Bangfu) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Provinces, (label, file) documents and programmes to filter by, each after 全部."""
    provinces, docs, programs = door.filter_choices()
    everything = all_label()
    return [everything, *provinces], [(everything, everything), *unique_labels(docs)], [everything, *programs]


def documents_frame(door: Bangfu) -> pd.DataFrame:
    """The corpus's documents: file, 文号, title, year."""
    columns = [message("U117"), message("U211"), message("U212"), message("U213")]
    return pd.DataFrame([[d.file, d.number or "", d.title or "", d.year or ""] for d in door.documents()],
                        columns=columns)


def _summary(frame: pd.DataFrame) -> str:
    pairs = frame.drop_duplicates(["supporter", "recipient"])
    return message("U127", rows=len(frame), pairs=len(pairs), supporters=pairs["supporter"].nunique(),
                   recipients=pairs["recipient"].nunique(), leads=int(frame["lead"].sum()))


def _hubs(door: Bangfu, chosen: SupportFilter) -> pd.DataFrame:
    roles = {"supporter": message("U132"), "recipient": message("U133")}
    return pd.DataFrame(
        [[h.name, roles[h.role], h.province or "", h.degree] for h in door.hubs(15, chosen)],
        columns=[message("U128"), message("U129"), message("U130"), message("U131")],
    )


def _cross(door: Bangfu, chosen: SupportFilter) -> pd.DataFrame:
    unknown, supporter, recipient = message("U134"), message("U111"), message("U113")
    flows = pd.DataFrame(
        [[f.supporter_province or unknown, f.recipient_province or unknown, f.pairs]
         for f in door.cross_province_flows(chosen)],
        columns=[supporter, recipient, "pairs"],
    )
    cross = flows.pivot_table(index=supporter, columns=recipient, values="pairs", aggfunc="sum", fill_value=0)
    cross = cross.reset_index().rename(columns={supporter: message("U136", row=supporter, column=recipient)})
    cross.columns.name = None
    return cross


def _chart(frame: pd.DataFrame) -> pd.DataFrame:
    province, count = message("U111"), message("U125")
    chart = frame.assign(province=frame["supporter_province"].replace("", message("U134")))
    chart = chart.groupby("province").size().rename(count).reset_index()
    chart = chart.rename(columns={"province": province})
    return chart.sort_values(count, ascending=False)


Frame = pd.DataFrame


def explore_tables(door: Bangfu, chosen: SupportFilter) -> tuple[Frame, str, Frame, Frame, Frame]:
    """The table, its summary line, top hubs and cross-province counts (asked of the store), and
    the chart's data: the explore tab's outputs, in the layout's order."""
    frame = _raw_pairings(door, chosen)
    shown = _shown(frame)
    if frame.empty:
        chart = pd.DataFrame(columns=[message("U111"), message("U125")])
        return shown, message("U126"), pd.DataFrame(), pd.DataFrame(), chart
    return shown, _summary(frame), _hubs(door, chosen), _cross(door, chosen), _chart(frame)
