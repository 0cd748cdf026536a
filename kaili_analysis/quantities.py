"""What a record's period and qualifier mean, in one place.

``period`` is a year (``2020``), a span (``2016-2020``) or empty; ``qualifier`` is ``eq``
(达/为), ``ge`` (以上), ``le`` (以内), ``approx`` (左右), ``gt`` (余) or ``lt``. The targets table
and the audit read both through these functions, so "already met" and "the statements agree"
are judged by the same rules.
"""

from __future__ import annotations

import math
import re

from .errors import ParameterError

__all__ = ["admitted", "check_years", "meets", "period_years", "single_year"]

_PERIOD = re.compile(r"(\d{4})(?:-(\d{4}))?")


def period_years(period: object) -> tuple[int, int] | None:
    """First and last year of a period: ``"2020"`` → (2020, 2020), ``"2016-2020"`` →
    (2016, 2020); None for an empty or unreadable period."""
    match = _PERIOD.fullmatch(str(period or "").strip())
    if not match:
        return None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


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


def check_years(base_year: int, target_year: int) -> int:
    """Validate a base and target year and return the span between them.

    Raises
    ------
    ParameterError
        If either is not an integer year in 1949-2100, or the target is not after the base.
    """
    for name, year in (("base_year", base_year), ("target_year", target_year)):
        if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2100:
            raise ParameterError(f"{name} must be an integer year in 1949-2100, got {year!r}")
    if target_year <= base_year:
        raise ParameterError(
            f"target_year must be after base_year ({base_year}), got {target_year}"
        )
    return target_year - base_year
