"""Coordinated ellipsis: two hospitals that share the head of their names, written once.

Officials write 甲大学第一附属医院和第二附属医院, 甲省第一、第三人民医院, 甲大一附院和二附院:
the second name drops the head (甲大学, 甲省, 甲大) the first one prints. Read alone, the second
piece names a kind of hospital (第二附属医院: several universities have one) or nothing, so the
question would be answered for the first hospital only, or asked back. Two rules restore it:

- :func:`spread_shared_tail`: 第一、第二附属医院 (two ordinals sharing one tail) is written
  第一附属医院和第二附属医院, so that each ordinal carries the tail;
- :func:`complete_elided`: a name right after a list connector (和, 、, 与 …, read from
  ``core/vocab/prose_words.tsv``) that is unknown or only a kind takes the head of the name
  before it, tried from the longest head down; the first full name the index knows wins. When
  none is known the completed name is reported as unknown (未找到「甲大学第二附属医院」), never
  the kind it was read as.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.vocab.prose import prose_words
from query.entities import Mention, NameIndex

__all__ = ["complete_elided", "spread_shared_tail"]

_ORDINAL = "第?[一二三四五六七八九十]{1,3}"
_MIN_HEAD = 2  # a head shorter than this is no institution or place


@lru_cache(maxsize=1)
def _connectors() -> tuple[str, ...]:
    return prose_words().words("list_connector")


@lru_cache(maxsize=1)
def _shared_tail() -> re.Pattern[str]:
    joined = "|".join(re.escape(c) for c in _connectors())
    # 第一、第二附属医院 / 第一和第三人民医院: the tail printed once after the last ordinal
    return re.compile(rf"({_ORDINAL})({joined})({_ORDINAL})((?:附属|人民)?(?:医院|附院))")


def spread_shared_tail(text: str) -> str:
    """第一、第二附属医院 → 第一附属医院和第二附属医院 (the tail given to each ordinal)."""
    return _shared_tail().sub(lambda m: f"{m.group(1)}{m.group(4)}和{m.group(3)}{m.group(4)}", text)


def _is_elided(mention: Mention) -> bool:
    """A piece that names no one hospital by itself: unknown, or a kind several share."""
    return not mention.resolved or (mention.ambiguous and not mention.exact)


def _guessed_head(first: str, second: str) -> str:
    """The head of ``first`` that ``second`` left out, when no completion is known: what is
    left of ``first`` once the tail both share and the part ``second`` replaces are cut."""
    shared = 0
    while shared < min(len(first), len(second)) and first[-1 - shared] == second[-1 - shared]:
        shared += 1
    return first[: max(0, len(first) - len(second))] if shared else ""


def complete_elided(text: str, mentions: list[Mention], index: NameIndex) -> list[Mention]:
    """The mentions with every elided second name completed from the name before it."""
    out = list(mentions)
    for i in range(1, len(out)):
        first, second = out[i - 1], out[i]
        if "Hospital" not in second.types or not first.resolved or first.node_type != "Hospital":
            continue
        if text[first.end : second.start] not in _connectors() or not _is_elided(second):
            continue
        typed_first = text[first.start : first.end]
        for cut in range(len(typed_first) - 1, _MIN_HEAD - 1, -1):
            found = index.lookup(typed_first[:cut] + second.surface)
            if found:
                out[i] = Mention(second.surface, second.start, second.end, found, True, 1.0, second.types)
                break
        else:
            head = _guessed_head(typed_first, second.surface)
            if len(head) >= _MIN_HEAD:
                out[i] = Mention(
                    head + second.surface, second.start, second.end, [], False, 0.0, second.types
                )
    return out
