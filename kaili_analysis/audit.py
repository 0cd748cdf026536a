"""An audit of the article's own figures against each other.

:func:`run_audit` applies five families of checks across the whole dataset and returns one
tidy table of findings:

1. ``repeated_statement`` — rows of one ``concept`` (the same quantity) stated more than once
   for the same period, whose values (with their qualifiers: 以上, 余, 左右 …) cannot both hold.
2. ``growth_vs_levels`` — a stated average annual growth rate against the compound rate of
   the start and end levels the article gives for the same quantity (concept ``X_growth``
   against levels of concept ``X``), over the span the text implies; the spans of 1-10 years
   that would reconcile them are named.
3. ``parts_of_whole`` — shares the article writes as one ratio (a∶b∶c) must sum to 100.
4. ``implied_base`` — a goal that sets both a level and a rate implies a base; compared with
   the base the article reports.
5. ``goal_status`` — goals already met in the base year, and goals whose base is not in the
   article.

Verdicts are ``consistent``, ``inconsistent`` or ``unverifiable``. ``tolerance_pp`` (percentage
points) is the slack allowed wherever percentages or rates are compared.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import growth
from .datasets import load_indicators, load_targets
from .errors import ParameterError
from .i18n import fmt_number, fmt_value
from .quantities import admitted, meets, period_years, single_year

__all__ = ["AUDIT_COLUMNS", "run_audit"]

AUDIT_COLUMNS = ["check", "verdict", "indicator_ids", "stated", "computed", "difference",
                 "unit", "explanation_zh", "explanation_en", "quotes"]
_RATIO = re.compile(r"\d(?:∶|:)\d")


def _quotes(*rows: Mapping[str, Any]) -> str:
    seen: list[str] = []
    for r in rows:
        if r["quote"] not in seen:
            seen.append(r["quote"])
    return " ".join(f"「{q}」" for q in seen)


def _finding(check: str, verdict: str, ids: list[str], stated: float, computed: float,
             unit: str, zh: str, en: str, quotes: str) -> dict:
    diff = computed - stated if not (math.isnan(stated) or math.isnan(computed)) else math.nan
    return dict(check=check, verdict=verdict, indicator_ids=";".join(ids), stated=stated,
                computed=computed, difference=diff, unit=unit, explanation_zh=zh,
                explanation_en=en, quotes=quotes)


def _repeated(ind: pd.DataFrame, tol: float) -> list[dict]:
    out = []
    repeated = ind[ind["concept"].duplicated(keep=False)]
    for _, grp in repeated.groupby("concept", sort=False):
        # plain dicts: a Series per row costs a conversion of every (Arrow string) column
        for a, b in itertools.combinations(grp.to_dict("records"), 2):
            ya, yb = single_year(a["period"]), single_year(b["period"])
            if ya is not None and yb is not None and ya != yb:
                continue  # a time series, not a repetition
            if a["kind"] != b["kind"] and {a["kind"], b["kind"]} != {"level", "cumulative"}:
                continue
            same_unit = a["unit"] == b["unit"]
            va, vb = (a["value"], b["value"]) if same_unit else (a["value_base"], b["value_base"])
            lo_a, hi_a = admitted(va, a["qualifier"])
            lo_b, hi_b = admitted(vb, b["qualifier"])
            slack = tol if a["unit_base"] == "percent" else 0.0
            ok = max(lo_a, lo_b) <= min(hi_a, hi_b) + slack + 1e-9 * max(abs(va), abs(vb), 1)
            fa, fb = (fmt_value(r["value"], r["unit"], r["qualifier"]) for r in (a, b))
            ea, eb = (fmt_value(r["value"], r["unit"], r["qualifier"], "en") for r in (a, b))
            name_zh, name_en = a["indicator_zh"], a["indicator_en"]
            if ok:
                zh = f"{name_zh}两次表述（{fa}；{fb}）相互一致。"
                en = f"{name_en} is stated twice ({ea}; {eb}); the statements agree."
            else:
                zh = f"{name_zh}两次表述数值不同：{fa} 与 {fb}。"
                en = f"{name_en} is stated twice with different values: {ea} vs {eb}."
            out.append(_finding("repeated_statement", "consistent" if ok else "inconsistent",
                                [a["id"], b["id"]], va, vb,
                                a["unit"] if same_unit else a["unit_base"], zh, en,
                                _quotes(a, b)))
    return out


def _ordered_levels(rate: pd.Series, levels: pd.DataFrame) -> tuple[pd.Series, pd.Series, int]:
    """Start and end levels for a growth rate, and the number of years between them."""
    dated = levels[levels["period"].map(single_year).notna()]
    if dated["period"].nunique() >= 2:
        years = dated["period"].map(single_year)
        start, end = dated.loc[years.idxmin()], dated.loc[years.idxmax()]
        return start, end, int(years.max() - years.min())
    same = levels[levels["quote"] == rate["quote"]]
    span = period_years(rate["period"])
    if len(same) == 2 and span and span[1] > span[0]:
        pos = same["value_text"].map(lambda t: rate["quote"].find(t))
        start, end = same.loc[pos.idxmin()], same.loc[pos.idxmax()]
        return start, end, span[1] - span[0] + 1
    raise LookupError


def _growth(ind: pd.DataFrame, tol: float) -> list[dict]:
    out = []
    for _, rate in ind[ind["kind"] == "growth_rate"].iterrows():
        level_concept = re.sub(r"_growth$", "", rate["concept"])
        levels = ind[(ind["concept"] == level_concept) & (ind["kind"] == "level")
                     & (ind["qualifier"] == "eq")]
        stated = rate["value"]
        try:
            start, end, years = _ordered_levels(rate, levels)
        except LookupError:
            out.append(_finding(
                "growth_vs_levels", "unverifiable", [rate["id"]], stated, math.nan, "%",
                f"文中没有{rate['indicator_zh']}的起止值，无法核验年均增长{fmt_number(stated)}%。",
                f"The article gives no start and end levels of {rate['indicator_en']}: the "
                f"stated {fmt_number(stated)}% a year cannot be checked.", _quotes(rate)))
            continue
        computed = growth.cagr(start["value_base"], end["value_base"], years) * 100
        ok = abs(computed - stated) <= tol
        fits = [n for n in range(1, 11)
                if abs(growth.cagr(start["value_base"], end["value_base"], n) * 100 - stated)
                <= tol]
        a, b = (fmt_value(r["value"], r["unit"]) for r in (start, end))
        ea, eb = (fmt_value(r["value"], r["unit"], lang="en") for r in (start, end))
        span_zh = f"按{years}年计算（文中隐含的时段）"
        span_en = f"over {years} years (the span the text implies)"
        if ok:
            fit_zh = fit_en = ""
        elif fits:
            fit_zh = f"；若按{'、'.join(map(str, fits))}年计算则相符"
            fit_en = f"; a span of {', '.join(map(str, fits))} years would reconcile it"
        else:
            fit_zh = "；1-10年的任何时段都无法使其相符"
            fit_en = "; no span of 1-10 years reconciles it"
        verdict = "consistent" if ok else "inconsistent"
        zh = (f"{a}到{b}，{span_zh}年均增长{computed:.2f}%，文中称{fmt_number(stated)}%"
              f"{fit_zh}。")
        en = (f"{ea} to {eb} is {computed:.2f}% a year {span_en}; the article states "
              f"{fmt_number(stated)}%{fit_en}.")
        out.append(_finding("growth_vs_levels", verdict, [rate["id"], start["id"], end["id"]],
                            stated, computed, "%", zh, en, _quotes(rate, start, end)))
    return out


def _parts(ind: pd.DataFrame, tol: float) -> list[dict]:
    out = []
    shares = ind[(ind["kind"] == "share") & ind["quote"].str.contains(_RATIO)]
    for (_, period), grp in shares.groupby(["quote", "period"], sort=False):
        if len(grp) < 2:
            continue
        total = float(grp["value"].sum())
        ok = abs(total - 100) <= tol
        parts = "∶".join(fmt_number(v) for v in grp["value"])
        when = f"{period}年" if period else ""
        zh = f"{when}{parts}合计{fmt_number(total)}，{'等于' if ok else '不等于'}100。"
        en = (f"The parts {parts}{' (' + period + ')' if period else ''} sum to "
              f"{fmt_number(total)}, {'which is' if ok else 'not'} 100.")
        out.append(_finding("parts_of_whole", "consistent" if ok else "inconsistent",
                            list(grp["id"]), 100.0, total, "%", zh, en, _quotes(grp.iloc[0])))
    return out


def _implied(ind: pd.DataFrame, goals: pd.DataFrame, tol: float, base_year: int) -> list[dict]:
    out = []
    by_id = goals.set_index("id", drop=False)
    for _, level in goals[(goals["goal_type"] == "level") & (goals["pair_id"] != "")].iterrows():
        rate = by_id.loc[level["pair_id"]]
        base_id = level["base_indicator_id"] or rate["base_indicator_id"]
        if rate["goal_type"] != "rate" or not base_id:
            continue
        base = ind.loc[base_id]
        target = ind.loc[level["indicator_id"]]
        span = period_years(target["period"])
        end_year = span[1] if span else base_year + 5
        years = end_year - base_year
        r = rate["value"] / 100
        implied = growth.implied_base(target["value_base"], r, years)
        required = growth.required_rate(base["value_base"], target["value_base"], years) * 100
        ok = abs(required - rate["value"]) <= tol
        factor = base["value_base"] / base["value"]
        implied_written = implied / factor
        zh = (f"{fmt_value(target['value'], target['unit'], target['qualifier'])}且年均增长"
              f"{fmt_number(rate['value'])}%，隐含{base_year}年基数"
              f"{fmt_number(round(implied_written, 2))}{base['unit']}，而文中为"
              f"{fmt_number(base['value'])}{base['unit']}（由此只需年均{required:.2f}%）。")
        goal_en = fmt_value(target["value"], target["unit"], target["qualifier"], "en")
        en = (f"A goal of {goal_en} at {fmt_number(rate['value'])}% a year implies a "
              f"{base_year} base of {fmt_value(round(implied_written, 2), base['unit'], lang='en')}"
              f"; the article reports {fmt_value(base['value'], base['unit'], lang='en')} "
              f"(which needs only {required:.2f}% a year).")
        out.append(_finding("implied_base", "consistent" if ok else "inconsistent",
                            [level["indicator_id"], rate["indicator_id"], base_id],
                            base["value"], implied_written, base["unit"], zh, en,
                            _quotes(target, ind.loc[rate["indicator_id"]], base)))
    return out


def _status(ind: pd.DataFrame, goals: pd.DataFrame, base_year: int) -> list[dict]:
    out = []
    for _, goal in goals[goals["goal_type"] != "qualitative"].iterrows():
        target = ind.loc[goal["indicator_id"]]
        text = fmt_value(target["value"], target["unit"], target["qualifier"])
        text_en = fmt_value(target["value"], target["unit"], target["qualifier"], "en")
        base_id = goal["base_indicator_id"]
        if not base_id:
            linked = goal["history_rate_indicator_id"]
            extra_zh = "（文中只有“十三五”增速可比）" if linked else ""
            extra_en = " (only a 2016-2020 rate is given)" if linked else ""
            out.append(_finding(
                "goal_status", "unverifiable", [goal["indicator_id"]], target["value"],
                math.nan, target["unit"],
                f"目标“{goal['goal_zh']}”（{text}）：文中没有{base_year}年基期值{extra_zh}。",
                f"Goal '{goal['goal_en']}' ({text_en}): the article gives no {base_year} "
                f"base{extra_en}.", _quotes(target)))
            continue
        base = ind.loc[base_id]
        if (target["unit_base"] == base["unit_base"]
                and meets(base["value"], target["value"], target["qualifier"])):
            btext = fmt_value(base["value"], base["unit"])
            btext_en = fmt_value(base["value"], base["unit"], lang="en")
            out.append(_finding(
                "goal_status", "consistent", [goal["indicator_id"], base_id], target["value"],
                base["value"], target["unit"],
                f"目标“{goal['goal_zh']}”（{text}）在{base_year}年已达到（{btext}）。",
                f"Goal '{goal['goal_en']}' ({text_en}) was already met in {base_year} "
                f"({btext_en}).", _quotes(target, base)))
    return out


def run_audit(
    tolerance_pp: float = 0.5,
    *,
    base_year: int = 2020,
    data_dir: str | os.PathLike[str] | None = None,
    indicators: pd.DataFrame | None = None,
    goals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Check the article's figures against each other.

    Parameters
    ----------
    tolerance_pp
        Slack in percentage points wherever percentages or rates are compared (≥ 0, < 100).
    base_year
        The year the 2021-2025 goals start from.
    data_dir
        Another copy of the data directory.
    indicators, goals
        Tables shaped like :func:`load_indicators` and :func:`load_targets`, to audit data
        other than the loaded copy (both default to the loaded tables).

    Returns
    -------
    pandas.DataFrame
        One finding per row: check, verdict, indicator_ids (``;``-separated), stated,
        computed, difference (computed − stated), unit, explanation_zh, explanation_en,
        quotes (each in 「」). Inconsistent findings first within each check.

    Raises
    ------
    ParameterError
        If ``tolerance_pp`` is not a number in [0, 100).
    """
    if (isinstance(tolerance_pp, bool) or not isinstance(tolerance_pp, int | float)
            or not 0 <= tolerance_pp < 100):
        raise ParameterError(
            f"tolerance_pp must be a number of percentage points in [0, 100), got "
            f"{tolerance_pp!r}"
        )
    ind = indicators if indicators is not None else load_indicators(data_dir)
    goal_frame = goals if goals is not None else load_targets(data_dir)
    by_id = ind.set_index("id", drop=False)
    rows = (_repeated(ind, tolerance_pp) + _growth(ind, tolerance_pp) + _parts(ind, tolerance_pp)
            + _implied(by_id, goal_frame, tolerance_pp, base_year)
            + _status(by_id, goal_frame, base_year))
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    order = {c: i for i, c in enumerate(["repeated_statement", "growth_vs_levels",
                                         "parts_of_whole", "implied_base", "goal_status"])}
    rank = {"inconsistent": 0, "unverifiable": 1, "consistent": 2}
    frame = frame.assign(_c=frame["check"].map(order), _v=frame["verdict"].map(rank))
    frame = frame.sort_values(["_c", "_v"], kind="stable").drop(columns=["_c", "_v"])
    frame = frame.reset_index(drop=True)
    frame.attrs = {"tolerance_pp": tolerance_pp, "base_year": base_year,
                   "data_version": ind.attrs.get("data_version", "")}
    return frame
