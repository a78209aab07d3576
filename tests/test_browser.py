"""End to end in a real headless browser: ask, see the answer and the network, stay offline.

Debian's Chromium (``scripts/install_browser.sh``, run by ``make test``) driven by Playwright;
Playwright's own browser download is never used (it cannot work offline). Every request the
page makes, including from the network iframe, is recorded: none may leave 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.app_server import running_app

CHROMIUM = Path("/usr/bin/chromium")
# The README's picture: rewritten only when asked (BANGFU_UPDATE_SCREENSHOT=1), so a test run
# leaves the work tree clean; otherwise the screenshot goes to the test's temporary folder.
README_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"
QUESTION = "谁帮扶怒江州人民医院"
LEAD = "昆明医科大学第二附属医院"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing: run scripts/install_browser.sh (needs root)"),
]


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless and kept off the network, closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(corpus_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    corpus = tmp_path_factory.mktemp("browser") / "corpus"
    shutil.copytree(corpus_copy, corpus)
    with running_app(corpus) as url:
        yield url


def test_ask_in_browser_shows_answer_and_network_offline(server: str, tmp_path: Path) -> None:
    shot = README_SCREENSHOT if os.environ.get("BANGFU_UPDATE_SCREENSHOT") else tmp_path / "screenshot.png"
    requests: list[str] = []
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(server)

        box = page.locator("#question textarea")
        box.fill(QUESTION)
        box.press("Enter")
        page.get_by_text(LEAD).first.wait_for(timeout=20_000)
        assert box.input_value() == ""  # emptied by the answer's own event (no second round trip)

        frame = page.frame_locator("#network iframe")
        canvas = frame.locator("#mynetwork canvas")
        canvas.wait_for(timeout=20_000)
        box_size = canvas.bounding_box()
        assert box_size is not None and box_size["width"] > 200 and box_size["height"] > 200
        # vis-network built the graph: the focus, its supporters and the province anchor.
        drawn = frame.locator("body").evaluate("() => network.body.data.nodes.length")
        assert drawn >= 9
        assert "牵头帮扶" in frame.locator(".bangfu-legend").inner_text()
        assert "云卫医发〔2022〕5号" in page.locator("#evidence").inner_text()
        page.wait_for_timeout(1500)  # let physics settle before the picture

        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))

        # The explore tab's table and chart must render offline too.
        page.get_by_role("tab", name="数据探索").click()
        page.get_by_text("条帮扶关系（").first.wait_for(timeout=20_000)
        page.get_by_text("各支援方省份的帮扶关系数").first.wait_for(timeout=20_000)

    assert shot.stat().st_size > 20_000
    remote = [url for url in requests
              if urlparse(url).scheme in ("http", "https", "ws", "wss")
              and urlparse(url).hostname != "127.0.0.1"]
    assert remote == [], f"页面请求了外部地址：{remote[:5]}"
    assert any(urlparse(url).hostname == "127.0.0.1" for url in requests)


def test_documents_tab_in_browser_speaks_chinese(server: str, tmp_path: Path) -> None:
    """A file over the limit, chosen in the picker, gets the app's Chinese refusal (Gradio's own
    check would say it in English); 删除文件 asks for a second click before deleting."""
    big = tmp_path / "大文件.txt"
    big.write_bytes(b"x" * (11 * 1024 * 1024))
    with chromium() as browser:
        page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}).new_page()
        page.goto(server)
        page.get_by_role("tab", name="导出与文档管理").click()
        page.locator("input[type=file]").first.set_input_files(str(big))
        toast = page.get_by_text("上传的文件超过上限 10 MB，未接收。").first
        toast.wait_for(timeout=30_000)
        assert "exceed" not in page.locator("body").inner_text()

        choice = page.get_by_label("要删除的文件")
        choice.click()
        page.get_by_role("option").first.click()
        page.get_by_role("button", name="删除文件").click()
        page.get_by_text("删除后无法恢复。请再次点击“确认删除”").first.wait_for(timeout=20_000)
        assert page.get_by_role("button", name="确认删除").is_visible()


def test_a_conversation_in_browser_keeps_its_turns_and_choosing_a_candidate_reasks(server: str) -> None:
    """The page's script appends each answer to the chat it shows (ui/chat_route.py): earlier
    turns stay; an empty question is refused in Chinese without a turn; a clarifying answer's
    buttons re-ask with the full name (a Gradio event that reads the chat the script built); a
    lost connection is said in Chinese and keeps the chat and the question."""
    with chromium() as browser:
        page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}).new_page()
        page.goto(server)
        box = page.locator("#question textarea")
        bubbles = page.locator(".message-row")

        box.fill(QUESTION)
        box.press("Enter")
        page.get_by_text(LEAD).first.wait_for(timeout=20_000)
        assert bubbles.count() == 2

        box.fill("   ")
        box.press("Enter")
        page.locator("#evidence").get_by_text("请输入问题。").wait_for(timeout=20_000)
        assert bubbles.count() == 2

        box.fill("谁帮扶第一人民医院")
        box.press("Enter")
        option = page.get_by_role("button", name="宣威市第一人民医院")
        option.first.wait_for(timeout=20_000)
        assert bubbles.count() == 4
        assert LEAD in bubbles.nth(1).inner_text()  # the first answer is still there
        option.first.click()
        page.get_by_text("谁帮扶宣威市第一人民医院").first.wait_for(timeout=20_000)
        page.get_by_text("曲靖市第一人民医院").first.wait_for(timeout=20_000)
        assert bubbles.count() == 6

        page.route("**/bangfu/ask", lambda route: route.abort())  # the server cannot be reached
        box.fill(QUESTION)
        box.press("Enter")
        page.locator("#evidence").get_by_text("与服务器的连接中断").wait_for(timeout=20_000)
        assert bubbles.count() == 6 and box.input_value() == QUESTION  # nothing lost
