"""The audit: each family of checks finds its problem in small synthetic data, raises no false
alarm where the figures fit, and on the real article finds what an analyst would."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from _mini_goals import ARTICLE, TABLES
from conftest import indicator, write_data_dir
from hypothesis import given, settings
from hypothesis import strategies as st

import kaili_analysis as ka
from kaili_analysis.analysis.audit import (
    AUDIT_COLUMNS,
    CHECKS,
    CLAIM_VERDICTS,
    GOAL_VERDICTS,
    audit_groups,
    rate_history,
    run_audit,
    structure,
)
from kaili_analysis.analysis.audit._base import narrower, period_basis
from kaili_analysis.analysis.audit.rates import implied_start
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.findings import explanation, history_words

SECTIONS = TABLES["sections"]
GOAL_COLUMNS = ["id", "goal_zh", "goal_en", "goal_type", "indicator_id", "base_indicator_id",
                "history_rate_indicator_id", "history_start_indicator_id", "pair_id", "quote",
                "note"]
NO_GOALS = pd.DataFrame(columns=GOAL_COLUMNS)


def _audit(tmp_path: Path, article: str, rows: list[dict], goals=(), **kw) -> pd.DataFrame:
    root = write_data_dir(tmp_path / "data", article,
                          {"sections": SECTIONS, "indicators": rows, "targets_2025": list(goals)})
    return run_audit(data_dir=root, **kw)


def _frame(rows: list[dict], **kw) -> pd.DataFrame:
    """The audit of records given as a table (no article: lists are looked for in quotes)."""
    return run_audit(indicators=pd.DataFrame(rows), goals=NO_GOALS, **kw)


def _only(findings: pd.DataFrame, check: str) -> pd.DataFrame:
    return findings[findings["check"] == check].reset_index(drop=True)


# --- repeated statements: the same measure, or related but different measures -----------------


def test_repeated_statement_with_different_values(tmp_path: Path) -> None:
    text = "建成5G基站644个。另，建成5G基站494个。下司古镇4A级景区。下司古镇已入选国家3A级景区。"
    rows = [
        indicator("bs_a", "base_stations", "644", "个", "cumulative", "建成5G基站644个"),
        indicator("bs_b", "base_stations", "494", "个", "cumulative", "另，建成5G基站494个"),
        indicator("grade_a", "xiasi_grade", "4", "A级", "grade", "下司古镇4A级景区",
                  period="2016-2020"),
        indicator("grade_b", "xiasi_grade", "3", "A级", "grade", "下司古镇已入选国家3A级景区"),
    ]
    found = _only(_audit(tmp_path, text, rows), "repeated_statement")
    assert list(found["verdict"]) == ["inconsistent", "inconsistent"]
    bs = found[found["indicator_ids"] == "bs_a;bs_b"].iloc[0]
    assert (bs["stated"], bs["computed"], bs["difference"]) == (644, 494, -150)
    assert (bs["stated_unit"], bs["computed_unit"]) == ("个", "个")
    assert "644" in explanation(bs, "en") and "494" in explanation(bs, "zh")
    assert "「建成5G基站644个」" in bs["quotes"]
    grade = found[found["indicator_ids"] == "grade_a;grade_b"].iloc[0]
    assert "undated" in explanation(grade, "en") and "未注明时间" in explanation(grade, "zh")


def test_a_narrower_measure_that_is_smaller_is_a_related_measure() -> None:
    rows = [
        indicator("built", "parks", "70", "个", "cumulative", "建成公园广场70个", zh="建成公园广场",
                  en="Parks and squares built", period="2016-2020"),
        indicator("opened", "parks", "67", "个", "cumulative", "公园广场建成开放67个",
                  zh="公园广场建成开放", en="Parks and squares built and opened",
                  period="2016-2020"),
    ]
    row = _only(_frame(rows), "repeated_statement").iloc[0]
    assert row["verdict"] == "related_measures"
    assert "开放" in explanation(row, "zh") and "both can hold" in explanation(row, "en")
    # the narrower measure larger than the broader one: both cannot hold
    rows[1] = {**rows[1], "value": 75.0, "value_base": 75.0, "value_text": "75",
               "quote": "公园广场建成开放75个"}
    assert _only(_frame(rows), "repeated_statement")["verdict"].item() == "inconsistent"


def test_differently_worded_statements_are_not_compared() -> None:
    rows = [
        indicator("a", "bs", "644", "个", "cumulative", "建成5G基站644个", zh="建成5G基站"),
        indicator("b", "bs", "494", "个", "cumulative", "建设5G基站494个", zh="建设5G基站"),
    ]
    row = _only(_frame(rows), "repeated_statement").iloc[0]
    assert row["verdict"] == "related_measures"
    assert "建成5G基站" in explanation(row, "en") and "cannot be set against" in (
        explanation(row, "en"))


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
    assert "30余亿元" in explanation(found.loc[0], "zh")  # the qualifier survives in words
    assert "more than 3 billion yuan" in explanation(found.loc[0], "en")


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


# --- growth rates against levels, and the price basis ------------------------------------------


def test_growth_rate_against_levels(tmp_path: Path) -> None:
    found = _only(run_audit(data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES)),
                  "growth_vs_levels").set_index("indicator_ids")
    agri = found.loc["agri_growth;agri_2015;agri_2020"]
    # 7.00% at current prices against a stated 6%: what prices rising 0.94% a year would make
    assert agri["verdict"] == "price_basis"
    assert agri["computed"] == pytest.approx((38.13 / 27.19) ** 0.2 - 1)  # a fraction
    assert (agri["computed_unit"], agri["tolerance_unit"]) == ("fraction", "pp")
    assert "comparable prices" in explanation(agri, "en")
    assert "可比价格" in explanation(agri, "zh")
    assert found.loc["iva_growth", "verdict"] == "unverifiable"


def test_price_basis_only_for_money_and_within_price_pp() -> None:
    quote = "从100增加到140.26，年均增长6%"
    def rows(unit: str) -> list[dict]:
        return [indicator("s", "x", "100", unit, "level", quote, period="2015"),
                indicator("e", "x", "140.26", unit, "level", quote, period="2020"),
                indicator("g", "x_growth", "6", "%", "growth_rate", quote, period="2016-2020")]
    money = _only(_frame(rows("亿元")), "growth_vs_levels")
    assert money["verdict"].item() == "price_basis"  # 7.00% vs 6%
    assert _only(_frame(rows("公里")), "growth_vs_levels")["verdict"].item() == "inconsistent"
    strict = _only(_frame(rows("亿元"), price_pp=0.5), "growth_vs_levels")
    assert strict["verdict"].item() == "inconsistent"
    assert "rise 0.94% a year" in explanation(strict.iloc[0], "en")


def test_growth_tolerance(tmp_path: Path) -> None:
    found = run_audit(1.0, data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES))
    agri = _only(found, "growth_vs_levels").set_index("indicator_ids")
    assert agri.loc["agri_growth;agri_2015;agri_2020", "verdict"] == "consistent"
    assert agri.loc["agri_growth;agri_2015;agri_2020", "tolerance"] == 1.0


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
    assert found["computed"].item() == pytest.approx(0.10)


# --- a rate over a span ending at a stated level implies the start -----------------------------


def _start_rows(start: str) -> list[dict]:
    return [
        indicator("start", "output", start, "亿元", "level", f"产值从{start}亿元起步",
                  period="2015"),
        indicator("approx", "output", "30", "亿元", "level", "产值达30余亿元", period="2020",
                  qualifier="gt"),
        indicator("rate", "output_growth", "14.08", "%", "growth_rate",
                  "产值达30余亿元，年均增长14.08%", period="2016-2020"),
    ]


def test_implied_start_contradicts_a_stated_start() -> None:
    found = _only(_frame(_start_rows("27.19")), "implied_start")
    row = found.iloc[0]
    assert row["verdict"] == "inconsistent"
    assert row["computed_low"] == pytest.approx(30 / 1.1408 ** 5)
    assert row["computed_high"] == pytest.approx(40 / 1.1408 ** 5)
    assert (row["stated"], row["stated_unit"], row["computed_unit"]) == (27.19, "亿元", "亿元")
    assert set(row["indicator_ids"].split(";")) == {"start", "approx", "rate"}
    # a level stated with the rate is where the span ends, dated or not
    undated = [{**r, "period": ""} if r["id"] == "approx" else r for r in _start_rows("27.19")]
    assert _only(_frame(undated), "implied_start")["verdict"].item() == "inconsistent"


def test_implied_start_that_fits() -> None:
    assert _only(_frame(_start_rows("18")), "implied_start")["verdict"].item() == "consistent"
    # 23 fits only with prices falling a few points a year: a price-basis question
    assert _only(_frame(_start_rows("23")), "implied_start")["verdict"].item() == "price_basis"


@settings(deadline=None, max_examples=60)
@given(end=st.floats(1, 1e4), rate=st.floats(-0.05, 0.4), off=st.floats(0.1, 0.5))
def test_implied_start_round_trip(end: float, rate: float, off: float) -> None:
    """A start that the rate leads to the end from is consistent; one far off is not."""
    start = end / (1 + rate) ** 5
    def rows(value: float) -> list[dict]:
        return [indicator("s", "x", "1", "公里", "level", "qs", period="2015", value=value),
                indicator("e", "x", "1", "公里", "level", "qe", period="2020", value=end),
                indicator("r", "x_growth", "1", "%", "growth_rate", "qr qe",
                          period="2016-2020", value=rate * 100)]
    ok = pd.DataFrame(implied_start(pd.DataFrame(rows(start)), 0.01, 0.0))
    assert ok["verdict"].item() == "consistent"
    assert ok["computed_low"].item() == pytest.approx(start)
    # 10% off is more than ±0.5 points over five years allow; a length has no price basis
    far = implied_start(pd.DataFrame(rows(start * (1 + off))), 0.5, 3.0)
    assert far[0]["verdict"] == "inconsistent"


def test_no_implied_start_when_the_sentence_gives_both_levels(tmp_path: Path) -> None:
    found = run_audit(data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES))
    assert _only(found, "implied_start").empty


# --- the structure of the economy --------------------------------------------------------------


def test_parts_of_a_whole(tmp_path: Path) -> None:
    text = "三次产业占比从2016年的6.1∶32.8∶62.1到2019年的10∶30∶60。"
    q1, q2 = "2016年的6.1∶32.8∶62.1", "2019年的10∶30∶60"
    rows = [indicator(f"p{i}", f"sector_{i}", t, "%", "share", q1, period="2016")
            for i, t in enumerate(["6.1", "32.8", "62.1"])]
    rows += [indicator(f"q{i}", f"sector_{i}", t, "%", "share", q2, period="2019")
             for i, t in enumerate(["10", "30", "60"])]
    found = _only(_audit(tmp_path, text, rows), "parts_of_whole").set_index("indicator_ids")
    assert found.loc["p0;p1;p2", "verdict"] == "inconsistent"
    assert found.loc["p0;p1;p2", "computed"] == pytest.approx(1.01)
    assert found.loc["q0;q1;q2", "verdict"] == "consistent"
    assert set(found["group"]) == {"sector"}  # one ratio, one question


def _economy(s1: float, s2: float, g1: float, s1_end: float, s2_end: float,
             g2: float) -> pd.DataFrame:
    rows = []
    for name, sector, start, end in (("primary", "第一产业", s1, s1_end),
                                     ("secondary", "第二产业", s2, s2_end)):
        for year, value in (("2016", start), ("2019", end)):
            rows.append(indicator(f"{name}_{year}", f"sector_share_{name}", "1", "%", "share",
                                  f"q{name}{year}", period=year, zh=f"{sector}占比",
                                  en=f"{name.title()} sector share", value=value))
    rows.append(indicator("agri", "agri_growth", "1", "%", "growth_rate", "qa",
                          period="2016-2020", zh="农林牧渔业总产值年均增长", value=g1))
    rows.append(indicator("ind", "iva_growth", "1", "%", "growth_rate", "qi",
                          period="2016-2020", zh="规模以上工业增加值年均增长", value=g2))
    return pd.DataFrame(rows)


def test_share_falling_while_its_industry_grows() -> None:
    # secondary 32.8 -> 20.7 while industry grows 6.22%: GDP must grow 23.8% a year; the
    # primary sector with 6% gives 3.25%: the figures cannot all hold
    found = pd.DataFrame(structure.share_vs_growth(
        _economy(6.1, 32.8, 6.0, 6.6, 20.7, 6.22), 0.5, 3.0))
    # rates are fractions
    assert set(found["stated_unit"]) == set(found["computed_unit"]) == {"fraction"}
    secondary = found[found["stated"].round(6) == 0.0622].iloc[0]
    assert secondary["computed"] == pytest.approx(1.0622 * (32.8 / 20.7) ** (1 / 3) - 1)
    assert set(found["verdict"]) == {"inconsistent"}
    assert "fell" in explanation(secondary, "en")
    alone = structure.share_vs_growth(
        _economy(6.1, 32.8, 6.0, 6.6, 20.7, 6.22).query("not id.str.startswith('primary')"),
        0.5, 3.0)
    assert [f["verdict"] for f in alone] == ["unverifiable"]


@settings(deadline=None, max_examples=60)
@given(whole=st.floats(0.0, 0.3), g1=st.floats(-0.05, 0.3), g2=st.floats(-0.05, 0.3),
       s1=st.floats(2, 30), s2=st.floats(10, 60))
def test_shares_of_one_economy_imply_one_growth(whole, g1, g2, s1, s2) -> None:
    """Shares that evolve as their industries and the whole economy grow are consistent,
    and each pair recovers the growth of the whole."""
    def end(share: float, g: float) -> float:
        return share * ((1 + g) / (1 + whole)) ** 3
    frame = _economy(s1, s2, g1 * 100, end(s1, g1), end(s2, g2), g2 * 100)
    found = structure.share_vs_growth(frame, 0.5, 0.0)
    assert len(found) == 2
    for f in found:
        assert f["computed"] == pytest.approx(whole, abs=1e-8)
        assert f["verdict"] == "consistent"


# --- counts: one set, stated wholes, people per member, named lists ----------------------------


def _towns(total: str = "20", total_period: str = "2022") -> list[dict]:
    return [
        indicator("posts", "town_posts", "15", "个", "count", "担任15个镇街指挥所正副指挥长",
                  period="2016-2020"),
        indicator("bus", "towns_bus", "15", "个", "count", "15个镇街开通城市公交", period="2020"),
        indicator("ids", "towns_id", total, "个", "project_target",
                  f"实现{total}个镇街24小时自助办理一体机全覆盖", period=total_period),
    ]


def test_counts_of_one_set_against_its_full_count() -> None:
    found = _only(_frame(_towns()), "set_counts")
    assert len(found) == 2 and set(found["verdict"]) == {"related_measures"}
    assert set(found["group"]) == {"set:镇街"}
    assert (found["computed"] == 20).all() and (found["stated"] == 15).all()
    assert "全部镇街" in explanation(found.loc[0], "zh")
    # a part larger than the whole of the same period cannot hold
    bad = _only(_frame(_towns("12", "2020")), "set_counts")
    assert "inconsistent" in set(bad["verdict"])


def test_counts_of_one_set_that_agree() -> None:
    rows = _towns("15", "2020")
    assert set(_only(_frame(rows), "set_counts")["verdict"]) == {"consistent"}


def _poverty(part: str) -> list[dict]:
    return [
        indicator("poor", "poor_persons", "6.13", "万人", "cumulative",
                  "81个贫困村6.13万贫困人口全部出列脱贫", period="2016-2020", zh="脱贫贫困人口"),
        indicator("moved", "moved_persons", part, "人", "cumulative", f"{part}人进城安居",
                  period="2016-2020", zh="进城安居搬迁人口"),
        indicator("cadres", "cadres", "5461", "人", "count", "5461人结对帮扶",
                  period="2016-2020", zh="结对帮扶党员干部"),
    ]


def test_a_part_of_a_stated_whole() -> None:
    found = _only(_frame(_poverty("44179")), "subset_count")
    row = found.iloc[0]  # the cadres' name ends differently: not compared
    assert len(found) == 1 and row["verdict"] == "consistent"
    assert "72%" in explanation(row, "en") and "72%" in explanation(row, "zh")
    assert row["group"] == "whole:poor_persons"
    larger = _only(_frame(_poverty("98000")), "subset_count").iloc[0]
    assert larger["verdict"] == "related_measures"
    assert "different populations" in explanation(larger, "en")


def test_a_part_of_an_open_ended_period_is_not_compared() -> None:
    rows = _poverty("44179")
    rows[1] = {**rows[1], "quote": "“十三五”以来44179人进城安居"}
    assert _only(_frame(rows), "subset_count").empty


def test_open_ended_by_its_sentence_is_not_compared(tmp_path: Path) -> None:
    text = "“十三五”以来，全市44179人进城安居。81个贫困村6.13万贫困人口全部出列脱贫。"
    rows = _poverty("44179")[:2]
    rows[1] = {**rows[1], "quote": "全市44179人进城安居"}
    found = _audit(tmp_path, text, rows)
    assert _only(found, "subset_count").empty
    # the same sentence without 以来 is compared
    closed = _audit(tmp_path / "closed", text.replace("“十三五”以来，", "五年来，"), rows)
    assert _only(closed, "subset_count")["verdict"].item() == "consistent"


def test_people_per_member_of_a_set() -> None:
    def rows(n: str) -> list[dict]:
        return [indicator("grids", "grids", "1889", "个", "count", "划分1889个网格并设网格员",
                          period="2016-2020"),
                indicator("staff", "staff", n, "名", "count", f"选派{n}名干部担任网格员",
                          period="2016-2020")]
    ok = _only(_frame(rows("1908")), "per_member").iloc[0]
    assert ok["verdict"] == "consistent" and "1.01" in explanation(ok, "en")
    assert _only(_frame(rows("900")), "per_member")["verdict"].item() == "related_measures"


def test_named_lists_against_their_counts(tmp_path: Path) -> None:
    text = ("重点围绕“鸡、猪、渔”三大产业。建成甲古镇、乙田园2个景区。选出丙、丁等10个景观。"
            "获批戊、己、庚2个园区。完成改造7821户、改造8013户。")
    rows = [
        indicator("three", "industries", "三", "大", "count", "“鸡、猪、渔”三大产业"),
        indicator("two", "areas", "2", "个", "count", "建成甲古镇、乙田园2个景区"),
        indicator("ten", "sights", "10", "个", "count", "丙、丁等10个景观"),
        indicator("wrong", "parks", "2", "个", "count", "获批戊、己、庚2个园区"),
        indicator("amounts", "renovated", "8013", "户", "cumulative", "改造8013户"),
    ]
    found = _only(_audit(tmp_path, text, rows), "named_list").set_index("indicator_ids")
    assert found.loc["three", "verdict"] == "consistent"
    assert found.loc["two", "verdict"] == "consistent"
    assert found.loc["ten", "verdict"] == "consistent"
    assert found.loc["ten", "computed_qualifier"] == "le"  # 等: at most the count
    assert found.loc["wrong", "verdict"] == "inconsistent"
    assert "amounts" not in found.index  # a list of amounts is not a list of names


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("建成公园广场", "公园广场建成开放", (1, "开放")),
    ("公园广场建成开放", "建成公园广场", (0, "开放")),
    ("建成5G基站", "建设5G基站", None),
    ("农村供电可靠率", "农村供电可靠率", None),
])
def test_which_name_is_narrower(a: str, b: str, expected) -> None:
    assert narrower(a, b) == expected


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("quote", "period", "kind", "context", "basis"), [
    ("累计接待游客1227.21万人次", "2016-2020", "cumulative", "“十三五”以来，全市", "open"),
    ("连续5年入选中国西部百强县", "2016-2020", "count", "", "run"),
    ("生猪存栏10.99万头、出栏11.15万头", "", "level", "", "flow"),
    ("水产品总产量3560吨", "", "level", "", "undated"),
    ("森林覆盖率提高至56.6%", "2020", "share", "", "closed"),
])
def test_period_basis(quote, period, kind, context, basis) -> None:
    rec = {"quote": quote, "period": period, "kind": kind, "indicator_zh": quote}
    assert period_basis(rec, context) == basis


# --- forward goals, groups, ids ----------------------------------------------------------------


def test_implied_base_and_goals(tmp_path: Path) -> None:
    found = run_audit(data_dir=write_data_dir(tmp_path / "d", ARTICLE, TABLES))
    implied = _only(found, "implied_base")
    assert implied["verdict"].item() == "inconsistent"
    assert implied["computed"].item() == pytest.approx(47 / 1.065**5)
    assert implied["stated"].item() == 38.13
    goals = found[found["subject"] == "goal"].set_index("indicator_ids")
    assert set(goals["check"]) == {"goal_status"}
    assert set(goals["verdict"]) <= set(GOAL_VERDICTS)
    assert goals.loc["urban_goal;urban_rate_2020", "verdict"] == "already_met"
    assert goals.loc["gdp_goal", "verdict"] == "no_history"  # a rate goal lacks history
    assert goals.loc["unemp_goal", "verdict"] == "no_base"  # a share goal lacks a base
    assert goals.loc["iva_goal;iva_growth", "verdict"] == "faster_than_history"
    claims = found[found["subject"] == "claim"]
    assert set(claims["verdict"]) <= set(CLAIM_VERDICTS)
    assert not claims["check"].eq("goal_status").any()


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


@pytest.mark.parametrize("name", ["tolerance_pp", "price_pp"])
@pytest.mark.parametrize("bad", [-0.1, 100, "0.5", True, math.nan])
def test_bad_parameters(name: str, bad) -> None:
    with pytest.raises(ParameterError, match=f"{name} must be a number"):
        run_audit(**{name: bad})


def test_audit_groups_take_the_most_serious_verdict() -> None:
    findings = pd.DataFrame({
        "group": ["a", "a", "b", "c"], "group_zh": ["甲", "甲", "乙", "丙"],
        "group_en": ["A", "A", "B", "C"], "subject": "claim",
        "verdict": ["consistent", "price_basis", "consistent", "related_measures"],
        "check": ["repeated_statement", "growth_vs_levels", "named_list", "set_counts"],
        "indicator_ids": ["x;y", "y;z", "w", "v"]})
    groups = audit_groups(findings).set_index("group")
    assert list(groups.index) == ["a", "c", "b"]
    assert groups.loc["a", "verdict"] == "price_basis" and groups.loc["a", "n_findings"] == 2
    assert groups.loc["a", "indicator_ids"] == "x;y;z"
    with pytest.raises(ParameterError, match="missing column"):
        audit_groups(findings.drop(columns="group"))


# --- the real article ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return ka.run_audit()


def test_real_findings_are_machine_readable(real: pd.DataFrame) -> None:
    assert list(real.columns) == AUDIT_COLUMNS
    assert real["id"].is_unique
    for row in real.itertuples():
        assert row.id == f"{row.check}:{'+'.join(sorted(row.indicator_ids.split(';')))}"
        assert row.check in CHECKS and row.subject in {"claim", "goal"}
        if not math.isnan(row.stated):
            assert row.stated_unit
        if not (math.isnan(row.computed) and math.isnan(row.computed_low)):
            assert row.computed_unit
        words = row._asdict()
        assert explanation(words, "zh") and explanation(words, "en") and row.group
        assert row.tolerance_unit in {"pp", ""} or row.tolerance == 0
    ind = ka.load_indicators().set_index("id")
    for row in real.itertuples():  # every quote shown is the quote of one of its records
        for rid in row.indicator_ids.split(";"):
            assert f"「{ind.loc[rid, 'quote']}」" in row.quotes


def test_real_ids_do_not_depend_on_the_order_of_the_rows(real: pd.DataFrame) -> None:
    ind = ka.load_indicators()
    shuffled = ind.sample(frac=1, random_state=7).reset_index(drop=True)
    again = ka.run_audit(indicators=shuffled, goals=ka.load_targets(),
                         article=ka.load_article())
    assert dict(zip(again["id"], again["verdict"], strict=True)) == dict(
        zip(real["id"], real["verdict"], strict=True))


def test_real_agricultural_cluster_is_one_question(real: pd.DataFrame) -> None:
    agri = real[(real["group"] == "agri_output") & (real["subject"] == "claim")]
    assert {"repeated_statement", "growth_vs_levels", "implied_start", "implied_base"} <= set(
        agri["check"])
    assert (agri["verdict"] == "inconsistent").sum() >= 4
    groups = audit_groups(real).set_index("group")
    assert groups.loc["agri_output", "verdict"] == "inconsistent"
    assert groups.loc["agri_output", "n_findings"] == len(agri)
    # 6% stated against 7.00% from the levels is a price-basis question, not a contradiction
    six = agri[(agri["check"] == "growth_vs_levels") & (agri["stated"].round(6) == 0.06)]
    assert six["verdict"].item() == "price_basis"


def test_real_related_measures(real: pd.DataFrame) -> None:
    by_group = real.set_index("group")
    assert by_group.loc["parks_squares", "verdict"] == "related_measures"
    assert by_group.loc["five_g_base_stations", "verdict"] == "related_measures"
    towns = real[real["group"] == "set:镇街"]
    assert len(towns) == 2 and set(towns["verdict"]) == {"related_measures"}


def test_real_missed_checks_are_found(real: pd.DataFrame) -> None:
    start = _only(real, "implied_start").iloc[0]
    assert start["verdict"] == "inconsistent"
    assert (round(start["computed_low"], 1), round(start["computed_high"], 1)) == (15.5, 20.7)
    secondary = real[(real["check"] == "share_vs_growth")
                     & (real["stated"].round(6) == 0.0622)].iloc[0]
    assert secondary["verdict"] == "inconsistent" and secondary["computed"] > 0.2
    passed = real[real["verdict"] == "consistent"]
    relocated = passed[passed["indicator_ids"].str.contains("poverty_relocated_persons")]
    assert "72%" in explanation(relocated.iloc[0], "en")
    grid = passed[passed["check"] == "per_member"]
    assert grid["indicator_ids"].item() == "poverty_grid_cadres;poverty_grid_cells"
    assert len(_only(passed, "named_list")) >= 5


def test_real_goals_are_not_unverifiable_claims(real: pd.DataFrame) -> None:
    goals = real[real["subject"] == "goal"]
    assert len(goals) == (ka.load_targets()["goal_type"] != "qualitative").sum()
    assert not goals["verdict"].eq("unverifiable").any()
    unverifiable = real[real["verdict"] == "unverifiable"]
    assert (unverifiable["subject"] == "claim").all() and len(unverifiable) == 2


def test_real_rate_history_side_by_side() -> None:
    ind = ka.load_indicators()
    hist = rate_history(ind, "agri_output")
    assert list(hist["source"]) == ["stated", "levels", "stated"]
    assert list(hist["rate"].round(4)) == [0.06, 0.07, 0.1408]  # fractions
    assert hist["current_prices"].tolist() == [False, True, False]
    assert history_words(ind, "agri_output", "en") == (
        "6% (stated), 7.00% (from the levels, at current prices) and 14.08% (stated)")
    assert history_words(ind, "agri_output", "zh") == (
        "6%（文中所述）、7.00%（由起止值按现价计算）和14.08%（文中所述）")
    assert history_words(ind, "tourism_revenue", "en") == ""  # a single rate: nothing to set beside


def test_real_sector_structure_does_not_sum_to_100(real: pd.DataFrame) -> None:
    ind = ka.load_indicators()
    parts = _only(real, "parts_of_whole")
    for row in parts.itertuples():
        ids = row.indicator_ids.split(";")
        assert row.computed == pytest.approx(ind.set_index("id").loc[ids, "value"].sum() / 100)
    assert (parts["verdict"] == "inconsistent").sum() == 2


def test_forward_goals_get_the_targets_reports_verdict() -> None:
    """The audit and the targets report judge each goal alike (6.5% against 6%, 7.00% and
    14.08%: the rates disagree in both, not 'needs faster growth' in one of them)."""
    from kaili_analysis.analysis.audit import GOAL_VERDICTS

    findings = ka.run_audit()
    goals = findings[findings["subject"] == "goal"]
    by_record = {ids.split(";")[0]: v for ids, v in zip(goals["indicator_ids"],
                                                        goals["verdict"], strict=True)}
    table = ka.targets_table()
    compared = 0
    for rec, verdict in zip(table["indicator_id"], table["verdict"], strict=True):
        if verdict in GOAL_VERDICTS and rec in by_record:
            assert by_record[rec] == verdict, rec
            compared += 1
    assert compared >= 10
    assert "history_disagrees" in set(goals["verdict"])


def test_every_base_unit_of_a_counted_set_is_countable() -> None:
    """A record that counts members of a set (kind count, a measure word such as 个/场/级)
    takes part in the count checks whatever its base unit (tiers, campaigns, venues …)."""
    from kaili_analysis.analysis.audit.counts import _COUNTABLE

    ind = ka.load_indicators()
    counted = ind[(ind["kind"] == "count")
                  & ~ind["unit_base"].isin(["years", "percent", "grade", "children"])]
    assert set(counted["unit_base"]) <= _COUNTABLE
    ids = ";".join(ka.run_audit()["indicator_ids"])
    assert "poverty_command_tiers" in ids  # 市——镇——村——网格: four named, four counted
