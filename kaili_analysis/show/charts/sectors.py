"""The three-sector structure of the economy: shares per year, stacked.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from kaili_analysis.errors import ParameterError
from kaili_analysis.show import theme
from kaili_analysis.show.charts._common import (
    _new_axes,
    _numbers,
    _pct_axis,
    _require,
    _rows,
    _start,
    _text,
    _title,
    _year,
)
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.formats import fmt_number

_SECTORS = ("primary", "secondary", "tertiary")


def _sector_keys(data: pd.DataFrame) -> list[str]:
    if "sector" in data.columns:
        keys = [_text(s) for s in data["sector"]]
    else:
        keys = []
        for concept in data["concept"]:
            match = re.search(r"(primary|secondary|tertiary)", _text(concept))
            keys.append(match.group(1) if match else _text(concept))
    bad = [k for k in keys if k not in _SECTORS]
    if bad:
        raise ParameterError(
            f"data: sector must be one of {', '.join(_SECTORS)} (column 'sector', or a "
            f"'concept' such as sector_share_primary), got {bad[0]!r}"
        )
    return keys


@theme.styled
def sector_structure(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """The three-sector shares of each year as stacked horizontal bars, totals as stated.

    The parts are drawn as the article gives them, never rescaled: a year whose parts sum to
    101.0 or 98.0 shows a bar that ends past or short of the dashed 100 % line, and its total
    is written at the bar's end (highlighted when it is not 100).

    Parameters
    ----------
    data
        One row per (year, sector), columns period (a year), value (percent) and either
        ``sector`` (primary / secondary / tertiary) or ``concept`` (``sector_share_primary``
        …, as in :func:`~kaili_analysis.load_indicators`).
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title ``chart.sector_title`` of
        the word catalogue ("Economic structure by sector").

    Returns
    -------
    matplotlib.axes.Axes
        One stacked bar per year (earliest on top, y tick labels are the years); each segment
        is labelled with its share; the total (``chart.total``, "Total 101.0%") follows each bar.
    """
    _start(lang)
    key_col = "sector" if isinstance(data, pd.DataFrame) and "sector" in data.columns else "concept"
    _require(data, "data", ("period", "value", key_col),
             "sector shares (rows of load_indicators() with concept sector_share_*)")
    values = _numbers(data, "data", "value")
    keys = _sector_keys(data)
    years = []
    for period in data["period"]:
        year = _year(period)
        if year is None:
            raise ParameterError(f"data['period'] must be a year such as '2016', got {period!r}")
        years.append(year)
    table = pd.DataFrame({"year": years, "sector": keys, "value": values})
    if table.duplicated(["year", "sector"]).any():
        row = table[table.duplicated(["year", "sector"])].iloc[0]
        raise ParameterError(f"data has two {row['sector']} shares for {row['year']}")
    wide = table.pivot(index="year", columns="sector", values="value").sort_index()
    wide = wide.reindex(columns=[s for s in _SECTORS if s in wide.columns])

    sectors = list(wide.columns)
    rows = {year: pos for pos, year in enumerate(wide.index)}
    tidy = table.assign(row=table["year"].map(rows),
                        name=[catalogue.text(f"chart.sector.{k}", lang) for k in table["sector"]])
    names = [catalogue.text(f"chart.sector.{k}", lang) for k in sectors]
    ax = _new_axes(ax, 7.6, 1.9 + 0.75 * len(wide))
    # stacked as given, never rescaled: seaborn stacks the last hue level first
    sns.histplot(tidy, y="row", weights="value", hue="name", hue_order=names[::-1],
                 palette=dict(zip(names, (theme.SECTOR_COLORS[k] for k in sectors),
                                  strict=True)),
                 multiple="stack", discrete=True, shrink=0.55, edgecolor="white", linewidth=1,
                 alpha=1, ax=ax)
    bars = list(ax.containers)  # drawn in reverse hue order: primary first, on the left
    for container in bars:
        ax.bar_label(container, labels=[fmt_number(p.get_width(), 1) if p.get_width() >= 3
                                        else "" for p in container],
                     label_type="center", color="white", fontsize=10, fontweight="bold")
    totals = wide.fillna(0).sum(axis=1).to_numpy()
    for pos, total in enumerate(totals):
        off = not math.isclose(total, 100, abs_tol=0.05)
        note = catalogue.text("chart.not_100", lang) if off else ""
        ax.text(max(total, 100) + 1.5, pos,
                catalogue.text("chart.total", lang, total=fmt_number(total, 1)) + note,
                va="center", ha="left", fontsize=10,
                color=theme.ALERT_COLOR if off else "#333333",
                fontweight="bold" if off else "normal")
    ax.axvline(100, color="#555555", linestyle="--", linewidth=1)
    _rows(ax, [str(year) for year in wide.index], 0.55)  # the earliest year on top
    ax.set_xlim(0, max(100.0, totals.max()) + 32)
    ax.set_xticks(np.arange(0, 101, 20))
    _pct_axis(ax)
    ax.set_xlabel(catalogue.text("chart.sector_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(bars, names, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(names),
              frameon=False, borderaxespad=0.2, handlelength=1.2)
    _title(ax, title, catalogue.text("chart.sector_title", lang), above=True)
    return ax
