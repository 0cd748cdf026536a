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
    amount_words,
    bare,
    finding,
    narrower,
    period_basis,
    qe,
    qz,
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
        verdict, zh, en = _judge(a, b, ok, (lo_a, hi_a), (lo_b, hi_b))
        out.append(finding(
            CHECK, verdict, [a, b], root(a["concept"]), zh=zh, en=en,
            stated=va, stated_unit=unit, stated_qualifier=a["qualifier"],
            computed=vb, computed_unit=unit, computed_qualifier=b["qualifier"],
            tolerance=slack, tolerance_unit="pp" if percent else unit))
    return out


def _judge(a: Rec, b: Rec, ok: bool, range_a: tuple[float, float],
           range_b: tuple[float, float]) -> tuple[str, str, str]:
    fa, fb = amount_words(a), amount_words(b)
    ea, eb = amount_words(a, "en"), amount_words(b, "en")
    za, zb = bare(a["indicator_zh"]), bare(b["indicator_zh"])
    na, nb = bare(a["indicator_en"]), bare(b["indicator_en"])
    if ok:
        if za == zb:
            return ("consistent", f"{qz(za)}两次表述（{fa}；{fb}）相互一致。",
                    f"{qe(na)} is stated twice ({ea}; {eb}); the statements agree.")
        return ("consistent", f"{qz(za)}{fa}与{qz(zb)}{fb}相互一致。",
                f"{qe(na)} ({ea}) and {qe(nb)} ({eb}) agree.")
    if za == zb:
        zh = f"{qz(za)}两次表述数值不同：{fa}与{fb}。"
        en = f"{qe(na)} is stated twice with different values, {ea} and {eb}."
        if "undated" in {period_basis(a), period_basis(b)}:
            zh += "其中一处未注明时间；除非它说的是另一时点，两者不能同时成立。"
            en += " One of them is undated: unless it describes another date, both cannot hold."
        else:
            zh += "两者不能同时成立。"
            en += " Both cannot hold."
        return "inconsistent", zh, en
    which = narrower(za, zb)
    if which is None:
        return ("related_measures",
                f"两处用词不同（{qz(za)}{fa}，{qz(zb)}{fb}），可能统计的是工作的不同阶段或不同时点，"
                "属于口径不同的相关指标，数值不能直接比较。",
                f"The two statements are worded differently in Chinese ({za}: {ea}; {zb}: "
                f"{eb}): they may count a different stage of the work or a different date, "
                "so they are related but different measures and their figures cannot be set "
                "against each other.")
    small, big = (a, b) if which[0] == 0 else (b, a)
    (lo_s, _), (_, hi_b) = (range_a, range_b) if which[0] == 0 else (range_b, range_a)
    zs, zbig = qz(bare(small["indicator_zh"])), qz(bare(big["indicator_zh"]))
    es, ebig = qe(bare(small["indicator_en"])), qe(bare(big["indicator_en"]))
    fs, fbig = amount_words(small), amount_words(big)
    efs, efbig = amount_words(small, "en"), amount_words(big, "en")
    extra = which[1]
    if lo_s <= hi_b:
        return ("related_measures",
                f"{zs}比{zbig}多了“{extra}”这一条件，统计的是后者的一部分："
                f"{fs}不多于{fbig}，两者可以同时成立。",
                f"{es} adds a condition ({extra} in the Chinese text) to {ebig}, so it counts "
                f"a part of it: {efs} is no more than {efbig}, and both can hold.")
    return ("inconsistent",
            f"{zs}比{zbig}多了“{extra}”这一条件，应是后者的一部分，"
            f"但{fs}多于{fbig}，两者不能同时成立。",
            f"{es} adds a condition ({extra} in the Chinese text) to {ebig} and should count "
            f"a part of it, yet {efs} is more than {efbig}: both cannot hold.")
