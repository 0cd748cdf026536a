"""Indicator charts: bars of one unit, panels of several units, a level's change with its
growth rate, and percentages on a 0-100 axis.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kaili_analysis.analysis import growth
from kaili_analysis.errors import ParameterError
from kaili_analysis.show import theme
from kaili_analysis.show.charts._common import (
    _amount,
    _column,
    _fmt,
    _height,
    _minus,
    _names,
    _new_axes,
    _numbers,
    _one_unit,
    _pct_axis,
    _require,
    _rows,
    _start,
    _text,
    _title,
    _wrap,
    _year,
    display_unit,
)
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.formats import fmt_number, fmt_rate

_IND_COLUMNS = ("indicator_zh", "indicator_en", "value", "unit")
_IND_EXPECTED = "rows of load_indicators()"


def _one_base(data: pd.DataFrame) -> str | None:
    """The rows' common ``unit_base`` (what their unit counts), None if absent or mixed."""
    bases = set(_column(data, "unit_base", ""))
    return bases.pop() or None if len(bases) == 1 else None


@theme.styled
def indicator_bars(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
    color: str | None = None,
) -> Axes:
    """Horizontal bars of a few indicators that share ONE unit.

    Bars of different units on one axis would compare 亿元 with 万亩: mixed units are refused
    (use :func:`indicator_panels`, which draws one panel per unit).

    Parameters
    ----------
    data
        Rows of :func:`~kaili_analysis.load_indicators` (or any frame) with columns
        indicator_zh, indicator_en, value, unit; optional qualifier (default ``eq``) and
        period (appended to a name that occurs twice). Drawn top to bottom in row order.
    ax, lang, title, color
        An Axes to draw into; ``zh`` / ``en``; a title (default: none — the unit is on the
        axis); the bar colour.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per row; tick labels are the indicator names, each bar carries its value
        with qualifier and unit (``≥ 26 万亩``).

    Raises
    ------
    ParameterError
        Missing column, empty frame, non-numeric value, several units, bad ``lang``.
    """
    _start(lang)
    _require(data, "data", _IND_COLUMNS, _IND_EXPECTED)
    values = _numbers(data, "data", "value")
    unit = _one_unit(data, "data", "filter the rows to one unit or use "
                     "plots.indicator_panels(), which draws one panel per unit")
    names = [_wrap(n, lang) for n in _names(data, lang)]
    qualifiers = _column(data, "qualifier", "eq")
    scale, ulabel = display_unit(unit, lang, values, _one_base(data))
    written, values = values, values * scale  # one scale: bars, labels and axis
    frame = pd.DataFrame({"row": np.arange(len(values)), "value": values})
    ax = _new_axes(ax, 7.2, _height(names))
    sns.barplot(frame, x="value", y="row", orient="y", color=color or theme.BAR_COLOR,
                width=0.62, saturation=1, errorbar=None, ax=ax)
    ax.bar_label(ax.containers[-1], labels=[_amount(v, ulabel, q, lang, w) for v, q, w in
                                            zip(values, qualifiers, written, strict=True)],
                 padding=4, fontsize=10)
    _rows(ax, names, 0.62)
    lo, hi = min(0.0, values.min()), max(0.0, values.max())
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - (0.3 * span if lo < 0 else 0), hi + 0.3 * span)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ulabel = "" if ulabel == "count" else ulabel
    ax.set_xlabel(catalogue.text("chart.value_unit", lang, unit=ulabel) if ulabel
                  else catalogue.text("chart.value", lang))
    if np.allclose(values, np.round(values)):  # counts: no tick at 0.5 households
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _minus(fmt_number(v, lang=lang))))
    _title(ax, title, "")
    return ax


@theme.styled
def indicator_panels(
    data: pd.DataFrame,
    *,
    lang: str = "zh",
    title: str | None = None,
    width: float = 7.2,
) -> Figure:
    """Indicators of several units: one :func:`indicator_bars` panel per unit, stacked.

    Parameters
    ----------
    data
        As for :func:`indicator_bars`; units may differ (grouped in order of appearance).
    lang, title, width
        ``zh`` / ``en``; a figure title (default none); the figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        A figure with one Axes per unit (``fig.axes``), each titled with its unit; panel
        heights follow their number of rows, so bars have the same thickness everywhere.
    """
    _start(lang)
    _require(data, "data", _IND_COLUMNS, _IND_EXPECTED)
    _numbers(data, "data", "value")
    keys = [(_text(u), b) for u, b in zip(data["unit"], _column(data, "unit_base", ""),
                                         strict=True)]
    units = list(dict.fromkeys(keys))
    groups = [data[[k == u for k in keys]] for u in units]
    lines = [sum(_wrap(n, lang).count("\n") + 1 for n in _names(g, lang)) for g in groups]
    fig = plt.figure(figsize=(width, sum(1.0 + 0.42 * n for n in lines) + (0.4 if title else 0)),
                     layout="constrained")
    # axes heights proportional to their rows: bars are equally thick in every panel
    axes = fig.subplots(len(groups), 1, squeeze=False, height_ratios=lines)[:, 0]
    for axis, (unit, base), group in zip(axes, units, groups, strict=True):
        scale = display_unit(unit, lang, _numbers(group, "data", "value"), base or None)[1]
        indicator_bars(group, ax=axis, lang=lang,
                       title=catalogue.text("chart.unit", lang, unit=scale or "—"))
        axis.title.set_fontsize(11)
        axis.set_xlabel("")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return fig


# --------------------------------------------------------------------------- level change

_PAREN_TAIL = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


@theme.styled
def level_change(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
    stated_rate: float | None = None,
) -> Axes:
    """Levels of one quantity in two (or more) years, with the compound annual growth rate.

    Parameters
    ----------
    data
        Rows of one quantity in one unit, columns indicator_zh, indicator_en, value, unit and
        period (a single year such as ``2015``; one row per year), e.g. ``agri_output_start``
        (27.19 亿元, 2015) and ``agri_output_end`` (38.13 亿元, 2020). Optional qualifier.
    ax, lang
        An Axes to draw into; ``zh`` / ``en``.
    title
        Default: the quantity's name (without a trailing "（期初）/(start)" note) and the years.
    stated_rate
        A rate the article states for the same span, as a fraction (0.06 for 6 %); written
        under the computed rate so the two can be compared.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per year (x tick labels are the years) with its value, and an arrow from the
        first to the last bar labelled with the CAGR computed from the two levels.

    Raises
    ------
    ParameterError
        Missing column, empty frame, fewer than two rows, a period that is not one year, two
        rows of the same year, several units, non-positive levels, a stated_rate > 1.
    """
    _start(lang)
    _require(data, "data", (*_IND_COLUMNS, "period"), "rows of load_indicators() of one "
             "quantity, one per year")
    if len(data) < 2:
        raise ParameterError(f"data must have at least two rows (start and end), got {len(data)}")
    if stated_rate is not None and (isinstance(stated_rate, bool)
                                    or not isinstance(stated_rate, int | float)
                                    or not -1 < stated_rate <= 1):
        hint = (f" (did you mean {stated_rate / 100:g}?)"
                if isinstance(stated_rate, int | float) and stated_rate > 1 else "")
        raise ParameterError(
            f"stated_rate must be a fraction in (-1, 1] such as 0.06, got {stated_rate!r}{hint}"
        )
    years = [_year(p) for p in data["period"]]
    for period, year in zip(data["period"], years, strict=True):
        if year is None:
            raise ParameterError(
                f"data['period'] must be a single year such as '2020' in every row, got "
                f"{_text(period)!r}"
            )
    if len(set(years)) < len(years):
        dup = pd.Series(years)[pd.Series(years).duplicated()].iloc[0]
        raise ParameterError(f"data has two rows for {dup}; pass one row per year")
    unit = _one_unit(data, "data", "level_change compares levels of one quantity")
    values = _numbers(data, "data", "value")
    order = np.argsort(years)
    years = [years[i] for i in order]
    values = values[order]
    qualifiers = [_column(data, "qualifier", "eq")[i] for i in order]
    names = [_column(data, f"indicator_{lang}", "")[i] for i in order]
    if (values <= 0).any():
        raise ParameterError("data['value'] must be positive levels to compute a growth rate")
    span = years[-1] - years[0]
    rate = growth.cagr(values[0], values[-1], span)

    scale, ulabel = display_unit(unit, lang, values, _one_base(data))
    written, values = values, values * scale  # one scale: bars, labels and axis
    frame = pd.DataFrame({"year": [str(y) for y in years], "value": values})
    colors = ["#9ecae1"] * (len(values) - 1) + [theme.BAR_COLOR]  # the last year stands out
    ax = _new_axes(ax, 5.6, 4.4)
    sns.barplot(frame, x="year", y="value", hue="year", palette=colors, width=0.55,
                saturation=1, errorbar=None, legend=False, ax=ax)
    for bars, value, qual, w in zip(ax.containers, values, qualifiers, written, strict=True):
        ax.bar_label(bars, labels=[_amount(value, ulabel, qual, lang, w)], padding=3,
                     fontsize=10)
    ax.set_xlabel("")
    ax.grid(axis="x", visible=False)
    x = np.arange(len(values))
    top = values.max()
    ax.set_ylim(0, top * 1.5)
    ax.annotate("", xy=(x[-1], values[-1] + top * 0.15), xytext=(x[0], values[0] + top * 0.13),
                arrowprops={"arrowstyle": "-|>", "color": "#444444", "linewidth": 1.2,
                            "shrinkA": 0, "shrinkB": 0, "connectionstyle": "arc3,rad=-0.15"})
    text = _minus(catalogue.text("chart.cagr", lang, rate=fmt_rate(rate), start=years[0],
                                 end=years[-1]))
    if stated_rate is not None:
        stated = fmt_rate(stated_rate, None)  # as the article writes it
        text += "\n" + _minus(catalogue.text("chart.stated", lang, rate=stated))
    ax.text(0.5, 0.97, text, transform=ax.transAxes, ha="center", va="top", fontsize=10,
            linespacing=1.5)
    ax.set_ylabel(ulabel)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_number(v, lang=lang)))
    common = {_PAREN_TAIL.sub("", n) for n in names}
    name = common.pop() if len(common) == 1 else names[-1]
    default = catalogue.text("chart.level_title", lang, name=name, start=years[0], end=years[-1])
    _title(ax, title, _wrap(default, lang, 24 if lang == "zh" else 48))
    return ax


# --------------------------------------------------------------------------- shares


@theme.styled
def rate_bars(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """Percentage indicators (coverage, treatment rates …) as gauges on a 0-100 axis.

    Parameters
    ----------
    data
        Rows with unit ``%`` and values in [0, 100]: columns indicator_zh, indicator_en,
        value, unit; optional qualifier and period. Growth rates belong to
        :func:`rate_comparison`, levels to :func:`indicator_bars`.
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title ``chart.shares``
        of the word catalogue ("Shares").

    Returns
    -------
    matplotlib.axes.Axes
        One bar per row over a grey 0-100 track, labelled with its value (``≥ 95%``).

    Raises
    ------
    ParameterError
        Missing column, empty frame, a unit other than %, a value outside [0, 100].
    """
    _start(lang)
    _require(data, "data", _IND_COLUMNS, "rows of load_indicators() in %")
    values = _numbers(data, "data", "value")
    units = sorted({_text(u) for u in data["unit"]} - {"%"})
    if units:
        raise ParameterError(
            f"data must hold percentages (unit '%') for a 0-100 axis, got unit(s) "
            f"{', '.join(units)}; use plots.indicator_bars() for other units"
        )
    bad = (values < 0) | (values > 100)
    if bad.any():
        raise ParameterError(
            f"data['value'] must lie in [0, 100] on a 0-100 axis, got {values[bad][0]!r}; "
            "use plots.indicator_bars() for percentages outside it"
        )
    names = [_wrap(n, lang, 16 if lang == "zh" else 34) for n in _names(data, lang)]
    qualifiers = _column(data, "qualifier", "eq")
    frame = pd.DataFrame({"row": np.arange(len(values)), "value": values, "track": 100.0})
    ax = _new_axes(ax, 7.2, _height(names))
    for column, color in (("track", theme.TRACK_COLOR), ("value", theme.BAR_COLOR)):
        sns.barplot(frame, x=column, y="row", orient="y", color=color, width=0.62,
                    saturation=1, errorbar=None, ax=ax)
    for pos, value, qual in zip(frame["row"], values, qualifiers, strict=True):
        text = _fmt(value, "%", qual, lang)
        inside = value >= 25
        ax.text(value - 1.5 if inside else value + 1.5, pos, text, va="center",
                ha="right" if inside else "left", fontsize=10,
                color="white" if inside else "#222222", fontweight="bold" if inside else None)
    _rows(ax, names, 0.62)
    ax.set_xlim(0, 100)
    ax.set_xticks(np.arange(0, 101, 20))
    _pct_axis(ax)
    ax.set_xlabel(catalogue.text("chart.percent_axis", lang))
    ax.grid(False)
    _title(ax, title, catalogue.text("chart.shares", lang))
    return ax
