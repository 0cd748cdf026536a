"""Projection paths to a horizon: the goals stay where the article puts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from _mini_goals import ARTICLE, TABLES
from conftest import write_data_dir
from hypothesis import given, settings
from hypothesis import strategies as st

import kaili_analysis as ka
from kaili_analysis.analysis.paths import projection_paths
from kaili_analysis.analysis.targets import targets_table
from kaili_analysis.errors import ParameterError


@pytest.fixture
def goals_dir(tmp_path: Path) -> Path:
    return write_data_dir(tmp_path / "data", ARTICLE, TABLES)


@pytest.fixture(scope="module")
def real_table():
    return targets_table()


def _plan(paths, goal_id):
    sub = paths[(paths["goal_id"] == goal_id) & (paths["scenario"] == "plan")]
    return sub.set_index("year")["value"]


def test_paths_to_the_default_horizon(goals_dir: Path) -> None:
    paths = projection_paths(scenario={"gdp": 0.08}, data_dir=goals_dir)
    built = paths[paths["goal_id"] == "built_up"]
    assert set(built["scenario"]) == {"plan"}
    plan = _plan(paths, "built_up")
    assert list(plan.index) == list(range(2020, 2026))
    assert plan[2020] == 73.62 and plan[2025] == pytest.approx(90)
    assert set(built["goal_year"]) == {2025} and set(built["goal_level"]) == {90}
    gdp = paths[paths["goal_id"] == "gdp"]
    assert set(gdp["measure"]) == {"index"} and set(gdp["scenario"]) == {"plan", "user"}
    assert gdp.set_index(["scenario", "year"]).loc[("user", 2025), "value"] == pytest.approx(
        100 * 1.08**5)
    agri = paths[paths["goal_id"] == "agri_rate"].set_index(["scenario", "year"])["value"]
    assert agri[("history", 2025)] == pytest.approx(38.13 * 1.06**5)
    assert not paths["goal_id"].isin(["urban", "unemployment", "income"]).any()
    assert paths.attrs["horizon"] == 2025 and paths.attrs["base_year"] == 2020


def test_a_horizon_past_the_goal_keeps_the_goal_in_its_year(goals_dir: Path) -> None:
    paths = projection_paths(2020, 2030, data_dir=goals_dir)
    plan = _plan(paths, "built_up")
    assert plan.index.max() == 2030
    assert plan[2025] == pytest.approx(90)  # 4.10% a year, not 90 km² in 2030
    assert plan[2030] == pytest.approx(73.62 * ((90 / 73.62) ** 0.2) ** 10)
    assert set(paths["goal_year"]) == {2025}


def test_a_horizon_before_the_goal_stops_the_paths(goals_dir: Path) -> None:
    paths = projection_paths(2020, 2023, data_dir=goals_dir)
    assert paths["year"].max() == 2023
    assert _plan(paths, "built_up")[2023] == pytest.approx(73.62 * (90 / 73.62) ** 0.6)
    assert set(paths["goal_year"]) == {2025}


def test_rate_goals_start_the_year_before_their_period(goals_dir: Path) -> None:
    paths = projection_paths(2015, 2025, data_dir=goals_dir)
    assert _plan(paths, "agri_level").index.min() == 2015  # a level goal from the base year
    assert _plan(paths, "agri_level")[2015] == 27.19
    assert _plan(paths, "agri_rate").index.min() == 2020  # a 2021-2025 rate from 2020
    assert _plan(paths, "gdp").index.min() == 2020
    early = projection_paths(2015, 2018, data_dir=goals_dir)
    assert "gdp" not in set(early["goal_id"]) and early["year"].max() == 2018


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((2020, 2020), {}, "horizon must be an integer year after base_year 2020"),
        ((2020, "2030"), {}, "horizon must be an integer year"),
        ((2020, 2030), {"table_base": 2015}, "table was computed for base year 2015, not 2020"),
        ((2020, 2030), {"table_scenario": {"gdp": 0.08}, "scenario": {"gdp": 0.09}},
         "table was computed with scenario"),
    ],
)
def test_bad_arguments(goals_dir: Path, args, kwargs, match) -> None:
    table = None
    if "table_base" in kwargs or "table_scenario" in kwargs:
        table = targets_table(kwargs.pop("table_base", 2020),
                              scenario=kwargs.pop("table_scenario", None), data_dir=goals_dir)
    with pytest.raises(ParameterError, match=match):
        projection_paths(*args, data_dir=goals_dir, table=table, **kwargs)


def test_a_computed_table_is_reused(goals_dir: Path) -> None:
    table = targets_table(scenario={"gdp": 0.08}, data_dir=goals_dir)
    reused = projection_paths(scenario={"gdp": 0.08}, data_dir=goals_dir, table=table)
    assert reused.equals(projection_paths(scenario={"gdp": 0.08}, data_dir=goals_dir))


@given(horizon=st.integers(2025, 2100))
@settings(max_examples=40, deadline=None)
def test_any_horizon_from_the_goal_year_leaves_every_goal_unchanged(real_table,
                                                                     horizon: int) -> None:
    """Built-up area 73.62 → 90 km² needs 4.100 % a year and agricultural output 38.13 → 47
    亿元 4.272 %, whatever the horizon; every plan path meets its goal in the goal's year."""
    paths = projection_paths(2020, horizon, table=real_table)
    base = projection_paths(2020, 2025, table=real_table)
    assert paths[paths["year"] <= 2025].reset_index(drop=True).equals(
        base.reset_index(drop=True).astype(paths.dtypes.to_dict()))
    rates = paths[paths["scenario"] == "plan"].groupby("goal_id")["rate"].first()
    assert rates["built_up_area_2025"] == pytest.approx(0.04100, abs=5e-6)
    assert rates["agri_output_2025"] == pytest.approx(0.04272, abs=5e-6)
    required = real_table.set_index("goal_id")["required_rate"]
    for goal_id, rate in rates.items():
        assert rate == required[goal_id]
    levels = paths[(paths["scenario"] == "plan") & paths["goal_level"].notna()
                   & (paths["year"] == paths["goal_year"])]
    assert len(levels) == 2
    assert (levels["value"] - levels["goal_level"]).abs().max() < 1e-9
    assert paths["year"].max() == horizon


def test_the_library_exports_the_paths() -> None:
    assert ka.projection_paths is projection_paths
