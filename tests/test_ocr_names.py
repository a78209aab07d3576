"""Names OCR recognised with low confidence are resolved like typed names: to the nearest
known name within two characters, reported as a correction with the original; never a guess."""

from __future__ import annotations

import pytest

from core.model import Evidence
from core.records import DocumentInfo, ExtractionResult, Pairing
from extract.resolve import resolve_hospitals

TYPED = "typed.txt"
SCAN = "scan.pdf"


def _result(doc: str, pairs: list[tuple[str, str]], doubtful: dict[str, float] | None = None):
    pairings = [
        Pairing(s, r, "帮扶关系", Evidence(doc, f"附件 序号{n}（第1页 OCR第{n}行）", f"{r} | {s}"))
        for n, (s, r) in enumerate(pairs, start=1)
    ]
    return ExtractionResult(doc, DocumentInfo(doc), pairings=pairings, ocr_doubtful=doubtful or {})


def _resolve(*results):
    return resolve_hospitals(list(results), province_of_doc={r.doc: "云南省" for r in results})


def test_low_confidence_name_is_corrected_to_the_known_name() -> None:
    typed = _result(TYPED, [("昆明医科大学第一附属医院", "禄劝县人民医院")])
    scan = _result(SCAN, [("昆明医科大学第一附属医阮", "寻甸县人民医院")], {"昆明医科大学第一附属医阮": 0.62})
    resolution = _resolve(typed, scan)
    assert resolution.canonical(SCAN, "昆明医科大学第一附属医阮") == "昆明医科大学第一附属医院"
    assert [(p.kind, p.doc, p.where, p.message) for p in resolution.problems] == [
        (
            "ocr_corrected",
            SCAN,
            "附件 序号1（第1页 OCR第1行）",
            "OCR 识别的“昆明医科大学第一附属医阮”（置信度 0.62）按已知名称更正为“昆明医科大学第一附属医院”",
        )
    ]


def test_a_wrapped_cell_part_makes_the_name_doubtful() -> None:
    """One of a cell's two boxes (云南中医药大学第 / 二附属医阮) scored low."""
    typed = _result(TYPED, [("云南中医药大学第二附属医院", "禄劝县人民医院")])
    scan = _result(SCAN, [("云南中医药大学第二附属医阮", "寻甸县人民医院")], {"二附属医阮": 0.71})
    assert _resolve(typed, scan).canonical(SCAN, "云南中医药大学第二附属医阮") == "云南中医药大学第二附属医院"


@pytest.mark.parametrize(
    ("scanned", "doubtful", "known"),
    [
        # recognised confidently: a different hospital one character apart is not "corrected"
        ("昆明医科大学第二附属医院", {}, ["昆明医科大学第一附属医院"]),
        # two known names equally near: no guess
        ("昆明医科大学第三附属医院", {"昆明医科大学第三附属医院": 0.5},
         ["昆明医科大学第一附属医院", "昆明医科大学第二附属医院"]),
        # nothing within two characters
        ("大理州人民医院", {"大理州人民医院": 0.5}, ["昆明医科大学第一附属医院"]),
    ],
)
def test_no_correction_without_a_unique_near_known_name(scanned, doubtful, known) -> None:
    typed = _result(TYPED, [(name, f"禄劝县人民医院{i}") for i, name in enumerate(known)])
    scan = _result(SCAN, [(scanned, "寻甸县人民医院")], doubtful)
    resolution = _resolve(typed, scan)
    assert resolution.canonical(SCAN, scanned) == scanned
    assert [p for p in resolution.problems if p.kind == "ocr_corrected"] == []


def _ocr_table(*rows: tuple[str, ...], fmt: str = "ocr"):
    from extract.document import ParsedDocument, Table, TableRow

    table_rows = [TableRow(cells, n, 1, place=f"第1页 OCR第{n}行") for n, cells in enumerate(rows, start=1)]
    return ParsedDocument("scan.pdf", fmt, tables=[Table("关系表", "附件1", table_rows)])


YUNNAN_ROWS = (
    ("序号", "县名称", "县级医院", "三级医院"),
    ("1", "禄劝县", "禄劝县人民医院", "昆明市延安医院"),
    ("2", "寻甸县", "寻甸县人民医院", "昆明医科大学第一附属医院"),
)


def test_misread_county_is_corrected_from_the_divisions_of_the_tables_province() -> None:
    from extract.ocr_places import correct_county_names
    from extract.places import get_gazetteer

    doc = _ocr_table(*YUNNAN_ROWS, ("3", "麻票坡县", "麻票坡县人民医院", "同济大学附属同济医院"),
                     ("4", "漾县", "漾县人民医院", "大理州人民医院"))
    fixed, problems = correct_county_names(doc, get_gazetteer())
    assert [r.cells[1:3] for r in fixed.tables[0].rows[3:]] == [
        ("麻栗坡县", "麻栗坡县人民医院"), ("漾濞县", "漾濞县人民医院")
    ]
    assert [(p.kind, p.where) for p in problems] == [("ocr_corrected", "附件1 第1页 OCR第4行")] * 2 + [
        ("ocr_corrected", "附件1 第1页 OCR第5行")
    ] * 2
    assert problems[1].message == (
        "OCR 识别的“麻票坡县人民医院”中的地名不在云南省的县级行政区中，按只差一字的“麻栗坡县人民医院”更正"
    )


def test_two_counties_one_character_away_mean_no_correction() -> None:
    """南润县 is one character from both 南涧县 and 南华县: left as read, never a guess."""
    from extract.ocr_places import correct_county_names
    from extract.places import get_gazetteer

    doc = _ocr_table(*YUNNAN_ROWS, ("3", "南润县", "南润县人民医院", "上海市奉贤区中心医院"))
    fixed, problems = correct_county_names(doc, get_gazetteer())
    assert fixed.tables[0].rows[3].cells == ("3", "南润县", "南润县人民医院", "上海市奉贤区中心医院")
    assert problems == []


def test_typed_documents_are_not_touched() -> None:
    from extract.ocr_places import correct_county_names
    from extract.places import get_gazetteer

    doc = _ocr_table(*YUNNAN_ROWS, ("3", "麻票坡县", "麻票坡县人民医院", "同济大学附属同济医院"), fmt="pdf")
    fixed, problems = correct_county_names(doc, get_gazetteer())
    assert fixed is doc and problems == []
