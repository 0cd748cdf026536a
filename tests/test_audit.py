"""The audit: each family of checks finds its problem in small synthetic data and raises no
false alarm on clean data; on the real article it finds the known inconsistencies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _mini_goals import ARTICLE, TABLES
from conftest import indicator, write_data_dir

import kaili_analysis as ka
from kaili_analysis.audit import AUDIT_COLUMNS, run_audit
from kaili_analysis.errors import ParameterError

SECTIONS = TABLES["sections"]


def _audit(tmp_path: Path, article: str, rows: list[dict], goals=(), **kw) -> pd.DataFrame:
    root = write_data_dir(tmp_path / "data", article,
                          {"sections": SECTIONS, "indicators": rows, "targets_2025": list(goals)})
    return run_audit(data_dir=root, **kw)


def _only(findings: pd.DataFrame, check: str) -> pd.DataFrame:
    return findings[findings["check"] == check].reset_index(drop=True)


def test_repeated_statement_with_different_values(tmp_path: Path) -> None:
    text = "建成5G基站644个。另，建成5G基站494个。下司古镇4A级景区。下司古镇已入选国家3A级景区。"
    rows = [
        indicator("bs_a", "base_stations", "644", "个", "cumulative", "建成5G基站644个"),
        indicator("bs_b", "base_stations", "494", "个", "cumulative", "另，建成5G基站494个"),
        indicator("grade_a", "xiasi_grade", "4", "A级", "grade", "下司古镇4A级景区"),
        indicator("grade_b", "xiasi_grade", "3", "A级", "grade", "下司古镇已入选国家3A级景区"),
    ]
    found = _only(_audit(tmp_path, text, rows), "repeated_statement")
    assert list(found["verdict"]) == ["inconsistent", "inconsistent"]
    bs = found[found["indicator_ids"] == "bs_a;bs_b"].iloc[0]
    assert (bs["stated"], bs["computed"], bs["difference"]) == (644, 494, -150)
    assert "644" in bs["explanation_en"] and "494" in bs["explanation_zh"]
    assert "「建成5G基站644个」" in bs["quotes"]


def test_repeated_statement_that_agrees_is_consistent(tmp_path: Path) -> None:
    text = "产值达38.13亿元。产值达30余亿元。优良天数率达95%以上。达标天数比例保持在95%以上。"
    rows = [
        indicator("v1", "output", "38.13", "亿元", "level", "产值达38.13亿元", period="2020"),
        indicator("v2", "output", "30", "亿元", "level", "产值达30余亿元", period="2020",
                  qualifier="gt"),
        indicator("a1", "air", "95", "%", "share", "优良天数率达95%以上", qualifier="ge"),
        indicator("a2", "air", "95", "%", "share", "达标天数比例保持在95%以上", qualifier="ge"),
    ]
    found = _only(_audit(tmp_path, text, rows), "repeated_statement")
    assert list(found["verdict"]) == ["consistent", "consistent"]


def test_more_than_thirty_is_not_fifty(tmp_path: Path) -> None:
    text = "产值达50亿元。产值达30余亿元。"
    rows = [
        indicator("v1", "output", "50", "亿元", "level", "产值达50亿元"),
        indicator("v2", "output", "30", "亿元", "level", "产值达30余亿元", qualifier="gt"),
    ]
    assert _only(_audit(tmp_path, text, rows), "repeated_statement")["verdict"].item() == (
        "inconsistent")


def test_time_series_is_not_a_repetition(tmp_path: Path) -> None:
    text = "从27.19亿元增加到38.13亿元。"
    rows = [
        indicator("s", "output", "27.19", "亿元", "level", "从27.19亿元增加到38.13亿元",
                  period="2015"),
        indicator("e", "output", "38.13", "亿元", "level", "从27.19亿元增加到38.13亿元",
                  period="2020"),
    ]
    assert _only(_audit(tmp_path, text, rows), "repeated_statement").empty


def test_growth_rate_against_levels(tmp_path: Path) -> None:
    found = _only(run_audit(data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES)),
                  "growth_vs_levels").set_index("indicator_ids")
    agri = found.loc["agri_growth;agri_2015;agri_2020"]
    assert agri["verdict"] == "inconsistent"
    assert agri["computed"] == pytest.approx(((38.13 / 27.19) ** 0.2 - 1) * 100)
    assert "a span of 6 years would reconcile it" in agri["explanation_en"]
    assert found.loc["iva_growth", "verdict"] == "unverifiable"


def test_growth_tolerance(tmp_path: Path) -> None:
    found = run_audit(1.0, data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES))
    agri = _only(found, "growth_vs_levels").set_index("indicator_ids")
    assert agri.loc["agri_growth;agri_2015;agri_2020", "verdict"] == "consistent"


def test_growth_with_undated_levels_uses_the_span_of_the_text(tmp_path: Path) -> None:
    text = "五年来，产值从100亿元增加到161.051亿元，年均增长10%。"
    quote = "产值从100亿元增加到161.051亿元，年均增长10%"
    rows = [
        indicator("s", "output", "100", "亿元", "level", quote),
        indicator("e", "output", "161.051", "亿元", "level", quote),
        indicator("g", "output_growth", "10", "%", "growth_rate", quote, period="2016-2020"),
    ]
    found = _only(_audit(tmp_path, text, rows), "growth_vs_levels")
    assert found["verdict"].item() == "consistent"
    assert found["computed"].item() == pytest.approx(10)


def test_parts_of_a_whole(tmp_path: Path) -> None:
    text = "三次产业占比从2016年的6.1∶32.8∶62.1到2019年的10∶30∶60。"
    q1, q2 = "2016年的6.1∶32.8∶62.1", "2019年的10∶30∶60"
    rows = [indicator(f"p{i}", f"sector_{i}", t, "%", "share", q1, period="2016")
            for i, t in enumerate(["6.1", "32.8", "62.1"])]
    rows += [indicator(f"q{i}", f"sector_{i}", t, "%", "share", q2, period="2019")
             for i, t in enumerate(["10", "30", "60"])]
    found = _only(_audit(tmp_path, text, rows), "parts_of_whole").set_index("indicator_ids")
    assert found.loc["p0;p1;p2", "verdict"] == "inconsistent"
    assert found.loc["p0;p1;p2", "computed"] == pytest.approx(101.0)
    assert found.loc["q0;q1;q2", "verdict"] == "consistent"


def test_implied_base_and_goal_status(tmp_path: Path) -> None:
    found = run_audit(data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES))
    implied = _only(found, "implied_base")
    assert implied["verdict"].item() == "inconsistent"
    assert implied["computed"].item() == pytest.approx(47 / 1.065**5)
    assert implied["stated"].item() == 38.13
    status = _only(found, "goal_status").set_index("indicator_ids")
    assert status.loc["urban_goal;urban_rate_2020", "verdict"] == "consistent"
    assert "already met" in status.loc["urban_goal;urban_rate_2020", "explanation_en"]
    assert {"gdp_goal", "iva_goal", "unemp_goal"} <= set(
        status.index[status["verdict"] == "unverifiable"])


def test_clean_data_raises_no_alarm(tmp_path: Path) -> None:
    text = ("产值从100亿元增加到161.051亿元，年均增长10%。结构为10∶30∶60。"
            "建成基站644个。基站共644个。")
    quote = "产值从100亿元增加到161.051亿元，年均增长10%"
    rows = [
        indicator("s", "output", "100", "亿元", "level", quote, period="2015"),
        indicator("e", "output", "161.051", "亿元", "level", quote, period="2020"),
        indicator("g", "output_growth", "10", "%", "growth_rate", quote, period="2016-2020"),
        *[indicator(f"p{i}", f"part_{i}", t, "%", "share", "结构为10∶30∶60")
          for i, t in enumerate(["10", "30", "60"])],
        indicator("b1", "stations", "644", "个", "cumulative", "建成基站644个"),
        indicator("b2", "stations", "644", "个", "cumulative", "基站共644个"),
    ]
    found = _audit(tmp_path, text, rows)
    assert list(found.columns) == AUDIT_COLUMNS
    assert len(found) == 3
    assert (found["verdict"] == "consistent").all()


@pytest.mark.parametrize("bad", [-0.1, 100, "0.5", True])
def test_bad_tolerance(bad) -> None:
    with pytest.raises(ParameterError, match="tolerance_pp must be a number"):
        run_audit(bad)


# --- the real article ---------------------------------------------------------------------------


def test_real_audit_finds_more_than_five_inconsistencies() -> None:
    found = ka.run_audit()
    bad = found[found["verdict"] == "inconsistent"]
    assert len(bad) > 5
    assert {"repeated_statement", "growth_vs_levels", "parts_of_whole", "implied_base"} <= set(
        bad["check"])
    assert (found["quotes"].str.len() > 0).all()
    ind = ka.load_indicators().set_index("id")
    # every quote shown as evidence is the quote of one of the finding's records
    for row in found.itertuples():
        for rid in row.indicator_ids.split(";"):
            assert f"「{ind.loc[rid, 'quote']}」" in row.quotes


def test_real_sector_structure_does_not_sum_to_100() -> None:
    ind = ka.load_indicators()
    parts = _only(ka.run_audit(), "parts_of_whole")
    for row in parts.itertuples():
        ids = row.indicator_ids.split(";")
        assert row.computed == pytest.approx(ind.set_index("id").loc[ids, "value"].sum())
    assert (parts["verdict"] == "inconsistent").sum() == 2
