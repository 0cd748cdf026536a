"""Actual figures a user supplies: read, converted to each goal's unit, every bad line refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kaili_analysis import config
from kaili_analysis.analysis import parameters as validators
from kaili_analysis.analysis.actuals import actual_ids, actuals_guide, load_actuals
from kaili_analysis.errors import DataValidationError, ParameterError

HEAD = "id,year,value,unit,source\n"


def _csv(tmp_path: Path, body: str, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_ids_are_goals_and_their_records() -> None:
    ids = actual_ids()
    assert ids["agri_output_end"] == ["agri_output_2025", "agri_output_growth"]
    assert ids["gdp_growth"] == ids["gdp_growth_target"] == ["gdp_growth"]
    assert "four_stronger" not in ids  # qualitative goals take no figures


def test_the_guide_lists_every_id_a_file_may_use_and_each_one_loads(tmp_path: Path) -> None:
    guide = actuals_guide()
    assert "four_stronger" not in set(guide["goal_id"])  # qualitative goals take no figures
    listed = {i for ids in guide["ids"] for i in ids.split(";")}
    assert listed == set(actual_ids())
    # a figure for every goal under its own id, in the unit the guide gives, is accepted
    assert all(g in ids.split(";") for g, ids in zip(guide["goal_id"], guide["ids"], strict=True))
    rows = "".join(f"{g},2021,{'5' if u == '%' else '1'},{u},test\n"
                   for g, u in zip(guide["goal_id"], guide["unit"], strict=True))
    loaded = load_actuals(_csv(tmp_path, rows))
    assert set(loaded["goal_id"]) == set(guide["goal_id"])


def test_an_unknown_id_points_to_the_command_that_lists_them(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="kaili data goals lists them"):
        load_actuals(_csv(tmp_path, "gdp_grwth,2021,5,%,x\n"))


def test_units_are_converted_to_the_goals(tmp_path: Path) -> None:
    path = _csv(tmp_path, "agri_output_end,2021,400000,万元,example\n"
                          "built_up_area_2025,2022,80,平方公里,example\n"
                          "industrial_output_prefecture_share,2023,30,%,example\n"
                          "gdp_growth,2021,1.5,%,example\n"
                          "gdp_growth_target,2022,2000,亿元,example\n")
    frame = load_actuals(path)
    rows = frame.set_index(["goal_id", "year"])
    assert rows.loc[("agri_output_2025", 2021), "value_goal"] == pytest.approx(40)  # 亿元
    assert rows.loc[("agri_output_growth", 2021), "kind"] == "level"
    assert rows.loc[("agri_output_growth", 2021), "value_goal"] == pytest.approx(4e9)  # yuan
    assert rows.loc[("built_up_area_2025", 2022), "value_goal"] == 80
    assert rows.loc[("industrial_output_prefecture_share", 2023), "value_goal"] == 30  # in %
    assert rows.loc[("gdp_growth", 2021), "kind"] == "rate"
    assert rows.loc[("gdp_growth", 2022), "level_base"] == "yuan"
    assert list(frame["line"]) == [2, 2, 3, 4, 5, 6]
    assert frame.attrs["path"] == str(path)


@pytest.mark.parametrize(
    ("body", "line", "column", "match"),
    [
        ("gdp_grwth,2021,1,%,x\n", 2, "id", "'gdp_grwth' is not a goal id or the id of a "
                                            "goal's record \\(did you mean 'gdp_growth'"),
        ("four_stronger,2021,1,%,x\n", 2, "id", "'four_stronger' is not a goal id"),
        ("gdp_growth,2019,1,%,x\n", 2, "year", "year 2019 is outside 2020-2025"),
        ("gdp_growth,2026,1,%,x\n", 2, "year", "year 2026 is outside 2020-2025"),
        ("gdp_growth,2020,1,%,x\n", 2, "year", "a yearly rate for 2020 is not part of "
                                               "gdp_growth \\(a goal for 2021-2025\\)"),
        ("gdp_growth,twenty,1,%,x\n", 2, "year", "'twenty' is not a year"),
        ("gdp_growth,2021,abc,%,x\n", 2, "value", "'abc' is not a number"),
        ("gdp_growth,2021,inf,%,x\n", 2, "value", "'inf' is not a number"),
        ("gdp_growth,2021,1e999,%,x\n", 2, "value", "not finite"),
        ("gdp_growth,2021,-100,%,x\n", 2, "value", "is not a yearly rate"),
        ("built_up_area_2025,2021,-5,平方公里,x\n", 2, "value", "not a positive level"),
        ("urbanization_rate,2021,120,%,x\n", 2, "value", "not a share between 0 and 100%"),
        ("gdp_growth,2021,1,percent,x\n", 2, "unit", "unknown unit 'percent'"),
        ("built_up_area_2025,2021,80,亩,x\n", 2, "unit",
         "unit '亩' cannot be converted to the unit of built_up_area_2025 \\(平方公里\\)"),
        ("agri_output_2025,2021,5,%,x\n", 2, "unit",
         "unit '%' cannot be converted to the unit of agri_output_2025 \\(亿元\\)"),
        ("agri_output_growth,2021,5,万人,x\n", 2, "unit",
         "cannot be converted to the unit of agri_output_growth's levels \\(yuan\\)"),
        ("gdp_growth,2021,1,%,x\ngdp_growth,2021,2,%,y\n", 3, "id",
         "duplicate id='gdp_growth', year='2021' \\(also on line 2\\)"),
        ("gdp_growth,2021,1,%,x\ngdp_growth_target,2021,2,%,y\n", 3, "id",
         "gdp_growth already has a rate for 2021 \\(line 2, id 'gdp_growth'\\)"),
        ("agri_output_end,2021,40,亿元,x\nagri_output_2025,2021,41,亿元,y\n", 3, "id",
         "agri_output_2025 already has a level for 2021"),
        ("gdp_growth,2021,1,%\n", 2, "source", "the row has 4 cells, the header 5"),
    ],
)
def test_bad_lines(tmp_path: Path, body: str, line: int, column: str, match: str) -> None:
    path = _csv(tmp_path, body)
    with pytest.raises(DataValidationError, match=match) as info:
        load_actuals(path)
    assert (info.value.line, info.value.column) == (line, column)
    assert str(info.value).startswith(f"actuals.csv, line {line}, column {column!r}: ")


def test_a_stated_rate_beside_levels_is_not_a_duplicate(tmp_path: Path) -> None:
    path = _csv(tmp_path, "agri_output_end,2021,40,亿元,x\nagri_output_growth,2021,5,%,y\n")
    frame = load_actuals(path)
    assert sorted(frame.loc[frame["goal_id"] == "agri_output_growth", "kind"]) == [
        "level", "rate"]


def test_years_follow_base_year_and_horizon(tmp_path: Path) -> None:
    path = _csv(tmp_path, "built_up_area_2025,2027,95,平方公里,x\n")
    assert load_actuals(path, horizon=2030)["year"].tolist() == [2027]
    with pytest.raises(DataValidationError, match="outside 2020-2025"):
        load_actuals(path)
    with pytest.raises(ParameterError, match="horizon must be an integer year after"):
        load_actuals(path, base_year=2020, horizon=2019)


def test_the_report_check_refuses_a_bad_file_in_one_line(tmp_path: Path) -> None:
    good = _csv(tmp_path, "gdp_growth,2021,1,%,x\n", "good.csv")
    validators.targets_report({"lang": "en", "actuals_csv": str(good)})
    bad = _csv(tmp_path, "gdp_growth,2021,1,km,x\n", "bad.csv")
    with pytest.raises(ParameterError, match=r"^actuals_csv: bad\.csv, line 2, column 'unit': "
                                             r"unknown unit 'km'"):
        validators.targets_report({"lang": "en", "actuals_csv": str(bad)})
    late = _csv(tmp_path, "gdp_growth,2027,1,%,x\n", "late.csv")
    validators.targets_report({"horizon": 2030, "actuals_csv": str(late)})
    with pytest.raises(ParameterError, match="year 2027 is outside 2020-2025"):
        validators.targets_report({"horizon": 2025, "actuals_csv": str(late)})
    with pytest.raises(ParameterError, match="actuals_csv must be a file path or empty"):
        validators.targets_report({"actuals_csv": 3})


def test_kaili_render_stops_before_any_kernel(tmp_path: Path) -> None:
    bad = _csv(tmp_path, "gdp_growth,2021,1,%,x\ngdp_growth,2021,2,%,y\n", "bad.csv")
    proc = subprocess.run([sys.executable, "-m", "kaili_analysis", "render", "targets_2025",
                           "-p", "actuals_csv", str(bad), "--format", "html",
                           "--output-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=config.REPO_ROOT, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "bad.csv, line 3, column 'id': duplicate id='gdp_growth', year='2021'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.html"))
