"""Forward goals, reported apart from claims (``subject`` = ``goal``, check ``goal_status``).

A goal for 2021-2025 is not a statement about what happened, so it is neither true nor false;
the audit says what the article lets one say about each numeric goal, in the targets report's
words: ``already_met`` / ``not_met`` at the base year, ``faster_than_history`` /
``within_history`` (the rate it needs against every 2016-2020 rate the article gives),
``history_disagrees`` (faster than some of those rates, no faster than others, as in the
targets report), ``no_history`` (a rate is
stated or required, but the article gives no 2016-2020 rate), ``no_base`` (a level or share
goal whose base-year level the article does not give).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from kaili_analysis.analysis import growth
from kaili_analysis.analysis.audit._base import amount, finding, phrase, rate, root, stated_rate
from kaili_analysis.analysis.audit.rates import history_phrase, rate_history
from kaili_analysis.data.quantities import meets, period_years


def _history(goal: dict, ind: pd.DataFrame) -> tuple[float, str]:
    """The 2016-2020 rate linked to a goal (a fraction) and how it was found."""
    if goal["history_rate_indicator_id"]:
        return float(ind.loc[goal["history_rate_indicator_id"], "value"]) / 100, "stated"
    concept = root(ind.loc[goal["base_indicator_id"], "concept"]) if goal[
        "base_indicator_id"] else ""
    hist = rate_history(ind.reset_index(drop=True), concept) if concept else pd.DataFrame()
    levels = hist[hist["source"] == "levels"] if len(hist) else hist
    if len(levels):
        return float(levels["rate"].iloc[0]), "levels"
    return math.nan, ""


def goal_status(ind: pd.DataFrame, goals: pd.DataFrame, base_year: int) -> list[dict[str, Any]]:
    """One finding per numeric goal; ``ind`` is indexed by id (with an ``id`` column)."""
    out = []
    for goal in goals[goals["goal_type"] != "qualitative"].to_dict("records"):
        target = ind.loc[goal["indicator_id"]].to_dict()
        base = (ind.loc[goal["base_indicator_id"]].to_dict()
                if goal["base_indicator_id"] else None)
        if base is not None and (
                (period_years(base["period"]) or (0, 0))[1] != base_year
                or (goal["goal_type"] != "rate" and base["unit_base"] != target["unit_base"])):
            base = None
        span = period_years(target["period"])
        years = (span[1] if span else base_year + 5) - base_year
        out.append(_judge(goal, target, base, years, base_year, ind))
    return out


def _judge(goal: dict, target: dict, base: dict | None, years: int, base_year: int,
           ind: pd.DataFrame) -> dict[str, Any]:
    gtype = goal["goal_type"]
    named = {"zh": goal["goal_zh"], "en": goal["goal_en"], "style": "quote"}
    recs = [target] + ([base] if base is not None else [])
    kw: dict[str, Any] = {"stated": target["value"], "stated_unit": target["unit"],
                          "stated_qualifier": target["qualifier"], "subject": "goal"}
    group = root(target["concept"])
    concept = root(base["concept"]) if base is not None else ""
    if gtype in {"level", "share"} and base is None:
        return finding("goal_status", "no_base", recs, group, **kw, words=phrase(
            "finding.goal.no_base", goal=named, year=base_year))
    need_words: dict[str, Any] | None = None
    if base is not None and gtype in {"level", "share"}:
        kw.update(computed=base["value"], computed_unit=base["unit"])
        if meets(base["value"], target["value"], target["qualifier"]):
            return finding("goal_status", "already_met", recs, group, **kw, words=phrase(
                "finding.goal.already_met", goal=named, year=base_year, base=amount(base)))
        if gtype == "share":
            return finding("goal_status", "not_met", recs, group, **kw, words=phrase(
                "finding.goal.not_met", goal=named, year=base_year, base=amount(base)))
        need = growth.required_rate(base["value_base"], target["value_base"], years)
        need_words = {"year": base_year, "base": amount(base), "rate": rate(need)}
        # a level goal: what it requires, computed from the base
        kw.update(computed=need, computed_unit="fraction", computed_qualifier="eq")
    else:  # a rate goal: its own words say the rate
        need = target["value"] / 100
    history, source = _history(goal, ind)
    if goal["history_rate_indicator_id"]:
        rec = ind.loc[goal["history_rate_indicator_id"]].to_dict()
        recs.append(rec)
        concept = root(rec["concept"])
    if math.isnan(history):
        then = phrase("finding.goal.need_then", **need_words) if need_words else ""
        return finding("goal_status", "no_history", recs, group, **kw, words=phrase(
            "finding.goal.no_history", goal=named, need=then))
    rates = (list(rate_history(ind.reset_index(drop=True), concept)["rate"]) if concept
             else []) or [history]
    faster, within = need > max(rates), need <= min(rates)
    above = need > history  # the words compare with the first rate, the verdict with all
    verdict = ("faster_than_history" if faster else "within_history" if within
               else "history_disagrees")
    words = {"goal": named, "past": stated_rate(history) if source == "stated"
             else rate(history), "how": phrase(f"finding.goal.how_{source}"),
             "sides": (phrase("finding.goal.sides", rates=sides)
                       if (sides := history_phrase(ind.reset_index(drop=True), concept))
                       else ""),
             "disagree": (phrase("finding.goal.disagree") if verdict == "history_disagrees"
                          else "")}
    if need_words:
        words = phrase("finding.goal.level", **words, need=phrase("finding.goal.need",
                                                                   **need_words),
                       compare=phrase("finding.goal.faster" if above
                                      else "finding.goal.no_faster"))
    else:
        words = phrase("finding.goal.rate", **words,
                       compare=phrase("finding.goal.above" if above else "finding.goal.not_above"),
                       so=phrase("finding.goal.so_faster") if faster else "")
        kw.update(computed=history, computed_unit="fraction")
    return finding("goal_status", verdict, recs, group, **kw, words=words)
