"""Compound growth: worked examples, vectorisation, errors, and round trips (hypothesis)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaili_analysis.analysis import growth
from kaili_analysis.errors import KailiError, ParameterError

levels = st.floats(min_value=1e-3, max_value=1e12)
rates = st.floats(min_value=-0.5, max_value=1.0)
spans = st.integers(min_value=1, max_value=30)
# target / base: beyond 1000x (or 1/1000) within one year, 1 + rate loses digits near -1
ratios = st.floats(min_value=1e-3, max_value=1e3)
hypothesis_settings = settings(deadline=None, max_examples=200)


# --- numbers worked by hand -------------------------------------------------------------

def test_cagr_worked_example() -> None:
    # (38.13 / 27.19) ** (1/5) = 1.40235 ** 0.2 = 1.06997: 7.0% a year (6.997%)
    assert growth.cagr(27.19, 38.13, 5) == pytest.approx(0.069970, abs=1e-6)


def test_required_rate_worked_example() -> None:
    # (90 / 73.62) ** (1/5) = 1.22249 ** 0.2 = 1.04100: 4.10% a year
    assert growth.required_rate(73.62, 90, 5) == pytest.approx(0.041000, abs=1e-5)


def test_implied_base_worked_example() -> None:
    # 1.065 ** 5 = 1.37009; 47 / 1.37009 = 34.30
    assert growth.implied_base(47, 0.065, 5) == pytest.approx(34.3044, abs=1e-4)


def test_multiplier_and_years_to_reach_worked_examples() -> None:
    assert growth.multiplier(0.1, 2) == pytest.approx(1.21)
    assert growth.multiplier(0.05, 0.5) == pytest.approx(math.sqrt(1.05))
    # doubling at 7%: ln 2 / ln 1.07 = 0.693147 / 0.067659 = 10.2448 (the "rule of 70")
    assert growth.years_to_reach(100, 200, 0.07) == pytest.approx(10.2448, abs=1e-4)


def test_scalars_in_give_python_floats() -> None:
    results = [growth.cagr(1, 2, 1), growth.required_rate(np.float64(1), 2, np.int64(1)),
               growth.implied_base(2, 0.1, 1), growth.multiplier(0.1, 3),
               growth.years_to_reach(1, 2, 0.1)]
    assert all(type(x) is float for x in results)


def test_docstring_examples_run() -> None:
    result = doctest.testmod(growth)
    assert result.attempted >= 6 and result.failed == 0


# --- years_to_reach: the cases ------------------------------------------------------------

@pytest.mark.parametrize(
    ("base", "target", "rate", "expected"),
    [
        (100, 100, 0.0, 0.0),   # already there, whatever the rate
        (100, 100, -0.2, 0.0),
        (100, 50, 0.1, 0.0),    # growing level, lower target: reached already
        (100, 50, 0.0, 0.0),    # flat level stays above the lower target
        (100, 50, -0.5, 1.0),   # shrinking level falls to a lower target: 100 -> 50
        (100, 25, -0.5, 2.0),   # 100 -> 50 -> 25
        (100, 121, 0.1, 2.0),   # 100 -> 110 -> 121
    ],
)
def test_years_to_reach_cases(base, target, rate, expected) -> None:
    assert growth.years_to_reach(base, target, rate) == pytest.approx(expected)


# --- project -------------------------------------------------------------------------------

def test_project_path_with_start_year() -> None:
    path = growth.project(100, 0.1, 3, start_year=2020)
    assert isinstance(path, pd.Series) and path.name == "value"
    assert list(path.index) == [2020, 2021, 2022, 2023] and path.index.name == "year"
    assert path.tolist() == pytest.approx([100, 110, 121, 133.1])


def test_project_path_without_start_year() -> None:
    path = growth.project(50, 0.0, 2)
    assert list(path.index) == [0, 1, 2] and path.index.name == "step"
    assert path.tolist() == [50, 50, 50]


def test_project_vector_series_gives_dataframe_with_labels() -> None:
    base = pd.Series([100.0, 200.0], index=pd.Index(["a", "b"], name="id"))
    paths = growth.project(base, pd.Series([0.1, -0.5], index=base.index), 2, start_year=2020)
    assert isinstance(paths, pd.DataFrame) and paths.shape == (3, 2)
    assert list(paths.columns) == ["a", "b"] and paths.columns.name == "id"
    assert list(paths.index) == [2020, 2021, 2022] and paths.index.name == "year"
    assert paths["a"].tolist() == pytest.approx([100, 110, 121])
    assert paths["b"].tolist() == pytest.approx([200, 100, 50])


def test_project_vector_array_gives_numbered_columns() -> None:
    paths = growth.project(np.array([1.0, 2.0, 4.0]), 1.0, 1)
    assert paths.shape == (2, 3) and list(paths.columns) == [0, 1, 2]
    assert paths.loc[1].tolist() == [2.0, 4.0, 8.0]
    assert growth.project(1.0, [0.0, 1.0], 1).loc[1].tolist() == [1.0, 2.0]


# --- vectorisation -------------------------------------------------------------------------

def test_series_in_series_out_with_index_and_name() -> None:
    start = pd.Series([100.0, 50.0], index=["x", "y"], name="gdp")
    out = growth.cagr(start, start * 1.21, 2)
    assert isinstance(out, pd.Series) and list(out.index) == ["x", "y"] and out.name == "gdp"
    assert out.tolist() == pytest.approx([0.1, 0.1])
    mixed = growth.multiplier(pd.Series([0.1, 0.2], index=[7, 9]), np.array([1.0, 2.0]))
    assert isinstance(mixed, pd.Series) and list(mixed.index) == [7, 9]
    assert mixed.tolist() == pytest.approx([1.1, 1.44])
    renamed = growth.cagr(start, (start * 4).rename("other"), 2)
    assert renamed.name is None


def test_ndarray_in_ndarray_out_with_broadcast_shape() -> None:
    out = growth.required_rate(np.array([1.0, 2.0]), np.array([2.0, 8.0]), 1)
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    assert out.tolist() == pytest.approx([1.0, 3.0])
    grid = growth.multiplier(np.array([[0.0], [1.0]]), np.array([1, 2, 3]))
    assert grid.shape == (2, 3) and grid.tolist() == [[1, 1, 1], [2, 4, 8]]
    assert isinstance(growth.implied_base([121.0, 242.0], 0.1, 2), np.ndarray)
    steps = growth.years_to_reach(np.array([1.0, 5.0, 100.0]), np.array([4.0, 4.0, 25.0]),
                                  np.array([1.0, 1.0, -0.5]))
    assert steps.tolist() == pytest.approx([2.0, 0.0, 2.0])


# --- errors: each names the argument, the value that came and what is allowed ---------------

@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(lambda: growth.cagr(0, 10, 5), r"^start must be > 0, got 0$", id="zero-level"),
        pytest.param(lambda: growth.cagr(10, -1.5, 5), r"^end must be > 0, got -1\.5$",
                     id="negative-level"),
        pytest.param(lambda: growth.cagr(10, 20, 0), r"^years must be > 0, got 0$",
                     id="zero-span"),
        pytest.param(lambda: growth.implied_base(10, 0.1, -2.5),
                     r"^years must be > 0, got -2\.5$", id="negative-span"),
        pytest.param(lambda: growth.multiplier(-1.0, 5),
                     r"^rate must be > -1 \(above -100%\), got -1\.0$", id="rate-minus-100%"),
        pytest.param(lambda: growth.years_to_reach(1, 2, -1.5),
                     r"^rate must be > -1 \(above -100%\), got -1\.5$", id="rate-below-100%"),
        pytest.param(lambda: growth.required_rate(float("nan"), 5, 1),
                     r"^base must be a finite number, got nan$", id="nan"),
        pytest.param(lambda: growth.required_rate(1, float("-inf"), 1),
                     r"^target must be a finite number, got -inf$", id="inf"),
        pytest.param(lambda: growth.required_rate("ten", 5, 1),
                     r"^base must be a number, got 'ten'$", id="text"),
        pytest.param(lambda: growth.required_rate("10", 5, 1),
                     r"^base must be a number, got '10'$", id="numeric-text"),
        pytest.param(lambda: growth.cagr(None, 5, 1), r"^start must be a number, got None$",
                     id="none"),
        pytest.param(lambda: growth.cagr(True, 5, 1), r"^start must be a number, got True$",
                     id="bool"),
        pytest.param(lambda: growth.cagr([[1, 2], [3]], 5, 1),
                     r"^start must be a number, got \[1, 2\] at position 0$", id="ragged"),
        pytest.param(lambda: growth.cagr([2.0, True], 5, 1),
                     r"^start must be a number, got True at position 1$", id="list-bool"),
        pytest.param(lambda: growth.cagr(pd.Series([1.0, -2.0], index=["a", "b"]), 5, 1),
                     r"^start must be > 0, got -2\.0 at position 1 \(label 'b'\)$",
                     id="series-element"),
        pytest.param(lambda: growth.cagr(1, np.array([1.0, 2.0, np.nan]), 1),
                     r"^end must be a finite number, got nan at position 2$", id="array-element"),
        pytest.param(lambda: growth.multiplier([0.1, "x"], 1),
                     r"^rate must be a number, got 'x' at position 1$", id="list-element"),
        pytest.param(lambda: growth.multiplier(np.array([[0.1, 0.2], [0.3, -2.0]]), 1),
                     r"^rate must be > -1 \(above -100%\), got -2\.0 at position \(1, 1\)$",
                     id="2d-element"),
        pytest.param(lambda: growth.cagr(pd.Series([1.0, 2.0], index=["a", "b"]),
                                         pd.Series([2.0, 4.0], index=["b", "a"]), 1),
                     r"^end and start are Series with different indexes; align them first",
                     id="series-not-aligned"),
        pytest.param(lambda: growth.cagr(np.ones(2), np.ones(3), 1),
                     r"^shapes do not broadcast together: start \(2,\), end \(3,\), years \(\)$",
                     id="shapes"),
        pytest.param(lambda: growth.cagr(pd.Series([1.0, 2.0]), np.ones((2, 2)), 1),
                     r"^start is a Series of length 2, but the result would have shape \(2, 2\)$",
                     id="series-vs-2d"),
        pytest.param(lambda: growth.project(100, 0.1, 0),
                     r"^years must be a positive integer, got 0$", id="project-zero-years"),
        pytest.param(lambda: growth.project(100, 0.1, 2.5),
                     r"^years must be a positive integer, got 2\.5$", id="project-float-years"),
        pytest.param(lambda: growth.project(100, 0.1, True),
                     r"^years must be a positive integer, got True$", id="project-bool-years"),
        pytest.param(lambda: growth.project(100, 0.1, 2, start_year="2020"),
                     r"^start_year must be an integer year or None, got '2020'$",
                     id="project-start-year"),
        pytest.param(lambda: growth.project(-5, 0.1, 2), r"^base must be > 0, got -5$",
                     id="project-base"),
        pytest.param(lambda: growth.project(np.ones((2, 2)), 0.1, 2),
                     r"^base and rate must be scalars or 1-D, got shape \(2, 2\)$",
                     id="project-2d"),
        pytest.param(lambda: growth.years_to_reach(100, 200, 0),
                     r"^rate 0\.0 never takes base 100\.0 up to target 200\.0: a target above base "
                     r"needs rate > 0$", id="unreachable-flat"),
        pytest.param(lambda: growth.years_to_reach(100, 200, -0.1),
                     r"^rate -0\.1 never takes base 100\.0 up to target 200\.0", id="unreachable"),
        pytest.param(lambda: growth.years_to_reach(
            pd.Series([100.0, 100.0], index=["p", "q"]), 200.0, pd.Series([0.1, -0.1],
                                                                           index=["p", "q"])),
                     r"^rate -0\.1 never takes base 100\.0 up to target 200\.0 at position 1 "
                     r"\(label 'q'\)", id="unreachable-element"),
    ],
)
def test_errors_name_argument_and_value(call, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        call()


def test_parameter_error_is_a_kaili_value_error() -> None:
    assert issubclass(ParameterError, KailiError) and issubclass(ParameterError, ValueError)
    with pytest.raises(ValueError, match="years must be > 0"):
        growth.multiplier(0.1, 0)
    with pytest.raises(KailiError, match="years must be > 0"):
        growth.multiplier(0.1, 0)


# --- round trips (hypothesis) ------------------------------------------------------------

@hypothesis_settings
@given(base=levels, ratio=ratios, years=spans)
def test_projecting_the_required_rate_ends_at_the_target(base, ratio, years) -> None:
    target = base * ratio
    rate = growth.required_rate(base, target, years)
    assert math.isclose(growth.project(base, rate, years).iloc[-1], target, rel_tol=1e-9)


@hypothesis_settings
@given(base=levels, rate=rates, years=spans)
def test_cagr_of_a_projected_path_is_its_rate(base, rate, years) -> None:
    path = growth.project(base, rate, years, start_year=2020)
    assert len(path) == years + 1 and path.index[-1] == 2020 + years
    assert growth.cagr(path.iloc[0], path.iloc[-1], years) == pytest.approx(rate, rel=1e-9,
                                                                             abs=1e-12)


@hypothesis_settings
@given(base=levels, rate=rates, years=spans)
def test_implied_base_of_a_projected_end_is_the_base(base, rate, years) -> None:
    end = growth.project(base, rate, years).iloc[-1]
    assert math.isclose(growth.implied_base(end, rate, years), base, rel_tol=1e-9)


@hypothesis_settings
@given(base=levels, rate=rates, years=spans)
def test_multiplier_times_base_is_the_projected_end(base, rate, years) -> None:
    end = growth.project(base, rate, years).iloc[-1]
    assert math.isclose(growth.multiplier(rate, years) * base, end, rel_tol=1e-9)


@hypothesis_settings
@given(base=levels, rate=st.floats(min_value=1e-3, max_value=1.0), years=spans)
def test_years_to_reach_a_projected_end_is_the_span(base, rate, years) -> None:
    end = growth.project(base, rate, years).iloc[-1]
    assert math.isclose(growth.years_to_reach(base, end, rate), years, rel_tol=1e-9)


@hypothesis_settings
@given(base=levels, rate=st.floats(min_value=-0.5, max_value=-1e-3), years=spans)
def test_years_to_reach_a_lower_projected_end_is_the_span(base, rate, years) -> None:
    end = growth.project(base, rate, years).iloc[-1]
    assert math.isclose(growth.years_to_reach(base, end, rate), years, rel_tol=1e-9)


@hypothesis_settings
@given(st.lists(st.tuples(levels, ratios, spans), min_size=1, max_size=8))
def test_vectorised_results_equal_elementwise_results(rows) -> None:
    base, ratio, years = (np.array(col, dtype=float) for col in zip(*rows, strict=True))
    target = base * ratio
    labels = [f"id{i}" for i in range(len(rows))]
    rate = growth.required_rate(pd.Series(base, index=labels), target, years)
    assert list(rate.index) == labels
    expected = [growth.required_rate(b, t, n) for b, t, n in zip(base, target, years,
                                                                 strict=True)]
    assert rate.tolist() == pytest.approx(expected, rel=1e-12, abs=1e-15)
    paths = growth.project(base, rate.to_numpy(), 5)
    assert paths.shape == (6, len(rows))
    assert paths.iloc[0].tolist() == pytest.approx(base.tolist(), rel=1e-12)
