"""Display tables: localised headers, formatted values, units."""

from __future__ import annotations

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis import tables
from kaili_analysis.errors import ParameterError


def test_indicator_table_formats_values_with_units() -> None:
    ind = ka.load_indicators()
    rows = ind[ind["unit"].isin(["公里", "亿元"])].head(5)
    zh = tables.indicator_table(rows, "zh")
    en = tables.indicator_table(rows, "en")
    assert list(zh.columns) == ["指标", "数值", "时期", "类型", "原文"]
    assert list(en.columns) == ["Indicator", "Value", "Period", "Kind", "Quote"]
    assert list(en["Indicator"]) == list(rows["indicator_en"])
    for value, unit, shown in zip(rows["value"], rows["unit"], zh["数值"], strict=True):
        assert unit in shown
        assert shown.replace(",", "").split(" ")[-2].startswith(str(value).rstrip("0").rstrip("."))
    assert all(q.startswith("「") for q in zh["原文"])


def test_thousands_separator() -> None:
    ind = ka.load_indicators()
    big = ind[ind["value"] >= 1000].head(3)
    shown = tables.indicator_table(big, "en", quotes=False)["Value"]
    assert all("," in s for s in shown)
    assert "Quote" not in tables.indicator_table(big, "en", quotes=False).columns


def test_targets_display_in_both_languages() -> None:
    table = ka.targets_table()
    zh, en = tables.targets_display(table, "zh"), tables.targets_display(table, "en")
    assert len(zh) == len(table) == len(en)
    assert "判断" in zh.columns and "Verdict" in en.columns
    assert set(en["Verdict"]) <= {ka.i18n.label("verdict", v, "en") for v in table["verdict"]}
    assert "—" in set(zh["基期值"])  # goals without a base show a dash, never a number


def test_audit_table() -> None:
    findings = ka.run_audit()
    out = tables.audit_table(findings, "en")
    assert len(out) == len(findings)
    assert out["Evidence"].str.contains("「").all()
    assert "Item" not in out.columns
    rows = out.set_index(findings["id"])
    start = findings.loc[findings["check"] == "implied_start", "id"].item()
    assert rows.loc[start, "Computed"] == "1.553 billion–2.07 billion yuan"  # a range
    assert rows.loc[start, "Stated"] == "2.719 billion yuan"
    assert rows.loc[start, "Tolerance"] == "±0.5 pp"
    price = findings.loc[findings["verdict"] == "price_basis", "id"].item()
    assert (rows.loc[price, "Stated"], rows.loc[price, "Computed"]) == ("6%", "7.00%")
    zh = tables.audit_table(findings, "zh", group=True, check=False)
    assert list(zh.columns[:2]) == ["事项", "判断"]
    assert zh.loc[findings.index[findings["id"] == start][0], "容差"] == "±0.5个百分点"
    assert set(zh["判断"]) <= {ka.i18n.label("verdict", v, "zh") for v in findings["verdict"]}


def test_projects_table_with_history_and_progress() -> None:
    projects = ka.load_projects()
    ind = ka.load_indicators()
    out = tables.projects_table(projects, "zh", history=ind)
    assert "“十三五”可比数据" in out.columns
    shanty = projects.index[projects["comparable_indicator_id"] != ""][0]
    assert out.loc[shanty, "“十三五”可比数据"] != "—"
    merged = projects.assign(actual=projects["value"] / 2, progress=0.5)
    assert set(tables.projects_table(merged, "en")["Progress"]) == {"50%"}


def test_bad_input() -> None:
    with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
        tables.indicator_table(ka.load_indicators(), "fr")
    with pytest.raises(ParameterError, match="ind is missing column"):
        tables.indicator_table(pd.DataFrame({"x": [1]}), "zh")
    with pytest.raises(ParameterError, match="must be a pandas DataFrame"):
        tables.audit_table([1, 2], "zh")
