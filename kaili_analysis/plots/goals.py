"""Charts of the goals (:func:`~kaili_analysis.targets_table`,
:func:`~kaili_analysis.projection_paths`): required vs achieved growth rates, and the
paths toward one goal.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import theme
from ..errors import ParameterError
from ..i18n import fmt_number, fmt_pp, fmt_rate, label
from ._common import (
    _cap,
    _column,
    _fmt,
    _height,
    _minus,
    _new_axes,
    _note,
    _numbers,
    _pct_axis,
    _require,
    _start,
    _text,
    _title,
    _unit_label,
    _w,
    _wrap,
)

_SCENARIOS = ("plan", "history", "user")


@theme.styled
def rate_comparison(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """Per goal, the growth rate it requires against the rate achieved in 2016-2020.

    A dumbbell chart: the required (or stated) rate and the 2016-2020 rate as two dots joined
    by a line, the gap in percentage points at the right. Goals without a 2016-2020 rate show
    the required rate alone, marked "no 2016-2020 rate"; goals without any computable rate
    (no base in the article, not quantified) are left out and named in a note under the axes.

    Parameters
    ----------
    table
        :func:`~kaili_analysis.targets_table`: columns goal_id, indicator_zh, indicator_en,
        required_rate, achieved_rate (fractions); optional gap_pp, goal_type, goal_value,
        unit, qualifier (a level goal's label then names its target: "农业总产值（≥ 47 亿元）").
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title "目标所需增速与“十三五”实际增速".

    Returns
    -------
    matplotlib.axes.Axes
        One row per goal with a required rate (y tick labels: indicator names), x in % a
        year; the legend names the two dots (i18n scenario words).
    """
    _start(lang)
    _require(table, "table", ("goal_id", "indicator_zh", "indicator_en", "required_rate",
                              "achieved_rate"), "the output of targets_table()")
    required = _numbers(table, "table", "required_rate", allow_nan=True) * 100
    achieved = _numbers(table, "table", "achieved_rate", allow_nan=True) * 100
    keep = ~np.isnan(required)
    if not keep.any():
        raise ParameterError("table has no goal with a computable required_rate; nothing to draw")
    rows = table[keep]
    names = []
    types = _column(rows, "goal_type", "")
    for (_, row), gtype in zip(rows.iterrows(), types, strict=True):
        name = _text(row[f"indicator_{lang}"]) or _text(row["goal_id"])
        if gtype == "level" and {"goal_value", "unit"} <= set(rows.columns):
            goal = _fmt(row["goal_value"], _text(row["unit"]),
                        _text(row.get("qualifier", "eq")), lang)
            goal = goal.replace(" ", "\u00a0")  # no line break inside "≥ 47 亿元"
            name = f"{name}（{goal}）" if lang == "zh" else f"{name} ({goal})"
        names.append(_wrap(name, lang, 16 if lang == "zh" else 34))
    req, ach = required[keep], achieved[keep]
    gap = (_numbers(rows, "table", "gap_pp", allow_nan=True) if "gap_pp" in rows.columns
           else req - ach)

    ax = _new_axes(ax, 7.6, _height(names, extra=1.9))
    y = np.arange(len(req))
    plan_c, hist_c = theme.SCENARIO_COLORS["plan"], theme.SCENARIO_COLORS["history"]
    for pos, r, a in zip(y, req, ach, strict=True):
        if not math.isnan(a):
            ax.plot([a, r], [pos, pos], color="#b0b0b0", linewidth=3, zorder=1,
                    solid_capstyle="round")
    ax.scatter(req, y, s=70, color=plan_c, zorder=3, label=_cap(_w("required", lang)))
    ax.scatter(ach, y, s=70, color=hist_c, zorder=3,
               label=_cap(label("scenario", "history", lang)))
    finite = np.concatenate([req, ach[~np.isnan(ach)]])
    lo, hi = min(0.0, finite.min()), finite.max()
    span = (hi - lo) or 1.0
    for pos, r, a, g in zip(y, req, ach, gap, strict=True):
        ax.annotate(_minus(fmt_rate(r / 100)), (r, pos), xytext=(0, 8),
                    textcoords="offset points", ha="center", fontsize=9, color=plan_c)
        if not math.isnan(a):
            ax.annotate(_minus(fmt_rate(a / 100)), (a, pos), xytext=(0, -14),
                        textcoords="offset points", ha="center", fontsize=9, color=hist_c)
        note = _w("no_history", lang) if math.isnan(g) else _minus(fmt_pp(g, lang))
        color = "#777777" if math.isnan(g) else (theme.ALERT_COLOR if g > 0 else "#333333")
        ax.annotate(note, (1, pos), xycoords=("axes fraction", "data"), xytext=(10, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=9,
                    color=color, annotation_clip=False)
    ax.annotate(_w("gap", lang), (1, 1), xycoords="axes fraction", xytext=(10, 4),
                textcoords="offset points", va="bottom", ha="left", fontsize=9,
                color="#555555", annotation_clip=False)
    ax.set_xlim(lo - 0.1 * span, hi + 0.12 * span)
    ax.set_ylim(len(req) - 0.4, -0.7)
    ax.set_yticks(y, names)
    if lo < 0:
        ax.axvline(0, color="#444444", linewidth=0.8)
    _pct_axis(ax)
    ax.set_xlabel(_w("rate_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False,
              borderaxespad=0.2, handletextpad=0.3)
    dropped = table[~keep]
    if len(dropped):
        qualitative = [t == "qualitative" for t in _column(dropped, "goal_type", "")]
        dnames = [_text(v) or _text(g) for v, g, q in zip(
            dropped[f"indicator_{lang}"], dropped["goal_id"], qualitative, strict=True) if not q]
        if len(dnames) > 8:
            dnames = [*dnames[:8], "…"]
        if any(qualitative):
            dnames.append(_w("qualitative_n", lang, n=sum(qualitative)))
        shown = ("、" if lang == "zh" else "; ").join(dnames)
        _note(ax, textwrap.fill(_w("left_out", lang, n=len(dropped), names=shown),
                                46 if lang == "zh" else 100))
    _title(ax, title, _w("rates_title", lang), above=True)
    return ax


@theme.styled
def projection(
    paths: pd.DataFrame,
    *,
    goal_id: str,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
    goal_value: float | None = None,
) -> Axes:
    """The year-by-year paths of one goal, one line per scenario.

    Parameters
    ----------
    paths
        :func:`~kaili_analysis.projection_paths`: columns goal_id, indicator_zh,
        indicator_en, scenario (plan / history / user), rate, measure (level / index), unit,
        year, value.
    goal_id
        The goal to draw (a value of ``paths["goal_id"]``).
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title "<name>：2020—2025年路径".
    goal_value
        The goal's level, in the paths' unit (or index points when measure is ``index``):
        drawn as a star at the last year with its value.

    Returns
    -------
    matplotlib.axes.Axes
        One line per scenario (legend: i18n scenario word and rate), integer year ticks, the
        y label is the unit, or "指数（2020年=100）" / "Index (2020 = 100)" for an index.
    """
    _start(lang)
    _require(paths, "paths", ("goal_id", "indicator_zh", "indicator_en", "scenario", "rate",
                              "measure", "unit", "year", "value"),
             "the output of projection_paths()")
    sub = paths[paths["goal_id"] == goal_id]
    if sub.empty:
        known = ", ".join(dict.fromkeys(_text(g) for g in paths["goal_id"]))
        raise ParameterError(f"goal_id {goal_id!r} is not in paths; known: {known}")
    if goal_value is not None and (isinstance(goal_value, bool)
                                   or not isinstance(goal_value, int | float)
                                   or not math.isfinite(goal_value)):
        raise ParameterError(f"goal_value must be a finite number or None, got {goal_value!r}")
    _numbers(sub, "paths", "value")
    _numbers(sub, "paths", "year")
    first = sub.iloc[0]
    index = _text(first["measure"]) == "index"
    unit = _text(first["unit"])
    years = sorted(int(v) for v in sub["year"].unique())

    ax = _new_axes(ax, 7.2, 4.4)
    order = [s for s in _SCENARIOS if s in set(sub["scenario"])]
    order += [s for s in dict.fromkeys(sub["scenario"]) if s not in order]
    for scen in order:
        line = sub[sub["scenario"] == scen].sort_values("year")
        rate = float(line["rate"].iloc[0])
        try:
            name = label("scenario", scen, lang)
        except ParameterError:
            name = scen
        legend = (f"{name}（{fmt_rate(rate)}）" if lang == "zh"
                  else f"{_cap(name)} ({fmt_rate(rate)})")
        color = theme.SCENARIO_COLORS.get(scen)
        ax.plot(line["year"], line["value"], marker="o", markersize=4, linewidth=2,
                color=color, label=_minus(legend))
        last = line.iloc[-1]
        ax.annotate(_minus(fmt_number(round(float(last["value"]), 2))),
                    (last["year"], last["value"]), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=9, color=color or "#333333")
    ulabel = _w("index_axis", lang, y0=years[0]) if index else _unit_label(unit, lang)
    if goal_value is not None:
        amount = _minus(fmt_number(goal_value)) if index else _fmt(goal_value, unit, "eq", lang)
        text = (f"{years[-1]}年{_w('goal', lang)}：{amount}" if lang == "zh"
                else f"{years[-1]} {_w('goal', lang)}: {amount}")
        ax.plot([years[-1]], [goal_value], marker="*", markersize=15, linestyle="none",
                color=theme.ALERT_COLOR, zorder=4, label=_minus(text))
    if len(years) <= 12:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(round(v))))
    ax.set_xlim(years[0] - 0.3, years[-1] + 0.9)
    ax.set_xlabel(_w("year", lang))
    ax.set_ylabel(ulabel)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _minus(fmt_number(v))))
    ax.legend(loc="upper left")
    name = _text(first[f"indicator_{lang}"]) or goal_id
    _title(ax, title, _wrap(_w("projection_title", lang, name=name, y0=years[0],
                                 y1=years[-1]), lang, 26 if lang == "zh" else 56))
    return ax
