"""The page's question route (ui/chat_route.py) on its own, over a stand-in answer function:
which requests it takes, where the answer runs, what it sends, and what a failure looks like."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from starlette.testclient import TestClient

from ui.chat_route import ASK_ROUTE, ChatRoute, ChatTurn


async def gradio(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Stands for everything behind the route: answers 204 so a test sees the request passed on."""
    if scope["type"] == "lifespan":  # the test client starts and stops the app
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def turn_for(question: str, network: str = "<iframe></iframe>") -> ChatTurn:
    messages = [{"role": "user", "content": [{"text": question, "type": "text"}]},
                {"role": "assistant", "content": [{"text": "答：" + question, "type": "text"}]}]
    return ChatTurn(messages, "依据", network)


@pytest.mark.parametrize("in_memory", [True, False])
def test_a_question_is_answered_on_the_loop_or_in_a_worker_thread(in_memory: bool) -> None:
    threads: list[str] = []

    def answer(question: str) -> ChatTurn:
        threads.append(threading.current_thread().name)
        return turn_for(question)

    with TestClient(ChatRoute(gradio, answer, in_memory=in_memory)) as client:
        reply = client.post("/" + ASK_ROUTE, json={"question": "  谁帮扶怒江州人民医院？ "})
        loop_thread = client.portal.call(lambda: threading.current_thread().name)
    assert reply.status_code == 200
    assert reply.json() == turn_for("谁帮扶怒江州人民医院？").as_json()  # the question trimmed
    assert (threads == [loop_thread]) is in_memory


def test_other_requests_go_on_to_gradio_and_a_prefix_is_allowed() -> None:
    with TestClient(ChatRoute(gradio, turn_for, in_memory=True)) as client:
        assert client.post("/gradio_api/queue/join", json={}).status_code == 204
        assert client.get("/" + ASK_ROUTE + "x").status_code == 204
        under_root_path = client.post("/app/" + ASK_ROUTE, json={"question": "问"})
    assert under_root_path.status_code == 200


def test_a_large_answer_travels_compressed_a_small_one_as_it_is() -> None:
    big = "<iframe srcdoc='" + "帮扶医院 → 受援医院\\n" * 4000 + "'></iframe>"
    route = ChatRoute(gradio, lambda q: turn_for(q, big if q == "大" else "小"), in_memory=True)
    with TestClient(route) as client:
        large = client.post("/" + ASK_ROUTE, json={"question": "大"}, headers={"Accept-Encoding": "gzip"})
        small = client.post("/" + ASK_ROUTE, json={"question": "小"}, headers={"Accept-Encoding": "gzip"})
    assert large.headers["content-encoding"] == "gzip" and large.json()["network"] == big
    assert large.num_bytes_downloaded < len(large.content) / 5
    assert "content-encoding" not in small.headers and small.json()["network"] == "小"


def test_a_failing_answer_is_one_chinese_line_and_the_server_goes_on() -> None:
    def answer(question: str) -> ChatTurn:
        if question == "坏":
            raise RuntimeError("boom")
        return turn_for(question)

    with TestClient(ChatRoute(gradio, answer, in_memory=True), raise_server_exceptions=False) as client:
        failed = client.post("/" + ASK_ROUTE, json={"question": "坏"})
        after = client.post("/" + ASK_ROUTE, json={"question": "好"})
    assert (failed.status_code, failed.json()) == (500, {"error": "系统内部错误，请稍后重试或联系维护人员。"})
    assert "boom" not in failed.text and "RuntimeError" not in failed.text
    assert after.status_code == 200
