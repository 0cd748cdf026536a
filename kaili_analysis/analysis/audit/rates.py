"""Checks of growth rates against levels.

* ``growth_vs_levels`` — a stated average annual rate (concept ``X_growth``) against the
  compound rate of the start and end levels of ``X``. Levels in yuan are at current prices,
  while Chinese statistics state growth of output and value added at comparable prices: where
  the gap is what a yearly price change of at most ``price_pp`` points would make, the verdict
  is ``price_basis`` (the article does not say which prices it uses), not ``inconsistent``.
* ``implied_start`` — a rate over a span stated together with the level the span ends at
  implies the level it started from; compared with the start level the article states
  elsewhere (14.08 % a year for five years ending at 30余亿 starts at 15.5-20.7亿).
* ``implied_base`` — a goal that sets both a level and a rate implies a base; compared with the
  base the article reports and with its other statements of that level.

:func:`rate_history` lists every 2016-2020 rate the article gives or implies for a quantity.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kaili_analysis.analysis import growth
from kaili_analysis.analysis.audit._base import (
    Rec,
    amount,
    finding,
    name,
    phrase,
    quantity_name,
    root,
    stated_rate,
)
from kaili_analysis.analysis.audit._base import rate as rate_value
from kaili_analysis.data.quantities import admitted, period_years, single_year

__all__ = ["history_phrase", "rate_history"]

#: The spans (years) tried for a rate that its levels do not give.
_SPANS = tuple(range(1, 11))


def _dated_levels(ind: pd.DataFrame, concept: str) -> pd.DataFrame:
    levels = ind[(ind["concept"] == concept) & (ind["kind"] == "level")
                 & (ind["qualifier"] == "eq")]
    return levels[levels["period"].map(single_year).notna()]


def _ordered_levels(rate: Rec, ind: pd.DataFrame) -> tuple[Rec, Rec, int]:
    """Start and end levels for a growth rate, and the number of years between them."""
    concept = root(rate["concept"])
    dated = _dated_levels(ind, concept)
    if dated["period"].nunique() >= 2:
        years = dated["period"].map(single_year)
        start, end = dated.loc[years.idxmin()], dated.loc[years.idxmax()]
        return start.to_dict(), end.to_dict(), int(years.max() - years.min())
    levels = ind[(ind["concept"] == concept) & (ind["kind"] == "level")
                 & (ind["qualifier"] == "eq")]
    same = levels[levels["quote"] == rate["quote"]]
    span = period_years(rate["period"])
    if len(same) == 2 and span and span[1] > span[0]:
        pos = same["value_text"].map(lambda t: rate["quote"].find(t))
        start, end = same.loc[pos.idxmin()], same.loc[pos.idxmax()]
        return start.to_dict(), end.to_dict(), span[1] - span[0] + 1
    raise LookupError


def rate_history(ind: pd.DataFrame, concept: str) -> pd.DataFrame:
    """Every average annual rate the article gives or implies for one quantity.

    Parameters
    ----------
    ind
        :func:`~kaili_analysis.load_indicators`.
    concept
        The quantity (``agri_output``); its rates are the ``growth_rate`` rows of
        ``<concept>_growth``.

    Returns
    -------
    pandas.DataFrame
        One row per rate, in the article's order, the rate computed from levels after the
        first stated one: ``source`` (``stated`` or ``levels``), ``rate`` (a fraction),
        ``period``, ``indicator_ids``, ``current_prices`` (True for a rate from levels in
        yuan), ``quote``. Empty if the article gives none.
    """
    rows = []
    for rate in ind[(ind["concept"] == f"{concept}_growth")
                    & (ind["kind"] == "growth_rate")].to_dict("records"):
        rows.append({"source": "stated", "rate": float(rate["value"]) / 100,
                     "period": rate["period"], "indicator_ids": rate["id"],
                     "current_prices": False, "quote": rate["quote"]})
    dated = _dated_levels(ind, concept)
    if dated["period"].nunique() >= 2:
        years = dated["period"].map(single_year)
        start, end = dated.loc[years.idxmin()], dated.loc[years.idxmax()]
        n = int(years.max() - years.min())
        rows.insert(min(1, len(rows)), {
            "source": "levels",
            "rate": growth.cagr(start["value_base"], end["value_base"], n),
            "period": f"{int(years.min()) + 1}-{int(years.max())}",
            "indicator_ids": f"{start['id']};{end['id']}",
            "current_prices": start["unit_base"] == "yuan",
            "quote": start["quote"] if start["quote"] == end["quote"]
            else f"{start['quote']} {end['quote']}"})
    return pd.DataFrame(rows, columns=["source", "rate", "period", "indicator_ids",
                                       "current_prices", "quote"])


def history_phrase(ind: pd.DataFrame, concept: str) -> dict[str, Any] | str:
    """The rates of :func:`rate_history` side by side as a phrase value (a list of
    ``finding.history.*`` phrases), or '' if there are fewer than two (see
    :mod:`kaili_analysis.show.words.findings`)."""
    hist = rate_history(ind, concept)
    if len(hist) < 2:
        return ""
    items = []
    for row in hist.itertuples():
        if row.source == "stated":
            items.append(phrase("finding.history.stated", rate=stated_rate(row.rate)))
        else:
            key = "levels_current" if row.current_prices else "levels"
            items.append(phrase(f"finding.history.{key}", rate=rate_value(row.rate)))
    return {"list": items}


def _price_change(nominal: float, stated: float) -> float:
    """The yearly price change (a fraction) that turns ``stated`` into ``nominal`` growth."""
    return (1 + nominal) / (1 + stated) - 1


def growth_vs_levels(ind: pd.DataFrame, tol: float, price_pp: float) -> list[dict[str, Any]]:
    """Findings of ``growth_vs_levels`` (see the module docstring)."""
    out = []
    for rate in ind[ind["kind"] == "growth_rate"].to_dict("records"):
        stated = rate["value"]
        group = root(rate["concept"])
        try:
            start, end, years = _ordered_levels(rate, ind)
        except LookupError:
            recs = ind.to_dict("records")
            named = {lang: quantity_name(recs, rate, lang) for lang in ("zh", "en")}
            out.append(finding(
                "growth_vs_levels", "unverifiable", [rate], group,
                words=phrase("finding.growth.unverifiable", name={**named, "style": "mid"},
                             stated=stated_rate(stated / 100)),
                stated=stated, stated_unit="%", computed_unit="%", tolerance=tol,
                tolerance_unit="pp"))
            continue
        computed = growth.cagr(start["value_base"], end["value_base"], years) * 100
        money = start["unit_base"] == "yuan"
        verdict, words = _judge_growth(rate, start, end, years, computed, tol, price_pp, money)
        out.append(finding("growth_vs_levels", verdict, [rate, start, end], group,
                           words=words, stated=stated, stated_unit="%", computed=computed,
                           computed_unit="%", tolerance=tol, tolerance_unit="pp"))
    return out


def _judge_growth(rate: Rec, start: Rec, end: Rec, years: int, computed: float, tol: float,
                  price_pp: float, money: bool) -> tuple[str, dict[str, Any]]:
    stated = rate["value"]
    head = phrase("finding.growth.head", a=amount(start), b=amount(end), years=years,
                  computed=rate_value(computed / 100), stated=stated_rate(stated / 100),
                  prices=phrase("finding.growth.current_prices") if money else "")
    if abs(computed - stated) <= tol:
        return "consistent", phrase("finding.growth.agree", head=head)
    price = _price_change(computed / 100, stated / 100)
    move = phrase("finding.growth.rise" if price > 0 else "finding.growth.fall")
    if money and abs(price * 100) <= price_pp:
        return "price_basis", phrase("finding.growth.price_basis", head=head, move=move,
                                     price=rate_value(abs(price)), price_pp=float(price_pp))
    fits = [n for n in _SPANS
            if abs(growth.cagr(start["value_base"], end["value_base"], n) * 100 - stated)
            <= tol]
    prices = (phrase("finding.growth.price_too_large", move=move, price=rate_value(abs(price)),
                     price_pp=float(price_pp)) if money else "")
    if fits:
        return "inconsistent", phrase("finding.growth.disagree_fits", head=head, prices=prices,
                                      years={"series": fits, "sep": "finding.sep.and_list"})
    return "inconsistent", phrase("finding.growth.disagree_no_fit", head=head, prices=prices,
                                  shortest=_SPANS[0], longest=_SPANS[-1])


def implied_start(ind: pd.DataFrame, tol: float, price_pp: float) -> list[dict[str, Any]]:
    """Findings of ``implied_start`` (see the module docstring)."""
    out = []
    for rate in ind[ind["kind"] == "growth_rate"].to_dict("records"):
        span = period_years(rate["period"])
        if not span or span[1] <= span[0]:
            continue
        concept = root(rate["concept"])
        levels = ind[(ind["concept"] == concept) & (ind["kind"] == "level")]
        inside = levels[levels["quote"].map(lambda q, r=rate["quote"]: q in r).astype(bool)]
        # a level stated with a rate over a span is where the span ends (unless dated otherwise)
        ends = inside[(inside["period"].map(single_year) == span[1])
                      | inside["period"].isin(["", rate["period"]])]
        if len(inside) != 1 or len(ends) != 1:
            continue  # no end level in the sentence, or the sentence gives both levels
        end = ends.iloc[0].to_dict()
        if end["value_base"] <= 0 or end["value"] <= 0:
            continue
        starts = levels[(levels["period"].map(single_year) == span[0] - 1)
                        & (levels["qualifier"] == "eq")]
        if starts.empty:
            continue
        start = starts.iloc[0].to_dict()
        out.append(_judge_start(rate, end, start, span[1] - span[0] + 1, tol, price_pp))
    return out


def _judge_start(rate: Rec, end: Rec, start: Rec, n: int, tol: float,
                 price_pp: float) -> dict[str, Any]:
    r = rate["value"]
    lo_end, hi_end = admitted(end["value"], end["qualifier"])
    low, high = lo_end / (1 + r / 100) ** n, hi_end / (1 + r / 100) ** n
    money = end["unit_base"] == "yuan"

    # the start in the end's unit (both are usually written in the same unit)
    s = start["value_base"] * end["value"] / end["value_base"]

    def admits(slack: float) -> bool:
        return (lo_end / (1 + (r + slack) / 100) ** n <= s
                <= hi_end / (1 + max(r - slack, -99.0) / 100) ** n)

    unit = end["unit"]
    ok_exact = admits(tol)
    ok_price = money and admits(tol + price_pp)
    verdict = "consistent" if ok_exact else "price_basis" if ok_price else "inconsistent"
    head = phrase("finding.start.head", name=name(end, "mid"), end=amount(end),
                  rate=stated_rate(r / 100), years=n,
                  range={"low": low, "high": high, "unit": unit}, start=amount(start),
                  period=start["period"])
    if verdict == "consistent":
        words = phrase("finding.start.agree", head=head)
    elif verdict == "price_basis":
        words = phrase("finding.start.price_basis", head=head, price_pp=float(price_pp))
    else:
        allowance = phrase("finding.start.allowance", tol=float(tol), prices=phrase(
            "finding.start.allowance_prices", price_pp=float(price_pp)) if money else "")
        words = phrase("finding.start.disagree", head=head, allowance=allowance)
    return finding("implied_start", verdict, [rate, end, start], root(rate["concept"]),
                   words=words, stated=s, stated_unit=unit, computed_unit=unit,
                   low=low, high=high, tolerance=tol, tolerance_unit="pp")


def implied_base(ind: pd.DataFrame, goals: pd.DataFrame, tol: float,
                 base_year: int) -> list[dict[str, Any]]:
    """Findings of ``implied_base`` (see the module docstring); ``ind`` is indexed by id."""
    out = []
    by_id = goals.set_index("id", drop=False)
    for level in goals[(goals["goal_type"] == "level") & (goals["pair_id"] != "")].to_dict(
            "records"):
        rate = by_id.loc[level["pair_id"]]
        base_id = level["base_indicator_id"] or rate["base_indicator_id"]
        if rate["goal_type"] != "rate" or not base_id:
            continue
        base, target = ind.loc[base_id].to_dict(), ind.loc[level["indicator_id"]].to_dict()
        span = period_years(target["period"])
        years = (span[1] if span else base_year + 5) - base_year
        implied = growth.implied_base(target["value_base"], rate["value"] / 100, years)
        required = growth.required_rate(base["value_base"], target["value_base"], years)
        ok = abs(required * 100 - rate["value"]) <= tol
        written = implied / (base["value_base"] / base["value"])
        others = [r for r in ind[(ind["concept"] == base["concept"])
                                 & (ind["period"] == base["period"])
                                 & (ind["id"] != base_id)].to_dict("records")
                  if admitted(r["value"], r["qualifier"])[0] <= written
                  <= admitted(r["value"], r["qualifier"])[1]]
        rate_rec = ind.loc[rate["indicator_id"]].to_dict()
        floors = target["qualifier"] == rate_rec["qualifier"] == "ge"
        agree = ("finding.base.agree" if ok else "finding.base.floors" if floors else "")
        words = phrase(
            "finding.base.implied", target=amount(target), rate=amount(rate_rec),
            year=base_year, implied=amount(base, round(written, 2)), base=amount(base),
            required=rate_value(required), agree=phrase(agree) if agree else "",
            other=phrase("finding.base.other", others={
                "series": [amount(r) for r in others], "sep": "finding.sep.and_list"})
            if not ok and others else "")
        recs = [target, rate_rec, base, *others]
        out.append(finding("implied_base", "consistent" if ok else "inconsistent", recs,
                           root(base["concept"]), words=words, stated=base["value"],
                           stated_unit=base["unit"], computed=written,
                           computed_unit=base["unit"], tolerance=tol, tolerance_unit="pp"))
    return out
