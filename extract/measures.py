"""Numbered measure lists (帮扶措施): 贵州's "21项帮扶措施参考" with 优选项 (一)…(七), 自选项 (八)…(二十一).

Why detect by heading and not by file: any plan may append such a list, and the graph should
show its measures without code changes. A list starts at a short heading naming measures
(``…措施参考``, ``21项帮扶措施``, ``…措施清单``) and holds the numbered items that follow;
``一、优选项``-style headings between items are categories. An agreement template repeating
``（一）…（七）`` under its own heading is not a list, because no measures heading precedes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.messages import message
from core.model import Evidence
from core.records import Measure, Problem
from extract.docmeta import cn_number
from extract.document import Paragraph, ParsedDocument

_HEADING = re.compile(
    r"(?:(?P<count>\d+|[一二三四五六七八九十]+)项[^，。；]{0,12}措施|措施(?:参考|清单|目录|指引|菜单))"
)
_ITEM = re.compile(r"^\s*(?:[（(](?P<cn>[一二三四五六七八九十百]+)[）)]|(?P<arabic>\d+)[.、．](?!\d))\s*")
_CATEGORY = re.compile(r"^\s*[一二三四五六七八九十]+、\s*(?P<name>[^，。；：:]{1,16}?)[。：:]?\s*$")


@dataclass
class _Item:
    ordinal: int
    category: str
    first: Paragraph
    parts: list[str] = field(default_factory=list)


def _appendix(section: str) -> str:
    return section.split(" ")[0]


def _is_list_heading(p: Paragraph) -> re.Match[str] | None:
    text = p.text.strip()
    # not a sentence, a citation, a list of appendices ("附件：1.…措施参考") or an item itself
    if (len(text) > 40 or "《" in text or "：" in text or ":" in text or text.endswith(("。", "；"))
            or text.startswith(("附件", "-")) or _ITEM.match(text)):
        return None
    return _HEADING.search(text)


def _ordinal(match: re.Match[str]) -> int | None:
    return cn_number(match["cn"]) if match["cn"] else int(match["arabic"])


def _lists(doc: ParsedDocument) -> list[tuple[Paragraph, re.Match[str], list[_Item]]]:
    """Each measures heading with the numbered items under it."""
    found: list[tuple[Paragraph, re.Match[str], list[_Item]]] = []
    paragraphs = doc.paragraphs
    i = 0
    while i < len(paragraphs):
        heading = _is_list_heading(paragraphs[i])
        if heading is None:
            i += 1
            continue
        where = _appendix(paragraphs[i].section)
        items: list[_Item] = []
        category = ""
        j = i + 1
        while j < len(paragraphs):
            p = paragraphs[j]
            if _appendix(p.section) != where or _is_list_heading(p):
                break
            item = _ITEM.match(p.text)
            cat = _CATEGORY.match(p.text)
            if cat:
                # A 一、 heading is a category when it opens the list, or when the list already has
                # categories and the numbering carries on under it ((七) → 二、自选项 → (八)). Anything
                # else (五、组织保障 after the items) is the next section of the document. Numbering
                # restarting per category is not followed: measure ids are file#ordinal.
                nxt = _ITEM.match(paragraphs[j + 1].text) if j + 1 < len(paragraphs) else None
                if nxt is None or (items and (not category or _ordinal(nxt) != items[-1].ordinal + 1)):
                    break
                category = cat["name"].strip()
            elif item:
                ordinal = _ordinal(item)
                body = p.text[item.end():].strip()
                if ordinal is None or not body:
                    break
                items.append(_Item(ordinal, category, p, [body]))
            elif items and not p.is_heading:
                items[-1].parts.append(p.text.strip())  # a paragraph split by a page break
            elif items:
                break
            j += 1
        if items:
            found.append((paragraphs[i], heading, items))
        i = j if items else i + 1
    return found


def extract_measures(doc: ParsedDocument) -> list[Measure]:
    """The measures of every measures list in ``doc``, in printed order.

    ``title`` is the item's text up to its first 。; ``text`` is the whole item without its
    printed number, so a reader sees the measure in full.
    """
    out: list[Measure] = []
    for _, _, items in _lists(doc):
        for item in items:
            text = "".join(item.parts)
            title = text.split("。", 1)[0].strip()
            out.append(Measure(
                ordinal=item.ordinal, category=item.category, title=title, text=text,
                evidence=Evidence(doc.name, item.first.section, item.first.text),
            ))
    return out


def measure_problems(doc: ParsedDocument) -> list[Problem]:
    """A list whose heading announces N measures (``21项``) but holds another number of items."""
    problems: list[Problem] = []
    for heading_p, heading, items in _lists(doc):
        if heading["count"]:
            announced = cn_number(heading["count"])
            if announced is not None and announced != len(items):
                problems.append(Problem(
                    doc.name, heading_p.section, "measure_count",
                    message("P916", announced=announced, found=len(items)), quote=heading_p.text,
                ))
    return problems
