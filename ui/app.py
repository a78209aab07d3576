"""The Gradio app: chat with evidence and a network view, explore, export, and the corpus's documents.

Why it is shaped this way:

* Thin: every answer, table, hub list, flow count, network and file comes from the front door
  (:class:`ui.frontdoor.Bangfu`), the app never holds a graph or a driver. This module only
  lays out components and wires events; the Markdown is written by ui/render.py, the explore
  tables by ui/explore.py, and every word a user reads is a numbered template of
  ``core/vocab/messages.tsv`` (U0xx chat, U1xx explore, U2xx export and documents).
* One server-wide :class:`~ui.frontdoor.Bangfu`. An upload, a removal or a rebuild swaps its store
  in place under its lock, so every open browser tab answers from the new graph at once,
  without a restart.
* Errors reach users through :func:`explain` only: a :class:`~core.errors.BangfuError` is
  already a Chinese sentence; anything else is logged and shown as an internal error.
* Offline: analytics off, no remote fonts, the network library served by this app as a static
  file, loaded once by the browser (see ui/network.py); an answer sends only its nodes and edges.
* The page's question is not a Gradio event: the question box runs a script that posts the
  question alone to the app's own route and appends the answer's two messages to the chat
  (ui/chat_route.py: a Gradio event cost ten times the answer's own work, and re-sent the whole
  chat with every question). API clients keep ``/ask`` and ``/choose``.
* Uploads: only files that arrived through the browser (ui/uploads.py), at most
  :data:`~ui.upload_limit.MAX_UPLOAD_BYTES`, refused in Chinese when larger (ui/upload_limit.py:
  Gradio's own limit speaks English, so Gradio is given none); read and extracted before the
  corpus lock is taken; the lock covers only the merge.
* The file picker has no ``file_types`` filter: Gradio 6.31's browser code refuses a file of
  another type with a fixed English sentence ("Invalid file type: … Only … allowed.") that no
  setting translates, and a narrowed picker still lets a user drop or choose any file. Every
  type is let through to :func:`upload_document`, which refuses an unsupported one in Chinese
  and lists what is supported; the picker's label lists it too.
* Removing a document takes two clicks: the first puts the output line in a confirmation state
  (which file, that it cannot be undone) and the button becomes 确认删除; choosing another file
  cancels. Only the second click deletes, from the corpus folder, because the user asked.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

import functools
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from core.messages import message
from core.model import EdgeType
from ui.chat_route import ChatRoute, ChatTurn, ask_script
from ui.downloads import download_root, export_file, remove_downloads_on_sigterm, write_table
from ui.explore import all_label, choices, documents_frame, explore_tables, filters, pairings, unique_labels
from ui.frontdoor import FORMATS, SUPPORTED_SUFFIXES, Bangfu, BangfuError, Status
from ui.network import STATIC_FOLDERS, network_html, placeholder_html
from ui.render import md, render_answer, render_evidence, render_report, requestion, summary_text
from ui.serving import QUEUE_SETTINGS, prepare_gradio
from ui.upload_limit import MAX_UPLOAD_BYTES, UploadSizeLimit, check_size, size_text
from ui.uploads import accepted_upload, original_name

__all__ = ["build_app", "explain", "launch", "remove_document", "requestion", "unique_labels",
           "upload_document"]

log = logging.getLogger(__name__)
THEME = gr.themes.Soft(font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"],
                       font_mono=["ui-monospace", "Consolas", "monospace"])
CSS = ".bangfu-title h1 {margin-bottom: 0} .bangfu-evidence blockquote {color: #4a5568}"
SUPPORTS = str(EdgeType.SUPPORTS)


def explain(err: BaseException) -> str:
    """The one place an exception becomes what a user reads."""
    if isinstance(err, BangfuError):
        return str(err)
    log.exception("unexpected error in the app", exc_info=err)
    return message("U003")


def _plain(chat_message: dict) -> str:
    """A chat message's text: a string here, a list of parts once it has been to the browser."""
    content = chat_message.get("content")
    parts = [content] if isinstance(content, str | dict) else list(content or [])
    return "".join(p if isinstance(p, str) else p.get("text", "") for p in parts)


def _as_gradio_error(fn: Callable[..., Any]) -> Callable[..., Any]:
    """For handlers whose output is a file or a table: a failure shows as an error toast."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as err:
            raise gr.Error(explain(err)) from err
    return run


def _tqdm(progress: Any, desc: str, unit: str | None = None) -> Callable[[Iterable[Path]], Iterable[Path]]:
    unit = unit or message("U304")
    return lambda items: progress.tqdm(list(items), desc=desc, unit=unit)


def _candidate_label(candidate: Any) -> str:
    """A clarifying answer's button: the full name, and what tells it apart."""
    if candidate.detail:
        return message("U031", name=candidate.name, detail=candidate.detail)
    return candidate.name


def _suffixes() -> str:
    return "、".join(SUPPORTED_SUFFIXES)


# -- documents -------------------------------------------------------------------------------

def upload_document(door: Bangfu, file: str | None, progress: Callable[..., Any]) -> str:
    """The upload button: refuse what did not come through the browser or is too large, then add
    the document; the report (or the reason for refusing, in Chinese) as Markdown."""
    if not file:
        return message("U216", suffixes=_suffixes())
    progress(0.05, desc=message("U217"))
    try:
        path = accepted_upload(file, extra_roots=[download_root()])
        name = original_name(path)
        check_size(path, name)
        report, note = door.add_document(path, name=name, progress=_tqdm(progress, message("U218")),
                                         ocr_progress=_tqdm(progress, message("U219"), unit=message("U305")))
    except Exception as err:
        refusal = explain(err)
        gr.Warning(refusal)
        return message("U221", error=md(refusal))
    return render_report(report, note)


def removable(door: Bangfu) -> list[tuple[str, str]]:
    """(label, file) of every corpus file, labelled 文号《标题》 where the graph knows it."""
    try:
        files = door.corpus_files()
    except BangfuError:
        return []  # a server without a corpus folder: nothing to remove here
    labels = {d.file: d.label for d in door.documents() if d.file}
    return unique_labels([(labels.get(f, f), f) for f in files])


def remove_document(door: Bangfu, file: str | None, pending: str | None,
                    progress: Callable[..., Any]) -> tuple[str, str | None]:
    """The 删除文件 button: (the output line, the file now awaiting confirmation).

    The first click on a file only asks for confirmation; a second click on the same file
    deletes it. The line is one Chinese sentence either way."""
    if not file:
        return message("U255"), None
    label = dict((v, k) for k, v in removable(door)).get(file, file)
    if pending != file:
        return message("U254", label=md(label), file=md(file)), file
    try:
        before = door.summary().edges.get(SUPPORTS, 0)
        summary, note = door.remove_document(file, progress=_tqdm(progress, message("U222")))
    except Exception as err:
        return message("U257", error=md(explain(err))), None
    after = summary.edges.get(SUPPORTS, 0)
    done = message("U256", label=md(label), documents=len(summary.documents), pairings=after,
                   lost=before - after)
    return done + (f" {note}" if note else ""), None


# -- the app ---------------------------------------------------------------------------------

def chat_turn(door: Bangfu, question: str) -> tuple[list[dict[str, Any]], str, str]:
    """A non-empty question's two chat messages (question, answer), the evidence Markdown and the
    network HTML; an error becomes the answer's text (U005), never an exception."""
    asked: dict[str, Any] = {"role": "user", "content": question}
    try:
        answer = door.ask(question)
        net = network_html(door.network(answer))
    except Exception as err:
        return [asked, {"role": "assistant", "content": message("U005", error=md(explain(err)))}], "", \
            placeholder_html()
    reply: dict[str, Any] = {"role": "assistant", "content": render_answer(answer)}
    if answer.status == Status.CLARIFY:  # the candidates become buttons under the message
        reply["options"] = [{"value": c.name, "label": _candidate_label(c)} for c in answer.candidates]
    return [asked, reply], render_evidence(answer), net


def build_app(door: Bangfu) -> tuple[gr.Blocks, Callable[[str], ChatTurn]]:
    """The whole app over the front door ``door`` (a corpus folder or a Bolt server), and the
    function that answers the page's question route (:class:`ui.chat_route.ChatRoute`)."""
    door.warm_up()  # the name index now, so the first question is fast
    provinces, docs, programs = choices(door)
    everything = all_label()

    def ask(question: str, history: list[dict] | None) -> tuple[list[dict], Any, Any]:
        history, question = list(history or []), (question or "").strip()
        if not question:
            gr.Warning(message("U004"))
            return history, gr.skip(), gr.skip()
        messages, evidence, net = chat_turn(door, question)
        return history + messages, evidence, net

    def page_turn(question: str) -> ChatTurn:
        """The page's question (ui/chat_route.py): the new messages in the form its chat holds."""
        messages, evidence, net = chat_turn(door, question)
        return ChatTurn(chatbot.postprocess(messages).model_dump(), evidence, net)

    def choose(name: str, history: list[dict] | None) -> tuple[list[dict], Any, Any]:
        """Re-ask the last question with the candidate the user picked, by its full name."""
        asked = [_plain(m) for m in history or [] if m.get("role") == "user"]
        return ask(requestion(asked[-1] if asked else "", name), history)

    def on_option(history: list[dict] | None, event: gr.SelectData) -> tuple[list[dict], Any, Any]:
        return choose(str(event.value), history)

    @_as_gradio_error
    def explore(province: str, doc: str, program: str, lead_only: bool) -> tuple[Any, ...]:
        return explore_tables(door, filters(province, doc, program, lead_only))

    def download(fmt: str) -> Callable[..., str]:
        return _as_gradio_error(lambda *chosen: write_table(pairings(door, filters(*chosen)), fmt))

    @_as_gradio_error
    def export(fmt: str, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008 (gradio's idiom)
        progress(0.05, desc=message("U215"))
        return export_file(door, fmt, progress)

    def upload(file: str | None, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return upload_document(door, file, progress)

    def remove(file: str | None, pending: str | None,
               progress: gr.Progress = gr.Progress()) -> tuple[str, str | None, Any]:  # noqa: B008
        line, waiting = remove_document(door, file, pending, progress)
        return line, waiting, gr.update(value=message("U253") if waiting else message("U252"))

    def cancel_removal() -> tuple[str, None, Any]:
        return "", None, gr.update(value=message("U252"))

    def rebuild(progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        try:
            summary, note = door.rebuild(progress=_tqdm(progress, message("U222")))
        except Exception as err:
            return message("U223", error=md(explain(err)))
        return summary_text(summary, note)

    def refresh() -> tuple[Any, ...]:
        p, d, g = choices(door)
        return (gr.update(choices=p), gr.update(choices=d), gr.update(choices=g), documents_frame(door),
                gr.update(choices=removable(door), value=None))

    with gr.Blocks(title=message("U001")) as app:
        gr.Markdown(message("U002"), elem_classes="bangfu-title")
        with gr.Tab(message("U006"), id="chat"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=5):
                    chatbot = gr.Chatbot(label=message("U006"), show_label=False, height=470,
                                         buttons=["copy"], placeholder=message("U007"))
                    examples = [[e] for e in door.examples()]
                    hint = message("U008", example=examples[0][0]) if examples else message("U009")
                    with gr.Row():
                        question = gr.Textbox(show_label=False, placeholder=hint, scale=8, elem_id="question",
                                              submit_btn=False)
                        ask_button = gr.Button(message("U010"), variant="primary", scale=1, elem_id="ask")
                    choice = gr.Textbox(visible=False)  # for API clients: the name picked by /choose
                    shown = examples and gr.Examples(examples, [question], label=message("U011"))
                with gr.Column(scale=5):
                    network = gr.HTML(placeholder_html(), label=message("U012"), elem_id="network")
            evidence = gr.Markdown(elem_classes="bangfu-evidence", elem_id="evidence")
        with gr.Tab(message("U102"), id="explore"):
            with gr.Row():
                province = gr.Dropdown(provinces, value=everything, label=message("U103"))
                document = gr.Dropdown(docs, value=everything, label=message("U117"))
                program = gr.Dropdown(programs, value=everything, label=message("U115"))
                lead_only = gr.Checkbox(label=message("U104"))
            with gr.Row():
                filter_button = gr.Button(message("U105"), variant="primary")
                csv_button, xlsx_button = gr.Button(message("U106")), gr.Button(message("U107"))
                table_file = gr.File(label=message("U108"), interactive=False, height=90)
            stats = gr.Markdown()
            table = gr.Dataframe(label=message("U121"), interactive=False, wrap=True, max_height=420,
                                 show_search="search")
            with gr.Row():
                hubs = gr.Dataframe(label=message("U122"), interactive=False)
                chart = gr.BarPlot(x=message("U111"), y=message("U125"), title=message("U123"), sort="-y",
                                   label=message("U123"))
            cross = gr.Dataframe(label=message("U124"), interactive=False)
        with gr.Tab(message("U200"), id="manage"):
            gr.Markdown(message("U201"))
            with gr.Row():
                fmt = gr.Dropdown([(spec.label, name) for name, spec in FORMATS.items()], value="graphml",
                                  label=message("U202"))
                export_button = gr.Button(message("U203"), variant="primary")
                export_out = gr.File(label=message("U204"), interactive=False, height=90)
            gr.Markdown(message("U205"))
            with gr.Row():
                limit = size_text(MAX_UPLOAD_BYTES)
                upload_in = gr.File(label=message("U206", suffixes=_suffixes(), limit=limit),
                                    type="filepath")  # no file_types: see the module's docstring
                with gr.Column():
                    upload_button = gr.Button(message("U207"), variant="primary")
                    rebuild_button = gr.Button(message("U208"))
            upload_out = gr.Markdown(message("U209"), min_height=80)
            gr.Markdown(message("U250"))
            with gr.Row():
                remove_choice = gr.Dropdown(removable(door), value=None, label=message("U251"), scale=4,
                                            allow_custom_value=True)  # a typed name: 未找到, in Chinese
                remove_button = gr.Button(message("U252"), variant="stop", scale=1)
            remove_out = gr.Markdown(elem_id="remove-status")
            pending = gr.State(None)  # the file the next click deletes (after the first click asked)
            docs_table = gr.Dataframe(documents_frame(door), label=message("U210"), interactive=False)

        chat_out, asked = [chatbot, evidence, network], [question, chatbot]
        # The page asks through its own route (ui/chat_route.py): the event runs JavaScript only,
        # which posts the question alone and appends the answer's two messages to the chat.
        # API clients call /ask (three outputs, the whole chat in and out).
        page_ask = {"fn": None, "js": ask_script(), "inputs": asked, "outputs": [*chat_out, question],
                    "api_visibility": "private"}
        gr.on([question.submit, ask_button.click], **page_ask)
        if shown:  # an example click fills the box, then asks it
            shown.load_input_event.then(**page_ask)
        gr.Button(visible=False).click(ask, asked, chat_out, api_name="ask", concurrency_limit=None)
        chatbot.option_select(on_option, chatbot, chat_out, api_visibility="private", concurrency_limit=None)
        gr.Button(visible=False).click(choose, [choice, chatbot], chat_out, api_name="choose",
                                       concurrency_limit=None)
        explore_in = [province, document, program, lead_only]
        explore_out = [table, stats, hubs, cross, chart]  # explore_tables' order
        filter_button.click(explore, explore_in, explore_out, api_name="explore")
        app.load(explore, explore_in, explore_out, api_visibility="private")
        csv_button.click(download("csv"), explore_in, table_file, api_name="explore_csv")
        xlsx_button.click(download("xlsx"), explore_in, table_file, api_name="explore_excel")
        export_button.click(export, fmt, export_out, api_name="export")
        after = {"fn": refresh, "inputs": None, "api_visibility": "private",
                 "outputs": [province, document, program, docs_table, remove_choice]}
        once = {"concurrency_limit": 1, "concurrency_id": "corpus"}  # one corpus change at a time
        upload_button.click(upload, upload_in, upload_out, api_name="upload", **once).then(**after)
        rebuild_button.click(rebuild, None, upload_out, api_name="rebuild", **once).then(**after)
        removed = remove_button.click(remove, [remove_choice, pending], [remove_out, pending, remove_button],
                                      api_name="remove", **once)
        removed.then(lambda waiting: refresh() if not waiting else (gr.skip(),) * 5, pending,
                     after["outputs"], api_visibility="private")
        remove_choice.input(cancel_removal, None, [remove_out, pending, remove_button],
                            api_visibility="private")
    return app, page_turn


def launch(door: Bangfu, *, host: str = "127.0.0.1", port: int = 7860,
           prevent_thread_lock: bool = False, quiet: bool = False) -> gr.Blocks:
    """Build and serve the app over ``door`` (blocking unless ``prevent_thread_lock``); returns the Blocks.

    No ``max_file_size``: the limit is the app's own, said in Chinese (ui/upload_limit.py)."""
    prepare_gradio()
    app, page_turn = build_app(door)
    app.queue(**QUEUE_SETTINGS)
    remove_downloads_on_sigterm()
    middleware = [Middleware(UploadSizeLimit),
                  Middleware(ChatRoute, answer=page_turn, in_memory=door.backend == "networkx")]
    app.launch(server_name=host, server_port=port, theme=THEME, css=CSS, ssr_mode=False, footer_links=["api"],
               show_error=True, prevent_thread_lock=prevent_thread_lock, quiet=quiet,
               allowed_paths=[str(path) for path in STATIC_FOLDERS], app_kwargs={"middleware": middleware})
    return app
