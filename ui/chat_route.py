"""The page's own route for a question: one small request in, only the new turn back.

Why the page does not ask through a Gradio event (measured with bench/bench_concurrency.py and
bench/profile_serve.py): an answer is about 2 ms of work, but a Gradio 6.31 event around it
costs the server about 10 ms more on its one event loop. The page posts the whole chat so far
with every question and receives it all back; every input and output is walked node by node
for files (``async_move_files_to_cache``, ``add_root_url``) and handed to a worker thread and
back, twice per component. The chat's text never holds files, so none of that work can find
anything; with 50 people asking at once those milliseconds queue up behind each other (p95
0.86 s with the Gradio event, 1.4 s on a busier day).

So the question box's event runs no Python in Gradio: its JavaScript (:func:`ask_script`)
posts the question alone to :data:`ASK_ROUTE`, which this ASGI middleware answers before Gradio's
router sees the request, with the question and its answer as two chat messages in the form the
page's chat holds (Gradio's own ``Chatbot.postprocess``, so the page shows them exactly as a
Gradio event would), the evidence and the network. The script appends the two messages to the
chat the page already shows: what one answer sends no longer grows with the conversation, and
an answer over :data:`COMPRESS_FROM_BYTES` travels gzipped (Gradio compresses only paths that
end like a file).

An answer from the in-memory graph is computed on the event loop itself: about 2 ms of CPU, and
in a worker thread 50 askers measured p95 0.35 s instead of 0.24 s (thread hand-overs and the
GIL). An answer from a Bolt server waits on the network, so it runs in one of
:data:`ASK_THREADS` worker threads.

Everything else stays Gradio's: the named ``/ask`` and ``/choose`` endpoints for API clients,
the candidate buttons of a clarifying answer (an event with the chat as input), uploads.

Bad input gets one Chinese line as JSON ``{"error": …}`` with a 4xx status; the page's script
shows it under the chat and keeps the question in the box.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import JSONResponse

from core.messages import message

__all__ = ["ASK_ROUTE", "MAX_QUESTION_BYTES", "ChatRoute", "ChatTurn", "ask_script"]

log = logging.getLogger(__name__)
ASK_ROUTE = "bangfu/ask"  # relative to the page, as the page's script fetches it
MAX_QUESTION_BYTES = 4096  # a request body larger than any question (about 1,300 Chinese characters)
COMPRESS_FROM_BYTES = 4096  # smaller answers go as they are: gzip would cost more than it saves
ASK_THREADS = 4  # answers from a Bolt store run beside the event loop, at most this many at once

Scope = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ChatTurn:
    """What one question adds to the page: the two chat messages (the page's chat form), the
    evidence Markdown and the network HTML."""

    messages: list[dict[str, Any]]
    evidence: str
    network: str

    def as_json(self) -> dict[str, Any]:
        return {"messages": self.messages, "evidence": self.evidence, "network": self.network}


class BadQuestion(ValueError):
    """A request the route cannot read as a question; its text is the Chinese line to show."""

    def __init__(self, text: str, status: int = 400) -> None:
        super().__init__(text)
        self.status = status


class ChatRoute:
    """ASGI middleware: ``POST …/bangfu/ask`` with ``{"question": "…"}`` is answered here with
    :meth:`ChatTurn.as_json`; every other request goes on to Gradio."""

    def __init__(self, app: Any, answer: Callable[[str], ChatTurn], *, in_memory: bool) -> None:
        self.app, self.answer, self.in_memory = app, answer, in_memory
        self.limiter = anyio.CapacityLimiter(ASK_THREADS)
        # A large network view is 90 KB of JSON that gzip, at its fastest level, makes 12.5 KB.
        self.route = GZipMiddleware(self._route, minimum_size=COMPRESS_FROM_BYTES, compresslevel=1)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].rstrip("/").endswith("/" + ASK_ROUTE):
            await self.app(scope, receive, send)
            return
        await self.route(scope, receive, send)

    async def _route(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["method"] != "POST":
            await _reply(405, {"error": message("E710")}, allow=True)(scope, receive, send)
            return
        try:
            question = _question(await _body(receive))
        except BadQuestion as err:
            await _reply(err.status, {"error": str(err)})(scope, receive, send)
            return
        try:
            if self.in_memory:  # milliseconds of CPU: a thread would only add two GIL hand-overs
                turn = self.answer(question)
            else:  # a Bolt store waits on the network: beside the event loop
                turn = await anyio.to_thread.run_sync(self.answer, question, limiter=self.limiter)
        except Exception:  # the answer function reports its own errors; this is a bug
            log.exception("chat route: answering %r failed", question)
            await _reply(500, {"error": message("U003")})(scope, receive, send)
            return
        await _reply(200, turn.as_json())(scope, receive, send)


async def _body(receive: Any) -> bytes:
    """The request's body, refused (:class:`BadQuestion`) once it is larger than any question."""
    chunks, size, more = [], 0, True
    while more:
        event = await receive()
        if event["type"] == "http.disconnect":
            raise BadQuestion(message("E712"))
        chunk = event.get("body", b"")
        size += len(chunk)
        if size > MAX_QUESTION_BYTES:
            raise BadQuestion(message("E711"), status=413)
        chunks.append(chunk)
        more = event.get("more_body", False)
    return b"".join(chunks)


def _question(body: bytes) -> str:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadQuestion(message("E712")) from None
    question = data.get("question") if isinstance(data, dict) else None
    if not isinstance(question, str):
        raise BadQuestion(message("E712"))
    question = question.strip()
    if not question:
        raise BadQuestion(message("U004"))
    return question


def _reply(status: int, payload: dict[str, Any], *, allow: bool = False) -> JSONResponse:
    """The route's answer: compact UTF-8 JSON (starlette's), never cached."""
    headers = {"cache-control": "no-store"} | ({"allow": "POST"} if allow else {})
    return JSONResponse(payload, status_code=status, headers=headers)


def ask_script() -> str:
    """The question box's JavaScript: ``(question, chat) → [chat, evidence, network, box]``.

    An output returned as ``undefined`` keeps what the page shows. An empty question, a refusal
    or a lost connection puts one Chinese line where the evidence goes and keeps the question.
    One question at a time per page, as Gradio's own events run: a second Enter while an answer
    is on its way is ignored (its chat, read before the first answer arrived, would drop that
    answer when appended to)."""
    words = json.dumps({"empty": message("U004"), "lost": message("E713")}, ensure_ascii=False)
    return f"""async (question, chat) => {{
  const words = {words};
  const text = (question || "").trim();
  if (!text) return [undefined, words.empty, undefined, undefined];
  if (window.bangfuAsking) return [undefined, undefined, undefined, undefined];
  window.bangfuAsking = true;
  try {{
    const reply = await fetch(new URL({json.dumps(ASK_ROUTE)}, document.baseURI), {{
      method: "POST", headers: {{"Content-Type": "application/json"}},
      body: JSON.stringify({{question: text}})}});
    const turn = await reply.json();
    if (!reply.ok) return [undefined, turn.error || words.lost, undefined, undefined];
    return [[...(chat || []), ...turn.messages], turn.evidence, turn.network, ""];
  }} catch (err) {{
    return [undefined, words.lost, undefined, undefined];
  }} finally {{
    window.bangfuAsking = false;
  }}
}}"""
