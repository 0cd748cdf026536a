"""Charts of the reports: one function per chart, a tidy DataFrame in, an Axes out.

Every function is called like a seaborn axes-level function::

    ax = plots.rate_bars(ind[ind["kind"] == "share"], lang="en")

``ax`` draws into an existing Axes (default: a new figure sized to the data); ``lang`` (``zh``
or ``en``) picks the language of titles, axis labels and legends; ``title`` replaces the
default title (``""`` for none). Indicator names and units come from the data's columns
(``indicator_zh`` / ``indicator_en``, ``unit``); the package's own words from
:mod:`kaili_analysis.i18n` and the small table :data:`WORDS` below. Values on bars are
formatted with :func:`kaili_analysis.i18n.fmt_number`, with their qualifier (≥ ≈ > …).

Missing columns and empty frames raise :class:`~kaili_analysis.errors.ParameterError` naming
the argument and what was expected. Nothing is shown or closed: a notebook displays the
figure; a script calls ``ax.figure.savefig(...)`` and ``plt.close(ax.figure)``.

Each function applies the reports' theme first (:func:`kaili_analysis.theme.set_theme`), so the
Chinese font is in force however the caller configured matplotlib.

Charts:

=========================  ===========================================================
:func:`indicator_bars`     a few indicators of ONE unit as horizontal bars
:func:`indicator_panels`   indicators of several units: one panel per unit (a Figure)
:func:`level_change`       start vs end level of one quantity, with the CAGR
:func:`sector_structure`   the three-sector shares of two (or more) years, stacked
:func:`rate_bars`          percentages (shares) on a 0-100 axis
:func:`rate_comparison`    required vs 2016-2020 growth rate per goal (targets_table)
:func:`projection`         paths toward a goal per scenario (projection_paths)
:func:`audit_summary`      findings per check, stacked by verdict (run_audit)
:func:`commitments_vs_history`  2022 commitments against the 2016-2020 yearly pace
=========================  ===========================================================

:func:`commitments_frame` builds the input of :func:`commitments_vs_history` from
:func:`~kaili_analysis.load_projects` and :func:`~kaili_analysis.load_indicators`.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import growth, theme
from .errors import KailiError, ParameterError
from .i18n import check_lang, fmt_number, fmt_pp, fmt_rate, fmt_value, label
from .units import base_label, parse_unit

__all__ = [
    "WORDS",
    "audit_summary",
    "commitments_frame",
    "commitments_vs_history",
    "indicator_bars",
    "indicator_panels",
    "level_change",
    "projection",
    "rate_bars",
    "rate_comparison",
    "sector_structure",
]

#: Chart words that are not in :data:`kaili_analysis.i18n.LABELS`: {key: (zh, en)}.
WORDS: dict[str, tuple[str, str]] = {
    "value": ("数值", "Value"),
    "unit": ("单位：{unit}", "Unit: {unit}"),
    "indicators": ("主要指标", "Indicators"),
    "shares": ("比率指标", "Shares"),
    "percent_axis": ("比率（%）", "Share (%)"),
    "cagr": ("年均增长 {rate}（{y0}→{y1}年，按起止值计算）",
             "{rate} a year ({y0}→{y1}, computed from the levels)"),
    "stated": ("文中称年均增长 {rate}", "the article states {rate} a year"),
    "level_title": ("{name}：{y0}年与{y1}年", "{name}: {y0} and {y1}"),
    "sector_title": ("三次产业结构", "Economic structure by sector"),
    "sector_axis": ("占比（%）", "Share (%)"),
    "primary": ("第一产业", "Primary"),
    "secondary": ("第二产业", "Secondary"),
    "tertiary": ("第三产业", "Tertiary"),
    "total": ("合计 {total}%", "Total {total}%"),
    "not_100": ("（≠100%）", " (≠ 100%)"),
    "rates_title": ("目标所需增速与“十三五”实际增速", "Required growth vs 2016-2020 growth"),
    "rate_axis": ("年均增速（%）", "Average annual growth (%)"),
    "required": ("目标所需年均增速", "rate the goal requires"),
    "no_history": ("无“十三五”增速可比", "no 2016-2020 rate"),
    "left_out": ("未列出{n}项无增速可算的目标：{names}。",
                 "Not shown, {n} goal(s) with no growth rate to compute: {names}."),
    "qualitative_n": ("{n}项非量化目标", "{n} qualitative goal(s)"),
    "gap": ("与“十三五”之差", "gap vs 2016-2020"),
    "projection_title": ("{name}：{y0}—{y1}年路径", "{name}: paths {y0}-{y1}"),
    "year": ("年份", "Year"),
    "index_axis": ("指数（{y0}年=100）", "Index ({y0} = 100)"),
    "goal": ("目标", "goal"),
    "audit_title": ("数据一致性核查结果", "Consistency checks of the article's figures"),
    "findings_axis": ("核查结果（条）", "Number of findings"),
    "commit_title": ("2022年民生实事任务与“十三五”年均完成量",
                     "2022 commitments vs the 2016-2020 yearly average"),
    "commit_axis": ("2022年任务量 ÷ “十三五”年均完成量（倍）",
                    "2022 commitment ÷ 2016-2020 average per year (×)"),
    "same_pace": ("与“十三五”年均持平", "same as 2016-2020 average"),
    "commit_label": ("{ratio}倍：2022年{a}，“十三五”年均{b}",
                     "{ratio}×: {a} in 2022 vs {b} a year"),
    "commit_missing": ("无“十三五”可比数据，未列出：{names}。",
                       "Left out, no comparable 2016-2020 figure: {names}."),
}

_SECTORS = ("primary", "secondary", "tertiary")
_VERDICTS = ("inconsistent", "unverifiable", "consistent")
_SCENARIOS = ("plan", "history", "user")
_PAREN_TAIL = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_YEAR = re.compile(r"\d{4}")


# --------------------------------------------------------------------------- helpers


def _w(key: str, lang: str, **fields: object) -> str:
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def _cap(text: str) -> str:
    """Capitalise the first letter of a legend entry ('plan' -> 'Plan')."""
    return text[:1].upper() + text[1:]


def _require(data: object, name: str, columns: Sequence[str], expected: str) -> pd.DataFrame:
    """Check that ``data`` is a non-empty DataFrame with ``columns``."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"{name} must be a pandas DataFrame ({expected}), got {type(data).__name__}"
        )
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ParameterError(
            f"{name} is missing column(s) {', '.join(repr(c) for c in missing)}; expected "
            f"{expected} with columns {', '.join(columns)}"
        )
    if data.empty:
        raise ParameterError(f"{name} is empty; expected {expected} with at least one row")
    return data


def _numbers(data: pd.DataFrame, name: str, column: str, *, allow_nan: bool = False) -> np.ndarray:
    try:
        values = pd.to_numeric(data[column], errors="raise").to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise ParameterError(f"{name}[{column!r}] must hold numbers") from None
    bad = np.isinf(values) if allow_nan else ~np.isfinite(values)
    if bad.any():
        raise ParameterError(
            f"{name}[{column!r}] must hold finite numbers, got {values[bad][0]!r} in row "
            f"{data.index[np.flatnonzero(bad)[0]]!r}"
        )
    return values


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _column(data: pd.DataFrame, column: str, default: str) -> list[str]:
    if column not in data.columns:
        return [default] * len(data)
    return [_text(v) or default for v in data[column]]


def _new_axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is not None:
        if not isinstance(ax, Axes):
            raise ParameterError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
        return ax
    _, new = plt.subplots(figsize=(width, height), layout="constrained")
    return new


def _start(lang: str) -> None:
    check_lang(lang)
    theme.set_theme(lang)


def _title(ax: Axes, title: str | None, default: str, *, above: bool = False) -> None:
    """Set the title (``None``: the default, ``""``: none); ``above`` leaves room for a
    legend drawn between the title and the axes."""
    text = default if title is None else title
    if text:
        ax.set_title(text, pad=30 if above else None)


def _wrap(text: str, lang: str, width: int | None = None) -> str:
    """Wrap a label: ~13 characters a line in Chinese, ~30 in English."""
    width = width or (13 if lang == "zh" else 30)
    if len(text) <= width:
        return text
    if lang == "zh" and " " not in text:
        # no spaces to break at: cut into lines of equal length, not 13 + a lone character
        width = math.ceil(len(text) / math.ceil(len(text) / width))
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False)
    return "\n".join(lines)


def _minus(text: str) -> str:
    """Use the typographic minus in numbers when the theme does (as the tick labels do)."""
    if plt.rcParams["axes.unicode_minus"]:
        return re.sub(r"(?<![\w.])-(?=\d)", "\u2212", text)
    return text


def _unit_label(unit: str, lang: str) -> str:
    """The unit as the report language writes it: '亿元' / '100m yuan'."""
    if lang == "zh" or unit in {"", "%"}:
        return unit
    try:
        return parse_unit(unit).label_en
    except KailiError:
        return unit


def _en_amount(value: float, unit: str, *, name: bool = True) -> str:
    """An amount in English words: 38.13 亿元 -> '3.813 billion yuan', 1.4 万人 -> '14,000
    persons' (a '10k'/'100m' unit after a number reads as part of the number). ``name=False``
    leaves the unit's name out ('14,000')."""
    try:
        parsed = parse_unit(unit)
    except KailiError:
        return f"{fmt_number(value)} {unit if name else ''}".strip()
    if unit == "A级":
        return f"{fmt_number(value)}A"
    if parsed.factor == 1:
        word = parsed.label_en if name and parsed.label_en != "count" else ""
        return f"{fmt_number(value)} {word}".strip()
    amount = value * parsed.factor
    scale = next(((size, word) for size, word in ((1e9, "billion"), (1e6, "million"))
                  if abs(amount) >= size), (1, ""))
    number = f"{amount / scale[0]:,.4f}".rstrip("0").rstrip(".")
    words = [number, scale[1], base_label(parsed.base, "en") if name else ""]
    return " ".join(w for w in words if w)


def _fmt(value: float, unit: str, qualifier: str, lang: str) -> str:
    """A value with its qualifier and unit in the report language: '≥ 26 万亩' in Chinese,
    '≥ 260,000 mu' in English."""
    if unit in {"%", "分之", ""} or lang == "zh":
        text = fmt_value(value, unit, qualifier or "eq", lang)
    else:
        symbol = label("qualifier", qualifier or "eq", "en")
        text = (symbol + " " if symbol else "") + _en_amount(value, unit)
    return _minus(text)


def _names(data: pd.DataFrame, lang: str) -> list[str]:
    """Indicator names in the report language; a repeated name gets its period appended."""
    names = [_text(v) for v in data[f"indicator_{lang}"]]
    periods = _column(data, "period", "")
    counts = pd.Series(names).value_counts()
    out = []
    for name, period in zip(names, periods, strict=True):
        if counts[name] > 1 and period:
            name = f"{name}（{period}）" if lang == "zh" else f"{name} ({period})"
        out.append(name)
    return out


def _one_unit(data: pd.DataFrame, name: str, hint: str) -> str:
    units = list(dict.fromkeys(_text(u) for u in data["unit"]))
    if len(units) > 1:
        raise ParameterError(
            f"{name} has rows in several units ({', '.join(units)}); bars of different units "
            f"on one axis mislead: {hint}"
        )
    return units[0]


def _height(labels: Iterable[str], per_line: float = 0.28, extra: float = 1.4) -> float:
    """A figure height (inches) for horizontal bars with these (wrapped) tick labels."""
    labels = list(labels)
    lines = sum(text.count("\n") + 1 for text in labels)
    return max(2.6, extra + per_line * lines + 0.22 * len(labels))


def _year(period: object) -> int | None:
    text = _text(period).strip()
    return int(text) if _YEAR.fullmatch(text) else None


def _pct_axis(ax: Axes, axis: str = "x") -> None:
    fmt = FuncFormatter(lambda v, _pos: _minus(f"{v:g}%"))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


def _note(ax: Axes, text: str) -> None:
    """A small note under the x-axis label, left-aligned with the axes."""
    ax.annotate(text, xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -10),
                textcoords="offset points", ha="left", va="top", fontsize=9, color="#555555",
                linespacing=1.4, annotation_clip=False)


# --------------------------------------------------------------------------- indicators

_IND_COLUMNS = ("indicator_zh", "indicator_en", "value", "unit")
_IND_EXPECTED = "rows of load_indicators()"


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
    ax = _new_axes(ax, 7.2, _height(names))
    y = np.arange(len(values))
    bars = ax.barh(y, values, color=color or theme.BAR_COLOR, height=0.62)
    ax.bar_label(bars, labels=[_fmt(v, unit, q, lang) for v, q in
                               zip(values, qualifiers, strict=True)], padding=4, fontsize=10)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    lo, hi = min(0.0, values.min()), max(0.0, values.max())
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - (0.3 * span if lo < 0 else 0), hi + 0.3 * span)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ulabel = _unit_label(unit, lang)
    ax.set_xlabel(f"{_w('value', lang)}（{ulabel}）" if lang == "zh" and ulabel
                  else f"{_w('value', lang)} ({ulabel})" if ulabel else _w("value", lang))
    if np.allclose(values, np.round(values)):  # counts: no tick at 0.5 households
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _minus(fmt_number(v))))
    _title(ax, title, "")
    return ax


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
    units = list(dict.fromkeys(_text(u) for u in data["unit"]))
    groups = [data[data["unit"].map(_text) == u] for u in units]
    lines = [sum(_wrap(n, lang).count("\n") + 1 for n in _names(g, lang)) for g in groups]
    fig = plt.figure(figsize=(width, sum(1.0 + 0.42 * n for n in lines) + (0.4 if title else 0)),
                     layout="constrained")
    # axes heights proportional to their rows: bars are equally thick in every panel
    axes = fig.subplots(len(groups), 1, squeeze=False, height_ratios=lines)[:, 0]
    for axis, unit, group in zip(axes, units, groups, strict=True):
        indicator_bars(group, ax=axis, lang=lang, title=_w("unit", lang,
                                                           unit=_unit_label(unit, lang) or "—"))
        axis.title.set_fontsize(11)
        axis.set_xlabel("")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return fig


# --------------------------------------------------------------------------- level change


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

    ax = _new_axes(ax, 5.6, 4.4)
    x = np.arange(len(values))
    colors = ["#9ecae1"] * (len(values) - 1) + [theme.BAR_COLOR]
    bars = ax.bar(x, values, color=colors, width=0.55)
    ax.bar_label(bars, labels=[_fmt(v, unit, q, lang) for v, q in
                               zip(values, qualifiers, strict=True)], padding=3, fontsize=10)
    ax.set_xticks(x, [str(y) for y in years])
    ax.grid(axis="x", visible=False)
    top = values.max()
    ax.set_ylim(0, top * 1.5)
    ax.annotate("", xy=(x[-1], values[-1] + top * 0.15), xytext=(x[0], values[0] + top * 0.13),
                arrowprops={"arrowstyle": "-|>", "color": "#444444", "linewidth": 1.2,
                            "shrinkA": 0, "shrinkB": 0, "connectionstyle": "arc3,rad=-0.15"})
    text = _minus(_w("cagr", lang, rate=fmt_rate(rate), y0=years[0], y1=years[-1]))
    if stated_rate is not None:
        text += "\n" + _minus(_w("stated", lang, rate=fmt_rate(stated_rate)))
    ax.text(0.5, 0.97, text, transform=ax.transAxes, ha="center", va="top", fontsize=10,
            linespacing=1.5)
    ulabel = _unit_label(unit, lang)
    ax.set_ylabel(ulabel)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_number(v)))
    common = {_PAREN_TAIL.sub("", n) for n in names}
    name = common.pop() if len(common) == 1 else names[-1]
    _title(ax, title, _wrap(_w("level_title", lang, name=name, y0=years[0], y1=years[-1]),
                            lang, 24 if lang == "zh" else 48))
    return ax


# --------------------------------------------------------------------------- sector structure


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
        An Axes to draw into; ``zh`` / ``en``; default title "三次产业结构" / "Economic
        structure by sector".

    Returns
    -------
    matplotlib.axes.Axes
        One stacked bar per year (earliest on top, y tick labels are the years); each segment
        is labelled with its share; the text ``合计 101.0%`` / ``Total 101.0%`` follows each bar.
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

    ax = _new_axes(ax, 7.6, 1.9 + 0.75 * len(wide))
    y = np.arange(len(wide))
    left = np.zeros(len(wide))
    for sector in wide.columns:
        part = wide[sector].fillna(0).to_numpy()
        bars = ax.barh(y, part, left=left, height=0.55, color=theme.SECTOR_COLORS[sector],
                       label=_w(sector, lang), edgecolor="white", linewidth=1)
        ax.bar_label(bars, labels=[f"{fmt_number(v, 1)}" if v >= 3 else "" for v in part],
                     label_type="center", color="white", fontsize=10, fontweight="bold")
        left += part
    for pos, total in zip(y, left, strict=True):
        off = not math.isclose(total, 100, abs_tol=0.05)
        text = _w("total", lang, total=fmt_number(total, 1)) + (_w("not_100", lang) if off else "")
        ax.text(max(total, 100) + 1.5, pos, text, va="center", ha="left", fontsize=10,
                color=theme.ALERT_COLOR if off else "#333333",
                fontweight="bold" if off else "normal")
    ax.axvline(100, color="#555555", linestyle="--", linewidth=1)
    ax.set_yticks(y, [str(year) for year in wide.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(100.0, left.max()) + 32)
    ax.set_xticks(np.arange(0, 101, 20))
    _pct_axis(ax)
    ax.set_xlabel(_w("sector_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(wide.columns),
              frameon=False, borderaxespad=0.2, handlelength=1.2)
    _title(ax, title, _w("sector_title", lang), above=True)
    return ax


# --------------------------------------------------------------------------- shares


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
        An Axes to draw into; ``zh`` / ``en``; default title "比率指标" / "Shares".

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
    ax = _new_axes(ax, 7.2, _height(names))
    y = np.arange(len(values))
    ax.barh(y, np.full(len(values), 100.0), color=theme.TRACK_COLOR, height=0.62)
    ax.barh(y, values, color=theme.BAR_COLOR, height=0.62)
    for pos, value, qual in zip(y, values, qualifiers, strict=True):
        text = _fmt(value, "%", qual, lang)
        inside = value >= 25
        ax.text(value - 1.5 if inside else value + 1.5, pos, text, va="center",
                ha="right" if inside else "left", fontsize=10,
                color="white" if inside else "#222222", fontweight="bold" if inside else None)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xticks(np.arange(0, 101, 20))
    _pct_axis(ax)
    ax.set_xlabel(_w("percent_axis", lang))
    ax.grid(False)
    _title(ax, title, _w("shares", lang))
    return ax


# --------------------------------------------------------------------------- targets


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


# --------------------------------------------------------------------------- audit


def audit_summary(
    findings: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """Number of audit findings per check, stacked by verdict.

    Parameters
    ----------
    findings
        :func:`~kaili_analysis.run_audit`: columns check and verdict (others ignored).
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title "数据一致性核查结果".

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per check (in the findings' order; y tick labels are the i18n
        check words), segments inconsistent / unverifiable / consistent in fixed colours
        (:data:`kaili_analysis.theme.VERDICT_COLORS`), each labelled with its count.
    """
    _start(lang)
    _require(findings, "findings", ("check", "verdict"), "the output of run_audit()")
    checks = list(dict.fromkeys(_text(c) for c in findings["check"]))
    verdicts = [v for v in _VERDICTS if v in set(findings["verdict"])]
    verdicts += [v for v in dict.fromkeys(_text(v) for v in findings["verdict"])
                 if v not in verdicts]
    try:
        check_names = [_wrap(_cap(label("check", c, lang)), lang, 14 if lang == "zh" else 26)
                       for c in checks]
        verdict_names = {v: label("verdict", v, lang) for v in verdicts}
    except ParameterError as exc:
        raise ParameterError(f"findings: {exc}") from None
    counts = (findings.assign(check=findings["check"].map(_text),
                              verdict=findings["verdict"].map(_text))
              .groupby(["check", "verdict"]).size().unstack(fill_value=0)
              .reindex(index=checks, columns=verdicts, fill_value=0))

    ax = _new_axes(ax, 7.2, _height(check_names, extra=1.9))
    y = np.arange(len(checks))
    left = np.zeros(len(checks))
    for verdict in verdicts:
        part = counts[verdict].to_numpy(dtype=float)
        bars = ax.barh(y, part, left=left, height=0.6, label=_cap(verdict_names[verdict]),
                       color=theme.VERDICT_COLORS.get(verdict, "#777777"), edgecolor="white")
        ax.bar_label(bars, labels=[str(int(v)) if v else "" for v in part],
                     label_type="center", color="white", fontsize=10, fontweight="bold")
        left += part
    for pos, total in zip(y, left, strict=True):
        ax.text(total + 0.2, pos, f"{int(total)}", va="center", fontsize=10, color="#333333")
    ax.set_yticks(y, check_names)
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.12 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_w("findings_axis", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(verdicts), frameon=False,
              borderaxespad=0.2, handlelength=1.2)
    _title(ax, title, _w("audit_title", lang), above=True)
    return ax


# --------------------------------------------------------------------------- 2022 projects

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
        An Axes to draw into; ``zh`` / ``en``; default title
        "2022年民生实事任务与“十三五”年均完成量".

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

    ax = _new_axes(ax, 7.8, _height(names, extra=1.9))
    y = np.arange(len(ratio))
    ax.barh(y, ratio, height=0.6, color=theme.BAR_COLOR)
    top = ratio.max() * 2.1 + 0.5
    for pos, r, a, b, u in zip(y, ratio, v22[keep], per_year[keep], units, strict=True):
        per_year_text = (_fmt(b, u, "eq", lang) if lang == "zh"
                         else _minus(_en_amount(b, u, name=False)))
        text = _w("commit_label", lang, ratio=fmt_number(round(r, 1), 1),
                  a=_fmt(a, u, "eq", lang), b=per_year_text)
        ax.text(max(r, 1) + 0.015 * top, pos, text, va="center", ha="left", fontsize=9)
    ax.axvline(1, color="#555555", linestyle="--", linewidth=1)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}×"))
    ax.set_xlabel(_w("commit_axis", lang))
    ax.grid(axis="y", visible=False)
    handles = [Line2D([0], [0], color="#555555", linestyle="--",
                      label=_cap(_w("same_pace", lang)))]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False,
              borderaxespad=0.2)
    dropped = data[~keep]
    if len(dropped):
        names_out = ("、" if lang == "zh" else ", ").join(_names(dropped, lang))
        _note(ax, _wrap(_w("commit_missing", lang, names=names_out), lang,
                        44 if lang == "zh" else 95))
    _title(ax, title, _w("commit_title", lang), above=True)
    return ax

