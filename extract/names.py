"""What a printed name is: an institution, a list of them, a bracketed alias, a person.

Tables and sentences both print hospitals as 甲、乙（丙）; one set of rules here keeps the
table extractor, the prose extractor and the resolver in agreement.
"""

from __future__ import annotations

import re

from core.normalize import normalize_name

# Endings of a health institution's name, long forms first so the table reads as
# documentation (only the end position matters). The prose recogniser uses the same table
# without 医学院 (extract/hospitals.py says why).
INSTITUTION_SUFFIXES: tuple[str, ...] = (
    "妇幼保健计划生育服务中心",
    "社区卫生服务中心",
    "疾病预防控制中心",
    "卫生服务中心",
    "心理卫生中心",
    "卫生中心",
    "急救中心",
    "医学中心",
    "医疗中心",
    "血液中心",
    "康复中心",
    "保健医院",
    "中心医院",
    "中医院",
    "医院",
    "卫生院",
    "保健院",
    "保健所",
    "医学院",
)

# Role words: they end like institutions but name a role, never an institution.
ROLE_WORDS: frozenset[str] = frozenset(
    {
        "医院",
        "支援医院",
        "受援医院",
        "三级医院",
        "二级医院",
        "县级医院",
        "县医院",
        "牵头医院",
        "帮扶医院",
        "主责医院",
        "派出医院",
        "受扶医院",
        "受扶县级医院",
        "县级中医医院",
        "中医医院",
        "三级综合医院",
        "三级中医医院",
        "公立医院",
        "基层卫生院",
        "乡镇卫生院",
        "卫生院",
        "贫困县县级医院",
        "省内三级医院",
        "省外三甲医院",
        "三甲医院",
        "城市三级医院",
        "军队医院",
        "国家医疗队",
    }
)

# Words that only qualify a role: 受援县级医院, 所属三级医院, 省内三级综合医院 are roles too.
_ROLE_PATTERN = re.compile(
    r"^(受援|支援|所属|帮扶|受扶|被帮扶|牵头|主责|派出|对口|贫困县|县级|县|乡镇|基层|三级|二级|三甲|"
    r"省内|省外|城市|综合|中医|公立|军队|定点|协作|合作|托管|民营|专科|甲等|乙等)*"
    r"(医院|卫生院|中医医院|综合医院|中医院)$"
)

LIST_SEPARATORS = "、，,；;"
_OPEN = "（("
_CLOSE = "）)"
_BRACKETED = re.compile(r"^(?P<main>.+?)[（(](?P<inner>[^（()）]+)[）)]$")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


def is_institution(text: str) -> bool:
    """True for a printed institution name (not a role word like 支援医院)."""
    name = normalize_name(text)
    main, _ = split_bracket(name)
    if is_role_word(main) or len(main) <= 3:
        return False
    # 复旦大学附属华山医院北院, …青浦分院: a campus of a hospital is still a hospital.
    return main.endswith(INSTITUTION_SUFFIXES) or ("医院" in main[:-1] and main.endswith("院"))


def is_role_word(text: str) -> bool:
    """支援医院, 受援县级医院, 三级综合医院: words for a role, not an institution's name."""
    return text in ROLE_WORDS or bool(_ROLE_PATTERN.match(text))


def split_names(cell: str) -> list[str]:
    """Split 甲、乙（丙）、丁 on list separators outside brackets; drop empty items."""
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in cell:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in LIST_SEPARATORS and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def split_bracket(name: str) -> tuple[str, str | None]:
    """甲（乙） -> (甲, 乙): the printed name and the name in brackets after it."""
    match = _BRACKETED.match(name.strip())
    if not match:
        return name.strip(), None
    return match.group("main").strip(), match.group("inner").strip()


def is_bracketed_fragment(cell: str) -> bool:
    """A whole cell in brackets, e.g. "(迪庆州人民医院)": the wrapped tail of the cell above."""
    cell = cell.strip()
    return len(cell) > 2 and cell[0] in _OPEN and cell[-1] in _CLOSE


def looks_like_person(text: str) -> bool:
    """A person's name as printed in a staff column (2–8 Chinese characters, maybe with ·)."""
    return bool(_PERSON.match(text)) and not text.endswith(INSTITUTION_SUFFIXES)
