"""The what-if panel of the targets report: a rate per goal, recomputed in the page itself.

For every goal that can be projected (``projection`` of :func:`kaili_analysis.targets_table`
not empty) the panel has a slider and a number input (percent a year, starting at the plan
rate: a level goal's required rate, a rate goal's stated rate) and shows the level in the
goal's year (or the index, base year = 100, where the article gives no base), the gap to the
goal honouring its direction, whether it is met, and the path, drawn as inline SVG.

The library makes the data (:func:`whatif_data`, a JSON-able dict) and the panel's HTML
(:func:`panel_html`); the page's script, ``show/scripts/whatif.js`` (carried only through
:func:`.scripts.script_tag`), reads the data from a ``<script type="application/json">``
block and does arithmetic only: ``base * (1 + rate) ** years``, as
:func:`kaili_analysis.analysis.growth.project`. :func:`whatif_outcome` is the same arithmetic in
Python. The panel leaves the PDF (print CSS); the static charts stay.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from kaili_analysis import config
from kaili_analysis.analysis import growth
from kaili_analysis.config import check_lang
from kaili_analysis.data.quantities import admitted
from kaili_analysis.data.units import base_label, parse_unit, to_base
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.escape import escape_html as _esc
from kaili_analysis.show.pages.scripts import script_tag
from kaili_analysis.show.panel import style as whatif_style
from kaili_analysis.show.words.formats import fmt_value

__all__ = ["WORDS", "display_panel", "panel_html", "whatif_data", "whatif_outcome"]

#: The panel's words by key: (zh, en). ``{name}`` fields are filled by the library or the
#: page's script.
WORDS: dict[str, tuple[str, str]] = {
    "title": ("情景试算：假如增速不同", "What if the rates were different?"),
    "intro": (
        "为每项可推算的目标设定年均增速（{min}%至{max}%）：本页当即重算目标年的水平（文中没有基期值"
        "的为指数，基期=100）、与目标的差距、是否达到，并重画路径，无需服务器。控件从计划增速开始："
        "水平目标为所需增速，增速目标为文中增速。所设增速写进网页地址（#之后），可作为链接分享。",
        "Set an average annual rate for each goal that can be projected ({min} % to {max} %): "
        "the page recomputes, without a server, the level in the goal's year (an index, base "
        "year = 100, where the article gives no base), the gap to the goal and whether it is "
        "met, and redraws the path. The controls start at the plan rate: a level goal's "
        "required rate, a rate goal's stated rate. The rates you set are written into the "
        "page's address (after #), so a scenario can be shared as a link.",
    ),
    "needs_script": (
        "这些控件需要本页自带的脚本。在 JupyterLab 中，运行笔记本（或执行“Trust Notebook”信任它）"
        "后即可使用。",
        "These controls need the page's own script. In JupyterLab, run the notebook (or trust "
        "it with the command 'Trust Notebook') to use them.",
    ),
    "rate": ("年均增速（%）", "Average annual rate (%)"),
    "slider": ("{name}：年均增速（%），滑块", "{name}: average annual rate (%), slider"),
    "goal_level": ("目标：{year}年{goal}", "Goal: {goal} by {year}"),
    "goal_rate": ("目标：{period}年均{goal}，即{year}年{target}",
                  "Goal: {goal} a year over {period}, i.e. {target} in {year}"),
    "rates": ("计划增速 {plan}%；“十三五”实际 {history}",
              "Plan rate {plan} %; 2016-2020: {history}"),
    "value": ("{year}年：{value} {unit}", "{year}: {value} {unit}"),
    "index": ("指数（{year}年=100）", "index ({year} = 100)"),
    "points": ("点", "points"),
    "gap": ("差距：{gap} {unit}", "gap: {gap} {unit}"),
    "met": ("✓ 达到目标", "✓ goal met"),
    "not_met": ("✗ 未达到目标", "✗ goal not met"),
    "invalid": ("请输入 {min} 至 {max} 之间的数", "Enter a number from {min} to {max}"),
    "reset": ("恢复计划增速", "Reset to the plan rates"),
    "reset_done": ("已全部恢复为计划增速。", "All rates are back at the plan."),
    "status": ("{name}：{result}", "{name}: {result}"),
    "valuetext": ("每年 {rate}%", "{rate} % a year"),
    "separator": ("；", "; "),
    "chart": ("{name}：{start}—{end}年路径，您设定的增速 {rate}%",
              "{name}: path {start}-{end} at your rate of {rate} %"),
    "legend_user": ("您设定的增速", "your rate"),
    "legend_plan": ("计划增速", "plan rate"),
    "legend_history": ("“十三五”实际增速", "2016-2020 rate"),
    "legend_target": ("目标", "goal"),
    "none": ("文中未给出", "not in the article"),
}
#: Keys of :data:`WORDS` the page's script reads.
_SCRIPT_WORDS = ("value", "gap", "met", "not_met", "invalid", "reset_done", "status",
                 "separator", "chart", "valuetext")
_NEEDED = ("goal_id", "indicator_zh", "indicator_en", "goal_type", "direction", "projection",
           "base_year", "goal_year", "years", "base_value", "base_unit", "goal_value", "unit",
           "qualifier", "required_rate", "achieved_rate", "goal_period")
_ID = re.compile(r"[A-Za-z0-9_.-]+")
_TOC_ID = "kaili-whatif"




def _w(key: str, lang: str, **values: Any) -> str:
    return WORDS[key][0 if lang == "zh" else 1].format(**values)


def _pct(rate: float) -> float:
    """A rate (fraction) in percent, to four decimals, as the number input holds it."""
    return round(float(rate) * 100, 4)


def _pct_text(pct: float) -> str:
    return f"{pct:.4f}".rstrip("0").rstrip(".")


def _decimals(ref: float) -> int:
    """The decimals that give ``ref`` four significant figures (as the script's)."""
    return max(0, min(3 if ref == 0 else 3 - math.floor(math.log10(abs(ref))), 8))


def _sig(x: float) -> str:
    """Four significant figures, never an exponent (as the script's ``sig``)."""
    return f"{x:.{_decimals(x)}f}"


def _signed(x: float, ref: float) -> str:
    """A signed difference to the precision of ``ref`` (as the script's ``signed``)."""
    text = f"{abs(x):.{_decimals(ref)}f}"
    return ("\u2212" if x < 0 and float(text) != 0 else "+") + text


def _display_unit(unit: str, amount: float, lang: str) -> tuple[float, str]:
    """(scale, label) that show an amount in ``unit`` as a reader of ``lang`` writes it:
    Chinese keeps the article's unit; English turns 亿元 into billion yuan (see
    :func:`kaili_analysis.show.words.formats.fmt_amount`)."""
    if lang == "zh":
        return 1.0, unit
    parsed = parse_unit(unit)
    if parsed.factor == 1:
        return 1.0, parsed.label_en
    size, word = next(((s, w) for s, w in ((1e9, "billion"), (1e6, "million"))
                       if abs(amount * parsed.factor) >= s), (1.0, ""))
    return parsed.factor / size, f"{word} {base_label(parsed.base, 'en')}".strip()


def _band(row: pd.Series, base: float, target: float) -> tuple[float | None, float | None]:
    """The values of the projection at the goal year that meet the goal (None: open)."""
    if row.direction == "at_least":
        return target, None
    if row.direction == "at_most":
        return None, target
    lo, hi = admitted(float(row.goal_value), row.qualifier)
    if row.goal_type == "rate":
        return tuple(base * growth.multiplier(b / 100, int(row.years)) for b in (lo, hi))
    scale = target / float(row.goal_value)
    return lo * scale, hi * scale


def _goal(row: pd.Series, lang: str) -> dict[str, Any]:
    if not isinstance(row.goal_id, str) or not _ID.fullmatch(row.goal_id):
        raise ParameterError(f"goal_id must be letters, digits, '_', '.' or '-' (it goes into "
                             f"the page's address), got {row.goal_id!r}")
    level = row.projection == "level"
    years = int(row.years)
    base = float(row.base_value) if level else 100.0
    if row.goal_type == "level":
        target = to_base(float(row.goal_value), row.unit) / parse_unit(row.base_unit).factor
    else:
        target = base * growth.multiplier(float(row.goal_value) / 100, years)
    lo, hi = _band(row, base, target)
    scale, label = (_display_unit(row.base_unit, base, lang) if level
                    else (1.0, _w("index", lang, year=int(row.base_year))))
    achieved = float(row.achieved_rate)
    return {
        "id": row.goal_id, "name": row[f"indicator_{lang}"],
        "type": row.goal_type, "measure": "level" if level else "index",
        "direction": row.direction, "base_year": int(row.base_year),
        "goal_year": int(row.goal_year), "years": years, "base": base,
        "unit": row.base_unit if level else "", "scale": scale, "unit_label": label,
        "gap_unit": label if level else _w("points", lang),
        "plan_pct": _pct(row.required_rate),
        "history_pct": None if math.isnan(achieved) else _pct(achieved),
        "target": target, "lo": lo, "hi": hi,
        "goal_text": fmt_value(float(row.goal_value), row.unit, row.qualifier, lang),
        "goal_period": row.goal_period,
    }


def whatif_data(table: pd.DataFrame, lang: str) -> dict[str, Any]:
    """The what-if panel's data: one entry per goal that can be projected.

    Parameters
    ----------
    table
        :func:`kaili_analysis.targets_table` (any base year).
    lang
        ``zh`` or ``en``: the words and units of the page.

    Returns
    -------
    dict
        JSON-able: ``lang``, ``range`` (min and max rate in percent), ``tolerance`` (relative,
        for "met"), ``words`` (what the script writes) and ``goals``, each with id, name, type
        ('level' or 'rate' goal), measure ('level' or 'index'), direction, base_year,
        goal_year, years, base (the level, or 100), unit, scale and unit_label (how the page
        shows a value), gap_unit, plan_pct, history_pct (None where the article gives none),
        target (the goal in the measure at the goal year), lo and hi (the band that meets the
        goal; None is open), goal_text, goal_period.

    Raises
    ------
    ParameterError
        For a language other than zh/en, a table without the columns of
        :func:`~kaili_analysis.targets_table`, or a goal id unfit for a page address.
    """
    check_lang(lang)
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"table must be a targets_table() DataFrame, got {type(table)!r}")
    missing = [c for c in _NEEDED if c not in table.columns]
    if missing:
        raise ParameterError(f"table lacks the column(s) {', '.join(missing)}; pass "
                             "kaili_analysis.targets_table()")
    rows = table[table["projection"].isin(["level", "index"])]
    return {
        "lang": lang,
        "range": {"min": config.WHATIF_RATE_MIN_PCT, "max": config.WHATIF_RATE_MAX_PCT},
        "tolerance": config.WHATIF_TOLERANCE,
        "words": {k: WORDS[k][0 if lang == "zh" else 1] for k in _SCRIPT_WORDS},
        "goals": [_goal(row, lang) for _, row in rows.iterrows()],
    }


def whatif_outcome(goal: Mapping[str, Any], rate_pct: float,
                   tolerance: float = config.WHATIF_TOLERANCE) -> dict[str, Any]:
    """What the panel shows for ``goal`` (an entry of :func:`whatif_data`) at ``rate_pct``.

    Parameters
    ----------
    goal
        One of ``whatif_data(...)["goals"]``.
    rate_pct
        The average annual rate in percent, within the panel's range.
    tolerance
        Relative tolerance within which a value counts as reaching the goal's band.

    Returns
    -------
    dict
        ``value`` (level or index at the goal year), ``gap`` (value minus the goal) and
        ``met``.

    Raises
    ------
    ParameterError
        For a rate that is not a number within the panel's range.
    """
    lo_pct, hi_pct = config.WHATIF_RATE_MIN_PCT, config.WHATIF_RATE_MAX_PCT
    if (isinstance(rate_pct, bool) or not isinstance(rate_pct, int | float)
            or not lo_pct <= rate_pct <= hi_pct):
        raise ParameterError(f"rate_pct must be a number from {lo_pct} to {hi_pct} (percent "
                             f"a year), got {rate_pct!r}")
    value = goal["base"] * growth.multiplier(rate_pct / 100, goal["years"])
    lo, hi = goal["lo"], goal["hi"]
    met = ((lo is None or value >= lo - tolerance * abs(lo))
           and (hi is None or value <= hi + tolerance * abs(hi)))
    return {"value": value, "gap": value - goal["target"], "met": met}


def _json_block(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return f'<script type="application/json" class="kaili-whatif__data">{text}</script>'


def _card(goal: dict[str, Any], data: dict[str, Any], lang: str) -> str:
    gid, name = _esc(goal["id"]), goal["name"]
    if goal["type"] == "level":
        goal_words = _w("goal_level", lang, goal=goal["goal_text"], year=goal["goal_year"])
    else:
        target = f"{_sig(goal['target'] * goal['scale'])} {goal['unit_label']}"
        goal_words = _w("goal_rate", lang, goal=goal["goal_text"], year=goal["goal_year"],
                        period=goal["goal_period"], target=target)
    history = (f"{_pct_text(goal['history_pct'])}%" if goal["history_pct"] is not None
               else _w("none", lang))
    rates = _w("rates", lang, plan=_pct_text(goal["plan_pct"]), history=history)
    res = whatif_outcome(goal, goal["plan_pct"], data["tolerance"])
    value = _w("value", lang, year=goal["goal_year"], value=_sig(res["value"] * goal["scale"]),
               unit=goal["unit_label"])
    scale = goal["scale"]
    gap = _w("gap", lang, gap=_signed(res["gap"] * scale, goal["target"] * scale),
             unit=goal["gap_unit"])
    verdict = "met" if res["met"] else "not_met"
    limits = (f'min="{data["range"]["min"]:g}" max="{data["range"]["max"]:g}" step="0.1" '
              f'value="{_pct_text(goal["plan_pct"])}" disabled')
    return (
        f'<div class="kaili-whatif__goal">\n<h3 class="kaili-whatif__name">{_esc(name)}</h3>\n'
        f'<p class="kaili-whatif__about">{_esc(goal_words)}<br>{_esc(rates)}</p>\n'
        f'<div class="kaili-whatif__controls">'
        f'<input type="range" class="kaili-whatif__range" data-goal-range="{gid}" {limits} '
        f'aria-label="{_esc(_w("slider", lang, name=name))}">'
        f'<label class="kaili-whatif__rate"><span>{_esc(_w("rate", lang))}</span>'
        f'<input type="number" class="kaili-whatif__number" data-goal="{gid}" {limits} '
        f'inputmode="decimal"></label></div>\n'
        f'<p class="kaili-whatif__result" data-goal-result="{gid}" data-value="{res["value"]!r}" '
        f'data-gap="{res["gap"]!r}" data-met="{str(res["met"]).lower()}">'
        f'<span data-part="value">{_esc(value)}</span> '
        f'<span data-part="gap">{_esc(gap)}</span> '
        f'<span data-part="verdict" class="kaili-whatif__verdict kaili-whatif__verdict--'
        f'{verdict.replace("_", "-")}">{_esc(_w(verdict, lang))}</span></p>\n'
        f'<svg class="kaili-whatif__chart" data-goal-chart="{gid}" viewBox="0 0 320 180" '
        f'role="img" aria-label="{_esc(name)}"></svg>\n</div>\n')


def panel_html(table: pd.DataFrame, lang: str) -> str:
    """The what-if panel: style, heading, one card per goal, data block and script.

    Parameters
    ----------
    table, lang
        As for :func:`whatif_data`.

    Returns
    -------
    str
        HTML to show as a notebook output (``text/html``); the same bytes for the same
        table and language. Its controls are disabled until the script runs.

    Raises
    ------
    ParameterError
        As :func:`whatif_data`.
    """
    data = whatif_data(table, lang)
    legend = "".join(f'<span class="kaili-whatif__key kaili-whatif__key--{key}">'
                     f'{_esc(_w(f"legend_{key}", lang))}</span>'
                     for key in ("user", "plan", "history", "target"))
    cards = "".join(_card(goal, data, lang) for goal in data["goals"])
    intro = _w("intro", lang, min=f"{data['range']['min']:g}", max=f"{data['range']['max']:g}")
    return (
        f'<section class="kaili-whatif" lang="{lang}" aria-labelledby="{_TOC_ID}">\n'
        f"<style>{whatif_style.css(_TOC_ID)}</style>\n"
        f'<h2 id="{_TOC_ID}" class="kaili-whatif__title">{_esc(_w("title", lang))}</h2>\n'
        f'<p class="kaili-whatif__intro">{_esc(intro)}</p>\n'
        f'<p class="kaili-whatif__needs-script" data-part="needs-script">'
        f'{_esc(_w("needs_script", lang))}</p>\n'
        f'<p class="kaili-whatif__legend" aria-hidden="true">{legend}</p>\n'
        f'<div class="kaili-whatif__goals">\n{cards}</div>\n'
        f'<p><button type="button" class="kaili-whatif__reset" data-part="reset" disabled>'
        f'{_esc(_w("reset", lang))}</button></p>\n'
        f'<p class="kaili-whatif__status" data-part="status" role="status" aria-live="polite">'
        "</p>\n"
        f"{_json_block(data)}\n</section>\n{script_tag('whatif')}\n")


def display_panel(table: pd.DataFrame, lang: str) -> None:
    """Show :func:`panel_html` as the output of the running notebook cell."""
    from IPython.display import HTML, display

    display(HTML(panel_html(table, lang)))
