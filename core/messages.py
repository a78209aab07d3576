"""User-facing messages as numbered templates (``core/vocab/messages.tsv``).

Why numbered: every sentence a user can see lives in one data file, so it can be reviewed,
reworded or translated without reading code, and code names a message by its code (``E301``)
rather than carrying a copy of the sentence. Codes: ``E`` errors (raised as
:class:`core.errors.BangfuError` subclasses), ``P`` problems reported by a build, ``A``
answer sentences, ``U`` interface text.
"""

from __future__ import annotations

import string

from core.errors import VocabError
from core.vocab.loader import table, vocab_cached

MESSAGES_FILE = "messages.tsv"


@vocab_cached
def templates() -> dict[str, str]:
    """code -> template; a repeated code or a malformed ``{placeholder}`` is reported with its line."""
    out: dict[str, str] = {}
    bad: list[str] = []
    formatter = string.Formatter()
    for row in table(MESSAGES_FILE, required=("code", "template")):
        code, template = row["code"], row["template"].replace("\\n", "\n")
        try:
            list(formatter.parse(template))
        except ValueError as err:
            bad.append(f"{row.where}: 模板有误（{err}）")
            continue
        if code in out:
            bad.append(f"{row.where}: 编号 {code} 重复")
            continue
        out[code] = template
    if bad:
        raise VocabError("词表有格式错误：" + "；".join(bad))  # not a template: this file is broken
    return out


def placeholders(code: str) -> frozenset[str]:
    """The ``{names}`` a message's template needs."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(templates()[code]) if name)


def message(code: str, **values: object) -> str:
    """The message ``code`` with its placeholders filled in.

    An unknown code or a missing value is a programming error, caught by
    tests/test_messages.py, which checks every code named in the source.
    """
    return templates()[code].format(**values)
