"""Many askers on one server: a question from the page is one small request to the app's own
route (ui/chat_route.py), not a Gradio event, and Gradio's costs per event stay constant for the
events that remain (ui/serving.py). Speed itself is measured in bench/bench_concurrency.py;
these tests pin the wiring and settings the speed comes from.

The page is read from its /config as its JavaScript reads it; the route is posted to as the
question box's script posts (tests/test_browser.py runs that script in a real browser).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.app_server import free_port
from ui.app import launch
from ui.chat_route import ASK_ROUTE, MAX_QUESTION_BYTES
from ui.frontdoor import Bangfu
from ui.network import network_html
from ui.serving import ANALYTICS_EVERY, STATUS_EVERY_S

QUESTION = "谁帮扶怒江州人民医院"
LEAD = "昆明医科大学第二附属医院"


@pytest.fixture(scope="module")
def served(corpus_copy: Path) -> Iterator[tuple[Any, str]]:
    port = free_port()
    app = launch(Bangfu.open_corpus(corpus_copy), port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield app, f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def _page_event(config: dict) -> tuple[dict, int]:
    """The dependency the question box's submit runs, and the box's component id."""
    box = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "question")
    return next(d for d in config["dependencies"] if [box, "submit"] in d["targets"]), box


def _ask_route(url: str, body: Any) -> httpx.Response:
    payload = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return httpx.post(url + ASK_ROUTE, content=payload, headers={"Content-Type": "application/json"},
                      timeout=60)


def test_a_page_question_runs_no_gradio_event_and_gets_only_its_turn(served: tuple[Any, str]) -> None:
    app, url = served
    config = httpx.get(url + "config", timeout=30).json()
    ask, box = _page_event(config)
    assert ask["backend_fn"] is False and ASK_ROUTE in ask["js"]  # the page's script, no Python event
    assert box in ask["outputs"] and ask["inputs"][0] == box
    assert [d["id"] for d in config["dependencies"] if d.get("trigger_after") == ask["id"]] == []

    before = app._queue.events_recorded
    reply = _ask_route(url, {"question": QUESTION})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/json")
    turn = reply.json()
    assert app._queue.events_recorded == before
    # exactly the new turn, in the form Gradio's chat holds (what a Gradio event would have sent)
    assert [m["role"] for m in turn["messages"]] == ["user", "assistant"]
    assert turn["messages"][0]["content"] == [{"text": QUESTION, "type": "text"}]
    assert LEAD in turn["messages"][1]["content"][0]["text"]
    assert "云卫医发〔2022〕5号" in turn["evidence"] and "bangfuDraw(" in turn["network"]


def test_the_route_answers_like_the_api_endpoint(served: tuple[Any, str]) -> None:
    """The page's route and the named /ask endpoint give the same messages, evidence and network."""
    _, url = served
    from gradio_client import Client

    client = Client(url, verbose=False)
    history, evidence, network = client.predict(QUESTION, [], api_name="/ask")
    turn = _ask_route(url, {"question": QUESTION}).json()
    assert [m["content"][0]["text"] for m in turn["messages"]] == [m["content"][0]["text"] for m in history]
    assert (turn["evidence"], turn["network"]) == (evidence, network)


@pytest.mark.parametrize(
    ("body", "status", "line"),
    [
        ({"question": "   "}, 400, "请输入问题。"),
        ({"q": QUESTION}, 400, "未能读取提问请求，未回答。请刷新页面后再问。"),
        (b"{not json", 400, "未能读取提问请求，未回答。请刷新页面后再问。"),
        ("\xff\xfe".encode("latin-1"), 400, "未能读取提问请求，未回答。请刷新页面后再问。"),
        ({"question": "谁" * (MAX_QUESTION_BYTES // 3 + 1)}, 413, "问题太长，未回答。请缩短后再问。"),
    ],
)
def test_a_request_the_route_cannot_read_gets_one_chinese_line(served: tuple[Any, str], body: Any,
                                                               status: int, line: str) -> None:
    _, url = served
    reply = _ask_route(url, body)
    assert (reply.status_code, reply.json()) == (status, {"error": line})


def test_the_route_takes_only_posts(served: tuple[Any, str]) -> None:
    _, url = served
    reply = httpx.get(url + ASK_ROUTE, timeout=30)
    assert (reply.status_code, reply.headers["allow"]) == (405, "POST")
    assert reply.json() == {"error": "提问请使用页面上的提问框（POST 请求）。"}


def test_an_example_click_asks_through_the_same_script(served: tuple[Any, str]) -> None:
    _, url = served
    config = httpx.get(url + "config", timeout=30).json()
    ask, _ = _page_event(config)
    fill = next(d for d in config["dependencies"] if d["api_name"] == "load_example")
    after_fill = [d for d in config["dependencies"] if d.get("trigger_after") == fill["id"]]
    wiring = ("inputs", "outputs", "js")
    assert [[d[k] for k in wiring] for d in after_fill] == [[ask[k] for k in wiring]]
    assert [d for d in config["dependencies"] if d.get("trigger_after") == after_fill[0]["id"]] == []


def test_gradio_per_event_costs_are_constant(served: tuple[Any, str]) -> None:
    app, _ = served
    queue = app._queue
    # the monitoring table is rebuilt once per ANALYTICS_EVERY events, not after every event
    assert queue.ANAYLTICS_CACHE_FREQUENCY == ANALYTICS_EVERY
    # queue estimates on a clock, not to every waiting asker each time any event starts
    assert queue.live_updates is False and queue.update_intervals == STATUS_EVERY_S
    # the import Gradio tries on every event fails at once instead of searching sys.path
    assert sys.modules["matplotlib"] is None
    with pytest.raises(ImportError):
        import matplotlib  # noqa: F401


# -- the bytes an answer sends -------------------------------------------------------------------

class _Srcdoc(HTMLParser):
    """The page inside the network iframe, as a browser reads the attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pages += [value or "" for name, value in attrs if tag == "iframe" and name == "srcdoc"]


def test_the_network_page_survives_its_attribute_and_sends_each_long_phrase_once(corpus_copy: Path) -> None:
    door = Bangfu.open_corpus(corpus_copy)
    data = door.network_around(["hospital:怒江州人民医院"])
    tricky = "甲'乙\"丙&amp;</script><b>医院"
    data["nodes"][0]["name"] = tricky
    frame = network_html(data)
    reader = _Srcdoc()
    reader.feed(frame)
    [page] = reader.pages
    # the library's tag, the drawing code's and the page's own: the name cannot close one
    assert page.count("</script>") == 3
    assert json.dumps(tricky, ensure_ascii=False).replace("<", "\\u003c") in page
    assert "&quot;" not in frame  # double quotes travel as they are inside srcdoc='…'
    # each document label in the tooltips is written once, however many nodes and edges cite it
    shown = [d.label for d in door.documents() if d.label and d.label in page]
    assert shown and all(page.count(label) == 1 for label in shown), shown
