"""Compound growth: rates, multipliers, projections, required rates and implied bases.

Rates are fractions (0.12 for 12%). Every function takes scalars or array-likes (numpy arrays,
pandas Series) and broadcasts like numpy: scalars in, a Python float out; a Series in, a Series
with the same index out; arrays in, an array out.

>>> round(cagr(27.19, 38.13, 5), 4)
0.07
>>> round(required_rate(73.62, 90, 5), 4)
0.041
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .errors import ParameterError

__all__ = ["cagr", "implied_base", "multiplier", "project", "required_rate", "years_to_reach"]

ArrayLike = Any  # a scalar, numpy array or pandas Series


def _values(x: ArrayLike, name: str) -> np.ndarray:
    if isinstance(x, bool) or (isinstance(x, np.ndarray) and x.dtype == bool):
        raise ParameterError(f"{name} must be a number, got {x!r}")
    try:
        arr = np.asarray(x, dtype="float64")
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be a number or an array of numbers, got {x!r}") from None
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ParameterError(f"{name} must be finite, got {_first(x, arr, bad)}")
    return arr


def _first(x: ArrayLike, arr: np.ndarray, mask: np.ndarray) -> str:
    if arr.ndim == 0:
        return repr(arr.item())
    pos = int(np.flatnonzero(mask.ravel())[0])
    label = x.index[pos] if isinstance(x, pd.Series) else pos
    return f"{float(arr.ravel()[pos])!r} at position {label!r}"


def _positive(x: ArrayLike, name: str) -> np.ndarray:
    arr = _values(x, name)
    bad = arr <= 0
    if bad.any():
        raise ParameterError(f"{name} must be > 0, got {_first(x, arr, bad)}")
    return arr


def _rate(x: ArrayLike, name: str = "rate") -> np.ndarray:
    arr = _values(x, name)
    bad = arr <= -1
    if bad.any():
        raise ParameterError(f"{name} must be > -1 (above -100%), got {_first(x, arr, bad)}")
    return arr


def _wrap(result: np.ndarray, *inputs: ArrayLike) -> ArrayLike:
    for x in inputs:
        if isinstance(x, pd.Series):
            return pd.Series(np.broadcast_to(result, x.shape), index=x.index, name=x.name)
    if np.ndim(result) == 0:
        return float(result)
    return result


def cagr(start: ArrayLike, end: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``.

    Parameters
    ----------
    start, end
        Positive levels.
    years
        A positive span (may be fractional).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        ``(end / start) ** (1 / years) - 1``.

    Raises
    ------
    ParameterError
        On a non-positive level or span, or a non-finite input.

    Examples
    --------
    >>> round(cagr(100, 121, 2), 6)
    0.1
    """
    s, e, n = _positive(start, "start"), _positive(end, "end"), _positive(years, "years")
    return _wrap((e / s) ** (1 / n) - 1, start, end, years)


def multiplier(rate: ArrayLike, years: ArrayLike) -> ArrayLike:
    """The growth factor ``(1 + rate) ** years``.

    Raises
    ------
    ParameterError
        On a rate at or below -100% or a non-positive span.

    Examples
    --------
    >>> multiplier(0.1, 2)
    1.2100000000000002
    """
    r, n = _rate(rate), _positive(years, "years")
    return _wrap((1 + r) ** n, rate, years)


def required_rate(base: ArrayLike, target: ArrayLike, years: ArrayLike) -> ArrayLike:
    """The constant annual rate that turns ``base`` into ``target`` in ``years``.

    Raises
    ------
    ParameterError
        On a non-positive level or span.

    Examples
    --------
    >>> round(required_rate(73.62, 90, 5), 4)
    0.041
    """
    b, t, n = _positive(base, "base"), _positive(target, "target"), _positive(years, "years")
    return _wrap((t / b) ** (1 / n) - 1, base, target, years)


def implied_base(target: ArrayLike, rate: ArrayLike, years: ArrayLike) -> ArrayLike:
    """The base that ``target`` and a constant ``rate`` over ``years`` imply.

    Raises
    ------
    ParameterError
        On a non-positive target or span, or a rate at or below -100%.

    Examples
    --------
    >>> round(implied_base(47, 0.065, 5), 2)
    34.3
    """
    t, r, n = _positive(target, "target"), _rate(rate), _positive(years, "years")
    return _wrap(t / (1 + r) ** n, target, rate, years)


def years_to_reach(base: ArrayLike, target: ArrayLike, rate: ArrayLike) -> ArrayLike:
    """Years (fractional) for ``base`` growing at ``rate`` to reach ``target``.

    A target at or below ``base`` with a non-negative rate counts as reached (0 years); a
    target below ``base`` with a negative rate gives the years of decline down to it.

    Raises
    ------
    ParameterError
        On a non-positive level, a rate at or below -100%, or a target that the rate never
        reaches (a zero rate with a different target, or a rate moving away from it).

    Examples
    --------
    >>> round(years_to_reach(100, 200, 0.07), 2)
    10.24
    """
    b, t, r = _positive(base, "base"), _positive(target, "target"), _rate(rate)
    b, t, r = np.broadcast_arrays(b, t, r)
    ratio, growth = np.log(t / b), np.log1p(r)
    reached = (ratio == 0) | ((ratio < 0) & (growth >= 0))
    never = (ratio > 0) & (growth <= 0)
    if never.any():
        pos = int(np.flatnonzero(never.ravel())[0])
        raise ParameterError(
            f"rate {float(r.ravel()[pos])!r} never takes base {float(b.ravel()[pos])!r} up to "
            f"target {float(t.ravel()[pos])!r}" + (f" (position {pos})" if never.size > 1 else "")
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(reached, 0.0, ratio / np.where(growth == 0, 1, growth))
    return _wrap(out, base, target, rate)


def project(base: ArrayLike, rate: ArrayLike, years: int,
            start_year: int | None = None) -> pd.Series | pd.DataFrame:
    """The year-by-year path of ``base`` growing at ``rate``, base year included.

    Parameters
    ----------
    base
        A positive level, or several (array or Series).
    rate
        The annual rate (fraction), or one per base.
    years
        A positive whole number of years; the path has ``years + 1`` values.
    start_year
        The calendar year of ``base``; the index then runs from it, named ``year``.
        Without it the index is 0 … years, named ``step``.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        A Series for a scalar base and rate; a DataFrame with one column per element
        otherwise (columns from a Series' index, else 0 … n-1).

    Raises
    ------
    ParameterError
        On a non-positive base, a rate at or below -100%, or ``years`` that is not a
        positive integer.

    Examples
    --------
    >>> project(100, 0.1, 2, start_year=2020).round(2).tolist()
    [100.0, 110.0, 121.0]
    """
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or years < 1:
        raise ParameterError(f"years must be a positive integer, got {years!r}")
    if start_year is not None and (isinstance(start_year, bool)
                                   or not isinstance(start_year, int | np.integer)):
        raise ParameterError(f"start_year must be an integer year or None, got {start_year!r}")
    b, r = _positive(base, "base"), _rate(rate)
    steps = np.arange(years + 1)
    index = pd.Index(steps + (start_year or 0), name="year" if start_year is not None else "step")
    if b.ndim == 0 and r.ndim == 0:
        return pd.Series(float(b) * (1 + float(r)) ** steps, index=index, name="value")
    b, r = np.broadcast_arrays(np.atleast_1d(b), np.atleast_1d(r))
    paths = b[None, :] * (1 + r[None, :]) ** steps[:, None]
    columns = next((x.index for x in (base, rate) if isinstance(x, pd.Series)), None)
    return pd.DataFrame(paths, index=index, columns=columns)
