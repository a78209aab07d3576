"""Shapes the seeds do not have: the extractors must not be tuned to the five files."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document_extraction import extract_file

HEADER = (
    "贵州省卫生健康委员会文件\n\n黔卫健发〔2024〕12号\n\n关于印发贵州省三级医院对口帮扶县级医院关系的通知\n\n"
)


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _pairs(result) -> set[tuple[str, str, bool]]:
    return {(p.supporter, p.recipient, p.lead) for p in result.pairings}


def test_recipient_first_with_county_after_it(tmp_path):
    text = HEADER + (
        "附件\n\n贵州省三级医院对口帮扶县级医院关系表\n\n"
        "序号\t受援医院\t所在县\t支援医院\n"
        "1\t从江县人民医院\t从江县\t贵州医科大学附属医院\n"
        "\t\t\t遵义医科大学附属医院\n"
        "2\t榕江县人民医院\t榕江县\t贵州省人民医院\n"
        "\t榕江县中医医院\t\t贵州中医药大学第一附属医院\n"
    )
    result = extract_file(_write(tmp_path, "gz.txt", text))
    assert _pairs(result) == {
        ("贵州医科大学附属医院", "从江县人民医院", False),
        ("遵义医科大学附属医院", "从江县人民医院", False),
        ("贵州省人民医院", "榕江县人民医院", False),
        ("贵州中医药大学第一附属医院", "榕江县中医医院", False),
    }
    assert {p.county for p in result.pairings} == {"从江县", "榕江县"}
    assert result.info.number == "黔卫健发〔2024〕12号"


def test_supporter_first_and_lead_marker_in_header(tmp_path):
    text = HEADER + (
        "附件1\n\n组团式帮扶关系表\n\n"
        "序号\t帮扶医院（首位为牵头医院）\t受援县\t受援医院\n"
        "1\t贵州省人民医院、贵州省肿瘤医院\t三都县\t三都县人民医院\n"
        "2\t遵义市第一人民医院\t正安县\t正安县人民医院\n"
    )
    result = extract_file(_write(tmp_path, "gz2.txt", text))
    assert _pairs(result) == {
        ("贵州省人民医院", "三都县人民医院", True),
        ("贵州省肿瘤医院", "三都县人民医院", False),
        ("遵义市第一人民医院", "正安县人民医院", True),
    }


def test_table_without_county_column_uses_headers(tmp_path):
    text = HEADER + (
        "附件\n\n城乡医院对口支援关系表\n\n"
        "支援单位\t受援单位\t帮扶专业\n"
        "六盘水市人民医院\t钟山区大湾镇卫生院\t内科、儿科\n"
        "六盘水市中医医院\t水城区米箩镇卫生院\t针灸推拿科及康复科\n"
    )
    result = extract_file(_write(tmp_path, "gz3.txt", text))
    assert _pairs(result) == {
        ("六盘水市人民医院", "钟山区大湾镇卫生院", False),
        ("六盘水市中医医院", "水城区米箩镇卫生院", False),
    }
    needs = {p.recipient: p.needs for p in result.pairings}
    assert needs["水城区米箩镇卫生院"] == ["针灸推拿科", "康复科"]


def test_county_hospital_in_supporter_column_is_an_orphan(tmp_path):
    text = HEADER + (
        "附件\n\n关系表\n\n"
        "序号\t县名称\t县级医院\t三级医院\n"
        "1\t赫章县\t赫章县人民医院\t毕节市第一人民医院\n"
        "\n序号\t县名称\t县级医院\t三级医院\n"
        "\t\t\t赫章县中医医院\n"
        "2\t威宁县\t威宁县人民医院\t贵州省第二人民医院\n"
    )
    result = extract_file(_write(tmp_path, "gz4.txt", text))
    assert "赫章县中医医院" not in {p.supporter for p in result.pairings}
    assert [o.recipient for o in result.orphans] == ["赫章县中医医院"]
    assert any(p.kind == "orphan" and "赫章县中医医院" in p.message for p in result.problems)


def test_unparsed_rows_are_reported_not_dropped(tmp_path):
    text = HEADER + (
        "附件\n\n关系表\n\n"
        "序号\t县名称\t县级医院\t三级医院\n"
        "1\t赫章县\t赫章县人民医院\t毕节市第一人民医院\n"
        "\t\t备注：以上关系以正式协议为准\t\n"
    )
    result = extract_file(_write(tmp_path, "gz5.txt", text))
    assert len(result.pairings) == 1
    problems = [p for p in result.problems if p.kind == "unparsed_row"]
    assert problems and "备注" in problems[0].message and problems[0].quote


def test_prose_with_a_new_lead_hospital(tmp_path):
    text = HEADER + (
        "一、帮扶关系\n\n"
        "（一）组团式帮扶。由贵州医科大学附属医院牵头，遵义医科大学附属医院、贵州省人民医院参与帮扶从江县人民医院。\n"
    )
    result = extract_file(_write(tmp_path, "gz6.txt", text))
    assert _pairs(result) == {
        ("贵州医科大学附属医院", "从江县人民医院", True),
        ("遵义医科大学附属医院", "从江县人民医院", False),
        ("贵州省人民医院", "从江县人民医院", False),
    }
    assert all(p.evidence.where == "正文 一（一）" for p in result.pairings)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_traditional_characters_and_gb18030(tmp_path, encoding):
    text = (
        "附件\n\n關係表\n\n序號\t縣名稱\t縣級醫院\t三級醫院\n"
        "1\t從江縣\t從江縣人民醫院\t貴州醫科大學附屬醫院\n"
    )
    result = extract_file(_write(tmp_path, "trad.txt", text, encoding))
    assert _pairs(result) == {("贵州医科大学附属医院", "从江县人民医院", False)}


def test_word_table_with_vertically_merged_cells(tmp_path):
    """Word merges the 序号 and 县名称 cells of a county's rows; the lower rows read as empty."""
    import docx

    rows = [
        ["序号", "县名称", "县级医院", "三级医院（排名第一为牵头医院）"],
        ["1", "从江县", "从江县人民医院", "贵州医科大学附属医院、遵义医科大学附属医院"],
        ["", "", "从江县中医医院", "贵州中医药大学第一附属医院"],
    ]
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph("贵州省三级医院对口帮扶县级医院关系表")
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for column in (0, 1):
        table.cell(1, column).merge(table.cell(2, column)).text = rows[1][column]
    path = tmp_path / "merged.docx"
    document.save(str(path))
    result = extract_file(path)
    assert _pairs(result) == {
        ("贵州医科大学附属医院", "从江县人民医院", True),
        ("遵义医科大学附属医院", "从江县人民医院", False),
        ("贵州中医药大学第一附属医院", "从江县中医医院", True),
    }
    assert all(p.county == "从江县" for p in result.pairings)
    assert result.pairings[0].evidence.where == "附件1 序号1（表格第2行）"
