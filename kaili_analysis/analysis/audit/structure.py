"""Checks of the economy's structure.

* ``parts_of_whole`` — shares the article writes as one ratio (a∶b∶c) must sum to 100.
* ``share_vs_growth`` — a sector's share of GDP at two dates and the stated growth of an
  activity of that sector imply how fast the whole economy grew:
  ``(1 + g) · (s0 / s1) ** (1 / n) − 1``. A share that falls while its activity grows needs the
  whole to grow faster. Two sectors must imply the same growth of the whole; where they do not,
  within ``tolerance_pp + price_pp`` (an activity stands for its sector, rates are usually at
  comparable prices and shares at current prices), the figures cannot all hold. Which
  activities belong to which sector follows the national classification of the three sectors
  (国家统计局《三次产业划分规定》): :data:`kaili_analysis.data.quantities.SECTOR_ACTIVITIES`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kaili_analysis.analysis.audit._base import (
    RATIO,
    common_prefix,
    finding,
    name,
    period_basis,
    phrase,
    quantity_name,
    stated_rate,
)
from kaili_analysis.analysis.audit._base import rate as rate_value
from kaili_analysis.data.quantities import SECTOR_ACTIVITIES, period_years, single_year


def _whole(concepts: list[str]) -> str:
    prefix = common_prefix(concepts).rstrip("_")
    return prefix or concepts[0]


def parts_of_whole(ind: pd.DataFrame, tol: float) -> list[dict[str, Any]]:
    """Findings of ``parts_of_whole`` (see the module docstring)."""
    out = []
    shares = ind[(ind["kind"] == "share") & ind["quote"].str.contains(RATIO)]
    for (_, period), grp in shares.groupby(["quote", "period"], sort=False):
        if len(grp) < 2:
            continue
        total = float(grp["value"].sum())
        ok = abs(total - 100) <= tol
        words = phrase("finding.parts.sum", total=total,
                       parts={"series": [float(v) for v in grp["value"]],
                              "sep": "finding.sep.ratio"},
                       when=phrase("finding.parts.when", period=period) if period else "",
                       equal=phrase("finding.parts.equal" if ok else "finding.parts.not_equal"))
        out.append(finding("parts_of_whole", "consistent" if ok else "inconsistent",
                           grp.to_dict("records"), _whole(list(grp["concept"])), words=words,
                           stated=100.0, stated_unit="%", computed=total, computed_unit="%",
                           tolerance=tol, tolerance_unit="pp"))
    return out


def _sector(name: str) -> str | None:
    return next((s for s in SECTOR_ACTIVITIES if s in name), None)


def _series(ind: pd.DataFrame) -> list[tuple[str, dict, dict]]:
    """(sector, first, last) for every sector share stated at two dates or more."""
    out = []
    shares = ind[(ind["kind"] == "share") & ind["indicator_zh"].map(
        lambda n: _sector(n) is not None)]
    for _, grp in shares.groupby("concept", sort=False):
        dated = grp[grp["period"].map(single_year).notna()]
        if dated["period"].nunique() < 2:
            continue
        years = dated["period"].map(single_year)
        first, last = dated.loc[years.idxmin()].to_dict(), dated.loc[years.idxmax()].to_dict()
        if first["value"] > 0 and last["value"] > 0:
            out.append((_sector(first["indicator_zh"]), first, last))
    return out


def share_vs_growth(ind: pd.DataFrame, tol: float, price_pp: float) -> list[dict[str, Any]]:
    """Findings of ``share_vs_growth`` (see the module docstring)."""
    series = _series(ind)
    if not series:
        return []
    group = _whole([first["concept"] for _, first, _ in series])
    records = ind.to_dict("records")
    rates = [r for r in records if r["kind"] == "growth_rate" and period_basis(r) == "closed"]
    pairs = []
    for sector, first, last in series:
        y0, y1 = single_year(first["period"]), single_year(last["period"])
        for rate in rates:
            span = period_years(rate["period"])
            if (span and span[0] <= y0 + 1 and span[1] >= y1
                    and any(a in rate["indicator_zh"] for a in SECTOR_ACTIVITIES[sector])):
                whole = ((1 + rate["value"] / 100) * (first["value"] / last["value"])
                         ** (1 / (y1 - y0)) - 1) * 100
                pairs.append({"sector": sector, "first": first, "last": last, "rate": rate,
                              "whole": whole, "years": (y0, y1),
                              "name": {lang: quantity_name(records, rate, lang)
                                       for lang in ("zh", "en")}})
    slack = tol + price_pp
    out = []
    for pair in pairs:
        siblings = [p for p in pairs
                    if p["sector"] != pair["sector"] and p["years"] == pair["years"]]
        close = [p for p in siblings if abs(p["whole"] - pair["whole"]) <= slack]
        verdict = ("unverifiable" if not siblings
                   else "consistent" if close else "inconsistent")
        out.append(finding("share_vs_growth", verdict,
                           [pair["first"], pair["last"], pair["rate"]], group,
                           words=_explain(pair, siblings, verdict, slack),
                           stated=pair["rate"]["value"], stated_unit="%",
                           computed=pair["whole"], computed_unit="%", tolerance=slack,
                           tolerance_unit="pp"))
    return out


def _describe(pair: dict, *, short: bool = False) -> dict[str, Any]:
    first, last = pair["first"], pair["last"]
    y0, y1 = pair["years"]
    values = {"share": name(first, "mid"), "first": stated_rate(first["value"] / 100),
              "last": stated_rate(last["value"] / 100), "name": {**pair["name"], "style": "mid"},
              "rate": stated_rate(pair["rate"]["value"] / 100)}
    if short:
        return phrase("finding.share.short", **values)
    move = "finding.share.fell" if last["value"] < first["value"] else "finding.share.rose"
    return phrase("finding.share.long", **values, first_year=y0, last_year=y1,
                  move=phrase(move))


def _explain(pair: dict, siblings: list[dict], verdict: str, slack: float) -> dict[str, Any]:
    whole = rate_value(pair["whole"] / 100)
    if not siblings:
        rest = phrase("finding.share.nothing_to_compare")
    else:
        others = [phrase("finding.share.other", other=_describe(p, short=True),
                         whole=rate_value(p["whole"] / 100)) for p in siblings]
        rest = phrase("finding.share.compared",
                      others={"zh": {"series": others, "sep": "finding.sep.semicolon"},
                              "en": {"list": others}},
                      judge=phrase("finding.share.agree" if verdict == "consistent"
                                   else "finding.share.disagree", slack=float(slack)),
                      period={"span": pair["rate"]["period"]})
    return phrase("finding.share.explain", describe=_describe(pair), whole=whole, rest=rest)
