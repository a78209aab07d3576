"""The words of the prose grammar, read from the vocabulary file ``core/vocab/prose_words.tsv``.

Why a file: a new document's wording (another verb of support, another role noun) is one
line of data, never new code. The file's header says what each group means to the grammar.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from core.vocab import table, vocab_cached

__all__ = ["WORDS_FILE", "ProseWords", "prose_words"]

WORDS_FILE = "prose_words.tsv"


@dataclass(frozen=True)
class ProseWords:
    """Every group of ``prose_words.tsv``: word → value (value "" where the group has none)."""

    groups: dict[str, dict[str, str]]

    def group(self, name: str) -> dict[str, str]:
        return self.groups.get(name, {})

    def words(self, name: str) -> tuple[str, ...]:
        """The words of a group, longest first (the order a matcher must try them in)."""
        return tuple(sorted(self.group(name), key=len, reverse=True))

    @functools.cached_property
    def matcher(self) -> re.Pattern[str]:
        """One alternation of every grammar word, longest first, for scanning text."""
        words = {w for name in _GROUP_PRIORITY for w in self.group(name)}
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    @functools.cached_property
    def list_gap(self) -> re.Pattern[str]:
        """What may stand between two names of one list: a list connector, or nothing."""
        connectors = "|".join(re.escape(w) for w in self.words("list_connector"))
        return re.compile(rf"^\s*(?:{connectors}|)\s*$")

    def role_of(self, word: str) -> tuple[str, str]:
        """(group, value) of a grammar word; the longest-first matcher guarantees one group."""
        for name in _GROUP_PRIORITY:
            if word in self.group(name):
                return name, self.group(name)[word]
        raise KeyError(word)


# A word listed in two groups is read as the first of them here (帮扶 is a support verb,
# never a role; 牵头医院 is a role noun, never 牵头 + 医院).
_GROUP_PRIORITY = (
    "not_trigger", "alliance", "role_noun", "symmetric", "support", "respectively", "passive",
    "member_after", "member", "lead", "copula", "possessive", "object_marker",
)  # fmt: skip


@vocab_cached
def prose_words() -> ProseWords:
    """The vocabulary file (and any extra one, see :mod:`core.vocab`), read once on first use."""
    groups: dict[str, dict[str, str]] = {}
    for entry in table(WORDS_FILE, required=("group", "word")):
        groups.setdefault(entry["group"], {})[entry["word"]] = entry.get("value") or ""
    return ProseWords(groups)
