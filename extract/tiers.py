"""The tier of an institution, derived from its name: who supports whom when wording is symmetric.

Why: "甲与乙签约结对" or "乙是甲的对口支援医院" says there is a tie but not its direction. In the
programme support flows down the hierarchy — national, university and provincial hospitals
(tier 5/4) support city (3) and county (2) hospitals, which support township clinics (1) —
so the tiers of the two names decide, and equal tiers decide nothing.

The rule, in order (the words are the ``tier_*`` groups of ``prose_words.tsv``):

1. a name ending like a township clinic (…卫生院, …社区卫生服务中心): ``tier_end``;
2. a name starting with a national word (国家…, 中国医学科学院…): ``tier_start``;
3. a name holding a university word (大学, 医学院, 医科): ``tier_university``;
4. the leading place of the name, when the gazetteer knows it: province 4, prefecture 3,
   county 2 (个旧市人民医院 is a county-level city's, 昆明市第三人民医院 a prefecture's);
5. a place word (省, 自治区, 市, 州, 县…) the name starts with, else the highest it holds;
6. else 0: unknown, no direction can be derived.
"""

from __future__ import annotations

from collections.abc import Callable

from core.vocab.prose import ProseWords, prose_words

__all__ = ["tier_of"]


def tier_of(
    name: str,
    *,
    place_level: Callable[[str], str | None] = lambda _name: None,
    words: ProseWords | None = None,
) -> int:
    """The tier (5 national … 1 township, 0 unknown) of an institution's name.

    ``place_level`` gives the level ("province", "prefecture", "county") of the place a
    name starts with (the pipeline passes the gazetteer's); without it the words decide.
    """
    words = words or prose_words()
    for word, tier in words.group("tier_end").items():
        if name.endswith(word):
            return int(tier)
    for word, tier in words.group("tier_start").items():
        if name.startswith(word):
            return int(tier)
    for word, tier in words.group("tier_university").items():
        if word in name:
            return int(tier)
    level = place_level(name)
    level_tiers = words.group("tier_level")
    if level in level_tiers:
        return int(level_tiers[level])
    place = words.group("tier_place")
    for word in words.words("tier_place"):
        if name.startswith(word):
            return int(place[word])
    return max((int(tier) for word, tier in place.items() if word in name), default=0)
