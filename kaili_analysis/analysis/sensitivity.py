"""How much a goal's arithmetic depends on the base: every base the article gives or allows,
read in every plausible base year.

The article states some levels without a year ("五年来 … 38.13亿元" is read as 2020), states
the same quantity twice (38.13 亿元 and 30余亿元) and pairs goals whose arithmetic implies a
base of its own (47 亿元 by 2025 at 6.5 % a year implies 34.30 亿元 in 2020). The targets table
uses one reading; :func:`base_sensitivity` shows the others, each labelled for what it is:
``stated`` (a figure of the article, with its qualifier: 30余 is the range 30-40) or ``derived``
(computed from the goals), read ``as_dated`` (the year the dataset gives it) or in an
``alternative_year``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import pandas as pd

from kaili_analysis.analysis import growth
from kaili_analysis.analysis.audit._base import phrase
from kaili_analysis.analysis.targets import data_frames, targets_table
from kaili_analysis.data.quantities import admitted, period_years, single_year
from kaili_analysis.data.units import to_base
from kaili_analysis.errors import ParameterError

__all__ = ["SENSITIVITY_COLUMNS", "base_sensitivity"]

SENSITIVITY_COLUMNS = [
    "goal_id", "indicator_zh", "indicator_en", "goal_type", "base_source",
    "base_indicator_id", "base_value", "base_low", "base_high", "base_unit", "base_qualifier",
    "base_year", "reading", "years", "required_rate", "required_low", "required_high",
    "implied_level", "implied_low", "implied_high", "note_key", "note_values",
]
_NAN = math.nan


def _candidates(goal: pd.Series, ind: pd.DataFrame,
                goals: pd.DataFrame) -> list[dict[str, Any]]:
    """The bases the article gives for the goal's quantity, and the one the goals imply."""
    anchor = goal["base_indicator_id"] or goal["history_start_indicator_id"]
    if not anchor:
        return []
    unit_base = ind.at[anchor, "unit_base"]
    same = ind[(ind["concept"] == ind.at[anchor, "concept"]) & (ind["kind"] == "level")
               & (ind["unit_base"] == unit_base)]
    out = []
    for rid, rec in same.iterrows():
        year = single_year(rec["period"])
        if year is None:
            continue
        low, high = admitted(rec["value"], rec["qualifier"])
        out.append({"base_source": "stated", "base_indicator_id": rid, "value": rec["value"],
                    "low": low, "high": high, "unit": rec["unit"],
                    "qualifier": rec["qualifier"], "year": year})
    pair = goals.loc[goal["pair_id"]] if goal["pair_id"] else None
    if (goal["goal_type"] == "level" and pair is not None and pair["goal_type"] == "rate"
            and pair["qualifier"] in {"ge", "gt", "eq", "approx"} and out):
        span = period_years(pair["period"])
        if span:
            unit = out[0]["unit"]
            target = to_base(goal["value"], goal["unit"]) / to_base(1, unit)
            implied = growth.implied_base(target, pair["value"] / 100, span[1] - span[0] + 1)
            out.append({"base_source": "derived", "base_indicator_id": "", "value": implied,
                        "low": implied, "high": implied, "unit": unit, "qualifier": "eq",
                        "year": span[0] - 1, "rate": pair["value"] / 100})
    return out


def _note(c: dict[str, Any], reading: str, year: int, goal: pd.Series) -> dict[str, Any]:
    """Where a base comes from, as a key of the word catalogue and its values."""
    if c["base_source"] == "derived":
        return phrase("base_note.derived", year=year, rate={"stated_rate": c["rate"]},
                      goal={"value": float(goal["value"]), "unit": goal["unit"],
                            "qualifier": "eq"})
    if reading == "alternative_year":
        return phrase("base_note.alternative_year", record=c["base_indicator_id"], year=year,
                      dated=int(c["year"]))
    return phrase("base_note.stated", record=c["base_indicator_id"])


def base_sensitivity(
    base_years: Sequence[int] = (2020, 2021),
    *,
    data_dir: str | os.PathLike[str] | None = None,
    indicators: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The required rate (level goals) or implied goal-year level (rate goals) under every
    base the article gives or the goals imply, read in each plausible base year.

    Parameters
    ----------
    base_years
        The plausible base years: a stated base dated to one of them is also read as each of
        the others (an end-of-period level the article does not date); a base dated to
        another year (27.19 亿元, 2015) is read as dated only.
    data_dir, indicators, targets
        As for :func:`~kaili_analysis.targets_table`.

    Returns
    -------
    pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS`, one row per goal, base and year: base_source
        ('stated' or 'derived'), base_value with base_low/base_high (the range a qualifier
        admits: 30余 → 30-40), reading ('as_dated' or 'alternative_year'), years to the goal
        year, required_rate with required_low/high (level goals), implied_level with
        implied_low/high (rate goals: the goal-year level the rate gives), note_key and
        note_values (where the base comes from, in words: see
        :mod:`kaili_analysis.show.words.findings`).
        Goals without a base, limits and shares have no rows.

    Raises
    ------
    ParameterError
        If ``base_years`` is not a sequence of integer years.
    """
    years = list(base_years) if isinstance(base_years, Sequence) else None
    if not years or any(isinstance(y, bool) or not isinstance(y, int) for y in years):
        raise ParameterError(f"base_years must be a list of integer years, got {base_years!r}")
    goals, ind = data_frames(data_dir, indicators, targets)
    table = targets_table(indicators=ind, targets=goals).set_index("goal_id")
    goals, ind = goals.set_index("id", drop=False), ind.set_index("id")
    rows = []
    for goal_id, row in table.iterrows():
        if row["goal_type"] not in {"level", "rate"} or row["direction"] == "at_most":
            continue
        goal = goals.loc[goal_id]
        gyear = int(row["goal_year"])
        first = period_years(goal["period"])
        for c in _candidates(goal, ind, goals):
            readings = [(c["year"], "as_dated")]
            if c["base_source"] == "stated" and c["year"] in years:
                readings += [(y, "alternative_year") for y in years if y != c["year"]]
            for year, reading in readings:
                if year >= gyear or (row["goal_type"] == "rate" and first
                                     and year < first[0] - 1):
                    continue
                n = gyear - year
                out = {"goal_id": goal_id, "indicator_zh": row["indicator_zh"],
                       "indicator_en": row["indicator_en"], "goal_type": row["goal_type"],
                       "base_source": c["base_source"],
                       "base_indicator_id": c["base_indicator_id"], "base_value": c["value"],
                       "base_low": c["low"], "base_high": c["high"], "base_unit": c["unit"],
                       "base_qualifier": c["qualifier"], "base_year": year,
                       "reading": reading, "years": n}
                target = to_base(goal["value"], goal["unit"]) / to_base(1, c["unit"])
                if row["goal_type"] == "level":
                    out.update(required_rate=growth.required_rate(c["value"], target, n),
                               required_low=growth.required_rate(c["high"], target, n)
                               if math.isfinite(c["high"]) else _NAN,
                               required_high=growth.required_rate(c["low"], target, n),
                               implied_level=_NAN, implied_low=_NAN, implied_high=_NAN)
                else:
                    factor = growth.multiplier(row["stated_rate"], n)
                    out.update(required_rate=_NAN, required_low=_NAN, required_high=_NAN,
                               implied_level=c["value"] * factor, implied_low=c["low"] * factor,
                               implied_high=c["high"] * factor
                               if math.isfinite(c["high"]) else _NAN)
                note = _note(c, reading, year, goal)
                out["note_key"], out["note_values"] = note["key"], note["values"]
                rows.append(out)
    frame = pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)
    frame.attrs = {"base_years": years}
    return frame
