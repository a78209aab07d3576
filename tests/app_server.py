"""Start the app on a free loopback port for a test module, and stop it afterwards."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ui.frontdoor import Bangfu


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(corpus: Path) -> Iterator[str]:
    """The app over ``corpus`` (built or cached), served on 127.0.0.1; yields its URL."""
    from ui.app import launch

    port = free_port()
    app = launch(Bangfu.open_corpus(corpus), port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()
