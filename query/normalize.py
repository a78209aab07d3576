"""Question normalisation: the first step of understanding a question typed by an official.

Why a separate step: names in the graph are matched by exact string (Aho-Corasick), so a
question must be folded into the same spelling the names were folded into — simplified
characters, half-width digits, full-width brackets, 〔〕 in document numbers, no spaces —
before anything looks for names or keywords. :class:`query.entities.NameIndex` folds every
surface with this same function, which is what makes the two meet even when the fold is
imperfect (OpenCC turns 董乾 into 董干 on both sides).

Typos and variants that OpenCC does not know (帮付, 医完, 卫生完) are data, kept in
``query/data/variants.tsv`` and read with :func:`read_tsv`, which reports bad lines with file
and line number the way jieba's ``load_userdict`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.errors import QueryError
from core.normalize import normalize_name

__all__ = [
    "DATA_DIR",
    "KEYWORD_GROUPS",
    "TableLine",
    "fold_variants",
    "load_keywords",
    "load_variants",
    "normalize_question",
    "read_tsv",
]

# Package data lives beside the code; a path (not importlib.resources) so the same code works
# for the editable install, a namespace package and a wheel.
DATA_DIR = Path(__file__).with_name("data")
VARIANTS_PATH = DATA_DIR / "variants.tsv"


@dataclass(frozen=True)
class TableLine:
    """One data line of a TSV table, with where it came from (for error messages)."""

    fields: tuple[str, ...]
    path: str
    line: int


def read_tsv(path: Path | str, *, min_fields: int, max_fields: int) -> Iterator[TableLine]:
    """The data lines of a UTF-8 TSV table; blank lines and ``#`` comments are skipped.

    Every bad line (wrong number of fields, an empty field) is collected and reported at once
    in a :class:`QueryError` naming the file and line numbers, so a broken table fails loudly
    at load time instead of silently dropping a synonym.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError("问句理解所需的词表无法读取。", detail=f"{path}: {err}") from err
    good: list[TableLine] = []
    bad: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if not min_fields <= len(fields) <= max_fields:
            wanted = f"{min_fields}-{max_fields}"
            bad.append(f"{path}:{number}: 应有 {wanted} 列（TAB 分隔），实有 {len(fields)} 列")
        elif not all(fields[:min_fields]):
            bad.append(f"{path}:{number}: 有空列")
        else:
            good.append(TableLine(fields, str(path), number))
    if bad:
        raise QueryError("问句理解所需的词表有格式错误。", detail="; ".join(bad))
    yield from good


@lru_cache(maxsize=8)
def load_variants(path: Path | str = VARIANTS_PATH) -> tuple[tuple[str, str], ...]:
    """``(wrong, right)`` pairs, longest ``wrong`` first (so 卫生完 wins over 医完)."""
    pairs: dict[str, str] = {}
    bad: list[str] = []
    for row in read_tsv(path, min_fields=2, max_fields=2):
        raw_wrong, raw_right = row.fields
        if raw_wrong == raw_right:
            bad.append(f"{row.path}:{row.line}: 错写与正写相同（{raw_wrong}）")
            continue
        # Both sides get the same base fold as questions, so a row is written in any script.
        wrong, right = normalize_name(raw_wrong), normalize_name(raw_right)
        if wrong == right:
            continue  # e.g. 附屬 -> 附属: OpenCC already does it; the row documents the case
        if wrong in pairs and pairs[wrong] != right:
            bad.append(f"{row.path}:{row.line}: {wrong} 已对应 {pairs[wrong]}，又对应 {right}")
        else:
            pairs[wrong] = right
    if bad:
        raise QueryError("问句理解所需的词表有格式错误。", detail="; ".join(bad))
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=8)
def _variant_pattern(path: Path | str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    pairs = load_variants(path)
    if not pairs:
        return None, {}
    # One alternation, longest first, applied in one pass: a fix never feeds another fix.
    return re.compile("|".join(re.escape(w) for w, _ in pairs)), dict(pairs)


def fold_variants(text: str, path: Path | str = VARIANTS_PATH) -> str:
    """Replace every known typo or variant (帮付 → 帮扶) in one left-to-right pass."""
    pattern, table = _variant_pattern(path)
    if pattern is None:
        return text
    return pattern.sub(lambda m: table[m.group(0)], text)


def normalize_question(text: str) -> str:
    """The canonical form of a question: :func:`core.normalize.normalize_name` (the fold every
    name in the graph went through), then typo/variant folding from ``variants.tsv``.
    Returns ``""`` for blank input.
    """
    return fold_variants(normalize_name(text))


KEYWORDS_PATH = DATA_DIR / "intent_keywords.tsv"

# The groups of intent_keywords.tsv; query/intent_rules.py says how each is used.
KEYWORD_GROUPS: frozenset[str] = frozenset(
    {
        "who",
        "support_verb",
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
        "example",
    }
)
# Groups whose words never end a name: everything but these may cut a typed name.
NOT_DELIMITERS: frozenset[str] = frozenset({"generic", "hospital_word", "example"})


@lru_cache(maxsize=8)
def load_keywords(path: Path | str = KEYWORDS_PATH) -> dict[str, tuple[tuple[str, str], ...]]:
    """``group -> ((keyword, value), ...)``, longest keyword first, from ``intent_keywords.tsv``.

    Keywords are folded like questions (so a traditional or full-width row still matches);
    an unknown group or a keyword repeated within its group is reported with file and line.
    """
    groups: dict[str, dict[str, str]] = {g: {} for g in KEYWORD_GROUPS}
    bad: list[str] = []
    for row in read_tsv(path, min_fields=2, max_fields=3):
        group, keyword = row.fields[0], row.fields[1]
        value = row.fields[2] if len(row.fields) == 3 else ""
        if group not in KEYWORD_GROUPS:
            bad.append(f"{row.path}:{row.line}: 未知的词组 {group!r}")
            continue
        folded = keyword if group == "example" else normalize_question(keyword)
        if not folded:
            bad.append(f"{row.path}:{row.line}: 关键词为空")
        elif folded in groups[group]:
            bad.append(f"{row.path}:{row.line}: {group} 组中 {folded} 重复")
        else:
            groups[group][folded] = value
    if bad:
        raise QueryError("问句理解所需的词表有格式错误。", detail="; ".join(bad))
    return {
        g: tuple(sorted(words.items(), key=lambda kv: (-len(kv[0]), kv[0])))
        if g != "example"
        else tuple(words.items())
        for g, words in groups.items()
    }
