"""Display tables: localised headers, formatted values, units."""

from __future__ import annotations

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis.analysis.targets import VERDICTS
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.tables import display as tables
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.findings import explanation
from kaili_analysis.show.words.formats import fmt_rate, fmt_value


def test_indicator_table_formats_values_with_units() -> None:
    ind = ka.load_indicators()
    rows = ind[ind["unit"].isin(["公里", "亿元"])].head(5)
    zh = tables.indicators_display(rows, "zh")
    en = tables.indicators_display(rows, "en")
    assert list(zh.columns) == ["指标", "数值", "时期", "类型", "原文"]
    assert list(en.columns) == ["Indicator", "Value", "Period", "Kind", "Quote"]
    assert list(en["Indicator"]) == list(rows["indicator_en"])
    for value, unit, shown in zip(rows["value"], rows["unit"], zh["数值"], strict=True):
        assert shown.endswith(unit) and not shown.endswith(f" {unit}")  # 38.13亿元, no space
        number = shown.replace(",", "").removesuffix(unit).split(" ")[-1]
        assert float(number) == value
    assert all(q.startswith("「") for q in zh["原文"])


def test_thousands_separator() -> None:
    ind = ka.load_indicators()
    big = ind[ind["value"] >= 1000].head(3)
    shown = tables.indicators_display(big, "en", quotes=False)["Value"]
    assert all("," in s for s in shown)
    assert "Quote" not in tables.indicators_display(big, "en", quotes=False).columns


def test_targets_display_in_both_languages() -> None:
    table = ka.targets_table()
    zh, en = tables.targets_display(table, "zh"), tables.targets_display(table, "en")
    assert len(zh) == len(table) == len(en)
    assert "判断" in zh.columns and "Verdict" in en.columns
    assert list(en["Verdict"]) == [catalogue.label("verdict", v, "en") for v in table["verdict"]]
    assert "—" in set(zh["基期值"])  # goals without a base show a dash, never a number
    by_goal = en.set_axis(table["goal_id"])
    assert by_goal.loc["cpi_increase", "Required rate"] == "— (a limit)"
    assert by_goal.loc["cpi_increase", "Target"] == "≤ 3%"
    assert by_goal.loc["gdp_growth", "Goal year"] == "2021-2025 average"
    assert by_goal.loc["built_up_area_2025", "Goal year"] == "2025"
    assert by_goal.loc["built_up_area_2025", "Base"] == "73.62 km² (2020)"
    history = by_goal.loc["agri_output_growth", "2016-2020 rates (all the article gives)"]
    assert "6% (stated)" in history and "7.00% (computed" in history
    assert "14.08% (also stated)" in history
    assert by_goal.loc["agri_output_growth", "Goal-year level at the goal rate"] == \
        fmt_value(round(38.13 * 1.065**5, 2), "亿元", lang="en")


def test_targets_breakdown_adds_up() -> None:
    table = ka.targets_table()
    for lang in ("zh", "en"):
        out = tables.breakdown_display(table, lang)
        counts = out.iloc[:-1, 1]
        assert counts.sum() == out.iloc[-1, 1] == len(table)
        assert list(out.iloc[:-1, 0]) == [
            catalogue.label("verdict", v, lang) for v in VERDICTS
            if (table["verdict"] == v).any()]
    en = tables.breakdown_display(table, "en").set_index("Verdict")
    assert en.loc["no 2016-2020 rate to compare", "Goals"] == 5


def test_sensitivity_display_shows_ranges_and_readings() -> None:
    from kaili_analysis.analysis.sensitivity import base_sensitivity

    sens = base_sensitivity()
    en = tables.sensitivity_display(sens, "en")
    assert len(en) == len(sens)
    approx = en[en["Base"].str.startswith(">")].iloc[0]
    assert approx["Base"] == "> 3 billion yuan (taken as 3–4 billion yuan)"
    assert approx["Required rate"] == "3.28%–9.39%"
    assert en["Where the base comes from"].str.startswith("derived:").sum() == 1
    zh = tables.sensitivity_display(sens, "zh")
    assert zh["基数依据"].str.contains("假定为2021年的水平").sum() == (
        sens["reading"] == "alternative_year").sum()


def test_implications_display_marks_every_statement() -> None:
    from kaili_analysis.analysis.implications import goal_implications

    impl = goal_implications()
    out = tables.implications_display(impl, "en")
    assert set(out["Status"]) == {"derived (not in the article)"}
    assert list(out["Derived statement"]) == [explanation(r, "en", "statement")
                                                for r in impl.to_dict("records")]


def test_tracking_display_one_row_per_goal(tmp_path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,year,value,unit,source\nbuilt_up_area_2025,2021,75,平方公里,s1\n"
                    "built_up_area_2025,2022,78,平方公里,s2\ncpi_increase,2021,3.5,%,<b>\n",
                    encoding="utf-8")
    tracked = ka.track_targets(path)
    en = tables.tracking_display(tracked, "en").set_index("Indicator")
    built = en.loc["Urban built-up area (2025 goal)"]
    assert built["Year"] == "2021 and 2022" and built["Actual figure"] == "78 km²"
    assert built["On track"] == "off track (against the required path)"
    assert built["Rate still needed a year"] == fmt_rate((90 / 78) ** (1 / 3) - 1)
    cpi = en.loc["Consumer price index increase (goal)"]
    assert cpi["Target"] == "≤ 3%" and cpi["Rate still needed a year"] == "—"
    assert cpi["Source"] == "<b>"  # shown as text: Page.table escapes it
    zh = tables.tracking_display(tracked, "zh")
    assert "落后于进度（按当年增速）" in set(zh["是否按进度"])


def test_audit_table() -> None:
    findings = ka.run_audit()
    out = tables.audit_display(findings, "en")
    assert len(out) == len(findings)
    assert out["Evidence"].str.contains("「").all()
    assert "Item" not in out.columns
    rows = out.set_index(findings["id"])
    start = findings.loc[findings["check"] == "implied_start", "id"].item()
    assert rows.loc[start, "Computed"] == "1.553–2.070 billion yuan"  # unit once, one precision
    assert rows.loc[start, "Stated"] == "2.719 billion yuan"
    assert rows.loc[start, "Tolerance"] == "±0.5 pp"
    price = findings.loc[findings["verdict"] == "price_basis", "id"].item()
    assert (rows.loc[price, "Stated"], rows.loc[price, "Computed"]) == ("6%", "7.00%")
    zh = tables.audit_display(findings, "zh", group=True, check=False)
    assert list(zh.columns[:2]) == ["事项", "判断"]
    assert zh.loc[findings.index[findings["id"] == start][0], "容差"] == "±0.5个百分点"
    assert set(zh["判断"]) <= {catalogue.label("verdict", v, "zh") for v in findings["verdict"]}


def test_projects_table_with_history_and_progress() -> None:
    projects = ka.load_projects()
    ind = ka.load_indicators()
    out = tables.projects_display(projects, "zh", history=ind)
    assert "“十三五”可比数据" in out.columns
    shanty = projects.index[projects["comparable_indicator_id"] != ""][0]
    assert out.loc[shanty, "“十三五”可比数据"] != "—"
    merged = projects.assign(actual=projects["value"] / 2, progress=0.5)
    assert set(tables.projects_display(merged, "en")["Progress"]) == {"50%"}


def test_bad_input() -> None:
    with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
        tables.indicators_display(ka.load_indicators(), "fr")
    with pytest.raises(ParameterError, match="ind is missing column"):
        tables.indicators_display(pd.DataFrame({"x": [1]}), "zh")
    with pytest.raises(ParameterError, match="must be a pandas DataFrame"):
        tables.audit_display([1, 2], "zh")


def test_qualifiers_survive_every_audit_display() -> None:
    """余 stays ('> 3 billion yuan', '30余亿元'), ≥ stays (以上 in Chinese), and 三分之一 is
    1/3, never 33/100."""
    shown = tables.audit_display(ka.run_audit(), "en")
    cells = " | ".join(shown["Stated"]) + " | ".join(shown["Computed"])
    assert "≥ 1/3" in cells and "33/100" not in cells
    assert "> 3 billion yuan" in cells and "≥ 40 billion yuan" in cells
    zh = " | ".join(tables.audit_display(ka.run_audit(), "zh")["核算结果"])
    assert "30余亿元" in zh and "> " not in zh and "≈" not in zh
