"""Read and validate the vocabulary files of :mod:`core.vocab` (see its docstring)."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, overload

from core.errors import VocabError

VOCAB_ENV = "BANGFU_VOCAB_DIR"
# How many distinct texts a per-text judgement remembers (a 10 MB table has ~10,000 names).
TEXT_CACHE_SIZE = 1 << 16

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """One entry of a vocabulary file (a TSV line's columns by header name, or a JSONL object),
    and where it was read, for error messages."""

    data: dict[str, Any]
    file: str
    line: int

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


# The environment as os.environ keeps it (bytes on POSIX), read directly when it is there:
# ``os.environ.get`` of an unset variable raises and catches a KeyError inside, ~3 µs, and
# every cached vocabulary look-up asks for this folder (millions of times in a 10 MB build).
_ENVIRON_DATA: dict[Any, Any] | None = getattr(os.environ, "_data", None)
_ENVIRON_KEY = os.environ.encodekey(VOCAB_ENV) if _ENVIRON_DATA is not None else None  # type: ignore[attr-defined]


def extra_dir() -> str:
    """The folder of extra vocabulary named by ``BANGFU_VOCAB_DIR`` ("" when unset)."""
    if _ENVIRON_DATA is None:
        return os.environ.get(VOCAB_ENV, "")
    raw = _ENVIRON_DATA.get(_ENVIRON_KEY)
    return os.environ.decodevalue(raw) if raw is not None else ""  # type: ignore[attr-defined]


@overload
def vocab_cached(func: Callable[P, T], *, maxsize: int = ...) -> Callable[P, T]: ...
@overload
def vocab_cached(*, maxsize: int = ...) -> Callable[[Callable[P, T]], Callable[P, T]]: ...


def vocab_cached(func: Callable[P, T] | None = None, *, maxsize: int = 16) -> Any:
    """Cache ``func`` once per extra-vocabulary folder: derived tables (compiled patterns,
    keyword automata) are rebuilt when ``BANGFU_VOCAB_DIR`` changes, and never at import time.

    ``@vocab_cached(maxsize=N)`` also caches a judgement that depends on the vocabulary per
    distinct argument (is this text an institution?): a large table repeats the same few
    thousand names, so each is judged once instead of once per cell.
    """
    if func is None:
        return functools.partial(vocab_cached, maxsize=maxsize)
    cached = functools.lru_cache(maxsize=maxsize)(lambda extra, *args, **kwargs: func(*args, **kwargs))

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        return cached(extra_dir(), *args, **kwargs)

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return wrapper


def _sources(name: str, extra: str | None) -> Iterator[tuple[str, str]]:
    """(display path, text) of the packaged file, then of the extra folder's file if any."""
    packaged = resources.files("core.vocab").joinpath(name)
    try:
        yield f"core/vocab/{name}", packaged.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise VocabError(f"词表文件缺失：core/vocab/{name}") from err
    except UnicodeDecodeError as err:
        raise VocabError(f"词表文件不是 UTF-8 编码：core/vocab/{name}") from err
    folder = extra if extra is not None else extra_dir()
    if folder:
        path = Path(folder) / name
        if path.is_file():
            try:
                yield str(path), path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise VocabError(f"词表文件无法读取：{path}") from err


def _data_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _check(bad: list[str]) -> None:
    """Every bad line at once, with file and line, in the message a user reads.

    These few sentences are not templates of messages.tsv: they must be shown even when
    messages.tsv itself is the file that cannot be read.
    """
    if bad:
        raise VocabError("词表有格式错误：" + "；".join(bad))


@functools.lru_cache(maxsize=64)
def _table(name: str, required: tuple[str, ...], extra: str) -> tuple[Entry, ...]:
    rows: list[Entry] = []
    bad: list[str] = []
    header: tuple[str, ...] | None = None
    for path, text in _sources(name, extra):
        file_header: tuple[str, ...] | None = None
        for number, line in _data_lines(text):
            cells = tuple(c.strip() for c in line.split("\t"))
            if file_header is None:
                file_header = cells
                missing = [c for c in required if c not in cells]
                if missing or (header is not None and cells != header):
                    bad.append(f"{path}:{number}: 表头应含 {'、'.join(required)}，实为 {'、'.join(cells)}")
                    break
                header = cells
                continue
            if len(cells) > len(file_header):
                wanted = len(file_header)
                bad.append(f"{path}:{number}: 应有至多 {wanted} 列（TAB 分隔），实有 {len(cells)} 列")
                continue
            fields = dict(zip(file_header, cells + ("",) * (len(file_header) - len(cells)), strict=True))
            empty = [c for c in required if not fields[c]]
            if empty:
                bad.append(f"{path}:{number}: 必填列为空：{'、'.join(empty)}")
                continue
            rows.append(Entry(fields, path, number))
    _check(bad)
    return tuple(rows)


def table(name: str, *, required: tuple[str, ...] = (), extra: str | None = None) -> tuple[Entry, ...]:
    """The entries of TSV file ``name`` (its first data line is the header).

    ``required`` columns must be in the header and non-empty on every line; every bad line
    is reported at once, with file and line, in a :class:`VocabError`.
    """
    return _table(name, tuple(required), extra if extra is not None else extra_dir())


@functools.lru_cache(maxsize=64)
def _entries(name: str, required: tuple[str, ...], extra: str) -> tuple[Entry, ...]:
    out: list[Entry] = []
    bad: list[str] = []
    for path, text in _sources(name, extra):
        for number, line in _data_lines(text):
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                bad.append(f"{path}:{number}: 不是一行 JSON（{err.msg}，第 {err.colno} 列）")
                continue
            if not isinstance(data, dict):
                bad.append(f"{path}:{number}: 应为 JSON 对象")
                continue
            missing = [k for k in required if not data.get(k)]
            if missing:
                bad.append(f"{path}:{number}: 缺少字段 {'、'.join(missing)}")
                continue
            out.append(Entry(data, path, number))
    _check(bad)
    return tuple(out)


def entries(name: str, *, required: tuple[str, ...] = (), extra: str | None = None) -> tuple[Entry, ...]:
    """The entries of JSONL file ``name``; ``required`` keys must be present and non-empty."""
    return _entries(name, tuple(required), extra if extra is not None else extra_dir())
