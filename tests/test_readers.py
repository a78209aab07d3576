"""Readers for .docx and .pdf must give the internal form the .txt reader gives.

Each corpus document is read as .txt, written out as a real .docx and a real .pdf
(tests/render.py) and read back. What may legitimately differ, and nothing else:

- line numbers: a .docx or .pdf has no source lines, so paragraphs are numbered by
  paragraph and table rows by row within the table (the .txt reader numbers file lines);
- PDF only, repeated header rows: a table split across pages prints its header again at the
  top of each new page (the original documents did the same, so the .txt already holds some
  repeats, which the table extractor skips);
- PDF only, whitespace: a space at which a line or a cell wraps is not printed, so
  "不少于 240" can come back as "不少于240" and "配套经费 (万元)" as "配套经费(万元)".
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from core.errors import DocumentError
from extract.document import Paragraph, ParsedDocument, Table
from extract.readers import read_document
from extract.readers.docx import read_docx
from extract.readers.pdf import read_pdf
from extract.readers.txt import read_txt
from tests.render import register_pdf_font, render_docx, render_docx_lines, render_pdf

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ALL_DOCS = sorted(p.name for p in CORPUS.glob("*.txt"))
TABLE_DOCS = [name for name in ALL_DOCS if read_txt(CORPUS / name).tables]
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Readings:
    """One corpus document read three ways."""

    txt: ParsedDocument
    docx: ParsedDocument
    pdf: ParsedDocument


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Readings]:
    """Render every corpus document once per format (rendering is the slow part)."""
    out = tmp_path_factory.mktemp("rendered")
    result = {}
    for name in ALL_DOCS:
        txt = read_txt(CORPUS / name)
        stem = Path(name).stem
        docx_doc = read_docx(render_docx(txt, out / f"{stem}.docx"), name)
        pdf_doc = read_pdf(render_pdf(txt, out / f"{stem}.pdf"), name)
        result[name] = Readings(txt, docx_doc, pdf_doc)
    return result


def test_corpus_has_tables_to_test() -> None:
    # Guards the parametrisation below: an empty list would make the table tests vacuous.
    assert len(TABLE_DOCS) >= 3


# --- helpers ------------------------------------------------------------------------------


def _grid(table: Table) -> list[tuple[str, ...]]:
    """Rows padded to the table's width: a .txt row may stop early, a Word or PDF row cannot."""
    width = max(len(r.cells) for r in table.rows)
    return [r.cells + ("",) * (width - len(r.cells)) for r in table.rows]


def _squeeze(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", c) for c in cells)


def _only_spaces_lost(got: str, expected: str) -> bool:
    """``got`` is ``expected`` with some whitespace deleted, and nothing else changed.

    Stricter than comparing squeezed strings: a reader that adds spaces, or turns a wrap
    into a space, fails here.
    """
    i = 0
    for char in expected:
        if i < len(got) and got[i] == char:
            i += 1
        elif not char.isspace():
            return False
    return i == len(got)


def _without_page_headers(table: Table, width: int) -> list[tuple[str, ...]]:
    """Drop the header row PDF repeats at the top of each new page, and only that row.

    A header row that is not the first row of its page came from the document itself and
    is kept, so both sides keep the original document's own repeats.
    """
    header = _grid(table)[0]
    kept = [table.rows[0].cells]
    for before, row in zip(table.rows, table.rows[1:], strict=False):
        padded = row.cells + ("",) * (width - len(row.cells))
        if row.page != before.page and padded == header:
            continue
        kept.append(row.cells)
    return [c + ("",) * (width - len(c)) for c in kept]


# --- .docx with real Word tables -----------------------------------------------------------


@pytest.mark.parametrize("name", TABLE_DOCS)
def test_docx_tables_match_txt(readings: dict[str, Readings], name: str) -> None:
    txt, docx_doc = readings[name].txt, readings[name].docx
    assert len(docx_doc.tables) == len(txt.tables)
    for expected, got in zip(txt.tables, docx_doc.tables, strict=True):
        assert (got.caption, got.section, got.index) == (expected.caption, expected.section, expected.index)
        assert [r.cells for r in got.rows] == _grid(expected)
        assert [r.line for r in got.rows] == list(range(1, len(got.rows) + 1))


@pytest.mark.parametrize("name", ALL_DOCS)
def test_docx_paragraphs_match_txt(readings: dict[str, Readings], name: str) -> None:
    txt, docx_doc = readings[name].txt, readings[name].docx
    expected = [(p.text, p.section, p.is_heading) for p in txt.paragraphs]
    assert [(p.text, p.section, p.is_heading) for p in docx_doc.paragraphs] == expected
    assert docx_doc.fmt == "docx"


@pytest.mark.parametrize("name", ALL_DOCS)
def test_docx_from_libreoffice_conversion_equals_txt(tmp_path: Path, name: str) -> None:
    """LibreOffice turns a .txt into one paragraph per line, tables as tab paragraphs: the
    reading must be identical to the .txt reading, line numbers included."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    got = read_docx(render_docx_lines(text, tmp_path / "converted.docx"), name)
    assert replace(got, fmt="txt") == read_txt(CORPUS / name)


def _merged_table_docx(path: Path) -> Path:
    """A Word table as officials type it: 序号 and 县名称 merged down, a header merged across,
    a row that starts in the third column (w:gridBefore), and a note inside a content control."""
    import copy

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph("三级医院对口帮扶县级医院关系表")
    table = document.add_table(rows=4, cols=4)
    rows = [
        ["序号", "诊疗人次", "", "三级医院"],
        ["1", "禄劝县", "禄劝县人民医院", "昆明市延安医院"],
        ["", "", "禄劝县中医医院", "昆明市中医医院"],
        ["2", "寻甸县", "寻甸县人民医院", "上海市肺科医院"],
    ]
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).merge(table.cell(2, 0))
    county = table.cell(1, 1).merge(table.cell(2, 1))
    county.add_paragraph("")  # Word often leaves an empty paragraph: "禄劝县\n"

    short = copy.deepcopy(table.rows[3]._tr)  # a row with its first two grid columns missing
    for tc in short.tc_lst[:2]:
        short.remove(tc)
    short.tc_lst[0].clear_content()
    short.tc_lst[0].add_p().append(copy.deepcopy(table.rows[3]._tr.tc_lst[0].p_lst[0][-1]))
    grid_before = OxmlElement("w:gridBefore")
    grid_before.set(qn("w:val"), "2")
    short.get_or_add_trPr().append(grid_before)
    table._tbl.append(short)

    note = document.add_paragraph("备注：可自行增加")._p
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    note.addprevious(sdt)
    content.append(note)
    sdt.append(content)
    document.save(str(path))
    return path


def test_docx_merged_cells_read_like_txt(tmp_path: Path) -> None:
    parsed = read_docx(_merged_table_docx(tmp_path / "merged.docx"))
    assert [r.cells for r in parsed.tables[0].rows] == [
        ("序号", "诊疗人次", "", "三级医院"),  # spanned column stays as "", as in the .txt form
        ("1", "禄劝县", "禄劝县人民医院", "昆明市延安医院"),  # "禄劝县\n" stripped
        ("", "", "禄劝县中医医院", "昆明市中医医院"),  # vertical merge: empty, not repeated
        ("2", "寻甸县", "寻甸县人民医院", "上海市肺科医院"),
        ("", "", "2", "上海市肺科医院"),  # gridBefore: the cells keep their columns
    ]
    table = parsed.tables[0]
    assert (table.caption, table.section) == ("三级医院对口帮扶县级医院关系表", "附件1")
    texts = ["附件1", "三级医院对口帮扶县级医院关系表", "备注：可自行增加"]
    assert [p.text for p in parsed.paragraphs] == texts
    assert [p.line for p in parsed.paragraphs] == [1, 2, 3]


def test_docx_traditional_characters_are_simplified(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("由昆明醫科大學第二附屬醫院牽頭，參與幫扶怒江州人民醫院。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "雲南省第一人民醫院"
    table.rows[0].cells[1].text = "迪慶州人民醫院"
    document.save(str(tmp_path / "trad.docx"))
    parsed = read_docx(tmp_path / "trad.docx")
    assert parsed.paragraphs[0].text == "由昆明医科大学第二附属医院牵头，参与帮扶怒江州人民医院。"
    assert parsed.tables[0].rows[0].cells == ("云南省第一人民医院", "迪庆州人民医院")


# --- .pdf ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLE_DOCS)
def test_pdf_tables_match_txt(readings: dict[str, Readings], name: str) -> None:
    txt, pdf_doc = readings[name].txt, readings[name].pdf
    # As many tables as the .txt: each table split across pages came back as one.
    assert len(pdf_doc.tables) == len(txt.tables)
    for expected, got in zip(txt.tables, pdf_doc.tables, strict=True):
        assert _squeeze((got.caption, got.section)) == _squeeze((expected.caption, expected.section))
        width = len(_grid(expected)[0])
        assert {len(r.cells) for r in got.rows} == {width}
        got_rows = _without_page_headers(got, width)
        assert [_squeeze(c) for c in got_rows] == [_squeeze(c) for c in _grid(expected)]
        for got_cells, expected_cells in zip(got_rows, _grid(expected), strict=True):
            assert all(map(_only_spaces_lost, got_cells, expected_cells)), (got_cells, expected_cells)
        assert [r.line for r in got.rows] == list(range(1, len(got.rows) + 1))


def test_pdf_table_split_across_pages_is_one_table(readings: dict[str, Readings]) -> None:
    # The 156-row relation table of the Yunnan plan fills several pages.
    table = readings["000_5e86d926f4900194.txt"].pdf.tables[0]
    pages = [r.page for r in table.rows]
    assert len(set(pages)) >= 3
    assert pages == sorted(pages)


@pytest.mark.parametrize("name", ALL_DOCS)
def test_pdf_paragraphs_match_txt(readings: dict[str, Readings], name: str) -> None:
    """Wrapped lines are joined back into paragraphs, page footers ("— 3 —") dropped."""
    txt, pdf_doc = readings[name].txt, readings[name].pdf
    expected = [(re.sub(r"\s+", "", p.text), p.section, p.is_heading) for p in txt.paragraphs]
    got = [(re.sub(r"\s+", "", p.text), p.section, p.is_heading) for p in pdf_doc.paragraphs]
    assert got == expected
    for got_paragraph, expected_paragraph in zip(pdf_doc.paragraphs, txt.paragraphs, strict=True):
        assert _only_spaces_lost(got_paragraph.text, expected_paragraph.text), got_paragraph.text
    assert all(p.page for p in pdf_doc.paragraphs)
    assert pdf_doc.fmt == "pdf"


def test_pdf_paragraph_cut_by_page_break_at_sentence_end_is_joined(tmp_path: Path) -> None:
    """assemble() only joins a page-split paragraph cut mid-sentence with commas in it; the
    PDF reader must join by layout, however the first part ends. Paragraphs here have no
    commas and several sentences, so every page break falls inside one of them."""
    sentence = "支援医院每年为受援医院培养至少三名临床骨干医师或医技人员。"
    texts = [f"（{n}）" + sentence * 6 for n in range(1, 41)]
    parsed = ParsedDocument("synthetic.txt", "txt", [Paragraph(t, "正文", n) for n, t in enumerate(texts, 1)])
    got = read_pdf(render_pdf(parsed, tmp_path / "long.pdf"))
    assert [p.text for p in got.paragraphs] == texts
    assert len({p.page for p in got.paragraphs}) >= 3


def test_pdf_wrapped_english_words_keep_their_space(tmp_path: Path) -> None:
    """Latin text wraps at a space the PDF does not print: the join puts it back."""
    text = "支援医院要进一步完善医院管理制度和 " + "clinical pathway management workflows " * 12 + "等。"
    text = text.replace("  ", " ").strip()
    parsed = ParsedDocument("latin.txt", "txt", [Paragraph(text, "正文", 1)])
    got = read_pdf(render_pdf(parsed, tmp_path / "latin.pdf"))
    assert [p.text for p in got.paragraphs] == [text]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_paragraph_section_survives_round_trip(readings: dict[str, Readings], fmt: str) -> None:
    parsed = getattr(readings["000_5e86d926f4900194.txt"], fmt)
    hits = [p for p in parsed.paragraphs if "由昆明医科大学第二附属医院牵头" in p.text]
    assert [p.section for p in hits] == ["正文 二（六）"]
    # The paragraph crossed a page break in the source; it must be whole in every format.
    assert "参与帮扶怒江州人民医院" in hits[0].text


def _pdf_pages(path: Path, pages: list[str]) -> Path:
    """A PDF page by page: "text" a line of Chinese, "scan" only a picture, "blank" nothing."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    font = register_pdf_font()
    canvas = Canvas(str(path))
    for kind in pages:
        if kind == "text":
            canvas.setFont(font, 12)
            canvas.drawString(72, 700, "附件1：对口帮扶关系表见下页。")
        elif kind == "scan":
            canvas.drawImage(ImageReader(Image.new("RGB", (200, 100), "white")), 50, 500, 400, 200)
        canvas.showPage()
    canvas.save()
    return path


def test_scan_without_recognisable_text_is_one_chinese_line(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as excinfo:
        read_pdf(_pdf_pages(tmp_path / "scan.pdf", ["scan"]))
    assert excinfo.value.message == "扫描件中没有识别出文字：scan.pdf"


def test_pdf_with_one_scanned_page_is_read_by_ocr(tmp_path: Path) -> None:
    """A text page followed by a scanned appendix: reading only the text would silently lose
    the appendix, so the whole file is read by OCR (tests/test_scans.py reads real scans)."""
    parsed = read_pdf(_pdf_pages(tmp_path / "mixed.pdf", ["text", "scan"]))
    assert parsed.fmt == "ocr"
    assert [(p.text, p.page) for p in parsed.paragraphs] == [("附件1：对口帮扶关系表见下页。", 1)]


def test_pdf_blank_pages(tmp_path: Path) -> None:
    """A blank page between text pages is not a scan; a PDF with no text at all is refused."""
    parsed = read_pdf(_pdf_pages(tmp_path / "gap.pdf", ["text", "blank", "text"]))
    assert [(p.text, p.page) for p in parsed.paragraphs] == [
        ("附件1：对口帮扶关系表见下页。", 1),
        ("附件1：对口帮扶关系表见下页。", 3),
    ]
    with pytest.raises(DocumentError, match="没有可提取的文字"):
        read_pdf(_pdf_pages(tmp_path / "blank.pdf", ["blank"]))


# --- bad input -----------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip_without_word_parts(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return path


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of old Word and Excel files

BAD_INPUTS = {
    "empty txt": lambda d: _write(d / "empty.txt", b""),
    "empty docx": lambda d: _write(d / "empty.docx", b""),
    "empty pdf": lambda d: _write(d / "empty.pdf", b""),
    "random bytes docx": lambda d: _write(d / "bad.docx", bytes(range(256)) * 8),
    "zip that is not word": lambda d: _zip_without_word_parts(d / "notword.docx"),
    "old word doc renamed docx": lambda d: _write(d / "old.docx", OLE2 + bytes(500)),
    "random bytes pdf": lambda d: _write(d / "bad.pdf", bytes(range(256)) * 8),
    "truncated pdf": lambda d: _write(d / "cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"),
    "corrupt xls": lambda d: _write(d / "table.xls", OLE2 + bytes(500)),
    "missing file": lambda d: d / "nowhere.docx",
}


def _assert_chinese_document_error(excinfo: pytest.ExceptionInfo[DocumentError]) -> None:
    error = excinfo.value
    assert type(error) is DocumentError  # not a library error that slipped through
    assert CJK.search(error.message), error.message


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_raises_chinese_document_error(tmp_path: Path, case: str) -> None:
    path = BAD_INPUTS[case](tmp_path)
    with pytest.raises(DocumentError) as excinfo:
        read_document(path)
    _assert_chinese_document_error(excinfo)


@pytest.mark.parametrize("case", [c for c in BAD_INPUTS if "docx" in c or "word" in c or "missing" in c])
def test_docx_reader_itself_raises_document_error(tmp_path: Path, case: str) -> None:
    """Callers that use read_docx directly get the same Chinese errors as read_document's."""
    with pytest.raises(DocumentError) as excinfo:
        read_docx(BAD_INPUTS[case](tmp_path))
    _assert_chinese_document_error(excinfo)


@pytest.mark.parametrize("case", [c for c in BAD_INPUTS if "pdf" in c or "missing" in c])
def test_pdf_reader_itself_raises_document_error(tmp_path: Path, case: str) -> None:
    with pytest.raises(DocumentError) as excinfo:
        read_pdf(BAD_INPUTS[case](tmp_path))
    _assert_chinese_document_error(excinfo)
