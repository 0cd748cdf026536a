"""Why a goal of :func:`~kaili_analysis.analysis.targets.targets_table` gets its verdict, and
its 2016-2020 rates side by side, as keys of the word catalogue with their values.

A phrase is ``{"key": ..., "values": ...}`` (:func:`kaili_analysis.analysis.audit._base.phrase`);
:mod:`kaili_analysis.show.words.findings` writes it in either language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from kaili_analysis.analysis.audit._base import phrase

__all__ = ["explain", "history_words"]


def _level(value: float, unit: str) -> dict[str, Any]:
    """A level for running text, rounded to two decimals."""
    return {"value": round(float(value), 2), "unit": unit, "qualifier": "eq"}


def _rate(h: dict[str, Any]) -> dict[str, float]:
    """A 2016-2020 rate: a computed one to two decimals, a stated one as written."""
    return {"rate" if h["source"] == "computed" else "stated_rate": float(h["rate"])}


def history_words(history: list[dict[str, Any]]) -> dict[str, Any]:
    """The 2016-2020 rates of one goal side by side, each with where it comes from."""
    items = []
    for h in history:
        if h["source"] == "computed":
            items.append(phrase("goal.history.computed", rate=_rate(h),
                                start=_level(h["start"], h["unit"]),
                                end=_level(h["end"], h["unit"]), span={"span": h["span"]},
                                nominal=phrase("goal.history.nominal") if h["nominal"] else ""))
        elif h["source"] == "stated":
            items.append(phrase("finding.history.stated", rate=_rate(h)))
        else:
            items.append(phrase("goal.history.also_stated", rate=_rate(h)))
    return {"series": items, "sep": "list.separator"}


def _comparison(row: Mapping[str, Any]) -> dict[str, Any]:
    """The judgement against every 2016-2020 rate, with the gap to each."""
    req = row["required_rate"]
    gaps = []
    for h in row["history"]:
        gap = (req - h["rate"]) * 100
        gaps.append(phrase("goal.gap.level" if round(gap, 2) == 0 else "goal.gap.differs",
                           against=_rate(h), gap={"pp": gap}))
    one = "_one" if len(row["history"]) == 1 else ""
    key = ("goal.compare.history_disagrees" if row["verdict"] == "history_disagrees"
           else f"goal.compare.{row['verdict']}{one}")
    return phrase(key, gaps={"series": gaps, "sep": "goal.gap.sep"})


def _lead(row: Mapping[str, Any]) -> dict[str, Any]:
    """'The goal is …' (rate goals) or 'From <base> in <year> to <goal> needs …' (levels)."""
    if row["goal_type"] == "rate":
        return phrase("goal.lead.rate", goal=row["goal_words"],
                      period={"span": row["goal_period"]})
    return phrase("goal.lead.level", goal=row["goal_words"], base_year=int(row["base_year"]),
                  base=_level(row["base_value"], row["base_unit"]),
                  goal_year=int(row["goal_year"]), rate={"rate": row["required_rate"]})


def _available(row: Mapping[str, Any]) -> dict[str, Any] | str:
    years = row["base_years_available"]
    if not years:
        return ""
    return phrase("goal.available", years={"series": [int(y) for y in years],
                                           "sep": "list.separator"})


def explain(row: Mapping[str, Any]) -> dict[str, Any]:
    """The explanation of a row's verdict as a phrase.

    ``row`` holds the table's fields plus ``history`` (the list of 2016-2020 rates),
    ``goal_words`` (the goal with its direction) and ``base_years_available``.
    """
    verdict = row["verdict"]
    if verdict == "qualitative":
        return phrase("goal.explain.qualitative")
    goal = row["goal_words"]
    byear = int(row["base_year"])
    base = "" if math.isnan(row["base_value"]) else _level(row["base_value"], row["base_unit"])
    hist = history_words(row["history"])
    caveat = phrase("goal.caveat") if row["price_caveat"] else ""
    if verdict in {"already_met", "not_met"}:
        when = {"span": row["goal_period"]} if row["goal_period"] else int(row["goal_year"])
        return phrase(f"goal.explain.{verdict}", base_year=byear, base=base, when=when,
                      goal=goal)
    if verdict == "no_base":
        key = "goal.explain.no_base_share" if row["goal_type"] == "share" else \
            "goal.explain.no_base"
        return phrase(key, base_year=byear, available=_available(row), goal=goal,
                      goal_year=int(row["goal_year"]))
    if verdict == "no_history":
        return phrase("goal.explain.no_history", lead=_lead(row))
    if verdict in {"faster_than_history", "within_history", "history_disagrees"}:
        return phrase("goal.explain.history", lead=_lead(row), history=hist,
                      comparison=_comparison(row), caveat=caveat)
    # limits (at most): never a growth to reach
    if row["goal_type"] == "rate":
        goal = phrase("goal.limit.rate_goal", goal=goal, period={"span": row["goal_period"]})
    if verdict == "limit_no_history":
        return phrase("goal.limit.no_history", goal=goal)
    if verdict == "limit_no_base":
        return phrase("goal.limit.no_base", goal=goal, base_year=byear,
                      available=_available(row))
    seen = (phrase("goal.limit.seen_rates", history=hist) if row["goal_type"] == "rate"
            else phrase("goal.limit.seen_base", base_year=byear, base=base))
    return phrase(f"goal.limit.{verdict}", goal=goal, seen=seen, caveat=caveat)
