"""Actual figures for 2021-2025 that a user supplies as a CSV, read and validated in full.

The article was written before 2025; the figures of 2021-2025 come from statistical bulletins.
The file has a header and the columns ``id``, ``year``, ``value``, ``unit`` and ``source``
(``note`` is optional)::

    id,year,value,unit,source
    built_up_area_2025,2022,11.1,平方公里,"EXAMPLE ONLY, not a real figure"
    gdp_growth,2021,1.1,%,"EXAMPLE ONLY, not a real figure"

* ``id``: a goal id (``kaili data goals`` lists all) or the id of a goal's own record or base record
  (``indicators.csv``: ``agri_output_end`` names the agricultural output of both agricultural
  goals); qualitative goals have none.
* ``year``: from the base year to the horizon; a yearly rate of a rate goal from the first year
  of its period (2021) on.
* ``value`` and ``unit``: any unit of :data:`kaili_analysis.data.units.UNITS` that converts to the
  goal's (万元 against a goal in 亿元). A rate goal takes either its yearly rate in ``%`` or
  levels of its quantity (any unit of one base unit), from which yearly rates are computed.
* ``source``: free text, shown in the report.

Every problem is a :class:`~kaili_analysis.errors.DataValidationError` naming the file, line
and column (see :mod:`kaili_analysis.data.usercsv` for the file format checks).
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from kaili_analysis.data.loaders import load_indicators, load_targets
from kaili_analysis.data.quantities import check_horizon, period_years
from kaili_analysis.data.units import UNITS, parse_unit, to_base
from kaili_analysis.data.usercsv import (
    did_you_mean,
    parse_number,
    parse_year,
    read_user_csv,
    unknown_id,
)
from kaili_analysis.errors import DataValidationError, KailiError

__all__ = ["ACTUALS_COLUMNS", "ACTUALS_OUTPUT", "actual_ids", "actuals_guide", "goal_unit",
           "load_actuals"]

#: The columns an actuals file must have (``note`` is optional).
ACTUALS_COLUMNS = ("id", "year", "value", "unit", "source")
_OPTIONAL = ("note",)
#: The columns of :func:`load_actuals`.
ACTUALS_OUTPUT = ["line", "id", "goal_id", "year", "kind", "value", "unit", "value_goal",
                  "level_base", "source", "note"]


def goal_unit(unit: str) -> tuple[str, float]:
    """The unit a goal's figures are shown in and its factor to base units: the goal's own
    written unit, except a fraction (三分之一), which is shown in %."""
    if unit == "分之":
        return "%", 1.0
    return unit, parse_unit(unit).factor


def actual_ids(data_dir: str | os.PathLike[str] | None = None) -> dict[str, list[str]]:
    """The ids an actuals file may use → the goal ids they give figures for: every numeric
    goal's id, its own record's id and its base record's id."""
    out: dict[str, list[str]] = {}
    for goal in load_targets(data_dir).itertuples(index=False):
        if goal.goal_type == "qualitative":
            continue
        for key in (goal.id, goal.indicator_id, goal.base_indicator_id):
            if key and goal.id not in out.setdefault(key, []):
                out[key].append(goal.id)
    return out


def actuals_guide(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """What an actuals file may give, one row per numeric goal.

    Returns
    -------
    pandas.DataFrame
        goal_id, goal_type, ids (the ids a row of the file may name for this goal, ';'-joined),
        unit (the goal's unit; a rate goal also takes % for a yearly rate) and goal_period.
        The years a figure may be for are the report's base year to its horizon.
    """
    ids: dict[str, list[str]] = {}
    for key, goals in actual_ids(data_dir).items():
        for goal in goals:
            ids.setdefault(goal, []).append(key)
    rows = [{"goal_id": g.id, "goal_type": g.goal_type, "ids": ";".join(ids[g.id]),
             "unit": goal_unit(g.unit)[0],
             "goal_period": g.period}
            for g in load_targets(data_dir).itertuples(index=False) if g.id in ids]
    return pd.DataFrame(rows, columns=["goal_id", "goal_type", "ids", "unit", "goal_period"])


def _units_of(base: str) -> str:
    return ", ".join(u for u, spec in UNITS.items() if base in spec.bases)


def _convert(goal: Any, unit: str, value: float, ref_base: dict[str, str],
             where: dict[str, Any]) -> tuple[str, float, str]:
    """(kind, value in the goal's terms, base unit of a level) of one figure for one goal."""
    spec = parse_unit(unit)
    if goal.goal_type == "rate":
        if unit == "%":
            if value <= -100:
                raise DataValidationError(f"{value:g}% is not a yearly rate (above -100%)",
                                          **where, column="value")
            return "rate", value, ""
        base = ref_base.setdefault(goal.id, spec.base)
        if base not in spec.bases or spec.base == "percent":
            raise DataValidationError(
                f"unit {unit!r} cannot be converted to the unit of {goal.id}'s levels "
                f"({base}): use % for its yearly rate or one of {_units_of(base)}",
                **where, column="unit")
        if value <= 0:
            raise DataValidationError(f"{value:g} is not a positive level", **where,
                                      column="value")
        return "level", to_base(value, unit), base
    if goal.unit_base not in spec.bases:
        raise DataValidationError(
            f"unit {unit!r} cannot be converted to the unit of {goal.id} ({goal.unit}); use "
            f"one of {_units_of(goal.unit_base)}", **where, column="unit")
    factor = goal_unit(goal.unit)[1]
    converted = to_base(value, unit) / factor
    if goal.goal_type == "share" and not 0 <= to_base(value, unit) <= 100:
        raise DataValidationError(f"{value:g} {unit} is not a share between 0 and 100%",
                                  **where, column="value")
    if goal.goal_type == "level" and value <= 0:
        raise DataValidationError(f"{value:g} is not a positive level", **where, column="value")
    return "level", converted, ""


def load_actuals(
    path: str | os.PathLike[str],
    *,
    base_year: int = 2020,
    horizon: int = 2025,
    data_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Read and validate an actuals CSV (see the module docstring for its format).

    Parameters
    ----------
    path
        The CSV file.
    base_year, horizon
        The years a figure may be for (inclusive).
    data_dir
        Another copy of the data directory (for the goals and their units).

    Returns
    -------
    pandas.DataFrame
        One row per figure and goal it gives (an id of a base record names every goal on that
        quantity): line, id, goal_id, year, kind ('rate': a yearly rate in %; 'level'),
        value and unit as written, value_goal (in the goal's unit of :func:`goal_unit`; for
        a rate goal: the rate in %, or a level in base units), level_base (the base unit of a
        rate goal's levels), source, note. ``attrs['path']``: the file.

    Raises
    ------
    DataValidationError
        Naming file, line and column: any format problem of
        :func:`~kaili_analysis.data.usercsv.read_user_csv`; an unknown id (with the
        closest ids); a year outside base year..horizon, or a yearly rate before its goal's
        period; a value that is not a finite number, or not a possible level, share or rate;
        an unknown unit or one that cannot be converted to the goal's; a duplicate (id, year),
        or two figures of the same kind for one goal and year under different ids.
    ParameterError
        If ``base_year`` / ``horizon`` are not years with horizon after base year.
    """
    check_horizon(base_year, horizon)
    rows = read_user_csv(path, required=ACTUALS_COLUMNS, optional=_OPTIONAL, key=("id", "year"),
                         what="actuals file")
    ids = actual_ids(data_dir)
    goals = load_targets(data_dir).set_index("id", drop=False)
    units = load_indicators(data_dir).set_index("id")["unit_base"]
    ref_base = {g: units[b] for g, b in zip(goals["id"], goals["base_indicator_id"],
                                             strict=True) if b}
    seen: dict[tuple[str, int, str], tuple[int, str]] = {}
    out = []
    for row in rows:
        where = {"path": path, "line": row.line}
        cells = row.cells
        if cells["id"] not in ids:
            raise DataValidationError(
                unknown_id(cells["id"], ids, "a goal id or the id of a goal's record")
                + " (kaili data goals lists them)", **where, column="id")
        year = parse_year(cells["year"], **where, column="year", low=base_year, high=horizon)
        value = parse_number(cells["value"], **where, column="value")
        try:
            parse_unit(cells["unit"])
        except KailiError:
            raise DataValidationError(
                f"unknown unit {cells['unit'][:20]!r}{did_you_mean(cells['unit'], UNITS)}; "
                f"known units: {', '.join(UNITS)}", **where, column="unit") from None
        for goal_id in ids[cells["id"]]:
            goal = goals.loc[goal_id]
            kind, converted, base = _convert(goal, cells["unit"], value, ref_base, where)
            first = period_years(goal["period"])
            if kind == "rate" and first and year < first[0]:
                raise DataValidationError(
                    f"a yearly rate for {year} is not part of {goal_id} (a goal for "
                    f"{goal['period']}); give rates from {first[0]} on", **where,
                    column="year")
            key = (goal_id, year, kind)
            if key in seen:
                line, other = seen[key]
                raise DataValidationError(
                    f"{goal_id} already has a {kind} for {year} (line {line}, id {other!r})",
                    **where, column="id")
            seen[key] = (row.line, cells["id"])
            out.append({"line": row.line, "id": cells["id"], "goal_id": goal_id, "year": year,
                        "kind": kind, "value": value, "unit": cells["unit"],
                        "value_goal": converted, "level_base": base,
                        "source": cells["source"], "note": cells.get("note", "")})
    frame = pd.DataFrame(out, columns=ACTUALS_OUTPUT)
    frame.attrs = {"path": str(path), "base_year": base_year, "horizon": horizon}
    return frame
