"""Excel attachments (.xlsx, .xls) give the same pairings as the seed .txt tables.

Each seed document's tables are written to an .xlsx at test time (tests/render_formats.py):
starting at B2, a section line and the caption (merged across the table) above each table,
several tables on one sheet separated by blank rows, county columns merged down, long names
wrapped inside their cells. The old binary .xls cannot be written by a maintained library,
so it is a small committed file (tests/data/seed_002.xls, made by scripts/make_xls_fixture.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import DocumentError
from extract.document_extraction import extract_parsed
from extract.readers import read_document
from extract.readers.excel import read_excel
from pipeline import extract_corpus
from tests.render_formats import (
    DOCS_WITH_TABLES,
    pair_keys,
    printed_section,
    score,
    seed_reading,
    table_pairs,
    write_tables_xlsx,
)

XLS_FIXTURE = Path(__file__).resolve().parent / "data" / "seed_002.xls"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsx")
    return {stem: write_tables_xlsx(seed_reading(stem).tables, folder / f"{stem}.xlsx")
            for stem in DOCS_WITH_TABLES}


def _trimmed(cells: tuple[str, ...]) -> tuple[str, ...]:
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


@pytest.mark.parametrize("stem", DOCS_WITH_TABLES)
def test_xlsx_gives_the_same_pairings(workbooks, stem: str) -> None:
    expected = table_pairs(seed_reading(stem), stem)
    got = {(stem, *key) for key in pair_keys(read_document(workbooks[stem]))}
    result = score(expected, got)
    print(result.line(f"xlsx {stem}"))
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])


@pytest.mark.parametrize("stem", DOCS_WITH_TABLES)
def test_xlsx_tables_read_like_txt(workbooks, stem: str) -> None:
    """Merged cells come back as the .txt prints them (text once, "" below), wrapped names
    as one cell, captions and sections from the title rows, several tables per sheet."""
    txt = seed_reading(stem)
    xlsx = read_excel(workbooks[stem])
    expected = [(t.caption, printed_section(t.section)) for t in txt.tables]
    assert [(t.caption, t.section) for t in xlsx.tables] == expected
    for ours, theirs in zip(xlsx.tables, txt.tables, strict=True):
        assert [_trimmed(r.cells) for r in ours.rows] == [_trimmed(r.cells) for r in theirs.rows]


def test_xlsx_rows_cite_sheet_and_row(workbooks) -> None:
    """B2 section, B3 caption, B4 header: the first county row is Excel's row 5 of Sheet1;
    the second table is on Sheet2, below its own two title rows and header."""
    result = extract_parsed(read_document(workbooks["000_5e86d926f4900194"]))
    first = result.pairings[0]
    assert (first.recipient, first.supporter) == ("禄劝县人民医院", "昆明市延安医院")
    assert first.evidence.where == "附件1 序号1（Sheet1 第5行）"
    second_table = [p for p in result.pairings if "Sheet2" in p.evidence.where]
    assert second_table[0].evidence.where == "附件2 序号1（Sheet2 第5行）"


def test_xls_fixture_gives_the_same_pairings() -> None:
    stem = "002_f96d2e1adf756957"
    expected = table_pairs(seed_reading(stem), stem)
    parsed = read_document(XLS_FIXTURE)
    got = {(stem, *key) for key in pair_keys(parsed)}
    print(score(expected, got).line("xls 002"))
    assert parsed.fmt == "xls"
    assert got == expected
    assert extract_parsed(parsed).pairings[0].evidence.where == "附件 序号1（关系表 第5行）"


def test_sheet_name_is_the_caption_when_no_title_row(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "对口帮扶关系表"
    for row in (["县", "受援医院", "支援医院"], ["禄劝县", "禄劝县人民医院", "昆明市延安医院"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "plain.xlsx")
    table = read_excel(tmp_path / "plain.xlsx").tables[0]
    assert (table.caption, table.section) == ("对口帮扶关系表", "附件")
    assert [r.place for r in table.rows] == ["对口帮扶关系表 第1行", "对口帮扶关系表 第2行"]


def test_corpus_of_one_workbook_builds(workbooks, tmp_path: Path) -> None:
    """The issue's new user: a corpus holding only an Excel table now builds."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = workbooks["002_f96d2e1adf756957"]
    (corpus / "关系表.xlsx").write_bytes(source.read_bytes())
    extraction = extract_corpus(corpus)
    assert [r.doc for r in extraction.results] == ["关系表.xlsx"]
    assert len(extraction.results[0].pairings) == 30
    assert [p for p in extraction.problems if p.kind in ("unsupported", "unreadable")] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (bytes(range(256)) * 8, "不是有效的 Excel 文件"),
        (b"PK\x03\x04" + bytes(300), "不是有效的 Excel 文件"),
    ],
)
def test_bad_workbooks_get_one_chinese_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as excinfo:
        read_document(path)
    assert type(excinfo.value) is DocumentError
    assert excinfo.value.message == f"{message}：bad.xlsx"


def test_empty_workbook_is_refused(tmp_path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "blank.xlsx")
    with pytest.raises(DocumentError, match=r"Excel 文件没有任何内容：blank\.xlsx"):
        read_document(tmp_path / "blank.xlsx")
