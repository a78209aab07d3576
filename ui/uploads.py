"""Which files the upload button accepts: only those that arrived through the browser.

Why: the upload endpoint receives a *path*. A browser upload lands in Gradio's upload folder
(``GRADIO_TEMP_DIR``, or ``gradio/`` in the system's temporary folder); an API caller can
instead name any file of the server (``/var/tmp/…``, another user's data) and, without this
check, have it copied into the corpus and quoted in answers. Gradio refuses such paths before
our function runs in the version pinned today; this is the app's own rule, in Chinese, so it
holds whatever Gradio does. Symbolic links are resolved first, so a link planted in the
upload folder cannot point out of it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from core.errors import DocumentError
from core.messages import message

__all__ = ["accepted_upload", "original_name", "upload_roots"]


def upload_roots(extra: Iterable[Path] = ()) -> list[Path]:
    """Folders an accepted upload may lie in: Gradio's upload folder and the app's own ones."""
    gradio_folder = os.environ.get("GRADIO_TEMP_DIR") or str(Path(tempfile.gettempdir()) / "gradio")
    return [Path(gradio_folder).resolve(), *(Path(p).resolve() for p in extra)]


def accepted_upload(path: str | Path, *, extra_roots: Iterable[Path] = ()) -> Path:
    """``path`` resolved, if it is a file inside an upload folder; :class:`DocumentError` if not."""
    real = Path(path).resolve()
    inside = any(real.is_relative_to(root) for root in upload_roots(extra_roots))
    if not inside or not real.is_file():
        raise DocumentError(message("E631"))
    return real


def original_name(path: Path) -> str:
    """The name the user's file had: browsers send ``"`` in a file name as ``%22``."""
    return unquote(path.name) if "%" in path.name else path.name
