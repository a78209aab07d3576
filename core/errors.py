"""One exception hierarchy for the whole project.

The CLI and the UI each map :class:`BangfuError` to a Chinese message in exactly one place,
so every error a user can cause is raised as a subclass of it, with a Chinese ``message``.
"""

from __future__ import annotations

from typing import ClassVar


class BangfuError(Exception):
    """Base class: ``str(err)`` is a complete Chinese sentence fit to show a user.

    ``detail`` is for the log, not for the user: it holds what a library or the system said
    (an exception class, ``Permission denied``, a server's own message), which would put
    English inside a Chinese message. Whatever a user needs belongs in ``message``. The one
    exception is an error whose detail is itself written for a person: where a data file they
    edit is wrong (``variants.tsv:3: 应为两列``); such classes set ``detail_for_user``.
    """

    detail_for_user: ClassVar[bool] = False

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        if self.detail and self.detail_for_user:
            return f"{self.message}（{self.detail}）"
        return self.message


class DocumentError(BangfuError):
    """A document could not be read: unsupported format, corrupt or empty file."""


class CorpusError(BangfuError):
    """The corpus folder is missing or holds nothing readable."""


class QueryError(BangfuError):
    """A question could not be understood or answered."""


class StoreError(BangfuError):
    """The graph store (networkx cache or Neo4j server) failed."""


class ExportError(BangfuError):
    """An export format is unknown or the file could not be written."""


class VocabError(BangfuError):
    """A vocabulary file (core/vocab/*.tsv, *.jsonl) is unreadable or has a malformed entry.

    Its detail names the file and line and says what is wrong, in Chinese: shown to the user.
    """

    detail_for_user = True
