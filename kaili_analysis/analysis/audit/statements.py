"""Check ``repeated_statement``: one quantity stated more than once.

Rows of one ``concept`` for the same period (or undated) are compared with their qualifiers
(以上, 余, 左右 …). Values that can both hold are ``consistent``. Values that cannot are
``inconsistent`` when the article names the quantity the same way both times; when it words the
two statements differently, they are read as related but different measures:

* one name adds words to the other (公园广场建成开放 adds 开放 to 建成公园广场): it counts a
  part of the other, so its value may be smaller; if it is, ``related_measures``, if it is
  larger, ``inconsistent``;
* each name has words the other lacks (建成5G基站 / 建设5G基站): different stages or dates of
  the work may be meant; ``related_measures``, not comparable.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from kaili_analysis.analysis.audit._base import (
    Rec,
    amount,
    bare,
    finding,
    name,
    narrower,
    period_basis,
    phrase,
    root,
    shown_unit,
)
from kaili_analysis.data.quantities import admitted, period_years, single_year

CHECK = "repeated_statement"


def _pairs(ind: pd.DataFrame) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    repeated = ind[ind["concept"].duplicated(keep=False)]
    for _, grp in repeated.groupby("concept", sort=False):
        for a, b in itertools.combinations(grp.to_dict("records"), 2):
            ya, yb = single_year(a["period"]), single_year(b["period"])
            if ya is not None and yb is not None and ya != yb:
                continue  # a time series, not a repetition
            if a["kind"] != b["kind"] and {a["kind"], b["kind"]} != {"level", "cumulative"}:
                continue
            pa, pb = period_years(a["period"]), period_years(b["period"])
            if (pa and pb and (pa[1] < pb[0] or pb[1] < pa[0])
                    and a["kind"] != "count"):
                continue  # two periods that do not overlap: not the same statement
            out.append((a, b))
    return out


def check(ind: pd.DataFrame, tol: float) -> list[dict[str, Any]]:
    """Findings of :data:`CHECK` (see the module docstring)."""
    out = []
    for a, b in _pairs(ind):
        same_unit = a["unit"] == b["unit"]
        va, vb = (a["value"], b["value"]) if same_unit else (a["value_base"], b["value_base"])
        unit = shown_unit(a) if same_unit else a["unit_base"]
        lo_a, hi_a = admitted(va, a["qualifier"])
        lo_b, hi_b = admitted(vb, b["qualifier"])
        percent = a["unit_base"] == "percent"
        slack = tol if percent else 0.0
        ok = max(lo_a, lo_b) <= min(hi_a, hi_b) + slack + 1e-9 * max(abs(va), abs(vb), 1)
        verdict, words = _judge(a, b, ok, (lo_a, hi_a), (lo_b, hi_b))
        out.append(finding(
            CHECK, verdict, [a, b], root(a["concept"]), words=words,
            stated=va, stated_unit=unit, stated_qualifier=a["qualifier"],
            computed=vb, computed_unit=unit, computed_qualifier=b["qualifier"],
            tolerance=slack, tolerance_unit="pp" if percent else unit))
    return out


def _judge(a: Rec, b: Rec, ok: bool, range_a: tuple[float, float],
           range_b: tuple[float, float]) -> tuple[str, dict[str, Any]]:
    fa, fb = amount(a), amount(b)
    za, zb = bare(a["indicator_zh"]), bare(b["indicator_zh"])
    if ok:
        if za == zb:
            return "consistent", phrase("finding.repeated.agree_twice", name=name(a, "quote"),
                                        a=fa, b=fb)
        return "consistent", phrase("finding.repeated.agree", name_a=name(a, "quote"), a=fa,
                                    name_b=name(b, "quote"), b=fb)
    if za == zb:
        undated = "undated" in {period_basis(a), period_basis(b)}
        why = phrase("finding.repeated.undated" if undated else "finding.repeated.cannot")
        return "inconsistent", phrase("finding.repeated.differ", name=name(a, "quote"), a=fa,
                                      b=fb, why=why)
    which = narrower(za, zb)
    if which is None:
        return "related_measures", phrase(
            "finding.repeated.worded", name_a={"zh": za, "en": za, "style": "quote_zh"}, a=fa,
            name_b={"zh": zb, "en": zb, "style": "quote_zh"}, b=fb)
    small, big = (a, b) if which[0] == 0 else (b, a)
    (lo_s, _), (_, hi_b) = (range_a, range_b) if which[0] == 0 else (range_b, range_a)
    words = {"small": name(small, "quote"), "big": name(big, "quote"), "extra": which[1],
             "a": amount(small), "b": amount(big)}
    if lo_s <= hi_b:
        return "related_measures", phrase("finding.repeated.part", **words)
    return "inconsistent", phrase("finding.repeated.part_larger", **words)
