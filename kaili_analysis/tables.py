"""Display tables for the reports: localised headers, units, formatted numbers.

Each function takes a tidy frame from the library and returns a new DataFrame of strings ready
to show (``display(df)`` in a notebook renders it as an HTML table). Numbers get thousands
separators and sensible decimals; values carry their unit and qualifier; nothing is computed
here that the library does not already provide.
"""

from __future__ import annotations

import math

import pandas as pd

from .errors import ParameterError
from .i18n import (
    check_lang,
    fmt_amount,
    fmt_number,
    fmt_pp,
    fmt_rate,
    fmt_value,
    label,
    qualifier_symbol,
)
from .units import BASE_UNITS, base_label

__all__ = [
    "audit_table",
    "indicator_table",
    "projects_table",
    "targets_display",
]

_HEAD = {
    "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"),
    "period": ("时期", "Period"),
    "kind": ("类型", "Kind"),
    "quote": ("原文", "Quote"),
    "goal": ("目标", "Goal"),
    "base": ("基期值", "Base"),
    "stated_rate": ("规划增速", "Stated rate"),
    "required_rate": ("所需年均增速", "Required rate"),
    "achieved_rate": ("“十三五”增速", "2016-2020 rate"),
    "gap": ("差距", "Gap"),
    "implied": ("按规划增速推算", "Implied by stated rate"),
    "verdict": ("判断", "Verdict"),
    "explanation": ("说明", "Explanation"),
    "check": ("核查类别", "Check"),
    "stated": ("文中数值", "Stated"),
    "computed": ("核算结果", "Computed"),
    "difference": ("差值", "Difference"),
    "evidence": ("原文依据", "Evidence"),
    "group": ("事项", "Item"),
    "tolerance": ("容差", "Tolerance"),
    "project": ("项目", "Project"),
    "commitment": ("2022年任务", "2022 commitment"),
    "history": ("“十三五”可比数据", "2016-2020 comparable"),
    "comparison": ("比较", "Comparison"),
    "actual": ("实际完成", "Actual"),
    "progress": ("完成率", "Progress"),
}


def _h(key: str, lang: str) -> str:
    zh, en = _HEAD[key]
    return zh if lang == "zh" else en


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{name} is missing column(s) {', '.join(missing)}; expected the output of the "
            "matching kaili_analysis loader"
        )


def indicator_table(ind: pd.DataFrame, lang: str = "zh", *, quotes: bool = True) -> pd.DataFrame:
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
    _require(ind, "ind", ["indicator_zh", "indicator_en", "value", "unit", "qualifier",
                          "period", "kind", "quote"])
    out = pd.DataFrame({
        _h("indicator", lang): ind[f"indicator_{lang}"].to_numpy(),
        _h("value", lang): [fmt_value(v, u, q, lang) for v, u, q in
                            zip(ind["value"], ind["unit"], ind["qualifier"], strict=True)],
        _h("period", lang): ind["period"].replace("", "—").to_numpy(),
        _h("kind", lang): [label("kind", k, lang) for k in ind["kind"]],
    })
    if quotes:
        out[_h("quote", lang)] = [f"「{q}」" for q in ind["quote"]]
    return out


def targets_display(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The 2025 target table (:func:`kaili_analysis.targets_table`) for display."""
    check_lang(lang)
    _require(table, "table", ["goal_zh", "goal_en", "goal", "base_value", "base_unit",
                              "stated_rate", "required_rate", "achieved_rate", "gap_pp",
                              "implied_level", "verdict", "explanation_zh", "explanation_en"])
    def base(v: float, u: str) -> str:
        return "—" if math.isnan(v) else fmt_value(v, u, lang=lang)

    return pd.DataFrame({
        _h("goal", lang): table[f"goal_{lang}"].to_numpy(),
        _h("base", lang): [base(v, u) for v, u in
                           zip(table["base_value"], table["base_unit"], strict=True)],
        _h("required_rate", lang): table["required_rate"].map(fmt_rate).to_numpy(),
        _h("achieved_rate", lang): table["achieved_rate"].map(fmt_rate).to_numpy(),
        _h("gap", lang): table["gap_pp"].map(lambda g: fmt_pp(g, lang)).to_numpy(),
        _h("implied", lang): [base(v, u) for v, u in
                              zip(table["implied_level"], table["base_unit"], strict=True)],
        _h("verdict", lang): [label("verdict", v, lang) for v in table["verdict"]],
        _h("explanation", lang): table[f"explanation_{lang}"].to_numpy(),
    })


def _audit_value(value: float, unit: str, qualifier: str, lang: str, *, low: float = math.nan,
                 high: float = math.nan) -> str:
    """A stated or computed figure of a finding with its unit (a range where one is given)."""
    if not math.isnan(low) and not math.isnan(high):
        low, high = round(low, 2), round(high, 2)
        if unit in BASE_UNITS or unit in {"", "%"}:
            return f"{fmt_number(low)}–{fmt_number(high)}{unit if unit == '%' else ''}"
        return f"{fmt_amount(low, unit, lang, name=False)}–{fmt_amount(high, unit, lang)}"
    if math.isnan(value):
        return "—"
    if unit == "%" and round(value, 2) != value:  # a computed rate: two decimals
        symbol = qualifier_symbol(qualifier or "eq")
        return f"{symbol + ' ' if symbol else ''}{fmt_number(value, 2)}%"
    if unit in BASE_UNITS:  # findings across different written units use base units
        word = "" if unit == "count" and lang == "en" else base_label(unit, lang)
        return f"{fmt_number(round(value, 2))} {word}".strip()
    return fmt_value(round(value, 2), unit, qualifier or "eq", lang)


def _tolerance(value: float, unit: str, lang: str) -> str:
    if math.isnan(value) or value == 0:
        return "—"
    if unit == "pp":
        return f"±{fmt_number(value)}{'个百分点' if lang == 'zh' else ' pp'}"
    return f"±{fmt_number(value)}"


def audit_table(findings: pd.DataFrame, lang: str = "zh", *, quotes: bool = True,
                check: bool = True, group: bool = False) -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        Strings: [question,] [check,] verdict, stated, computed (with units and qualifiers,
        a range as low–high), tolerance, explanation[, evidence].
    """
    check_lang(lang)
    _require(findings, "findings", ["check", "verdict", "stated", "stated_unit",
                                    "stated_qualifier", "computed", "computed_low",
                                    "computed_high", "computed_unit", "computed_qualifier",
                                    "tolerance", "tolerance_unit", "group_zh", "group_en",
                                    "explanation_zh", "explanation_en", "quotes"])
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
        _h("explanation", lang): [r[f"explanation_{lang}"] for r in rows],
    })
    if quotes:
        out[_h("evidence", lang)] = [r["quotes"] for r in rows]
    if not check:
        out = out.drop(columns=_h("check", lang))
    if not group:
        out = out.drop(columns=_h("group", lang))
    return out


def projects_table(projects: pd.DataFrame, lang: str = "zh",
                   history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 2022 commitments (:func:`kaili_analysis.load_projects`) for display.

    Parameters
    ----------
    projects
        The projects table; may carry ``actual`` and ``progress`` columns from
        :func:`kaili_analysis.progress.merge_progress`.
    lang
        ``zh`` or ``en``.
    history
        :func:`kaili_analysis.load_indicators`, to show the comparable 2016-2020 record.
    """
    check_lang(lang)
    _require(projects, "projects", ["project_no", f"project_{lang}", f"indicator_{lang}",
                                    "value", "unit", "qualifier", "comparable_indicator_id"])
    out = pd.DataFrame({
        "#": projects["project_no"].to_numpy(),
        _h("project", lang): projects[f"project_{lang}"].to_numpy(),
        _h("commitment", lang): [
            f"{name}: {fmt_value(v, u, q, lang)}" for name, v, u, q in zip(
                projects[f"indicator_{lang}"], projects["value"], projects["unit"],
                projects["qualifier"], strict=True)],
    })
    if history is not None:
        ind = history.set_index("id")
        def comparable(cid: str) -> str:
            if not cid or cid not in ind.index:
                return "—"
            rec = ind.loc[cid]
            when = f" ({rec['period']})" if rec["period"] else ""
            value = fmt_value(rec["value"], rec["unit"], lang=lang)
            return f"{rec[f'indicator_{lang}']}: {value}{when}"
        out[_h("history", lang)] = projects["comparable_indicator_id"].map(comparable).to_numpy()
    if "actual" in projects.columns:
        out[_h("actual", lang)] = [
            "—" if math.isnan(a) else fmt_value(a, u, lang=lang)
            for a, u in zip(projects["actual"], projects["unit"], strict=True)]
        out[_h("progress", lang)] = projects["progress"].map(
            lambda p: "—" if math.isnan(p) else f"{fmt_number(p * 100, 0)}%").to_numpy()
    return out
