"""Files the app hands to the browser: pairing tables (CSV/Excel) and graph exports.

They live in one folder per app process, removed when the process exits, so a long-running
server does not fill /tmp.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ui.frontdoor import FORMATS, Bangfu, ExportError


@functools.cache
def _download_root() -> Path:
    """One folder for this process's downloads (tables, exports), removed when it exits."""
    holder = tempfile.TemporaryDirectory(prefix="bangfu-downloads-")
    atexit.register(holder.cleanup)
    return Path(holder.name)


def write_table(frame: pd.DataFrame, fmt: str) -> str:
    path = Path(tempfile.mkdtemp(prefix="table-", dir=_download_root())) / f"帮扶关系.{fmt}"
    if fmt == "xlsx":
        frame.to_excel(path, index=False, sheet_name="帮扶关系")
    else:
        frame.to_csv(path, index=False, encoding="utf-8-sig")  # -sig: Excel opens Chinese correctly
    return str(path)


# -- export and upload -----------------------------------------------------------------------

def export_file(door: Bangfu, fmt: str, progress: Callable[..., Any]) -> str:
    """One export as one download: neo4j-csv (a folder) comes zipped."""
    if fmt not in FORMATS:
        raise ExportError(f"未知的导出格式“{fmt}”。可用的格式：{'、'.join(FORMATS)}。")
    folder = Path(tempfile.mkdtemp(prefix="export-", dir=_download_root()))
    progress(0.3, desc=f"正在写入 {FORMATS[fmt].label}")
    if FORMATS[fmt].suffix:
        return str(door.export(fmt, folder / f"bangfu{FORMATS[fmt].suffix}")[0])
    door.export(fmt, folder / "bangfu-neo4j")
    progress(0.8, desc="正在打包 zip")
    return shutil.make_archive(str(folder / "bangfu-neo4j"), "zip", folder, "bangfu-neo4j")
