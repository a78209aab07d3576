"""Word lists of the vocabulary: one column of a TSV file, optionally filtered by yes/no flags.

Why a helper: most vocabulary files are lists of words with a flag or a group per line
(``role_qualifiers.tsv``: qualifier, in_prose, strong, in_tables). Reading them the same way
everywhere keeps the flag values checked (a typo such as ``ye`` is reported with its line).
"""

from __future__ import annotations

from core.errors import VocabError
from core.messages import message
from core.vocab.loader import table, vocab_cached

_FLAGS = ("yes", "no")


@vocab_cached
def words(name: str, column: str, **match: str) -> tuple[str, ...]:
    """The ``column`` values of ``name``'s lines whose other columns equal ``match``, in file order.

    ``words("role_qualifiers.tsv", "qualifier", strong="yes")``; a column compared with
    ``"yes"``/``"no"`` must hold one of them on every line, or the line is reported.
    """
    rows = table(name, required=(column, *match))
    bad = [
        f"{row.where}: {key} 列应为 yes 或 no，实为 {row.get(key)!r}"
        for row in rows
        for key, wanted in match.items()
        if wanted in _FLAGS and row.get(key) not in _FLAGS
    ]
    if bad:
        raise VocabError(message("E001", problems="; ".join(bad)))
    return tuple(row[column] for row in rows if all(row.get(k) == v for k, v in match.items()))


@vocab_cached
def pairs(name: str, key: str, value: str) -> tuple[tuple[str, str], ...]:
    """``(key, value)`` columns of every line of ``name``, in file order."""
    return tuple((row[key], row[value]) for row in table(name, required=(key, value)))
