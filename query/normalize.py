"""Question normalisation: the first step of understanding a question typed by an official.

Why a separate step: names in the graph are matched by exact string (Aho-Corasick), so a
question must be folded into the same spelling the names were folded into. The fold itself is
:func:`core.normalize.normalize_name`, the one every name in the graph went through, which is
what makes the two meet even when the fold is imperfect (OpenCC turns 董乾 into 董干 on both
sides). This module adds what only questions need: typos and variants that OpenCC does not know
(帮付, 医完, 卫生完), and the keyword groups of question understanding, both vocabulary files
(``core/vocab/variants.tsv``, ``core/vocab/intent_keywords.tsv``) read through :mod:`core.vocab`,
which reports a bad line with file and line number.
"""

from __future__ import annotations

import re

from core.errors import VocabError
from core.messages import message
from core.normalize import normalize_name
from core.vocab import Entry, table, vocab_cached
from core.vocab.topics import TOPICS_FILE, question_topics

__all__ = [
    "KEYWORD_GROUPS",
    "NOT_DELIMITERS",
    "fold_variants",
    "load_keywords",
    "load_variants",
    "normalize_question",
]

VARIANTS_FILE = "variants.tsv"
KEYWORDS_FILE = "intent_keywords.tsv"


def _table(name: str, required: tuple[str, ...]) -> tuple[Entry, ...]:
    return table(name, required=required)


@vocab_cached
def load_variants() -> tuple[tuple[str, str], ...]:
    """``(wrong, right)`` pairs of ``core/vocab/variants.tsv``, longest ``wrong`` first (so 卫生完
    wins over 医完)."""
    pairs: dict[str, str] = {}
    bad: list[str] = []
    for row in _table(VARIANTS_FILE, ("wrong", "right")):
        raw_wrong, raw_right = row["wrong"], row["right"]
        if raw_wrong == raw_right:
            bad.append(f"{row.where}: 错写与正写相同（{raw_wrong}）")
            continue
        # Both sides get the same base fold as questions, so a row is written in any script.
        wrong, right = normalize_name(raw_wrong), normalize_name(raw_right)
        if wrong == right:
            continue  # e.g. 附屬 -> 附属: OpenCC already does it; the row documents the case
        if wrong in pairs and pairs[wrong] != right:
            bad.append(f"{row.where}: {wrong} 已对应 {pairs[wrong]}，又对应 {right}")
        else:
            pairs[wrong] = right
    if bad:
        raise VocabError(message("E001", problems="; ".join(bad)))
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@vocab_cached
def _variant_pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    pairs = load_variants()
    if not pairs:
        return None, {}
    # One alternation, longest first, applied in one pass: a fix never feeds another fix.
    return re.compile("|".join(re.escape(w) for w, _ in pairs)), dict(pairs)


def fold_variants(text: str) -> str:
    """Replace every known typo or variant (帮付 → 帮扶) in one left-to-right pass."""
    pattern, table = _variant_pattern()
    if pattern is None:
        return text
    return pattern.sub(lambda m: table[m.group(0)], text)


def normalize_question(text: str) -> str:
    """The canonical form of a question: :func:`core.normalize.normalize_name` (the fold every
    name in the graph went through), then typo/variant folding from ``variants.tsv``.
    Returns ``""`` for blank input.
    """
    return fold_variants(normalize_name(text))


# The frame's groups (query/frame.py): what the question word asks, aggregation, constraints.
# None of them ends a typed name (中医院 is part of 永新县中医院, 方案 of a title) but the
# document links, the negation words (除了A), the thresholds (5家以上医院 is no name), the absence
# words and the words asking for the others (其他医院 is no name).
FRAME_GROUPS: frozenset[str] = frozenset(
    {
        "answer",
        "intersect",
        "per_subject",
        "rank_side",
        "kind",
        "doc_noun",
        "doc_relation",
        "doc_scope",
        "negation",
        "threshold",
        "absence",
        "others",
    }
)
# The groups of intent_keywords.tsv; query/intent_rules.py says how each is used.
KEYWORD_GROUPS: frozenset[str] = FRAME_GROUPS | frozenset(
    {
        "who",
        "support_verb",
        "not_support",
        "passive",
        "supporter_noun",
        "recipient_noun",
        "recipient_marker",
        "supporter_marker",
        "lead",
        "count",
        "dispatch",
        "person_from",
        "staff",
        "staff_from",
        "needs",
        "period",
        "topic",
        "requirement",
        "document",
        "cites",
        "relation",
        "yesno",
        "hubs",
        "cross",
        "measures",
        "info",
        "stop",
        "generic",
        "hospital_word",
    }
)
# Groups whose words never end a name: everything but these may cut a typed name.
NOT_DELIMITERS: frozenset[str] = frozenset({"generic", "hospital_word"}) | (
    FRAME_GROUPS - {"doc_relation", "negation", "threshold", "absence", "others"}
)


@vocab_cached
def load_keywords() -> dict[str, tuple[tuple[str, str], ...]]:
    """``group -> ((keyword, value), ...)``, longest keyword first.

    From ``core/vocab/intent_keywords.tsv``, plus the ``topic`` group built from
    ``core/vocab/requirement_topics.jsonl`` (value: the topic; ``~topic`` for a weak word), so a
    question names exactly the topics the extractor files rules under. Keywords are folded like
    questions (so a traditional or full-width row still matches); an unknown group or a keyword
    repeated within its group is reported with file and line.
    """
    groups: dict[str, dict[str, str]] = {g: {} for g in KEYWORD_GROUPS}
    bad: list[str] = []

    def add(group: str, keyword: str, value: str, where: str) -> None:
        folded = normalize_question(keyword)
        if not folded:
            bad.append(f"{where}: 关键词为空")
        elif folded in groups[group]:
            bad.append(f"{where}: {group} 组中 {folded} 重复")
        else:
            groups[group][folded] = value

    for row in _table(KEYWORDS_FILE, ("group", "keyword")):
        if row["group"] not in KEYWORD_GROUPS or row["group"] == "topic":
            bad.append(f"{row.where}: 未知的词组 {row['group']!r}")
            continue
        add(row["group"], row["keyword"], row.get("value"), row.where)
    for topic in question_topics().values():
        where = f"core/vocab/{TOPICS_FILE}（{topic.topic}）"
        for word in topic.questions:
            add("topic", word, topic.topic, where)
        for word in topic.weak_questions:
            add("topic", word, f"~{topic.topic}", where)
    if bad:
        raise VocabError(message("E001", problems="; ".join(bad)))
    return {g: tuple(sorted(kw.items(), key=lambda kv: (-len(kv[0]), kv[0]))) for g, kw in groups.items()}
