"""Document-level metadata read from the text: 文号, title, issuers, date, region, period, citations.

Why from the text and not from a file list: a user drops new files into ``corpus/`` and expects
them in the graph without filling a form. The manifest (:mod:`extract.manifest`) only fills what
the text cannot tell (a plan printed without its letterhead) and checks what it can.

Rules, each derived from the five seeds and stated so that a new document can be judged by them:

* **Own number** — the 文号 printed alone on a line in the letterhead area (正文, before the first
  heading). A 文号 printed alone inside an appendix is the letterhead of a notice printed inside
  this one (``contains``). Every other 文号 in the text is a citation (``cites``).
* **Title** — the lines after the own number; when prose follows the number at once (a web
  page's head: title, issuer, number), the lines above it that are neither letterhead nor
  an issuer's name. A cover notice that *issues* a plan (``…关于印发X的通知``, ``印发《X》的通知``) is cited
  and used by the title of the plan, so the title is X; a notice that *forwards* (``转发…``) or
  any other notice keeps its own title, minus the issuers' names before ``关于``. A document
  without letterhead takes its opening heading lines. Line-wrap spaces are removed.
* **Issuers** — the letterhead line ``甲 乙 文件`` split into organisations; else the organisation
  lines printed just above the signing date.
* **Date** — a line holding only a date in the 正文 (the signature of the cover notice, not of
  a notice printed in an appendix); else the ``…印发`` line of the colophon.
* **Year** — the date's year, else the own number's year, else the earliest year printed in the
  text outside cited numbers (a plan printed without letterhead names its start year first).
* **Region** — from the issuers' names (``云南省卫生健康委员会`` → 云南省; ``国家…``/``国务院…`` → 全国),
  else a province named at the start of the title.
* **Period** — see :func:`_period`.
* **Cited titles** — ``《…》`` naming an official document (see :func:`_is_document_title`) with no
  文号 printed next to it; titles with a 文号 go to ``cited_pairs`` instead.

Where the text alone cannot give a field (贵州's issuer and region, seed 003's issuer and region)
the value comes from ``corpus/manifest.tsv``; seed 003's number comes from seed 004 citing its
title (:mod:`extract.citations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Evidence
from core.normalize import fold_width
from core.records import DocumentInfo
from extract.document import Paragraph, ParsedDocument
from extract.places import get_gazetteer

# --- 文号 -----------------------------------------------------------------------------------------

_OPEN = re.escape("〔[［(（【")  # escaped: used inside character classes
_CLOSE = re.escape("〕]］)）】")
# 云卫医发〔2022〕5号 in any brackets, or typed without them as 云卫医发2022年5号 (then the prefix
# must end like a 文号 prefix, so that "截至2022年5号" is not one). Same output form as
# extract.text.unify_doc_numbers, which normalises numbers typed in questions.
_NUMBER_RE = re.compile(
    rf"(?:(?P<prefix>[\u4e00-\u9fff]{{1,10}})\s*[{_OPEN}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{_CLOSE}]"
    rf"|(?P<prefix2>[\u4e00-\u9fff]{{1,9}}[发字函办令电通])\s*(?P<year2>(?:19|20)\d{{2}})\s*年)"
    rf"\s*第?\s*(?P<serial>\d{{1,4}})\s*号"
)
# Words that can stand right before a 文号 in running text ("根据国卫扶贫发〔2021〕6号…",
# "请填写国卫医函〔2019〕109号…"); a 文号 prefix never starts with them.
_LEAD_WORDS = (
    "根据", "按照", "依据", "参照", "依照", "遵照", "对照", "填写", "执行", "落实", "印发", "转发", "贯彻",
    "以及", "文件", "通知", "请", "见", "和", "及", "与", "或", "的", "是", "为", "按", "据", "照", "将",
    "把", "即", "由", "经", "对", "在", "于", "同", "等",
)


def normalize_number(text: str) -> str | None:
    """``云卫人发[2017]86号`` / ``（2017）`` / full-width digits → ``云卫人发〔2017〕86号``, else None."""
    match = _NUMBER_RE.search(fold_width(text))
    return _format_number(match) if match else None


def _trim_prefix(prefix: str) -> str:
    changed = True
    while changed and len(prefix) > 2:
        changed = False
        for word in _LEAD_WORDS:
            if prefix.startswith(word) and len(prefix) - len(word) >= 2:
                prefix = prefix[len(word):]
                changed = True
                break
    return prefix


def _format_number(match: re.Match[str]) -> str:
    prefix = match["prefix"] or match["prefix2"]
    year = match["year"] or match["year2"]
    return f"{_trim_prefix(prefix)}〔{year}〕{int(match['serial'])}号"


def find_numbers(text: str) -> list[tuple[str, int, int]]:
    """Every 文号 in ``text``: (normalised number, start, end) of the printed form."""
    folded = fold_width(text)  # same length: fold_width maps one character to one character
    return [(_format_number(m), m.start(), m.end()) for m in _NUMBER_RE.finditer(folded)]


def _alone_number(text: str) -> str | None:
    """The 文号 when a line holds nothing else (a letterhead), allowing a 签发人 note after it."""
    text = re.sub(r"\s*签发人[:：].*$", "", text).strip()
    text = re.sub(r"^文号[:：]\s*", "", text)
    match = _NUMBER_RE.fullmatch(fold_width(text).replace(" ", ""))
    return _format_number(match) if match else None


# --- titles --------------------------------------------------------------------------------------

_QUOTES = "“”‘’\"'「」『』《》〈〉<>"
_NOT_TITLE_CHARS = re.compile(rf"[\s{re.escape(_QUOTES)}]")
_ISSUED = re.compile(r"^(?:.*?关于)?印发[《〈]?(?P<inner>.+?)[》〉]?的通知$")
_DOC_KINDS = ("意见", "通知", "方案", "决定", "规划", "计划", "纲要", "办法", "细则", "规定", "条例", "批复",
              "通报", "函", "报告", "指南", "指导意见", "实施意见")
_STANDALONE_KINDS = ("方案", "意见", "规划", "计划", "决定", "纲要")


def normalize_title(title: str) -> str:
    """The comparison form of a title: no spaces, quotes or book-title marks, half-width brackets."""
    title = fold_width(title).replace("（", "(").replace("）", ")")
    return _NOT_TITLE_CHARS.sub("", title)


def issued_title(title: str) -> str | None:
    """``关于印发X的通知`` → X: the plan a cover notice issues, or None for other titles."""
    match = _ISSUED.match(title)
    return match["inner"].strip("《》〈〉") if match else None


def _join_title(lines: list[str]) -> str:
    """Title lines joined, with the printed line-wrap spaces removed (not between Latin words)."""
    text = "".join(lines)
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", text).strip()


def _is_document_title(title: str) -> bool:
    """An official document (公文) title: ``…关于…的意见/通知/…``, or a bare plan/opinion/program.

    Bare ``《…办法》``, ``《…细则》``, ``《…标准》``, ``《…考核指标体系》`` are rules and standards a text
    applies; their carrier document has another title, so they cannot be a Document node.
    """
    title = re.sub(r"[（(][^（）()]*[）)]$", "", title)  # …管理办法（试行）
    if "关于" in title and title.endswith(_DOC_KINDS):
        return True
    return title.endswith(_STANDALONE_KINDS)


# --- organisations and places --------------------------------------------------------------------

_ORG_SUFFIX = re.compile(
    r"(?:委员会|卫生健康委|卫健委|卫生计生委|管理局|办公室|办公厅|人民政府|振兴局|扶贫办|保障部|局|厅|委|办|部)$"
)
_AGENCY = re.compile(
    r"卫生|卫健|计生|扶贫|乡村振兴|中医药|医疗保障|医保|人民政府|政府|发展和改革|发改|财政|人力资源|民政|教育"
    r"|党委|办公厅|办公室|委员会|组织部|宣传部|统战部|农业农村|后勤保障部|科技|文化"
)
_NATIONAL_PREFIXES = ("国家", "国务院", "中央", "中共中央", "全国", "中华人民共和国")
_ADMIN_SUFFIX = ("省", "自治区", "市", "自治州", "州", "盟", "地区", "旗", "县", "区", "特区")
def _province_of(text: str, *, prefix: bool = False) -> str | None:
    """The province ``text`` names (exactly, or at its start when ``prefix``), by the official
    names and short forms of the gazetteer (``core/vocab/gazetteer.jsonl``)."""
    forms = get_gazetteer().province_forms()
    if not prefix:
        return forms.get(text)
    return next((official for form, official in forms.items() if text.startswith(form)), None)


def region_of_issuer(issuer: str) -> str | None:
    """The area an issuing body governs: the name before its agency words, 国家… → 全国."""
    if issuer.startswith(_NATIONAL_PREFIXES):
        return "全国"
    match = _AGENCY.search(issuer)
    prefix = issuer[: match.start()] if match else ""
    if not prefix:
        return None
    if prefix.startswith(_NATIONAL_PREFIXES):
        return "全国"
    province = _province_of(prefix)
    if province:
        return province
    return prefix if prefix.endswith(_ADMIN_SUFFIX) and len(prefix) >= 2 else None


def region_of_issuers(issuers: list[str]) -> str | None:
    """The lead (first) issuer's area that can be read; joint issuers share one in practice."""
    for issuer in issuers:
        region = region_of_issuer(issuer)
        if region:
            return region
    return None


def _region_of_title(title: str) -> str | None:
    return _province_of(title, prefix=True)


def _split_letterhead(text: str) -> list[str]:
    """``云南省卫生健康委员会 云南省乡村振兴局 文件`` → the two organisations.

    The word 文件 may sit after any name (江西: ``…扶贫办公室文件 江西省中医药管理局``).
    """
    names: list[str] = []
    for chunk in text.split():
        chunk = chunk.removesuffix("文件").strip()
        if len(chunk) >= 3 and chunk not in names:
            names.append(chunk)
    return names


def _looks_like_org(text: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff（）() ]{3,40}", text)) and bool(_ORG_SUFFIX.search(text))


# --- dates and years -----------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)


_NUMERIC_DATE = re.compile(r"((?:19|20)\d{2})[-/.—](\d{1,2})[-/.—](\d{1,2})")


def cn_number(text: str) -> int | None:
    """Chinese numerals up to the thousands (十二, 二十一, 一百二十) and digit strings to int."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text and all(c in _CN_DIGITS for c in text) and len(text) > 1:  # 二〇二三: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    total += current
    return total if text else None


def parse_date(text: str) -> str | None:
    """``2023年2月13日`` / ``二〇二三年二月十三日`` / ``2023-02-13`` → ISO ``2023-02-13``."""
    text = fold_width(text).strip()
    iso = _NUMERIC_DATE.fullmatch(text)
    if iso:
        y, m, d = (int(g) for g in iso.groups())
    else:
        match = _DATE_RE.search(text)
        if not match:
            return None
        y, m, d = (cn_number(match[k]) for k in ("y", "m", "d"))
        if y is None or m is None or d is None:
            return None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _alone_date(text: str) -> str | None:
    """The date when a line holds nothing else: 2023年2月13日, 二〇二三年二月十三日, 2023-02-13,
    2023/2/13 or 2023.2.13 (a signature)."""
    text = text.replace(" ", "")
    match = _DATE_RE.fullmatch(text) or _NUMERIC_DATE.fullmatch(fold_width(text))
    return parse_date(text) if match else None


# --- period --------------------------------------------------------------------------------------

_FIVE_YEAR_PLANS = {
    "十二五": "2011-2015", "十三五": "2016-2020", "十四五": "2021-2025", "十五五": "2026-2030",
}
# 2016-2020年 / 2016—2020年, but not 2022年2月-2025年12月
_SPAN_DASH = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年(?!\s*\d|\s*[一二三四五六七八九十]+月)"
)
# 自2021年至2025年底 / 2021年起至2025年
_SPAN_FROM = re.compile(r"((?:19|20)\d{2})\s*年\s*起?\s*[至到]\s*((?:19|20)\d{2})\s*年(?:底|末)?(?!\s*\d)")
_TARGET_YEAR = re.compile(r"到\s*((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def _spans(paragraphs: list[Paragraph]) -> list[str]:
    """Year spans printed as such; month-level spans (2022年2月-2025年12月) are work steps, and
    spans with blank months (``2025年 月—2028年 月``) are a form's blanks — neither counts."""
    found: list[str] = []
    for p in paragraphs:
        text = fold_width(p.text)
        for regex in (_SPAN_DASH, _SPAN_FROM):
            for m in regex.finditer(text):
                start, end = int(m[1]), int(m[2])
                if start < end <= start + 10:
                    found.append(f"{start}-{end}")
    return found


def _period(doc: ParsedDocument, title: str | None, year: int | None) -> str | None:
    """The programme's span, by the first rule that applies:

    1. a year span printed in the main text (``时间为2016-2020年``);
    2. a five-year plan named in the title (``“十四五”时期`` → 2021-2025);
    3. a year span printed in an appendix (the agreement template's ``自2021年至2025年底``);
    4. the target year of the goals in the main text (``到2027年``) as the end, and as the start the
       document's year, else the earliest year printed. 贵州's plan: goals ``到2027年``, the only
       other years are its agreement template's ``2025年 月—2028年 月`` (a 3-year agreement cycle,
       blank months, so not the programme) → 2025-2027.
    """
    body = [p for p in doc.paragraphs if not p.section.startswith("附件")]
    appendix = [p for p in doc.paragraphs if p.section.startswith("附件")]
    spans = _spans(body)
    if spans:
        return spans[0]
    for name, span in _FIVE_YEAR_PLANS.items():
        if title and name in title:
            return span
    spans = _spans(appendix)
    if spans:
        return spans[0]
    for p in body:
        target = _TARGET_YEAR.search(fold_width(p.text))
        if target:
            end = int(target[1])
            start = year or _earliest_year(doc)
            if start and start <= end:
                return f"{start}-{end}"
    return None


def _earliest_year(doc: ParsedDocument) -> int | None:
    years: list[int] = []
    for p in doc.paragraphs:
        text = fold_width(p.text)
        for _, start, end in find_numbers(text):  # a cited 文号's year is not this document's
            text = text[:start] + " " * (end - start) + text[end:]
        years.extend(int(m[1]) for m in _YEAR.finditer(text))
    return min(years) if years else None


# --- citations -----------------------------------------------------------------------------------

_BOOK_TITLE = re.compile(r"《(?P<title>[^《》]{2,150})》")
_AFTER_TITLE = re.compile(rf"^(?:的通知|文件|的)?\s*[{_OPEN}]")


@dataclass(frozen=True)
class _Cited:
    title: str
    number: str | None


def _cited_titles(text: str) -> list[_Cited]:
    """``《T》（N）``, ``《T》的通知（N）`` and ``N《T》`` give (T, N); a lone ``《T》`` gives (T, None)."""
    folded = fold_width(text)
    numbers = find_numbers(folded)
    out: list[_Cited] = []
    for m in _BOOK_TITLE.finditer(folded):
        title = _join_title([m["title"]])
        number = None
        tail = folded[m.end(): m.end() + 40]
        if _AFTER_TITLE.match(tail):
            for value, start, _ in numbers:
                if m.end() < start <= m.end() + 8:
                    number = value
                    break
        if number is None:
            for value, _, end in numbers:
                if m.start() - 2 <= end <= m.start():
                    number = value
                    break
        out.append(_Cited(title, number))
    return out


# A document's basis: what its own body says it follows (根据《…》（…号）要求 / 依据…). The clause runs
# from the basis word to the first of these outside a 《title》; an annex (a template with its own
# preamble) is not the document's body.
_BASIS_WORDS = ("根据", "依据")
_BASIS_ENDS = ("要求", "精神", "部署", "规定", "，", "。", "；")


def _basis_clauses(text: str) -> list[str]:
    clauses = []
    for word in _BASIS_WORDS:
        start = text.find(word)
        while start >= 0:
            depth, end = 0, len(text)
            for i in range(start + len(word), len(text)):
                ch = text[i]
                depth += ch == "《"
                depth -= ch == "》" and depth > 0
                if depth == 0 and text.startswith(_BASIS_ENDS, i):
                    end = i
                    break
            clauses.append(text[start + len(word) : end])
            start = text.find(word, end)
    return clauses


def _based_on(doc: ParsedDocument, own_number: str | None) -> list[str]:
    """The 文号 (or, printed without one, the titles) a document's body says it is based on."""
    found: list[str] = []
    for p in doc.paragraphs:
        if p.section.startswith("附件"):
            continue
        for clause in _basis_clauses(fold_width(p.text)):
            keys = [value for value, _, _ in find_numbers(clause) if value != own_number]
            keys += [c.title for c in _cited_titles(clause) if not c.number and _is_document_title(c.title)]
            found += [k for k in keys if k not in found]
    return found


# --- the extractor -------------------------------------------------------------------------------


def _is_prose(text: str) -> bool:
    return any(c in text for c in "，。；：:,;") or len(text) > 60


def _letterhead(doc: ParsedDocument) -> tuple[int | None, str | None]:
    """Index of the own-number paragraph in ``doc.paragraphs`` and the number, if printed."""
    for i, p in enumerate(doc.paragraphs):
        if p.section != "正文" or p.is_heading:
            break
        number = _alone_number(p.text)
        if number:
            return i, number
    return None, None


def _is_title_line(p: Paragraph) -> bool:
    """A line above the number that is neither the letterhead (…文件) nor an issuer's name."""
    text = p.text.replace(" ", "")
    return (
        p.section == "正文"
        and not p.is_heading
        and not _is_prose(p.text)
        and "文件" not in text
        and not all(_looks_like_org(chunk) for chunk in p.text.split())
    )


def _title(doc: ParsedDocument, number_at: int | None) -> tuple[str | None, list[Paragraph]]:
    """The document's own title (see the module docstring for the rule) and the lines it came from."""
    paragraphs = doc.paragraphs
    start = number_at + 1 if number_at is not None else 0
    lines: list[Paragraph] = []
    for p in paragraphs[start:]:
        if p.section != "正文" or p.is_heading or _is_prose(p.text) or _alone_number(p.text):
            break
        if number_at is None and "文件" in p.text and not lines:  # letterhead without a number line
            continue
        lines.append(p)
    if not lines and number_at is not None:  # web-style head: title, issuer, then the number
        lines = [p for p in paragraphs[:number_at] if _is_title_line(p)]
    if not lines:
        return None, []
    title = _join_title([p.text for p in lines])
    inner = issued_title(title)
    if inner:
        return _join_title([inner]), lines
    if "关于" in title and not title.startswith(("关于", "转发")):
        head = title[: title.index("关于")]
        if _ORG_SUFFIX.search(head) or head.endswith(("委", "局", "办", "厅", "部", "政府")):
            title = title[len(head):]
    return title, lines


def _issuers(doc: ParsedDocument, number_at: int | None, date_at: int | None) -> list[str]:
    paragraphs = doc.paragraphs
    if number_at is not None:
        names: list[str] = []
        for p in paragraphs[:number_at]:
            text = p.text
            if "文件" in text or all(_looks_like_org(c) for c in text.split()):
                for name in _split_letterhead(text):
                    if name not in names:
                        names.append(name)
        if names:
            return names
    if date_at is not None:  # a signature block: organisation lines right above the date
        names = []
        for p in reversed(paragraphs[max(0, date_at - 4): date_at]):
            if not _looks_like_org(p.text):
                break
            names.insert(0, p.text.replace(" ", ""))
        return names
    return []


def _date(doc: ParsedDocument) -> tuple[int | None, str | None]:
    for i, p in enumerate(doc.paragraphs):
        if p.section.startswith("附件"):
            break
        date = _alone_date(p.text)
        if date:
            return i, date
    for p in doc.paragraphs:  # the colophon: "江西省卫生健康委员会办公室 2019年5月29日印发"
        text = p.text.replace(" ", "")
        match = _DATE_RE.search(text)
        if match and text.endswith(match[0] + "印发"):
            return None, parse_date(match[0])
    return None, None


def extract_info(doc: ParsedDocument) -> DocumentInfo:
    """Everything :class:`DocumentInfo` holds that the text of ``doc`` tells."""
    info = DocumentInfo(file=doc.name)
    number_at, number = _letterhead(doc)
    info.number = number
    title, title_lines = _title(doc, number_at)
    title = title or doc.title_hint or None  # a web page's <title> when the text prints none
    info.title = title
    date_at, date = _date(doc)
    date = date or doc.date_hint or None  # a web page's publication date likewise
    info.date = date
    info.ocr_confidence = doc.ocr_confidence
    info.issuers = _issuers(doc, number_at, date_at)
    if date:
        info.year = int(date[:4])
    elif number:
        info.year = int(number.split("〔")[1][:4])
    else:
        info.year = _earliest_year(doc)
    info.region = region_of_issuers(info.issuers) or (_region_of_title(title) if title else None)
    info.period = _period(doc, title, info.year)

    own_title = normalize_title(title) if title else ""
    contained: list[str] = []
    for p in doc.paragraphs:
        alone = _alone_number(p.text)
        if alone and p.section.startswith("附件") and alone != number and alone not in contained:
            contained.append(alone)
    cites: list[str] = []
    for p in doc.paragraphs:
        if _alone_number(p.text):
            continue  # a letterhead, own or of a contained notice, is not a citation by itself
        for value, _, _ in find_numbers(p.text):
            if value != number and value not in cites:
                cites.append(value)
    for value in contained:  # printing a notice inside is the strongest form of citing it
        if value not in cites:
            cites.append(value)
    pairs: list[tuple[str, str]] = []
    titles: list[str] = []
    seen_titles: set[str] = set()
    for p in doc.paragraphs:
        for cited in _cited_titles(p.text):
            key = normalize_title(cited.title)
            if cited.number:
                if cited.number != number and (cited.title, cited.number) not in pairs:
                    pairs.append((cited.title, cited.number))
                seen_titles.add(key)
    for p in doc.paragraphs:
        for cited in _cited_titles(p.text):
            key = normalize_title(cited.title)
            issued = issued_title(key) or key
            if (cited.number or key in seen_titles or not _is_document_title(cited.title)
                    or own_title in (key, issued)):
                continue
            seen_titles.add(key)
            titles.append(cited.title)
    info.cites, info.contains, info.cited_pairs, info.cites_titles = cites, contained, pairs, titles
    info.based_on = _based_on(doc, number)

    # the evidence a reader checks: the letterhead's number line and the printed title lines
    quoted = ([doc.paragraphs[number_at]] if number_at is not None else []) + title_lines
    if quoted:
        info.evidence = Evidence(doc.name, quoted[0].section or "正文", " ".join(p.text for p in quoted))
    return info
