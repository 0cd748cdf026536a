"""The targets table: goal years, directions, bases from any stated year, every 2016-2020 rate,
verdicts that say what is missing, scenario keys; on a small article, on random goals and on
the real one."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from _mini_goals import ARTICLE, TABLES
from conftest import indicator, write_data_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kaili_analysis as ka
from kaili_analysis.analysis import sensitivity
from kaili_analysis.analysis.targets import LIMIT_VERDICTS, VERDICTS, targets_table
from kaili_analysis.data.quantities import DIRECTIONS
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.catalogue import label
from kaili_analysis.show.words.findings import explanation, value_text


@pytest.fixture
def goals_dir(tmp_path: Path) -> Path:
    return write_data_dir(tmp_path / "data", ARTICLE, TABLES)


@pytest.fixture
def table(goals_dir: Path):
    return targets_table(data_dir=goals_dir).set_index("goal_id")


@pytest.fixture(scope="module")
def real():
    return targets_table().set_index("goal_id")


def test_one_row_per_goal(table) -> None:
    assert list(table.index) == [g["id"] for g in TABLES["targets_2025"]]
    assert (table.loc["gdp", "goal_value"], table.loc["gdp", "qualifier"]) == (12, "ge")
    assert table.loc["built_up", "goal_year"] == 2025
    assert table.loc["gdp", "goal_period"] == "2021-2025"


def test_rate_goal_without_history_lacks_history_not_a_base(table) -> None:
    row = table.loc["gdp"]
    assert row["verdict"] == "no_history"
    assert row["required_rate"] == pytest.approx(0.12) and row["projection"] == "index"
    assert math.isnan(row["base_value"]) and math.isnan(row["implied_level"])
    assert "no 2016-2020 rate to compare" in explanation(row, "en")
    assert "at least 12% a year over 2021-2025" in explanation(row, "en")
    assert "不低于12%" in explanation(row, "zh")


def test_rate_goal_compared_with_stated_history(table) -> None:
    row = table.loc["iva"]
    assert row["achieved_rate"] == pytest.approx(0.0622)
    assert row["history_rates"] == pytest.approx((0.0622,))
    assert row["gap_pp"] == pytest.approx(12 - 6.22)
    assert row["verdict"] == "faster_than_history"
    assert "+5.78 pp against 6.22%" in explanation(row, "en")
    assert "比6.22%高5.78个百分点" in explanation(row, "zh")


def test_share_goal_already_met(table) -> None:
    row = table.loc["urban"]
    assert row["verdict"] == "already_met" and row["base_value"] == 73.23
    assert math.isnan(row["required_rate"]) and row["projection"] == ""
    assert "73.23% in 2020 against the 2025 goal of at least 70%" in explanation(row, "en")
    held = explanation(targets_table().set_index("goal_id").loc["urbanization_rate"], "en")
    assert "against the 2021-2025 goal of at least 70%" in held  # kept above 70% throughout


def test_a_ceiling_is_a_limit_never_a_growth(table) -> None:
    row = table.loc["unemployment"]
    assert row["direction"] == "at_most" and row["verdict"] == "limit_no_base"
    assert math.isnan(row["required_rate"]) and math.isnan(row["stated_rate"])
    assert row["projection"] == ""
    assert explanation(row, "en").startswith("A limit, not a growth goal: at most 4.2%")


def test_level_goal_requires_a_rate_to_its_own_year(table) -> None:
    row = table.loc["built_up"]
    assert row["required_rate"] == pytest.approx((90 / 73.62) ** (1 / 5) - 1)
    assert row["years"] == 5 and row["verdict"] == "no_history"
    assert "needs 4.10% a year" in explanation(row, "en")


def test_paired_level_and_rate_against_every_history(table) -> None:
    level, rate = table.loc["agri_level"], table.loc["agri_rate"]
    computed = (38.13 / 27.19) ** 0.2 - 1
    assert level["history_rates"] == pytest.approx((0.06, computed))
    assert level["history_sources"] == ("stated", "computed")
    assert level["required_rate"] == pytest.approx((47 / 38.13) ** 0.2 - 1)
    assert level["implied_level"] == pytest.approx(38.13 * 1.065**5)
    assert level["verdict"] == "within_history"
    # 6.5% is faster than the stated 6% and slower than 7.0% computed from the levels
    assert rate["verdict"] == "history_disagrees"
    assert rate["gap_pp"] == pytest.approx(0.5)
    history = value_text(rate["history_words"], "en")
    assert rate["price_caveat"] and "nominal" in history
    assert "(stated)" in history and "7.00%" in history
    assert "current prices" in explanation(rate, "en") and "现价" in explanation(rate, "zh")


def test_qualitative_goal(table) -> None:
    row = table.loc["income"]
    assert row["verdict"] == "qualitative" and row["direction"] == ""
    assert math.isnan(row["goal_value"]) and row["goal_year"] is pd.NA


def test_base_from_another_year_says_which_years_the_article_gives(goals_dir: Path) -> None:
    table = targets_table(base_year=2021, data_dir=goals_dir).set_index("goal_id")
    row = table.loc["built_up"]
    assert row["verdict"] == "no_base" and row["base_year"] == 2021
    assert "no 2021 level" in explanation(row, "en") and "(it gives one for 2020)" in \
        explanation(row, "en")
    # rate goals keep their own start (2020) whatever the base year
    assert table.loc["agri_rate", "base_year"] == 2020
    assert table.loc["agri_rate", "base_value"] == 38.13


def test_a_base_from_2015(goals_dir: Path) -> None:
    row = targets_table(base_year=2015, data_dir=goals_dir).set_index("goal_id").loc[
        "agri_level"]
    assert row["base_value"] == 27.19 and row["base_indicator_id"] == "agri_2015"
    assert row["years"] == 10
    assert row["required_rate"] == pytest.approx((47 / 27.19) ** 0.1 - 1)
    assert math.isnan(row["implied_level"])  # the 6.5% rate applies from 2020, not 2015


def test_scenario_rates(goals_dir: Path) -> None:
    table = targets_table(scenario={"built_up": 0.03, "agri_2020": 0.05}, data_dir=goals_dir)
    table = table.set_index("goal_id")
    assert table.loc["built_up", "scenario_level"] == pytest.approx(73.62 * 1.03**5)
    assert table.loc["agri_level", "scenario_rate"] == 0.05
    assert table.loc["agri_rate", "scenario_rate"] == 0.05  # the base record names both
    assert math.isnan(table.loc["gdp", "scenario_rate"])
    assert math.isnan(table.loc["gdp", "scenario_level"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"base_year": 2025}, "base_year must be an integer year before the goals' year 2025"),
        ({"base_year": "2020"}, "base_year must be an integer year"),
        ({"scenario": {"nope": 0.1}}, "scenario key 'nope' is not a goal that can be "
                                      "projected; allowed: agri_2020, agri_goal_level"),
        ({"scenario": {"unemployment": 0.1}}, r"\(unemployment is a limit \(at most\)\)"),
        ({"scenario": {"urban": 0.1}}, r"\(urban is a share, which is not projected\)"),
        ({"scenario": {"income": 0.1}}, r"\(income is qualitative\)"),
        ({"scenario": {"built_upp": 0.1}}, r"did you mean 'built_up'"),
        ({"scenario": {"gdp": 12}}, r"did you mean 0\.12"),
        ({"scenario": {"gdp": -1}}, r"must be a fraction in \(-1, 1\]"),
        ({"scenario": [0.1]}, "scenario must be a mapping"),
    ],
)
def test_bad_parameters(goals_dir: Path, kwargs: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        targets_table(data_dir=goals_dir, **kwargs)


def test_a_scenario_for_a_level_without_a_base_in_that_year_is_refused(goals_dir) -> None:
    with pytest.raises(ParameterError, match="built_up is a level without a 2021 base"):
        targets_table(2021, scenario={"built_up": 0.02}, data_dir=goals_dir)


def test_every_verdict_has_words() -> None:
    for verdict in VERDICTS:
        assert label("verdict", verdict, "zh") and label("verdict", verdict, "en")
    for direction in set(DIRECTIONS.values()):
        assert label("direction", direction, "en") == direction.replace("_", " ")


# --- random goals: the direction rules hold for any goal --------------------------------------

_WORD = {"ge": "以上", "gt": "余", "le": "以内", "lt": "不足", "approx": "左右", "eq": ""}


@st.composite
def goal_sets(draw):
    n = draw(st.integers(1, 4))
    specs = []
    for i in range(n):
        specs.append({
            "i": i,
            "type": draw(st.sampled_from(["rate", "level", "share"])),
            "qualifier": draw(st.sampled_from(list(_WORD))),
            "value": draw(st.integers(5, 90)),
            "base": draw(st.one_of(st.none(), st.integers(1, 95))),
            "history": draw(st.one_of(st.none(), st.integers(1, 30))),
        })
    return specs


def _goal_dir(root: Path, specs: list[dict]) -> Path:
    article, rows, goals = [], [], []
    for s in specs:
        i, unit = s["i"], "亿元" if s["type"] == "level" else "%"
        kind = {"rate": "target_growth_rate", "level": "target_level",
                "share": "target_share"}[s["type"]]
        quote = f"甲{i}号目标为{s['value']}{unit}{_WORD[s['qualifier']]}"
        article.append(quote + "。")
        rows.append(indicator(f"goal{i}", f"goal{i}", str(s["value"]), unit, kind, quote,
                              period="2025" if s["type"] == "level" else "2021-2025",
                              qualifier=s["qualifier"]))
        base_id = rate_id = ""
        if s["base"] is not None:
            base_unit = "%" if s["type"] == "share" else "亿元"
            quote = f"乙{i}号基数为{s['base']}{base_unit}"
            article.append(quote + "。")
            rows.append(indicator(f"base{i}", f"q{i}", str(s["base"]), base_unit,
                                  "share" if s["type"] == "share" else "level", quote,
                                  period="2020"))
            base_id = f"base{i}"
        if s["history"] is not None:
            quote = f"丙{i}号年均增长{s['history']}%"
            article.append(quote + "。")
            rows.append(indicator(f"hist{i}", f"q{i}_growth", str(s["history"]), "%",
                                  "growth_rate", quote, period="2016-2020"))
            rate_id = f"hist{i}"
        goals.append({"id": f"g{i}", "goal_zh": f"g{i}", "goal_en": f"g{i}",
                      "goal_type": s["type"], "indicator_id": f"goal{i}",
                      "base_indicator_id": base_id, "history_rate_indicator_id": rate_id,
                      "history_start_indicator_id": "", "pair_id": "",
                      "quote": rows[-1 - (rate_id != "") - (base_id != "")]["quote"],
                      "note": ""})
    sections = [{"id": "preamble", "order": 1, "title_zh": "导语", "title_en": "Preamble",
                 "heading": ""}]
    return write_data_dir(root, "".join(article) + "\n",
                          {"sections": sections, "indicators": rows, "targets_2025": goals})


@given(specs=goal_sets(), horizon=st.integers(2021, 2060))
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_limit_ever_gets_a_growth_rate_or_a_path(tmp_path_factory, specs, horizon) -> None:
    root = _goal_dir(tmp_path_factory.mktemp("goals"), specs)
    table = targets_table(data_dir=root)
    paths = ka.projection_paths(horizon=horizon, table=table)
    for s, row in zip(specs, table.itertuples(), strict=True):
        word = _WORD[s["qualifier"]]  # the article's word after the figure decides the direction
        assert row.direction == {"以上": "at_least", "余": "at_least", "以内": "at_most",
                                 "不足": "at_most", "左右": "about", "": "exactly"}[word]
        if row.direction == "at_most":
            assert math.isnan(row.required_rate) and math.isnan(row.stated_rate)
            assert row.verdict in (*LIMIT_VERDICTS, "history_disagrees")
            assert row.projection == ""
            assert row.goal_id not in set(paths["goal_id"])
        elif row.projection:
            plan = paths[(paths["goal_id"] == row.goal_id) & (paths["scenario"] == "plan")]
            assert plan["rate"].unique() == pytest.approx([row.required_rate])
            assert plan["year"].max() == horizon
        assert row.verdict in VERDICTS


# --- the real article --------------------------------------------------------------------------


def test_real_targets_table_never_invents_a_base(real) -> None:
    goals = ka.load_targets().set_index("id")
    for goal_id, row in real.iterrows():
        if not goals.loc[goal_id, "base_indicator_id"]:
            assert math.isnan(row["base_value"]), goal_id
            assert math.isnan(row["implied_level"]), goal_id
    for row in real.to_dict("records"):
        assert explanation(row, "zh") and explanation(row, "en")


def test_real_verdicts_say_what_is_missing(real) -> None:
    for goal in ("gdp_growth", "budget_revenue_growth", "fixed_asset_investment_growth",
                 "retail_sales_growth"):
        assert real.loc[goal, "verdict"] == "no_history", goal
    for goal in ("industrial_output_2025", "urban_population_2025"):
        assert real.loc[goal, "verdict"] == "no_base", goal
    assert real.loc["cpi_increase", "verdict"] == "limit_no_history"
    assert real.loc["unemployment_rate", "verdict"] == "limit_no_base"
    assert real.loc["urban_population_2025", "direction"] == "about"
    # no_base only for goals that need a base: levels and shares
    assert set(real.loc[real["verdict"] == "no_base", "goal_type"]) <= {"level", "share"}


def test_real_ceilings_are_limits(real) -> None:
    for goal in ("cpi_increase", "unemployment_rate"):
        row = real.loc[goal]
        assert row["direction"] == "at_most" and math.isnan(row["required_rate"])
        assert "at most" in explanation(row, "en") and "不超过" in explanation(row, "zh")


def test_real_agricultural_goals_against_all_three_rates(real) -> None:
    for goal in ("agri_output_2025", "agri_output_growth"):
        row = real.loc[goal]
        assert row["history_rates"] == pytest.approx((0.06, (38.13 / 27.19) ** 0.2 - 1,
                                                      0.1408))
        assert row["history_sources"] == ("stated", "computed", "also_stated")
        text = value_text(row["history_words"], "en")
        assert text.index("6% (stated)") < text.index("7.00% (computed") < text.index(
            "14.08% (also stated)")
        assert "2015-2020, nominal" in text and row["price_caveat"]
    assert real.loc["agri_output_growth", "verdict"] == "history_disagrees"
    assert real.loc["agri_output_2025", "verdict"] == "within_history"
    for pp in ("+0.50 pp against 6%", "−0.50 pp against 7.00%", "−7.58 pp against 14.08%"):
        assert pp in explanation(real.loc["agri_output_growth"], "en")


def test_real_required_rates_to_the_articles_year(real) -> None:
    assert real.loc["built_up_area_2025", "required_rate"] == pytest.approx(0.04100, abs=5e-6)
    assert real.loc["agri_output_2025", "required_rate"] == pytest.approx(0.04272, abs=5e-6)
    table = targets_table(2015).set_index("goal_id")
    assert table.loc["agri_output_2025", "base_value"] == 27.19
    assert table.loc["agri_output_2025", "required_rate"] == pytest.approx(
        (47 / 27.19) ** 0.1 - 1)
    assert table.loc["built_up_area_2025", "verdict"] == "no_base"


def test_real_scenario_keys() -> None:
    for key in ("four_stronger", "urbanization_rate", "cpi_increase"):
        with pytest.raises(ParameterError, match=f"scenario key '{key}' is not a goal that can"):
            targets_table(scenario={key: 0.01})
    with pytest.raises(ParameterError, match="did you mean 'gdp_growth'"):
        targets_table(scenario={"gdp_grwth": 0.01})
    assert targets_table(scenario={"gdp_growth_target": 0.08}).set_index("goal_id").loc[
        "gdp_growth", "scenario_rate"] == 0.08


def test_the_table_computes_from_frames_the_caller_passes() -> None:
    goals, ind = ka.load_targets(), ka.load_indicators()
    some = goals[goals["id"].isin(["gdp_growth", "urbanization_rate"])]
    table = ka.targets_table(targets=some, indicators=ind)
    assert list(table["goal_id"]) == ["gdp_growth", "urbanization_rate"]
    assert table.set_index("goal_id").at["urbanization_rate", "verdict"] == "already_met"
    # a goal whose base record the indicators do not hold is refused, naming both
    base_id = table.set_index("goal_id").at["urbanization_rate", "base_indicator_id"]
    with pytest.raises(ParameterError, match=rf"'urbanization_rate' names the record\(s\) "
                                             rf"{base_id} in base_indicator_id"):
        ka.targets_table(targets=some, indicators=ind[ind["id"] != base_id])
    sens = sensitivity.base_sensitivity(targets=goals[goals["id"] == "gdp_growth"])
    assert set(sens["goal_id"]) <= {"gdp_growth"}


def test_a_frame_without_a_column_it_needs_is_named() -> None:
    with pytest.raises(ParameterError, match=r"targets is missing column\(s\) 'pair_id'"):
        ka.targets_table(targets=ka.load_targets().drop(columns="pair_id"))
    with pytest.raises(ParameterError, match="indicators must be a pandas DataFrame"):
        ka.targets_table(indicators=[{"id": "x"}])
