"""Paragraphs into sentences, and section headings into programme labels.

Why a numbered paragraph is not always a heading: ``（六）继续开展“组团式”帮扶“三区三州”。`` is a
heading (its topic labels the pairings of the section), but ``（一）甲作为牵头医院，会同乙组团帮扶丙。``
and ``1.乙由甲牵头帮扶。`` are body text whose number is followed by a sentence. The rule: the
first sentence after a number is a heading only when it names no institution and has no
clause break (，；); otherwise the whole paragraph is body text.

Programme label rule: the heading without its number, final punctuation and leading verbs of
doing (``heading_verb`` in ``prose_words.tsv``); a subsection without a heading uses its parent's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.vocab.prose import prose_words
from extract.document import Paragraph

__all__ = ["body_and_heading", "program_for", "program_from_heading", "sentences"]

SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_NUMBER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十0-9０-９]+[）)]|[一二三四五六七八九十]+、|[0-9０-９]+[.．、](?![0-9]))\s*"
)
_HEADING_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*")


def program_from_heading(heading: str) -> str:
    """（六）继续开展“组团式”帮扶“三区三州”。 -> “组团式”帮扶“三区三州”."""
    text = _HEADING_NUMBER.sub("", heading.strip()).rstrip("。：:；;，, ")
    verbs = prose_words().words("heading_verb")
    changed = True
    while changed:
        changed = False
        for verb in verbs:
            if text.startswith(verb) and len(text) > len(verb):
                text = text[len(verb) :]
                changed = True
                break
    return text


def body_and_heading(
    paragraph: Paragraph, names_institution: Callable[[str], bool]
) -> tuple[str, str | None]:
    """(body text without its number, heading sentence or None) of one paragraph."""
    if paragraph.is_heading:
        return "", paragraph.text
    number = _NUMBER.match(paragraph.text)
    if not number:
        return paragraph.text, None
    rest = paragraph.text[number.end() :]
    first = re.split(r"(?<=[。：:])", rest, maxsplit=1)[0]
    if (
        _HEADING_NUMBER.match(paragraph.text)
        and not names_institution(first)
        and not re.search(r"[，,；;]", first)
    ):
        return rest[len(first) :], paragraph.text[: number.end()] + first
    return rest, None


def program_for(section: str, labels: dict[str, str]) -> str:
    """The label of the section, else of its parent (二（六） -> 二), else ""."""
    while section:
        if section in labels:
            return labels[section]
        trimmed = re.sub(r"[（(][一二三四五六七八九十]+[）)]$|[一二三四五六七八九十]+$", "", section).strip()
        if trimmed == section:
            break
        section = trimmed
    return ""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
