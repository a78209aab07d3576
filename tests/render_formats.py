"""Write the seed tables out as the other formats notices arrive in: Excel, web pages, scans.

Like ``tests/render.py`` this turns a .txt reading into a file of another format at test time
(nothing binary is committed, nothing is written into corpus/), and the tests compare the
pairings read back with the .txt's own. Each renderer adds what real files of its kind have:
merged cells and title rows in Excel, navigation, scripts and footers around a web page's
article, rotation and blur in a scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from extract.document import ParsedDocument, Table
from extract.document_extraction import extract_parsed
from extract.readers import read_document
from tests.conftest import CORPUS

DOCS_WITH_TABLES = ("000_5e86d926f4900194", "002_f96d2e1adf756957", "004_83573d7611e5798f")
Pair = tuple[str, str, str, bool, str]  # (document stem, supporter, recipient, lead, programme)


def seed_reading(stem: str) -> ParsedDocument:
    return read_document(CORPUS / f"{stem}.txt")


def table_pairs(doc: ParsedDocument, stem: str) -> set[Pair]:
    """The pairings a .txt reading's tables give (a table row cites "原文第N行", a sentence
    its section): the Excel and scan renderings carry the tables only."""
    return {(stem, *key) for key in pair_keys(doc, tables_only=True)}


def pair_keys(doc: ParsedDocument, *, tables_only: bool = False) -> set[tuple[str, str, bool, str]]:
    """(supporter, recipient, lead, programme) of every pairing extracted from ``doc``."""
    return {
        (p.supporter, p.recipient, p.lead, p.program)
        for p in extract_parsed(doc).pairings
        if not tables_only or "原文第" in p.evidence.where
    }


@dataclass(frozen=True)
class Score:
    expected: int
    got: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.got if self.got else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label}: expected {self.expected}, got {self.got}, matched {self.matched}, "
            f"P={self.precision:.3f} R={self.recall:.3f}"
        )


def score(expected: set[Pair], got: set[Pair]) -> Score:
    return Score(len(expected), len(got), len(expected & got))


# --- Excel -------------------------------------------------------------------------------------


def printed_section(section: str) -> str:
    """The appendix label as a title row prints it: "附件1之附件" (an appendix of appendix 1,
    known from reading both headings) is printed "附件"."""
    return section.rsplit("之", 1)[-1]


def _merge_continuations(sheet, table: Table, top: int, left: int) -> None:
    """Merge each leading empty cell into the filled cell above it: the county (and 序号)
    column of a real relation table is one merged cell per county."""
    width = max(len(r.cells) for r in table.rows)
    for column in range(width):
        start = None
        for offset, row in enumerate(table.rows):
            cells = list(row.cells) + [""] * (width - len(row.cells))
            leading_empty = not any(cells[: column + 1])
            if leading_empty and start is not None:
                continue
            if start is not None and offset - 1 > start:
                sheet.merge_cells(
                    start_row=top + start, start_column=left + column,
                    end_row=top + offset - 1, end_column=left + column,
                )
            start = offset if cells[column] else None
        if start is not None and len(table.rows) - 1 > start:
            sheet.merge_cells(
                start_row=top + start, start_column=left + column,
                end_row=top + len(table.rows) - 1, end_column=left + column,
            )


def _wrap(text: str) -> str:
    """A long name typed with a line break inside its cell (Alt+Enter), as people do."""
    return f"{text[:6]}\n{text[6:]}" if len(text) > 12 else text


def write_tables_xlsx(tables: list[Table], out: Path, *, sheets: int = 2) -> Path:
    """The tables on ``sheets`` sheets (several tables per sheet, separated by blank rows),
    starting at B2; above each table its section ("附件1") and its caption merged across
    the table's width; county columns merged down; long names wrapped inside their cell."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    pages = [workbook.active] + [workbook.create_sheet(f"Sheet{n}") for n in range(2, sheets + 1)]
    next_row = {sheet.title: 2 for sheet in pages}
    for index, table in enumerate(tables):
        sheet = pages[min(index, len(pages) - 1)]  # the first tables one per sheet, the rest on the last
        row = next_row[sheet.title]
        width = max(len(r.cells) for r in table.rows)
        if table.section:
            sheet.cell(row=row, column=2, value=printed_section(table.section))
            row += 1
        if table.caption:
            sheet.cell(row=row, column=2, value=table.caption)
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=1 + width)
            row += 1
        for offset, table_row in enumerate(table.rows):
            for column, text in enumerate(table_row.cells):
                if text:
                    value = int(text) if text.isdigit() and len(text) < 6 else _wrap(text)
                    sheet.cell(row=row + offset, column=2 + column, value=value)
        _merge_continuations(sheet, table, row, 2)
        next_row[sheet.title] = row + len(table.rows) + 2  # a blank row (two) before the next table
    workbook.save(str(out))
    return out


# --- web pages ---------------------------------------------------------------------------------

_NAV = ["首页", "机构概况", "政务公开", "政策文件", "办事服务", "互动交流", "专题专栏"]
_RELATED = [
    "关于开展2023年度医疗服务质量检查的通知",
    "省卫生健康委关于公布第二批临床重点专科名单的通知",
    "关于做好今冬明春疫情防控工作的通知",
]


def html_page(doc: ParsedDocument, *, date: str = "2022-03-01") -> str:
    """A government-site page: header, navigation, breadcrumbs, scripts and styles, the
    article (paragraphs and ruled tables, county cells with rowspan), related links, footer."""
    from tests.render import _in_order

    title = doc.paragraphs[0].text if doc.paragraphs else doc.name
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}_政策文件_卫生健康委员会</title>",
        f"<meta name='PubDate' content='{date} 09:30'>",
        "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');})();</script>",
        "<style>.nav li{float:left}</style></head><body>",
        "<div class='header'><img src='logo.png' alt='卫生健康委员会'>",
        "<span>卫生健康委员会门户网站</span></div>",
        "<div class='nav'><ul>" + "".join(f"<li><a href='#'>{n}</a></li>" for n in _NAV) + "</ul></div>",
        "<div class='crumbs'>当前位置：<a href='#'>首页</a> &gt; ",
        "<a href='#'>政务公开</a> &gt; 政策文件</div>",
        "<div class='article'><h1>" + escape(title) + "</h1>",
        f"<div class='info'>发布时间：{date} 来源：卫生健康委员会 浏览次数：<span id='c'>1024</span></div>",
        "<div class='content' id='zoom'>",
    ]
    for block in _in_order(doc):
        if isinstance(block, Table):
            parts.append(_html_table(block))
        else:
            parts.append(f"<p>{escape(block.text)}</p>")
    parts += [
        "</div></div>",
        "<div class='related'><h3>相关文章</h3><ul>"
        + "".join(f"<li><a href='#'>{escape(t)}</a></li>" for t in _RELATED)
        + "</ul></div>",
        "<div class='footer'><p>主办单位：卫生健康委员会 地址：某市某路1号 邮编：650000</p>"
        "<p>网站标识码：5300000001 备案号：滇ICP备05000000号</p></div>",
        "<script>document.getElementById('c').innerText='1025';</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _html_table(table: Table) -> str:
    """A <table> as sites publish it: the county column as one cell with rowspan."""
    width = max(len(r.cells) for r in table.rows)
    grid = [list(r.cells) + [""] * (width - len(r.cells)) for r in table.rows]
    span = [[1] * width for _ in grid]
    hidden = [[False] * width for _ in grid]
    for column in range(width):
        top = None
        for index, cells in enumerate(grid):
            if top is not None and not any(cells[: column + 1]):
                span[top][column] += 1
                hidden[index][column] = True
                continue
            top = index if cells[column] else None
    rows = []
    for index, cells in enumerate(grid):
        tds = []
        for column, text in enumerate(cells):
            if hidden[index][column]:
                continue
            tag = "th" if index == 0 else "td"
            rowspan = f" rowspan='{span[index][column]}'" if span[index][column] > 1 else ""
            tds.append(f"<{tag}{rowspan}>{escape(text)}</{tag}>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<table border='1'>" + "".join(rows) + "</table>"


# --- scans -------------------------------------------------------------------------------------

SCAN_DPI = 150


def table_pages(pdf_path: Path, parsed: ParsedDocument) -> list[int]:
    """0-based pages of a printed document holding a relation table (a table that gives
    pairings), and the page before when the table's caption is printed there."""
    import pdfplumber

    recipients = {p[2] for p in table_pairs(parsed, "")}
    captions = [t.caption.replace(" ", "") for t in parsed.tables if t.caption]
    with pdfplumber.open(pdf_path) as pdf:
        texts = [(page.extract_text() or "").replace(" ", "").replace("\n", "") for page in pdf.pages]
    pages = {i for i, text in enumerate(texts) if any(r in text for r in recipients)}
    for index in sorted(pages):
        head = texts[index]
        if index - 1 not in pages and index > 0 and not any(c in head for c in captions):
            pages.add(index - 1)
    return sorted(pages)


def scan_images(parsed: ParsedDocument, work: Path, *, dpi: int = SCAN_DPI) -> list:
    """The pages of ``parsed`` that hold its tables, printed (tests/render.py), scanned at
    ``dpi``: turned by +1° and -1° on alternate pages, slightly blurred, in grey."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    from tests.render import render_pdf

    printed = render_pdf(parsed, work / f"{Path(parsed.name).stem}.printed.pdf")
    pages = table_pages(printed, parsed)
    pdf = pdfium.PdfDocument(str(printed))
    images = []
    try:
        for number, index in enumerate(pages):
            image = pdf[index].render(scale=dpi / 72).to_pil().convert("L")
            angle = 1.0 if number % 2 == 0 else -1.0
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            images.append(image.filter(ImageFilter.GaussianBlur(0.7)))
    finally:
        pdf.close()
    return images


def write_scanned_pdf(images: list, out: Path, *, dpi: int = SCAN_DPI) -> Path:
    """An image-only PDF, one scanned page per image (no text layer)."""
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out


def write_pngs(images: list, folder: Path, stem: str) -> list[Path]:
    """One photographed page per .png file."""
    paths = []
    for number, image in enumerate(images, start=1):
        paths.append(folder / f"{stem}_p{number}.png")
        image.save(paths[-1], dpi=(SCAN_DPI, SCAN_DPI))
    return paths
