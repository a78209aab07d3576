"""Web pages (.html, .htm, .mhtml) give the seed documents' pairings, and nothing of the site.

Every seed document is published at test time as a government-style page
(tests/render_formats.py): header, menu, breadcrumbs, scripts, "相关文章" links and a footer
around the article, its tables with the county cell spanning rows (rowspan).
"""

from __future__ import annotations

import functools
from email.message import EmailMessage
from pathlib import Path

import pytest

from core.errors import DocumentError
from extract.docmeta import extract_info
from extract.readers import read_document
from pipeline import extract_corpus
from tests.render_formats import _NAV, _RELATED, html_page, pair_keys, score, seed_reading

ALL_DOCS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))
BOILERPLATE = [
    *_NAV[1:], *_RELATED, "当前位置", "相关文章", "主办单位", "备案号", "_hmt", "浏览次数", "innerText"
]


@functools.cache
def _read(path: Path):
    return read_document(path)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for stem in ALL_DOCS:
        out[stem] = folder / f"{stem}.html"
        out[stem].write_text(html_page(seed_reading(stem)), encoding="utf-8")
    return out


@pytest.mark.parametrize("stem", ALL_DOCS)
def test_page_gives_the_same_pairings(pages, stem: str) -> None:
    expected = pair_keys(seed_reading(stem))
    got = pair_keys(_read(pages[stem]))
    print(score(expected, got).line(f"html {stem}"))
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])


@pytest.mark.parametrize("stem", ALL_DOCS)
def test_page_keeps_the_article_only(pages, stem: str) -> None:
    parsed = _read(pages[stem])
    text = "\n".join([*parsed.lines, *(r.quote for t in parsed.tables for r in t.rows)])
    assert [word for word in BOILERPLATE if word in text] == []
    assert [p.text for p in parsed.paragraphs][-1] == seed_reading(stem).paragraphs[-1].text


@pytest.mark.parametrize("stem", ALL_DOCS)
def test_page_tables_read_like_txt(pages, stem: str) -> None:
    """rowspan county cells come back as the .txt prints them: text once, "" below."""
    txt = seed_reading(stem)
    page = _read(pages[stem])
    assert [(t.caption, t.section) for t in page.tables] == [(t.caption, t.section) for t in txt.tables]
    for ours, theirs in zip(page.tables, txt.tables, strict=True):
        width = len(ours.rows[0].cells)
        assert [r.cells for r in ours.rows] == [r.cells + ("",) * (width - len(r.cells)) for r in theirs.rows]


def test_page_title_and_date_fill_what_the_text_does_not_print(pages) -> None:
    """001 prints no date: the page's publication date is used; 002 prints its own date,
    which wins over the page's."""
    undated = extract_info(read_document(pages["001_5d7973793b16831f"]))
    assert (undated.title, undated.date, undated.year) == (
        "省外三甲医院帮扶县（市、特区）级医疗机构实施方案", "2022-03-01", 2022
    )
    dated = extract_info(read_document(pages["002_f96d2e1adf756957"]))
    assert dated.date == "2023-02-13"


def test_page_title_is_used_when_the_text_has_no_title(tmp_path: Path) -> None:
    page = (
        "<html><head><title>关于调整对口帮扶关系的通知</title>"
        "<meta name='PubDate' content='2021-06-30'></head><body><div class='nav'>首页 政务公开</div>"
        "<div class='content'><p>各有关医院：</p><p>经研究，由昆明医科大学第一附属医院帮扶禄劝县人民医院，"
        "请按照要求做好对接工作，确保帮扶工作取得实效，有关情况请及时报送我委医政医管处。</p></div></body></html>"
    )
    path = tmp_path / "notice.htm"
    path.write_text(page, encoding="utf-8")
    parsed = read_document(path)
    assert (parsed.title_hint, parsed.date_hint) == ("关于调整对口帮扶关系的通知", "2021-06-30")
    info = extract_info(parsed)
    assert (info.title, info.date) == ("关于调整对口帮扶关系的通知", "2021-06-30")


def test_gb2312_page(tmp_path: Path, pages) -> None:
    """Older sites serve GB2312/GBK pages, declared in a <meta> tag."""
    stem = "002_f96d2e1adf756957"
    text = pages[stem].read_text(encoding="utf-8").replace("charset='utf-8'", "charset='gb2312'")
    path = tmp_path / "gbk.html"
    path.write_bytes(text.encode("gb18030"))
    assert pair_keys(read_document(path)) == pair_keys(seed_reading(stem))


def test_mhtml_archive(tmp_path: Path, pages) -> None:
    """A page saved by a browser as a single-file web archive."""
    stem = "002_f96d2e1adf756957"
    archive = EmailMessage()
    archive["Subject"] = "saved page"
    archive.set_content(pages[stem].read_text(encoding="utf-8"), subtype="html", cte="quoted-printable")
    path = tmp_path / "page.mhtml"
    path.write_bytes(archive.as_bytes())
    assert pair_keys(read_document(path)) == pair_keys(seed_reading(stem))


def test_mhtml_archive_without_a_page_says_so_in_chinese(tmp_path: Path) -> None:
    """An archive holding only plain text has no page: one Chinese sentence, not a TypeError."""
    archive = EmailMessage()
    archive["Subject"] = "saved text"
    archive.set_content("只有纯文本，没有网页。")
    path = tmp_path / "text.mhtml"
    path.write_bytes(archive.as_bytes())
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert str(err.value) == "网页存档中没有网页内容：text.mhtml"


def test_corpus_of_one_page_builds(pages, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "通知.html").write_bytes(pages["004_83573d7611e5798f"].read_bytes())
    extraction = extract_corpus(corpus)
    assert len(extraction.results[0].pairings) == len(pair_keys(seed_reading("004_83573d7611e5798f")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空：bad.html"),
        ("<html><head><script>var a=1;</script></head><body><div class='nav'>首页</div></body></html>"
         .encode(), "网页中没有找到正文：bad.html"),
    ],
)
def test_bad_pages_get_one_chinese_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as excinfo:
        read_document(path)
    assert type(excinfo.value) is DocumentError
    assert excinfo.value.message == message
