"""Periods and qualifiers: one reading shared by the targets table and the audit."""

from __future__ import annotations

import math

import pytest

from kaili_analysis.data.quantities import (
    admitted,
    is_open,
    meets,
    period_start,
    period_text,
    period_years,
    single_year,
)
from kaili_analysis.errors import ParameterError


@pytest.mark.parametrize(
    ("period", "years", "single"),
    [("2020", (2020, 2020), 2020), ("2016-2020", (2016, 2020), None), ("", None, None),
     (None, None, None), ("2020年", None, None)],
)
def test_periods(period, years, single) -> None:
    assert period_years(period) == years
    assert single_year(period) == single


@pytest.mark.parametrize(("period", "start", "open_", "zh", "en"), [
    ("2016-", 2016, True, "2016年以来", "since 2016"),
    ("2016-2020", 2016, False, "2016—2020年", "2016-2020"),
    ("2020", 2020, False, "2020年", "2020"),
    ("", None, False, "", ""), ("20x6-", None, False, "20x6-", "20x6-")])
def test_open_spans(period, start, open_, zh, en) -> None:
    """十三五以来: an open span has a first year but no last year, so no span length."""
    assert period_start(period) == start
    assert is_open(period) is open_
    if open_:
        assert period_years(period) is None and single_year(period) is None
    assert period_text(period, "zh") == zh
    assert period_text(period, "en") == en


@pytest.mark.parametrize(
    ("value", "qualifier", "interval"),
    [(30, "gt", (30, 40)), (160, "gt", (160, 170)), (95, "ge", (95, math.inf)),
     (4.2, "le", (-math.inf, 4.2)), (70, "approx", (66.5, 73.5)), (644, "eq", (644, 644))],
)
def test_admitted(value, qualifier, interval) -> None:
    assert admitted(value, qualifier) == pytest.approx(interval)


def test_meets() -> None:
    assert meets(73.23, 70, "ge") and not meets(69.9, 70, "ge")
    assert meets(4.0, 4.2, "le") and not meets(4.3, 4.2, "le")
    assert meets(72, 70, "approx") and not meets(80, 70, "approx")
    assert meets(50, 30, "gt")  # a goal of "more than 30" is met by 50 …
    assert admitted(30, "gt")[1] < 50  # … though a statement "30余" does not admit 50


def test_direction_of_every_qualifier() -> None:
    from kaili_analysis.data.quantities import DIRECTIONS, direction

    assert {q: direction(q) for q in DIRECTIONS} == {
        "ge": "at_least", "gt": "at_least", "le": "at_most", "lt": "at_most",
        "approx": "about", "eq": "exactly"}
    with pytest.raises(ParameterError, match="qualifier must be one of"):
        direction("around")


def test_year_checks() -> None:
    from kaili_analysis.data.quantities import check_base_year, check_horizon

    assert check_base_year(2015, 2025) == 2015
    assert check_horizon(2020, 2030) == 10
    assert check_horizon(2020, 2021) == 1
    with pytest.raises(ParameterError, match="base_year must be an integer year before the "
                                             "goals' year 2025 in 1949-2024, got 2025"):
        check_base_year(2025, 2025)
    with pytest.raises(ParameterError, match="horizon must be an integer year after base_year "
                                             "2020 in 2021-2100, got 2020"):
        check_horizon(2020, 2020)
    for bad in ("2030", 2030.0, True, None, 2101):
        with pytest.raises(ParameterError, match="horizon must be an integer year"):
            check_horizon(2020, bad)
