"""Shared by the chart modules: argument checks, labels and numbers in the report language,
and axes set-up. The charts' words are the ``chart.*`` entries of the word catalogue.
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
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter

from kaili_analysis.config import check_lang
from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.quantities import single_year
from kaili_analysis.data.units import base_label, parse_unit
from kaili_analysis.errors import KailiError, ParameterError
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.formats import fmt_number, fmt_value, qualified


def _cap(text: str) -> str:
    """Capitalise the first letter of a legend entry ('plan' -> 'Plan')."""
    return text[:1].upper() + text[1:]




def _require(data: object, name: str, columns: Sequence[str], expected: str) -> pd.DataFrame:
    """A chart's data: a non-empty DataFrame with ``columns``."""
    return require_columns(data, name, columns, expected=expected, non_empty=True)


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
    """Check ``lang``; the theme is in force already (every chart function is
    :func:`~kaili_analysis.show.theme.styled`)."""
    check_lang(lang)


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


def display_unit(unit: str, lang: str, values: Iterable[float],
                 base: str | None = None) -> tuple[float, str]:
    """The scale and the unit label that state ``values`` (in ``unit``) in one unit in the
    reader's language, for the axis, the labels and the legend of one chart alike: Chinese
    keeps the written unit (亿元); English turns a unit with a Chinese magnitude into
    billion / million / thousand of its base unit, chosen by the largest value (47 亿元 →
    4.7 billion yuan: factor 0.1, 'billion yuan').

    Parameters
    ----------
    unit
        The unit as written.
    lang
        ``zh`` or ``en``.
    values
        The values the chart shows, in ``unit``.
    base
        The records' ``unit_base`` (万户 of market entities: 'thousand market entities').

    Returns
    -------
    tuple
        (factor to multiply the values by, unit label).
    """
    if lang == "zh" or unit in {"", "%"}:
        try:
            return 1.0, parse_unit(unit).label_zh if unit not in {"", "%"} else unit
        except KailiError:
            return 1.0, unit
    try:
        parsed = parse_unit(unit)
    except KailiError:
        return 1.0, unit
    word = base_label(base if base in parsed.bases else parsed.base, "en")
    if parsed.factor == 1:
        return 1.0, parsed.label_en if not base or base == parsed.base else word
    top = max((abs(v) for v in values if math.isfinite(v)), default=0.0) * parsed.factor
    for size, scale in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if top >= size:
            return parsed.factor / size, f"{scale} {word}"
    return parsed.factor, word


def _amount(value: float, unit_label: str, qualifier: str, lang: str,
            written: float | None = None) -> str:
    """A value already in a chart's scale with its qualifier and the chart's unit label:
    '≥ 47亿元' / '≥ 4.7 billion yuan' / '≥ 120' (an index). ``written`` (the value in its
    written unit) keeps its digits: 38.13亿 is 3.813 billion, not 3.81."""
    if written is not None and written and value:
        shift = round(math.log10(abs(written) / abs(value)))
        written_decimals = len(fmt_number(written).partition(".")[2])  # as the tables write it
        decimals = max(0, min(written_decimals + shift, 6))
        number = fmt_number(round(value, decimals), decimals, lang)
        number = _minus(number.rstrip("0").rstrip(".") if "." in number else number)
    else:
        number = _minus(fmt_number(round(value, 2), lang=lang))
    word = "" if unit_label in {"count", "个"} and lang == "en" else unit_label
    joined = (f"{number}{word}" if lang == "zh" or word in {"", "%"}
              else f"{number} {word}")
    return qualified(joined, qualifier or "eq", lang, number=number)


def _fmt(value: float, unit: str, qualifier: str, lang: str) -> str:
    """A value with its qualifier and unit in the report language: '≥ 26 万亩' in Chinese,
    '≥ 260,000 mu' in English."""
    return _minus(fmt_value(value, unit, qualifier or "eq", lang))


def _names(data: pd.DataFrame, lang: str) -> list[str]:
    """Indicator names in the report language; a repeated name gets its period appended."""
    names = [_text(v) for v in data[f"indicator_{lang}"]]
    periods = _column(data, "period", "")
    counts = pd.Series(names).value_counts()
    out = []
    for name, period in zip(names, periods, strict=True):
        if counts[name] > 1 and period:
            name = catalogue.text("chart.name_period", lang, name=name, period=period)
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


def _rows(ax: Axes, labels: Sequence[str], width: float) -> None:
    """Label the rows 0, 1 … of horizontal bars ``width`` thick, the first on top, with
    matplotlib's usual 5 % margin above and below the bars (seaborn's categorical axis has
    none, which would put the first bar against the title)."""
    n = len(labels)
    pad = 0.05 * (n - 1 + width)
    ax.set_yticks(range(n), labels)
    ax.set_ylim(n - 1 + width / 2 + pad, -width / 2 - pad)
    ax.set_ylabel("")


def _year(period: object) -> int | None:
    return single_year(_text(period))


def _pct_axis(ax: Axes, axis: str = "x") -> None:
    fmt = FuncFormatter(lambda v, _pos: _minus(f"{v:g}%"))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


_NOTE_SIZE = 9
#: Chinese punctuation that may not start a line (it stays on the line before).
_NO_LINE_START = "，。、；：？！）」』”’》%"
_TOKEN = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+\s*|\s+|.")


def _text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width of ``text`` in points, drawn in the theme's font at ``size`` and ``weight``."""
    prop = FontProperties(family=plt.rcParams["font.family"], size=size, weight=weight)
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)[0]


def _fit_lines(text: str, width_pt: float, size: float = _NOTE_SIZE,
               weight: str = "normal") -> list[str]:
    """Break ``text`` into lines no wider than ``width_pt`` (drawn at ``size`` and ``weight``):
    at spaces in English, between characters in Chinese (never before closing punctuation);
    existing line breaks stay."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            candidate = line + token
            if (line and token[0] not in _NO_LINE_START
                    and _text_width(candidate.rstrip(), size, weight) > width_pt):
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


def _note(ax: Axes, text: str) -> None:
    """A small note under the x-axis label, from the figure's left edge, wrapped to the
    figure's width so that no line runs off it."""
    fig = ax.figure
    width = fig.get_figwidth() * 72 * 0.95
    wrapped = "\n".join(_fit_lines(text, width))
    ax.annotate(wrapped, xy=(0.015, 0), xycoords=("figure fraction", ax.xaxis.label),
                xytext=(0, -10), textcoords="offset points", ha="left", va="top",
                fontsize=_NOTE_SIZE, color="#555555", linespacing=1.4,
                annotation_clip=False)
