"""Relations stated in running text, and the hospital-name recogniser they stand on.

The seed sentences come from the corpus through the real reader; the other sentences are
wordings and hospitals no seed has (other provinces, unlisted lead hospitals), so the tests
show the extractor generalises rather than remembers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.vocab.prose import prose_words
from extract.document import Paragraph, ParsedDocument
from extract.document_extraction import _place_level
from extract.hospitals import HospitalRecognizer, is_role_phrase, split_bracket, split_names
from extract.names import is_institution
from extract.prose import ProseResult, extract_prose, program_from_heading
from extract.prose.clauses import Group, Word, clauses_of
from extract.prose.mentions import DocumentScope
from extract.readers import read_document
from extract.resolve import expand_numbered_short_form
from extract.tiers import tier_of

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
YUNNAN = "000_5e86d926f4900194.txt"
JIANGXI = "004_83573d7611e5798f.txt"
GROUP_PROGRAM = "“组团式”帮扶“三区三州”"

DIQING_SUPPORTERS = [
    "省第一人民医院",
    "省肿瘤医院",
    "省口腔医院",
    "省阜外医院",
    "云大附属医院",
    "省心理卫生中心",
    "省急救中心",
    "昆明市儿童医院",
    "昆明市第三人民医院",
]
NUJIANG_SUPPORTERS = [
    "昆明医科大学第二附属医院",
    "省肿瘤医院",
    "省口腔医院",
    "云大附属医院",
    "省心理卫生中心",
    "省急救中心",
    "昆明市儿童医院",
    "昆明市第三人民医院",
]
JIANGXI_LEADS = [
    ("省肿瘤医院", "赣县人民医院"),
    ("省妇幼保健院", "安远县人民医院"),
    ("省儿童医院", "广昌县人民医院"),
    ("赣南医学院第一附属医院", "于都县人民医院"),
    ("赣南医学院第一附属医院", "兴国县人民医院"),
    ("赣南医学院第一附属医院", "瑞金市人民医院"),
]


@pytest.fixture(scope="module")
def recognizer() -> HospitalRecognizer:
    """No known names: everything below is found by shape."""
    return HospitalRecognizer()


@pytest.fixture(scope="module")
def table_names() -> set[str]:
    """Every institution printed in a table cell of the corpus: the realistic known list."""
    names: set[str] = set()
    for path in sorted(CORPUS.glob("*.txt")):
        for table in read_document(path).tables:
            for row in table.rows:
                for cell in row.cells:
                    names.update(n for n in split_names(cell) if is_institution(n))
    return names


@pytest.fixture(scope="module")
def known_recognizer(table_names: set[str]) -> HospitalRecognizer:
    return HospitalRecognizer(table_names)


def _pairs(result: ProseResult) -> list[tuple[str, str, bool]]:
    return [(p.supporter, p.recipient, p.lead) for p in result.pairings]


def _leads(result: ProseResult) -> list[tuple[str, str]]:
    return [(a.supporter, a.recipient) for a in result.leads]


def _one_sentence(text: str, recognizer: HospitalRecognizer, section: str = "正文 一") -> ProseResult:
    doc = ParsedDocument("test.txt", "txt", [Paragraph(text, section, 1)])
    return extract_prose(doc, recognizer=recognizer)


# -- seed documents -----------------------------------------------------------------------


def _expected_yunnan() -> list[tuple[str, str, bool]]:
    return [(s, "迪庆州人民医院", i == 0) for i, s in enumerate(DIQING_SUPPORTERS)] + [
        (s, "怒江州人民医院", i == 0) for i, s in enumerate(NUJIANG_SUPPORTERS)
    ]


@pytest.mark.parametrize("use_known", [False, True], ids=["by-shape", "with-table-names"])
def test_yunnan_group_support(
    use_known: bool, recognizer: HospitalRecognizer, known_recognizer: HospitalRecognizer
) -> None:
    doc = read_document(CORPUS / YUNNAN)
    result = extract_prose(doc, recognizer=known_recognizer if use_known else recognizer)

    assert _pairs(result) == _expected_yunnan()
    assert result.leads == []
    assert result.problems == []
    diqing = [p for p in result.pairings if p.recipient == "迪庆州人民医院"]
    nujiang = [p for p in result.pairings if p.recipient == "怒江州人民医院"]
    assert len(diqing) == 9 and [p.supporter for p in diqing if p.lead] == ["省第一人民医院"]
    assert len(nujiang) == 8 and [p.supporter for p in nujiang if p.lead] == ["昆明医科大学第二附属医院"]
    for pairing in result.pairings:
        assert pairing.program == GROUP_PROGRAM
        assert pairing.evidence.doc == YUNNAN
        assert pairing.evidence.where == "正文 二（六）"
    assert diqing[0].evidence.quote.startswith("保持原有帮扶关系不变，仍然由省第一人民医院牵头")
    assert diqing[0].evidence.quote.endswith("参与帮扶迪庆州人民医院")
    assert nujiang[0].evidence.quote.startswith("由昆明医科大学第二附属医院牵头")


def test_yunnan_clause_without_supporter_adds_nothing(recognizer: HospitalRecognizer) -> None:
    """ "扎实帮扶迪庆、怒江州人民医院" names no supporter: no pairing, no problem."""
    doc = read_document(CORPUS / YUNNAN)
    paragraph = next(p for p in doc.paragraphs if p.section == "正文 二（六）")
    last = paragraph.text.split("。")[-2]
    assert "扎实帮扶迪庆、怒江州人民医院" in last
    result = _one_sentence(last, recognizer, "正文 二（六）")
    assert result.pairings == [] and result.leads == [] and result.problems == []


@pytest.mark.parametrize("use_known", [False, True], ids=["by-shape", "with-table-names"])
def test_jiangxi_lead_assertions(
    use_known: bool, recognizer: HospitalRecognizer, known_recognizer: HospitalRecognizer
) -> None:
    doc = read_document(CORPUS / JIANGXI)
    result = extract_prose(doc, recognizer=known_recognizer if use_known else recognizer)

    assert _leads(result) == JIANGXI_LEADS
    assert result.pairings == []
    assert result.problems == []
    assert {a.evidence.where for a in result.leads} == {"正文 一"}
    assert result.leads[0].evidence.quote.startswith("有省内多家三级医院对口帮扶的赣县人民医院")
    assert result.leads[3].evidence.quote.startswith("有国家委属委管医院参与对口帮扶的于都县人民医院")


@pytest.mark.parametrize(
    "name", ["001_5d7973793b16831f.txt", "002_f96d2e1adf756957.txt", "003_4d4abe8e6271f2f6.txt"]
)
def test_documents_with_only_generic_rules_yield_nothing(name: str, recognizer: HospitalRecognizer) -> None:
    """These three state rules about 支援医院/受援医院 in prose; their relations are in tables."""
    result = extract_prose(read_document(CORPUS / name), recognizer=recognizer)
    assert (result.pairings, result.leads, result.problems) == ([], [], [])


def test_extract_prose_builds_its_own_recogniser_from_known_names() -> None:
    doc = read_document(CORPUS / JIANGXI)
    assert _leads(extract_prose(doc, known_names=["江西省肿瘤医院", "赣县区人民医院"])) == JIANGXI_LEADS


# -- sentences the seeds do not have ------------------------------------------------------

PAIRING_CASES: list[tuple[str, list[tuple[str, str, bool]]]] = [
    (
        "由贵州医科大学附属医院牵头，遵义医科大学附属医院、贵州省人民医院参与帮扶从江县人民医院。",
        [
            ("贵州医科大学附属医院", "从江县人民医院", True),
            ("遵义医科大学附属医院", "从江县人民医院", False),
            ("贵州省人民医院", "从江县人民医院", False),
        ],
    ),
    ("遵义市第一人民医院对口帮扶正安县人民医院。", [("遵义市第一人民医院", "正安县人民医院", False)]),
    ("四川大学华西医院对口支援甘孜州人民医院。", [("四川大学华西医院", "甘孜州人民医院", False)]),
    ("正安县人民医院由遵义医科大学附属医院牵头帮扶。", [("遵义医科大学附属医院", "正安县人民医院", True)]),
    ("湖南省人民医院与凤凰县人民医院结对帮扶。", [("湖南省人民医院", "凤凰县人民医院", False)]),
    (
        "由和田地区人民医院牵头，新疆医科大学第一附属医院参与帮扶于田县人民医院。",
        [
            ("和田地区人民医院", "于田县人民医院", True),
            ("新疆医科大学第一附属医院", "于田县人民医院", False),
        ],
    ),
    (
        "青海大学附属医院、青海省人民医院对口帮扶玉树州人民医院。",
        [("青海大学附属医院", "玉树州人民医院", False), ("青海省人民医院", "玉树州人民医院", False)],
    ),
    (
        "河南省人民医院、郑州大学第一附属医院分别对口帮扶卢氏县人民医院、淅川县人民医院。",
        [("河南省人民医院", "卢氏县人民医院", False), ("郑州大学第一附属医院", "淅川县人民医院", False)],
    ),
    (
        "由广州医科大学附属第一医院对口帮扶的威宁县人民医院要加强管理。",
        [("广州医科大学附属第一医院", "威宁县人民医院", False)],
    ),
    (
        "科尔沁左翼中旗人民医院对口帮扶巴彦召卫生院、希伯花中心卫生院。",
        [
            ("科尔沁左翼中旗人民医院", "巴彦召卫生院", False),
            ("科尔沁左翼中旗人民医院", "希伯花中心卫生院", False),
        ],
    ),
    (
        "中国人民解放军总医院对口帮扶西藏自治区人民医院，北京大学第一医院对口帮扶拉萨市人民医院。",
        [
            ("中国人民解放军总医院", "西藏自治区人民医院", False),
            ("北京大学第一医院", "拉萨市人民医院", False),
        ],
    ),
    ("会同县人民医院由湖南省人民医院帮扶。", [("湖南省人民医院", "会同县人民医院", False)]),
    ("中山大学附属第一医院是连南县人民医院的帮扶医院。", [("中山大学附属第一医院", "连南县人民医院", False)]),
    (
        "绿春县人民医院由红河州第一人民医院牵头，红河州滇南中心医院（个旧市人民医院）参与帮扶。",
        [
            ("红河州第一人民医院", "绿春县人民医院", True),
            ("红河州滇南中心医院", "绿春县人民医院", False),
        ],
    ),
    (
        "仍然由省人民医院牵头，省中医院、南昌大学第一附属医院等3家医院共同帮扶莲花县人民医院。",
        [
            ("省人民医院", "莲花县人民医院", True),
            ("省中医院", "莲花县人民医院", False),
            ("南昌大学第一附属医院", "莲花县人民医院", False),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PAIRING_CASES, ids=[c[0][:14] for c in PAIRING_CASES])
def test_new_sentences_give_pairings(
    sentence: str, expected: list[tuple[str, str, bool]], recognizer: HospitalRecognizer
) -> None:
    result = _one_sentence(sentence, recognizer)
    assert _pairs(result) == expected
    assert result.leads == [] and result.problems == []
    assert all(p.evidence.quote == sentence.rstrip("。") for p in result.pairings)


LEAD_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("中南大学湘雅医院为花垣县人民医院的牵头医院。", [("中南大学湘雅医院", "花垣县人民医院")]),
    (
        "甘孜州人民医院、阿坝州人民医院分别由四川省人民医院、成都市第三人民医院作为对口帮扶工作主责医院。",
        [("四川省人民医院", "甘孜州人民医院"), ("成都市第三人民医院", "阿坝州人民医院")],
    ),
    (
        "有国家委属委管医院参与对口帮扶的从江县人民医院、榕江县人民医院，由贵州医科大学附属医院作为对口帮扶工作主责医院。",
        [("贵州医科大学附属医院", "从江县人民医院"), ("贵州医科大学附属医院", "榕江县人民医院")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), LEAD_CASES, ids=[c[0][:14] for c in LEAD_CASES])
def test_new_sentences_give_lead_assertions(
    sentence: str, expected: list[tuple[str, str]], recognizer: HospitalRecognizer
) -> None:
    result = _one_sentence(sentence, recognizer)
    assert _leads(result) == expected
    assert result.pairings == [] and result.problems == []


PROBLEM_CASES: list[tuple[str, str]] = [
    (
        "有多家三级医院帮扶的德格县人民医院、石渠县人民医院、色达县人民医院，"
        "分别由四川省人民医院、成都市第二人民医院作为对口帮扶工作主责医院。",
        "count_mismatch",
    ),
    (
        "河南省人民医院、郑州大学第一附属医院对口帮扶卢氏县人民医院、淅川县人民医院。",
        "ambiguous_relation",
    ),
    ("自2020年起，上海市第六人民医院不再对口帮扶勐腊县人民医院。", "not_asserted"),
    ("拟由遵义市第一人民医院对口帮扶务川县人民医院。", "not_asserted"),
    ("贵州省人民医院和从江县人民医院的帮扶协议要尽快签订。", "unparsed_sentence"),
]


@pytest.mark.parametrize(("sentence", "kind"), PROBLEM_CASES, ids=[c[1] + c[0][:8] for c in PROBLEM_CASES])
def test_sentences_that_cannot_be_read_are_reported(
    sentence: str, kind: str, recognizer: HospitalRecognizer
) -> None:
    result = _one_sentence(sentence, recognizer)
    assert result.pairings == [] and result.leads == []
    assert [p.kind for p in result.problems] == [kind]
    problem = result.problems[0]
    assert problem.doc == "test.txt" and problem.where == "正文 一"
    assert problem.quote == sentence.rstrip("。")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.message)


def test_count_mismatch_message_names_both_sides(recognizer: HospitalRecognizer) -> None:
    result = _one_sentence(PROBLEM_CASES[0][0], recognizer)
    message = result.problems[0].message
    assert "3家受援医院" in message and "2家支援医院" in message and "色达县人民医院" in message


ROLE_SENTENCES = [
    "支援医院要帮助受援医院拓展业务范围，增加诊疗科目。",
    "原则上三级综合医院支援县医院，三级中医医院支援县级中医医院。",
    "二级医院对口帮扶基层卫生院。",
    "牵头医院和受援医院要加强协调，主责医院要会同其它三级支援医院共同签订帮扶协议。",
    "派出医院要保证派出人员各项福利待遇不变。",
    "多家三级医院共同帮扶一家县级医院的，由受援医院会同各支援医院共同协商。",
    "力争有1所县级医院达到二级医院医疗服务能力。",
    "有省内多家三级医院对口帮扶的受援县人民医院要及时签订协议。",
]


@pytest.mark.parametrize("sentence", ROLE_SENTENCES)
def test_role_words_are_not_hospitals(sentence: str, recognizer: HospitalRecognizer) -> None:
    assert recognizer.names(sentence) == []
    result = _one_sentence(sentence, recognizer)
    assert (result.pairings, result.leads, result.problems) == ([], [], [])


def test_bracketed_alias_is_reported(recognizer: HospitalRecognizer) -> None:
    result = _one_sentence("由红河州滇南中心医院（个旧市人民医院）对口帮扶绿春县人民医院。", recognizer)
    assert _pairs(result) == [("红河州滇南中心医院", "绿春县人民医院", False)]
    assert [(a.main, a.alias) for a in result.aliases] == [("红河州滇南中心医院", "个旧市人民医院")]


# -- programme label and templates --------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("（六）继续开展“组团式”帮扶“三区三州”。", "“组团式”帮扶“三区三州”"),
        ("（三）深入开展城乡医院对口支援", "城乡医院对口支援"),
        ("二、实施三级医院对口帮扶：", "三级医院对口帮扶"),
        ("（一）开展", "开展"),
    ],
)
def test_program_from_heading(heading: str, label: str) -> None:
    assert program_from_heading(heading) == label


def test_program_comes_from_the_section_heading(recognizer: HospitalRecognizer) -> None:
    doc = ParsedDocument(
        "test.txt",
        "txt",
        [
            Paragraph("三、帮扶关系", "正文 三", 1, is_heading=True),
            Paragraph(
                "（二）继续开展东西部协作对口帮扶。广州市第一人民医院对口帮扶黔南州人民医院。",
                "正文 三（二）",
                2,
            ),
            Paragraph("（三）其他。佛山市第一人民医院对口帮扶长顺县人民医院。", "正文 三（三）", 3),
            Paragraph("东莞市人民医院对口帮扶惠水县人民医院。", "正文 四", 4),
        ],
    )
    result = extract_prose(doc, recognizer=recognizer)
    assert [(p.supporter, p.program) for p in result.pairings] == [
        ("广州市第一人民医院", "东西部协作对口帮扶"),
        ("佛山市第一人民医院", "其他"),
        ("东莞市人民医院", ""),
    ]


def test_a_sentence_becomes_clauses_of_groups_and_words(recognizer: HospitalRecognizer) -> None:
    sentence = "由省第一人民医院牵头，省肿瘤医院、云大附属医院参与帮扶迪庆州人民医院"
    words = prose_words()
    clauses = clauses_of(sentence, DocumentScope(recognizer, words).mentions(sentence), words)

    def shape(item: Group | Word) -> str:
        if isinstance(item, Group):
            return "+".join(m.name for m in item.mentions)
        return f"{item.group}:{item.word}"

    assert [[shape(i) for i in c.items] for c in clauses] == [
        ["passive:由", "省第一人民医院", "lead:牵头"],
        ["省肿瘤医院+云大附属医院", "member:参与", "support:帮扶", "迪庆州人民医院"],
    ]


# -- the recogniser -----------------------------------------------------------------------

RECOGNISER_CASES: list[tuple[str, list[str]]] = [
    ("怒江州人民医院院长", ["怒江州人民医院"]),
    ("仍然由省第一人民医院牵头", ["省第一人民医院"]),
    (
        "省肿瘤医院、省口腔医院、省阜外医院、云大附属医院、省心理卫生中心、省急救中心参与帮扶",
        ["省肿瘤医院", "省口腔医院", "省阜外医院", "云大附属医院", "省心理卫生中心", "省急救中心"],
    ),
    (
        "分别由省肿瘤医院、省妇幼保健院、省儿童医院作为对口帮扶工作主责医院",
        ["省肿瘤医院", "省妇幼保健院", "省儿童医院"],
    ),
    ("有省内多家三级医院对口帮扶的赣县人民医院", ["赣县人民医院"]),
    ("有国家委属委管医院参与对口帮扶的于都县人民医院", ["于都县人民医院"]),
    ("参与帮扶从江县人民医院", ["从江县人民医院"]),
    ("由和田地区人民医院牵头", ["和田地区人民医院"]),
    ("会同县人民医院和个旧市人民医院", ["会同县人民医院", "个旧市人民医院"]),
    ("扎实帮扶迪庆、怒江州人民医院不断提升服务能力", ["怒江州人民医院"]),
    ("昆明市延安医院帮扶禄劝县人民医院", ["昆明市延安医院", "禄劝县人民医院"]),
    ("省肿瘤医院省口腔医院", ["省肿瘤医院", "省口腔医院"]),
    ("复旦大学附属华山医院北院院长", ["复旦大学附属华山医院北院"]),
    ("复旦大学附属中山医院青浦分院", ["复旦大学附属中山医院青浦分院"]),
    ("中国人民解放军联勤保障部队第九二〇医院", ["中国人民解放军联勤保障部队第九二〇医院"]),
    ("保康镇社区卫生服务中心", ["保康镇社区卫生服务中心"]),
    ("上海交通大学医学院附属上海儿童医学中心", ["上海交通大学医学院附属上海儿童医学中心"]),
    ("赣南医学院第一附属医院", ["赣南医学院第一附属医院"]),
    (
        "红河州滇南中心医院（个旧市人民医院）、红河州第二人民医院",
        ["红河州滇南中心医院（个旧市人民医院）", "红河州第二人民医院"],
    ),
    ("香格里拉市人民医院(迪庆州人民医院)", ["香格里拉市人民医院(迪庆州人民医院)"]),
    ("利用旗人民医院巡回医疗车驻点帮扶", ["旗人民医院"]),
    ("要进一步完善医院管理制度，打造医院文化", []),
    ("提升急诊急救中心建设水平", []),
    ("成为名副其实的“三甲”综合医院", []),
]


@pytest.mark.parametrize(("sentence", "names"), RECOGNISER_CASES, ids=[c[0][:12] for c in RECOGNISER_CASES])
def test_recogniser_by_shape(sentence: str, names: list[str], recognizer: HospitalRecognizer) -> None:
    spans = recognizer.find(sentence)
    assert [s.text for s in spans] == names
    assert all(sentence[s.start : s.end] == s.text and s.source == "pattern" for s in spans)


def test_recogniser_finds_every_table_name_alone(
    table_names: set[str], recognizer: HospitalRecognizer
) -> None:
    """Generalisation check: each of the ~350 table names is found by shape alone, except bare
    famous names with no place or university (华东医院), which must be known names."""
    missed = sorted(n for n in table_names if recognizer.names(f"由{n}牵头") != [n])
    assert missed == ["华东医院"]


def test_known_names_are_matched_first() -> None:
    sentence = "华东医院对口帮扶景谷县人民医院"
    assert HospitalRecognizer().names(sentence) == ["景谷县人民医院"]
    known = HospitalRecognizer(["华东医院", "支援医院", "三级医院"])
    assert known.known_names == frozenset({"华东医院"})  # role words never become names
    spans = known.find(sentence)
    assert [(s.text, s.source) for s in spans] == [("华东医院", "known"), ("景谷县人民医院", "pattern")]


def test_known_names_from_raw_cells_register_bracketed_aliases() -> None:
    known = HospitalRecognizer(
        ["香格里拉市人民医院(迪庆州人民医院)", "昆明市第一人民医院、云南省阜外心血管病医院"]
    )
    assert known.known_names == frozenset(
        {"香格里拉市人民医院", "迪庆州人民医院", "昆明市第一人民医院", "云南省阜外心血管病医院"}
    )
    spans = known.find("迪庆州人民医院院长")
    assert [(s.text, s.source) for s in spans] == [("迪庆州人民医院", "known")]


def test_pipeline_is_built_lazily_and_once() -> None:
    recognizer = HospitalRecognizer(["华东医院"])
    assert "nlp" not in recognizer.__dict__
    recognizer.find("华东医院")
    first = recognizer.nlp
    recognizer.find("华东医院")
    assert recognizer.nlp is first


def test_importing_does_no_work() -> None:
    code = (
        "import sys, extract.hospitals, extract.prose; print('spacy' in sys.modules, 'jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("支援医院", True),
        ("受援县人民医院", True),
        ("省内三级医院", True),
        ("国家委属委管医院", True),
        ("3家医院", True),
        ("达到二级医院", True),
        ("省人民医院", False),
        ("省妇幼保健院", False),
        ("赣县人民医院", False),
        ("云县中医医院", False),
    ],
)
def test_is_role_phrase(text: str, expected: bool) -> None:
    assert is_role_phrase(text) is expected


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "红河州滇南中心医院（个旧市人民医院）、红河州第二人民医院",
            ["红河州滇南中心医院（个旧市人民医院）", "红河州第二人民医院"],
        ),
        ("甲医院，乙医院,丙医院；丁医院;戊医院", ["甲医院", "乙医院", "丙医院", "丁医院", "戊医院"]),
        ("甲医院(乙、丙)、丁医院", ["甲医院(乙、丙)", "丁医院"]),
        ("、 甲医院 、、", ["甲医院"]),
        ("", []),
    ],
)
def test_split_names(cell: str, names: list[str]) -> None:
    assert split_names(cell) == names


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("红河州滇南中心医院（个旧市人民医院）", ("红河州滇南中心医院", "个旧市人民医院")),
        ("香格里拉市人民医院(迪庆州人民医院)", ("香格里拉市人民医院", "迪庆州人民医院")),
        ("昆明市儿童医院", ("昆明市儿童医院", None)),
    ],
)
def test_split_bracket(name: str, parts: tuple[str, str | None]) -> None:
    assert split_bracket(name) == parts


# -- the grammar on shapes the seeds do not have (issue 9 item 3) ----------------------------
# Names from a province neither the corpus nor the held-out set covers (湖北).


def _document(*paragraphs: str) -> ParsedDocument:
    return ParsedDocument("hb.txt", "txt", [Paragraph(t, "正文", i + 1) for i, t in enumerate(paragraphs)])


def _kinds(result: ProseResult) -> list[tuple[str, str, bool, str]]:
    return [(p.supporter, p.recipient, p.lead, p.kind) for p in result.pairings]


GRAMMAR_CASES: list[tuple[str, list[tuple[str, str, bool, str]]]] = [
    (
        "（一）华中科技大学同济医学院附属协和医院作为牵头医院，会同湖北省人民医院、武汉市第一人民医院组团帮扶郧西县人民医院。",
        [
            ("华中科技大学同济医学院附属协和医院", "郧西县人民医院", True, "组团式"),
            ("湖北省人民医院", "郧西县人民医院", False, "组团式"),
            ("武汉市第一人民医院", "郧西县人民医院", False, "组团式"),
        ],
    ),
    (
        "2.竹山县人民医院由武汉大学人民医院牵头帮扶，湖北省妇幼保健院、十堰市太和医院共同参与，已派驻专家12名。",
        [
            ("武汉大学人民医院", "竹山县人民医院", True, "对口帮扶"),
            ("湖北省妇幼保健院", "竹山县人民医院", False, "对口帮扶"),
            ("十堰市太和医院", "竹山县人民医院", False, "对口帮扶"),
        ],
    ),
    (
        "近年来，武汉市中心医院先后托管了2家县级医院（保康县人民医院、南漳县人民医院），派驻管理团队。",
        [
            ("武汉市中心医院", "保康县人民医院", False, "托管"),
            ("武汉市中心医院", "南漳县人民医院", False, "托管"),
        ],
    ),
    (
        "今年5月，阳新县人民医院与湖北省第三人民医院签约结对，双方将在学科建设方面深度协作。",
        [("湖北省第三人民医院", "阳新县人民医院", False, "结对")],
    ),
    (
        "保康县人民医院与保康县马桥镇卫生院签订帮扶协议。",
        [("保康县人民医院", "保康县马桥镇卫生院", False, "对口帮扶")],
    ),
    (
        "丹江口市第一医院是湖北省人民医院、湖北省中医院的对口支援医院。",
        [
            ("湖北省人民医院", "丹江口市第一医院", False, "对口支援"),
            ("湖北省中医院", "丹江口市第一医院", False, "对口支援"),
        ],
    ),
    (
        "（三）荆州市中心医院对口帮扶监利市人民医院。",
        [("荆州市中心医院", "监利市人民医院", False, "对口帮扶")],
    ),
    (
        "湖北省人民医院与郧西县人民医院建立对口帮扶关系。",
        [("湖北省人民医院", "郧西县人民医院", False, "对口帮扶")],
    ),
    (
        "湖北省人民医院对郧西县人民医院开展对口帮扶。",
        [("湖北省人民医院", "郧西县人民医院", False, "对口帮扶")],
    ),
    (
        "郧西县人民医院的帮扶单位为湖北省人民医院、十堰市太和医院。",
        [
            ("湖北省人民医院", "郧西县人民医院", False, "对口帮扶"),
            ("十堰市太和医院", "郧西县人民医院", False, "对口帮扶"),
        ],
    ),
    (
        "湖北省人民医院与武汉市第一人民医院共同对口帮扶郧西县人民医院。",
        [
            ("湖北省人民医院", "郧西县人民医院", False, "对口帮扶"),
            ("武汉市第一人民医院", "郧西县人民医院", False, "对口帮扶"),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), GRAMMAR_CASES, ids=[c[0][:12] for c in GRAMMAR_CASES])
def test_grammar_reads_frames_by_trigger_and_position(
    sentence: str, expected: list[tuple[str, str, bool, str]], recognizer: HospitalRecognizer
) -> None:
    result = extract_prose(_document(sentence), recognizer=recognizer, place_level=_place_level)
    assert _kinds(result) == expected
    assert result.leads == [] and result.problems == []


def test_respectively_with_a_lead_role_gives_lead_assertions_in_order(recognizer: HospitalRecognizer) -> None:
    sentence = (
        "房县人民医院、竹溪县人民医院分别由武汉大学中南医院、华中科技大学同济医学院附属同济医院"
        "作为组团式帮扶主责医院。"
    )
    result = extract_prose(_document(sentence), recognizer=recognizer)
    assert [(a.supporter, a.recipient, a.kind) for a in result.leads] == [
        ("武汉大学中南医院", "房县人民医院", "组团式"),
        ("华中科技大学同济医学院附属同济医院", "竹溪县人民医院", "组团式"),
    ]
    assert result.pairings == [] and result.problems == []


NOT_PAIRINGS = [
    "武汉协和医院牵头的湖北省心血管专科联盟新增通山县人民医院等10家成员单位。",
    "通山县人民医院已加入湖北省人民医院牵头组建的医联体。",
    "武汉外国语学校对口帮扶恩施州高级中学，两校开展同课异构。",
    "湖北省人民医院专家赴通山县人民医院开展义诊和带教查房。",
]


@pytest.mark.parametrize("sentence", NOT_PAIRINGS)
def test_membership_visits_and_schools_are_not_pairings(
    sentence: str, recognizer: HospitalRecognizer
) -> None:
    result = extract_prose(_document(sentence), recognizer=recognizer)
    assert (result.pairings, result.leads, result.problems) == ([], [], [])


def test_symmetric_wording_between_equal_tiers_is_reported_not_guessed(
    recognizer: HospitalRecognizer,
) -> None:
    result = extract_prose(_document("襄阳市中心医院与十堰市人民医院签约结对。"), recognizer=recognizer)
    assert result.pairings == []
    assert [p.kind for p in result.problems] == ["direction_unknown"]


def test_first_person_is_the_institution_of_the_byline(recognizer: HospitalRecognizer) -> None:
    doc = _document(
        "对口帮扶工作简介",
        "发布单位：襄阳市中心医院　　发布时间：2023年3月1日",
        "我院自2018年起对口帮扶谷城县人民医院。本院还与南漳县人民医院签订紧密型帮扶协议。",
    )
    result = extract_prose(doc, recognizer=recognizer, place_level=_place_level)
    assert _kinds(result) == [
        ("襄阳市中心医院", "谷城县人民医院", False, "对口帮扶"),
        ("襄阳市中心医院", "南漳县人民医院", False, "对口帮扶"),
    ]


def test_first_person_without_a_known_institution_is_no_mention(recognizer: HospitalRecognizer) -> None:
    result = extract_prose(_document("工作简介", "我院对口帮扶谷城县人民医院。"), recognizer=recognizer)
    assert (result.pairings, result.problems) == ([], [])


def test_numbered_short_form_is_tied_to_the_full_name_printed_in_the_document(
    recognizer: HospitalRecognizer,
) -> None:
    doc = _document(
        "市二院对口帮扶秭归纪实",
        "宜昌市第二人民医院党委书记带领专家来到秭归县。当天，市二院与秭归县人民医院签订对口帮扶协议。",
    )
    result = extract_prose(doc, recognizer=recognizer, place_level=_place_level)
    assert _kinds(result) == [("宜昌市第二人民医院", "秭归县人民医院", False, "对口帮扶")]


def test_numbered_heading_labels_its_section_but_a_numbered_sentence_is_body(
    recognizer: HospitalRecognizer,
) -> None:
    doc = ParsedDocument(
        "hb.txt",
        "txt",
        [
            Paragraph("（一）深入开展城乡医院对口支援。", "正文 （一）", 1),
            Paragraph("荆州市中心医院对口帮扶监利市人民医院。", "正文 （一）", 2),
            Paragraph("（二）荆州市第一人民医院对口帮扶石首市人民医院。", "正文 （二）", 3),
        ],
    )
    result = extract_prose(doc, recognizer=recognizer)
    assert [(p.supporter, p.program) for p in result.pairings] == [
        ("荆州市中心医院", "城乡医院对口支援"),
        ("荆州市第一人民医院", ""),
    ]


@pytest.mark.parametrize(
    ("short", "full_names", "expected"),
    [
        ("市二院", ["宜昌市第二人民医院", "秭归县人民医院"], "宜昌市第二人民医院"),
        ("省三院", ["湖北省第三人民医院", "湖北省人民医院"], "湖北省第三人民医院"),
        ("北医三院", ["北京大学第三医院"], "北京大学第三医院"),
        ("市二院", ["宜昌市第二人民医院", "襄阳市第二人民医院"], None),  # two fit: never guess
        ("市二院", ["宜昌市第十二人民医院"], None),
        ("市二院", ["宜昌市人民医院"], None),
    ],
)
def test_numbered_short_forms(short: str, full_names: list[str], expected: str | None) -> None:
    assert expand_numbered_short_form(short, full_names) == expected


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("国家癌症中心医院", 5),
        ("华中科技大学同济医学院附属协和医院", 4),
        ("湖北省人民医院", 4),
        ("宜昌市中心人民医院", 3),
        ("恩施州中心医院", 3),
        ("丹江口市第一医院", 2),  # a county-level city: the gazetteer knows
        ("郧西县人民医院", 2),
        ("保康县马桥镇卫生院", 1),
        ("协和医院", 0),
    ],
)
def test_tier_from_the_name(name: str, tier: int) -> None:
    assert tier_of(name, place_level=_place_level) == tier
