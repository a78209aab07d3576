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
