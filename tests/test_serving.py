"""Many askers on one server: a question from the page is one queue event, and Gradio's costs
per event stay constant (ui/serving.py). Speed itself is measured in bench/bench_concurrency.py;
these tests pin the wiring and settings the speed comes from.

The page is driven over HTTP the way its JavaScript does (/gradio_api/queue/join, then the
session's /gradio_api/queue/data stream), with the event the question box's submit triggers.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.app_server import free_port
from ui.app import launch
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


def _ask_as_page(url: str, fn_index: int, question: str) -> list[Any]:
    """One question posted as the page posts it; the event's outputs."""
    session = f"test{time.monotonic_ns()}"
    body = {"data": [question, []], "event_data": None, "fn_index": fn_index, "trigger_id": None,
            "session_hash": session}
    with httpx.Client(timeout=60) as client:
        event_id = client.post(url + "gradio_api/queue/join", json=body).raise_for_status().json()["event_id"]
        with client.stream("GET", url + "gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                message = json.loads(line[5:]) if line.startswith("data:") else {}
                if message.get("msg") == "process_completed" and message["event_id"] == event_id:
                    assert message["success"], message
                    return message["output"]["data"]
    raise AssertionError("the stream closed without the answer")


def test_a_page_question_is_one_event_that_also_empties_the_box(served: tuple[Any, str]) -> None:
    app, url = served
    config = httpx.get(url + "config", timeout=30).json()
    ask, box = _page_event(config)
    assert box in ask["outputs"]
    assert [d["id"] for d in config["dependencies"] if d.get("trigger_after") == ask["id"]] == []

    before = app._queue.events_recorded
    chat, evidence, network, emptied = _ask_as_page(url, ask["id"], QUESTION)
    assert app._queue.events_recorded - before == 1
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert LEAD in chat[1]["content"][0]["text"]
    assert "云卫医发〔2022〕5号" in evidence and "vis.Network" in network
    assert emptied == ""


def test_an_example_click_asks_in_one_event_too(served: tuple[Any, str]) -> None:
    _, url = served
    config = httpx.get(url + "config", timeout=30).json()
    ask, _ = _page_event(config)
    fill = next(d for d in config["dependencies"] if d["api_name"] == "load_example")
    after_fill = [d for d in config["dependencies"] if d.get("trigger_after") == fill["id"]]
    assert [(d["inputs"], d["outputs"]) for d in after_fill] == [(ask["inputs"], ask["outputs"])]
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
    assert page.count("</script>") == 2  # the library's tag and the page's own: the name cannot close one
    assert json.dumps(tricky, ensure_ascii=False).replace("<", "\\u003c") in page
    assert "&quot;" not in frame  # double quotes travel as they are inside srcdoc='…'
    # each document label in the tooltips is written once, however many nodes and edges cite it
    shown = [d.label for d in door.documents() if d.label and d.label in page]
    assert shown and all(page.count(label) == 1 for label in shown), shown
