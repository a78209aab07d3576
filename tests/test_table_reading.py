"""Issue 9 items 1-2: tables read by their header first; names broken across lines rejoined.

Each shape is a class (two-level header, lead marks, note rows, fixed-width text…) and is tested
here on small documents of its own, apart from the held-out set (tests/heldout/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document_extraction import extract_file
from extract.names import is_name_fragment, rejoin_lines
from extract.readers.fixed_width import find_tables
from extract.tables import Role, header_role

HEAD = (
    "某省卫生健康委员会文件\n\n某卫医发〔2024〕3号\n\n"
    "关于明确省级医院对口帮扶县级医院关系的通知\n\n附件\n\n"
)


def _extract(tmp_path: Path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    return extract_file(path)


def _pairs(result) -> set[tuple[str, str, bool]]:
    return {(p.supporter, p.recipient, p.lead) for p in result.pairings}


def _kinds(result) -> list[str]:
    return [p.kind for p in result.problems]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["云州医科大学第", "二附属医院"], "云州医科大学第二附属医院"),
        (["云州中医药大", "学第一附属医", "院★"], "云州中医药大学第一附属医院★"),
        (["1.云州市人民医院（牵头）", "2.云州市妇幼保健院"], "云州市人民医院（牵头）、云州市妇幼保健院"),
        # 三元市 is a place, not a numeral before 附属/医院
        (["云州市人民医院", "三元市中心医院"], "云州市人民医院、三元市中心医院"),
        (["云州省人民医院★、云州省妇", "幼保健院"], "云州省人民医院★、云州省妇幼保健院"),
        (["云州省人民医院", "★、云州省肿瘤医院"], "云州省人民医院★、云州省肿瘤医院"),
        (["对口医院（排名第一的", "为牵头医院）"], "对口医院（排名第一的为牵头医院）"),
        (["外科", "内科"], "外科内科"),
    ],
)
def test_cell_lines_rejoined(lines: list[str], joined: str) -> None:
    assert rejoin_lines(lines) == joined


@pytest.mark.parametrize(
    ("piece", "fragment"),
    [("二附属医院", True), ("院", True), ("人民医院", True), ("第一人民医院", True),
     ("三元市人民医院", False), ("云州省肿瘤医院", False)],
)
def test_a_fragment_is_never_an_institution(piece: str, fragment: bool) -> None:
    assert is_name_fragment(piece) is fragment


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("受援县级医院", Role.RECIPIENT),
        ("受援县", Role.COUNTY),
        ("所在县", Role.COUNTY),
        ("受援单位", Role.RECIPIENT),
        ("其他帮扶医院", Role.MEMBERS),
        ("成员单位", Role.MEMBERS),
        ("牵头医院", Role.LEAD),
        ("对口医院（排名第一的为牵头医院）", Role.SUPPORTER),
        ("市州", Role.PLACE),
        ("编制床位（张）", Role.PROFILE),
        ("备注", Role.NOTES),
    ],
)
def test_header_words_name_column_roles(cell: str, role: Role) -> None:
    assert header_role(cell) == role


# (shape, table text, exact pairings (supporter, recipient, lead))
SHAPES = [
    (
        "two-level header: 支援医院 over 牵头医院 | 协作医院",
        "序号\t受援县\t受援医院\t支援医院\t\n"
        "\t\t\t牵头医院\t协作医院\n"
        "1\t甲县\t甲县人民医院\t云州医科大学第一附属医院\t云州市第一人民医院、云州市中医医院\n",
        {
            ("云州医科大学第一附属医院", "甲县人民医院", True),
            ("云州市第一人民医院", "甲县人民医院", False),
            ("云州市中医医院", "甲县人民医院", False),
        },
    ),
    (
        "lead mark declared by a note; 市州, 备注 and 合计 are not data",
        "序号\t市州\t受援单位\t支援医院\t备注\n"
        "1\t云州市\t甲县人民医院\t云州省人民医院▲、云州省肿瘤医院\t原关系不变\n"
        "2\t\t乙县人民医院\t云州省第二人民医院▲\t\n"
        "合计\t\t2家\t3家\t\n"
        "注：标注▲的为牵头医院。\n",
        {
            ("云州省人民医院", "甲县人民医院", True),
            ("云州省肿瘤医院", "甲县人民医院", False),
            ("云州省第二人民医院", "乙县人民医院", True),
        },
    ),
    (
        "lead-first note after the table, also when a cell holds one name",
        "序号\t受援医院\t帮扶单位\n"
        "1\t甲县人民医院\t云州省人民医院，云州市第一人民医院\n"
        "2\t乙县人民医院\t云州省中医院\n"
        "注：帮扶单位中第一家为牵头单位。\n",
        {
            ("云州省人民医院", "甲县人民医院", True),
            ("云州市第一人民医院", "甲县人民医院", False),
            ("云州省中医院", "乙县人民医院", True),
        },
    ),
    (
        "header wins over cell type on the header's grid: a county hospital supports a township",
        "序号\t旗县\t二级医院名称\t基层卫生院名称\n"
        "1\t甲县\t甲县人民医院\t城关镇中心卫生院\n"
        "2\t乙县\t乙县中医医院\t河口乡卫生院\n",
        {
            ("甲县人民医院", "城关镇中心卫生院", False),
            ("乙县中医医院", "河口乡卫生院", False),
        },
    ),
    (
        "a name cut at the foot of a row (…第 / 二附属医院) is one name, never a supporter of its own",
        "序号\t县名称\t县级医院\t三级医院\n"
        "1\t甲县\t甲县人民医院\t云州中医药大学第\n"
        "\t\t\t二附属医院\n"
        "\t\t\t云州省肿瘤医院\n",
        {
            ("云州中医药大学第二附属医院", "甲县人民医院", False),
            ("云州省肿瘤医院", "甲县人民医院", False),
        },
    ),
]


@pytest.mark.parametrize(("shape", "text", "pairs"), SHAPES, ids=[s[0] for s in SHAPES])
def test_table_shape_gives_exact_pairings(tmp_path: Path, shape: str, text: str, pairs: set) -> None:
    result = _extract(tmp_path, text)
    assert _pairs(result) == pairs
    assert "unparsed_row" not in _kinds(result) and "unparsed_cell" not in _kinds(result)


def test_profile_table_gives_no_pairing_and_is_reported(tmp_path: Path) -> None:
    text = (
        "受援医院基本情况表\n\n"
        "序号\t受援医院\t等级\t编制床位（张）\n"
        "1\t甲县人民医院\t二级甲等\t150\n"
        "2\t乙县人民医院\t二级乙等\t100\n"
    )
    result = _extract(tmp_path, text)
    assert result.pairings == [] and result.orphans == []
    assert "skipped_table" in _kinds(result)


FIXED = """序号    受援县      受援医院        牵头医院                成员单位
------  ----------  --------------  ----------------------  ----------------------
１      甲县        甲县人民医院    云州医科大学总医院      云州市第一人民医院
２      乙县        乙县人民医院    云州省人民医院
------  ----------  --------------  ----------------------  ----------------------

— 3 —

续表

序号    受援县      受援医院        牵头医院                成员单位
------  ----------  --------------  ----------------------  ----------------------
３      丙县        丙县人民医院    云州省中医医院          云州市第二人民医院
合计    ３个县      ３家            ３家                    ２家
------  ----------  --------------  ----------------------  ----------------------
"""


def test_fixed_width_table_across_a_page_break(tmp_path: Path) -> None:
    result = _extract(tmp_path, "某关系表\n\n" + FIXED)
    assert _pairs(result) == {
        ("云州医科大学总医院", "甲县人民医院", True),
        ("云州市第一人民医院", "甲县人民医院", False),
        ("云州省人民医院", "乙县人民医院", True),
        ("云州省中医医院", "丙县人民医院", True),
        ("云州市第二人民医院", "丙县人民医院", False),
    }
    assert {p.evidence.where for p in result.pairings if p.recipient == "丙县人民医院"} == {
        "附件 序号3（原文第23行）"
    }


def test_fixed_width_without_rules_and_prose_left_alone() -> None:
    lines = [
        "　　为提升县级医院能力，现将关系明确如下。",
        "序号  受援医院      支援医院",
        "1     甲县人民医院  云州省人民医院",
        "2     乙县人民医院  云州省中医院",
        "以上请遵照执行。",
    ]
    tables = find_tables(lines)
    assert [(t.first, t.last) for t in tables] == [(1, 3)]
    assert tables[0].rows[1] == (2, ("1", "甲县人民医院", "云州省人民医院"))


def test_header_roles_checked_by_what_the_names_are(tmp_path: Path) -> None:
    """A university hospital in the recipient column "supported" by a county hospital: the
    row is reported and gives nothing; the next row is read."""
    text = (
        "序号\t受援医院\t支援医院\n"
        "1\t云州医科大学第一附属医院\t甲县人民医院\n"
        "2\t乙县人民医院\t云州省人民医院\n"
        "3\t丙镇中心卫生院\t乙县人民医院\n"
    )
    result = _extract(tmp_path, text)
    assert _pairs(result) == {
        ("云州省人民医院", "乙县人民医院", False),
        ("乙县人民医院", "丙镇中心卫生院", False),
    }
    conflicts = [p for p in result.problems if p.kind == "role_conflict"]
    assert [(p.where, p.quote) for p in conflicts] == [
        ("附件 序号1（原文第10行）", "1 | 云州医科大学第一附属医院 | 甲县人民医院")
    ]


@pytest.mark.parametrize("module", ["extract.tables", "extract.tables.extractor"])
def test_table_modules_import_first_in_a_fresh_interpreter(module: str) -> None:
    """extract.tiers reads the prose vocabulary through extract.prose, which imports it back:
    the table reader must not close that cycle at import time."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-c", f"import {module}"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
