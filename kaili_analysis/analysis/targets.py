"""The goals for 2021-2025 / 2025 and what the article lets one compute about them.

**A goal's year is the article's and never moves.** A level "by 2025" is a 2025 goal; an
average rate over 2021-2025 runs from the 2020 level to 2025. :func:`targets_table` computes the
rate a level goal requires from the base year to the goal's own year; the paths
(:func:`~kaili_analysis.analysis.paths.projection_paths`) run to a horizon of the caller's
choice, past 2025 or short of it, and leave every goal where it is.

**Direction** comes from the goal's qualifier (:func:`~kaili_analysis.data.quantities.direction`):
``at_least`` (以上), ``at_most`` (以内), ``about`` (左右), ``exactly``. A goal ``at_most`` is a
limit (CPI ≤ 3 %, unemployment ≤ 4.2 %): it never gets a required growth rate, a stated rate or
a path, and its verdicts say "limit".

**Bases** come from any year the article states: the base of a level or share goal is the
article's level of the same quantity (the same ``concept``, written as an exact figure, in the
goal's base unit) dated to the base year, e.g. 27.19 亿元 for 2015. Where the article gives
none, the row says so and which years it does give; a base is never estimated. A rate goal
starts from the year before its period (2020 for 2021-2025) whatever the base year.

**History**: every 2016-2020 rate the article gives for the goal's quantity, side by side: the
linked stated rate, other stated rates of the same quantity, and the rate computed from the
start and end levels (nominal where the levels are money).

**Verdicts** say what is missing or what the comparison finds (see :data:`VERDICTS`).

**Words**: a row explains its verdict as a key of the word catalogue with its values
(``explanation_key`` / ``explanation_values``) and lists its history as one such value
(``history_words``); :mod:`kaili_analysis.show.words.findings` writes them in either language.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from kaili_analysis.analysis import growth
from kaili_analysis.analysis.audit._base import phrase
from kaili_analysis.analysis.goal_reasons import explain, history_words
from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.loaders import load_indicators, load_targets
from kaili_analysis.data.quantities import (
    check_base_year,
    direction,
    meets,
    period_years,
    single_year,
)
from kaili_analysis.data.usercsv import did_you_mean
from kaili_analysis.errors import ParameterError

__all__ = ["INDICATOR_INPUT_COLUMNS", "LIMIT_VERDICTS", "TARGET_INPUT_COLUMNS", "VERDICTS",
           "check_scenario", "data_frames", "price_caveat", "targets_table"]

#: Every verdict of :func:`targets_table`, in the order reports list them.
VERDICTS: tuple[str, ...] = (
    "already_met", "not_met", "within_history", "faster_than_history", "history_disagrees",
    "no_history", "no_base", "within_limit", "above_limit", "limit_no_history",
    "limit_no_base", "qualitative",
)
#: The verdicts of goals ``at_most`` (limits).
LIMIT_VERDICTS: tuple[str, ...] = ("within_limit", "above_limit", "limit_no_history",
                                   "limit_no_base")
_NAN = math.nan


def _goal_span(goal: Mapping[str, Any]) -> tuple[int, int] | None:
    """(first year the goal's rate applies from, goal year): a rate over 2021-2025 → (2020,
    2025); a level by 2025 → (its period's start - 1, 2025). None without a period."""
    years = period_years(goal.get("period", ""))
    return (years[0] - 1, years[1]) if years else None


def _find_base(goal: pd.Series, ind: pd.DataFrame, year: int,
               unit_base: str) -> tuple[pd.Series | None, list[int]]:
    """The article's exact level of the goal's quantity in ``year``, and the years it gives."""
    anchor = goal["base_indicator_id"] or goal["history_start_indicator_id"]
    if not anchor:
        return None, []
    kind = "share" if goal["goal_type"] == "share" else "level"
    same = ind[(ind["concept"] == ind.at[anchor, "concept"]) & (ind["kind"] == kind)
               & (ind["qualifier"] == "eq") & (ind["unit_base"] == unit_base)]
    years = {rid: single_year(period) for rid, period in same["period"].items()}
    preferred = goal["base_indicator_id"]
    order = ([preferred] if preferred in years else []) + [r for r in years if r != preferred]
    found = next((ind.loc[r] for r in order if years[r] == year), None)
    return found, sorted({y for y in years.values() if y is not None})


def _history(goal: pd.Series, ind: pd.DataFrame) -> list[dict[str, Any]]:
    """Every 2016-2020 rate of the goal's quantity: the linked stated rate, the rate computed
    from the start and end levels, then the other stated rates of the same concept."""
    out: list[dict[str, Any]] = []
    computed: list[dict[str, Any]] = []
    rate_id = goal["history_rate_indicator_id"]
    if rate_id:
        same = ind.index[(ind["concept"] == ind.at[rate_id, "concept"])
                         & (ind["kind"] == "growth_rate")]
        for rid in [rate_id, *(r for r in same if r != rate_id)]:
            rec = ind.loc[rid]
            out.append({"rate": rec["value"] / 100, "ids": rid, "span": rec["period"],
                        "source": "stated" if rid == rate_id else "also_stated",
                        "nominal": False, "start": _NAN, "end": _NAN, "unit": ""})
    start_id, end_id = goal["history_start_indicator_id"], goal["base_indicator_id"]
    if start_id and end_id:
        start, end = ind.loc[start_id], ind.loc[end_id]
        y0, y1 = single_year(start["period"]), single_year(end["period"])
        if y0 and y1 and y1 > y0 and start["unit_base"] == end["unit_base"]:
            computed.append({"rate": growth.cagr(start["value_base"], end["value_base"],
                                                 y1 - y0),
                             "ids": f"{start_id};{end_id}", "span": f"{y0}-{y1}",
                             "source": "computed", "nominal": end["unit_base"] == "yuan",
                             "start": start["value"], "end": end["value"],
                             "unit": end["unit"]})
    return out[:1] + computed + out[1:]


def _verdict(goal: pd.Series, direc: str, base: pd.Series | None, required: float,
             history: list[dict[str, Any]]) -> str:
    gtype = goal["goal_type"]
    if gtype == "qualitative":
        return "qualitative"
    rates = [h["rate"] for h in history]
    if direc == "at_most":
        if gtype == "rate":
            if not rates:
                return "limit_no_history"
            limit = goal["value"] / 100
            return ("within_limit" if max(rates) <= limit else
                    "above_limit" if min(rates) > limit else "history_disagrees")
        if base is None:
            return "limit_no_base"
        met = meets(base["value_base"], goal["value_base"], goal["qualifier"])
        return "within_limit" if met else "above_limit"
    if gtype in {"level", "share"}:
        if base is None:
            return "no_base"
        if meets(base["value_base"], goal["value_base"], goal["qualifier"]):
            return "already_met"
        if gtype == "share":
            return "not_met"
    if not rates or math.isnan(required):
        return "no_history"
    if required > max(rates):
        return "faster_than_history"
    return "within_history" if required <= min(rates) else "history_disagrees"


def price_caveat(history: list[dict[str, Any]]) -> bool:
    """Whether a rate computed from money levels (current prices) meets a stated rate."""
    sources = {h["source"] for h in history}
    nominal = any(h["source"] == "computed" and h["nominal"] for h in history)
    return nominal and bool(sources & {"stated", "also_stated"})


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _row(goal: pd.Series, ind: pd.DataFrame, goals: pd.DataFrame,
         base_year: int) -> dict[str, Any]:
    gtype = goal["goal_type"]
    numeric = gtype != "qualitative"
    direc = direction(goal["qualifier"]) if numeric else ""
    span = _goal_span(goal) if numeric else None
    out: dict[str, Any] = {k: goal[k] for k in ("id", "goal_zh", "goal_en", "goal_type")}
    out["goal_id"] = out.pop("id")
    out["direction"] = direc
    out["indicator_id"] = goal["indicator_id"]
    out["pair_id"] = _text(goal["pair_id"])
    for k in ("indicator_zh", "indicator_en", "unit", "qualifier"):
        out[k] = _text(goal[k])
    out["goal_value"] = goal["value"]
    out["goal_period"] = _text(goal["period"])
    out["goal_year"] = span[1] if span else None
    start = (span[0] if gtype == "rate" else base_year) if span else None
    base, available = None, []
    if numeric:
        anchor = goal["base_indicator_id"]
        unit_base = (ind.at[anchor, "unit_base"] if gtype == "rate" and anchor
                     else goal["unit_base"])
        base, available = _find_base(goal, ind, start, unit_base)
    years = span[1] - start if span else _NAN
    out.update(base_year=start, base_indicator_id=base.name if base is not None else "",
               base_value=base["value"] if base is not None else _NAN,
               base_unit=base["unit"] if base is not None else "",
               base_quote=base["quote"] if base is not None else "", years=years)
    pair = goals.loc[goal["pair_id"]] if goal["pair_id"] else None
    rate_goal = goal if gtype == "rate" else pair
    stated = _NAN
    if (direc != "at_most" and rate_goal is not None and rate_goal["goal_type"] == "rate"
            and direction(rate_goal["qualifier"]) != "at_most"):
        stated = rate_goal["value"] / 100
    out["stated_rate"] = stated
    rate_span = _goal_span(rate_goal) if rate_goal is not None else None
    out["implied_level"] = (base["value"] * growth.multiplier(stated, rate_span[1] - start)
                            if base is not None and not math.isnan(stated) and rate_span
                            and rate_span[0] == start and gtype in {"rate", "level"}
                            else _NAN)
    required = _NAN
    if direc != "at_most":
        if gtype == "rate":
            required = stated
        elif gtype == "level" and base is not None:
            required = growth.required_rate(base["value_base"], goal["value_base"], years)
    out["required_rate"] = required
    history = _history(goal, ind) if numeric else []
    first = history[0] if history else None
    out.update(
        achieved_rate=first["rate"] if first else _NAN,
        achieved_source=first["source"] if first else "",
        achieved_indicator_ids=first["ids"] if first else "",
        achieved_span=first["span"] if first else "",
        history_rates=tuple(h["rate"] for h in history),
        history_sources=tuple(h["source"] for h in history),
        history_words=history_words(history),
        price_caveat=price_caveat(history),
    )
    out["gap_pp"] = ((required - first["rate"]) * 100 if first and not math.isnan(required)
                     else _NAN)
    out["verdict"] = _verdict(goal, direc, base, required, history)
    context = {**out, "history": history, "base_years_available": available,
               "goal_words": phrase(f"goal.direction.{direc}", x={
                   "value": float(goal["value"]), "unit": goal["unit"], "qualifier": "eq"})
               if numeric else ""}
    words = explain(context)
    out["explanation_key"], out["explanation_values"] = words["key"], words["values"]
    projection = ""
    if direc and direc != "at_most" and not math.isnan(required):
        if gtype == "rate":
            projection = "level" if base is not None else "index"
        elif gtype == "level" and base is not None:
            projection = "level"
    out["projection"] = projection
    return out


def _scenario_keys(table: pd.DataFrame) -> dict[str, list[str]]:
    """Scenario keys → the goals they set a rate for: each projectable goal's id, its own
    record's id and its base record's id."""
    keys: dict[str, list[str]] = {}
    for row in table[table["projection"] != ""].itertuples(index=False):
        for key in (row.goal_id, row.indicator_id, row.base_indicator_id):
            if key and row.goal_id not in keys.setdefault(key, []):
                keys[key].append(row.goal_id)
    return keys


def _why_not(row: pd.Series) -> str:
    """Why a goal has no path: 'unemployment_rate is a limit (at most)'."""
    if row["goal_type"] == "qualitative":
        what = "qualitative"
    elif row["direction"] == "at_most":
        what = "a limit (at most)"
    elif row["goal_type"] == "share":
        what = "a share, which is not projected"
    else:
        what = f"a level without a {row['base_year']} base in the article"
    return f"{row['goal_id']} is {what}"


def check_scenario(scenario: Mapping[str, float] | None,
                   table: pd.DataFrame) -> dict[str, float]:
    """Validate scenario rates against a :func:`targets_table`.

    Parameters
    ----------
    scenario
        Rates (fractions in (-1, 1]) by goal id, goal record id or base record id, for goals
        that can be projected (``projection`` not empty).
    table
        The targets table the scenario applies to.

    Returns
    -------
    dict
        The scenario with float rates (empty for None).

    Raises
    ------
    ParameterError
        For a non-mapping, a key that names no projectable goal (with the closest keys, the
        reason when it names a goal that cannot be projected, and every allowed key) or a
        rate that is not a finite fraction.
    """
    if scenario is None:
        return {}
    if not isinstance(scenario, Mapping):
        raise ParameterError(
            f"scenario must be a mapping of goal or indicator id to a rate, got {scenario!r}")
    allowed = _scenario_keys(table)
    out = {}
    for key, rate in scenario.items():
        if key not in allowed:
            known = table[(table["goal_id"] == key) | (table["indicator_id"] == key)
                          | (table["base_indicator_id"] == key)]
            why = f" ({_why_not(known.iloc[0])})" if len(known) else ""
            raise ParameterError(
                f"scenario key {key!r} is not a goal that can be projected{why}"
                f"{did_you_mean(str(key), allowed)}; allowed: {', '.join(sorted(allowed))}")
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not math.isfinite(rate):
            raise ParameterError(f"scenario rate for {key!r} must be a number, got {rate!r}")
        if not -1 < rate <= 1:
            raise ParameterError(
                f"scenario rate for {key!r} must be a fraction in (-1, 1], got {rate!r}"
                + (f" (did you mean {rate / 100:g}?)" if rate > 1 else ""))
        out[key] = float(rate)
    return out


#: The columns of the targets table the goals' computations read.
TARGET_INPUT_COLUMNS = ("id", "goal_zh", "goal_en", "goal_type", "indicator_id",
                        "base_indicator_id", "history_rate_indicator_id",
                        "history_start_indicator_id", "pair_id", "indicator_zh", "indicator_en",
                        "value", "unit", "value_base", "unit_base", "qualifier", "period")
#: The columns of the indicators table the goals' computations read.
INDICATOR_INPUT_COLUMNS = ("id", "concept", "indicator_zh", "indicator_en", "value", "unit",
                           "value_base", "unit_base", "qualifier", "period", "kind", "quote")


def data_frames(data_dir: str | os.PathLike[str] | None = None,
                indicators: pd.DataFrame | None = None,
                targets: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The goals and the indicators to compute from: the frames given, else the loaded ones.

    Raises
    ------
    ParameterError
        If a frame given lacks a column the computations read, or a goal names a record the
        indicators do not hold.
    """
    goals = (load_targets(data_dir) if targets is None else
             require_columns(targets, "targets", TARGET_INPUT_COLUMNS,
                             expected="a table shaped like load_targets()"))
    ind = (load_indicators(data_dir) if indicators is None else
           require_columns(indicators, "indicators", INDICATOR_INPUT_COLUMNS,
                           expected="a table shaped like load_indicators()"))
    if indicators is not None or targets is not None:
        known = set(ind["id"])
        for column in ("indicator_id", "base_indicator_id", "history_rate_indicator_id",
                       "history_start_indicator_id"):
            for goal, ids in zip(goals["id"], goals[column], strict=True):
                missing = [i for i in (ids.split(";") if isinstance(ids, str) else [])
                           if i and i not in known]
                if missing:
                    raise ParameterError(f"targets: goal {goal!r} names the record(s) "
                                         f"{', '.join(missing)} in {column}, which indicators "
                                         "does not hold; pass the indicators it refers to")
    return goals, ind


def targets_table(
    base_year: int = 2020,
    *,
    scenario: Mapping[str, float] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    indicators: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per goal with what the article lets one compute about it.

    Parameters
    ----------
    base_year
        The year level and share goals are measured from (default 2020); it must come before
        the goals' year. Rate goals start from the year before their period (2020 for
        2021-2025) whatever it is.
    scenario
        Optional rates (fractions) by goal id, goal record id or base record id of goals that
        can be projected; adds ``scenario_rate`` and the ``scenario_level`` it gives in the
        goal's year.
    data_dir
        Another copy of the data directory.
    indicators, targets
        Tables shaped like :func:`~kaili_analysis.load_indicators` and
        :func:`~kaili_analysis.load_targets` to use instead of loading them (a subset, an
        edited copy).

    Returns
    -------
    pandas.DataFrame
        goal_id, goal_zh, goal_en, goal_type, direction (at_least, at_most, about, exactly;
        empty for qualitative goals), indicator_id, pair_id (the goal stated with it, or ''),
        indicator_zh, indicator_en, unit,
        qualifier, goal_value, goal_period, goal_year (the article's), base_year (of this
        row), base_indicator_id, base_value, base_unit, base_quote, years (base year → goal
        year), stated_rate, implied_level, required_rate, achieved_rate, achieved_source,
        achieved_indicator_ids, achieved_span, history_rates, history_sources (tuples: every
        2016-2020 rate), history_words (side by side, a value of a phrase),
        price_caveat, gap_pp, verdict (:data:`VERDICTS`), explanation_key and
        explanation_values (why, in words), projection ('level',
        'index' or ''), scenario_rate, scenario_level. Rates are fractions. ``attrs``:
        base_year, goal_year, scenario, data_version.

    Raises
    ------
    ParameterError
        If the base year is not an integer year before the goals' year, or on a bad scenario.
    """
    goals, ind = data_frames(data_dir, indicators, targets)
    spans = [s for s in (_goal_span(g) for _, g in goals.iterrows()
                         if g["goal_type"] != "qualitative") if s]
    goal_year = min((s[1] for s in spans), default=None)
    check_base_year(base_year, goal_year)
    ind = ind.set_index("id")
    by_id = goals.set_index("id", drop=False)
    frame = pd.DataFrame([_row(g, ind, by_id, base_year) for _, g in goals.iterrows()])
    frame[["goal_year", "base_year"]] = frame[["goal_year", "base_year"]].astype("Int64")
    scen = check_scenario(scenario, frame)
    keys = _scenario_keys(frame)
    rates = {goal: rate for key, rate in scen.items() for goal in keys[key]}
    frame["scenario_rate"] = frame["goal_id"].map(rates).astype("float64")
    level = frame["projection"] == "level"
    frame["scenario_level"] = _NAN
    if level.any() and rates:
        sub = frame[level & frame["scenario_rate"].notna()]
        frame.loc[sub.index, "scenario_level"] = [
            b * (1 + r) ** n for b, r, n in zip(sub["base_value"], sub["scenario_rate"],
                                                 sub["years"], strict=True)]
    frame.attrs = {"base_year": base_year, "goal_year": goal_year, "scenario": scen,
                   "data_version": goals.attrs.get("data_version", "")}
    return frame
