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
from kaili_analysis.analysis.audit._base import amount_words, finding, pct, qe, qz, root
from kaili_analysis.analysis.audit.rates import history_words, rate_history
from kaili_analysis.data.quantities import meets, period_years
from kaili_analysis.show.words.formats import fmt_number


def _history(goal: dict, ind: pd.DataFrame) -> tuple[float, str]:
    """The 2016-2020 rate linked to a goal (percent) and how it was found."""
    if goal["history_rate_indicator_id"]:
        return float(ind.loc[goal["history_rate_indicator_id"], "value"]), "stated"
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
    name_zh = f"目标{qz(goal['goal_zh'])}"
    name_en = f"Goal {qe(goal['goal_en'])}"
    recs = [target] + ([base] if base is not None else [])
    kw: dict[str, Any] = {"stated": target["value"], "stated_unit": target["unit"],
                          "stated_qualifier": target["qualifier"]}
    concept = root(base["concept"]) if base is not None else ""
    if gtype in {"level", "share"} and base is None:
        return finding("goal_status", "no_base", recs, root(target["concept"]),
                       zh=f"{name_zh}：文中没有{base_year}年的基期值，无从比较。",
                       en=f"{name_en}: the article gives no {base_year} level to compare it "
                          "with.",
                       subject="goal", **kw)
    if base is not None and gtype in {"level", "share"}:
        kw.update(computed=base["value"], computed_unit=base["unit"])
        if meets(base["value"], target["value"], target["qualifier"]):
            return finding("goal_status", "already_met", recs, root(target["concept"]),
                           zh=f"{name_zh}：{base_year}年已为{amount_words(base)}，已经达到。",
                           en=f"{name_en}: {amount_words(base, 'en')} in {base_year}, already met.",
                           subject="goal", **kw)
        if gtype == "share":
            return finding("goal_status", "not_met", recs, root(target["concept"]),
                           zh=f"{name_zh}：{base_year}年为{amount_words(base)}，尚未达到。",
                           en=f"{name_en}: {amount_words(base, 'en')} in {base_year}, not yet met.",
                           subject="goal", **kw)
        need = growth.required_rate(base["value_base"], target["value_base"], years) * 100
        need_zh = f"由{base_year}年的{amount_words(base)}起，需年均增长{pct(need)}"
        need_en = f"from {amount_words(base, 'en')} in {base_year} it needs {pct(need)} a year"
    else:  # a rate goal: its own words say the rate
        need = target["value"]
        need_zh = need_en = ""
    if need_zh:  # a level goal: what it requires, computed from the base
        kw.update(computed=need, computed_unit="%", computed_qualifier="eq")
    history, source = _history(goal, ind)
    if goal["history_rate_indicator_id"]:
        rec = ind.loc[goal["history_rate_indicator_id"]].to_dict()
        recs.append(rec)
        concept = root(rec["concept"])
    if math.isnan(history):
        return finding("goal_status", "no_history", recs, root(target["concept"]),
                       zh=f"{name_zh}：{need_zh + '；' if need_zh else ''}"
                          "文中没有2016—2020年的增速可与之比较。",
                       en=f"{name_en}: {need_en + '; ' if need_en else ''}the article gives no "
                          "2016-2020 rate to compare it with.", subject="goal", **kw)
    rates = (list(rate_history(ind.reset_index(drop=True), concept)["rate"]) if concept
             else []) or [history]
    faster, within = need > max(rates), need <= min(rates)
    above = need > history  # the words compare with the first rate, the verdict with all
    how_zh = "文中所述" if source == "stated" else "由起止值计算"
    how_en = "stated" if source == "stated" else "from the levels"
    past = f"{fmt_number(history)}%" if source == "stated" else pct(history)
    if need_zh:
        zh = (f"{name_zh}：{need_zh}，{'快于' if above else '不快于'}2016—2020年的{past}"
              f"（{how_zh}）。")
        en = (f"{name_en}: {need_en}, {'faster than' if above else 'no faster than'} the "
              f"{past} of 2016-2020 ({how_en}).")
    else:
        zh = (f"{name_zh}：{'高于' if above else '不高于'}2016—2020年的{past}（{how_zh}）"
              f"{'，需要更快的增长' if faster else ''}。")
        en = (f"{name_en}: {'above' if above else 'no higher than'} the {past} of "
              f"2016-2020 ({how_en}){', so it needs faster growth' if faster else ''}.")
    side_zh, side_en = (history_words(ind.reset_index(drop=True), concept, lang)
                        for lang in ("zh", "en"))
    if side_zh:
        zh += f"文中关于2016—2020年增速的说法不止一个：{side_zh}。"
        en += f" The article gives more than one 2016-2020 rate: {side_en}."
    verdict = ("faster_than_history" if faster else "within_history" if within
               else "history_disagrees")
    if verdict == "history_disagrees":
        zh += "所需增速快于其中一些、不快于另一些，无法判断是否需要更快的增长。"
        en += (" The rate needed is faster than some of them and no faster than others, so "
               "whether it needs faster growth cannot be said.")
    if not need_zh:  # a rate goal: against the 2016-2020 rate
        kw.update(computed=history, computed_unit="%")
    return finding("goal_status", verdict, recs, root(target["concept"]), zh=zh, en=en,
                   subject="goal", **kw)
