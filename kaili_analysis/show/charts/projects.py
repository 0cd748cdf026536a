"""The 2022 livelihood projects: commitments against the 2016-2020 yearly pace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from kaili_analysis.data.units import parse_unit
from kaili_analysis.errors import KailiError, ParameterError
from kaili_analysis.show import theme
from kaili_analysis.show.charts._common import (
    _cap,
    _fmt,
    _height,
    _minus,
    _names,
    _new_axes,
    _note,
    _numbers,
    _require,
    _rows,
    _start,
    _text,
    _title,
    _wrap,
)
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.formats import fmt_amount, fmt_number

#: Base units of measured quantities: a yearly average of these keeps its decimals.
_MEASURED = frozenset({"yuan", "percent", "km", "km2", "m2", "mu", "tonnes", "years", "days",
                       "hours", "index"})


def _counted(unit: str) -> bool:
    """Whether ``unit`` counts whole things in units of one (户, 个, 人次; not 万人, 公里)."""
    try:
        parsed = parse_unit(unit)
    except KailiError:
        return False
    return parsed.factor == 1 and parsed.base not in _MEASURED


_COMMIT_COLUMNS = ("indicator_zh", "indicator_en", "unit", "value_2022", "value_history")


def commitments_frame(
    projects: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    comparisons: Sequence[str] = ("annual_vs_cumulative",),
) -> pd.DataFrame:
    """The input of :func:`commitments_vs_history`, from the loaded tables.

    Parameters
    ----------
    projects
        :func:`~kaili_analysis.load_projects` (columns indicator_id, comparable_indicator_id,
        comparison, indicator_zh, indicator_en, value, unit, value_base, unit_base).
    indicators
        :func:`~kaili_analysis.load_indicators`.
    comparisons
        Which ``comparison`` kinds count as comparable (default: a 2022 amount against a
        2016-2020 cumulative amount of the same thing).

    Returns
    -------
    pandas.DataFrame
        indicator_id, indicator_zh, indicator_en, unit (the commitment's), value_2022,
        value_history (the comparable record in the same unit), history_period,
        history_years (from the period: 2016-2020 → 5), history_per_year. A pair whose base
        units differ is left out.
    """
    _require(projects, "projects", ("indicator_id", "comparable_indicator_id", "comparison",
                                    "indicator_zh", "indicator_en", "value", "unit",
                                    "value_base", "unit_base"), "the output of load_projects()")
    _require(indicators, "indicators", ("id", "value_base", "unit_base", "period"),
             "the output of load_indicators()")
    ind = indicators.set_index("id")
    rows = []
    for _, p in projects.iterrows():
        cid = _text(p["comparable_indicator_id"])
        if _text(p["comparison"]) not in comparisons or not cid or cid not in ind.index:
            continue
        hist = ind.loc[cid]
        if _text(hist["unit_base"]) != _text(p["unit_base"]) or not p["value"]:
            continue
        factor = float(p["value_base"]) / float(p["value"])
        period = _text(hist["period"])
        span = [int(y) for y in re.findall(r"\d{4}", period)]
        years = span[-1] - span[0] + 1 if len(span) == 2 else 1
        value_history = round(float(hist["value_base"]) / factor, 9)
        rows.append({
            "indicator_id": p["indicator_id"], "indicator_zh": p["indicator_zh"],
            "indicator_en": p["indicator_en"], "unit": p["unit"],
            "value_2022": float(p["value"]), "value_history": value_history,
            "history_period": period, "history_years": years,
            "history_per_year": value_history / years,
        })
    columns = ["indicator_id", "indicator_zh", "indicator_en", "unit", "value_2022",
               "value_history", "history_period", "history_years", "history_per_year"]
    return pd.DataFrame(rows, columns=columns)


@theme.styled
def commitments_vs_history(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """Each 2022 commitment as a multiple of the 2016-2020 yearly average of the same thing.

    Commitments come in different units (户, 万人 …), so the common axis is the ratio
    ``value_2022 / history_per_year``: 1× (dashed line) means the same pace as 2016-2020 on
    average; each bar is labelled with both amounts in their unit.

    Parameters
    ----------
    data
        :func:`commitments_frame` or any frame with columns indicator_zh, indicator_en, unit,
        value_2022, value_history (same unit, over ``history_years``, default 5), and
        optionally history_years / history_per_year. Rows without a history value (NaN) are
        left out and named in a note.
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title ``chart.commit_title`` of
        the word catalogue.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per commitment (y tick labels: indicator names), x = multiple of the yearly
        average.
    """
    _start(lang)
    _require(data, "data", _COMMIT_COLUMNS, "the output of plots.commitments_frame()")
    v22 = _numbers(data, "data", "value_2022")
    hist = _numbers(data, "data", "value_history", allow_nan=True)
    years = (_numbers(data, "data", "history_years") if "history_years" in data.columns
             else np.full(len(data), 5.0))
    if (years <= 0).any():
        raise ParameterError("data['history_years'] must be positive")
    per_year = (_numbers(data, "data", "history_per_year", allow_nan=True)
                if "history_per_year" in data.columns else hist / years)
    keep = ~np.isnan(per_year) & (per_year > 0)
    if not keep.any():
        raise ParameterError("data has no row with a positive 2016-2020 value to compare with")
    rows = data[keep]
    units = [_text(u) for u in rows["unit"]]
    ratio = v22[keep] / per_year[keep]
    names = [_wrap(n, lang, 12 if lang == "zh" else 28) for n in _names(rows, lang)]

    frame = pd.DataFrame({"row": np.arange(len(ratio)), "ratio": ratio})
    ax = _new_axes(ax, 7.8, _height(names, extra=1.9))
    sns.barplot(frame, x="ratio", y="row", orient="y", color=theme.BAR_COLOR, width=0.6,
                saturation=1, errorbar=None, ax=ax)
    top = ratio.max() * 2.1 + 0.5
    for pos, r, a, b, u in zip(frame["row"], ratio, v22[keep], per_year[keep], units,
                               strict=True):
        if _counted(u):  # no fractional households in a yearly average
            b = round(b)
        per_year_text = (_fmt(b, u, "eq", lang) if lang == "zh"
                         else _minus(fmt_amount(b, u, "en")))
        text = catalogue.text("chart.commit_label", lang, ratio=fmt_number(round(r, 1), 1),
                              a=_fmt(a, u, "eq", lang), b=per_year_text)
        ax.text(max(r, 1) + 0.015 * top, pos, text, va="center", ha="left", fontsize=9)
    ax.axvline(1, color="#555555", linestyle="--", linewidth=1)
    _rows(ax, names, 0.6)
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}×"))
    ax.set_xlabel(catalogue.text("chart.commit_axis", lang))
    ax.grid(axis="y", visible=False)
    handles = [Line2D([0], [0], color="#555555", linestyle="--",
                      label=_cap(catalogue.text("chart.same_pace", lang)))]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False,
              borderaxespad=0.2)
    dropped = data[~keep]
    if len(dropped):
        names_out = catalogue.text("chart.names_sep", lang).join(_names(dropped, lang))
        _note(ax, _wrap(catalogue.text("chart.commit_missing", lang, names=names_out), lang,
                        44 if lang == "zh" else 95))
    _title(ax, title, catalogue.text("chart.commit_title", lang), above=True)
    return ax
