"""Charts of the goals (:func:`~kaili_analysis.targets_table`,
:func:`~kaili_analysis.projection_paths`): required vs 2016-2020 growth rates, and the paths
toward one goal with its marker in the goal's own year and, optionally, actual figures.

Each chart states a quantity in one unit everywhere (axis, legend, labels), in the reader's
language: a path in 亿元 is drawn in 亿元 in Chinese and in billion yuan in English.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kaili_analysis.errors import ParameterError
from kaili_analysis.show import theme
from kaili_analysis.show.charts._common import (
    _amount,
    _cap,
    _column,
    _fit_lines,
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
    _wrap,
    display_unit,
)
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.catalogue import label
from kaili_analysis.show.words.formats import fmt_number, fmt_pp, fmt_rate

_SCENARIOS = ("plan", "history", "user")
def _not_shown(dropped: pd.DataFrame, lang: str) -> str:
    """The note naming the goals the rates chart leaves out, grouped by why."""
    sep = catalogue.text("chart.goals.names_sep", lang)
    kinds = _column(dropped, "goal_type", "")
    directions = _column(dropped, "direction", "")
    names = [_text(v) or _text(g) for v, g in zip(dropped[f"indicator_{lang}"],
                                                   dropped["goal_id"], strict=True)]
    limits = [n for n, d, k in zip(names, directions, kinds, strict=True)
              if d == "at_most" and k != "qualitative"]
    shares = [n for n, d, k in zip(names, directions, kinds, strict=True)
              if d != "at_most" and k == "share"]
    no_base = [n for n, d, k in zip(names, directions, kinds, strict=True)
               if d != "at_most" and k not in {"qualitative", "share"}]
    parts = []
    if limits:
        parts.append(catalogue.text("chart.goals.limits", lang, names=sep.join(limits)))
    if shares:
        parts.append(catalogue.text("chart.goals.shares", lang, names=sep.join(shares)))
    if no_base:
        parts.append(catalogue.text("chart.goals.no_base", lang, names=sep.join(no_base)))
    n_qual = kinds.count("qualitative")
    if n_qual:
        parts.append(catalogue.text("chart.goals.qualitative", lang, n=n_qual))
    joined = catalogue.text("chart.goals.parts_sep", lang).join(parts)
    return catalogue.text("chart.goals.not_shown", lang, parts=joined)


def _history(rows: pd.DataFrame, achieved: np.ndarray) -> list[list[float]]:
    """Every 2016-2020 rate of each row in %, the first being ``achieved``."""
    if "history_rates" not in rows.columns:
        return [[a] if not math.isnan(a) else [] for a in achieved]
    out = []
    for rates, first in zip(rows["history_rates"], achieved, strict=True):
        values = [float(r) * 100 for r in (rates if isinstance(rates, tuple | list) else ())]
        out.append(values or ([first] if not math.isnan(first) else []))
    return out


@theme.styled
def rate_comparison(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """Per goal, the growth rate it requires against every rate of 2016-2020 the article gives.

    The required (or stated) rate and the first 2016-2020 rate are two dots joined by a line;
    other 2016-2020 rates of the same quantity (``history_rates``) are hollow dots on the same
    row, so a goal is seen against all of them. The gap in percentage points stands at the
    right ("rates disagree" where the rates fall on both sides). Goals without a required rate
    (limits, which are not growth goals; levels without a base; qualitative goals) are left
    out and named in a note under the chart, wrapped to the figure's width.

    Parameters
    ----------
    table
        :func:`~kaili_analysis.targets_table`: columns goal_id, indicator_zh, indicator_en,
        required_rate, achieved_rate (fractions); optional gap_pp, goal_type, goal_value,
        unit, qualifier (a level goal's label then names its target), direction,
        history_rates, verdict.
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title ``chart.rates_title``
        of the word catalogue.

    Returns
    -------
    matplotlib.axes.Axes
        One row per goal with a required rate, x in % a year.
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
    for (_, row), gtype in zip(rows.iterrows(), _column(rows, "goal_type", ""), strict=True):
        name = _text(row[f"indicator_{lang}"]) or _text(row["goal_id"])
        if gtype == "level" and {"goal_value", "unit"} <= set(rows.columns):
            goal = _fmt(row["goal_value"], _text(row["unit"]),
                        _text(row.get("qualifier", "eq")), lang).replace(" ", "\u00a0")
            name = catalogue.text("chart.name_goal", lang, name=name, goal=goal)
        names.append(_wrap(name, lang, 16 if lang == "zh" else 34))
    req, ach = required[keep], achieved[keep]
    history = _history(rows, ach)
    gap = (_numbers(rows, "table", "gap_pp", allow_nan=True) if "gap_pp" in rows.columns
           else req - ach)
    verdicts = _column(rows, "verdict", "")

    ax = _new_axes(ax, 7.6, _height(names, extra=2.3))
    y = np.arange(len(req))
    plan_c, hist_c = theme.SCENARIO_COLORS["plan"], theme.SCENARIO_COLORS["history"]
    # one row per dot: the required rate, the first 2016-2020 rate, the article's others
    dots = pd.DataFrame(
        [(pos, r, "required") for pos, r in zip(y, req, strict=True)]
        + [(pos, value, "history" if i == 0 else "other")
           for pos, hist in zip(y, history, strict=True) for i, value in enumerate(hist)],
        columns=["row", "rate", "series"])
    spans = dots[dots["row"].isin([pos for pos, hist in zip(y, history, strict=True) if hist])]
    if len(spans):  # the range a goal is seen against: from its lowest rate to its highest
        sns.lineplot(spans, x="rate", y="row", units="row", estimator=None, orient="y",
                     color="#b0b0b0", linewidth=3, solid_capstyle="round", zorder=1,
                     legend=False, ax=ax)
    looks = {
        "required": ({"color": plan_c, "edgecolor": "face"},
                     _cap(catalogue.text("chart.required", lang))),
        "history": ({"color": hist_c, "edgecolor": "face"},
                    _cap(label("scenario", "history", lang))),
        "other": ({"color": "white", "edgecolor": hist_c, "linewidth": 1.8},
                  _cap(catalogue.text("chart.goals.other_history", lang))),
    }
    for series, (look, name) in looks.items():
        mine = dots[dots["series"] == series]
        if len(mine):
            sns.scatterplot(mine, x="rate", y="row", s=70, zorder=3, label=name, ax=ax, **look)
    has_others = dots["series"].eq("other").any()
    finite = np.concatenate([req, [v for h in history for v in h]])
    lo, hi = min(0.0, finite.min()), finite.max()
    span = (hi - lo) or 1.0
    gtypes = _column(rows, "goal_type", "")
    for pos, r, hist, g, verdict, gtype in zip(y, req, history, gap, verdicts, gtypes,
                                               strict=True):
        # a rate goal's required rate is the article's own: written as the article writes it
        written = fmt_rate(r / 100, None if gtype == "rate" else 2)
        ax.annotate(_minus(written), (r, pos), xytext=(0, 8),
                    textcoords="offset points", ha="center", fontsize=9, color=plan_c)
        for i, value in enumerate(hist):
            ax.annotate(_minus(fmt_rate(value / 100)), (value, pos),
                        xytext=(0, -14 if i % 2 == 0 else -25), textcoords="offset points",
                        ha="center", fontsize=9, color=hist_c)
        if verdict == "history_disagrees":
            note, color = catalogue.text("chart.goals.disagree", lang), "#333333"
        elif math.isnan(g):
            note, color = catalogue.text("chart.no_history", lang), "#777777"
        else:
            note = fmt_pp(g, lang)
            color = theme.ALERT_COLOR if g > 0 else "#333333"
        ax.annotate(note, (1, pos), xycoords=("axes fraction", "data"), xytext=(10, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=9,
                    color=color, annotation_clip=False)
    ax.annotate(catalogue.text("chart.gap", lang), (1, 1), xycoords="axes fraction", xytext=(10, 4),
                textcoords="offset points", va="bottom", ha="left", fontsize=9,
                color="#555555", annotation_clip=False)
    ax.set_xlim(lo - 0.1 * span, hi + 0.12 * span)
    ax.set_ylim(len(req) - 0.4, -0.7)
    ax.set_yticks(y, names)
    ax.set_ylabel("")
    if lo < 0:
        ax.axvline(0, color="#444444", linewidth=0.8)
    _pct_axis(ax)
    ax.set_xlabel(catalogue.text("chart.rate_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False,
              borderaxespad=0.2, handletextpad=0.3)
    dropped = table[~keep]
    if len(dropped):
        _note(ax, _not_shown(dropped, lang))
    text = catalogue.text("chart.rates_title", lang) if title is None else title
    if text:  # room for a legend of one or two rows between the title and the axes
        ax.set_title(text, pad=48 if has_others else 30)
    return ax


def _observed(observed: pd.DataFrame | None, goal_id: str) -> pd.DataFrame:
    if observed is None:
        return pd.DataFrame(columns=["year", "path_value"])
    _require(observed, "observed", ("goal_id", "year", "path_value"),
             "the output of track_targets()")
    mine = observed[(observed["goal_id"] == goal_id) & observed["path_value"].notna()]
    return mine.sort_values("year")


@theme.styled
def projection(
    paths: pd.DataFrame,
    *,
    goal_id: str,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
    goal_value: float | None = None,
    observed: pd.DataFrame | None = None,
) -> Axes:
    """The year-by-year paths of one goal, one line per scenario, the goal in its own year.

    Parameters
    ----------
    paths
        :func:`~kaili_analysis.projection_paths`: columns goal_id, indicator_zh,
        indicator_en, scenario (plan / history / user), rate, measure (level / index), unit,
        year, value; optional goal_year, goal_level, goal_qualifier.
    goal_id
        The goal to draw (a value of ``paths["goal_id"]``).
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title ``chart.goals.title`` of the word
        catalogue (the goal's name, the years of the paths and the goal year).
    goal_value
        The goal's level in the paths' unit; default ``goal_level`` of the paths (none for an
        index). Drawn as a star in the goal's year (``goal_year``, default the last year);
        a goal year past the paths' last year is named in a note instead. Years after the
        goal year are dashed (an extrapolation) and say so in a note.
    observed
        :func:`~kaili_analysis.track_targets`: its ``path_value`` of this goal are drawn as
        actual figures on the paths.

    Returns
    -------
    matplotlib.axes.Axes
        One line per scenario (legend: scenario word and rate), integer year ticks, the y
        label the unit in the reader's language (or the index base), labels at the line ends
        and the goal in that same unit.
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
    values = _numbers(sub, "paths", "value")
    _numbers(sub, "paths", "year")
    first = sub.iloc[0]
    index = _text(first["measure"]) == "index"
    years = sorted(int(v) for v in sub["year"].unique())
    goal_year = int(first["goal_year"]) if "goal_year" in sub.columns else years[-1]
    if goal_value is None and not index and "goal_level" in sub.columns:
        level = float(first["goal_level"])
        goal_value = level if math.isfinite(level) else None
    qualifier = _text(first.get("goal_qualifier", "")) or "eq"
    shown = _observed(observed, goal_id)
    scale, ulabel = ((1.0, catalogue.text("chart.index_axis", lang, start=years[0])) if index else
                     display_unit(_text(first["unit"]), lang,
                                  [*values, *([goal_value] if goal_value else [])]))

    ax = _new_axes(ax, 7.2, 4.4)
    order = [s for s in _SCENARIOS if s in set(sub["scenario"])]
    order += [s for s in dict.fromkeys(sub["scenario"]) if s not in order]
    legends, palette = {}, {}
    spare = iter(sns.color_palette(theme.PALETTE))
    for scen in order:
        try:
            name = label("scenario", scen, lang)
        except ParameterError:
            name = scen
        rate = float(sub.loc[sub["scenario"] == scen, "rate"].iloc[0])
        pace = fmt_rate(round(rate, 4), None)  # 6%, 6.5%, 4.27%: two decimals at most
        legends[scen] = _minus(catalogue.text("chart.goals.scenario", lang, name=_cap(name),
                                              rate=pace))
        palette[legends[scen]] = theme.SCENARIO_COLORS.get(scen) or next(spare)
    tidy = (sub.assign(path=sub["scenario"].map(legends), shown=sub["value"] * scale)
            .sort_values(["path", "year"]))
    lines = {"x": "year", "y": "shown", "hue": "path", "hue_order": list(legends.values()),
             "palette": palette, "marker": "o", "markeredgecolor": "auto", "estimator": None,
             "ax": ax}
    sns.lineplot(tidy[tidy["year"] <= goal_year], markersize=4, linewidth=2, **lines)
    after = tidy[tidy["year"] >= goal_year]
    if after["year"].nunique() > 1:  # past the goal year: an extrapolation, dashed
        sns.lineplot(after, markersize=3, linewidth=1.6, linestyle="--", legend=False, **lines)
    decimals = 1 if index else 2  # one precision for every path end: 176.2, 5.10 beside 5.22
    for path, line in tidy.groupby("path", sort=False):
        last = line.iloc[-1]  # clear of a goal star drawn on the same point
        ax.annotate(_minus(fmt_number(round(float(last["shown"]), decimals), decimals, lang)),
                    (last["year"], last["shown"]), xytext=(10, 0),
                    textcoords="offset points", va="center", fontsize=9, color=palette[path])
    if len(shown):
        sns.scatterplot(shown.assign(shown=shown["path_value"] * scale), x="year", y="shown",
                        marker="D", s=40, zorder=5, color="#222222", edgecolor="face",
                        linewidth=1, label=_cap(catalogue.text("chart.goals.actual", lang)),
                        ax=ax)
    notes = []
    if goal_value is not None:
        amount = _amount(goal_value * scale, "" if index else ulabel, qualifier, lang)
        if goal_year <= years[-1]:
            ax.plot([goal_year], [goal_value * scale], marker="*", markersize=15,
                    linestyle="none", color=theme.ALERT_COLOR, zorder=4,
                    label=_minus(catalogue.text("chart.goals.goal", lang, year=goal_year,
                                                amount=amount)))
        else:
            notes.append(catalogue.text("chart.goals.beyond", lang, year=goal_year, amount=amount,
                             horizon=years[-1]))
    if years[-1] > goal_year:
        notes.append(catalogue.text("chart.goals.extrapolated", lang, year=goal_year))
    if len(years) <= 12:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(round(v))))
    ax.set_xlim(years[0] - 0.3, years[-1] + max(0.9, 0.13 * (years[-1] - years[0])))
    ax.set_xlabel(catalogue.text("chart.year", lang))
    ax.set_ylabel(ulabel)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _minus(fmt_number(v, lang=lang))))
    ax.legend(loc="upper left")
    if notes:
        _note(ax, catalogue.text("chart.goals.notes_sep", lang).join(notes))
    name = _text(first[f"indicator_{lang}"]) or goal_id
    default = catalogue.text("chart.goals.title", lang, name=name, start=years[0], end=years[-1],
                             goal_year=goal_year)
    size = FontProperties(size=plt.rcParams["axes.titlesize"]).get_size_in_points()
    width = (ax.figure.get_figwidth() - 1.0) * 72  # the title starts at the axes' left
    lines = _fit_lines(default, width, size, plt.rcParams["axes.titleweight"])
    _title(ax, title, "\n".join(lines))
    return ax
