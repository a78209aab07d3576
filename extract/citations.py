"""Citations across the corpus: which document cites, or prints inside, which other one.

Why after extraction and not per document: a citation can only be resolved against the
other documents, and a cited title can give a number to a document printed without one —
seed 004 cites 《关于加强三级医院对口帮扶贫困县县级医院的工作方案》(国卫医发〔2016〕7号), which is
seed 003's title, so seed 003 is 国卫医发〔2016〕7号 (``number_source = "cited_by:004_…"``).

Citations to documents outside the corpus are kept with ``target=None`` so the graph can hold
a stub Document for them (a later file with that number then joins the same citation).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from core.messages import message
from core.records import DocumentInfo, Problem
from extract.docmeta import issued_title, normalize_title

TITLE_MATCH_RATIO = 95.0  # rapidfuzz ratio on normalised titles: tolerates a quote or a character


@dataclass(frozen=True)
class CitationLink:
    """``source`` cites (or, with ``contains``, prints inside) the document ``target``.

    ``target`` is a corpus file name, or None for a document outside the corpus, known by its
    ``number`` and/or ``title`` as printed in the citing text.
    """

    source: str
    target: str | None
    number: str | None
    title: str | None
    contains: bool = False  # the target is printed inside the source (a forwarded notice)
    where: str = ""  # where in the source the citation was read
    basis: bool = False  # the source's body says it is based on the target (根据…)


def _title_forms(title: str) -> set[str]:
    """A title and, for a cover notice ``关于印发X的通知``, the plan X it issues."""
    key = normalize_title(title)
    forms = {key}
    inner = issued_title(key)
    if inner:
        forms.add(normalize_title(inner))
    return {form for form in forms if form}


def titles_match(a: str, b: str) -> bool:
    """Same document title, allowing small differences (quotes, spaces, one character)."""
    return any(fuzz.ratio(x, y) >= TITLE_MATCH_RATIO for x in _title_forms(a) for y in _title_forms(b))


def _year_of(number: str) -> int | None:
    try:
        return int(number.split("〔")[1][:4])
    except (IndexError, ValueError):
        return None


def _find_by_title(infos: list[DocumentInfo], title: str, exclude: str) -> DocumentInfo | None:
    for info in infos:
        if info.file != exclude and info.title and titles_match(title, info.title):
            return info
    return None


def _infer_numbers(infos: list[DocumentInfo], by_number: dict[str, str]) -> list[Problem]:
    """Give a number to a document printed without one when another document cites its title."""
    problems: list[Problem] = []
    for source in infos:
        for title, number in source.cited_pairs:
            if number in by_number:
                continue  # the number already belongs to a corpus document
            target = _find_by_title(infos, title, exclude=source.file)
            if target is None:
                continue
            if target.number is None:
                target.number = number
                target.number_source = f"cited_by:{source.file}"
                if target.year is None:
                    target.year = _year_of(number)
                by_number[number] = target.file
            elif target.number != number and normalize_title(title) == normalize_title(target.title or ""):
                problems.append(Problem(
                    source.file, message("P957"), "citation_conflict",
                    message("P914", title=title, number=number, file=target.file, other=target.number),
                    quote=f"《{title}》（{number}）",
                ))
    return problems


def link_citations(infos: list[DocumentInfo]) -> tuple[list[CitationLink], list[Problem]]:
    """Resolve every cited number and title of ``infos`` to a corpus file where possible.

    Mutates ``infos``: a document lacking a number gets the one its citers print (see module
    docstring). Returns CITES links (and CONTAINS links for notices printed inside a document)
    and the problems found: two files with one number, or a citation contradicting a file.
    """
    problems: list[Problem] = []
    by_number: dict[str, str] = {}
    for info in infos:
        if not info.number:
            continue
        if info.number in by_number and by_number[info.number] != info.file:
            problems.append(Problem(
                info.file, message("P958"), "duplicate_number",
                message("P915", number=info.number, first=by_number[info.number], second=info.file),
                quote=info.number,
            ))
            continue
        by_number[info.number] = info.file
    problems.extend(_infer_numbers(infos, by_number))
    titles_by_file = {info.file: info.title for info in infos}

    links: list[CitationLink] = []
    seen: set[tuple[str, str | None, str | None, bool]] = set()

    def add(link: CitationLink) -> None:
        key = (link.source, link.target or link.number or link.title, link.number, link.contains)
        if link.target != link.source and key not in seen:
            seen.add(key)
            links.append(link)

    for info in infos:
        pair_title = {number: title for title, number in info.cited_pairs}
        for number in info.cites:
            target = by_number.get(number)
            title = pair_title.get(number) or (titles_by_file.get(target) if target else None)
            add(CitationLink(info.file, target, number, title, basis=number in info.based_on))
        for number in info.contains:
            target = by_number.get(number)
            title = pair_title.get(number) or (titles_by_file.get(target) if target else None)
            add(CitationLink(info.file, target, number, title, contains=True, where="附件"))
        for title in info.cites_titles:
            target_info = _find_by_title(infos, title, exclude=info.file)
            basis = title in info.based_on
            if target_info is not None:
                add(CitationLink(info.file, target_info.file, target_info.number, title, basis=basis))
            else:
                add(CitationLink(info.file, None, None, title, basis=basis))
    return links, problems
