"""Units as the article writes them, and their base units.

The article writes quantities with Chinese magnitude prefixes (万 = 10⁴, 亿 = 10⁸) fused to a
measure word (亿元, 万户, 万亩, 万人次 …). :func:`parse_unit` maps each written unit to a
:class:`Unit`: a factor to the base unit, the base unit's name, and zh/en labels. A unit
that is not in the table is an error, never a guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kaili_analysis.errors import UnitError

__all__ = [
    "BASE_UNITS",
    "MAGNITUDES",
    "UNITS",
    "Unit",
    "base_label",
    "known_units",
    "parse_unit",
    "to_base",
]


@dataclass(frozen=True)
class Unit:
    """One written unit and how it converts to a base unit.

    Attributes
    ----------
    written
        The unit exactly as the article writes it (``"亿元"``).
    factor
        Multiply a value in this unit by ``factor`` to get base units.
    base
        The default base unit (``"yuan"``).
    alt_bases
        Other base units a record may declare for this written unit, where the same
        measure word counts different things (户: households or enterprises).
    label_zh, label_en
        Human labels of the written unit; ``label_zh`` is the measure word a table writes
        after an Arabic number (个 for the 大 of 五大, which only exists fused to a numeral).
    """

    written: str
    factor: float
    base: str
    label_zh: str
    label_en: str
    alt_bases: tuple[str, ...] = ()

    @property
    def bases(self) -> tuple[str, ...]:
        """Every base unit this written unit may normalise to."""
        return (self.base, *self.alt_bases)


#: Base units with zh and en labels.
BASE_UNITS: dict[str, tuple[str, str]] = {
    "yuan": ("元", "yuan"),
    "percent": ("%", "%"),
    "persons": ("人", "persons"),
    "person_times": ("人次", "person-times"),
    "households": ("户", "households"),
    "enterprises": ("家/户", "enterprises"),
    "entities": ("户", "market entities"),
    "mu": ("亩", "mu"),
    "km": ("公里", "km"),
    "km2": ("平方公里", "km²"),
    "m2": ("平方米", "m²"),
    "tonnes": ("吨", "tonnes"),
    "birds": ("羽", "birds"),
    "head": ("头", "head"),
    "count": ("个", "count"),
    "institutions": ("所", "institutions"),
    "facilities": ("座", "facilities"),
    "dwellings": ("套", "dwellings"),
    "items": ("项", "items"),
    "events": ("场", "events"),
    "days": ("天", "days"),
    "years": ("年", "years"),
    "hours": ("小时", "hours"),
    "grade": ("级", "grade"),
    "tiers": ("级", "tiers"),
    "venues": ("所", "venues"),
    "campaigns": ("场", "campaigns"),
    "index": ("指数", "index points"),
    "children": ("孩", "children"),
    "visits": ("人次", "visits"),
    "training_sessions": ("人次", "training sessions"),
    "plants": ("座", "plants"),
    "projects": ("项", "projects"),
}


def _u(written: str, factor: float, base: str, zh: str, en: str, *alt: str) -> Unit:
    return Unit(written, factor, base, zh, en, tuple(alt))


_WAN, _YI = 1e4, 1e8
#: The magnitude prefixes a written unit may start with, by factor (万元, 亿元, 千瓦 …).
MAGNITUDES: dict[str, float] = {"百": 1e2, "千": 1e3, "万": _WAN, "亿": _YI}

#: Every unit the article uses, keyed by the written form.
UNITS: dict[str, Unit] = {
    u.written: u
    for u in (
        _u("%", 1, "percent", "%", "%"),
        _u("元", 1, "yuan", "元", "yuan"),
        _u("万元", _WAN, "yuan", "万元", "10k yuan"),
        _u("亿元", _YI, "yuan", "亿元", "100m yuan"),
        _u("人", 1, "persons", "人", "persons"),
        _u("名", 1, "persons", "名", "persons"),
        _u("万人", _WAN, "persons", "万人", "10k persons"),
        _u("人次", 1, "person_times", "人次", "person-times", "visits", "training_sessions"),
        _u("万人次", _WAN, "person_times", "万人次", "10k person-times", "visits",
           "training_sessions"),
        _u("户", 1, "households", "户", "households", "enterprises", "entities"),
        _u("万户", _WAN, "households", "万户", "10k households", "entities"),
        _u("家", 1, "enterprises", "家", "enterprises"),
        _u("亩", 1, "mu", "亩", "mu"),
        _u("万亩", _WAN, "mu", "万亩", "10k mu"),
        _u("公里", 1, "km", "公里", "km"),
        _u("万公里", _WAN, "km", "万公里", "10k km"),
        _u("平方公里", 1, "km2", "平方公里", "km²"),
        _u("平方米", 1, "m2", "平方米", "m²"),
        _u("吨", 1, "tonnes", "吨", "tonnes"),
        _u("万羽", _WAN, "birds", "万羽", "10k birds"),
        _u("万头", _WAN, "head", "万头", "10k head"),
        _u("个", 1, "count", "个", "count"),
        _u("所", 1, "institutions", "所", "institutions", "venues"),
        _u("座", 1, "facilities", "座", "facilities", "plants"),
        _u("套", 1, "dwellings", "套", "dwellings"),
        _u("条", 1, "count", "条", "count"),
        _u("件", 1, "items", "件", "items"),
        _u("项", 1, "items", "项", "items"),
        _u("场", 1, "events", "场", "events", "campaigns"),
        _u("天", 1, "days", "天", "days"),
        _u("年", 1, "years", "年", "years"),
        _u("小时", 1, "hours", "小时", "hours"),
        _u("级", 1, "grade", "级", "grade", "tiers"),
        _u("A级", 1, "grade", "A级", "A-grade"),
        _u("指数", 1, "index", "指数", "index points"),
        # bare measure words the article fuses to Chinese numerals (五大集团, 十景十八菜 …):
        # a table writes the amount with an ordinary measure word (5个, 18个), not "5大"
        _u("大", 1, "count", "个", "count", "projects"),  # 八大工程: 8项
        _u("景", 1, "count", "个", "sights"),
        _u("菜", 1, "count", "个", "dishes"),
        _u("处", 1, "count", "处", "places"),
        _u("孩", 1, "children", "个", "children"),
        # 三分之一: a fraction, stored as 1/3; its base is percent (1/3 -> 33.33 %)
        _u("分之", 100, "percent", "分之", "fraction (× 100 = %)"),
    )
}


def known_units() -> list[str]:
    """Return the written units the library knows, sorted."""
    return sorted(UNITS)


def parse_unit(written: str) -> Unit:
    """Look up a unit exactly as the article writes it.

    Parameters
    ----------
    written
        The unit string, e.g. ``"亿元"`` or ``"万亩"``; surrounding spaces are ignored.

    Returns
    -------
    Unit
        Its factor, base unit and labels.

    Raises
    ------
    UnitError
        If the unit is not in :data:`UNITS`.
    """
    if not isinstance(written, str):
        raise UnitError(f"unit must be a string such as '亿元', got {written!r}")
    key = written.strip()
    try:
        return UNITS[key]
    except KeyError:
        raise UnitError(
            f"unknown unit {written!r}; known units: {', '.join(known_units())}"
        ) from None


def to_base(value: float, written: str) -> float:
    """Convert a value in a written unit to its base unit.

    Parameters
    ----------
    value
        The number as the article writes it (38.13 for 38.13亿元).
    written
        Its unit as written.

    Returns
    -------
    float
        The value in base units (3 813 000 000.0 yuan), rounded to 9 significant decimals
        so that 38.13 × 10⁸ does not come out as 3813000000.0000005.

    Raises
    ------
    UnitError
        If the unit is unknown.
    """
    unit = parse_unit(written)
    out = float(value) * unit.factor
    if out == 0 or not math.isfinite(out):
        return out
    return round(out, 9 - math.floor(math.log10(abs(out))))


def base_label(base: str, lang: str = "zh") -> str:
    """Return the zh or en label of a base unit.

    Raises
    ------
    UnitError
        If ``base`` is not a known base unit.
    """
    try:
        zh, en = BASE_UNITS[base]
    except KeyError:
        raise UnitError(
            f"unknown base unit {base!r}; known: {', '.join(sorted(BASE_UNITS))}"
        ) from None
    return zh if lang == "zh" else en
