"""The 2025 target table and projection paths, on a small article and on the real one."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from _mini_goals import ARTICLE, TABLES
from conftest import write_data_dir

import kaili_analysis as ka
from kaili_analysis.errors import ParameterError
from kaili_analysis.targets import projection_paths, targets_table


@pytest.fixture
def goals_dir(tmp_path: Path) -> Path:
    return write_data_dir(tmp_path / "data", ARTICLE, TABLES)


@pytest.fixture
def table(goals_dir: Path):
    return targets_table(data_dir=goals_dir).set_index("goal_id")


def test_one_row_per_goal(table) -> None:
    assert list(table.index) == [g["id"] for g in TABLES["targets_2025"]]
    assert table.loc["gdp", "goal"] == "≥ 12%"
    assert table.loc["built_up", "goal"] == "≥ 90 平方公里"


def test_rate_goal_without_base_or_history_is_not_computable(table) -> None:
    row = table.loc["gdp"]
    assert row["verdict"] == "no_base"
    assert math.isnan(row["base_value"]) and math.isnan(row["implied_level"])
    assert row["required_rate"] == pytest.approx(0.12)
    assert "not computable" in row["explanation_en"] and "无法计算" in row["explanation_zh"]


def test_rate_goal_compared_with_stated_history(table) -> None:
    row = table.loc["iva"]
    assert row["achieved_rate"] == pytest.approx(0.0622)
    assert row["achieved_source"] == "stated"
    assert row["gap_pp"] == pytest.approx(12 - 6.22)
    assert row["verdict"] == "faster_than_history"
    assert "+5.78 pp" in row["explanation_en"]


def test_share_goal_already_met(table) -> None:
    row = table.loc["urban"]
    assert row["verdict"] == "already_met"
    assert row["base_value"] == 73.23
    assert "73.23" in row["explanation_en"]


def test_ceiling_without_base(table) -> None:
    assert table.loc["unemployment", "verdict"] == "no_base"


def test_level_goal_requires_a_rate(table) -> None:
    row = table.loc["built_up"]
    assert row["required_rate"] == pytest.approx((90 / 73.62) ** (1 / 5) - 1)
    assert row["verdict"] == "no_history"
    assert "4.10%" in row["explanation_en"]


def test_paired_level_and_rate(table) -> None:
    level, rate = table.loc["agri_level"], table.loc["agri_rate"]
    assert level["required_rate"] == pytest.approx((47 / 38.13) ** 0.2 - 1)
    assert level["stated_rate"] == pytest.approx(0.065)
    assert level["implied_level"] == pytest.approx(38.13 * 1.065**5)
    assert level["verdict"] == "within_history"
    assert rate["verdict"] == "faster_than_history"
    assert rate["gap_pp"] == pytest.approx(0.5)


def test_qualitative_goal(table) -> None:
    row = table.loc["income"]
    assert row["verdict"] == "qualitative" and math.isnan(row["goal_value"])


def test_base_from_another_year_is_not_used(goals_dir: Path) -> None:
    table = targets_table(base_year=2021, target_year=2025, data_dir=goals_dir)
    row = table.set_index("goal_id").loc["built_up"]
    assert row["verdict"] == "no_base"
    assert "2020, not 2021" in row["explanation_en"]


def test_scenario_rates(goals_dir: Path) -> None:
    table = targets_table(scenario={"built_up": 0.03, "agri_2020": 0.05}, data_dir=goals_dir)
    table = table.set_index("goal_id")
    assert table.loc["built_up", "scenario_level"] == pytest.approx(73.62 * 1.03**5)
    assert table.loc["agri_level", "scenario_rate"] == 0.05
    assert math.isnan(table.loc["gdp", "scenario_rate"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"base_year": 2025, "target_year": 2020}, "target_year must be after base_year"),
        ({"target_year": "2025"}, "target_year must be an integer year"),
        ({"scenario": {"nope": 0.1}}, "scenario key 'nope' is not a goal"),
        ({"scenario": {"gdp": 12}}, r"did you mean 0\.12"),
        ({"scenario": {"gdp": -1}}, r"must be a fraction in \(-1, 1\]"),
        ({"scenario": [0.1]}, "scenario must be a mapping"),
    ],
)
def test_bad_parameters(goals_dir: Path, kwargs: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        targets_table(data_dir=goals_dir, **kwargs)


def test_projection_paths(goals_dir: Path) -> None:
    paths = projection_paths(scenario={"gdp": 0.08}, data_dir=goals_dir)
    built = paths[(paths["goal_id"] == "built_up")]
    assert set(built["scenario"]) == {"plan"}
    plan = built.set_index("year")["value"]
    assert list(plan.index) == list(range(2020, 2026))
    assert plan[2020] == 73.62 and plan[2025] == pytest.approx(90)
    gdp = paths[paths["goal_id"] == "gdp"]
    assert set(gdp["measure"]) == {"index"}
    assert set(gdp["scenario"]) == {"plan", "user"}
    assert gdp.set_index(["scenario", "year"]).loc[("user", 2025), "value"] == pytest.approx(
        100 * 1.08**5)
    agri = paths[paths["goal_id"] == "agri_rate"].set_index(["scenario", "year"])["value"]
    assert agri[("history", 2025)] == pytest.approx(38.13 * 1.06**5)
    assert not (paths["goal_id"].isin(["urban", "unemployment", "income"])).any()


# --- the real article ---------------------------------------------------------------------------


def test_real_targets_table_never_invents_a_base() -> None:
    table = targets_table()
    goals = ka.load_targets().set_index("id")
    for row in table.itertuples():
        if not goals.loc[row.goal_id, "base_indicator_id"]:
            assert math.isnan(row.base_value), row.goal_id
            assert math.isnan(row.implied_level), row.goal_id
    assert (table["verdict"] == "already_met").sum() >= 1
    assert (table["verdict"] == "no_base").sum() >= 5
    assert table["explanation_zh"].str.len().gt(0).all()
    assert table["explanation_en"].str.len().gt(0).all()


def test_projection_paths_reuse_a_computed_table(goals_dir: Path) -> None:
    table = targets_table(scenario={"gdp": 0.08}, data_dir=goals_dir)
    reused = projection_paths(scenario={"gdp": 0.08}, data_dir=goals_dir, table=table)
    assert reused.equals(projection_paths(scenario={"gdp": 0.08}, data_dir=goals_dir))
    with pytest.raises(ParameterError, match="table was computed for 2020-2025, not 2020-2030"):
        projection_paths(2020, 2030, data_dir=goals_dir, table=table)
