"""Where a served ask spends its time: a sampling profile of ``bangfu serve`` under concurrent askers.

Why a sampler of our own: py-spy is not installed and cProfile sees one thread, while a served
ask crosses two kinds (the event loop that queues, (de)serialises and streams it; the worker
threads that run the handler). Every ``--interval`` seconds this looks at every thread's stack
(``sys._current_frames``) and charges it the CPU time that thread used since the last look
(its own CPU clock, ``pthread_getcpuclockid``): the function on top gets it as self time, every
function on the stack as inclusive time. A thread blocked on I/O or on the GIL uses no CPU and
is charged nothing, so the numbers are CPU milliseconds, not samples. The load is
bench_concurrency.py in a separate process (``--url``), so the client's CPU is not in it.

With ``--cprofile`` the event loop's thread is also profiled deterministically (cProfile
enabled inside that thread), for exact call counts where the sampler only sees proportions.

Usage: python bench/profile_serve.py [--users 50] [--rounds 10] [--top 30] [--cprofile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _where(frame: FrameType) -> tuple[str, str]:
    return Path(frame.f_code.co_filename).name, frame.f_code.co_name


def _thread_kind(name: str) -> str:
    if name.startswith("AnyIO worker"):
        return "worker threads (the handler)"
    if name == "MainThread":
        return "main thread"
    return f"thread {name.split(' ')[0]} (event loop, I/O)" if "run" in name else f"thread {name}"


class Sampler(threading.Thread):
    """CPU milliseconds by thread kind and function, until stopped."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="sampler", daemon=True)
        self.interval = interval
        self.stop = threading.Event()
        self.self_ms: dict[str, Counter[tuple[str, str, int]]] = {}
        self.incl_ms: dict[str, Counter[tuple[str, str]]] = {}
        self.busy_ms: Counter[str] = Counter()
        self.last_cpu: dict[int, float] = {}

    def _cpu_ms(self, ident: int) -> float:
        """CPU milliseconds thread ``ident`` used since the previous call."""
        try:
            now = time.clock_gettime(time.pthread_getcpuclockid(ident)) * 1000
        except OSError:  # the thread ended meanwhile
            return 0.0
        used = now - self.last_cpu.get(ident, now)
        self.last_cpu[ident] = now
        return used

    def run(self) -> None:
        me = threading.get_ident()
        while not self.stop.wait(self.interval):
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                used = self._cpu_ms(ident) if ident != me else 0.0
                if used <= 0:
                    continue
                kind = _thread_kind(names.get(ident, "?"))
                self.busy_ms[kind] += used
                self.self_ms.setdefault(kind, Counter())[(*_where(frame), frame.f_lineno)] += used
                seen: set[tuple[str, str]] = set()
                f: FrameType | None = frame
                while f is not None:
                    seen.add(_where(f))
                    f = f.f_back
                counter = self.incl_ms.setdefault(kind, Counter())
                for place in seen:
                    counter[place] += used

    def report(self, top: int, asks: int) -> str:
        lines = [f"CPU per ask ({asks} asks), by thread kind and function"]
        for kind, busy in self.busy_ms.most_common():
            lines.append(f"\n## {kind}: {busy / asks:.1f} ms per ask")
            lines.append("### self (ms per ask, share)")
            lines += [f"{n / asks:7.2f} {n / busy:5.1%}  {f}:{fn}:{line}"
                      for (f, fn, line), n in self.self_ms[kind].most_common(top)]
            lines.append("### inclusive")
            lines += [f"{n / asks:7.2f} {n / busy:5.1%}  {f}:{fn}"
                      for (f, fn), n in self.incl_ms[kind].most_common(top)]
        return "\n".join(lines)


def _server_loop() -> asyncio.AbstractEventLoop:
    """The running event loop of the server's thread (uvicorn's, started by ``launch``)."""
    loops = [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop) and o.is_running()]
    if len(loops) != 1:
        raise SystemExit(f"expected one running event loop, found {len(loops)}")
    return loops[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="50")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--interval", type=float, default=0.002)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--cprofile", action="store_true", help="also cProfile the event loop's thread")
    args = parser.parse_args()
    os.environ.setdefault("BANGFU_CACHE", tempfile.mkdtemp(prefix="bangfu-profile-"))
    sys.path.insert(0, str(ROOT / "tests"))
    from app_server import free_port

    from ui.app import launch
    from ui.frontdoor import Bangfu

    port = free_port()
    app = launch(Bangfu.open_corpus(ROOT / "corpus"), port=port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    sampler = Sampler(args.interval)
    loop_profile = cProfile.Profile(time.thread_time) if args.cprofile else None  # CPU, not waits
    loop = _server_loop()
    try:
        if loop_profile:
            loop.call_soon_threadsafe(loop_profile.enable)
        sampler.start()
        began = time.perf_counter()
        load = [sys.executable, str(HERE / "bench_concurrency.py"), "--url", url]
        subprocess.run([*load, "--users", args.users, "--rounds", str(args.rounds)], check=True)
        wall = time.perf_counter() - began
    finally:
        sampler.stop.set()
        sampler.join()
        if loop_profile:
            stopped = threading.Event()
            loop.call_soon_threadsafe(lambda: (loop_profile.disable(), stopped.set()))
            stopped.wait(10)
        app.close()
    asks = sum(row["asks"] for row in json.loads((HERE / "out" / "concurrency.json").read_text()))
    print(f"load ran {wall:.1f} s")
    print(sampler.report(args.top, asks))
    if loop_profile:
        for order in ("tottime", "cumulative"):
            print(f"\n## the event loop's thread, cProfile by {order} (whole run, {asks} asks)")
            pstats.Stats(loop_profile, stream=sys.stdout).sort_stats(order).print_stats(args.top)
        (HERE / "out").mkdir(exist_ok=True)
        loop_profile.dump_stats(HERE / "out" / "serve_loop.prof")  # for pstats' callers/callees


if __name__ == "__main__":
    main()
