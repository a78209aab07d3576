"""Find hospital names in a Chinese sentence, including names that are in no list.

Why two passes: the corpus' tables give full names (云南省肿瘤医院), but running text prints
short forms (省肿瘤医院, 云大附属医院) and hospitals no table mentions. So known names are
matched first, exactly (spaCy ``blank("zh")`` with its character segmenter and an
EntityRuler of phrase patterns: one token per character, so a name followed by a word,
怒江州人民医院院长, still matches, which jieba's segmentation would break). The rest of the
sentence is then searched by shape: a run of Chinese characters ending in an institution
suffix, cut on the left at the last function word or relation verb before it.

All the words that decide a boundary or a role are data, in the tuples below, so a new
document's wording is a one-line change, not new code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from core.normalize import HALF_TO_FULL_BRACKETS, normalize_name
from extract.names import INSTITUTION_SUFFIXES, is_role_word, split_bracket, split_names

if TYPE_CHECKING:  # spaCy is only imported when a recogniser is first used
    from spacy.language import Language

__all__ = [
    "ANCHOR_FREE_SUFFIXES",
    "BOUNDARY_EXCEPTIONS",
    "HOSPITAL_SUFFIXES",
    "LEFT_BOUNDARIES",
    "NAME_ANCHORS",
    "ROLE_CORES",
    "ROLE_QUALIFIERS",
    "STRONG_ROLE_QUALIFIERS",
    "HospitalRecognizer",
    "HospitalSpan",
    "is_role_phrase",
    "split_bracket",
    "split_names",
]

# Endings of a health institution's name: the shared table, less 医学院, which names a
# college and as a suffix would cut 赣南医学院第一附属医院 in two.
HOSPITAL_SUFFIXES: tuple[str, ...] = tuple(s for s in INSTITUTION_SUFFIXES if s != "医学院")

# A name's left edge: the last of these words before the suffix ends the text before the
# name. Longest words win at the same start, and the rightmost occurrence is the cut, so
# "仍然由省第一人民医院" -> 省第一人民医院 and "参与帮扶怒江州人民医院" -> 怒江州人民医院.
# Single characters that begin real place names (于都, 从江, 个旧, 同仁, 本溪) are left out;
# the ones kept but colliding with a place are excepted in BOUNDARY_EXCEPTIONS.
LEFT_BOUNDARIES: tuple[str, ...] = (
    # relation verbs and their fixed companions
    "仍然由", "分别由", "均由", "参与帮扶", "参与对口帮扶", "对口帮扶", "对口支援", "组团帮扶",
    "结对帮扶", "帮扶", "支援", "牵头", "作为", "担任", "托管", "结对", "协助", "帮助", "指导",
    "会同", "联系", "对接", "派驻", "选派", "下派", "接收", "招收", "协调", "配合", "参与",
    "组织", "推进", "加强", "提升", "建设", "建立", "共建", "联合", "通过", "利用", "依托",
    "按照", "根据", "包括", "其中", "以及", "或者", "并且", "达到", "成为", "属于", "确定",
    "明确", "调整", "新增", "要求", "鼓励", "支持", "引导", "整合", "纳入", "报送", "上报",
    "围绕", "覆盖", "推动", "落实", "完善", "提高", "打造",
    # function words
    "多家", "一家", "两家", "各家", "由", "和", "及", "与", "的", "对", "为", "在", "向", "将",
    "经", "有", "各", "等", "到", "是", "被", "把", "给", "让", "使", "至", "跟", "之", "了",
    "并", "或", "即", "其",
)  # fmt: skip

# A boundary word is ignored where the text from it on starts with one of these place names
# (由和田地区人民医院牵头: 和 is not a boundary there).
BOUNDARY_EXCEPTIONS: tuple[str, ...] = (
    "和田", "和平", "和龙", "和县", "和政", "和静", "和硕", "和林格尔", "和顺", "和布克赛尔",
    "向阳", "将乐", "会同县", "经开", "经济技术开发区", "其它", "其他",
)  # fmt: skip

# Role phrases: (qualifier)* + core, e.g. 受援县级医院, 省内三级医院, 国家委属委管医院.
# 省 and 市 alone are NOT qualifiers: in a provincial document 省人民医院, 省肿瘤医院 and
# 省妇幼保健院 are specific hospitals. 县 alone is: 受援县人民医院 is any county's hospital.
ROLE_QUALIFIERS: tuple[str, ...] = (
    "城市", "城乡", "省内", "省外", "省级", "市级", "州级", "县级", "乡级", "旗级", "区级", "国家",
    "军队", "部队", "军地", "地方", "基层", "贫困县", "贫困地区", "受援县", "受援地", "受援",
    "受扶", "被帮扶", "支援", "帮扶", "牵头", "主责", "派出", "双方", "对口", "龙头", "定点",
    "上级", "下级", "重点", "乡村振兴", "其它", "其他", "相关", "各级", "各", "本", "该", "此",
    "当地", "所在", "所属", "全国", "优质", "大型", "合作", "协作", "成员", "紧密型", "区域",
    "县域", "西部地区", "东西部地区", "东西部", "脱贫地区", "旗内", "市内", "县内", "区内", "州内",
    "域内", "县", "乡镇", "乡", "镇", "村", "社区", "一级", "二级", "三级",
    "三甲", "二甲", "甲等", "乙等", "级", "综合", "专科", "公立", "民营", "非公立", "委属委管",
    "委属", "委管", "省属", "市属", "直属", "附属", "系统", "工作", "某", "XX", "××", "医联体",
)  # fmt: skip

# Qualifiers that never stand right before the core in a real name: a run ending in one of
# them + core is a role even when the left cut missed a verb ("达到二级医院").
STRONG_ROLE_QUALIFIERS: tuple[str, ...] = (
    "城市", "省内", "省外", "省级", "市级", "州级", "县级", "乡级", "旗级", "区级", "军队", "地方",
    "基层", "贫困县", "受援县", "受援", "受扶", "被帮扶", "支援", "帮扶", "牵头", "主责", "派出",
    "双方", "对口", "龙头", "定点", "上级", "下级", "其它", "其他", "相关", "各级", "所在", "所属",
    "二级", "三级", "三甲", "二甲", "委属委管", "委管", "区域", "医联体", "公立", "城乡", "县域",
    "西部地区", "东西部地区", "脱贫地区", "旗内", "省内", "市内", "县内", "区内", "州内", "域内",
)  # fmt: skip

ROLE_CORES: tuple[str, ...] = (
    "医院", "人民医院", "中医医院", "中医院", "综合医院", "专科医院", "中心医院", "卫生院",
    "中心卫生院", "妇幼保健院", "妇幼保健医院", "民族医院", "中西医结合医院", "蒙医院", "藏医院",
    "肿瘤医院", "儿童医院", "妇产医院", "口腔医院", "传染病医院", "精神病医院", "康复医院",
    "眼科医院", "胸科医院", "蒙医医院", "中蒙医医院", "医疗机构", "卫生服务中心", "社区卫生服务中心",
    "医学中心", "医疗中心", "急救中心", "卫生中心",
)  # fmt: skip

# A name found by shape must show where or whose it is before its ending: a place (省, 州,
# 县, 镇 …), a university (大学, 附属), an ordinal (第三) or a number. This is what keeps
# "进一步完善医院" and "急诊急救中心" out. Famous bare names (华山医院, 协和医院) therefore
# need to be known names. Township clinics are named after villages with no marker
# (团结卫生院, 七棵树卫生院), so 卫生院 is exempt.
NAME_ANCHORS: tuple[str, ...] = (
    "省", "市", "州", "县", "区", "旗", "盟", "镇", "乡", "苏木", "嘎查", "村", "地区", "林区",
    "特区", "大学", "学院", "医科", "医大", "附属", "第", "军", "部队", "武警", "解放军", "铁路",
    "电力", "石化", "油田", "煤矿", "钢铁", "航天", "核工业", "农场", "牧场", "林业", "矿",
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
)  # fmt: skip
ANCHOR_FREE_SUFFIXES: tuple[str, ...] = ("卫生院",)

# Parts of a hospital printed right after its name: 复旦大学附属华山医院北院, …中山医院青浦分院.
_SUB_UNIT = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:分院|院区)|[东南西北]院")
_NAME_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff〇0-9０-９]")
_COUNT_PREFIX = re.compile(r"^[0-9０-９一二两三四五六七八九十百几多数]+[所家个名]")
_MAX_BRACKET = 30


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so 参与帮扶 wins over 帮扶 at the same start."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_ROLE_FULL = re.compile(rf"^(?:{_alternation(ROLE_QUALIFIERS)})*(?:{_alternation(ROLE_CORES)})$")
_ROLE_TAIL = re.compile(
    rf"(?:{_alternation(STRONG_ROLE_QUALIFIERS)})(?:{_alternation(ROLE_QUALIFIERS)})*"
    rf"(?:{_alternation(ROLE_CORES)})$"
)


def is_role_phrase(text: str) -> bool:
    """True for words that name a role or a class of hospitals, never one hospital.

    支援医院, 受援县人民医院, 省内三级医院, 国家委属委管医院, 3家医院 and anything ending in
    a strong qualifier + core (达到二级医院) are roles; 省人民医院 and 赣县人民医院 are not.
    """
    text = normalize_name(text)
    stripped = _COUNT_PREFIX.sub("", text)
    return any(
        is_role_word(t) or bool(_ROLE_FULL.match(t)) or bool(_ROLE_TAIL.search(t)) for t in {text, stripped}
    )


@dataclass(frozen=True)
class HospitalSpan:
    """A hospital name found in a sentence: character offsets into the text as given."""

    start: int
    end: int
    text: str
    source: Literal["known", "pattern"]

    @property
    def main(self) -> str:
        """The name without its bracketed alias: 滇南中心医院（个旧市人民医院） -> 滇南中心医院."""
        return split_bracket(self.text)[0]

    @property
    def alias(self) -> str | None:
        return split_bracket(self.text)[1]


class HospitalRecognizer:
    """Finds hospital names in Chinese sentences: known names first, then by shape.

    ``known_names`` may be raw table cells: they are split on list separators, bracketed
    aliases are registered too, and role words are dropped. The spaCy pipeline is built on
    first use, once per recogniser, so importing this module or making a recogniser costs
    nothing.
    """

    def __init__(
        self,
        known_names: Iterable[str] = (),
        *,
        suffixes: Iterable[str] = HOSPITAL_SUFFIXES,
        boundaries: Iterable[str] = LEFT_BOUNDARIES,
        boundary_exceptions: Iterable[str] = BOUNDARY_EXCEPTIONS,
        anchors: Iterable[str] = NAME_ANCHORS,
        anchor_free_suffixes: Iterable[str] = ANCHOR_FREE_SUFFIXES,
        min_length: int = 4,
    ) -> None:
        self.known_names: frozenset[str] = frozenset(self._expand(known_names))
        self._suffixes = tuple(suffixes)
        self._suffix_re = re.compile(_alternation(self._suffixes))
        self._boundary_re = re.compile(rf"(?=({_alternation(boundaries)}))")
        self._exceptions = tuple(boundary_exceptions)
        self._anchor_re = re.compile(_alternation(anchors))
        self._anchor_free = tuple(anchor_free_suffixes)
        self.min_length = min_length

    @staticmethod
    def _expand(names: Iterable[str]) -> Iterable[str]:
        for cell in names:
            for item in split_names(cell.translate(HALF_TO_FULL_BRACKETS)):
                main, alias = split_bracket(normalize_name(item))
                for name in (main, alias):
                    if name and len(name) >= 3 and not is_role_phrase(name):
                        yield name

    @cached_property
    def nlp(self) -> Language:
        """blank zh (character segmenter) + an EntityRuler holding the known names."""
        import spacy

        nlp = spacy.blank("zh")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns([{"label": "HOSPITAL", "pattern": n} for n in sorted(self.known_names)])
        return nlp

    def find(self, text: str) -> list[HospitalSpan]:
        """All hospital names in ``text``, in order, without overlaps."""
        if not text:
            return []
        norm = text.translate(HALF_TO_FULL_BRACKETS)  # same length: offsets stay valid
        known: list[tuple[int, int]] = []
        if self.known_names:
            doc = self.nlp(norm)
            known = [self._extend(norm, e.start_char, e.end_char) for e in doc.ents]
        blocked = [False] * len(norm)
        for start, end in known:
            blocked[start:end] = [True] * (end - start)
        spans = [HospitalSpan(s, e, text[s:e], "known") for s, e in known]
        spans += [HospitalSpan(s, e, text[s:e], "pattern") for s, e in self._by_shape(norm, blocked)]
        return _without_overlaps(spans)

    __call__ = find

    def names(self, text: str) -> list[str]:
        """The names found in ``text``, as printed."""
        return [span.text for span in self.find(text)]

    # -- by shape -------------------------------------------------------------------------

    def _by_shape(self, text: str, blocked: list[bool]) -> list[tuple[int, int]]:
        hits = [m.span() for m in self._suffix_re.finditer(text)]
        suffix_ends = {end for _, end in hits}
        found: list[tuple[int, int]] = []
        for s_start, s_end in hits:
            if any(blocked[s_start:s_end]):
                continue
            left = s_start
            # Extend over name characters; stop at a known name or at the end of an earlier
            # suffix, so "甲医院乙医院" gives two names even with no word between them.
            while (
                left > 0
                and _NAME_CHAR.match(text[left - 1])
                and not blocked[left - 1]
                and left not in suffix_ends
            ):
                left -= 1
            start = self._cut(text, left, s_start)
            name = text[start:s_end]
            head = text[start:s_start]
            if len(name) < self.min_length or is_role_phrase(name) or not self._anchored(head, name):
                continue
            found.append(self._extend(text, start, s_end))
        return found

    def _anchored(self, head: str, name: str) -> bool:
        """A place, university, ordinal or number before the ending (see NAME_ANCHORS)."""
        return name.endswith(self._anchor_free) or bool(self._anchor_re.search(head))

    def _cut(self, text: str, left: int, suffix_start: int) -> int:
        """The start of the name: just after the rightmost boundary word in text[left:suffix_start]."""
        cut = left
        region = text[left:suffix_start]
        for match in self._boundary_re.finditer(region):
            word_start = left + match.start()
            if text.startswith(self._exceptions, word_start):
                continue
            cut = max(cut, word_start + len(match.group(1)))
        return cut

    def _extend(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Take in a campus (…北院, …青浦分院) and a bracketed alias (甲（乙）) printed right after."""
        sub = _SUB_UNIT.match(text, end)
        if sub:
            end = sub.end()
        if end < len(text) and text[end] == "（":
            close = text.find("）", end + 1, end + 2 + _MAX_BRACKET)
            if close > end + 1:
                inner = text[end + 1 : close]
                if (
                    _NAME_CHAR.match(inner[0])
                    and (inner in self.known_names or inner.endswith(self._suffixes))
                    and not is_role_phrase(inner)
                ):
                    end = close + 1
        return start, end


def _without_overlaps(spans: list[HospitalSpan]) -> list[HospitalSpan]:
    """Known names first, then longer spans; keep each span that overlaps none kept so far."""
    kept: list[HospitalSpan] = []
    for span in sorted(spans, key=lambda s: (s.source != "known", -(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
