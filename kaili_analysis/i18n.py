"""zh/en labels and number formatting for tables, charts and report prose.

Labels of things in the data (indicator names, units) come from the data itself; this module
holds the words of the package: sections' short names, topics, kinds, qualifiers, verdicts,
column headers, and the formatting of numbers (thousands separators, sensible decimals).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from . import config
from .errors import KailiError, ParameterError
from .units import base_label, parse_unit

__all__ = [
    "LABELS",
    "check_lang",
    "fmt_amount",
    "fmt_number",
    "fmt_pp",
    "fmt_rate",
    "fmt_rates",
    "fmt_value",
    "label",
    "qualifier_symbol",
]


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a report language.

    Raises
    ------
    ParameterError
        If ``lang`` is not one of :data:`kaili_analysis.config.LANGS`.
    """
    if lang not in config.LANGS:
        raise ParameterError(f"lang must be one of {', '.join(config.LANGS)}, got {lang!r}")
    return lang


#: Word tables by vocabulary: {vocabulary: {key: (zh, en)}}.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "qualifier": {
        "eq": ("", ""), "ge": ("≥", "≥"), "le": ("≤", "≤"), "approx": ("≈", "≈"),
        "gt": (">", ">"), "lt": ("<", "<"),
    },
    "qualifier_word": {
        "eq": ("", ""), "ge": ("以上", "or more"), "le": ("以内", "or less"),
        "approx": ("左右", "about"), "gt": ("余", "more than"), "lt": ("不足", "less than"),
    },
    "kind": {
        "level": ("水平值", "level"), "cumulative": ("累计", "cumulative"),
        "growth_rate": ("年均增速", "average annual growth"), "share": ("比率", "share"),
        "count": ("数量", "count"), "grade": ("等级", "grade"), "index": ("指数", "index"),
        "target_level": ("目标值", "target level"),
        "target_growth_rate": ("目标增速", "target growth rate"),
        "target_share": ("目标比率", "target share"),
        "project_target": ("2022年任务", "2022 commitment"),
    },
    "topic": {
        "general": ("综合", "general"), "poverty": ("脱贫攻坚", "poverty alleviation"),
        "agriculture": ("农业", "agriculture"), "industry": ("工业", "industry"),
        "services": ("商贸服务", "commerce and services"), "tourism": ("旅游", "tourism"),
        "economy": ("经济结构", "economic structure"), "civilization": ("文明创建", "civility"),
        "environment": ("生态环境", "environment"), "employment": ("就业", "employment"),
        "education": ("教育", "education"), "health": ("卫生健康", "health"),
        "culture": ("文化", "culture"), "urbanization": ("城镇化", "urbanisation"),
        "infrastructure": ("基础设施", "infrastructure"), "housing": ("住房", "housing"),
        "digital": ("信息化", "digital infrastructure"), "reform": ("改革", "reform"),
        "investment": ("投资", "investment"), "science": ("科技", "science and technology"),
        "governance": ("治理", "governance"), "honours": ("荣誉", "honours"),
    },
    "verdict": {
        "consistent": ("一致", "consistent"), "inconsistent": ("不一致", "inconsistent"),
        "related_measures": ("口径不同的相关指标", "different figures for related measures"),
        "price_basis": ("可能只是价格口径不同", "possibly a difference of price basis"),
        "unverifiable": ("无法核验", "unverifiable"),
        "already_met": ("基期已达到", "already met at the base year"),
        "faster_than_history": ("需快于“十三五”", "needs faster growth than 2016-2020"),
        "within_history": ("不快于“十三五”", "no faster than 2016-2020"),
        "history_disagrees": ("“十三五”增速说法不一", "2016-2020 rates disagree"),
        "no_history": ("无“十三五”增速可比", "no 2016-2020 rate to compare"),
        "no_base": ("文中无基期值", "no base in the article"),
        "not_met": ("基期未达到", "not yet met at the base year"),
        "within_limit": ("在上限之内", "within the limit (at most)"),
        "above_limit": ("高于上限", "above the limit (at most)"),
        "limit_no_history": ("上限目标，无“十三五”数值可比",
                             "a limit (at most); no 2016-2020 figure to compare"),
        "limit_no_base": ("上限目标，文中无基期值", "a limit (at most); no base in the article"),
        "qualitative": ("非量化目标", "not quantified"),
    },
    "direction": {
        "at_least": ("不低于", "at least"), "at_most": ("不超过", "at most"),
        "about": ("左右", "about"), "exactly": ("等于", "exactly"),
    },
    "on_track": {
        "yes": ("按进度", "on track"), "no": ("落后于进度", "off track"),
        "unknown": ("无法判断", "cannot be judged"),
    },
    # "{n}{measure}" + zh / "{n} " + en: the audit's counts by verdict (report intros)
    "verdict_count": {
        "inconsistent": ("不一致", "inconsistent"),
        "price_basis": ("可能只是价格口径不同", "possibly differing only in price basis"),
        "related_measures": ("属于口径不同的相关指标",
                             "with different figures for related measures"),
        "unverifiable": ("无法核验", "unverifiable"),
        "consistent": ("一致", "consistent"),
        "already_met": ("在基期已达到", "already met at the base year"),
        "not_met": ("在基期尚未达到", "not yet met at the base year"),
        "faster_than_history": ("需要快于“十三五”的增长",
                                "needing faster growth than in 2016-2020"),
        "within_history": ("不需要快于“十三五”的增长",
                           "needing no faster growth than in 2016-2020"),
        "no_history": ("没有“十三五”增速可比", "with no 2016-2020 rate to compare"),
        "no_base": ("文中没有基期值", "with no base-year level in the article"),
    },
    "scenario": {
        "plan": ("规划目标", "plan"), "history": ("“十三五”实际增速", "2016-2020 pace"),
        "user": ("自定义", "user"),
    },
    "check": {
        "repeated_statement": ("同一指标多次表述", "one quantity stated twice"),
        "growth_vs_levels": ("增速与起止值", "growth rate vs levels"),
        "implied_start": ("增速倒推的起点", "start implied by a rate"),
        "parts_of_whole": ("构成合计", "parts of a whole"),
        "share_vs_growth": ("产业占比与增速", "sector shares vs growth"),
        "implied_base": ("目标隐含基数", "base implied by a target"),
        "set_counts": ("同一集合的计数", "counts of one set"),
        "subset_count": ("部分与全部", "part vs stated whole"),
        "per_member": ("人员与单元", "people per member of a set"),
        "named_list": ("列举与数量", "named list vs count"),
        "goal_status": ("规划目标", "forward goal"),
    },
}


def label(vocabulary: str, key: str, lang: str = config.DEFAULT_LANG) -> str:
    """Return the zh or en word for ``key`` of a vocabulary (``kind``, ``verdict`` …).

    Raises
    ------
    ParameterError
        If the vocabulary, the key or the language is unknown.
    """
    check_lang(lang)
    table: Mapping[str, tuple[str, str]] | None = LABELS.get(vocabulary)
    if table is None:
        raise ParameterError(
            f"vocabulary must be one of {', '.join(sorted(LABELS))}, got {vocabulary!r}"
        )
    if key not in table:
        raise ParameterError(
            f"{vocabulary} must be one of {', '.join(sorted(table))}, got {key!r}"
        )
    zh, en = table[key]
    return zh if lang == "zh" else en


def qualifier_symbol(qualifier: str) -> str:
    """Return ≥, ≤, ≈, > or < for a qualifier code ('' for eq)."""
    return label("qualifier", qualifier, "en")


def fmt_number(value: float, decimals: int | None = None) -> str:
    """Format a number with thousands separators and sensible decimals.

    Parameters
    ----------
    value
        The number; NaN gives an em dash.
    decimals
        Fixed decimals; by default integers show none and other numbers up to two, with
        trailing zeros dropped (38.13, 6.5, 1,867.4).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def fmt_amount(value: float, unit: str, lang: str = "zh", *, name: bool = True) -> str:
    """A number with its unit as a reader of ``lang`` writes it.

    Chinese keeps the unit as the article writes it ('1.64 万户', '38.13 亿元'). English turns
    a unit with a Chinese magnitude into the amount in base units and names the unit in
    English ('16,400 households', '3.813 billion yuan', '260,000 mu'); '%' and units without
    a known English name stay as written.

    Parameters
    ----------
    value, unit
        The number and the unit as written in the article.
    lang
        ``zh`` or ``en``.
    name
        Write the unit's name (``False``: '16,400', for a second amount of the same unit).
    """
    check_lang(lang)
    if lang == "zh" or unit in {"", "%"}:
        number = fmt_number(value)
        if not name:
            return number
        return f"{number}{'' if unit in {'%', '', 'A级'} else ' '}{unit}"
    if unit == "A级":
        return f"{fmt_number(value)}A"
    try:
        parsed = parse_unit(unit)
    except KailiError:
        return f"{fmt_number(value)} {unit if name else ''}".strip()
    if parsed.base == "grade":  # 二级 (医院) is "grade 2"
        return f"grade {fmt_number(value)}" if name else fmt_number(value)
    if parsed.factor == 1:
        word = parsed.label_en if name and parsed.label_en != "count" else ""
        return f"{fmt_number(value)} {word}".strip()
    amount = value * parsed.factor
    size, scale = next(((size, word) for size, word in ((1e9, "billion"), (1e6, "million"))
                        if abs(amount) >= size), (1.0, ""))
    number = f"{amount / size:,.4f}".rstrip("0").rstrip(".")
    words = [number, scale, base_label(parsed.base, "en") if name else ""]
    return " ".join(w for w in words if w)


def fmt_value(value: float, unit: str, qualifier: str = "eq", lang: str = "zh") -> str:
    """Format a value with its qualifier and unit in the report language: '≥ 12%',
    '38.13 亿元' / '3.813 billion yuan', '≈ 70 万人' / '≈ 700,000 persons'
    (see :func:`fmt_amount`)."""
    symbol = qualifier_symbol(qualifier)
    prefix = f"{symbol} " if symbol else ""
    if unit == "分之":  # a fraction such as 三分之一
        frac = Fraction(value).limit_denominator(100)
        return f"{prefix}{frac.numerator}/{frac.denominator}"
    return prefix + fmt_amount(value, unit, lang)


def fmt_rate(rate: float, decimals: int = 2) -> str:
    """Format a rate given as a fraction as a percentage: 0.0622 -> '6.22%'."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "—"
    return f"{rate * 100:.{decimals}f}%"


def fmt_pp(diff_pp: float, lang: str = "zh", decimals: int = 2) -> str:
    """Format a difference in percentage points with its sign: '+5.78 个百分点' / '+5.78 pp'."""
    if diff_pp is None or (isinstance(diff_pp, float) and math.isnan(diff_pp)):
        return "—"
    unit = " 个百分点" if check_lang(lang) == "zh" else " pp"
    return f"{diff_pp:+.{decimals}f}{unit}"


def fmt_rates(rates: Mapping[str, float]) -> str:
    """Format a mapping of ids to rates: 'gdp_growth 8.00%, built_up_area_2025 3.00%'."""
    return ", ".join(f"{key} {fmt_rate(rate)}" for key, rate in rates.items())
