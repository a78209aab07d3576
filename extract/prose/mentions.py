"""Institution mentions in a document: names found by the recogniser, numbered short forms
tied to a full name printed in the same document, and the first person (我院/本院).

Why per document: 市三院 means the hospital printed in full somewhere else in the same report,
and 我院 means the hospital whose page it is. Both are decided once for the whole document
(:class:`DocumentScope`), then every sentence's mentions carry the name they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.normalize import normalize_name
from core.vocab.prose import ProseWords
from extract.document import ParsedDocument
from extract.hospitals import HospitalRecognizer, HospitalSpan
from extract.resolve import expand_numbered_short_form

__all__ = ["DocumentScope", "Mention"]


@dataclass(frozen=True)
class Mention:
    """One institution mention in a sentence: offsets, the name it stands for, how it was printed."""

    start: int
    end: int
    name: str  # the name it stands for: full name, 我院's institution, a short form's full name
    printed: str  # as printed, bracketed alias included
    alias: str | None = None  # 甲（乙）: 乙


@dataclass
class DocumentScope:
    """What a sentence's mentions need to know about their document."""

    recognizer: HospitalRecognizer
    words: ProseWords
    self_name: str | None = None  # the institution the document is by or about
    short_forms: dict[str, str] | None = None  # 市三院 -> 昆明市第三人民医院
    _found: dict[str, list[HospitalSpan]] = field(default_factory=dict)

    def spans(self, text: str) -> list[HospitalSpan]:
        """The recogniser's spans in ``text``, found once per text: the document pass and the
        sentence pass read the same sentences, and the recogniser is the costly step."""
        if text not in self._found:
            self._found[text] = self.recognizer.find(text)
        return self._found[text]

    def learn(self, doc: ParsedDocument, texts: Iterable[str]) -> None:
        """Read the document's ``texts`` (its sentences and headings) once: the full names, the
        short forms and the document's own institution."""
        full: list[str] = []
        shorts: set[str] = set()
        for text in texts:
            for span in self.spans(text):
                if span.source == "short":
                    shorts.add(normalize_name(span.text))
                else:
                    full.append(normalize_name(span.main))
        self.short_forms = {
            short: expanded for short in shorts if (expanded := expand_numbered_short_form(short, full))
        }
        self.self_name = self._own_institution(doc)

    def _own_institution(self, doc: ParsedDocument) -> str | None:
        """The publisher of a byline (发布单位：甲), else the institution the title starts with."""
        bylines = self.words.words("byline")
        for paragraph in doc.paragraphs[:5]:
            for label in bylines:
                match = re.search(rf"{re.escape(label)}\s*[:：]\s*", paragraph.text)
                if match:
                    name = self._leading_name(paragraph.text[match.end() :])
                    if name:
                        return name
        if doc.paragraphs:
            return self._leading_name(doc.paragraphs[0].text)
        return None

    def _leading_name(self, text: str) -> str | None:
        spans = [s for s in self.spans(text) if s.source != "short"]
        return normalize_name(spans[0].main) if spans and spans[0].start == 0 else None

    def mentions(self, sentence: str) -> list[Mention]:
        """Every mention in ``sentence``, in order; short forms tied to no full name are left out."""
        found = [m for span in self.spans(sentence) if (m := self._mention(span))]
        if self.self_name:
            taken = [(m.start, m.end) for m in found]
            for word in self.words.words("first_person"):
                for match in re.finditer(re.escape(word), sentence):
                    if all(match.end() <= s or match.start() >= e for s, e in taken):
                        found.append(Mention(match.start(), match.end(), self.self_name, word))
                        taken.append(match.span())
        return sorted(found, key=lambda m: m.start)

    def _mention(self, span: HospitalSpan) -> Mention | None:
        if span.source == "short":
            full = (self.short_forms or {}).get(normalize_name(span.text))
            return Mention(span.start, span.end, full, span.text) if full else None
        alias = normalize_name(span.alias) if span.alias else None
        return Mention(span.start, span.end, normalize_name(span.main), span.text, alias)


def names_of(mentions: Iterable[Mention]) -> list[str]:
    return [m.name for m in mentions]
