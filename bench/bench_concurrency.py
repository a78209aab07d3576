"""Concurrent askers against a running ``bangfu serve``, asking the way the page does: latency
p50/p95 at 1, 20 and 50 users, and the bytes one answer sends to the browser.

Why end to end, and why as a browser: an ask is milliseconds of work in process (bench_ask.py),
so what a busy office feels is the server around it — the route or queue, the requests a question
sets off, the serialisation, the size of each reply. A browser does not use Gradio's REST side
door (/call/ask, a new session per call): it opens the page (running its load events, which
start the session), keeps that session, and runs the event the question box's *submit* triggers,
then every event chained after it (``.then``). Each simulated user here is such a page
(:class:`Page`), read from the app's own /config, so the bench follows the app's wiring rather
than a copy of it: the question box's event runs only JavaScript, which posts the question to
the app's chat route (ui/chat_route.py) and appends the two messages it gets back, so this page
does the same; an event with Python behind it is posted to /gradio_api/queue/join with the
values the page holds and read from /gradio_api/queue/data.

The benchmark starts ``bangfu serve`` on a free loopback port (its own cache folder, the repo's
corpus), or uses ``--url``; each level of users runs as asyncio tasks in one process (the
client's own CPU per ask is reported: on 2 cores the client competes with the server). Every
user opens a fresh page; once all are open they ask at the same moment, ``--rounds`` questions
each from the seed question sets, back to back, and each page's chat grows as in a browser.
Latency is from the submit to the answer's arrival. Bytes are those on the wire (the server
compresses as it does for a browser, which asks for brotli as httpx does here) and the payload
they decode to, over every answer. Prints a Markdown table and writes bench/out/concurrency.json.

Usage: python bench/bench_concurrency.py [--users 1,20,50] [--rounds 10] [--url URL [--pid PID]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from bench_ask import seed_questions  # noqa: E402

from ui.chat_route import ASK_ROUTE  # noqa: E402  (the page's question route)

REQUEST_TIMEOUT_S = 60.0
QUESTION_BOX = "question"  # elem_id of the box whose submit asks (ui/app.py)


class AskFailed(RuntimeError):
    """The server answered an event with an error, or the stream ended without the answer."""


@dataclass
class PageModel:
    """The app's wiring as the page sees it (/config): which event a submit triggers and which
    events are chained after each event."""

    ask: dict[str, Any]
    trigger_id: int
    followers: dict[int, list[dict[str, Any]]]
    initial: dict[int, Any]
    on_load: list[dict[str, Any]]  # what the page runs when it opens (app.load)

    @classmethod
    def read(cls, url: str) -> PageModel:
        config = httpx.get(url + "config", timeout=REQUEST_TIMEOUT_S).json()
        box = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == QUESTION_BOX)
        deps = config["dependencies"]
        ask = next(d for d in deps if [box, "submit"] in d["targets"])
        followers: dict[int, list[dict[str, Any]]] = {}
        for dep in deps:
            if dep.get("trigger_after") is not None and not dep.get("trigger_only_on_failure"):
                followers.setdefault(dep["trigger_after"], []).append(dep)
        initial = {c["id"]: c.get("props", {}).get("value") for c in config["components"]}
        on_load = [d for d in deps if any(event == "load" for _, event in d["targets"])]
        return cls(ask, box, followers, initial, on_load)


@dataclass
class Page:
    """One open browser tab: its session and the values its components show."""

    model: PageModel
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    values: dict[int, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values = dict(self.model.initial)

    def update(self, outputs: list[int], data: list[Any]) -> None:
        for component, value in zip(outputs, data, strict=True):
            if isinstance(value, dict) and value.get("__type__") == "update":
                if "value" in value:  # gr.update(value=…); gr.skip() leaves the value shown
                    self.values[component] = value["value"]
            else:
                self.values[component] = value


@dataclass(frozen=True)
class Sent:
    """What an answer cost the network: bytes on the wire (after the server's compression, what
    the browser downloads) and the payload they decode to."""

    wire: int
    payload: int


async def run_event(client: httpx.AsyncClient, url: str, page: Page, dep: dict[str, Any],
                    trigger_id: int | None) -> Sent:
    """Run one event as the page does and read its answer. An event that runs only the page's
    JavaScript (the question box's) is followed by what that script posts; any other joins
    Gradio's queue and is read from its event stream."""
    if not dep.get("backend_fn", True) and dep.get("js"):
        return await run_page_route(client, url, page, dep)
    body = {"data": [page.values.get(i) for i in dep["inputs"]], "event_data": None, "fn_index": dep["id"],
            "trigger_id": trigger_id, "session_hash": page.session}
    joined = await client.post(url + "gradio_api/queue/join", json=body, timeout=REQUEST_TIMEOUT_S)
    joined.raise_for_status()
    event_id = joined.json()["event_id"]
    received = 0  # an event stream is read line by line, decoded (Gradio does not compress it)
    async with client.stream("GET", url + "gradio_api/queue/data", params={"session_hash": page.session},
                             timeout=REQUEST_TIMEOUT_S) as stream:
        async for line in stream.aiter_lines():
            received += len(line.encode()) + 1
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed" and message.get("event_id") == event_id:
                if not message.get("success"):
                    raise AskFailed(f"event {dep['api_name']} failed: {message.get('output')}")
                page.update(dep["outputs"], message["output"]["data"])
                return Sent(received, received)
            if message.get("msg") in ("close_stream", "unexpected_error"):
                break
    raise AskFailed(f"no answer for event {dep['api_name']}")


async def run_page_route(client: httpx.AsyncClient, url: str, page: Page, dep: dict[str, Any]) -> Sent:
    """An event that runs only JavaScript in the page: the question box's (ui/chat_route.py), which
    posts the question alone to the app's chat route and appends the two messages it gets back."""
    if ASK_ROUTE not in dep["js"]:
        raise AskFailed(f"event {dep['api_name']} runs JavaScript this bench does not know")
    question_box, chat = dep["inputs"]
    answered = await client.post(url + ASK_ROUTE, json={"question": page.values.get(question_box)},
                                 timeout=REQUEST_TIMEOUT_S)
    if answered.status_code != 200:
        raise AskFailed(f"the chat route answered HTTP {answered.status_code}: {answered.text[:200]}")
    turn = answered.json()
    chat_out, evidence, network, box = dep["outputs"]
    page.values[chat_out] = [*(page.values.get(chat) or []), *turn["messages"]]
    page.values[evidence], page.values[network], page.values[box] = turn["evidence"], turn["network"], ""
    return Sent(answered.num_bytes_downloaded, len(answered.content))


async def open_page(client: httpx.AsyncClient, url: str, page: Page) -> None:
    """What a browser runs when the page opens (the explore tables, app.load), before any
    question: the session is created here, not on the first question."""
    for dep in page.model.on_load:
        await run_event(client, url, page, dep, None)


async def ask_as_page(client: httpx.AsyncClient, url: str, page: Page, question: str) -> tuple[float, Sent]:
    """(seconds until the answer arrived, what the answer sent); then the chained events."""
    model = page.model
    page.values[model.trigger_id] = question
    chat = model.ask["outputs"][0]
    before = len(page.values.get(chat) or [])
    start = time.perf_counter()
    size = await run_event(client, url, page, model.ask, model.trigger_id)
    seconds = time.perf_counter() - start
    if len(page.values.get(chat) or []) != before + 2:  # the question and its answer
        raise AskFailed(f"the chat did not get an answer to {question}")
    pending = list(model.followers.get(model.ask["id"], []))
    while pending:
        dep = pending.pop(0)
        await run_event(client, url, page, dep, model.trigger_id)
        pending += model.followers.get(dep["id"], [])
    return seconds, size


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, int(len(ordered) * share) - 1)] if ordered else float("nan")


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU of the server process so far (nan when it is not ours to read)."""
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_level(url: str, model: PageModel, questions: list[str], users: int, rounds: int,
                    offset: int, server_pid: int | None) -> dict[str, float]:
    latencies: list[float] = []
    sent: list[Sent] = []
    errors: list[str] = []
    go = asyncio.Event()

    async def user(index: int) -> None:
        page = Page(model)
        async with httpx.AsyncClient() as client:
            await open_page(client, url, page)
            opened.append(index)
            await go.wait()
            for i in range(rounds):
                question = questions[(offset + index * rounds + i) % len(questions)]
                try:
                    seconds, size = await ask_as_page(client, url, page, question)
                except (httpx.HTTPError, AskFailed) as err:
                    errors.append(str(err))
                    continue
                latencies.append(seconds)
                sent.append(size)

    opened: list[int] = []
    tasks = [asyncio.create_task(user(i)) for i in range(users)]
    while len(opened) < users and not any(t.done() for t in tasks):  # every page open, then all ask
        await asyncio.sleep(0.05)
    began, began_cpu, began_server = time.perf_counter(), time.process_time(), _cpu_seconds(server_pid)
    go.set()
    await asyncio.gather(*tasks)
    wall, client_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    server_cpu = _cpu_seconds(server_pid) - began_server
    ordered = sorted(latencies)
    return {
        "users": users, "asks": len(latencies), "errors": len(errors),
        "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p95_ms": _percentile(ordered, 0.95) * 1000,
        "max_ms": ordered[-1] * 1000 if ordered else float("nan"),
        "asks_per_s": len(latencies) / wall if wall else 0.0,
        "client_cpu_ms_per_ask": client_cpu * 1000 / len(latencies) if latencies else float("nan"),
        "server_cpu_ms_per_ask": server_cpu * 1000 / len(latencies) if latencies else float("nan"),
        "wire_bytes_median": statistics.median(s.wire for s in sent) if sent else 0,
        "wire_bytes_max": max((s.wire for s in sent), default=0),
        "payload_bytes_median": statistics.median(s.payload for s in sent) if sent else 0,
        "payload_bytes_max": max((s.payload for s in sent), default=0),
        "load_average_1min": os.getloadavg()[0],
        "first_errors": errors[:3],
    }


Row = dict[str, Any]


def _measure(url: str, levels: list[int], rounds: int, server_pid: int | None = None) -> list[Row]:
    model = PageModel.read(url)
    questions = [q for q in seed_questions() if q.strip()]  # the set also checks empty input

    async def all_levels() -> list[dict[str, float]]:
        async with httpx.AsyncClient() as client:  # warm-up: the first answers load the indexes
            for question in questions[:5]:
                await ask_as_page(client, url, Page(model), question)
        rows, offset = [], 0
        for users in levels:
            rows.append(await run_level(url, model, questions, users, rounds, offset, server_pid))
            offset += users * rounds
        return rows

    return asyncio.run(all_levels())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int, cache: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BANGFU_CACHE": str(cache), "GRADIO_ANALYTICS_ENABLED": "False"}
    bangfu = Path(sys.executable).with_name("bangfu")
    return subprocess.Popen([str(bangfu), "serve", "--corpus", str(ROOT / "corpus"), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _wait_ready(url: str, server: subprocess.Popen[bytes], limit_s: float = 180.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bangfu serve exited with status {server.returncode}")
        try:
            if httpx.get(url + "config", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("bangfu serve did not start in time")


def _measure_own_server(levels: list[int], rounds: int) -> list[dict[str, float]]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-") as cache:
        server = _start_server(port, Path(cache))
        try:
            _wait_ready(url, server)
            return _measure(url, levels, rounds, server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,20,50", help="concurrent users per level, comma-separated")
    parser.add_argument("--rounds", type=int, default=10, help="questions each user asks per level")
    parser.add_argument("--url", help="a server already running (e.g. under bench/profile_serve.py)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process, to report its CPU per ask")
    args = parser.parse_args()
    levels = [int(n) for n in args.users.split(",")]
    if args.url:
        rows = _measure(args.url, levels, args.rounds, args.pid)
    else:
        rows = _measure_own_server(levels, args.rounds)
    print("| users | asks | errors | p50 ms | p95 ms | max ms | asks/s | server / client CPU ms per ask | "
          "bytes an answer sends (median / max) | its payload, uncompressed (median / max) | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['users']} | {r['asks']} | {r['errors']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['max_ms']:.0f} | {r['asks_per_s']:.1f} | {r['server_cpu_ms_per_ask']:.1f} / "
              f"{r['client_cpu_ms_per_ask']:.1f} | "
              f"{r['wire_bytes_median']:,.0f} / {r['wire_bytes_max']:,} | "
              f"{r['payload_bytes_median']:,.0f} / {r['payload_bytes_max']:,} | "
              f"{r['load_average_1min']:.1f} |")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "concurrency.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
