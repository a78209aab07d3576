"""Writing a file so that a crash or a full disk never leaves it half written.

Why: the manifest is a file a person edits by hand; a build killed while appending to it
left rows for documents that were never built. Every write into a user's folder goes
through :func:`replace_file`: the bytes go to a hidden temporary file in the same folder
(same file system, so the rename is atomic), are flushed to disk, and then renamed over
the target. A file marked read-only is left alone. Any ``OSError`` becomes one Chinese
sentence naming the path; the system's own wording goes to the log.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from core.errors import CorpusError
from core.messages import message

__all__ = ["replace_file"]

log = logging.getLogger(__name__)


def _read_only(path: Path) -> bool:
    """A file its owner marked read-only: respected even by root, whom the OS would let write."""
    try:
        return path.is_file() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222)
    except OSError:
        return False  # the write below reports what is wrong


def replace_file(path: Path, data: bytes) -> None:
    """Make ``path`` hold exactly ``data``, atomically; :class:`CorpusError` if it cannot."""
    if _read_only(path):
        raise CorpusError(message("E621", path=path))
    tmp: str | None = None
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)  # keep the permissions a person gave it
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        log.warning("writing %s failed: %r", path, err)
        raise CorpusError(message("E622", path=path)) from err
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
