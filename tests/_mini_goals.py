"""A small article with goals, shared by the targets and audit tests."""

from __future__ import annotations

from conftest import indicator

ARTICLE = (
    "常住人口城镇化率达73.23%。城市建成区面积达73.62平方公里。农林牧渔业总产值从27.19亿元\n"
    "增加到38.13亿元，年均增长6%。规模以上工业增加值年均增长6.22%。地区生产总值年均增长12%以上；"
    "规模以上工业增加值年均增长12%以上；城镇化率稳定在70%以上；城镇登记失业率控制在4.2%以内。"
    "到2025年，城市建成区面积达90平方公里以上。实现农业总产值47亿元以上，年均增速6.5%以上。"
    "城镇、农村居民人均可支配收入增速高于全省平均水平。\n"
)
SECTIONS = [{"id": "preamble", "order": 1, "title_zh": "导语", "title_en": "Preamble",
             "heading": ""}]
LEVELS = "从27.19亿元增加到38.13亿元"
INDICATORS = [
    indicator("urban_rate_2020", "urbanisation", "73.23", "%", "share", "常住人口城镇化率达73.23%",
              period="2020"),
    indicator("built_up_2020", "built_up", "73.62", "平方公里", "level",
              "城市建成区面积达73.62平方公里", period="2020"),
    indicator("agri_2015", "agri_output", "27.19", "亿元", "level", LEVELS, period="2015"),
    indicator("agri_2020", "agri_output", "38.13", "亿元", "level", LEVELS, period="2020"),
    indicator("agri_growth", "agri_output_growth", "6", "%", "growth_rate",
              "增加到38.13亿元，年均增长6%", period="2016-2020"),
    indicator("iva_growth", "iva_growth", "6.22", "%", "growth_rate",
              "规模以上工业增加值年均增长6.22%", period="2016-2020"),
    indicator("gdp_goal", "gdp_growth_goal", "12", "%", "target_growth_rate",
              "地区生产总值年均增长12%以上", period="2021-2025", qualifier="ge"),
    indicator("iva_goal", "iva_growth_goal", "12", "%", "target_growth_rate",
              "规模以上工业增加值年均增长12%以上", period="2021-2025", qualifier="ge"),
    indicator("urban_goal", "urbanisation_goal", "70", "%", "target_share",
              "城镇化率稳定在70%以上", period="2025", qualifier="ge"),
    indicator("unemp_goal", "unemployment_goal", "4.2", "%", "target_share",
              "城镇登记失业率控制在4.2%以内", period="2021-2025", qualifier="le"),
    indicator("built_up_goal", "built_up_goal", "90", "平方公里", "target_level",
              "城市建成区面积达90平方公里以上", period="2025", qualifier="ge"),
    indicator("agri_goal_level", "agri_output_goal", "47", "亿元", "target_level",
              "实现农业总产值47亿元以上", period="2025", qualifier="ge"),
    indicator("agri_goal_rate", "agri_output_growth_goal", "6.5", "%", "target_growth_rate",
              "年均增速6.5%以上", period="2021-2025", qualifier="ge"),
]


def goal(id_, gtype, ind="", base="", rate="", start="", pair="", quote=""):
    return {"id": id_, "goal_zh": id_, "goal_en": id_, "goal_type": gtype, "indicator_id": ind,
            "base_indicator_id": base, "history_rate_indicator_id": rate,
            "history_start_indicator_id": start, "pair_id": pair,
            "quote": quote or next(r["quote"] for r in INDICATORS if r["id"] == ind),
            "note": ""}


TARGETS = [
    goal("gdp", "rate", "gdp_goal"),
    goal("iva", "rate", "iva_goal", rate="iva_growth"),
    goal("urban", "share", "urban_goal", base="urban_rate_2020"),
    goal("unemployment", "share", "unemp_goal"),
    goal("built_up", "level", "built_up_goal", base="built_up_2020"),
    goal("agri_level", "level", "agri_goal_level", base="agri_2020", rate="agri_growth",
         start="agri_2015", pair="agri_rate"),
    goal("agri_rate", "rate", "agri_goal_rate", base="agri_2020", rate="agri_growth",
         start="agri_2015", pair="agri_level"),
    goal("income", "qualitative", quote="城镇、农村居民人均可支配收入增速高于全省平均水平"),
]
EXCLUSIONS = [{"token": "2025", "context": "到2025年", "category": "date", "reason": "a date"}]
TABLES = {"sections": SECTIONS, "indicators": INDICATORS, "targets_2025": TARGETS,
          "exclusions": EXCLUSIONS}
