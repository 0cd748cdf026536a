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
    amount_range,
    amount_words,
    bare,
    finding,
    join_words,
    mid,
    pct,
    quantity_name,
    root,
)
from kaili_analysis.data.quantities import admitted, period_years, single_year
from kaili_analysis.show.words.formats import fmt_number

__all__ = ["rate_history"]


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
        first stated one: ``source`` (``stated`` or ``levels``), ``rate`` (percent),
        ``period``, ``indicator_ids``, ``current_prices`` (True for a rate from levels in
        yuan), ``quote``. Empty if the article gives none.
    """
    rows = []
    for rate in ind[(ind["concept"] == f"{concept}_growth")
                    & (ind["kind"] == "growth_rate")].to_dict("records"):
        rows.append({"source": "stated", "rate": float(rate["value"]),
                     "period": rate["period"], "indicator_ids": rate["id"],
                     "current_prices": False, "quote": rate["quote"]})
    dated = _dated_levels(ind, concept)
    if dated["period"].nunique() >= 2:
        years = dated["period"].map(single_year)
        start, end = dated.loc[years.idxmin()], dated.loc[years.idxmax()]
        n = int(years.max() - years.min())
        rows.insert(min(1, len(rows)), {
            "source": "levels",
            "rate": growth.cagr(start["value_base"], end["value_base"], n) * 100,
            "period": f"{int(years.min()) + 1}-{int(years.max())}",
            "indicator_ids": f"{start['id']};{end['id']}",
            "current_prices": start["unit_base"] == "yuan",
            "quote": start["quote"] if start["quote"] == end["quote"]
            else f"{start['quote']} {end['quote']}"})
    return pd.DataFrame(rows, columns=["source", "rate", "period", "indicator_ids",
                                       "current_prices", "quote"])


def history_words(ind: pd.DataFrame, concept: str, lang: str) -> str:
    """The rates of :func:`rate_history` side by side in words, or '' if there are fewer
    than two: '6%（文中所述）、7.00%（由起止值按现价计算）和14.08%（文中所述）'."""
    hist = rate_history(ind, concept)
    if len(hist) < 2:
        return ""
    words = []
    for row in hist.itertuples():
        if row.source == "stated":
            words.append(f"{fmt_number(row.rate)}%（文中所述）" if lang == "zh"
                         else f"{fmt_number(row.rate)}% (stated)")
        else:
            prices = ("按现价" if lang == "zh" else ", at current prices") if (
                row.current_prices) else ""
            words.append(f"{pct(row.rate)}（由起止值{prices}计算）" if lang == "zh"
                         else f"{pct(row.rate)} (from the levels{prices})")
    return join_words(words, lang)


def _price_change(nominal_pct: float, stated_pct: float) -> float:
    """The yearly price change (percent) that turns ``stated`` into ``nominal`` growth."""
    return ((1 + nominal_pct / 100) / (1 + stated_pct / 100) - 1) * 100


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
            out.append(finding(
                "growth_vs_levels", "unverifiable", [rate], group,
                zh=f"文中没有{quantity_name(recs, rate, 'zh')}的起止值，无法核验所说的年均增长"
                   f"{fmt_number(stated)}%。",
                en=f"The article gives no start and end levels of "
                   f"{quantity_name(recs, rate, 'en')}: the stated {fmt_number(stated)}% a "
                   "year cannot be checked.",
                stated=stated, stated_unit="%", computed_unit="%", tolerance=tol,
                tolerance_unit="pp"))
            continue
        computed = growth.cagr(start["value_base"], end["value_base"], years) * 100
        money = start["unit_base"] == "yuan"
        verdict, zh, en = _judge_growth(rate, start, end, years, computed, tol, price_pp,
                                        money)
        out.append(finding("growth_vs_levels", verdict, [rate, start, end], group, zh=zh,
                           en=en, stated=stated, stated_unit="%", computed=computed,
                           computed_unit="%", tolerance=tol, tolerance_unit="pp"))
    return out


def _judge_growth(rate: Rec, start: Rec, end: Rec, years: int, computed: float, tol: float,
                  price_pp: float, money: bool) -> tuple[str, str, str]:
    stated = rate["value"]
    a, b = amount_words(start), amount_words(end)
    ea, eb = amount_words(start, "en"), amount_words(end, "en")
    head_zh = (f"从{a}到{b}，按{years}年（文中隐含的时段）计算，年均增长{pct(computed)}"
               f"{'（按现价）' if money else ''}，文中称{fmt_number(stated)}%")
    head_en = (f"Growth from {ea} to {eb} over {years} years (the span the text implies) is "
               f"{pct(computed)} a year{' at current prices' if money else ''}; the article "
               f"states {fmt_number(stated)}%")
    if abs(computed - stated) <= tol:
        return "consistent", f"{head_zh}，两者相符。", f"{head_en}: they agree."
    price = _price_change(computed, stated)
    if money and abs(price) <= price_pp:
        direction_zh = "上涨" if price > 0 else "下降"
        direction_en = "rise" if price > 0 else "fall"
        return ("price_basis",
                f"{head_zh}。文中的增速很可能按可比价格计算，而起止值是现价：两者之差相当于"
                f"价格每年{direction_zh}{pct(abs(price))}，在{fmt_number(price_pp)}个百分点以内，"
                "可以由价格变动解释。文中没有说明价格口径，无法确认。",
                f"{head_en}, probably at comparable prices, while the levels are at current "
                f"prices. The gap is what prices that {direction_en} {pct(abs(price))} a year "
                f"would make, within {fmt_number(price_pp)} percentage points, so a price "
                "effect can explain it; the article does not say which prices it uses.")
    fits = [n for n in range(1, 11)
            if abs(growth.cagr(start["value_base"], end["value_base"], n) * 100 - stated)
            <= tol]
    if fits:
        fit_zh = f"若按{'、'.join(map(str, fits))}年计算则相符"
        fit_en = f"a span of {', '.join(map(str, fits))} years would reconcile it"
    else:
        fit_zh, fit_en = "1至10年中任何年数都无法使其相符", "no span of 1-10 years reconciles it"
    if money:
        fit_zh += (f"；即使考虑价格因素，也需价格每年{'上涨' if price > 0 else '下降'}"
                   f"{pct(abs(price))}，超出{fmt_number(price_pp)}个百分点")
        fit_en += (f"; a price effect would need prices to {'rise' if price > 0 else 'fall'} "
                   f"{pct(abs(price))} a year, more than {fmt_number(price_pp)} percentage "
                   "points")
    return "inconsistent", f"{head_zh}；{fit_zh}。", f"{head_en}; {fit_en}."


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
    rng_zh, rng_en = amount_range(low, high, unit, "zh"), amount_range(low, high, unit, "en")
    head_zh = (f"文中称{bare(end['indicator_zh'])}达{amount_words(end)}、年均增长"
               f"{fmt_number(r)}%：按{n}年倒推，起点应为{rng_zh}，而文中的起点为"
               f"{amount_words(start)}（{start['period']}年）")
    head_en = (f"The article says {mid(bare(end['indicator_en']))} reached "
               f"{amount_words(end, 'en')}, growing {fmt_number(r)}% a year: {n} years "
               f"earlier it would have been {rng_en}, but the article gives "
               f"{amount_words(start, 'en')} ({start['period']})")
    allowance_zh = f"±{fmt_number(tol)}个百分点的误差" + (
        f"和每年最多{fmt_number(price_pp)}个百分点的价格变化" if money else "")
    allowance_en = f"±{fmt_number(tol)} percentage points" + (
        f" and a price change of up to {fmt_number(price_pp)} points a year" if money else "")
    if verdict == "consistent":
        zh, en = f"{head_zh}，两者相符。", f"{head_en}: they agree."
    elif verdict == "price_basis":
        zh = f"{head_zh}；考虑价格口径（每年最多{fmt_number(price_pp)}个百分点）后可以相符。"
        en = (f"{head_en}; a price change of up to {fmt_number(price_pp)} points a year "
              "would reconcile them.")
    else:
        zh = f"{head_zh}；即使允许{allowance_zh}，仍不能相符。"
        en = f"{head_en}; even allowing {allowance_en}, they do not agree."
    return finding("implied_start", verdict, [rate, end, start], root(rate["concept"]),
                   zh=zh, en=en, stated=s, stated_unit=unit, computed_unit=unit,
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
        required = growth.required_rate(base["value_base"], target["value_base"], years) * 100
        ok = abs(required - rate["value"]) <= tol
        written = implied / (base["value_base"] / base["value"])
        others = [r for r in ind[(ind["concept"] == base["concept"])
                                 & (ind["period"] == base["period"])
                                 & (ind["id"] != base_id)].to_dict("records")
                  if admitted(r["value"], r["qualifier"])[0] <= written
                  <= admitted(r["value"], r["qualifier"])[1]]
        rate_rec = ind.loc[rate["indicator_id"]].to_dict()
        implied_rec = {**base, "value": round(written, 2), "qualifier": "eq"}
        zh = (f"目标{amount_words(target)}、年均增长{amount_words(rate_rec)}，隐含{base_year}年基数"
              f"{amount_words(implied_rec)}，而文中为{amount_words(base)}（由此到目标只需年均增长"
              f"{pct(required)}）。")
        en = (f"A goal of {amount_words(target, 'en')} with growth of "
              f"{amount_words(rate_rec, 'en')} a year implies a {base_year} base of "
              f"{amount_words(implied_rec, 'en')}; the article reports "
              f"{amount_words(base, 'en')} (from which the goal needs only {pct(required)} a "
              "year).")
        if ok:
            zh += "两者相符。"
            en += " They agree."
        elif target["qualifier"] == rate_rec["qualifier"] == "ge":
            zh += ("两个目标都是下限（以上），同时达到并无矛盾；但规划中的总量目标和增速目标"
                   "通常描述同一条路径，这两个目标描述的路径起点与文中的基数不符。")
            en += (" Both goals are floors, so both can be met; but a plan's level and rate "
                   "goals normally describe one path, and this one starts from another base "
                   "than the article's.")
        if not ok and others:
            zh += ("隐含的基数与文中另一处的说法（" + "、".join(amount_words(r) for r in others)
                   + "）相符：两个目标可能是按那个数值制定的。")
            en += (" The implied base fits the article's other statement of the level ("
                   + ", ".join(amount_words(r, "en") for r in others)
                   + "): the goals may have been set from that figure.")
        recs = [target, rate_rec, base, *others]
        out.append(finding("implied_base", "consistent" if ok else "inconsistent", recs,
                           root(base["concept"]), zh=zh, en=en, stated=base["value"],
                           stated_unit=base["unit"], computed=written,
                           computed_unit=base["unit"], tolerance=tol, tolerance_unit="pp"))
    return out
