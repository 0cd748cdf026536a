"""Compound growth: rates, multipliers, projections, required rates and implied bases.

Rates are fractions (0.12 for 12%). Every function takes scalars, numpy arrays or pandas
Series and broadcasts like numpy: scalars in, a Python float out; an array (or list) in, an
array out; a Series in, a Series with the same index out. Series are never aligned
silently: two Series arguments must have equal indexes.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any, NoReturn, TypeAlias

import numpy as np
import pandas as pd

from kaili_analysis.errors import ParameterError

__all__ = ["cagr", "implied_base", "multiplier", "project", "required_rate", "years_to_reach"]

#: A number, a numpy array (or list) of numbers, or a pandas Series of numbers.
Values: TypeAlias = float | np.ndarray | pd.Series


def _show(v: Any) -> str:
    return repr(v.item() if isinstance(v, np.generic) else v)


def _where(x: Any, shape: tuple[int, ...], flat: int) -> str:
    if not shape:
        return ""
    pos = np.unravel_index(flat, shape)
    where = f" at position {int(pos[0]) if len(pos) == 1 else tuple(int(p) for p in pos)}"
    return where + (f" (label {_show(x.index[flat])})" if isinstance(x, pd.Series) else "")


def _fail(name: str, allowed: str, x: Any, raw: np.ndarray, mask: np.ndarray) -> NoReturn:
    flat = int(np.flatnonzero(mask.ravel())[0])
    raise ParameterError(
        f"{name} must be {allowed}, got {_show(raw.ravel()[flat])}{_where(x, raw.shape, flat)}")


def _numbers(x: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``x`` as float64, with the values as given; refuses non-numbers and NaN/inf."""
    if isinstance(x, pd.Series | np.ndarray | np.generic):
        raw = np.asarray(x.to_numpy() if isinstance(x, pd.Series) else x)
    else:  # Python scalars and lists: keep each element's own type ([1.0, "x"], [True, 2])
        try:
            raw = np.asarray(x, dtype=object)
        except (TypeError, ValueError):
            msg = f"{name} must be a number or a list of numbers, got {x!r}"
            raise ParameterError(msg) from None
    if raw.dtype.kind == "O":
        bad = np.array([not isinstance(v, numbers.Real) or isinstance(v, bool | np.bool_)
                        for v in raw.ravel()], dtype=bool).reshape(raw.shape)
    else:
        bad = np.full(raw.shape, raw.dtype.kind not in "iuf")
    if bad.any():
        _fail(name, "a number", x, raw, bad)
    arr = raw.astype("float64")
    if not np.isfinite(arr).all():
        _fail(name, "a finite number", x, raw, ~np.isfinite(arr))
    return arr, raw


_RULES = {"level": ("> 0", lambda a: a <= 0), "rate": ("> -1 (above -100%)", lambda a: a <= -1)}


def _prepare(**given: tuple[Any, str]) -> tuple[list[np.ndarray], Callable[[np.ndarray], Any]]:
    """Check each ``name=(value, rule)``, broadcast, and return the arrays and a wrapper that
    gives the result the input's kind (float, ndarray, or Series with the Series' index)."""
    arrays = []
    for name, (x, rule) in given.items():
        arr, raw = _numbers(x, name)
        allowed, bad = _RULES[rule][0], _RULES[rule][1](arr)
        if bad.any():
            _fail(name, allowed, x, raw, bad)
        arrays.append(arr)
    series = [(n, x) for n, (x, _) in given.items() if isinstance(x, pd.Series)]
    for n, x in series[1:]:
        if not x.index.equals(series[0][1].index):
            first = series[0][0]
            raise ParameterError(f"{n} and {first} are Series with different indexes; align "
                                 f"them first, e.g. {n}.reindex({first}.index)")
    try:
        out = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(given, arrays, strict=True))
        raise ParameterError(f"shapes do not broadcast together: {shapes}") from None
    if series and out[0].shape != series[0][1].shape:
        raise ParameterError(f"{series[0][0]} is a Series of length {len(series[0][1])}, but "
                             f"the result would have shape {out[0].shape}")
    scalar = all(np.ndim(x) == 0 and not isinstance(x, np.ndarray) for x, _ in given.values())

    def wrap(result: np.ndarray) -> Any:
        if series:
            names = {x.name for _, x in series}
            return pd.Series(result, index=series[0][1].index,
                             name=names.pop() if len(names) == 1 else None)
        return float(result) if scalar else result

    return out, wrap


def cagr(start: Values, end: Values, years: Values) -> Values:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``.

    Parameters
    ----------
    start, end : positive levels.
    years : a positive span (may be fractional).

    Returns
    -------
    ``(end / start) ** (1 / years) - 1`` as a float, ndarray or Series.

    Raises
    ------
    ParameterError : a level or span <= 0, NaN/inf, or a non-number.

    Examples
    --------
    >>> round(cagr(100, 121, 2), 6)
    0.1
    """
    (s, e, n), wrap = _prepare(start=(start, "level"), end=(end, "level"), years=(years, "level"))
    return wrap(np.expm1(np.log(e / s) / n))


def required_rate(base: Values, target: Values, years: Values) -> Values:
    """The constant annual rate that turns ``base`` into ``target`` in ``years``.

    Parameters
    ----------
    base, target : positive levels.
    years : a positive span (may be fractional).

    Returns
    -------
    ``(target / base) ** (1 / years) - 1`` as a float, ndarray or Series.

    Raises
    ------
    ParameterError : a level or span <= 0, NaN/inf, or a non-number.

    Examples
    --------
    >>> round(required_rate(73.62, 90, 5), 4)
    0.041
    """
    (b, t, n), wrap = _prepare(base=(base, "level"), target=(target, "level"),
                               years=(years, "level"))
    return wrap(np.expm1(np.log(t / b) / n))


def multiplier(rate: Values, years: Values) -> Values:
    """The growth factor ``(1 + rate) ** years``.

    Parameters
    ----------
    rate : the annual rate, > -1.
    years : a positive span (may be fractional).

    Returns
    -------
    The factor as a float, ndarray or Series.

    Raises
    ------
    ParameterError : a rate <= -1, a span <= 0, NaN/inf, or a non-number.

    Examples
    --------
    >>> round(multiplier(0.1, 2), 6)
    1.21
    """
    (r, n), wrap = _prepare(rate=(rate, "rate"), years=(years, "level"))
    return wrap((1 + r) ** n)


def implied_base(target: Values, rate: Values, years: Values) -> Values:
    """The base that ``target`` and a constant ``rate`` over ``years`` imply.

    Parameters
    ----------
    target : a positive level.
    rate : the annual rate, > -1.
    years : a positive span (may be fractional).

    Returns
    -------
    ``target / (1 + rate) ** years`` as a float, ndarray or Series.

    Raises
    ------
    ParameterError : a target or span <= 0, a rate <= -1, NaN/inf, or a non-number.

    Examples
    --------
    >>> round(implied_base(47, 0.065, 5), 2)
    34.3
    """
    (t, r, n), wrap = _prepare(target=(target, "level"), rate=(rate, "rate"),
                               years=(years, "level"))
    return wrap(t / (1 + r) ** n)


def years_to_reach(base: Values, target: Values, rate: Values) -> Values:
    """Years (fractional) for ``base`` changing at ``rate`` to reach ``target``.

    ``log(target / base) / log(1 + rate)``; a target equal to base, or below it with a rate
    >= 0, is already reached (0.0); a target below base with a rate < 0 gives the years of
    decline down to it; a target above base needs a rate > 0.

    Parameters
    ----------
    base, target : positive levels.
    rate : the annual rate, > -1.

    Returns
    -------
    The years as a float, ndarray or Series.

    Raises
    ------
    ParameterError : a level <= 0, a rate <= -1, NaN/inf, a non-number, or a target above
        base with a rate <= 0 (never reached; the message names the first such position).

    Examples
    --------
    >>> round(years_to_reach(100, 200, 0.07), 2)
    10.24
    """
    (b, t, r), wrap = _prepare(base=(base, "level"), target=(target, "level"), rate=(rate, "rate"))
    ratio, growth = np.log(t / b), np.log1p(r)
    never = (ratio > 0) & (growth <= 0)
    if never.any():
        flat = int(np.flatnonzero(never.ravel())[0])
        where = _where(next((x for x in (base, target, rate) if isinstance(x, pd.Series)), None),
                       never.shape, flat)
        raise ParameterError(
            f"rate {_show(r.ravel()[flat])} never takes base {_show(b.ravel()[flat])} up to "
            f"target {_show(t.ravel()[flat])}{where}: a target above base needs rate > 0")
    reached = (ratio == 0) | ((ratio < 0) & (growth >= 0))
    return wrap(np.where(reached, 0.0, ratio / np.where(reached, 1.0, growth)))


def project(base: Values, rate: Values, years: int,
            start_year: int | None = None) -> pd.Series | pd.DataFrame:
    """The year-by-year path of ``base`` growing at ``rate``, base year included.

    Parameters
    ----------
    base : a positive level, or several (1-D array, list or Series).
    rate : the annual rate (> -1), or one per base.
    years : a positive integer; the path has ``years + 1`` values.
    start_year : the calendar year of ``base``. With it the index runs ``start_year`` ..
        ``start_year + years`` and is named ``year``; without it, 0 .. years named ``step``.

    Returns
    -------
    For a scalar base and rate, a Series named ``value``. Otherwise a DataFrame with one
    row per year and one column per element (columns from a Series' index, else 0 .. n-1).

    Raises
    ------
    ParameterError : a base <= 0, a rate <= -1, NaN/inf, a non-number, ``years`` not a
        positive integer, ``start_year`` not an integer, or base/rate of more than 1-D.

    Examples
    --------
    >>> project(100, 0.1, 2, start_year=2020).round(2).tolist()
    [100.0, 110.0, 121.0]
    """
    if isinstance(years, bool | np.bool_) or not isinstance(years, numbers.Integral) or years < 1:
        raise ParameterError(f"years must be a positive integer, got {_show(years)}")
    if start_year is not None and (isinstance(start_year, bool | np.bool_)
                                   or not isinstance(start_year, numbers.Integral)):
        raise ParameterError(f"start_year must be an integer year or None, got {_show(start_year)}")
    (b, r), _ = _prepare(base=(base, "level"), rate=(rate, "rate"))
    steps = np.arange(int(years) + 1)
    index = pd.Index(steps + int(start_year or 0), name="step" if start_year is None else "year")
    if b.ndim > 1:
        raise ParameterError(f"base and rate must be scalars or 1-D, got shape {b.shape}")
    paths = np.atleast_1d(b)[None, :] * (1 + np.atleast_1d(r)[None, :]) ** steps[:, None]
    if all(np.ndim(x) == 0 and not isinstance(x, np.ndarray) for x in (base, rate)):
        return pd.Series(paths[:, 0], index=index, name="value")
    labels = next((x.index for x in (base, rate) if isinstance(x, pd.Series)), None)
    return pd.DataFrame(paths, index=index, columns=labels)
