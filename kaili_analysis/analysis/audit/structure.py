"""Checks of the economy's structure.

* ``parts_of_whole`` — shares the article writes as one ratio (a∶b∶c) must sum to 100.
* ``share_vs_growth`` — a sector's share of GDP at two dates and the stated growth of an
  activity of that sector imply how fast the whole economy grew:
  ``(1 + g) · (s0 / s1) ** (1 / n) − 1``. A share that falls while its activity grows needs the
  whole to grow faster. Two sectors must imply the same growth of the whole; where they do not,
  within ``tolerance_pp + price_pp`` (an activity stands for its sector, rates are usually at
  comparable prices and shares at current prices), the figures cannot all hold. Which
  activities belong to which sector follows the national classification of the three sectors
  (国家统计局《三次产业划分规定》): :data:`SECTORS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kaili_analysis.analysis.audit._base import (
    RATIO,
    bare,
    common_prefix,
    finding,
    join_words,
    mid,
    pct,
    period_basis,
    quantity_name,
)
from kaili_analysis.data.quantities import period_years, single_year
from kaili_analysis.show.words.formats import fmt_number

#: Sector (as a share's name writes it) → activities whose growth stands for it.
SECTORS: dict[str, tuple[str, ...]] = {
    "第一产业": ("农林牧渔业",),
    "第二产业": ("工业", "建筑业"),
    "第三产业": ("服务业", "第三产业"),
}


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
        parts = "∶".join(fmt_number(v) for v in grp["value"])
        when = f"{period}年" if period else ""
        zh = f"{when}{parts}合计{fmt_number(total)}，{'等于' if ok else '不等于'}100。"
        en = (f"The parts {parts}{' (' + period + ')' if period else ''} sum to "
              f"{fmt_number(total)}, {'which is' if ok else 'not'} 100.")
        out.append(finding("parts_of_whole", "consistent" if ok else "inconsistent",
                           grp.to_dict("records"), _whole(list(grp["concept"])), zh=zh, en=en,
                           stated=100.0, stated_unit="%", computed=total, computed_unit="%",
                           tolerance=tol, tolerance_unit="pp"))
    return out


def _sector(name: str) -> str | None:
    return next((s for s in SECTORS if s in name), None)


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
                    and any(a in rate["indicator_zh"] for a in SECTORS[sector])):
                whole = ((1 + rate["value"] / 100) * (first["value"] / last["value"])
                         ** (1 / (y1 - y0)) - 1) * 100
                pairs.append({"sector": sector, "first": first, "last": last, "rate": rate,
                              "whole": whole, "years": (y0, y1),
                              "name_zh": quantity_name(records, rate, "zh"),
                              "name_en": quantity_name(records, rate, "en")})
    slack = tol + price_pp
    out = []
    for pair in pairs:
        siblings = [p for p in pairs
                    if p["sector"] != pair["sector"] and p["years"] == pair["years"]]
        close = [p for p in siblings if abs(p["whole"] - pair["whole"]) <= slack]
        verdict = ("unverifiable" if not siblings
                   else "consistent" if close else "inconsistent")
        zh, en = _explain(pair, siblings, verdict, slack)
        out.append(finding("share_vs_growth", verdict,
                           [pair["first"], pair["last"], pair["rate"]], group, zh=zh, en=en,
                           stated=pair["rate"]["value"], stated_unit="%",
                           computed=pair["whole"], computed_unit="%", tolerance=slack,
                           tolerance_unit="pp"))
    return out


def _describe(pair: dict, lang: str, *, short: bool = False) -> str:
    first, last = pair["first"], pair["last"]
    y0, y1 = pair["years"]
    s0, s1, g = (fmt_number(v) for v in (first["value"], last["value"], pair["rate"]["value"]))
    name = pair["name_zh"] if lang == "zh" else pair["name_en"]
    if lang == "zh":
        share = bare(first["indicator_zh"])
        if short:
            return f"{share}（{s0}%→{s1}%）与{name}年均增长{g}%"
        move = "降到" if last["value"] < first["value"] else "升到"
        return f"{share}从{y0}年的{s0}%{move}{y1}年的{s1}%，同期{name}年均增长{g}%"
    share = mid(bare(first["indicator_en"]))
    if short:
        return f"the {share} ({s0}% → {s1}%) with {name} growing {g}% a year"
    move = "fell" if last["value"] < first["value"] else "rose"
    return f"The {share} {move} from {s0}% ({y0}) to {s1}% ({y1}) while {name} grew {g}% a year"


def _explain(pair: dict, siblings: list[dict], verdict: str, slack: float) -> tuple[str, str]:
    whole = pct(pair["whole"])
    zh = f"{_describe(pair, 'zh')}：要使两者同时成立，经济总量（地区生产总值）须年均增长{whole}。"
    en = (f"{_describe(pair, 'en')}: for both to hold, the whole economy (GDP) must have "
          f"grown {whole} a year.")
    if not siblings:
        zh += "文中没有可与之比较的经济总量增速。"
        en += " The article gives no growth of the whole economy to compare."
        return zh, en
    zh += "但" + "；".join(f"按{_describe(p, 'zh', short=True)}推算，为{pct(p['whole'])}"
                          for p in siblings) + "。"
    en += " Yet " + join_words(
        [f"{_describe(p, 'en', short=True)} gives {pct(p['whole'])}" for p in siblings],
        "en") + "."
    if verdict == "consistent":
        zh += f"两种推算相差不超过{fmt_number(slack)}个百分点，大体相符。"
        en += f" The estimates agree within {fmt_number(slack)} percentage points."
    else:
        zh += f"两种推算相差超过{fmt_number(slack)}个百分点，不能同时成立。"
        en += (f" The estimates differ by more than {fmt_number(slack)} percentage points: "
               "the figures cannot all hold.")
    period = pair["rate"]["period"]
    zh += (f"注：这里以一个行业的增速代表整个产业，并把{period.replace('-', '—')}年的年均增速"
           "用于占比所在的年份；"
           "增速多按可比价格计算，占比按现价计算，容差因此放宽。")
    en += (f" (One activity's growth stands for its whole sector and its {period} average "
           "stands for the years of the shares; rates are usually at comparable prices while "
           "shares are at current prices: hence the wider tolerance.)")
    return zh, en
