"""Compound growth: worked examples, vectorisation, errors, and round trips (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis import growth
from kaili_analysis.errors import KailiError, ParameterError

levels = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False)
spans = st.integers(min_value=1, max_value=30)


def test_worked_examples() -> None:
    assert growth.cagr(27.19, 38.13, 5) == pytest.approx(0.06997, abs=1e-5)
    assert growth.required_rate(73.62, 90, 5) == pytest.approx(0.040997, abs=1e-6)
    assert growth.implied_base(47, 0.065, 5) == pytest.approx(34.3044, abs=1e-4)
    assert growth.multiplier(0.1, 2) == pytest.approx(1.21)
    assert growth.years_to_reach(100, 200, 0.07) == pytest.approx(10.2448, abs=1e-4)
    assert isinstance(growth.cagr(1, 2, 1), float)


def test_project_path_with_years() -> None:
    path = growth.project(100, 0.1, 3, start_year=2020)
    assert list(path.index) == [2020, 2021, 2022, 2023]
    assert path.index.name == "year"
    assert path.tolist() == pytest.approx([100, 110, 121, 133.1])


def test_project_path_without_years() -> None:
    path = growth.project(50, 0.0, 2)
    assert list(path.index) == [0, 1, 2] and path.index.name == "step"
    assert path.tolist() == [50, 50, 50]


def test_project_vectorised_keeps_labels() -> None:
    base = pd.Series([100.0, 200.0], index=["a", "b"])
    paths = growth.project(base, 0.1, 2, start_year=2020)
    assert isinstance(paths, pd.DataFrame)
    assert list(paths.columns) == ["a", "b"]
    assert paths.loc[2022, "b"] == pytest.approx(242)


def test_vectorised_functions() -> None:
    start = pd.Series([100.0, 50.0], index=["x", "y"])
    out = growth.cagr(start, start * 1.21, 2)
    assert isinstance(out, pd.Series) and list(out.index) == ["x", "y"]
    assert out.tolist() == pytest.approx([0.1, 0.1])
    arr = growth.required_rate(np.array([1.0, 2.0]), np.array([2.0, 8.0]), 1)
    assert isinstance(arr, np.ndarray) and arr.tolist() == pytest.approx([1.0, 3.0])
    assert growth.years_to_reach(np.array([1.0, 5.0]), 4.0, 1.0).tolist() == pytest.approx(
        [2.0, 0.0])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: growth.cagr(0, 10, 5), "start must be > 0, got 0.0"),
        (lambda: growth.cagr(10, -1, 5), "end must be > 0, got -1.0"),
        (lambda: growth.cagr(10, 20, 0), "years must be > 0, got 0.0"),
        (lambda: growth.cagr(10, 20, -2), "years must be > 0, got -2.0"),
        (lambda: growth.multiplier(-1.0, 5), r"rate must be > -1 \(above -100%\), got -1.0"),
        (lambda: growth.implied_base(10, -1.5, 5), "rate must be > -1"),
        (lambda: growth.required_rate(float("nan"), 5, 1), "base must be finite, got nan"),
        (lambda: growth.required_rate("ten", 5, 1), "base must be a number"),
        (lambda: growth.cagr(True, 5, 1), "start must be a number, got True"),
        (lambda: growth.cagr(pd.Series([1.0, -2.0], index=["a", "b"]), 5, 1),
         "start must be > 0, got -2.0 at position 'b'"),
        (lambda: growth.project(100, 0.1, 0), "years must be a positive integer, got 0"),
        (lambda: growth.project(100, 0.1, 2.5), "years must be a positive integer, got 2.5"),
        (lambda: growth.project(100, 0.1, 2, start_year="2020"), "start_year must be an integer"),
        (lambda: growth.years_to_reach(100, 200, 0), "rate 0.0 never takes base 100.0 up to"),
        (lambda: growth.years_to_reach(100, 200, -0.1), "never takes base"),
    ],
)
def test_errors_name_argument_and_value(call, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        call()


def test_parameter_error_is_a_kaili_value_error() -> None:
    assert issubclass(ParameterError, KailiError) and issubclass(ParameterError, ValueError)


def test_years_to_reach_edge_cases() -> None:
    assert growth.years_to_reach(100, 100, 0.0) == 0.0
    assert growth.years_to_reach(100, 50, 0.1) == 0.0
    assert growth.years_to_reach(100, 50, -0.5) == pytest.approx(1.0)


@given(base=levels, ratio=st.floats(min_value=1e-3, max_value=1e3), years=spans)
def test_projecting_the_required_rate_reaches_the_target(base, ratio, years) -> None:
    # ratios beyond 1000x lose precision in 1 + rate near -1: not plausible growth anyway
    target = base * ratio
    rate = growth.required_rate(base, target, years)
    assert growth.project(base, rate, years).iloc[-1] == pytest.approx(target, rel=1e-9)


@given(base=levels, rate=rates, years=spans)
def test_cagr_of_a_projected_path_is_its_rate(base, rate, years) -> None:
    path = growth.project(base, rate, years)
    if path.iloc[-1] <= 0 or not math.isfinite(path.iloc[-1]):
        return
    assert growth.cagr(path.iloc[0], path.iloc[-1], years) == pytest.approx(rate, abs=1e-9)


@given(base=levels, rate=rates, years=spans)
def test_implied_base_and_multiplier_invert_the_projection(base, rate, years) -> None:
    end = growth.project(base, rate, years).iloc[-1]
    if end <= 0:
        return
    assert growth.implied_base(end, rate, years) == pytest.approx(base, rel=1e-9)
    assert base * growth.multiplier(rate, years) == pytest.approx(end, rel=1e-9)


@given(base=levels, rate=st.floats(min_value=0.001, max_value=1.0), years=spans)
def test_years_to_reach_inverts_the_projection(base, rate, years) -> None:
    end = growth.project(base, rate, years).iloc[-1]
    assert growth.years_to_reach(base, end, rate) == pytest.approx(years, rel=1e-7)
