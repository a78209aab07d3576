"""The question box's script (ui/chat_route.py: ask_script) run in Node with a stand-in fetch:
what it returns to the page for an answer, a refusal, a lost connection, an empty question and
a second Enter while an answer is on its way. (tests/test_browser.py runs it in Chromium.)"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from ui.chat_route import ASK_ROUTE, ask_script

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

HARNESS = """
const ask = eval(process.argv[1]);
const asked = [];
globalThis.document = {baseURI: "http://127.0.0.1:7860/app/"};
globalThis.window = globalThis;
let replies = JSON.parse(process.argv[2]);
globalThis.fetch = async (url, init) => {
  asked.push([String(url), JSON.parse(init.body)]);
  const reply = replies.shift();
  if (reply === "lost") throw new TypeError("Failed to fetch");
  await new Promise((done) => setTimeout(done, 20));
  return {ok: reply.status === 200, json: async () => reply.body};
};
(async () => {
  const chat = [{role: "user", content: [{text: "旧", type: "text"}]}];
  const out = {};
  out.answered = await ask(" 谁帮扶A？ ", chat);
  out.refused = await ask("问", chat);
  out.lost = await ask("问", chat);
  out.empty = await ask("   ", chat);
  const [first, second] = await Promise.all([ask("一", []), ask("二", [])]);
  out.first = first; out.second = second;
  out.asked = asked;
  process.stdout.write(JSON.stringify(out, (k, v) => v === undefined ? "<undefined>" : v));
})();
"""

TURN = {"messages": [{"role": "user", "content": [{"text": "谁帮扶A？", "type": "text"}]},
                     {"role": "assistant", "content": [{"text": "B", "type": "text"}]}],
        "evidence": "依据", "network": "<iframe></iframe>"}
KEEP = "<undefined>"


def test_the_script_appends_the_turn_and_says_every_failure_in_chinese() -> None:
    too_long = "问题太长，未回答。请缩短后再问。"
    lost = "与服务器的连接中断，未能回答。问题仍在输入框中，请稍后重新提问。"
    replies = [{"status": 200, "body": TURN}, {"status": 413, "body": {"error": too_long}}, "lost",
               {"status": 200, "body": TURN}]
    run = subprocess.run([NODE, "-e", HARNESS, ask_script(), json.dumps(replies)], capture_output=True,
                         text=True, timeout=60, check=True)
    out = json.loads(run.stdout)
    old = {"role": "user", "content": [{"text": "旧", "type": "text"}]}
    assert out["answered"] == [[old, *TURN["messages"]], "依据", "<iframe></iframe>", ""]
    assert out["refused"] == [KEEP, too_long, KEEP, KEEP]
    assert out["lost"] == [KEEP, lost, KEEP, KEEP]
    assert out["empty"] == [KEEP, "请输入问题。", KEEP, KEEP]
    assert out["first"][0] == TURN["messages"] and out["second"] == [KEEP] * 4  # one at a time
    # the question alone, trimmed, to the route under the page's own path
    url = "http://127.0.0.1:7860/app/" + ASK_ROUTE
    assert out["asked"] == [[url, {"question": q}] for q in ("谁帮扶A？", "问", "问", "一")]
