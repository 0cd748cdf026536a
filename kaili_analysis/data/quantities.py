"""What a record's period and qualifier mean, in one place.

``period`` is a year (``2020``), a span (``2016-2020``), an open span (``2016-``: since
2016, 十三五以来, its end not stated) or empty; ``qualifier`` is ``eq``
(达/为), ``ge`` (以上), ``le`` (以内), ``approx`` (左右), ``gt`` (余) or ``lt``. The targets table
and the audit read both through these functions, so "already met" and "the statements agree"
are judged by the same rules.

A goal's qualifier also gives its **direction** (:func:`direction`): 以上 sets a floor
(``at_least``), 以内 a ceiling (``at_most``), 左右 a value to come close to (``about``), a bare
number a value to reach (``exactly``).
"""

from __future__ import annotations

import math
import re

from kaili_analysis.errors import ParameterError

__all__ = [
    "DIRECTIONS",
    "SECTOR_ACTIVITIES",
    "admitted",
    "check_base_year",
    "check_horizon",
    "check_year",
    "direction",
    "is_open",
    "meets",
    "period_start",
    "period_text",
    "period_years",
    "single_year",
]

#: The direction of a goal by the qualifier of its record.
DIRECTIONS: dict[str, str] = {"ge": "at_least", "gt": "at_least", "le": "at_most",
                              "lt": "at_most", "approx": "about", "eq": "exactly"}
#: The years a year parameter may take.
YEAR_RANGE = (1949, 2100)

_PERIOD = re.compile(r"(\d{4})(?:-(\d{4}))?")
_OPEN = re.compile(r"(\d{4})-")


#: The three sectors as the article names them (国家统计局《三次产业划分规定》) → the activities
#: whose growth stands for each.
SECTOR_ACTIVITIES: dict[str, tuple[str, ...]] = {
    "第一产业": ("农林牧渔业",),
    "第二产业": ("工业", "建筑业"),
    "第三产业": ("服务业", "第三产业"),
}


def period_years(period: object) -> tuple[int, int] | None:
    """First and last year of a period: ``"2020"`` → (2020, 2020), ``"2016-2020"`` →
    (2016, 2020); None for an empty or unreadable period, and for an open span
    (``"2016-"``), whose last year is not known: it spans no number of years a rate or a
    yearly average could use (see :func:`period_start`)."""
    match = _PERIOD.fullmatch(str(period or "").strip())
    if not match:
        return None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def is_open(period: object) -> bool:
    """Whether ``period`` is an open span such as ``"2016-"`` (since 2016, end not stated)."""
    return bool(_OPEN.fullmatch(str(period or "").strip()))


def period_start(period: object) -> int | None:
    """The first year of a year, a span or an open span (``"2016-"`` → 2016); None when
    the period is empty or unreadable."""
    text = str(period or "").strip()
    match = _PERIOD.fullmatch(text) or _OPEN.fullmatch(text)
    return int(match.group(1)) if match else None


def period_text(period: object, lang: str) -> str:
    """A period as the reader's language writes it: '2016—2020年' / '2016-2020', '2020年' /
    '2020', '2016年以来' / 'since 2016'; '' for an empty period."""
    text = str(period or "").strip()
    if is_open(text):
        start = period_start(text)
        return f"{start}年以来" if lang == "zh" else f"since {start}"
    if not text or not _PERIOD.fullmatch(text) or lang != "zh":
        return text
    return f"{text.replace('-', '—')}年"


def single_year(period: object) -> int | None:
    """The year of a one-year period, None for a span or an empty period."""
    years = period_years(period)
    return years[0] if years and years[0] == years[1] else None


def admitted(value: float, qualifier: str) -> tuple[float, float]:
    """The values a statement admits: 30余 → (30, 40), 95以上 → [95, ∞), 70左右 → ±5%."""
    if qualifier == "ge":
        return value, math.inf
    if qualifier in {"le", "lt"}:
        return -math.inf, value
    if qualifier == "approx":
        return value * 0.95, value * 1.05
    if qualifier == "gt":
        digits = str(int(value)) if float(value).is_integer() else ""
        zeros = len(digits) - len(digits.rstrip("0")) if digits else 0
        return value, value + 10**zeros
    return value, value


def meets(value: float, goal: float, qualifier: str) -> bool:
    """Whether ``value`` satisfies a goal of ``goal`` with ``qualifier`` (≥ 70% is met by 73.23)."""
    if qualifier == "gt":
        return value > goal
    if qualifier == "lt":
        return value < goal
    if qualifier == "eq":
        return math.isclose(value, goal)
    lo, hi = admitted(goal, qualifier)
    return lo <= value <= hi


def direction(qualifier: str) -> str:
    """The direction of a goal with this qualifier: ``at_least`` (以上, 余), ``at_most`` (以内,
    不足), ``about`` (左右) or ``exactly`` (a bare number).

    Raises
    ------
    ParameterError
        If ``qualifier`` is not one of the data's qualifier codes.
    """
    try:
        return DIRECTIONS[qualifier]
    except (KeyError, TypeError):
        raise ParameterError(f"qualifier must be one of {', '.join(DIRECTIONS)}, "
                             f"got {qualifier!r}") from None


def check_year(name: str, year: object, low: int = YEAR_RANGE[0],
               high: int = YEAR_RANGE[1], why: str = "") -> int:
    """Return ``year`` if it is an integer year in ``low``..``high``.

    Raises
    ------
    ParameterError
        Naming the parameter, the allowed range (and ``why``) and the value that came.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
        raise ParameterError(f"{name} must be an integer year{why} in {low}-{high}, "
                             f"got {year!r}")
    return year


def check_base_year(base_year: object, goal_year: int | None = None) -> int:
    """Validate the base year: an integer year, and before ``goal_year`` (the earliest year
    a goal is set for) when it is given.

    Raises
    ------
    ParameterError
        If the base year is not an integer year, or is not before the goals' year.
    """
    if goal_year is None:
        return check_year("base_year", base_year)
    return check_year("base_year", base_year, YEAR_RANGE[0], goal_year - 1,
                      f" before the goals' year {goal_year}")


def check_horizon(base_year: int, horizon: object) -> int:
    """Validate a projection horizon (the last year of the paths) and return the number of
    years from ``base_year`` to it.

    Raises
    ------
    ParameterError
        If ``horizon`` is not an integer year after ``base_year`` (and at most 2100).
    """
    check_year("base_year", base_year)
    return check_year("horizon", horizon, base_year + 1, YEAR_RANGE[1],
                      f" after base_year {base_year}") - base_year
