"""The checks every reader makes before opening a file, with the same Chinese messages."""

from __future__ import annotations

from pathlib import Path

from core.errors import DocumentError
from core.messages import message


def require_content(path: Path, name: str) -> None:
    """A missing or empty file raises :class:`DocumentError` before any library sees it."""
    if not path.is_file():
        raise DocumentError(message("E903", path=path))
    if path.stat().st_size == 0:
        raise DocumentError(message("E905", name=name))
