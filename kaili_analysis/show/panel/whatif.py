"""The what-if panel of the targets report: a rate per goal, recomputed in the page itself.

For every goal that can be projected (``projection`` of :func:`kaili_analysis.targets_table`
not empty) the panel has a slider and a number input (percent a year, starting at the plan
rate: a level goal's required rate, a rate goal's stated rate) and shows the level in the
goal's year (or the index, base year = 100, where the article gives no base), the gap to the
goal honouring its direction, whether it is met, and the path, drawn as inline SVG.

The library makes the data (:func:`whatif_data`, a JSON-able dict) and the panel's HTML
(:func:`panel_html`: the template ``panel_whatif.html.j2`` with the catalogue's ``panel.*``
words, every name and word escaped there). The page's script, ``show/scripts/whatif.js``
(carried only through :func:`.scripts.script_tag`), reads the data from a
``<script type="application/json">`` block and does arithmetic only:
``base * (1 + rate) ** years``, as :func:`kaili_analysis.analysis.growth.project`.
:func:`whatif_outcome` is the same arithmetic in Python. The panel leaves the PDF (print
CSS); the static charts stay.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from markupsafe import Markup

from kaili_analysis import config
from kaili_analysis.analysis import growth
from kaili_analysis.config import check_lang
from kaili_analysis.data.quantities import admitted, period_text
from kaili_analysis.data.units import base_label, parse_unit, to_base
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.pages.scripts import script_tag
from kaili_analysis.show.panel import style as whatif_style
from kaili_analysis.show.templates import render_template
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.formats import fmt_rate, fmt_value

__all__ = ["display_panel", "panel_html", "whatif_data", "whatif_outcome"]

#: The panel's words (catalogue entries ``panel.<key>``) that the page's script fills in.
_SCRIPT_WORDS = ("value", "gap", "met", "not_met", "invalid", "reset_done", "status",
                 "separator", "chart", "valuetext")
_NEEDED = ("goal_id", "indicator_zh", "indicator_en", "goal_type", "direction", "projection",
           "base_year", "goal_year", "years", "base_value", "base_unit", "goal_value", "unit",
           "qualifier", "required_rate", "achieved_rate", "goal_period")
_ID = re.compile(r"[A-Za-z0-9_.-]+")
_TOC_ID = "kaili-whatif"




def _w(key: str, lang: str, **values: Any) -> str:
    return catalogue.text(f"panel.{key}", lang, **values)


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
        "goal_period": period_text(row.goal_period, lang),
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
        "words": {k: catalogue.words(lang)[f"panel.{k}"] for k in _SCRIPT_WORDS},
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


def _json_text(data: dict[str, Any]) -> Markup:
    """``data`` as JSON that cannot end its ``<script>`` element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text)


def _card(goal: dict[str, Any], data: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the template shows of one goal: its words and its outcome at the plan rate."""
    if goal["type"] == "level":
        about = _w("goal_level", lang, goal=goal["goal_text"], year=goal["goal_year"])
    else:
        space = "" if lang == "zh" else " "  # no space before a Chinese unit
        target = f"{_sig(goal['target'] * goal['scale'])}{space}{goal['unit_label']}"
        about = _w("goal_rate", lang, goal=goal["goal_text"], year=goal["goal_year"],
                   period=goal["goal_period"], target=target)
    history = (f"{_pct_text(goal['history_pct'])}%" if goal["history_pct"] is not None
               else _w("none", lang))
    res = whatif_outcome(goal, goal["plan_pct"], data["tolerance"])
    scale = goal["scale"]
    verdict = "met" if res["met"] else "not_met"
    return {
        "id": goal["id"], "name": goal["name"], "about": about,
        # a rate goal's plan rate as the article states it, a computed one to two decimals
        "rates": _w("rates", lang, history=history,
                    plan=fmt_rate(goal["plan_pct"] / 100, None if goal["type"] == "rate" else 2)),
        "slider": _w("slider", lang, name=goal["name"]), "plan": _pct_text(goal["plan_pct"]),
        "value": repr(res["value"]), "gap": repr(res["gap"]), "met": str(res["met"]).lower(),
        "value_text": _w("value", lang, year=goal["goal_year"],
                         value=_sig(res["value"] * scale), unit=goal["unit_label"]),
        "gap_text": _w("gap", lang, gap=_signed(res["gap"] * scale, goal["target"] * scale),
                       unit=goal["gap_unit"]),
        "verdict": verdict.replace("_", "-"), "verdict_text": _w(verdict, lang),
    }


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
    # the range bounds as the inputs' min/max attributes and the intro write them
    low, high = f"{data['range']['min']:g}", f"{data['range']['max']:g}"
    return render_template(
        "panel_whatif.html.j2", lang=lang, toc_id=_TOC_ID,
        css=Markup(whatif_style.css(_TOC_ID)),  # the package's own style sheet
        title=_w("title", lang), intro=_w("intro", lang, min=low, max=high),
        needs_script=_w("needs_script", lang), rate_label=_w("rate", lang),
        reset=_w("reset", lang), range_min=low, range_max=high,
        legend=[(key, _w(f"legend_{key}", lang)) for key in ("user", "plan", "history", "target")],
        goals=[_card(goal, data, lang) for goal in data["goals"]],
        data_json=_json_text(data), script=Markup(script_tag("whatif")))


def display_panel(table: pd.DataFrame, lang: str) -> None:
    """Show :func:`panel_html` as the output of the running notebook cell."""
    from IPython.display import HTML, display  # heavy: IPython only where a cell runs

    display(HTML(panel_html(table, lang)))
