"""Tracking the 2025 goals against actual figures a user supplies (:mod:`.actuals`).

:func:`track_targets` gives one row per goal and observed year: the figure in the goal's unit,
where the constant-rate path the goal requires stands that year, whether the goal is on track
(honouring its direction) and the constant rate it still needs from that year's figure.

* **Level goals** (47 亿元 by 2025): the required path runs from the base (the article's, else
  the user's figure for the base year) at the rate the goal requires; after the goal's year it
  is the goal itself. On track: at or above the path (``about``: within its ±5 % band).
* **Rate goals** (≥ 12 % a year over 2021-2025): yearly rates (stated in %, or computed from
  consecutive levels; a stated rate wins over one from levels) against the goal rate. On track:
  the average rate since the period began, where every year is known (``judged_on`` =
  'average'), else that year's rate ('year').
* **Limits** (at most: CPI ≤ 3 %, unemployment ≤ 4.2 %) and **shares** (≥ 70 %): each year's
  figure against the goal's value; they never need a growth rate.

``rate_still_needed`` is the constant yearly rate that takes the figure of that year to the goal
by the goal's year (for a rate goal: what the remaining years must average); NaN once the goal
is met, in or after the goal's year, and for limits and shares.
"""

from __future__ import annotations

import math
import os
from typing import Any

import pandas as pd

from kaili_analysis.analysis.actuals import ACTUALS_OUTPUT, goal_unit, load_actuals
from kaili_analysis.analysis.targets import targets_table
from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.quantities import admitted, check_horizon, meets
from kaili_analysis.data.units import parse_unit, to_base
from kaili_analysis.errors import ParameterError

__all__ = ["TRACK_COLUMNS", "track_targets"]

#: The columns of :func:`track_targets`.
TRACK_COLUMNS = ["goal_id", "indicator_zh", "indicator_en", "goal_type", "direction",
                 "goal_value", "goal_unit", "qualifier", "goal_year", "unit", "year", "observed",
                 "observed_rate", "average_rate", "required_path", "on_track", "judged_on",
                 "rate_still_needed", "path_value", "id", "source"]
_NAN = math.nan
_EPS = 1e-12


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def _common(goal: pd.Series, unit: str) -> dict[str, Any]:
    return {"goal_id": goal.name, "indicator_zh": goal["indicator_zh"],
            "indicator_en": goal["indicator_en"], "goal_type": goal["goal_type"],
            "direction": goal["direction"],
            "goal_value": goal["goal_value"], "goal_unit": goal["unit"],
            "qualifier": goal["qualifier"],
            "goal_year": int(goal["goal_year"]), "unit": unit}


def _track_level(goal: pd.Series, obs: pd.DataFrame, base_year: int) -> list[dict[str, Any]]:
    """Level and share goals (and limits on a level or share)."""
    shown, factor = goal_unit(goal["unit"])
    target = to_base(goal["goal_value"], goal["unit"]) / factor
    levels = obs.sort_values("year").set_index("year")
    base = (to_base(goal["base_value"], goal["base_unit"]) / factor
            if _finite(goal["base_value"]) else levels["value_goal"].get(base_year, _NAN))
    gyear, direc = int(goal["goal_year"]), goal["direction"]
    grows = goal["goal_type"] == "level" and direc != "at_most"
    required = (((target / base) ** (1 / (gyear - base_year)) - 1)
                if grows and _finite(base) and gyear > base_year else _NAN)
    to_path = (factor / parse_unit(goal["base_unit"]).factor
               if goal["projection"] == "level" else _NAN)
    rows, previous = [], {base_year: base} if _finite(base) else {}
    for year, rec in levels.iterrows():
        value = float(rec["value_goal"])
        still = _NAN
        if not grows:
            path, on_track, judged = target, meets(value, target, goal["qualifier"]), "level"
        else:
            path = (target if year > gyear else
                    base * (1 + required) ** (year - base_year) if _finite(required) else _NAN)
            if not _finite(path):
                on_track, judged = pd.NA, ""
            elif direc == "about":
                low, high = admitted(path, "approx")
                on_track, judged = low <= value <= high, "path"
            else:
                on_track, judged = value >= path * (1 - _EPS), "path"
            met = (meets(value, target, goal["qualifier"]) if direc == "about"
                   else value >= target * (1 - _EPS))
            if not met and year < gyear:
                still = (target / value) ** (1 / (gyear - year)) - 1
        prev = previous.get(year - 1, _NAN)
        rows.append({**_common(goal, shown), "year": int(year), "observed": value,
                     "observed_rate": value / prev - 1 if grows and _finite(prev) else _NAN,
                     "average_rate": ((value / base) ** (1 / (year - base_year)) - 1
                                      if grows and _finite(base) and year > base_year
                                      else _NAN),
                     "required_path": path, "on_track": on_track, "judged_on": judged,
                     "rate_still_needed": still, "path_value": value * to_path,
                     "id": rec["id"], "source": rec["source"]})
        previous[year] = value
    return rows


def _yearly_rates(goal: pd.Series, obs: pd.DataFrame) -> tuple[
        dict[int, float], dict[int, float], dict[int, pd.Series]]:
    """(rate by year, level in base units by year, the row each year comes from)."""
    start = int(goal["base_year"])
    stated = {int(r["year"]): r for _, r in obs[obs["kind"] == "rate"].iterrows()}
    given = {int(r["year"]): r for _, r in obs[obs["kind"] == "level"].iterrows()}
    levels = {y: float(r["value_goal"]) for y, r in given.items()}
    if start not in levels and _finite(goal["base_value"]) and len(given):
        article = parse_unit(goal["base_unit"])
        if article.base == next(iter(given.values()))["level_base"]:
            levels[start] = goal["base_value"] * article.factor
    rates = {y: float(r["value_goal"]) / 100 for y, r in stated.items()}
    for year in given:
        if year > start and year not in rates and year - 1 in levels:
            rates[year] = levels[year] / levels[year - 1] - 1
    source = {**{y: r for y, r in given.items() if y > start}, **stated}
    return rates, levels, source


def _track_rate(goal: pd.Series, obs: pd.DataFrame) -> list[dict[str, Any]]:
    """Rate goals (and limits on a rate): yearly rates against the goal rate."""
    goal_rate, direc = goal["goal_value"] / 100, goal["direction"]
    start, gyear = int(goal["base_year"]), int(goal["goal_year"])
    target = (1 + goal_rate) ** (gyear - start)
    rates, levels, source = _yearly_rates(goal, obs)
    base_path = (goal["base_value"] if goal["projection"] == "level" else
                 100.0 if goal["projection"] == "index" else _NAN)
    path_unit = parse_unit(goal["base_unit"]).factor if goal["base_unit"] else _NAN
    rows = []
    for year in sorted(source):
        rate = rates.get(year, _NAN)
        span = range(start + 1, year + 1)
        complete = all(y in rates for y in span)
        product = math.prod(1 + rates[y] for y in span) if complete else _NAN
        average = product ** (1 / (year - start)) - 1 if complete else _NAN
        still = _NAN
        if direc == "at_most":
            on_track = rate <= goal_rate + _EPS if _finite(rate) else pd.NA
            judged = "year" if _finite(rate) else ""
        elif year <= gyear and complete:
            on_track, judged = average >= goal_rate - _EPS, "average"
            if year < gyear and product < target * (1 - _EPS):
                still = (target / product) ** (1 / (gyear - year)) - 1
        elif _finite(rate):
            on_track, judged = rate >= goal_rate - _EPS, "year"
        else:
            on_track, judged = pd.NA, ""
        if goal["projection"] == "level" and year in levels and _finite(path_unit):
            on_path = levels[year] / path_unit
        else:
            on_path = base_path * product
        rows.append({**_common(goal, "%"), "year": year, "observed": rate * 100,
                     "observed_rate": rate,
                     "average_rate": average if direc != "at_most" else _NAN,
                     "required_path": goal["goal_value"], "on_track": on_track,
                     "judged_on": judged, "rate_still_needed": still,
                     "path_value": on_path if direc != "at_most" else _NAN,
                     "id": source[year]["id"], "source": source[year]["source"]})
    return rows


def track_targets(
    actuals: pd.DataFrame | str | os.PathLike[str],
    base_year: int = 2020,
    *,
    horizon: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Track every goal with actual figures: one row per goal and observed year.

    Parameters
    ----------
    actuals
        An actuals CSV file, or :func:`~kaili_analysis.analysis.actuals.load_actuals`.
    base_year
        The base year of level goals (as for :func:`~kaili_analysis.targets_table`).
    horizon
        The last year a figure may be for; default the goals' year (2025), or the horizon
        ``actuals`` was loaded with.
    data_dir
        Another copy of the data directory.
    table
        A :func:`~kaili_analysis.targets_table` already computed for ``base_year``.

    Returns
    -------
    pandas.DataFrame
        :data:`TRACK_COLUMNS`: goal_id, indicator_zh, indicator_en, goal_type, direction, goal,
        goal_year, unit (of ``observed`` and ``required_path``: the goal's, % for rate goals),
        year, observed, observed_rate (the yearly rate, a fraction), average_rate (since the
        base / the period's start), required_path, on_track (boolean, NA where no path is
        known), judged_on ('path', 'average', 'year', 'level' or ''), rate_still_needed,
        path_value (the figure on the scale of :func:`~kaili_analysis.projection_paths`),
        id and source as given. ``attrs``: base_year, horizon, path.

    Raises
    ------
    DataValidationError
        If the file is bad (see :func:`~kaili_analysis.analysis.actuals.load_actuals`).
    ParameterError
        On bad years, a frame that is not the output of ``load_actuals`` or holds years
        outside base year..horizon, or a ``table`` for another base year.
    """
    if table is None:
        table = targets_table(base_year, data_dir=data_dir)
    elif table.attrs.get("base_year") != base_year:
        raise ParameterError(f"table was computed for base year {table.attrs.get('base_year')}"
                             f", not {base_year}")
    table = table.set_index("goal_id", drop=False)
    if isinstance(actuals, str | os.PathLike):
        horizon = int(table.attrs["goal_year"]) if horizon is None else horizon
        actuals = load_actuals(actuals, base_year=base_year, horizon=horizon, data_dir=data_dir)
    elif isinstance(actuals, pd.DataFrame):
        require_columns(actuals, "actuals", ACTUALS_OUTPUT,
                        expected="a file path or the output of load_actuals()")
        horizon = actuals.attrs.get("horizon", table.attrs["goal_year"]) if horizon is None \
            else horizon
        check_horizon(base_year, horizon)
        bad = actuals[(actuals["year"] < base_year) | (actuals["year"] > horizon)]
        if len(bad):
            raise ParameterError(f"actuals has a figure for {int(bad['year'].iloc[0])}, outside "
                                 f"the base year..horizon {base_year}-{horizon}")
    else:
        raise ParameterError(f"actuals must be a file path or a DataFrame, got "
                             f"{type(actuals).__name__}")
    rows: list[dict[str, Any]] = []
    for goal_id in table.index:
        obs = actuals[actuals["goal_id"] == goal_id]
        if obs.empty:
            continue
        goal = table.loc[goal_id]
        if goal["goal_type"] == "rate":
            rows += _track_rate(goal, obs)
        else:
            rows += _track_level(goal, obs, base_year)
    frame = pd.DataFrame(rows, columns=TRACK_COLUMNS)
    frame["on_track"] = frame["on_track"].astype("boolean")
    frame.attrs = {"base_year": base_year, "horizon": int(horizon),
                   "path": actuals.attrs.get("path", "")}
    return frame
