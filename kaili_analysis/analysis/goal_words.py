"""The words of the targets table: a goal in words with its direction, the 2016-2020 rates
side by side, and the explanation of each verdict, in Chinese and English.

Every number in these sentences comes from the row of :func:`kaili_analysis.targets_table`
being explained; nothing here computes a figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from kaili_analysis.show.words.formats import fmt_number, fmt_rate, fmt_value

__all__ = ["explain", "fmt_level", "goal_in_words", "history_text", "price_caveat", "span_text",
           "stated_rate"]

_DIRECTION_WORDS = {
    "at_least": ("不低于{x}", "at least {x}"),
    "at_most": ("不超过{x}", "at most {x}"),
    "about": ("{x}左右", "about {x}"),
    "exactly": ("{x}", "{x}"),
}


def span_text(span: str, lang: str) -> str:
    """'2016-2020' as the reader's language writes a span: '2016—2020' in Chinese."""
    return span.replace("-", "—") if lang == "zh" else span


def goal_in_words(value: float, unit: str, direction: str, lang: str) -> str:
    """A goal in words with its direction: '不低于12%' / 'at least 12%', '不超过4.2%' /
    'at most 4.2%', '70 万人左右' / 'about 700,000 persons'."""
    amount = fmt_value(value, unit, "eq", lang)
    zh, en = _DIRECTION_WORDS.get(direction, ("{x}", "{x}"))
    return (zh if lang == "zh" else en).format(x=amount)


def _level(value: float, unit: str, lang: str) -> str:
    return fmt_value(round(value, 2), unit, "eq", lang)


def stated_rate(rate: float) -> str:
    """A rate the article states, as written: 0.06 → '6%', 0.1408 → '14.08%'."""
    return "—" if math.isnan(rate) else f"{fmt_number(round(rate * 100, 4))}%"


def history_text(history: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The 2016-2020 rates of one goal side by side, each with where it comes from:
    '6%（文中所述）、7.00%（由27.19→38.13亿元计算，2015—2020年，现价）、14.08%（文中另述）'."""
    parts = []
    for h in history:
        # a stated rate as the article writes it (6%), a computed one to two decimals
        rate = fmt_rate(h["rate"]) if h["source"] == "computed" else stated_rate(h["rate"])
        if h["source"] == "computed":
            start = _level(h["start"], h["unit"], lang)
            end = _level(h["end"], h["unit"], lang)
            span = span_text(h["span"], lang)
            if lang == "zh":
                price = "，现价" if h["nominal"] else ""
                parts.append(f"{rate}（由{start}→{end}计算，{span}年{price}）")
            else:
                price = ", nominal" if h["nominal"] else ""
                parts.append(f"{rate} (computed from the levels {start} → {end}, {span}{price})")
        elif h["source"] == "stated":
            parts.append(f"{rate}（文中所述）" if lang == "zh" else f"{rate} (stated)")
        else:
            parts.append(f"{rate}（文中另述）" if lang == "zh" else f"{rate} (also stated)")
    return ("、" if lang == "zh" else ", ").join(parts)


def price_caveat(history: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a rate computed from money levels (current prices) meets a stated rate."""
    sources = {h["source"] for h in history}
    nominal = any(h["source"] == "computed" and h["nominal"] for h in history)
    return nominal and bool(sources & {"stated", "also_stated"})


_CAVEAT = ("由起止值算出的增速按现价计算，文中所述增速一般按可比价格计算，两者口径不同。",
           "The rate from levels is at current prices (nominal); stated growth rates are "
           "usually at comparable prices, so the two need not agree.")


def _gap(gap_pp: float, lang: str, against: str) -> str:
    if lang == "en":
        sign = "−" if gap_pp < 0 else "+"
        return f"{sign}{abs(gap_pp):.2f} pp against {against}"
    if round(gap_pp, 2) == 0:
        return f"与{against}持平"
    return f"比{against}{'高' if gap_pp > 0 else '低'}{abs(gap_pp):.2f}个百分点"


def _comparison(row: Mapping[str, Any], lang: str) -> str:
    """The judgement against every 2016-2020 rate, with the gap to each."""
    req = row["required_rate"]
    gaps = [_gap((req - h["rate"]) * 100, lang, fmt_rate(h["rate"]) if h["source"] == "computed"
                 else stated_rate(h["rate"])) for h in row["history"]]
    joined = ("，" if lang == "zh" else "; ").join(gaps)
    verdict = row["verdict"]
    one = len(row["history"]) == 1
    if lang == "zh":
        judge = {"faster_than_history": "所需增速快于“十三五”时期" if one else
                                        "所需增速快于文中给出的每一个“十三五”增速",
                 "within_history": "所需增速不快于“十三五”时期" if one else
                                   "所需增速不快于文中给出的任何一个“十三五”增速",
                 "history_disagrees": "文中“十三五”增速说法不一，所需增速快于其中一些、"
                                      "不快于另一些"}[verdict]
        return f"{judge}（{joined}）。"
    judge = {"faster_than_history": "That is faster than in 2016-2020" if one else
                                    "That is faster than every 2016-2020 rate the article gives",
             "within_history": "That is no faster than in 2016-2020" if one else
                               "That is no faster than any 2016-2020 rate the article gives",
             "history_disagrees": "The article's 2016-2020 rates disagree: that is faster "
                                  "than some and no faster than others"}[verdict]
    return f"{judge} ({joined})."


def _lead(row: Mapping[str, Any], lang: str) -> str:
    """'The goal is …' (rate goals) or 'From <base> in <year> to <goal> needs …' (levels)."""
    goal, gyear, period = row["goal_words"][lang], row["goal_year"], row["goal_period"]
    if row["goal_type"] == "rate":
        if lang == "zh":
            return f"目标为{span_text(period, lang)}年年均增长{goal}"
        return f"The goal is growth of {goal} a year over {period}"
    base = _level(row["base_value"], row["base_unit"], lang)
    req = fmt_rate(row["required_rate"])
    if lang == "zh":
        return f"从{row['base_year']}年的{base}到{gyear}年目标（{goal}），需年均增长{req}"
    return f"From {base} in {row['base_year']} to the {gyear} goal of {goal} needs {req} a year"


def _available(row: Mapping[str, Any], lang: str) -> str:
    years = row["base_years_available"]
    if not years:
        return ""
    shown = "、".join(map(str, years)) if lang == "zh" else ", ".join(map(str, years))
    return f"（文中只有{shown}年的数值）" if lang == "zh" else f" (it gives one for {shown})"


def explain(row: Mapping[str, Any], lang: str) -> str:
    """The explanation of a row's verdict in ``lang``.

    ``row`` holds the table's fields plus ``history`` (the list of 2016-2020 rates) and
    ``goal_words`` ({lang: words}).
    """
    verdict = row["verdict"]
    zh = lang == "zh"
    if verdict == "qualitative":
        return "非量化目标，无法计算。" if zh else "Not quantified: nothing to compute."
    goal, gyear, byear = row["goal_words"][lang], row["goal_year"], row["base_year"]
    base = ("" if math.isnan(row["base_value"])
            else _level(row["base_value"], row["base_unit"], lang))
    hist = history_text(row["history"], lang)
    caveat = (_CAVEAT[0] if zh else " " + _CAVEAT[1]) if row["price_caveat"] else ""
    if verdict in {"already_met", "not_met"}:
        met = verdict == "already_met"
        when = span_text(row["goal_period"], lang) or gyear  # a goal held over 2021-2025
        if zh:
            return f"{byear}年为{base}，{'已达到' if met else '尚未达到'}{when}年目标（{goal}）。"
        return (f"{'Already met' if met else 'Not yet met'}: {base} in {byear} against the "
                f"{when} goal of {goal}.")
    if verdict == "no_base":
        avail = _available(row, lang)
        if row["goal_type"] == "share":
            return (f"文中没有该指标{byear}年的数值{avail}，无法判断是否已达到目标（{goal}）。"
                    if zh
                    else f"The article gives no {byear} figure of this share{avail}, so "
                         f"whether the goal of {goal} is met cannot be judged.")
        return (f"文中没有该指标{byear}年的数值{avail}，无法计算达到{gyear}年目标（{goal}）"
                "所需的增速。" if zh
                else f"The article gives no {byear} level of this quantity{avail}, so the "
                     f"rate the {gyear} goal of {goal} requires cannot be computed.")
    if verdict == "no_history":
        tail = "；文中没有2016—2020年的增速可比。" if zh else (
            "; the article gives no 2016-2020 rate to compare.")
        return _lead(row, lang) + tail
    if verdict in {"faster_than_history", "within_history", "history_disagrees"}:
        if zh:
            return f"{_lead(row, lang)}；“十三五”时期：{hist}。{_comparison(row, lang)}{caveat}"
        return f"{_lead(row, lang)}. 2016-2020: {hist}. {_comparison(row, lang)}{caveat}"
    # limits (at most): never a growth to reach
    what = ("上限目标（不是增长目标）：" if zh else "A limit, not a growth goal: ")
    goal_text = (f"{span_text(row['goal_period'], lang)}年{goal}" if zh and
                 row["goal_type"] == "rate" else
                 f"{goal} a year over {row['goal_period']}" if row["goal_type"] == "rate"
                 else goal)
    if verdict == "limit_no_history":
        return what + goal_text + ("；文中没有2016—2020年的数值可比。" if zh else
                                   "; the article gives no 2016-2020 figure to compare.")
    if verdict == "limit_no_base":
        avail = _available(row, lang)
        return what + goal_text + (f"；文中没有{byear}年的数值可比{avail}。" if zh else
                                   f"; the article gives no {byear} figure to compare{avail}.")
    inside = verdict == "within_limit"
    if row["goal_type"] == "rate":
        seen = f"“十三五”时期{hist}" if zh else f"2016-2020: {hist}"
    else:
        seen = f"{byear}年为{base}" if zh else f"{base} in {byear}"
    if zh:
        return f"{what}{goal_text}；{seen}，{'在上限之内' if inside else '高于上限'}。{caveat}"
    return (f"{what}{goal_text}; {seen}, {'within' if inside else 'above'} the limit."
            f"{caveat}")


def fmt_level(value: float, unit: str, lang: str) -> str:
    """A level rounded to two decimals in its unit, for tables ('52.24 亿元')."""
    if value is None or math.isnan(value):
        return "—"
    return _level(value, unit, lang)
