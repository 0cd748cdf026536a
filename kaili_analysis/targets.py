"""The 2025 target table and projection paths toward the goals.

:func:`targets_table` puts every goal the article sets for 2021-2025 / 2025 beside what the
article says about its base year and about 2016-2020: the goal as stated, the base (and which
record gives it), the level a stated rate implies, the rate a stated level requires, the rate
achieved in 2016-2020 (stated or computed from two levels), the gap in percentage points, and a
verdict with a short explanation in zh and en. A base the article does not give is reported as
missing, never invented.

:func:`projection_paths` returns the year-by-year paths behind the charts, as a tidy frame.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

import pandas as pd

from . import growth
from .datasets import load_indicators, load_targets
from .errors import ParameterError
from .i18n import fmt_number, fmt_pp, fmt_rate, fmt_value
from .quantities import check_years, meets, period_years

__all__ = ["check_years", "projection_paths", "targets_table"]



def _end_year(period: str) -> int | None:
    years = period_years(period)
    return years[1] if years else None


def _history(goal: pd.Series, ind: pd.DataFrame) -> tuple[float, str, str, str]:
    """Return (rate, source, ids, span) of the 2016-2020 growth of the goal's quantity."""
    rate_id, start_id, base_id = (goal["history_rate_indicator_id"],
                                  goal["history_start_indicator_id"], goal["base_indicator_id"])
    if rate_id:
        rec = ind.loc[rate_id]
        return rec["value"] / 100, "stated", rate_id, rec["period"]
    if start_id and base_id:
        start, end = ind.loc[start_id], ind.loc[base_id]
        y0, y1 = _end_year(start["period"]), _end_year(end["period"])
        if y0 is not None and y1 is not None and y1 > y0:
            rate = growth.cagr(start["value_base"], end["value_base"], y1 - y0)
            return rate, "computed", f"{start_id};{base_id}", f"{y0}-{y1}"
    return math.nan, "", "", ""


def _row(goal: pd.Series, ind: pd.DataFrame, goals: pd.DataFrame, base_year: int,
         years: int, scenario: Mapping[str, float]) -> dict:
    out = {k: goal[k] for k in ("id", "goal_zh", "goal_en", "goal_type", "indicator_id")}
    out["goal_id"] = out.pop("id")
    for k in ("indicator_zh", "indicator_en", "unit", "qualifier"):
        out[k] = goal[k] if isinstance(goal[k], str) else ""
    out["goal_value"] = goal["value"]
    out["goal"] = (fmt_value(goal["value"], goal["unit"], goal["qualifier"])
                   if goal["goal_type"] != "qualitative" else goal["goal_zh"])
    base_id = goal["base_indicator_id"]
    base = ind.loc[base_id] if base_id else None
    base_note = ""
    if base is not None and _end_year(base["period"]) != base_year:
        base_note = base["period"] or "?"
        base = None
    if (base is not None and goal["goal_type"] in {"level", "share"}
            and base["unit_base"] != goal["unit_base"]):
        base = None
    out.update(base_indicator_id=base_id if base is not None else "",
               base_value=base["value"] if base is not None else math.nan,
               base_unit=base["unit"] if base is not None else "",
               base_quote=base["quote"] if base is not None else "", years=years)
    pair = goals.loc[goal["pair_id"]] if goal["pair_id"] else None
    stated_rate = math.nan
    if goal["goal_type"] == "rate":
        stated_rate = goal["value"] / 100
    elif pair is not None and pair["goal_type"] == "rate":
        stated_rate = pair["value"] / 100
    out["stated_rate"] = stated_rate
    out["implied_level"] = (base["value"] * growth.multiplier(stated_rate, years)
                            if base is not None and not math.isnan(stated_rate)
                            and goal["goal_type"] in {"rate", "level"} else math.nan)
    required = math.nan
    if goal["goal_type"] == "rate":
        required = stated_rate
    elif goal["goal_type"] == "level" and base is not None:
        required = growth.required_rate(base["value_base"], goal["value_base"], years)
    out["required_rate"] = required
    rate, source, ids, span = _history(goal, ind)
    out.update(achieved_rate=rate, achieved_source=source, achieved_indicator_ids=ids,
               achieved_span=span)
    out["gap_pp"] = (required - rate) * 100 if not (math.isnan(required)
                                                      or math.isnan(rate)) else math.nan
    verdict = _verdict(goal, base, required, rate)
    out["verdict"] = verdict
    out["explanation_zh"], out["explanation_en"] = _explain(out, verdict, base_year, base_note)
    key = next((k for k in (goal["id"], goal["indicator_id"], base_id) if k in scenario), None)
    out["scenario_rate"] = scenario[key] if key else math.nan
    out["scenario_level"] = (base["value"] * growth.multiplier(scenario[key], years)
                             if key and base is not None and goal["goal_type"] != "share"
                             else math.nan)
    return out


def _verdict(goal: pd.Series, base: pd.Series | None, required: float, achieved: float) -> str:
    gtype = goal["goal_type"]
    if gtype == "qualitative":
        return "qualitative"
    if gtype in {"share", "level"} and base is not None:
        if meets(base["value"], goal["value"], goal["qualifier"]):
            return "already_met"
        if gtype == "share":
            return "not_met"
    if math.isnan(required) or math.isnan(achieved):
        return "no_base" if base is None else "no_history"
    return "faster_than_history" if required > achieved else "within_history"


def _explain(row: dict, verdict: str, base_year: int, base_note: str) -> tuple[str, str]:
    req, ach, gap = fmt_rate(row["required_rate"]), fmt_rate(row["achieved_rate"]), row["gap_pp"]
    base = f"{fmt_number(row['base_value'])}{row['base_unit']}"
    span = row["achieved_span"] or "2016-2020"
    how_zh = "文中所述" if row["achieved_source"] == "stated" else "由文中起止值计算"
    how_en = "as stated" if row["achieved_source"] == "stated" else "computed from levels"
    missing_zh = f"（文中基期值为{base_note}年，不是{base_year}年）" if base_note else ""
    missing_en = f" (the article's base is for {base_note}, not {base_year})" if base_note else ""
    if verdict == "qualitative":
        return "非量化目标，无法计算。", "Not quantified: nothing to compute."
    if verdict == "already_met":
        return (f"{base_year}年已达{base}，目标为{row['goal']}：已经达到。",
                f"Already met: {base} in {base_year} against a goal of {row['goal']}.")
    if verdict == "not_met":
        return (f"{base_year}年为{base}，尚未达到目标{row['goal']}。",
                f"Not yet met: {base} in {base_year} against a goal of {row['goal']}.")
    if verdict == "no_base":
        return (f"文中没有{base_year}年基期值，无法计算{missing_zh}。",
                f"No {base_year} base in the article: not computable{missing_en}.")
    if verdict == "no_history":
        return (f"需年均增长{req}；文中没有2016-2020年增速可比。",
                f"Requires {req} a year; the article gives no 2016-2020 rate to compare.")
    if verdict == "faster_than_history":
        return (f"需年均增长{req}，快于{span}年的{ach}（{how_zh}），差{fmt_pp(gap, 'zh')}。",
                f"Needs faster growth than {span}: {req} a year against {ach} ({how_en}), "
                f"{fmt_pp(gap, 'en')}.")
    return (f"需年均增长{req}，不快于{span}年的{ach}（{how_zh}），差{fmt_pp(gap, 'zh')}。",
            f"No faster than {span}: {req} a year against {ach} ({how_en}), "
            f"{fmt_pp(gap, 'en')}.")


def _check_scenario(scenario: Mapping[str, float] | None, allowed: set[str]) -> dict[str, float]:
    if scenario is None:
        return {}
    if not isinstance(scenario, Mapping):
        raise ParameterError(
            f"scenario must be a mapping of goal or indicator id to a rate, got {scenario!r}"
        )
    out = {}
    for key, rate in scenario.items():
        if key not in allowed:
            raise ParameterError(
                f"scenario key {key!r} is not a goal or indicator id of a goal; allowed: "
                f"{', '.join(sorted(allowed))}"
            )
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not math.isfinite(rate):
            raise ParameterError(f"scenario rate for {key!r} must be a number, got {rate!r}")
        if not -1 < rate <= 1:
            raise ParameterError(
                f"scenario rate for {key!r} must be a fraction in (-1, 1], got {rate!r}"
                + (f" (did you mean {rate / 100:g}?)" if rate > 1 else "")
            )
        out[key] = float(rate)
    return out


def _scenario_keys(goals: pd.DataFrame) -> set[str]:
    keys = set(goals["id"]) | set(goals["indicator_id"]) | set(goals["base_indicator_id"])
    return {k for k in keys if k}


def targets_table(
    base_year: int = 2020,
    target_year: int = 2025,
    scenario: Mapping[str, float] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Return one row per goal for 2021-2025 / 2025 with what the article lets one compute.

    Parameters
    ----------
    base_year, target_year
        The span of the goals (default 2020 → 2025). A base record counts only if the
        article dates it to ``base_year``.
    scenario
        Optional rates (fractions) by goal id, goal indicator id or base indicator id; adds
        ``scenario_rate`` and the ``scenario_level`` it leads to by ``target_year``.
    data_dir
        Another copy of the data directory.

    Returns
    -------
    pandas.DataFrame
        goal_id, goal_zh, goal_en, goal_type, indicator_id, indicator_zh, indicator_en, unit,
        qualifier, goal_value, goal, base_indicator_id, base_value, base_unit, base_quote,
        years, stated_rate, implied_level, required_rate, achieved_rate, achieved_source,
        achieved_indicator_ids, achieved_span, gap_pp, verdict, explanation_zh,
        explanation_en, scenario_rate, scenario_level. Rates are fractions.

    Raises
    ------
    ParameterError
        On a bad year span or scenario.
    """
    years = check_years(base_year, target_year)
    goals = load_targets(data_dir)
    scen = _check_scenario(scenario, _scenario_keys(goals))
    ind = load_indicators(data_dir).set_index("id")
    by_id = goals.set_index("id", drop=False)
    rows = [_row(g, ind, by_id, base_year, years, scen) for _, g in goals.iterrows()]
    frame = pd.DataFrame(rows)
    first = ["goal_id", "goal_zh", "goal_en", "goal_type"]
    frame = frame[[*first, *[c for c in frame.columns if c not in first]]]
    frame.attrs = {"base_year": base_year, "target_year": target_year,
                   "data_version": goals.attrs.get("data_version", "")}
    return frame


def projection_paths(
    base_year: int = 2020,
    target_year: int = 2025,
    scenario: Mapping[str, float] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the year-by-year paths from the base year to the target year, tidy.

    For every goal whose quantity grows (rate and level goals): the ``plan`` path (a rate
    goal's stated rate; the rate a level goal's level requires, or its paired rate where
    the article gives no base), the ``history`` path (the 2016-2020
    rate, where known) and the ``user`` path (from ``scenario``). Where the article gives
    the base level the paths are levels in the base's unit; where it gives none, paths are an
    index with the base year = 100, so rates can still be compared.

    Parameters
    ----------
    base_year, target_year, scenario, data_dir
        As for :func:`targets_table`.
    table
        A :func:`targets_table` already computed with these arguments (saves computing it
        again); its ``base_year``/``target_year`` must match.

    Returns
    -------
    pandas.DataFrame
        goal_id, indicator_zh, indicator_en, scenario, rate, measure ('level' or 'index'),
        unit, year, value.
    """
    if table is None:
        table = targets_table(base_year, target_year, scenario, data_dir=data_dir)
    elif (table.attrs.get("base_year"), table.attrs.get("target_year")) != (base_year,
                                                                            target_year):
        raise ParameterError(
            f"table was computed for {table.attrs.get('base_year')}-"
            f"{table.attrs.get('target_year')}, not {base_year}-{target_year}")
    years = target_year - base_year
    frames = []
    for row in table.itertuples(index=False):
        if row.goal_type not in {"rate", "level"}:
            continue
        # a level goal's plan path reaches its level; a rate goal's follows its rate
        plan = row.required_rate
        if math.isnan(plan) or row.goal_type == "rate":
            plan = row.stated_rate
        rates = {"plan": plan, "history": row.achieved_rate, "user": row.scenario_rate}
        has_base = not math.isnan(row.base_value)
        for name, rate in rates.items():
            if math.isnan(rate):
                continue
            start = row.base_value if has_base else 100.0
            path = growth.project(start, rate, years, start_year=base_year)
            frames.append(pd.DataFrame({
                "goal_id": row.goal_id, "indicator_zh": row.indicator_zh,
                "indicator_en": row.indicator_en, "scenario": name, "rate": rate,
                "measure": "level" if has_base else "index",
                "unit": row.base_unit if has_base else "", "year": path.index.astype(int),
                "value": path.to_numpy(),
            }))
    columns = ["goal_id", "indicator_zh", "indicator_en", "scenario", "rate", "measure",
               "unit", "year", "value"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    out.attrs = dict(table.attrs)
    return out
