"""Files the app hands to the browser: pairing tables (CSV/Excel) and graph exports.

They live in one folder per app process, removed when the process exits (normally or by
SIGTERM), so a long-running server does not fill /tmp.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pandas as pd

from core.messages import message
from ui.frontdoor import FORMATS, Bangfu, ExportError

_holder: list[tempfile.TemporaryDirectory[str]] = []  # the folder, once made
_holder_lock = threading.Lock()


def download_root() -> Path:
    """One folder for this process's downloads (tables, exports), removed when it exits."""
    with _holder_lock:
        if not _holder:
            _holder.append(tempfile.TemporaryDirectory(prefix="bangfu-downloads-"))
            atexit.register(remove_downloads)
        return Path(_holder[0].name)


def remove_downloads() -> None:
    """Remove the downloads folder (if one was made); safe to call more than once."""
    for holder in _holder:
        holder.cleanup()


def remove_downloads_on_sigterm() -> None:
    """Remove the downloads folder on SIGTERM too, then let the previous handler act.

    ``atexit`` does not run when a signal ends the process (``kill``, systemd, Docker stop),
    and /tmp filled with bangfu-downloads-* folders. Call from the main thread (Python's rule
    for signal handlers); the previous handler is chained, or, if it was the default, the
    process still ends by SIGTERM as before.
    """
    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        remove_downloads()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_sigterm)


def write_table(frame: pd.DataFrame, fmt: str) -> str:
    """The pairing table as a CSV or Excel file to download; returns its path."""
    name = message("U137")
    path = Path(tempfile.mkdtemp(prefix="table-", dir=download_root())) / f"{name}.{fmt}"
    if fmt == "xlsx":
        frame.to_excel(path, index=False, sheet_name=name)
    else:
        frame.to_csv(path, index=False, encoding="utf-8-sig")  # -sig: Excel opens Chinese correctly
    return str(path)


# -- export and upload -----------------------------------------------------------------------

def export_file(door: Bangfu, fmt: str, progress: Callable[..., Any]) -> str:
    """One export as one download: neo4j-csv (a folder) comes zipped."""
    if fmt not in FORMATS:
        raise ExportError(message("E101", fmt=fmt, formats="、".join(FORMATS)))
    folder = Path(tempfile.mkdtemp(prefix="export-", dir=download_root()))
    progress(0.3, desc=message("U242", format=FORMATS[fmt].label))
    if FORMATS[fmt].suffix:
        return str(door.export(fmt, folder / f"bangfu{FORMATS[fmt].suffix}")[0])
    door.export(fmt, folder / "bangfu-neo4j")
    progress(0.8, desc=message("U243"))
    return shutil.make_archive(str(folder / "bangfu-neo4j"), "zip", folder, "bangfu-neo4j")
