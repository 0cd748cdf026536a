"""Numbers as text: thousands separators, sensible decimals, amounts with units, rates, ranges,
and lists of words.

Names of things in the data (indicators, units) come from the data itself, the package's own
words from :mod:`.catalogue`; this module turns numbers into text, one formatter per kind of
number, and joins words into a list the way a reader of each language writes one
(:func:`join_words`):

* a plain number: :func:`fmt_number` (thousands separators, at most two decimals); a count in
  a sentence is written by the catalogue's plural forms (``{n:…}``, where ``#`` follows the
  language's rule: no thousands separator in Chinese statistics, see
  :func:`.catalogue.count_text`);
* a rate (a fraction): :func:`fmt_rate`, as a percentage to fixed decimals or as the article
  writes it; a difference of rates: :func:`fmt_pp`;
* an amount with its unit and qualifier: :func:`fmt_amount`, :func:`fmt_value`,
  :func:`fmt_range`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction

from kaili_analysis.config import check_lang
from kaili_analysis.data.units import Unit, base_label, parse_unit
from kaili_analysis.errors import KailiError, ParameterError
from kaili_analysis.show.words.catalogue import label, text

__all__ = [
    "JOIN_STYLES",
    "fmt_amount",
    "fmt_number",
    "fmt_pp",
    "fmt_range",
    "fmt_rate",
    "fmt_rates",
    "fmt_value",
    "join_words",
    "qualified",
    "qualifier_symbol",
    "written_decimals",
]


def qualifier_symbol(qualifier: str) -> str:
    """Return ≥, ≤, ≈, > or < for a qualifier code ('' for eq)."""
    return label("qualifier", qualifier, "en")


def fmt_number(value: float, decimals: int | None = None, lang: str = "en") -> str:
    """Format a number with sensible decimals, grouped as a reader of ``lang`` writes it.

    Parameters
    ----------
    value
        The number; NaN gives an em dash.
    decimals
        Fixed decimals; by default integers show none and other numbers up to two, with
        trailing zeros dropped (38.13, 6.5, 1,867.4).
    lang
        ``en`` groups thousands with commas (1,889); ``zh`` writes none, as Chinese
        statistics do (1889).

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en.
    """
    group = "," if check_lang(lang) == "en" else ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if decimals is not None:
        return f"{value:{group}.{decimals}f}"
    if float(value).is_integer():
        return f"{int(value):{group}}"
    return f"{value:{group}.2f}".rstrip("0").rstrip(".")


#: English unit words for one of a thing (1 enterprise, 1 tier).
_SINGULAR = {
    "persons": "person", "person-times": "person-time", "households": "household",
    "enterprises": "enterprise", "market entities": "market entity", "birds": "bird",
    "institutions": "institution", "facilities": "facility", "dwellings": "dwelling",
    "items": "item", "events": "event", "days": "day", "years": "year", "hours": "hour",
    "tonnes": "tonne", "tiers": "tier", "venues": "venue", "campaigns": "campaign",
    "sights": "sight", "dishes": "dish", "places": "place", "children": "child",
    "index points": "index point", "visits": "visit", "training sessions": "training session",
    "plants": "plant", "projects": "project",
}


#: Units the article only writes after a Chinese numeral (二级甲等, 四级指挥体系, 三孩):
#: Chinese text keeps that numeral (``label.numeral.<n>``, one to nine); Roman grades.
_ZH_NUMERAL_UNITS = frozenset({"级", "孩"})
_ROMAN = ("", "I", "II", "III", "IV", "V")


def written_decimals(value: float) -> int:
    """The decimals :func:`fmt_number` writes a number with: 38.13 → 2, 6.5 → 1, 12 → 0
    (two at most)."""
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
        number = fmt_number(value, lang=lang)
        if lang == "zh" and unit in _ZH_NUMERAL_UNITS and value in range(1, 10):
            number = label("numeral", str(int(value)), "zh")  # 二级, 四级, 三孩
            return f"{number}{unit}" if name else number
        if not name:
            return number
        word = unit if parsed is None else parsed.label_zh
        if parsed is not None and word == "个" and base not in {None, parsed.base}:
            word = base_label(base, "zh")  # 八大工程: 8项, not 8个
        return f"{number}{word}"
    if parsed is None:
        return f"{fmt_number(value)} {unit if name else ''}".strip()
    if unit == "A级":
        return f"{fmt_number(value)}A"
    if (base or parsed.base) == "grade":  # 二级 is "Grade II"
        roman = _ROMAN[int(value)] if value in range(1, len(_ROMAN)) else fmt_number(value)
        return f"Grade {roman}" if name else roman
    amount = value * parsed.factor
    size, scale = next(((size, word) for size, word in ((1e9, "billion"), (1e6, "million"))
                        if abs(amount) >= size and parsed.factor > 1), (1.0, ""))
    shift = round(math.log10(size / parsed.factor))
    decimals = max(0, written_decimals(value) + shift)
    number = fmt_number(round(amount / size, decimals), decimals)
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    word = _unit_word(parsed, base, amount) if name else ""
    return " ".join(w for w in (number, scale, word) if w)


def fmt_range(low: float, high: float, unit: str, lang: str = "zh", *,
              base: str | None = None) -> str:
    """A range of one quantity with its unit once and both ends to the same decimals:
    '15.53–20.70亿元' / '1.553–2.070 billion yuan' (the scale word too is written once when
    both ends share it; ends on different scales keep their own digits)."""
    first = fmt_amount(low, unit, lang, name=False, base=base)
    last = fmt_amount(high, unit, lang, base=base)
    if lang == "en":
        scale = last.split(" ")[1] if " " in last else ""
        if scale in {"billion", "million"} and first.endswith(f" {scale}"):
            first = first.removesuffix(f" {scale}")
    ends = [_LEADING_NUMBER.match(first), _LEADING_NUMBER.match(last)]
    if all(ends) and " " not in first:  # one scale: one precision
        decimals = max(len(m.group(0).partition(".")[2]) for m in ends)
        first, last = (_pad(text, m.group(0), decimals)
                       for text, m in zip((first, last), ends, strict=True))
    return f"{first}–{last}"


_LEADING_NUMBER = re.compile(r"[\d,]+(?:\.\d+)?")


def _pad(written: str, number: str, decimals: int) -> str:
    """``written`` with its leading ``number`` padded with zeros to ``decimals``."""
    whole, _, frac = number.partition(".")
    padded = f"{whole}.{frac.ljust(decimals, '0')}" if decimals else number
    return padded + written.removeprefix(number)


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
    """Format a value with its qualifier and unit in the report language.

    English writes the qualifier as a symbol ('≥ 12%', '≈ 700,000 persons', '≥ 1/3');
    Chinese as the article does, in words ('30余亿元', '70万人左右', '12%以上',
    '4.2%以内', '不足5%'). See :func:`fmt_amount`; ``base`` is the record's ``unit_base``.

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en, or ``base`` is not a base unit of ``unit``.
    """
    if unit == "分之":  # a fraction such as 三分之一
        frac = _simplest_fraction(value)
        written = number = f"{frac.numerator}/{frac.denominator}"
    else:
        written = fmt_amount(value, unit, lang, base=base)
        number = fmt_amount(value, unit, lang, name=False, base=base)
    return qualified(written, qualifier, lang, number=number)


def qualified(written: str, qualifier: str, lang: str, *, number: str | None = None,
              words: bool = False) -> str:
    """An amount already written with its qualifier: the one place that writes qualifiers.

    Parameters
    ----------
    written
        The amount with its unit ('30亿元', '3 billion yuan').
    qualifier
        eq, ge, le, approx, gt or lt.
    lang
        ``zh`` writes the word where the article does ('12%以上', '70万人左右', '不足5%',
        '30余亿元'; catalogue ``finding.amount.*``); ``en`` a symbol before the amount
        ('≥ 12%'), or words with ``words`` ('12% or more').
    number
        The number alone, the start of ``written``: Chinese 余 stands between it and the
        unit; without it 余 follows the amount.
    words
        English in words, for running text.

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en.
    """
    if qualifier == "eq":
        return written
    if check_lang(lang) == "en" and not words:
        return f"{qualifier_symbol(qualifier)} {written}"
    if lang == "zh" and qualifier == "gt" and number and written.startswith(number):
        return text("finding.amount.gt_fused", lang, x=number,
                    unit=written.removeprefix(number))
    return text(f"finding.amount.{qualifier}", lang, x=written, unit="")


def fmt_rate(rate: float, decimals: int | None = 2) -> str:
    """A rate given as a fraction, as a percentage: the one percent formatter.

    Parameters
    ----------
    rate
        The rate as a fraction (0.0622); NaN or None gives an em dash.
    decimals
        Fixed decimals (0.0622 → '6.22%', with 0: '6%'); ``None`` writes the rate as the
        article does, with no padding zeros (0.06 → '6%', 0.065 → '6.5%', 0.1408 → '14.08%').

    Returns
    -------
    str
        The percentage with its sign.
    """
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "—"
    if decimals is None:
        return f"{fmt_number(round(rate * 100, 4))}%"
    return f"{fmt_number(rate * 100, decimals)}%"


def fmt_pp(diff_pp: float, lang: str = "zh", decimals: int = 2) -> str:
    """Format a difference in percentage points: '高5.78个百分点' / '+5.78 pp' ('低…' /
    '−…' below, '持平' / 'no difference' when it rounds to zero; words from the
    catalogue, ``number.pp_*``)."""
    check_lang(lang)
    if diff_pp is None or (isinstance(diff_pp, float) and math.isnan(diff_pp)):
        return "—"
    size = f"{abs(diff_pp):.{decimals}f}"
    if float(size) == 0:
        return text("number.pp_level", lang, size=size)
    return text("number.pp_above" if diff_pp > 0 else "number.pp_below", lang, size=size)


def fmt_rates(rates: Mapping[str, float]) -> str:
    """Format a mapping of ids to rates: 'gdp_growth 8.00%, built_up_area_2025 3.00%'."""
    return ", ".join(f"{key} {fmt_rate(rate)}" for key, rate in rates.items())


#: The ways :func:`join_words` joins a list: with a final 'and', or with the plain separator
#: of a list of names or of clauses (items that may hold commas themselves).
JOIN_STYLES = ("and", "names", "clauses")


def join_words(items: Iterable[object], lang: str, *, style: str = "and") -> str:
    """Words as a list the way a reader of ``lang`` writes one: the one list joiner.

    Parameters
    ----------
    items
        The words (each ``str(item)``); none gives the empty string.
    lang
        ``zh`` or ``en``.
    style
        ``"and"``: '甲、乙和丙' / 'A, B and C'; ``"names"``: names that may hold commas
        themselves, such as goals ('甲、乙' / 'A; B'); ``"clauses"``: notes of one cell
        ('甲；乙' / 'A; B').

    Returns
    -------
    str
        The list.

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en or ``style`` is not one of :data:`JOIN_STYLES`.
    """
    check_lang(lang)
    if style not in JOIN_STYLES:
        raise ParameterError(f"style must be one of {', '.join(JOIN_STYLES)}, got {style!r}")
    words = [str(item) for item in items]
    if style != "and":
        return text(f"list.{style}_separator", lang).join(words)
    if len(words) <= 1:
        return "".join(words)
    head = text("list.separator", lang).join(words[:-1])
    return f"{head}{text('list.last', lang)}{words[-1]}"
