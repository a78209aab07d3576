"""Scanned PDFs and photographed pages give the seed tables' pairings, read by offline OCR.

The seed documents are printed to PDF (tests/render.py), the pages holding their relation
tables are "scanned" at 150 dpi — turned by ±1°, slightly blurred — and packed as an
image-only PDF and as one .png per page (tests/render_formats.py). OCR results are cached for
the test session (one cache folder), so each page is recognised once per file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.errors import DocumentError
from extract.document_extraction import extract_parsed
from extract.readers import read_document
from extract.readers.scan import cached_pages, needs_ocr, ocr_files
from pipeline import extract_corpus
from tests.render_formats import (
    DOCS_WITH_TABLES,
    pair_keys,
    scan_images,
    score,
    seed_reading,
    table_pairs,
    write_pngs,
    write_scanned_pdf,
)

pytestmark = pytest.mark.slow
MIN_SCORE = 0.95


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="session")
def scanned(tmp_path_factory) -> dict[str, list]:
    work = tmp_path_factory.mktemp("printed")
    return {stem: scan_images(seed_reading(stem), work) for stem in DOCS_WITH_TABLES}


@pytest.fixture(scope="session")
def scanned_pdfs(scanned, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    return {stem: write_scanned_pdf(images, folder / f"{stem}.pdf") for stem, images in scanned.items()}


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory) -> Path:
    """The bangfu cache folder of every test here: OCR results land in its ocr/ folder."""
    return tmp_path_factory.mktemp("bangfu-cache")


def _read(path: Path, cache_root: Path):
    return read_document(path, ocr_cache=cache_root / "ocr")


@pytest.mark.parametrize("stem", DOCS_WITH_TABLES)
def test_scanned_pdf_gives_the_same_pairings(scanned_pdfs, cache_root, stem: str) -> None:
    expected = table_pairs(seed_reading(stem), stem)
    parsed = _read(scanned_pdfs[stem], cache_root)
    got = {(stem, *key) for key in pair_keys(parsed)}
    result = score(expected, got)
    print(result.line(f"scanned pdf {stem} (mean confidence {parsed.ocr_confidence})"))
    assert parsed.fmt == "ocr"
    assert result.precision >= MIN_SCORE and result.recall >= MIN_SCORE, (
        sorted(expected - got)[:5], sorted(got - expected)[:5]
    )


def test_photographed_pages_give_the_same_pairings(scanned, cache_root, tmp_path_factory) -> None:
    """One .png a page, each its own document: the pages after the first print no caption,
    so the programme is not compared, only who supports whom (and who leads)."""
    stem = "002_f96d2e1adf756957"
    folder = tmp_path_factory.mktemp("png")
    expected = {key[1:4] for key in table_pairs(seed_reading(stem), stem)}
    got = set()
    for path in write_pngs(scanned[stem], folder, stem):
        got |= {key[:3] for key in pair_keys(_read(path, cache_root))}
    result = score(expected, got)
    print(result.line(f"png pages {stem}"))
    assert result.precision >= MIN_SCORE and result.recall >= MIN_SCORE, (
        sorted(expected - got)[:5], sorted(got - expected)[:5]
    )


def test_rows_cite_page_and_ocr_line(scanned_pdfs, cache_root) -> None:
    """Evidence names the scanned page and the OCR line the row starts on."""
    parsed = _read(scanned_pdfs["002_f96d2e1adf756957"], cache_root)
    table = parsed.tables[0]
    assert all(re.fullmatch(r"第[12]页 OCR第\d+行", r.place) for r in table.rows)
    pairing = next(p for p in extract_parsed(parsed).pairings if p.recipient == "希伯花中心卫生院")
    row = next(r for r in table.rows if "希伯花中心卫生院" in r.cells)
    assert row.place.startswith("第1页 ")
    assert pairing.evidence.where == f"附件 序号2（{row.place}）"


def test_wrapped_cell_lines_are_one_cell(scanned_pdfs, cache_root) -> None:
    """科尔沁左翼中旗人 / 民医院 are two OCR boxes of one cell, one name once joined."""
    parsed = _read(scanned_pdfs["002_f96d2e1adf756957"], cache_root)
    supporters = {r.cells[1] for t in parsed.tables for r in t.rows[1:]}
    assert "科尔沁左翼中旗人民医院" in supporters
    assert not {s for s in supporters if s in ("科尔沁左翼中旗人", "民医院")}


def test_which_files_need_ocr(scanned_pdfs, scanned, tmp_path) -> None:
    from tests.render import render_pdf

    typed = render_pdf(seed_reading("003_4d4abe8e6271f2f6"), tmp_path / "typed.pdf")
    png = write_pngs(scanned["002_f96d2e1adf756957"][:1], tmp_path, "page")[0]
    assert [needs_ocr(p) for p in (scanned_pdfs["002_f96d2e1adf756957"], png, typed)] == [True, True, False]


def test_build_says_which_documents_were_ocrd_and_a_rebuild_reads_the_cache(
    scanned_pdfs, cache_root, tmp_path, monkeypatch, capsys
) -> None:
    """`bangfu build` names the OCR'd file with its mean confidence; the OCR result is kept
    outside the corpus, so a rebuild recognises nothing again."""
    from extract.readers import scan
    from ui.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "关系表扫描件.pdf"
    (corpus / name).write_bytes(scanned_pdfs["002_f96d2e1adf756957"].read_bytes())
    monkeypatch.setenv("BANGFU_CACHE", str(cache_root))
    assert main(["build", "--corpus", str(corpus)]) == 0
    confidence = _read(corpus / name, cache_root).ocr_confidence
    first = capsys.readouterr().out
    listed = f"  - {name}（OCR 识别，平均置信度 {confidence:.3f}）：表格 "  # then the pairing counts
    assert next(line for line in first.splitlines() if line.startswith(f"  - {name}")).startswith(listed)
    assert [p.name for p in corpus.iterdir()] == [name]  # nothing written into the corpus

    def no_ocr(image):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(scan, "_recognise", no_ocr)
    assert main(["build", "--corpus", str(corpus), "--rebuild"]) == 0
    second = capsys.readouterr().out
    assert next(line for line in second.splitlines() if line.startswith(f"  - {name}")).startswith(listed)
    assert ocr_files([corpus / name], cache_root / "ocr") == []
    assert cached_pages(corpus / name, cache_root / "ocr") is not None


def test_blank_scan_is_one_chinese_line(tmp_path) -> None:
    from PIL import Image

    path = tmp_path / "blank.png"
    Image.new("L", (600, 400), 255).save(path)
    with pytest.raises(DocumentError) as excinfo:
        read_document(path)
    assert excinfo.value.message == "扫描件中没有识别出文字：blank.png"


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n" + bytes(64)])
def test_broken_image_is_one_chinese_line(tmp_path, content: bytes) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as excinfo:
        read_document(path)
    assert type(excinfo.value) is DocumentError
    assert excinfo.value.message in ("文件为空：photo.png", "扫描件或图片已损坏或无法解析：photo.png")


def test_corpus_of_scans_builds(scanned_pdfs, cache_root, tmp_path) -> None:
    """The issue's new user: a corpus of one scanned table now builds."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(scanned_pdfs["004_83573d7611e5798f"].read_bytes())
    extraction = extract_corpus(corpus, ocr_cache=cache_root / "ocr")
    assert [r.doc for r in extraction.results] == ["scan.pdf"]
    assert extraction.results[0].info.ocr_confidence is not None
    pairings = {(p.supporter, p.recipient, p.lead, p.program) for p in extraction.results[0].pairings}
    assert pairings == pair_keys(_read(corpus / "scan.pdf", cache_root))
