"""Display tables for the reports: localised headers, units, formatted numbers.

Each function takes a tidy frame from the library and returns a new DataFrame of strings ready
to show (``display(df)`` in a notebook renders it as an HTML table). Numbers get thousands
separators and sensible decimals; values carry their unit and qualifier; nothing is computed
here that the library does not already provide.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from kaili_analysis.analysis.targets import VERDICTS
from kaili_analysis.config import check_lang
from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.quantities import period_text
from kaili_analysis.data.units import BASE_UNITS, base_label
from kaili_analysis.show.links import overview_anchor
from kaili_analysis.show.tables.html import finding_evidence, link_cells
from kaili_analysis.show.words.catalogue import label, text
from kaili_analysis.show.words.findings import explanation, value_text
from kaili_analysis.show.words.formats import (
    fmt_number,
    fmt_range,
    fmt_rate,
    fmt_value,
    join_words,
    qualified,
)

__all__ = [
    "audit_display",
    "breakdown_display",
    "implications_display",
    "indicators_display",
    "projects_display",
    "sensitivity_display",
    "targets_display",
    "tracking_display",
]

def _h(key: str, lang: str) -> str:
    """A table head of the catalogue (``label.head.<key>``)."""
    return label("head", key, lang)




def indicators_display(ind: pd.DataFrame, lang: str = "zh", *, quotes: bool = True) -> pd.DataFrame:
    """Records as a display table: name, value with unit and qualifier, period, kind, quote.

    Parameters
    ----------
    ind
        Rows of :func:`kaili_analysis.load_indicators`.
    lang
        ``zh`` or ``en``.
    quotes
        Include the quote column.
    """
    check_lang(lang)
    require_columns(ind, "ind", ["indicator_zh", "indicator_en", "value", "unit", "qualifier",
                                 "period", "kind", "quote"])
    out = pd.DataFrame({
        _h("indicator", lang): ind[f"indicator_{lang}"].to_numpy(),
        _h("value", lang): [fmt_value(v, u, q, lang, base=b) for v, u, q, b in
                            zip(ind["value"], ind["unit"], ind["qualifier"],
                                _bases(ind), strict=True)],
        _h("period", lang): [period_text(p, lang) or "—" for p in ind["period"]],
        _h("kind", lang): [label("kind", k, lang) for k in ind["kind"]],
    })
    if quotes and "id" in ind.columns:  # each quote links to its place in the article report
        link_cells(out, _h("quote", lang), ([(i, q)] for i, q in
                                            zip(ind["id"], ind["quote"], strict=True)), lang)
    elif quotes:
        out[_h("quote", lang)] = [text("table.quote", lang, quote=q) for q in ind["quote"]]
    if "id" in ind.columns:  # rows the article report links back to
        out.attrs["row_ids"] = dict(zip(out.index, map(overview_anchor, ind["id"]), strict=True))
    return out


def _bases(frame: pd.DataFrame) -> list[str | None]:
    """Each row's ``unit_base`` (None where the frame has none): what the unit counts."""
    if "unit_base" not in frame.columns:
        return [None] * len(frame)
    return [b if isinstance(b, str) and b else None for b in frame["unit_base"]]


def _level_or_dash(value: float, unit: str, lang: str) -> str:
    return "—" if math.isnan(value) else fmt_value(round(value, 2), unit, lang=lang)


def _goal_when(period: str, gtype: str, lang: str) -> str:
    """'2025' for a level goal, '2021—2025年年均' / '2021-2025 average' for a rate goal."""
    if not period:
        return "—"
    if lang == "zh":  # a span of years is written with a dash in Chinese: 2021—2025
        period = period.replace("-", "—")
    return text("table.rate_period" if gtype == "rate" else "table.level_period", lang,
                period=period)


def targets_display(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The targets table (:func:`kaili_analysis.targets_table`) for display: the goal, its
    target with its direction, its year (the article's), the base with its year, the rate it
    requires (none for a limit), every 2016-2020 rate side by side, the goal-year level at the
    goal rate, the verdict and its explanation."""
    check_lang(lang)
    require_columns(table, "table", ["goal_zh", "goal_en", "goal_type", "goal_value", "unit",
                                     "qualifier", "direction", "goal_period", "base_value",
                                     "base_unit", "base_year", "required_rate", "history_words",
                                     "implied_level", "verdict",
                                     "explanation_key", "explanation_values"])
    limit = text("table.limit", lang)

    def target(v: float, u: str, q: str, t: str) -> str:
        return "—" if t == "qualitative" else fmt_value(v, u, q, lang)

    def base(v: float, u: str, y: object) -> str:
        if math.isnan(v):
            return "—"
        return text("table.with_year", lang, value=fmt_value(v, u, lang=lang), year=y)

    def required(r: float, d: str, t: str) -> str:
        if d == "at_most":
            return limit
        # a rate goal's own rate as the article writes it (12%), a computed one to 2 decimals
        return fmt_rate(r, None) if t == "rate" else fmt_rate(r)

    rows = zip(table["goal_value"], table["unit"], table["qualifier"], table["goal_type"],
               strict=True)
    records = table.to_dict("records")
    return pd.DataFrame({
        _h("goal", lang): table[f"goal_{lang}"].to_numpy(),
        _h("goal_value", lang): [target(*r) for r in rows],
        _h("goal_year", lang): [_goal_when(p, t, lang) for p, t in
                                zip(table["goal_period"], table["goal_type"], strict=True)],
        _h("base", lang): [base(v, u, y) for v, u, y in
                           zip(table["base_value"], table["base_unit"], table["base_year"],
                               strict=True)],
        _h("required_rate", lang): [required(r, d, t) for r, d, t in
                                    zip(table["required_rate"], table["direction"],
                                        table["goal_type"], strict=True)],
        _h("history_all", lang): [value_text(r["history_words"], lang) or "—"
                                  for r in records],
        _h("implied_goal_rate", lang): [_level_or_dash(v, u, lang) for v, u in
                                        zip(table["implied_level"], table["base_unit"],
                                            strict=True)],
        _h("verdict", lang): [label("verdict", v, lang) for v in table["verdict"]],
        _h("explanation", lang): [explanation(r, lang) for r in records],
    })


def breakdown_display(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every goal under exactly one verdict: verdict, number of goals, which goals, and a
    total row equal to the number of goals."""
    check_lang(lang)
    require_columns(table, "table", ["verdict", "indicator_zh", "indicator_en", "goal_zh",
                                     "goal_en"])
    rows = []
    for verdict in VERDICTS:
        mine = table[table["verdict"] == verdict]
        if mine.empty:
            continue
        names = [i or g for i, g in zip(mine[f"indicator_{lang}"], mine[f"goal_{lang}"],
                                        strict=True)]
        rows.append((label("verdict", verdict, lang), len(mine),
                     join_words(names, lang, style="names")))
    rows.append((text("table.total", lang), len(table), ""))
    return pd.DataFrame(rows, columns=[_h("verdict", lang), _h("n_goals", lang),
                                       _h("which", lang)])


def sensitivity_display(sens: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`kaili_analysis.analysis.sensitivity.base_sensitivity` for display: a range
    where the article's qualifier allows one (30余 → 30-40), the reading of the year marked."""
    check_lang(lang)
    require_columns(sens, "sens", ["indicator_zh", "indicator_en", "base_value", "base_low",
                                   "base_high", "base_unit", "base_qualifier", "base_year",
                                   "years", "required_rate", "required_low", "required_high",
                                   "implied_level", "implied_low", "implied_high", "note_key",
                                   "note_values"])

    def span(value: float, low: float, high: float, show: Callable[[float], str],
             joiner: str = "–") -> str:
        if math.isnan(value):
            return "—"
        if math.isnan(low) or math.isnan(high) or math.isclose(low, high):
            return show(value)
        return f"{show(low)}{joiner}{show(high)}"

    def amounts(value: float, low: float, high: float, unit: str) -> str:
        """One amount, or a range with its unit written once (3–4 billion yuan)."""
        if math.isnan(value):
            return "—"
        if math.isnan(low) or math.isnan(high) or math.isclose(low, high):
            return fmt_value(round(value, 2), unit, lang=lang)
        return fmt_range(round(low, 2), round(high, 2), unit, lang)

    def base(r: pd.Series) -> str:
        if r["base_qualifier"] == "eq":
            return fmt_value(round(r["base_value"], 2), r["base_unit"], lang=lang)
        written = fmt_value(r["base_value"], r["base_unit"], r["base_qualifier"], lang)
        taken = amounts(r["base_value"], r["base_low"], r["base_high"], r["base_unit"])
        return text("table.taken_as", lang, value=written, taken=taken)

    out = []
    for _, r in sens.iterrows():
        out.append({
            _h("indicator", lang): r[f"indicator_{lang}"],
            _h("base", lang): base(r),
            _h("base_source", lang): explanation(r, lang, "note"),
            _h("base_year", lang): str(int(r["base_year"])),
            _h("years", lang): str(int(r["years"])),
            _h("required_rate", lang): span(r["required_rate"], r["required_low"],
                                            r["required_high"], fmt_rate),
            _h("implied_goal_rate", lang): amounts(
                r["implied_level"], r["implied_low"], r["implied_high"], r["base_unit"]),
        })
    return pd.DataFrame(out, columns=[_h(k, lang) for k in (
        "indicator", "base", "base_source", "base_year", "years", "required_rate",
        "implied_goal_rate")])


def implications_display(impl: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`kaili_analysis.analysis.implications.goal_implications` for display, every
    statement marked as derived."""
    check_lang(lang)
    require_columns(impl, "impl", ["statement_key", "statement_values", "derived"])
    mark = {True: label("derived", "derived", lang), False: label("derived", "stated", lang)}
    return pd.DataFrame({
        _h("statement", lang): [explanation(r, lang, "statement")
                                for r in impl.to_dict("records")],
        _h("derived", lang): [mark[bool(d)] for d in impl["derived"]],
    })


def tracking_display(tracked: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """:func:`kaili_analysis.track_targets` for display: one row per goal, its latest actual
    figure against the required path that year, on track or not (and on what it is judged),
    and the rate it still needs."""
    check_lang(lang)
    require_columns(tracked, "tracked", ["goal_id", "indicator_zh", "indicator_en", "goal_value",
                                         "goal_unit", "qualifier", "unit",
                                         "year", "observed", "required_path", "on_track",
                                         "judged_on", "rate_still_needed", "average_rate",
                                         "goal_type", "direction", "source"])
    rows = []
    for _, grp in tracked.groupby("goal_id", sort=False):
        r = grp.sort_values("year").iloc[-1]
        amount = ("—" if math.isnan(r["observed"]) else
                  fmt_value(round(r["observed"], 2), r["unit"], lang=lang))
        if r["goal_type"] == "rate" and not math.isnan(r["average_rate"]):
            avg = fmt_rate(r["average_rate"])
            amount = text("table.average_so_far", lang, value=amount, rate=avg)
        state = "unknown" if pd.isna(r["on_track"]) else ("yes" if r["on_track"] else "no")
        verdict = label("on_track", state, lang)
        if r["judged_on"]:
            verdict = text("table.judged", lang, verdict=verdict,
                           how=label("judged_on", r["judged_on"], lang))
        still = r["rate_still_needed"]
        rows.append({
            _h("indicator", lang): r[f"indicator_{lang}"],
            _h("goal_value", lang): fmt_value(r["goal_value"], r["goal_unit"], r["qualifier"],
                                              lang),
            _h("year", lang): join_words((int(y) for y in grp["year"]), lang),
            _h("observed", lang): amount,
            _h("required_path", lang): _level_or_dash(r["required_path"], r["unit"], lang),
            _h("on_track", lang): verdict,
            _h("still_needed", lang): "—" if math.isnan(still) else fmt_rate(still),
            _h("source", lang): r["source"],
        })
    return pd.DataFrame(rows, columns=[_h(k, lang) for k in (
        "indicator", "goal_value", "year", "observed", "required_path", "on_track",
        "still_needed", "source")])


def _audit_value(value: float, unit: str, qualifier: str, lang: str, *, low: float = math.nan,
                 high: float = math.nan) -> str:
    """A stated or computed figure of a finding with its unit (a range where one is given)."""
    if unit == "fraction":  # rates and shares are fractions: in percent on the page
        value, low, high = (round(x * 100, 10) for x in (value, low, high))
        unit = "%"
    if not math.isnan(low) and not math.isnan(high):
        low, high = round(low, 2), round(high, 2)
        if unit in BASE_UNITS or unit in {"", "%"}:
            low_text, high_text = fmt_number(low, lang=lang), fmt_number(high, lang=lang)
            return f"{low_text}–{high_text}{unit if unit == '%' else ''}"
        return fmt_range(low, high, unit, lang)
    if math.isnan(value):
        return "—"
    if unit == "%" and round(value, 2) != value:  # a computed rate: two decimals
        return qualified(fmt_rate(value / 100), qualifier or "eq", lang)
    if unit in BASE_UNITS:  # findings across different written units use base units
        word = "" if unit == "count" and lang == "en" else base_label(unit, lang)
        if lang == "zh" and "/" in word:  # 家/户: the base unit's measure words
            word = word.split("/")[-1]
        number = fmt_number(round(value, 2), lang=lang)
        amount = f"{number}{' ' if lang == 'en' else ''}{word}".strip()
        return qualified(amount, qualifier or "eq", lang, number=number)
    return fmt_value(round(value, 2), unit, qualifier or "eq", lang)


def _tolerance(value: float, unit: str, lang: str) -> str:
    if math.isnan(value) or value == 0:
        return "—"
    if unit == "pp":
        return text("number.pp_tolerance", lang, size=fmt_number(value, lang=lang))
    return f"±{fmt_number(value, lang=lang)}"


def audit_display(findings: pd.DataFrame, lang: str = "zh", *, quotes: bool = True,
                check: bool = True, group: bool = False,
                ind: pd.DataFrame | None = None) -> pd.DataFrame:
    """Audit findings (:func:`kaili_analysis.run_audit`) for display.

    Parameters
    ----------
    findings
        Rows of :func:`kaili_analysis.run_audit`.
    lang
        ``zh`` or ``en``.
    quotes
        Include the evidence (the records' quotes).
    check
        Include the check column (``False`` for a table of one check).
    group
        Include the question (group) each finding belongs to.
    ind
        The records the findings cite (default: :func:`kaili_analysis.load_indicators`):
        each evidence quote links to its record in the article report.

    Returns
    -------
    pandas.DataFrame
        Strings: [question,] [check,] verdict, stated, computed (with units and qualifiers,
        a range as low–high), tolerance, explanation[, evidence].
    """
    check_lang(lang)
    require_columns(findings, "findings", ["check", "verdict", "indicator_ids", "stated",
                                           "stated_unit", "stated_qualifier", "computed",
                                           "computed_low", "computed_high", "computed_unit",
                                           "computed_qualifier",
                                           "tolerance", "tolerance_unit", "group_zh", "group_en",
                                           "explanation_key", "explanation_values", "quotes"])
    rows = findings.to_dict("records")
    out = pd.DataFrame({
        _h("group", lang): [r[f"group_{lang}"] for r in rows],
        _h("check", lang): [label("check", r["check"], lang) for r in rows],
        _h("verdict", lang): [label("verdict", r["verdict"], lang) for r in rows],
        _h("stated", lang): [_audit_value(r["stated"], r["stated_unit"],
                                          r["stated_qualifier"], lang) for r in rows],
        _h("computed", lang): [_audit_value(r["computed"], r["computed_unit"],
                                            r["computed_qualifier"], lang,
                                            low=r["computed_low"], high=r["computed_high"])
                               for r in rows],
        _h("tolerance", lang): [_tolerance(r["tolerance"], r["tolerance_unit"], lang)
                                for r in rows],
        _h("explanation", lang): [explanation(r, lang) for r in rows],
    })
    if quotes:
        link_cells(out, _h("evidence", lang), finding_evidence(rows, ind), lang)
    if not check:
        out = out.drop(columns=_h("check", lang))
    if not group:
        out = out.drop(columns=_h("group", lang))
    return out


def projects_display(projects: pd.DataFrame, lang: str = "zh",
                   history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 2022 commitments (:func:`kaili_analysis.load_projects`) for display.

    Parameters
    ----------
    projects
        The projects table; may carry ``actual`` and ``progress`` columns from
        :func:`kaili_analysis.analysis.progress.merge_progress`.
    lang
        ``zh`` or ``en``.
    history
        :func:`kaili_analysis.load_indicators`, to show the comparable 2016-2020 record.
    """
    check_lang(lang)
    require_columns(projects, "projects", ["project_no", f"project_{lang}", f"indicator_{lang}",
                                           "value", "unit", "qualifier", "comparable_indicator_id"])
    out = pd.DataFrame({
        "#": projects["project_no"].to_numpy(),
        _h("project", lang): projects[f"project_{lang}"].to_numpy(),
        _h("commitment", lang): [
            text("table.named_value", lang, name=name, value=fmt_value(v, u, q, lang, base=b))
            for name, v, u, q, b in zip(
                projects[f"indicator_{lang}"], projects["value"], projects["unit"],
                projects["qualifier"], _bases(projects), strict=True)],
    })
    if history is not None:
        ind = history.set_index("id")

        def comparable(cid: str, kind: str) -> str:
            if not cid or cid not in ind.index:
                return "—"
            rec = ind.loc[cid]
            notes = [period_text(rec["period"], lang)]
            if kind == "related":
                notes.append(text("table.related_measure", lang))
            notes = [n for n in notes if n]
            value = fmt_value(rec["value"], rec["unit"], rec["qualifier"], lang,
                              base=rec.get("unit_base") or None)
            shown = text("table.named_value", lang, name=rec[f"indicator_{lang}"], value=value)
            if not notes:
                return shown
            return text("table.with_notes", lang, value=shown,
                        notes=join_words(notes, lang, style="clauses"))
        kinds = (projects["comparison"] if "comparison" in projects.columns
                 else pd.Series("", index=projects.index))
        out[_h("history", lang)] = [
            comparable(cid, kind)
            for cid, kind in zip(projects["comparable_indicator_id"], kinds, strict=True)]
    if "actual" in projects.columns:
        out[_h("actual", lang)] = [
            "—" if math.isnan(a) else fmt_value(a, u, lang=lang)
            for a, u in zip(projects["actual"], projects["unit"], strict=True)]
        out[_h("progress", lang)] = projects["progress"].map(
            lambda p: fmt_rate(p, 0)).to_numpy()
    return out
