"""Tracking the goals against actual figures (made-up fixtures, never shipped as data)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kaili_analysis as ka
from kaili_analysis.analysis.actuals import load_actuals
from kaili_analysis.analysis.tracking import TRACK_COLUMNS, track_targets
from kaili_analysis.errors import ParameterError

#: Made-up figures in the shape of a statistical bulletin's (not real statistics).
FIXTURE = """id,year,value,unit,source
built_up_area_2025,2022,80,平方公里,fixture A
built_up_area_2025,2025,91,平方公里,fixture A
agri_output_end,2021,400000,万元,fixture B
agri_output_end,2022,41,亿元,fixture B
agri_output_growth,2022,7.5,%,fixture C
gdp_growth,2021,8,%,fixture D
gdp_growth,2022,13,%,fixture D
cpi_increase,2021,2.5,%,fixture E
cpi_increase,2022,3.5,%,fixture E
unemployment_rate,2022,4.5,%,fixture F
urbanization_rate,2023,74,%,fixture G
"""


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actuals") / "actuals.csv"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tracked(csv_path: Path) -> pd.DataFrame:
    return track_targets(csv_path)


def _row(tracked: pd.DataFrame, goal: str, year: int) -> pd.Series:
    return tracked.set_index(["goal_id", "year"]).loc[(goal, year)]


def test_one_row_per_goal_and_observed_year(tracked) -> None:
    assert list(tracked.columns) == TRACK_COLUMNS
    assert sorted(zip(tracked["goal_id"], tracked["year"], strict=True)) == sorted([
        ("built_up_area_2025", 2022), ("built_up_area_2025", 2025),
        ("agri_output_2025", 2021), ("agri_output_2025", 2022),
        ("agri_output_growth", 2021), ("agri_output_growth", 2022),
        ("gdp_growth", 2021), ("gdp_growth", 2022), ("cpi_increase", 2021),
        ("cpi_increase", 2022), ("unemployment_rate", 2022), ("urbanization_rate", 2023)])
    assert tracked["on_track"].dtype == "boolean"
    assert tracked.attrs["base_year"] == 2020 and tracked.attrs["horizon"] == 2025


def test_a_level_goal_against_its_required_path(tracked) -> None:
    rate = (90 / 73.62) ** 0.2 - 1
    row = _row(tracked, "built_up_area_2025", 2022)
    assert row["required_path"] == pytest.approx(73.62 * (1 + rate) ** 2)
    assert bool(row["on_track"]) is (73.62 * (1 + rate) ** 2 <= 80)
    assert row["rate_still_needed"] == pytest.approx((90 / 80) ** (1 / 3) - 1)
    assert row["average_rate"] == pytest.approx((80 / 73.62) ** 0.5 - 1)
    met = _row(tracked, "built_up_area_2025", 2025)
    assert bool(met["on_track"]) and math.isnan(met["rate_still_needed"])  # met: NaN
    assert met["path_value"] == 91 and met["unit"] == "平方公里"


def test_a_level_in_another_unit_of_the_same_quantity(tracked) -> None:
    row = _row(tracked, "agri_output_2025", 2021)
    assert row["observed"] == pytest.approx(40.0) and row["unit"] == "亿元"  # from 万元
    assert row["observed_rate"] == pytest.approx(40 / 38.13 - 1)
    need = (47 / 38.13) ** 0.2 - 1
    assert row["required_path"] == pytest.approx(38.13 * (1 + need))
    late = _row(tracked, "agri_output_2025", 2022)
    assert not late["on_track"]  # 41 < 38.13 × 1.0427²
    assert late["rate_still_needed"] == pytest.approx((47 / 41) ** (1 / 3) - 1)


def test_a_rate_goal_on_its_yearly_rates(tracked) -> None:
    first, second = _row(tracked, "gdp_growth", 2021), _row(tracked, "gdp_growth", 2022)
    assert first["observed"] == 8 and first["required_path"] == 12 and first["unit"] == "%"
    assert not first["on_track"] and first["judged_on"] == "average"
    average = (1.08 * 1.13) ** 0.5 - 1
    assert second["average_rate"] == pytest.approx(average)
    assert bool(second["on_track"]) is (average >= 0.12)
    assert second["rate_still_needed"] == pytest.approx((1.12**5 / (1.08 * 1.13)) ** (1 / 3) - 1)
    assert second["path_value"] == pytest.approx(100 * 1.08 * 1.13)  # on the index path


def test_a_stated_rate_wins_over_one_from_levels(tracked) -> None:
    row = _row(tracked, "agri_output_growth", 2022)
    assert row["observed_rate"] == pytest.approx(0.075) and row["id"] == "agri_output_growth"
    first = _row(tracked, "agri_output_growth", 2021)  # from 38.13 (article) to 40 (file)
    assert first["observed_rate"] == pytest.approx(40 / 38.13 - 1)
    assert row["average_rate"] == pytest.approx((40 / 38.13 * 1.075) ** 0.5 - 1)
    assert row["path_value"] == pytest.approx(41)  # the file's level, on the level path


def test_limits_and_shares_never_need_growth(tracked) -> None:
    for year, ok in ((2021, True), (2022, False)):
        row = _row(tracked, "cpi_increase", year)
        assert bool(row["on_track"]) is ok and row["judged_on"] == "year"
        assert math.isnan(row["rate_still_needed"]) and math.isnan(row["average_rate"])
        assert math.isnan(row["path_value"])
    unemployment = _row(tracked, "unemployment_rate", 2022)
    assert not unemployment["on_track"] and unemployment["required_path"] == 4.2
    urban = _row(tracked, "urbanization_rate", 2023)
    assert urban["on_track"] and math.isnan(urban["rate_still_needed"])


def test_a_base_from_the_users_file_where_the_article_has_none(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,year,value,unit,source\nindustrial_output_2025,2020,300,亿元,x\n"
                    "industrial_output_2025,2022,330,亿元,x\n", encoding="utf-8")
    row = _row(track_targets(path), "industrial_output_2025", 2022)
    need = (400 / 300) ** 0.2 - 1
    assert row["required_path"] == pytest.approx(300 * (1 + need) ** 2)
    assert row["rate_still_needed"] == pytest.approx((400 / 330) ** (1 / 3) - 1)


def test_without_a_path_on_track_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,year,value,unit,source\nurban_population_2025,2022,65,万人,x\n",
                    encoding="utf-8")
    row = track_targets(path).iloc[0]
    assert row["on_track"] is pd.NA and math.isnan(row["required_path"])
    assert row["rate_still_needed"] == pytest.approx((70 / 65) ** (1 / 3) - 1)


def test_a_loaded_frame_and_the_horizon(csv_path: Path, tmp_path: Path) -> None:
    frame = load_actuals(csv_path)
    assert track_targets(frame).equals(track_targets(csv_path))
    path = tmp_path / "late.csv"
    path.write_text("id,year,value,unit,source\nbuilt_up_area_2025,2027,95,平方公里,x\n",
                    encoding="utf-8")
    row = track_targets(path, horizon=2030).iloc[0]
    assert row["required_path"] == 90 and row["on_track"]  # after its year: the goal itself
    with pytest.raises(ParameterError, match=r"outside the base year\.\.horizon 2020-2025"):
        track_targets(load_actuals(path, horizon=2030), horizon=2025)
    with pytest.raises(ParameterError, match="actuals is missing column"):
        track_targets(pd.DataFrame({"id": ["x"]}))
    with pytest.raises(ParameterError, match="actuals must be a file path or a DataFrame"):
        track_targets(42)
    with pytest.raises(ParameterError, match="table was computed for base year 2015, not 2020"):
        track_targets(frame, table=ka.targets_table(2015))


def test_the_library_exports_tracking() -> None:
    assert ka.track_targets is track_targets


def _frame(rows: list[tuple[str, int, str, float]]) -> pd.DataFrame:
    """A load_actuals()-shaped frame: (goal_id, year, kind, value in the goal's terms)."""
    frame = pd.DataFrame([{"line": i + 2, "id": g, "goal_id": g, "year": y, "kind": k,
                           "value": v, "unit": "%" if k == "rate" else "x", "value_goal": v,
                           "level_base": "", "source": "hypothesis", "note": ""}
                          for i, (g, y, k, v) in enumerate(rows)])
    frame.attrs = {"path": "", "horizon": 2025}
    return frame


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return ka.targets_table()


@given(level=st.floats(60, 120), year=st.integers(2021, 2024))
@settings(max_examples=60, deadline=None)
def test_the_rate_still_needed_reaches_the_goal_in_its_year(table, level: float,
                                                            year: int) -> None:
    frame = _frame([("built_up_area_2025", year, "level", level)])
    row = track_targets(frame, table=table).iloc[0]
    if level >= 90:
        assert math.isnan(row["rate_still_needed"])  # met: nothing more is needed
    else:
        reached = level * (1 + row["rate_still_needed"]) ** (2025 - year)
        assert reached == pytest.approx(90)
    assert bool(row["on_track"]) == bool(level >= row["required_path"])


@given(rates=st.lists(st.floats(-5, 30), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_a_rate_goal_still_needs_what_completes_its_average(table,
                                                            rates: list[float]) -> None:
    rows = [("gdp_growth", 2021 + i, "rate", r) for i, r in enumerate(rates)]
    last = track_targets(_frame(rows), table=table).iloc[-1]
    done = math.prod(1 + r / 100 for r in rates)
    assert last["average_rate"] == pytest.approx(done ** (1 / len(rates)) - 1)
    assert bool(last["on_track"]) == bool(last["average_rate"] >= 0.12 - 1e-12)
    if done >= 1.12**5:
        assert math.isnan(last["rate_still_needed"])
    else:
        left = 5 - len(rates)
        total = done * (1 + last["rate_still_needed"]) ** left
        assert total == pytest.approx(1.12**5)
