"""The Gradio app: chat with evidence and a network view, explore, export, and document upload.

Why it is shaped this way:

* Thin: every answer, table, hub list, flow count, network and file comes from the front door
  (:class:`ui.frontdoor.Bangfu`), the app never holds a graph or a driver. This module only
  lays out components and turns results into Chinese Markdown.
* One server-wide :class:`~ui.frontdoor.Bangfu`. An upload or a rebuild swaps its store in
  place under its lock, so every open browser tab answers from the new graph at once,
  without a restart.
* Errors reach users through :func:`explain` only: a :class:`~core.errors.BangfuError` is
  already a Chinese sentence; anything else is logged and shown as an internal error.
* Offline: analytics off, no remote fonts, the network library served by this app as a static
  file, loaded once by the browser (see ui/network.py); an answer sends only its nodes and edges.
* Uploads: only files that arrived through the browser (ui/uploads.py), at most
  :data:`MAX_UPLOAD` (what builds in about a minute, bench/bench_scale.py), read and extracted
  before the corpus lock is taken; the lock covers only the merge.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

import functools
import logging
import re
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from ui.cli import PROBLEM_LABELS
from ui.downloads import download_root, export_file, remove_downloads_on_sigterm, write_table
from ui.frontdoor import (
    FORMATS,
    NODE_TYPE_LABELS,
    SUPPORTED_SUFFIXES,
    Answer,
    Bangfu,
    BangfuError,
    IngestReport,
    Status,
    Summary,
    SupportFilter,
)
from ui.network import VIS_LIBRARY, network_html, placeholder_html
from ui.uploads import accepted_upload, original_name

__all__ = ["build_app", "explain", "launch", "unique_labels", "upload_document"]

log = logging.getLogger(__name__)
ALL = "全部"
EDGE_LABELS = {"SUPPORTS": "帮扶关系", "LOCATED_IN": "所在地", "DISPATCHED_TO": "派驻", "MEMBER_OF": "所属",
               "CITES": "引用", "CONTAINS": "转发", "ESTABLISHES": "设立项目", "REQUIRES": "工作要求",
               "RECOMMENDS": "帮扶措施", "SEE_ALSO": "另见"}
TABLE_COLUMNS = {"supporter": "支援医院", "supporter_province": "支援方省份", "recipient": "受援医院",
                 "recipient_province": "受援方省份", "lead": "牵头", "program": "帮扶项目",
                 "county": "受援县", "doc_label": "文件", "where": "位置", "quote": "原文"}
MAX_CHAT_ITEMS, MAX_CHAT_EVIDENCE, MAX_PANEL_EVIDENCE = 60, 4, 80
THEME = gr.themes.Soft(font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"],
                       font_mono=["ui-monospace", "Consolas", "monospace"])
MAX_UPLOAD = "10mb"  # a 10 MB document builds in about a minute (bench/bench_scale.py)
CSS = ".bangfu-title h1 {margin-bottom: 0} .bangfu-evidence blockquote {color: #4a5568}"


def explain(err: BaseException) -> str:
    """The one place an exception becomes what a user reads."""
    if isinstance(err, BangfuError):
        return str(err)
    log.exception("unexpected error in the app", exc_info=err)
    return "系统内部错误，请稍后重试或联系维护人员。"


def _md(text: Any) -> str:
    """Text from documents shown as Markdown literally (a name with * or _ stays a name)."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", "" if text is None else str(text))


# -- chat ------------------------------------------------------------------------------------

def _evidence_lines(ev: Any) -> str:
    head = " ".join(x for x in (ev.doc_number, f"《{ev.doc_title}》" if ev.doc_title else "") if x) or ev.doc
    return f"**{_md(head)}** · {_md(ev.where)}（{_md(ev.doc)}）\n> {_md(ev.quote)}"


def render_answer(answer: Answer) -> str:
    """The assistant's chat message: the sentence, the items, and the first pieces of evidence."""
    parts = [f"**{_md(answer.text)}**"]
    if answer.status == Status.CLARIFY and answer.candidates:
        parts.append("请点击下方按钮选择，将按全称重新提问。")
    group = None
    lines: list[str] = []
    for item in answer.items[:MAX_CHAT_ITEMS]:
        if item.group and item.group != group:
            group = item.group
            lines.append(f"\n*{_md(group)}*")
        lead = " **（牵头）**" if item.lead and "牵头" not in item.detail else ""
        detail = f" — {_md(item.detail)}" if item.detail else ""
        lines.append(f"- {_md(item.name)}{lead}{detail}")
    if len(answer.items) > MAX_CHAT_ITEMS:
        lines.append(f"- ……共 {len(answer.items)} 项，完整列表请到“数据探索”查看")
    if lines:
        parts.append("\n".join(lines))
    if answer.suggestions:
        parts.append("您可以试试：" + "；".join(_md(s) for s in answer.suggestions[:8]))
    evidence = answer.evidence
    if evidence:
        shown = "\n\n".join(_evidence_lines(ev) for ev in evidence[:MAX_CHAT_EVIDENCE])
        more = (f"\n\n（共 {len(evidence)} 条依据，全部列在下方“依据”中）"
                if len(evidence) > MAX_CHAT_EVIDENCE else "")
        parts.append(f"依据：\n\n{shown}{more}")
    return "\n\n".join(parts)


def render_evidence(answer: Answer) -> str:
    evidence = answer.evidence
    if not evidence:
        return "### 依据\n本回答没有可引用的原文。" if answer.status == Status.OK else ""
    lines = [f"### 依据（{len(evidence)} 条）"]
    lines += [f"{i}. {_evidence_lines(ev)}" for i, ev in enumerate(evidence[:MAX_PANEL_EVIDENCE], 1)]
    if len(evidence) > MAX_PANEL_EVIDENCE:
        lines.append(f"……其余 {len(evidence) - MAX_PANEL_EVIDENCE} 条略。")
    return "\n\n".join(lines)


def _plain(message: dict) -> str:
    """A chat message's text: a string here, a list of parts once it has been to the browser."""
    content = message.get("content")
    parts = [content] if isinstance(content, str | dict) else list(content or [])
    return "".join(p if isinstance(p, str) else p.get("text", "") for p in parts)


def requestion(question: str, name: str) -> str:
    """The question with the chosen full name put where the short, ambiguous form was."""
    if name in question:
        return question
    matcher = SequenceMatcher(None, question, name, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
    clusters: list[list[Any]] = []
    for block in blocks:  # neighbouring matches (泸水|人民医院 in 泸水市人民医院) form one span
        if clusters and block.a - (clusters[-1][-1].a + clusters[-1][-1].size) <= 2:
            clusters[-1].append(block)
        else:
            clusters.append([block])
    if not clusters:
        return f"{name}：{question}"
    best = max(clusters, key=lambda c: sum(b.size for b in c))
    start, end = best[0].a, best[-1].a + best[-1].size
    return question[:start] + name + question[end:]


# -- explore ---------------------------------------------------------------------------------

def _filters(province: str, doc: str, program: str, lead_only: bool) -> SupportFilter:
    """The explore dropdowns as the store's filter (全部 means any)."""
    def chosen(value: str) -> str | None:
        return value if value and value != ALL else None
    return SupportFilter(chosen(province), chosen(doc), chosen(program), bool(lead_only))


def _pairings(door: Bangfu, filters: SupportFilter) -> pd.DataFrame:
    labels = {d.file: d.label for d in door.documents() if d.file}
    rows = [{**{k: getattr(s, k) for k in TABLE_COLUMNS if k != "doc_label"},
             "doc_label": labels.get(s.doc or "", s.doc)} for s in door.explore(filters)]
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    frame = frame.rename(columns=TABLE_COLUMNS).fillna("")
    frame["牵头"] = frame["牵头"].map(lambda x: "是" if x else "")
    return frame.reset_index(drop=True)


def unique_labels(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, value) pairs whose labels a person can tell apart: a label shared by several
    documents (two notices with the same title) gets the file name after it."""
    seen: dict[str, int] = {}
    for label, _ in choices:
        seen[label] = seen.get(label, 0) + 1
    return [(f"{label}（{value}）" if seen[label] > 1 else label, value) for label, value in choices]


def _choices(door: Bangfu) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    provinces, docs, programs = door.filter_choices()
    return [ALL, *provinces], [(ALL, ALL), *unique_labels(docs)], [ALL, *programs]


ROLE_NAMES = {"supporter": "支援", "recipient": "受援"}
UNKNOWN = "未知"


def explore_tables(door: Bangfu, filters: SupportFilter, frame: pd.DataFrame
                   ) -> tuple[str, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Counts, top hubs and cross-province counts (asked of the store), and the chart data."""
    if frame.empty:
        chart = pd.DataFrame(columns=["支援方省份", "结对数"])
        return "没有符合条件的帮扶关系。", pd.DataFrame(), pd.DataFrame(), chart
    pairs = frame.drop_duplicates(["支援医院", "受援医院"])
    leads = int((frame["牵头"] == "是").sum())
    summary = (f"共 **{len(frame)}** 条帮扶关系（{len(pairs)} 对医院），"
               f"支援医院 {pairs['支援医院'].nunique()} 家，受援医院 {pairs['受援医院'].nunique()} 家，"
               f"其中牵头 {leads} 条。")
    hubs = pd.DataFrame(
        [[h.name, ROLE_NAMES[h.role], h.province or "", h.degree] for h in door.hubs(15, filters)],
        columns=["医院", "角色", "省份", "度数"],
    )
    flows = pd.DataFrame(
        [[f.supporter_province or UNKNOWN, f.recipient_province or UNKNOWN, f.pairs]
         for f in door.cross_province_flows(filters)],
        columns=["支援方省份", "受援方省份", "对"],
    )
    cross = flows.pivot_table(index="支援方省份", columns="受援方省份", values="对", aggfunc="sum",
                              fill_value=0)
    cross = cross.reset_index().rename(columns={"支援方省份": "支援方省份 \\ 受援方省份"})
    cross.columns.name = None
    chart = frame.assign(支援方省份=frame["支援方省份"].replace("", UNKNOWN)).groupby("支援方省份").size()
    chart = chart.rename("结对数").reset_index().sort_values("结对数", ascending=False)
    return summary, hubs, cross, chart


def _counts(delta: dict[str, int], labels: dict[str, str]) -> str:
    return "，".join(f"{labels.get(k, k)} {v:+d}" for k, v in delta.items()) or "无"


def render_report(report: IngestReport, note: str = "") -> str:
    title = f"《{_md(report.title)}》" if report.title else _md(report.file)
    if report.already_present:
        return f"### 文件已在语料中\n{title}（{_md(report.file)}）与已收录的文件完全相同，图谱未改变。"
    lines = [f"### 已添加 {title}" + (f"（{_md(report.number)}）" if report.number else ""),
             f"文件已保存到语料目录：`{report.file}`，图谱已重新构建，问答与网络图已使用新图谱。",
             f"- 新增节点：{_counts(report.nodes_added, NODE_TYPE_LABELS)}",
             f"- 新增关系：{_counts(report.edges_added, EDGE_LABELS)}"]
    if report.new_hospitals:
        names = "、".join(map(_md, report.new_hospitals))
        lines.append(f"- 新出现的医院（{len(report.new_hospitals)} 家）：{names}")
    lines += [f"\n> {note}"] if note else []
    lines.append(f"\n#### 新增帮扶关系（{len(report.pairings)} 条）")
    if report.pairings:
        lines += ["| 支援医院 | 受援医院 | 牵头 | 帮扶项目 | 位置 |", "|---|---|---|---|---|"]
        lines += [f"| {_md(p.supporter)} | {_md(p.recipient)} | {'是' if p.lead else ''} | {_md(p.program)} "
                  f"| {_md(p.where)} |" for p in report.pairings]
    else:
        lines.append("未从该文件中发现新的帮扶关系。")
    lines.append(f"\n#### 警告（{len(report.problems)} 条）" + ("" if report.problems else "\n无。"))
    lines += [f"- [{PROBLEM_LABELS.get(p.kind, p.kind)}] {_md(p.where)}：{_md(p.message)}"
              for p in report.problems]
    return "\n".join(lines)


def _as_gradio_error(fn: Callable[..., Any]) -> Callable[..., Any]:
    """For handlers whose output is a file or a table: a failure shows as an error toast."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as err:
            raise gr.Error(explain(err)) from err
    return run


def _tqdm(progress: Any, desc: str, unit: str = "份") -> Callable[[Iterable[Path]], Iterable[Path]]:
    return lambda items: progress.tqdm(list(items), desc=desc, unit=unit)


def _documents_frame(door: Bangfu) -> pd.DataFrame:
    columns = ["文件", "文号", "标题", "年份"]
    return pd.DataFrame([[d.file, d.number or "", d.title or "", d.year or ""] for d in door.documents()],
                        columns=columns)


# -- the app ---------------------------------------------------------------------------------

def _summary_text(summary: Summary, note: str) -> str:
    counts = {k: _counts(v, NODE_TYPE_LABELS | EDGE_LABELS)
              for k, v in (("nodes", summary.nodes), ("edges", summary.edges))}
    return (f"### 图谱已重新构建\n{len(summary.documents)} 份文件；节点：{counts['nodes']}；关系："
            f"{counts['edges']}；警告 {len(summary.problems)} 条。" + (f"\n\n> {note}" if note else ""))


def upload_document(door: Bangfu, file: str | None, progress: Callable[..., Any]) -> str:
    """The upload button: refuse what did not come through the browser, then add the document;
    the report (or the reason for refusing, in Chinese) as Markdown."""
    if not file:
        return f"请先选择要上传的文件（{'、'.join(SUPPORTED_SUFFIXES)}）。"
    progress(0.05, desc="正在读取并检查文件")
    try:
        path = accepted_upload(file, extra_roots=[download_root()])
        report, note = door.add_document(path, name=original_name(path),
                                         progress=_tqdm(progress, "正在重新构建图谱"),
                                         ocr_progress=_tqdm(progress, "正在识别扫描件", unit="页"))
    except Exception as err:
        message = explain(err)
        gr.Warning(message)
        return f"### 上传失败\n{_md(message)}\n\n语料与图谱均未改变。"
    return render_report(report, note)


def build_app(door: Bangfu) -> gr.Blocks:
    """The whole app over the front door ``door`` (a corpus folder or a Bolt server)."""
    door.warm_up()  # the name index now, so the first question is fast
    provinces, docs, programs = _choices(door)

    def ask(question: str, history: list[dict] | None) -> tuple[list[dict], Any, Any]:
        history, question = list(history or []), (question or "").strip()
        if not question:
            gr.Warning("请输入问题。")
            return history, gr.skip(), gr.skip()
        history.append({"role": "user", "content": question})
        try:
            answer = door.ask(question)
            net = network_html(door.network(answer))
        except Exception as err:
            history.append({"role": "assistant", "content": f"抱歉，未能回答：{_md(explain(err))}"})
            return history, "", placeholder_html()
        message: dict[str, Any] = {"role": "assistant", "content": render_answer(answer)}
        if answer.status == Status.CLARIFY:  # the candidates become buttons under the message
            message["options"] = [{"value": c.name, "label": c.name + (f"（{c.detail}）" if c.detail else "")}
                                  for c in answer.candidates]
        history.append(message)
        return history, render_evidence(answer), net

    def choose(name: str, history: list[dict] | None) -> tuple[list[dict], Any, Any]:
        """Re-ask the last question with the candidate the user picked, by its full name."""
        asked = [_plain(m) for m in history or [] if m.get("role") == "user"]
        return ask(requestion(asked[-1] if asked else "", name), history)

    def on_option(history: list[dict] | None, event: gr.SelectData) -> tuple[list[dict], Any, Any]:
        return choose(str(event.value), history)

    @_as_gradio_error
    def explore(province: str, doc: str, program: str, lead_only: bool) -> tuple[Any, ...]:
        filters = _filters(province, doc, program, lead_only)
        frame = _pairings(door, filters)
        return (frame, *explore_tables(door, filters, frame))

    def download(fmt: str) -> Callable[..., str]:
        return _as_gradio_error(lambda *chosen: write_table(_pairings(door, _filters(*chosen)), fmt))

    @_as_gradio_error
    def export(fmt: str, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008 (gradio's idiom)
        progress(0.05, desc="正在读取图谱")
        return export_file(door, fmt, progress)

    def upload(file: str | None, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return upload_document(door, file, progress)

    def rebuild(progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        try:
            summary, note = door.rebuild(progress=_tqdm(progress, "正在抽取文件"))
        except Exception as err:
            return f"### 构建失败\n{_md(explain(err))}"
        return _summary_text(summary, note)

    def refresh() -> tuple[Any, ...]:
        p, d, g = _choices(door)
        return gr.update(choices=p), gr.update(choices=d), gr.update(choices=g), _documents_frame(door)

    with gr.Blocks(title="帮扶图谱") as app:
        gr.Markdown("# 帮扶图谱\n三级医院对口帮扶县级医院知识图谱：用中文提问，每个回答都附原文依据。",
                    elem_classes="bangfu-title")
        with gr.Tab("问答", id="chat"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=5):
                    chatbot = gr.Chatbot(label="问答", show_label=False, height=470, buttons=["copy"],
                                         placeholder="请输入问题，或点击下方示例。")
                    with gr.Row():
                        question = gr.Textbox(show_label=False, placeholder="例如：谁帮扶怒江州人民医院？",
                                              scale=8, elem_id="question", submit_btn=False)
                        ask_button = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
                    choice = gr.Textbox(visible=False)  # for API clients: the name picked by /choose
                    examples = [[e] for e in door.examples()]
                    shown = examples and gr.Examples(examples, [question], label="示例问题（点击即问）")
                with gr.Column(scale=5):
                    network = gr.HTML(placeholder_html(), label="帮扶网络", elem_id="network")
            evidence = gr.Markdown(elem_classes="bangfu-evidence", elem_id="evidence")
        with gr.Tab("数据探索", id="explore"):
            with gr.Row():
                province = gr.Dropdown(provinces, value=ALL, label="省份（支援或受援方）")
                document = gr.Dropdown(docs, value=ALL, label="文件")
                program = gr.Dropdown(programs, value=ALL, label="帮扶项目")
                lead_only = gr.Checkbox(label="只看牵头关系")
            with gr.Row():
                filter_button = gr.Button("筛选", variant="primary")
                csv_button, xlsx_button = gr.Button("下载 CSV"), gr.Button("下载 Excel")
                table_file = gr.File(label="表格文件", interactive=False, height=90)
            stats = gr.Markdown()
            table = gr.Dataframe(label="帮扶关系（点击列名排序）", interactive=False, wrap=True,
                                 max_height=420, show_search="search")
            with gr.Row():
                hubs = gr.Dataframe(label="度数最高的医院（按不同对象计）", interactive=False)
                chart = gr.BarPlot(x="支援方省份", y="结对数", title="各支援方省份的帮扶关系数", sort="-y",
                                   label="各支援方省份的帮扶关系数")
            cross = gr.Dataframe(label="跨省帮扶（行：支援方省份，列：受援方省份，单位：对）",
                                 interactive=False)
        with gr.Tab("导出与文档管理", id="manage"):
            gr.Markdown("### 导出图谱\n导出文件保留节点类型、别名与原文出处。"
                        "Neo4j 批量导入 CSV 以 zip 打包。")
            with gr.Row():
                fmt = gr.Dropdown([(spec.label, name) for name, spec in FORMATS.items()], value="graphml",
                                  label="格式")
                export_button = gr.Button("导出", variant="primary")
                export_out = gr.File(label="导出文件", interactive=False, height=90)
            gr.Markdown("### 添加政策文件\n上传 Word、PDF（含扫描件）、Excel、网页、图片或文本，"
                        "抽取后并入图谱，并保存在语料目录中（重启后仍在）。无法读取的文件不会改变任何内容。")
            with gr.Row():
                # No file_types: Gradio would refuse other types in English; upload() says it in Chinese.
                upload_in = gr.File(label=f"政策文件（{'、'.join(SUPPORTED_SUFFIXES)}，不超过 {MAX_UPLOAD}）",
                                    type="filepath")
                with gr.Column():
                    upload_button = gr.Button("添加到图谱", variant="primary")
                    rebuild_button = gr.Button("重新构建图谱")
            upload_out = gr.Markdown("上传或重新构建后，这里显示新增的内容与警告。", min_height=80)
            docs_table = gr.Dataframe(_documents_frame(door), label="语料中的文件", interactive=False)

        chat_out = [chatbot, evidence, network]
        clear = {"fn": lambda: "", "inputs": None, "outputs": question, "api_visibility": "private"}
        asked = [question, chatbot]
        gr.on([question.submit, ask_button.click], ask, asked, chat_out, api_name="ask").then(**clear)
        if shown:  # an example click fills the box, then asks it
            shown.load_input_event.then(ask, asked, chat_out, api_visibility="private").then(**clear)
        chatbot.option_select(on_option, chatbot, chat_out, api_visibility="private")
        gr.Button(visible=False).click(choose, [choice, chatbot], chat_out, api_name="choose")
        filters = [province, document, program, lead_only]
        explore_out = [table, stats, hubs, cross, chart]  # explore_tables' order
        filter_button.click(explore, filters, explore_out, api_name="explore")
        app.load(explore, filters, explore_out, api_visibility="private")
        csv_button.click(download("csv"), filters, table_file, api_name="explore_csv")
        xlsx_button.click(download("xlsx"), filters, table_file, api_name="explore_excel")
        export_button.click(export, fmt, export_out, api_name="export")
        after = {"fn": refresh, "inputs": None, "outputs": [province, document, program, docs_table],
                 "api_visibility": "private"}
        once = {"concurrency_limit": 1, "concurrency_id": "corpus"}  # one corpus change at a time
        upload_button.click(upload, upload_in, upload_out, api_name="upload", **once).then(**after)
        rebuild_button.click(rebuild, None, upload_out, api_name="rebuild", **once).then(**after)
    return app


def launch(door: Bangfu, *, host: str = "127.0.0.1", port: int = 7860,
           prevent_thread_lock: bool = False, quiet: bool = False) -> gr.Blocks:
    """Build and serve the app over ``door`` (blocking unless ``prevent_thread_lock``); returns the Blocks."""
    app = build_app(door)
    app.queue(default_concurrency_limit=4)
    remove_downloads_on_sigterm()
    app.launch(server_name=host, server_port=port, theme=THEME, css=CSS, ssr_mode=False, footer_links=["api"],
               show_error=True, prevent_thread_lock=prevent_thread_lock, quiet=quiet,
               max_file_size=MAX_UPLOAD, allowed_paths=[str(VIS_LIBRARY)])
    return app
