"""The vocabulary: every word, pattern, label and user message, as UTF-8 data files.

Why data: the extractor and the question parser grow by learning words. When the same
concept is spelled in code in several places the copies drift apart (the question side once
asked for a requirement topic the extractor never emitted). Here each concept is one file
beside this module, read by both sides through :func:`table` or :func:`entries`.

File formats (see docs/architecture.md):

* ``*.tsv``: a header line naming the columns, then one entry a line, TAB-separated;
  blank lines and lines starting with ``#`` are skipped; a trailing column may be empty.
* ``*.jsonl``: one JSON object a line; blank lines and ``#`` lines are skipped.

A malformed entry raises :class:`core.errors.VocabError` naming the file and line.

Extra entries can be added without touching the package: set ``BANGFU_VOCAB_DIR`` (or pass
``extra_dir``) to a folder holding files of the same names; their entries are read after the
packaged ones. Files are read lazily, once per folder, never at import time.
"""

from __future__ import annotations

from core.vocab.loader import (
    TEXT_CACHE_SIZE,
    VOCAB_ENV,
    Entry,
    entries,
    extra_dir,
    table,
    vocab_cached,
)

__all__ = ["TEXT_CACHE_SIZE", "VOCAB_ENV", "Entry", "entries", "extra_dir", "table", "vocab_cached"]
