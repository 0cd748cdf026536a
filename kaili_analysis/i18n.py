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
from .units import Unit, base_label, parse_unit

__all__ = [
    "LABELS",
    "check_lang",
    "fmt_amount",
    "fmt_number",
    "fmt_pp",
    "fmt_range",
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
        "economy": ("经济结构", "economic structure"),
        "civilization": ("创文", "civilised-city campaign"),
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
        "history_disagrees": ("面对说法不一的“十三五”增速",
                              "against 2016-2020 rates that disagree"),
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


#: English unit words for one of a thing (1 enterprise, 1 tier).
_SINGULAR = {
    "persons": "person", "person-times": "person-time", "households": "household",
    "enterprises": "enterprise", "market entities": "market entity", "birds": "bird",
    "institutions": "institution", "facilities": "facility", "dwellings": "dwelling",
    "items": "item", "events": "event", "days": "day", "years": "year", "hours": "hour",
    "tonnes": "tonne", "tiers": "tier", "venues": "venue", "campaigns": "campaign",
    "sights": "sight", "dishes": "dish", "places": "place", "children": "child",
    "index points": "index point",
}


def _decimals(value: float) -> int:
    """The decimals :func:`fmt_number` writes a number with (38.13 → 2; at most 2)."""
    text = f"{abs(float(value)):.2f}".rstrip("0")
    return len(text.split(".")[1])


def _unit_word(parsed: Unit, base: str | None, amount: float) -> str:
    """The English word of a unit for a record with base unit ``base`` ('' for a count)."""
    if base and base != parsed.base:
        word = base_label(base, "en")
    elif parsed.factor == 1 and parsed.label_en != "count":
        word = parsed.label_en
    else:
        word = base_label(parsed.base, "en")
    if word == "count":
        return ""
    return _SINGULAR.get(word, word) if amount == 1 else word


def _check_base(parsed: Unit, base: str | None) -> None:
    if base is not None and base not in parsed.bases:
        raise ParameterError(f"base must be one of {', '.join(parsed.bases)} for the unit "
                             f"{parsed.written!r}, got {base!r}")


def fmt_amount(value: float, unit: str, lang: str = "zh", *, name: bool = True,
               base: str | None = None) -> str:
    """A number with its unit as a reader of ``lang`` writes it.

    Chinese keeps the unit as the article writes it, with no space ('1.64万户', '38.13亿元');
    a measure word the article only fuses to a Chinese numeral gets an ordinary one (五大 →
    '5个'). English turns a unit with a Chinese magnitude into the amount in base units and
    names what is counted ('16,400 households', '3.813 billion yuan', '260,000 mu'), with
    the digits the value is written with (38.13亿 → 3.813 billion: no more, no fewer); '%'
    and units without a known English name stay as written.

    Parameters
    ----------
    value, unit
        The number and the unit as written in the article.
    lang
        ``zh`` or ``en``.
    name
        Write the unit's name (``False``: '16,400', for a second amount of the same unit).
    base
        The record's ``unit_base`` where the same measure word counts different things
        (户: ``enterprises`` → '78 enterprises', not households); default the unit's own.

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en, or ``base`` is not a base unit of ``unit``.
    """
    check_lang(lang)
    try:
        parsed = parse_unit(unit) if unit not in {"", "%"} else None
    except KailiError:
        parsed = None
    if parsed is not None:
        _check_base(parsed, base)
    if lang == "zh" or unit in {"", "%"}:
        number = fmt_number(value)
        if not name:
            return number
        if parsed is None:
            return f"{number}{unit}" if unit in {"", "%"} else f"{number} {unit}"
        return f"{number}{parsed.label_zh}"
    if parsed is None:
        return f"{fmt_number(value)} {unit if name else ''}".strip()
    if unit == "A级":
        return f"{fmt_number(value)}A"
    if (base or parsed.base) == "grade":  # 二级 (医院) is "grade 2"
        return f"grade {fmt_number(value)}" if name else fmt_number(value)
    amount = value * parsed.factor
    size, scale = next(((size, word) for size, word in ((1e9, "billion"), (1e6, "million"))
                        if abs(amount) >= size and parsed.factor > 1), (1.0, ""))
    shift = round(math.log10(size / parsed.factor))
    decimals = max(0, _decimals(value) + shift)
    number = fmt_number(round(amount / size, decimals), decimals)
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    word = _unit_word(parsed, base, amount) if name else ""
    return " ".join(w for w in (number, scale, word) if w)


def fmt_range(low: float, high: float, unit: str, lang: str = "zh", *,
              base: str | None = None) -> str:
    """A range of one quantity with its unit once: '15.53–20.7亿元' / '1.553–2.07 billion
    yuan' (the scale word too is written once when both ends share it)."""
    first = fmt_amount(low, unit, lang, name=False, base=base)
    last = fmt_amount(high, unit, lang, base=base)
    if lang == "en":
        scale = last.split(" ")[1] if " " in last else ""
        if scale in {"billion", "million"} and first.endswith(f" {scale}"):
            first = first.removesuffix(f" {scale}")
    return f"{first}–{last}"


def _simplest_fraction(value: float) -> Fraction:
    """The fraction with the smallest denominator within 0.005 of ``value``: 0.3333 and a
    value rounded to 0.33 are both 1/3 (三分之一), never 33/100."""
    for denominator in range(1, 101):
        numerator = round(value * denominator)
        if abs(numerator / denominator - value) < 0.005:
            return Fraction(numerator, denominator)
    return Fraction(value).limit_denominator(100)


def fmt_value(value: float, unit: str, qualifier: str = "eq", lang: str = "zh", *,
              base: str | None = None) -> str:
    """Format a value with its qualifier and unit in the report language: '≥ 12%',
    '38.13亿元' / '3.813 billion yuan', '≈ 70万人' / '≈ 700,000 persons', '≥ 1/3'
    (see :func:`fmt_amount`; ``base`` is the record's ``unit_base``)."""
    symbol = qualifier_symbol(qualifier)
    prefix = f"{symbol} " if symbol else ""
    if unit == "分之":  # a fraction such as 三分之一
        frac = _simplest_fraction(value)
        return f"{prefix}{frac.numerator}/{frac.denominator}"
    return prefix + fmt_amount(value, unit, lang, base=base)


def fmt_rate(rate: float, decimals: int = 2) -> str:
    """Format a rate given as a fraction as a percentage: 0.0622 -> '6.22%'."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "—"
    return f"{rate * 100:.{decimals}f}%"


def fmt_pp(diff_pp: float, lang: str = "zh", decimals: int = 2) -> str:
    """Format a difference in percentage points: '高5.78个百分点' / '+5.78 pp' ('低…' /
    '−…' below, '持平' / '±0.00 pp' when it rounds to zero)."""
    check_lang(lang)
    if diff_pp is None or (isinstance(diff_pp, float) and math.isnan(diff_pp)):
        return "—"
    size = f"{abs(diff_pp):.{decimals}f}"
    if float(size) == 0:
        return "持平" if lang == "zh" else f"±{size} pp"
    if lang == "zh":
        return f"{'高' if diff_pp > 0 else '低'}{size}个百分点"
    return f"{'+' if diff_pp > 0 else '−'}{size} pp"


def fmt_rates(rates: Mapping[str, float]) -> str:
    """Format a mapping of ids to rates: 'gdp_growth 8.00%, built_up_area_2025 3.00%'."""
    return ", ".join(f"{key} {fmt_rate(rate)}" for key, rate in rates.items())
