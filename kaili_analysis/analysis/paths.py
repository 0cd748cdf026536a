"""The year-by-year paths toward the goals, from the base year to a horizon of one's choice.

The goals stay where the article puts them (their year and level travel with the paths as
``goal_year`` and ``goal_level``); the horizon only says how far the lines run, before or past
the goals' year. See :mod:`kaili_analysis.analysis.targets` for what can be projected and how.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

import pandas as pd

from kaili_analysis.analysis import growth
from kaili_analysis.analysis.targets import targets_table
from kaili_analysis.data.quantities import check_horizon
from kaili_analysis.data.units import parse_unit, to_base
from kaili_analysis.errors import ParameterError

__all__ = ["projection_paths"]

_NAN = math.nan
_PATH_COLUMNS = ["goal_id", "indicator_zh", "indicator_en", "scenario", "rate", "measure",
                 "unit", "year", "value", "goal_year", "goal_level", "goal_qualifier"]


def projection_paths(
    base_year: int = 2020,
    horizon: int = 2025,
    *,
    scenario: Mapping[str, float] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the year-by-year paths of the goals that can be projected, up to ``horizon``.

    For each goal with a ``projection``: the ``plan`` path (a level goal's required rate, a
    rate goal's stated rate), the ``history`` path (the first 2016-2020 rate the article
    gives) and the ``user`` path (``scenario``). A path starts at its goal's base year (a rate
    goal's: the year before its period) and runs to ``horizon``, which may lie before or after
    the goal's year: the goal stays where the article puts it (``goal_year``, ``goal_level``).
    Paths are levels in the base's unit where the article gives the base, else an index with
    the start year = 100. Goals that are limits (at most), shares, qualitative or without a
    base for a level have no path.

    Parameters
    ----------
    base_year, scenario, data_dir
        As for :func:`targets_table`.
    horizon
        The last year of the paths; after ``base_year``.
    table
        A :func:`targets_table` already computed for ``base_year`` (and its scenario).

    Returns
    -------
    pandas.DataFrame
        goal_id, indicator_zh, indicator_en, scenario, rate, measure ('level' or 'index'),
        unit, year, value, goal_year, goal_level (the goal in the path's unit, NaN for an
        index), goal_qualifier. ``attrs``: the table's plus horizon.

    Raises
    ------
    ParameterError
        On a bad year or scenario, or a ``table`` computed for another base year or scenario.
    """
    check_horizon(base_year, horizon)
    if table is None:
        table = targets_table(base_year, scenario=scenario, data_dir=data_dir)
    elif table.attrs.get("base_year") != base_year:
        raise ParameterError(f"table was computed for base year {table.attrs.get('base_year')}"
                             f", not {base_year}")
    elif scenario is not None and dict(scenario) != table.attrs.get("scenario", {}):
        raise ParameterError(f"table was computed with scenario {table.attrs.get('scenario')}"
                             f", not {dict(scenario)}; pass the same scenario or no table")
    frames = []
    for row in table[table["projection"] != ""].itertuples(index=False):
        start = int(row.base_year)
        if horizon <= start:
            continue
        level = row.projection == "level"
        goal_level = (to_base(row.goal_value, row.unit) / parse_unit(row.base_unit).factor
                      if level and row.goal_type == "level" else _NAN)
        rates = {"plan": row.required_rate, "history": row.achieved_rate,
                 "user": row.scenario_rate}
        for name, rate in rates.items():
            if math.isnan(rate):
                continue
            path = growth.project(row.base_value if level else 100.0, rate, horizon - start,
                                  start_year=start)
            frames.append(pd.DataFrame({
                "goal_id": row.goal_id, "indicator_zh": row.indicator_zh,
                "indicator_en": row.indicator_en, "scenario": name, "rate": rate,
                "measure": "level" if level else "index",
                "unit": row.base_unit if level else "", "year": path.index.astype(int),
                "value": path.to_numpy(), "goal_year": int(row.goal_year),
                "goal_level": goal_level, "goal_qualifier": row.qualifier,
            }))
    out = (pd.concat(frames, ignore_index=True)[_PATH_COLUMNS] if frames
           else pd.DataFrame(columns=_PATH_COLUMNS))
    out.attrs = {**table.attrs, "horizon": horizon}
    return out
