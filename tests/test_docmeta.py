"""Document metadata, the manifest and cross-document citations, against the hand-checked gold."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from core.records import DocumentInfo
from extract.citations import CitationLink, link_citations, titles_match
from extract.docmeta import extract_info, normalize_number, parse_date
from extract.document import Paragraph, ParsedDocument
from extract.manifest import (
    COLUMNS,
    ManifestRow,
    apply_manifest,
    load_manifest,
    update_manifest,
)
from extract.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = json.loads((ROOT / "tests" / "data" / "seed_gold.json").read_text(encoding="utf-8"))["documents"]
GOLD_BY_DOC = {g["doc"]: g for g in GOLD}
GUIZHOU = "001_5d7973793b16831f.txt"
NATIONAL_2016 = "003_4d4abe8e6271f2f6.txt"
JIANGXI = "004_83573d7611e5798f.txt"

# The gold lists 贵州's preamble citation only. Its 附件2 (the agreement template, part of the
# published document) also cites 《中共中央国务院关于…的意见》 with no number; by the rule that
# finds the gold's title (关于…的意见, no 文号 attached) it is a cited document too. Kept explicit
# here so that a change either way is a visible decision.
EXTRA_CITED_TITLES = {GUIZHOU: {"中共中央国务院关于进一步深化农村改革扎实推进乡村全面振兴的意见"}}


def _text_only() -> dict[str, DocumentInfo]:
    return {p.name: extract_info(read_document(p)) for p in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="module")
def text_only() -> dict[str, DocumentInfo]:
    """What the text alone tells."""
    return _text_only()


@pytest.fixture(scope="module")
def corpus_infos() -> tuple[dict[str, DocumentInfo], list[CitationLink], list]:
    """Text, then the manifest, then citations: the pipeline's order."""
    infos = _text_only()
    manifest = load_manifest(CORPUS)
    problems = [p for info in infos.values() for p in apply_manifest(info, manifest[info.file])]
    links, link_problems = link_citations(list(infos.values()))
    return infos, links, problems + link_problems


def test_corpus_has_the_gold_documents(corpus_infos):
    infos, _, problems = corpus_infos
    assert set(GOLD_BY_DOC) <= set(infos)
    assert problems == []  # the manifest agrees with the text; no citation conflicts


@pytest.mark.parametrize("gold", GOLD, ids=[g["doc"][:3] for g in GOLD])
def test_metadata_matches_gold(corpus_infos, gold):
    info = corpus_infos[0][gold["doc"]]
    assert info.number == gold["number"]
    assert info.title == gold["title"]
    assert info.issuers == gold["issuers"]
    assert info.region == gold["region"]
    assert info.year == gold["year"]
    # absent in the gold = not printed: the extractor must not invent one
    assert info.date == gold.get("date")
    assert info.period == gold.get("period")
    assert set(info.cites) == set(gold.get("cites", []))
    assert set(info.contains) == set(gold.get("contains", []))
    expected_titles = set(gold.get("cites_titles", [])) | EXTRA_CITED_TITLES.get(gold["doc"], set())
    assert set(info.cites_titles) == expected_titles
    assert info.evidence is not None and info.evidence.doc == gold["doc"]


def test_number_sources(corpus_infos):
    infos = corpus_infos[0]
    assert infos[NATIONAL_2016].number_source == f"cited_by:{JIANGXI}"
    for name, info in infos.items():
        if name != NATIONAL_2016 and info.number:
            assert info.number_source == "text"


def test_text_alone_leaves_what_the_manifest_fills(text_only):
    """贵州 prints no issuer; seed 003 prints neither issuer nor number: those must not be guessed."""
    assert text_only[GUIZHOU].issuers == [] and text_only[GUIZHOU].region is None
    assert text_only[NATIONAL_2016].issuers == [] and text_only[NATIONAL_2016].region is None
    assert text_only[NATIONAL_2016].number is None
    assert text_only[GUIZHOU].number is None


def test_seed_manifest_only_fills_what_the_text_cannot_tell(text_only):
    manifest = load_manifest(CORPUS)
    assert set(manifest) == set(text_only)
    for name, row in manifest.items():
        info = text_only[name]
        text_values = {"title": info.title, "number": info.number, "issuer": info.issuers,
                       "date": info.date, "region": info.region}
        for column, value in text_values.items():
            if value:
                assert getattr(row, column) == "", f"{name}: manifest repeats {column} the text gives"
    assert manifest[GUIZHOU].issuers == ["贵州省卫生健康委员会"] and manifest[GUIZHOU].region == "贵州省"
    assert manifest[NATIONAL_2016].issuers == ["国家卫生计生委"] and manifest[NATIONAL_2016].region == "全国"


def test_cited_pairs(corpus_infos):
    infos = corpus_infos[0]
    national = ("关于加强三级医院对口帮扶贫困县县级医院的工作方案", "国卫医发〔2016〕7号")
    assert national in infos[JIANGXI].cited_pairs
    # 《…》的通知（左卫健字〔2022〕58号）: the number belongs to the quoted plan
    banner = ("“十四五”时期医院对口帮扶工作方案", "左卫健字〔2022〕58号")
    assert banner in infos["002_f96d2e1adf756957.txt"].cited_pairs
    for info in infos.values():  # the own number is never a citation
        assert info.number not in info.cites
        assert all(number != info.number for _, number in info.cited_pairs)


# --- citations ------------------------------------------------------------------------------------


def test_links(corpus_infos):
    _, links, _ = corpus_infos
    to_003 = [link for link in links if link.target == NATIONAL_2016]
    assert [(link.source, link.number) for link in to_003] == [(JIANGXI, "国卫医发〔2016〕7号")]
    contains = [link for link in links if link.contains]
    assert [(link.source, link.target, link.number) for link in contains] == [
        (JIANGXI, None, "国卫医函〔2019〕109号")
    ]
    outside = {(link.source, link.number) for link in links if link.target is None and not link.contains}
    assert ("000_5e86d926f4900194.txt", "云卫人发〔2017〕86号") in outside
    assert ("002_f96d2e1adf756957.txt", "国卫医函〔2021〕262号") in outside
    titled = [link for link in links if link.source == GUIZHOU]
    assert {link.title for link in titled} >= set(GOLD_BY_DOC[GUIZHOU]["cites_titles"])
    assert all(link.target is None and link.number is None for link in titled)


def test_based_on_is_what_the_body_says_it_follows(corpus_infos):
    """根据…要求 in the body (not 贯彻落实…精神 before it, not an annex template's preamble)."""
    infos = corpus_infos[0]
    assert {f: i.based_on for f, i in infos.items()} == {
        "000_5e86d926f4900194.txt": ["国卫医函〔2021〕262号"],
        GUIZHOU: ["中共贵州省委办公厅贵州省人民政府办公厅关于深化医疗卫生帮扶协作提升内涵质量的实施意见"],
        "002_f96d2e1adf756957.txt": ["国卫医函〔2021〕262号", "左卫健字〔2022〕58号"],
        NATIONAL_2016: [],
        JIANGXI: [],
    }


def test_title_match_tolerates_quotes_and_spaces_but_not_another_plan():
    assert titles_match("关于加强三级医院对口帮扶贫困县县级医院的工作方案",
                        "关于加强三级医院对口帮扶贫困县 县级医院的“工作方案”")
    # a cover notice matches the plan it issues
    assert titles_match("关于印发《科左中旗二级医院对口帮扶基层卫生院工作方案》的通知",
                        "科左中旗二级医院对口帮扶基层卫生院工作方案")
    # the national 十四五 plan is not 云南's 十四五 plan
    assert not titles_match("关于印发“十四五”时期三级医院对口帮扶县级医院工作方案的通知",
                            "云南省“十四五”时期三级医院对口帮扶县级医院工作方案")


def test_duplicate_number_and_conflicting_citation_are_reported():
    a = DocumentInfo(file="a.txt", title="甲方案", number="黔卫健发〔2024〕12号")
    b = DocumentInfo(file="b.txt", title="乙方案", number="黔卫健发〔2024〕12号")
    c = DocumentInfo(file="c.txt", title="丙通知", cited_pairs=[("甲方案", "黔卫健发〔2020〕1号")])
    _, problems = link_citations([a, b, c])
    assert {p.kind for p in problems} == {"duplicate_number", "citation_conflict"}
    assert all(p.message for p in problems)
    assert a.number == "黔卫健发〔2024〕12号"  # a citation never overwrites a printed number


# --- manifest -------------------------------------------------------------------------------------


def test_apply_manifest_fills_empty_fields():
    info = DocumentInfo(file="x.txt", title="某方案")
    row = ManifestRow(file="x.txt", number="黔卫健发[2024]12号",
                      issuer="贵州省卫生健康委员会、贵州省中医药管理局", date="2024年3月8日")
    assert apply_manifest(info, row) == []
    assert info.number == "黔卫健发〔2024〕12号" and info.number_source == "manifest"
    assert info.issuers == ["贵州省卫生健康委员会", "贵州省中医药管理局"]
    assert info.date == "2024-03-08" and info.year == 2024
    assert info.region == "贵州省"  # derived from the filled issuers


def test_apply_manifest_reports_conflicts_and_text_wins():
    info = DocumentInfo(file="x.txt", title="某方案", number="云卫医发〔2022〕5号",
                        issuers=["云南省卫生健康委员会"], date="2022-01-10", year=2022, region="云南省")
    row = ManifestRow(file="x.txt", title="另一方案", number="云卫医发〔2022〕6号", issuer="云南省乡村振兴局",
                      date="2022-01-11", region="贵州省")
    before = replace(info)
    problems = apply_manifest(info, row)
    assert {p.kind for p in problems} == {"manifest_conflict"}
    assert {p.where.split(":")[1] for p in problems} == {"title", "number", "issuer", "date", "region"}
    assert all("以正文为准" in p.message for p in problems)
    assert info == before


def test_apply_manifest_reports_unreadable_cells():
    info = DocumentInfo(file="x.txt")
    problems = apply_manifest(info, ManifestRow(file="x.txt", number="某号", date="去年"))
    assert [p.kind for p in problems] == ["manifest_invalid", "manifest_invalid"]
    assert info.number is None and info.date is None


def test_update_manifest_round_trip(tmp_path, text_only):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (GUIZHOU, JIANGXI):
        shutil.copy(CORPUS / name, corpus / name)
    # a new corpus: header plus one row per document, with the extracted values
    assert update_manifest(corpus, [text_only[JIANGXI], text_only[GUIZHOU]]) == [GUIZHOU, JIANGXI]
    lines = (corpus / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "\t".join(COLUMNS)
    rows = load_manifest(corpus)
    assert rows[JIANGXI].number == "赣卫医字〔2019〕66号"
    assert rows[JIANGXI].issuers == text_only[JIANGXI].issuers
    assert rows[GUIZHOU].issuer == ""  # unknown: left for a person to fill

    # a person corrects a row and adds a comment; a later update keeps both byte for byte
    path = corpus / "manifest.tsv"
    edited = path.read_text(encoding="utf-8").replace("\n", "\n# 人工校对\n", 1)
    edited = edited.replace(f"{GUIZHOU}\t{text_only[GUIZHOU].title}\t\t\t\t",
                            f"{GUIZHOU}\t{text_only[GUIZHOU].title}\t\t贵州省卫生健康委员会\t\t贵州省")
    path.write_text(edited, encoding="utf-8")
    assert load_manifest(corpus)[GUIZHOU].region == "贵州省"
    new = DocumentInfo(file="005_new.txt", title="新方案", number="黔卫健发〔2024〕12号")
    assert update_manifest(corpus, [text_only[GUIZHOU], new, new]) == ["005_new.txt"]
    after = path.read_text(encoding="utf-8")
    assert after.startswith(edited)
    assert after[len(edited):] == "005_new.txt\t新方案\t黔卫健发〔2024〕12号\t\t\t\n"
    assert update_manifest(corpus, [new]) == []  # idempotent

    # the filled row now completes 贵州's metadata
    info = replace(text_only[GUIZHOU])
    assert apply_manifest(info, load_manifest(corpus)[GUIZHOU]) == []
    assert info.issuers == ["贵州省卫生健康委员会"] and info.region == "贵州省"


# --- shapes the seeds do not have -----------------------------------------------------------------

MADE_UP_NOTICE = """贵州省卫生健康委员会 贵州省中医药管理局 文件

黔卫健发〔2024〕12号

贵州省卫生健康委员会 贵州省中医药管理局关于印发贵州省县级医院
对口帮扶工作方案的通知

各市（州）卫生健康局、中医药管理局：

根据《关于印发“十四五”时期三级医院对口帮扶县级医院工作方案的通知》（国卫医函〔2021〕262号）和《关于做好对口帮扶工作的通知》(黔卫健函(2023)7号)，我们制定了《贵州省县级医院对口帮扶工作方案》，现印发给你们，请认真贯彻执行。

附件：贵州省县级医院对口帮扶工作方案

2024年3月8日

附件

贵州省县级医院对口帮扶工作方案

一、帮扶时间

帮扶时间为2024—2026年，执行《贵州省卫生健康委员会关于加强县级医院能力建设的指导意见》有关要求。

二、工作要求

（一）派驻人员。支援医院每年选派不少于10名医务人员，每人驻点帮扶一年以上。
"""


@pytest.fixture(scope="module")
def made_up(tmp_path_factory) -> DocumentInfo:
    path = tmp_path_factory.mktemp("made_up") / "made_up.txt"
    path.write_text(MADE_UP_NOTICE, encoding="utf-8")
    return extract_info(read_document(path))


def test_made_up_notice(made_up):
    assert made_up.number == "黔卫健发〔2024〕12号"
    assert made_up.issuers == ["贵州省卫生健康委员会", "贵州省中医药管理局"]
    assert made_up.title == "贵州省县级医院对口帮扶工作方案"
    assert made_up.date == "2024-03-08" and made_up.year == 2024
    assert made_up.region == "贵州省"
    assert made_up.period == "2024-2026"
    assert made_up.cites == ["国卫医函〔2021〕262号", "黔卫健函〔2023〕7号"]
    assert made_up.cites_titles == ["贵州省卫生健康委员会关于加强县级医院能力建设的指导意见"]
    assert ("关于做好对口帮扶工作的通知", "黔卫健函〔2023〕7号") in made_up.cited_pairs
    assert made_up.based_on == ["国卫医函〔2021〕262号", "黔卫健函〔2023〕7号"]  # 根据…和…，制定


@pytest.mark.parametrize(("printed", "normalised"), [
    ("云卫人发[2017]86号", "云卫人发〔2017〕86号"),
    ("黔卫健函（2023）7号", "黔卫健函〔2023〕7号"),
    ("国卫医发(2016)7号", "国卫医发〔2016〕7号"),
    ("国卫医发〔２０１６〕７号", "国卫医发〔2016〕7号"),
    ("根据国卫扶贫发〔2021〕6号", "国卫扶贫发〔2021〕6号"),
    ("国卫医发〔2016〕第07号", "国卫医发〔2016〕7号"),
    ("云卫医发2022年5号", "云卫医发〔2022〕5号"),
    ("截至2022年5号", None),
    ("2016年7月", None),
])
def test_normalize_number(printed, normalised):
    assert normalize_number(printed) == normalised


@pytest.mark.parametrize(("printed", "iso"), [
    ("2023年2月13日", "2023-02-13"),
    ("2019 年 5 月 29 日", "2019-05-29"),
    ("二〇二三年二月十三日", "2023-02-13"),
    ("2024-3-8", "2024-03-08"),
    ("2023年13月1日", None),
])
def test_parse_date(printed, iso):
    assert parse_date(printed) == iso


# -- any notice (issue 9 item 4): title and issuer apart, any issuer's 文号, any date form ------


def _notice(*lines: str) -> ParsedDocument:
    return ParsedDocument("notice.txt", "txt", [Paragraph(t, "正文", i + 1) for i, t in enumerate(lines)])


NUMBERS = [
    ("鄂卫通〔2023〕15号", "鄂卫通〔2023〕15号"),
    ("国卫办医政函〔2023〕123号", "国卫办医政函〔2023〕123号"),
    ("湘卫医发[2023]17号", "湘卫医发〔2023〕17号"),
    ("粤卫函（2023）8号", "粤卫函〔2023〕8号"),
    ("川卫发2023年41号", "川卫发〔2023〕41号"),
    ("青卫医政〔2023〕第045号", "青卫医政〔2023〕45号"),
]
DATES = ["2023年10月20日", "二〇二三年十月二十日", "2023-10-20", "2023/10/20", "2023.10.20"]


@pytest.mark.parametrize(("printed", "number"), NUMBERS)
@pytest.mark.parametrize("date", DATES)
def test_any_notice_letterhead_number_title_issuer_and_date(printed: str, number: str, date: str) -> None:
    info = extract_info(
        _notice(
            "湖北省卫生健康委员会文件",
            printed,
            "湖北省卫生健康委员会关于调整对口帮扶关系的通知",
            "各市州卫生健康委：",
            "现将有关事项通知如下，请遵照执行。",
            "湖北省卫生健康委员会",
            date,
        )
    )
    assert (info.title, info.number, info.issuers, info.date) == (
        "关于调整对口帮扶关系的通知",
        number,
        ["湖北省卫生健康委员会"],
        "2023-10-20",
    )


def test_web_style_head_title_then_issuer_then_number() -> None:
    info = extract_info(
        _notice(
            "关于调整对口帮扶关系的通知",
            "湖北省卫生健康委员会",
            "鄂卫通〔2023〕15号",
            "各市州卫生健康委：",
            "现将有关事项通知如下。",
            "湖北省卫生健康委员会",
            "2023年10月20日",
        )
    )
    assert (info.title, info.number, info.issuers, info.date) == (
        "关于调整对口帮扶关系的通知",
        "鄂卫通〔2023〕15号",
        ["湖北省卫生健康委员会"],
        "2023-10-20",
    )


def test_joint_issuers_before_the_title_are_separated_from_it() -> None:
    info = extract_info(
        _notice(
            "湖北省卫生健康委员会 湖北省中医药管理局关于调整对口帮扶关系的通知",
            "鄂卫通〔2023〕15号",
            "各市州卫生健康委：",
            "现将有关事项通知如下。",
            "湖北省卫生健康委员会",
            "湖北省中医药管理局",
            "2023/10/20",
        )
    )
    assert (info.title, info.issuers, info.date) == (
        "关于调整对口帮扶关系的通知",
        ["湖北省卫生健康委员会", "湖北省中医药管理局"],
        "2023-10-20",
    )
