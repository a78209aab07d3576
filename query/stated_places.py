"""Places a question writes out that no name of the graph covers (贵州, 广西, 四川, 黔西南州).

Why: a place the question states must constrain the answer. The name index only knows the
graph's places, so a province or prefecture with no hospital in the graph (贵州 has documents
but no hospital node; 广西 has neither) leaves no mention, and every plan used to answer as
if it had not been said: 上海的医院在贵州… listed all of 上海's supporters, 四川对驻点时间…
quoted the other provinces' rules. Finding these places in the masked question (names found
are masked, so only uncovered words remain) lets the planner fail closed instead: no record
of that place means an empty answer, never a wider one.

The forms come from the gazetteer (provinces' official and short names, prefectures' official
names and generated aliases of three characters or more), never from a typed list of places.
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick

__all__ = ["stated_places"]


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    from extract.places import get_gazetteer

    automaton = ahocorasick.Automaton()
    for form, official in get_gazetteer().region_forms().items():
        automaton.add_word(form, (form, official))
    automaton.make_automaton()
    return automaton


def stated_places(masked: str) -> tuple[tuple[str, str], ...]:
    """(surface, official name) of each province or prefecture written in ``masked`` (the
    question with its found names masked), longest match first, left to right, one each."""
    if not masked:
        return ()
    raw = [
        (end + 1 - len(form), end + 1, form, official) for end, (form, official) in _automaton().iter(masked)
    ]
    raw.sort(key=lambda r: (r[0] - r[1], r[0]))  # longest first, then leftmost
    taken = [False] * len(masked)
    chosen: list[tuple[int, str, str]] = []
    for start, end, form, official in raw:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        chosen.append((start, form, official))
    found: dict[str, str] = {}
    for _, form, official in sorted(chosen):
        found.setdefault(official, form)
    return tuple((form, official) for official, form in found.items())
