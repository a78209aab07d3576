"""The upload size limit, said in Chinese.

Why not Gradio's own limit (``launch(max_file_size=…)``): Gradio 6.31 checks it in the browser,
in its JavaScript client, and refuses with a fixed English sentence ("File(s) exceed the
maximum allowed size of …") that no setting translates; its server-side check answers in
English too. So the app gives Gradio no limit (the browser then checks nothing and sends the
file), and enforces the same limit twice itself, in Chinese:

* :class:`UploadSizeLimit`, an ASGI middleware on Gradio's upload route, refuses a request whose
  ``Content-Length`` is over the limit (or that does not say its length) before a byte is
  stored; its plain-text answer is what the browser's error toast shows (after Gradio's own
  ``HTTP 413:`` prefix). The body is read and discarded first, so the browser, still sending,
  receives the answer instead of a broken connection.
* :func:`check_size`, in the upload function, for files that reach it another way.

The limit is what builds in about a minute (bench/bench_scale.py).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from starlette.responses import PlainTextResponse

from core.errors import DocumentError
from core.messages import message

__all__ = ["MAX_UPLOAD_BYTES", "UploadSizeLimit", "check_size", "size_text"]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A multipart request carries its boundaries and part headers besides the file: allowance for them.
MULTIPART_OVERHEAD = 64 * 1024
UPLOAD_ROUTE_SUFFIX = "/upload"

Scope = dict[str, Any]


def size_text(size: int) -> str:
    """``10 MB``, ``10.1 MB``, ``300 KB``: a size as a person reads it, rounded up (a file one
    byte over a 10 MB limit reads 10.1 MB, not 10 MB)."""
    if size >= 1024 * 1024:
        tenths = math.ceil(size * 10 / 1024 / 1024)
        return (f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths / 10:.1f}") + " MB"
    return f"{math.ceil(size / 1024)} KB"


def check_size(path: Path, name: str, limit: int = MAX_UPLOAD_BYTES) -> None:
    """:class:`DocumentError` (Chinese) if the file at ``path`` is over ``limit`` bytes."""
    size = path.stat().st_size
    if size > limit:
        raise DocumentError(message("E704", name=name, size=size_text(size), limit=size_text(limit)))


class UploadSizeLimit:
    """ASGI middleware: a POST to Gradio's upload route over ``limit`` gets 413 and a Chinese line."""

    def __init__(self, app: Any, limit: int = MAX_UPLOAD_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and self._is_upload(scope["path"]):
            length = dict(scope["headers"]).get(b"content-length")
            if length is None or not length.isdigit():
                await self._refuse(scope, receive, send, 411, message("E706"))
                return
            if int(length) > self.limit + MULTIPART_OVERHEAD:
                await self._refuse(scope, receive, send, 413, message("E705", limit=size_text(self.limit)))
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _is_upload(path: str) -> bool:
        return path.rstrip("/").endswith(UPLOAD_ROUTE_SUFFIX)

    @staticmethod
    async def _refuse(scope: Scope, receive: Any, send: Any, status: int, text: str) -> None:
        more = True
        while more:  # drain what the client sends, so it reads the answer, not a reset connection
            event = await receive()
            more = event.get("type") == "http.request" and event.get("more_body", False)
        await PlainTextResponse(text, status_code=status)(scope, receive, send)
