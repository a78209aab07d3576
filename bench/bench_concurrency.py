"""Concurrent askers against a running ``bangfu serve``: latency p50/p95 at 1, 20 and 50 users,
and the bytes one answer sends to the browser.

Why end to end: an ask is milliseconds of work in process (bench_ask.py), so what a busy office
feels is the server around it — the queue, the serialisation, the size of each reply. The
benchmark starts ``bangfu serve`` on a free loopback port (its own cache folder, the repo's
corpus), waits until it answers, then runs each level of users as threads, each asking a fixed
number of questions through Gradio's HTTP API (POST /gradio_api/call/ask, then the event
stream), and stops the server. Bounded: every user asks ``--rounds`` questions; every request
has a timeout. Prints a Markdown table and writes bench/out/concurrency.json.

Usage: python bench/bench_concurrency.py [--users 1,20,50] [--rounds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUESTIONS = (
    "谁帮扶怒江州人民医院？",
    "昆明医科大学第二附属医院帮扶了哪些医院？",
    "驻点帮扶时间要求多久？",
    "禄劝县人民医院由哪家医院牵头帮扶？",
    "江西省有哪些受援医院？",
)
REQUEST_TIMEOUT_S = 60.0


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


def ask_once(client: httpx.Client, url: str, question: str) -> tuple[float, int]:
    """(seconds, bytes received) for one question, from POST to the stream's completion."""
    start = time.perf_counter()
    posted = client.post(url + "gradio_api/call/ask", json={"data": [question, []]},
                         timeout=REQUEST_TIMEOUT_S)
    posted.raise_for_status()
    event_id = posted.json()["event_id"]
    received = 0
    completed = False
    with client.stream("GET", url + f"gradio_api/call/ask/{event_id}", timeout=REQUEST_TIMEOUT_S) as stream:
        for line in stream.iter_lines():
            received += len(line.encode()) + 1
            if line.startswith("event: complete"):
                completed = True
            if line.startswith("event: error"):
                raise RuntimeError(f"the server failed to answer {question}")
    if not completed:
        raise RuntimeError(f"no complete event for {question}")
    return time.perf_counter() - start, received


def run_level(url: str, users: int, rounds: int) -> dict[str, float]:
    latencies: list[float] = []
    sizes: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(users)

    def user(index: int) -> None:
        with httpx.Client() as client:
            start.wait()
            for i in range(rounds):
                question = QUESTIONS[(index + i) % len(QUESTIONS)]
                try:
                    seconds, size = ask_once(client, url, question)
                except (httpx.HTTPError, RuntimeError) as err:
                    with lock:
                        errors.append(str(err))
                    continue
                with lock:
                    latencies.append(seconds)
                    sizes.append(size)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "users": users, "asks": len(latencies), "errors": len(errors),
        "p50_ms": statistics.median(ordered) * 1000 if ordered else float("nan"),
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000 if ordered else float("nan"),
        "max_ms": ordered[-1] * 1000 if ordered else float("nan"),
        "asks_per_s": len(latencies) / wall if wall else 0.0,
        "bytes_per_answer_median": statistics.median(sizes) if sizes else 0,
        "bytes_per_answer_max": max(sizes) if sizes else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,20,50", help="concurrent users per level, comma-separated")
    parser.add_argument("--rounds", type=int, default=10, help="questions each user asks per level")
    args = parser.parse_args()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-") as cache:
        server = _start_server(port, Path(cache))
        try:
            _wait_ready(url, server)
            with httpx.Client() as client:  # warm-up: the first answer loads the name index
                ask_once(client, url, QUESTIONS[0])
            rows = [run_level(url, int(n), args.rounds) for n in args.users.split(",")]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    print("| users | asks | errors | p50 ms | p95 ms | max ms | asks/s | bytes per answer (median / max) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['users']} | {r['asks']} | {r['errors']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['max_ms']:.0f} | {r['asks_per_s']:.1f} | {r['bytes_per_answer_median']:,.0f} / "
              f"{r['bytes_per_answer_max']:,} |")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "concurrency.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
