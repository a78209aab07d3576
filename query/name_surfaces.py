"""Surface forms of names: the short forms derived by rule, and how a surface is folded.

:func:`derived_surfaces` gives the short forms people type for a canonical place name
(怒江傈僳族自治州 → 怒江州, 怒江); :func:`province_key` is how a scope is compared;
:func:`surface_key` folds a surface exactly like a question so the two meet in
:class:`query.entities.NameIndex`. Pure functions over strings: nothing is loaded.
"""

from __future__ import annotations

import re

from core.model import NodeType
from query.normalize import normalize_question

__all__ = ["derived_surfaces", "province_key", "surface_key"]

C, P, V = NodeType.COUNTY.value, NodeType.PREFECTURE.value, NodeType.PROVINCE.value

_ETHNIC = (
    "傈僳|哈尼|纳西|拉祜|景颇|布朗|普米|独龙|阿昌|德昂|基诺|蒙古|朝鲜|土家|仡佬|布依|仫佬|毛南|"
    "达斡尔|鄂温克|鄂伦春|锡伯|哈萨克|维吾尔|柯尔克孜|塔吉克|撒拉|东乡|保安|裕固|门巴|珞巴|"
    "彝|苗|回|傣|白|佤|怒|藏|壮|瑶|侗|畲|满|羌|黎|水|土|京"
)
_AUTONOMOUS = re.compile(rf"^(?P<base>.+?)(?:(?:{_ETHNIC})族)+自治(?P<kind>县|州|旗)$")
_PROVINCE_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)$")


def province_key(name: str) -> str:
    """云南省/云南 -> 云南, 内蒙古自治区 -> 内蒙古, 上海市 -> 上海: how a scope is compared."""
    key = _PROVINCE_SUFFIX.sub("", name)
    return key or name


def derived_surfaces(name: str, node_type: str) -> list[str]:
    """Short forms people type for a canonical name, derived by rule (never a guess per name).

    Provinces lose 省/市/自治区 (云南省 → 云南); prefectures lose 市 and autonomous ones
    their peoples (怒江傈僳族自治州 → 怒江州, 怒江; 昆明市 → 昆明); autonomous counties likewise
    (禄劝彝族苗族自治县 → 禄劝县; a county never loses 县: 富民, 大关 are ordinary words).
    Quotes need no rule: :func:`normalize_question` drops them on both sides (“十四五”).
    """
    out: list[str] = []
    if node_type == V:
        short = _PROVINCE_SUFFIX.sub("", name)
        if short != name and len(short) >= 2:
            out.append(short)
    elif node_type in (P, C):
        m = _AUTONOMOUS.match(name)
        if m and len(m.group("base")) >= 2:
            out.append(m.group("base") + m.group("kind"))
            if node_type == P:
                out.append(m.group("base"))  # 怒江, 迪庆: how prefectures are usually said
        elif node_type == P and name.endswith("市") and len(name) >= 3:
            out.append(name[:-1])
    return [s for s in out if s != name]


def surface_key(surface: str) -> str:
    """A surface folded exactly like a question, so the two meet (see query/normalize.py)."""
    return normalize_question(surface).rstrip("？！。，")
