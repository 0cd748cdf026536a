"""Charts: labels in the report language, the right number of marks, honest totals, clear errors.

Frames here are small and made up (they test drawing); one test draws every chart from the
real data. The PNG test fails if a Chinese glyph or the minus sign falls back to a font that
lacks it.
"""

from __future__ import annotations

import io
import math
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from kaili_analysis.errors import ParameterError
from kaili_analysis.show import charts as plots
from kaili_analysis.show import theme
from kaili_analysis.show.words import catalogue

LANGS = ["zh", "en"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _font(cjk_font: str) -> None:
    """Every chart applies the theme, which needs a Chinese font (skips locally without one)."""


def _row(zh: str, en: str, value: float, unit: str, *, qualifier: str = "eq",
         period: str = "2020", concept: str = "") -> dict:
    return {"indicator_zh": zh, "indicator_en": en, "value": value, "unit": unit,
            "qualifier": qualifier, "period": period, "concept": concept or en.lower()}


@pytest.fixture
def areas() -> pd.DataFrame:
    return pd.DataFrame([
        _row("粮食种植面积", "Grain sown area", 26, "万亩", qualifier="ge"),
        _row("蔬菜种植面积", "Vegetable planting", 25.6, "万亩"),
        _row("中药材种植面积", "Medicinal herb planting", 3.6, "万亩"),
    ])


@pytest.fixture
def mixed(areas: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([areas, pd.DataFrame([
        _row("农林牧渔业总产值", "Gross agricultural output", 38.13, "亿元"),
        _row("水产品总产量", "Aquatic products output", 3560, "吨"),
    ])], ignore_index=True)


@pytest.fixture
def levels() -> pd.DataFrame:
    return pd.DataFrame([
        _row("总产值（期末）", "Output (end)", 121, "亿元", period="2020"),
        _row("总产值（期初）", "Output (start)", 100, "亿元", period="2018"),
    ])


@pytest.fixture
def sectors() -> pd.DataFrame:
    rows = []
    for year, parts in (("2016", (6.1, 32.8, 62.1)), ("2019", (6.6, 20.7, 70.7))):
        for sector, value in zip(("primary", "secondary", "tertiary"), parts, strict=True):
            rows.append(_row(f"{sector}占比", f"{sector} share", value, "%", period=year,
                             concept=f"sector_share_{sector}"))
    return pd.DataFrame(rows)


@pytest.fixture
def shares() -> pd.DataFrame:
    return pd.DataFrame([
        _row("森林覆盖率", "Forest coverage", 56.6, "%"),
        _row("污水处理率", "Sewage treatment rate", 97.85, "%"),
        _row("空气质量优良天数率", "Good air-quality days", 95, "%", qualifier="ge"),
        _row("某比率", "Some share", 8, "%"),
    ])


@pytest.fixture
def table() -> pd.DataFrame:
    nan = math.nan
    return pd.DataFrame({
        "goal_id": ["g_rate", "g_level", "g_nohist", "g_nobase", "g_qual"],
        "goal_type": ["rate", "level", "rate", "level", "qualitative"],
        "indicator_zh": ["工业增加值年均增长", "农业总产值", "地区生产总值年均增长",
                         "工业总产值", ""],
        "indicator_en": ["Industrial value added growth", "Agricultural output",
                         "GDP growth", "Industrial output", ""],
        "goal_value": [12.0, 47.0, 12.0, 400.0, nan],
        "unit": ["%", "亿元", "%", "亿元", ""],
        "qualifier": ["ge", "ge", "ge", "ge", ""],
        "required_rate": [0.12, 0.0427, 0.12, nan, nan],
        "achieved_rate": [0.0622, 0.06, nan, nan, nan],
        "gap_pp": [5.78, -1.73, nan, nan, nan],
    })


@pytest.fixture
def paths() -> pd.DataFrame:
    frames = []
    for scen, rate in (("plan", 0.065), ("history", 0.06), ("user", -0.02)):
        years = np.arange(2020, 2026)
        frames.append(pd.DataFrame({
            "goal_id": "agri", "indicator_zh": "农业总产值", "indicator_en": "Agricultural output",
            "scenario": scen, "rate": rate, "measure": "level", "unit": "亿元", "year": years,
            "value": 38.13 * (1 + rate) ** (years - 2020)}))
    years = np.arange(2020, 2026)
    frames.append(pd.DataFrame({
        "goal_id": "gdp", "indicator_zh": "地区生产总值年均增长", "indicator_en": "GDP growth",
        "scenario": "plan", "rate": 0.12, "measure": "index", "unit": "", "year": years,
        "value": 100 * 1.12 ** (years - 2020)}))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def findings() -> pd.DataFrame:
    rows = ([("repeated_statement", "inconsistent")] * 2
            + [("repeated_statement", "consistent")] * 3
            + [("growth_vs_levels", "unverifiable")]
            + [("parts_of_whole", "inconsistent")] * 2)
    return pd.DataFrame(rows, columns=["check", "verdict"])


@pytest.fixture
def commitments() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_zh": ["棚户区改造", "城镇新增就业", "无可比"],
        "indicator_en": ["Shantytown renovation", "New urban jobs", "Not comparable"],
        "unit": ["户", "万人", "个"],
        "value_2022": [9000.0, 1.4, 3.0],
        "value_history": [7821.0, 11.17, math.nan],
    })


def _draw(ax: Axes | Figure) -> None:
    fig = ax if isinstance(ax, Figure) else ax.figure
    fig.canvas.draw()


def _ticks(ax: Axes, axis: str = "y", lang: str = "zh") -> list[str]:
    """Tick labels with wrapped lines joined again (English wraps at spaces)."""
    _draw(ax)
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text().replace("\n", "" if lang == "zh" else " ") for t in labels]


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _legend(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _lines(ax: Axes) -> list:
    """The lines drawn with data (seaborn adds empty ones that stand in the legend)."""
    return [line for line in ax.lines if len(line.get_xdata())]


# --------------------------------------------------------------------------- indicator bars


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_bars(areas: pd.DataFrame, lang: str) -> None:
    ax = plots.indicator_bars(areas, lang=lang, title="T")
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 3
    assert _ticks(ax, lang=lang) == list(areas[f"indicator_{lang}"])
    assert ax.get_title(loc="left") == "T"
    values = _texts(ax)
    if lang == "zh":
        assert ax.get_xlabel() == "数值（万亩）"
        assert values == ["26万亩以上", "25.6万亩", "3.6万亩"]  # 以上 as the article writes it
    else:  # one scale for the axis and the labels
        assert ax.get_xlabel() == "Value (thousand mu)"
        assert values == ["≥ 260 thousand mu", "256 thousand mu", "36 thousand mu"]
        assert max(ax.get_xlim()) < 1000


def test_indicator_bars_refuses_mixed_units(mixed: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"data has rows in several units \(万亩, 亿元, 吨\)"
                       r".*indicator_panels"):
        plots.indicator_bars(mixed)


def test_indicator_bars_into_a_given_axes_and_repeated_names(areas: pd.DataFrame) -> None:
    _, ax = plt.subplots()
    twice = pd.concat([areas.iloc[:1], areas.iloc[:1].assign(period="2016")])
    assert plots.indicator_bars(twice, ax=ax) is ax
    assert _ticks(ax) == ["粮食种植面积（2020）", "粮食种植面积（2016）"]


def test_indicator_bars_negative_values_use_the_minus_sign(areas: pd.DataFrame) -> None:
    ax = plots.indicator_bars(areas.assign(value=[-5.5, 2.0, 3.0]))
    assert _texts(ax)[0] == "\u22125.5万亩以上"
    assert any(t.startswith("\u2212") for t in _ticks(ax, "x"))


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_panels_one_per_unit(mixed: pd.DataFrame, lang: str) -> None:
    fig = plots.indicator_panels(mixed, lang=lang, title="总览")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    titles = [a.get_title(loc="left") for a in fig.axes]
    if lang == "zh":
        assert titles == ["单位：万亩", "单位：亿元", "单位：吨"]
    else:
        assert titles == ["Unit: thousand mu", "Unit: billion yuan", "Unit: tonnes"]
    assert [len(a.patches) for a in fig.axes] == [3, 1, 1]
    assert fig.get_suptitle() == "总览"


# --------------------------------------------------------------------------- level change


@pytest.mark.parametrize("lang", LANGS)
def test_level_change(levels: pd.DataFrame, lang: str) -> None:
    ax = plots.level_change(levels, lang=lang, stated_rate=0.12)
    assert len(ax.patches) == 2
    assert _ticks(ax, "x") == ["2018", "2020"]  # sorted by year
    note = " ".join(_texts(ax))
    assert "10.00%" in note  # 100 -> 121 over two years
    assert "12%" in note and "12.00%" not in note  # a stated rate as the article writes it
    if lang == "zh":
        assert ax.get_title(loc="left") == "总产值：2018年与2020年"
        assert "年均增长" in note and "文中称" in note
        assert ax.get_ylabel() == "亿元"
    else:
        assert ax.get_title(loc="left") == "Output: 2018 and 2020"
        assert "a year" in note and "article states" in note
        assert ax.get_ylabel() == "billion yuan"  # the bar labels too: one scale
        assert {"10 billion yuan", "12.1 billion yuan"} <= set(_texts(ax))


def test_level_change_bad_inputs(levels: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match="one row per year"):
        plots.level_change(levels.assign(period="2020"))
    with pytest.raises(ParameterError, match=r"data\['period'\] must be a single year"):
        plots.level_change(levels.assign(period=["2016-2020", "2015"]))
    with pytest.raises(ParameterError, match=r"did you mean 0\.06"):
        plots.level_change(levels, stated_rate=6)
    with pytest.raises(ParameterError, match="at least two rows"):
        plots.level_change(levels.iloc[:1])
    with pytest.raises(ParameterError, match="several units"):
        plots.level_change(levels.assign(unit=["亿元", "万元"]))


# --------------------------------------------------------------------------- sector structure


@pytest.mark.parametrize("lang", LANGS)
def test_sector_structure_shows_the_stated_totals(sectors: pd.DataFrame, lang: str) -> None:
    ax = plots.sector_structure(sectors, lang=lang)
    assert len(ax.patches) == 6
    assert _ticks(ax) == ["2016", "2019"]
    totals = [t for t in _texts(ax) if "101.0" in t or "98.0" in t]
    if lang == "zh":
        assert ax.get_title(loc="left") == "三次产业结构"
        assert _legend(ax) == ["第一产业", "第二产业", "第三产业"]
        assert totals == ["合计101.0%（≠100%）", "合计98.0%（≠100%）"]
    else:
        assert ax.get_title(loc="left") == "Economic structure by sector"
        assert _legend(ax) == ["Primary sector", "Secondary sector", "Tertiary sector"]
        assert totals == ["Total 101.0% (≠ 100%)", "Total 98.0% (≠ 100%)"]
    # not renormalised: the 2016 bar ends at 101, the 2019 bar at 98
    ends = sorted({round(p.get_x() + p.get_width(), 6) for p in ax.patches})
    assert 101.0 in ends and 98.0 in ends
    assert {"6.1", "32.8", "62.1", "6.6", "20.7", "70.7"} <= set(_texts(ax))  # segment labels


def test_sector_structure_with_a_sector_column_summing_to_100() -> None:
    data = pd.DataFrame({"period": ["2020"] * 3, "sector": ["tertiary", "primary", "secondary"],
                         "value": [60.0, 10.0, 30.0]})
    ax = plots.sector_structure(data, lang="en", title="")
    assert ax.get_title(loc="left") == ""
    assert "Total 100.0%" in _texts(ax)
    # drawn primary -> secondary -> tertiary whatever the row order
    assert [round(p.get_x(), 6) for p in ax.patches] == [0.0, 10.0, 40.0]


def test_sector_structure_bad_inputs(sectors: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match="two primary shares for 2016"):
        plots.sector_structure(pd.concat([sectors, sectors.iloc[:1]]))
    with pytest.raises(ParameterError, match="sector must be one of"):
        plots.sector_structure(sectors.assign(concept="gdp"))


# --------------------------------------------------------------------------- rate bars


@pytest.mark.parametrize("lang", LANGS)
def test_rate_bars(shares: pd.DataFrame, lang: str) -> None:
    ax = plots.rate_bars(shares, lang=lang)
    assert len(ax.patches) == 8  # a grey 0-100 track behind each bar
    assert ax.get_xlim() == (0.0, 100.0)
    assert _ticks(ax, lang=lang) == list(shares[f"indicator_{lang}"])
    assert _texts(ax) == ["56.6%", "97.85%", "95%以上" if lang == "zh" else "≥ 95%", "8%"]
    assert ax.get_title(loc="left") == ("比率指标" if lang == "zh" else "Shares")
    assert ax.get_xlabel() == ("比率（%）" if lang == "zh" else "Share (%)")


def test_rate_bars_bad_inputs(shares: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"percentages \(unit '%'\).*万亩"):
        plots.rate_bars(shares.assign(unit="万亩"))
    with pytest.raises(ParameterError, match=r"\[0, 100\]"):
        plots.rate_bars(shares.assign(value=[50, 120, 3, 4]))


# --------------------------------------------------------------------------- rate comparison


@pytest.mark.parametrize("lang", LANGS)
def test_rate_comparison(table: pd.DataFrame, lang: str) -> None:
    ax = plots.rate_comparison(table, lang=lang)
    ticks = _ticks(ax, lang=lang)
    assert len(ticks) == 3  # the goals with a required rate
    assert ticks[0] == table.loc[0, f"indicator_{lang}"]
    texts = _texts(ax)
    notes = [a.get_text() for a in ax.texts]
    if lang == "zh":
        assert ticks[1] == "农业总产值（47亿元以上）"
        assert "高5.78个百分点" in notes and "低1.73个百分点" in notes
        assert "无“十三五”增速可比" in notes
        assert _legend(ax) == ["目标所需年均增速", "“十三五”实际增速"]
        assert ax.get_title(loc="left") == "目标所需增速与“十三五”实际增速"
        note = next(t for t in texts if t.startswith("未列出"))
        assert "工业总产值（文中无基期值）" in note and "非量化目标1项" in note
    else:
        assert ticks[1] == "Agricultural output (≥\u00a04.7\u00a0billion\u00a0yuan)"
        assert "+5.78 pp" in notes and "−1.73 pp" in notes
        assert "no 2016-2020 rate" in notes
        assert _legend(ax) == ["Rate the goal requires", "2016-2020 pace"]
        note = next(t for t in texts if t.startswith("Not shown"))
        assert "Industrial output (no base in the article)" in note
        assert "qualitative goals: 1" in note
    # a required rate for every goal, a 2016-2020 rate for the two goals that have one
    offsets = [c.get_offsets() for c in ax.collections]
    assert [len(o) for o in offsets] == [3, 2]
    assert [round(float(x), 2) for x, _ in offsets[1]] == [6.22, 6.0]
    assert [float(y) for _, y in offsets[1]] == [0.0, 1.0]  # on the rows of their goals
    assert "12%" in texts and "6.22%" in texts  # a rate goal as the article states it


def _limit_and_histories(table: pd.DataFrame) -> pd.DataFrame:
    """The fixture plus a limit, every 2016-2020 rate of the level goal, and a share."""
    extra = pd.DataFrame({
        "goal_id": ["g_cpi", "g_share"], "goal_type": ["rate", "share"],
        "indicator_zh": ["居民消费价格指数涨幅", "城镇化率"],
        "indicator_en": ["Consumer price increase", "Urbanisation rate"],
        "goal_value": [3.0, 70.0], "unit": ["%", "%"], "qualifier": ["le", "ge"],
        "required_rate": [math.nan, math.nan], "achieved_rate": [math.nan, math.nan],
        "gap_pp": [math.nan, math.nan]})
    out = pd.concat([table, extra], ignore_index=True)
    out["direction"] = ["at_least"] * 4 + ["", "at_most", "at_least"]
    out["history_rates"] = [(0.0622,), (0.06, 0.07, 0.1408), (), (), (), (), ()]
    out["verdict"] = ["faster_than_history", "within_history", "no_history", "no_base",
                      "qualitative", "limit_no_history", "already_met"]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_rate_comparison_shows_every_history_and_no_limit(table: pd.DataFrame,
                                                          lang: str) -> None:
    ax = plots.rate_comparison(_limit_and_histories(table), lang=lang)
    assert len(_ticks(ax, lang=lang)) == 3  # the limit and the share are not growth goals
    offsets = [c.get_offsets() for c in ax.collections]
    assert [len(o) for o in offsets] == [3, 2, 2]  # 7.00% and 14.08% as hollow dots
    assert sorted(round(float(x), 2) for x, _ in offsets[2]) == [7.0, 14.08]
    assert len(_legend(ax)) == 3
    note = next(t for t in _texts(ax) if t.startswith(("未列出", "Not shown")))
    if lang == "en":
        assert "Consumer price increase (limits, not growth goals)" in note
        assert "Urbanisation rate (shares, not growth goals)" in note
    else:
        assert "居民消费价格指数涨幅（上限目标，不是增长目标）" in note


def _inside_figure(ax: Axes) -> None:
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for text in fig.findobj(Text):  # titles (left or centre), notes, labels, ticks
        if text.get_visible() and text.get_text():
            box = text.get_window_extent(renderer)
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5, text.get_text()[:40]


@pytest.mark.parametrize("lang", LANGS)
def test_footnotes_wrap_inside_the_figure(table: pd.DataFrame, lang: str) -> None:
    long = _limit_and_histories(table)
    long.loc[3, f"indicator_{lang}"] = ("工业总产值占全州比重" * 6 if lang == "zh" else
                                        "Share of the prefecture's gross output " * 6)
    ax = plots.rate_comparison(long, lang=lang)
    _inside_figure(ax)
    note = next(t for t in ax.texts if t.get_text().startswith(("未列出", "Not shown")))
    assert note.get_text().count("\n") >= 2  # wrapped, not cut off


# --------------------------------------------------------------------------- projection


@pytest.mark.parametrize("lang", LANGS)
def test_projection_levels(paths: pd.DataFrame, lang: str) -> None:
    ax = plots.projection(paths, goal_id="agri", lang=lang, goal_value=47)
    assert len(_lines(ax)) == 4  # three scenarios and the goal marker
    legend = _legend(ax)
    for scen in ("plan", "history", "user"):
        word = catalogue.label("scenario", scen, lang)
        assert any(word.lower() in entry.lower() for entry in legend)
    assert any("−2%" in entry for entry in legend)  # negative rate, typographic minus
    assert _ticks(ax, "x") == [str(y) for y in range(2020, 2026)]
    ends = sorted(t.get_text() for t in ax.texts)
    if lang == "zh":
        assert ax.get_ylabel() == "亿元"
        assert ax.get_xlabel() == "年份"
        assert "2025年目标：47亿元" in legend
        assert ax.get_title(loc="left") == "农业总产值：2020—2025年路径（目标年2025年）"
        assert "52.24" in ends  # 38.13 × 1.065⁵ in 亿元, as on the axis
    else:  # one unit everywhere: axis, legend and labels in billion yuan
        assert ax.get_ylabel() == "billion yuan"
        assert "2025 goal: 4.7 billion yuan" in legend
        assert ax.get_title(loc="left") == ("Agricultural output: paths 2020-2025 (goal year "
                                            "2025)")
        assert "5.22" in ends
        assert max(ax.get_ylim()) < 10  # the lines are drawn in billions too
    colors = [to_hex(line.get_color()) for line in _lines(ax)[:3]]
    assert colors == [theme.SCENARIO_COLORS[s] for s in ("plan", "history", "user")]


def _long_paths(horizon: int) -> pd.DataFrame:
    years = np.arange(2020, horizon + 1)
    return pd.DataFrame({
        "goal_id": "built", "indicator_zh": "城市建成区面积", "indicator_en": "Built-up area",
        "scenario": "plan", "rate": 0.041, "measure": "level", "unit": "平方公里",
        "year": years, "value": 73.62 * 1.041 ** (years - 2020), "goal_year": 2025,
        "goal_level": 90.0, "goal_qualifier": "ge"})


@pytest.mark.parametrize("lang", LANGS)
def test_projection_keeps_the_goal_in_its_year(lang: str) -> None:
    ax = plots.projection(_long_paths(2030), goal_id="built", lang=lang)
    star = ax.lines[-1]
    assert list(star.get_xdata()) == [2025] and list(star.get_ydata()) == [90.0]
    assert any(line.get_linestyle() == "--" for line in ax.lines)  # after 2025: dashed
    note = next(t.get_text() for t in ax.texts if "2025" in t.get_text() and (
        "外推" in t.get_text() or "extrapolation" in t.get_text()))
    assert note
    legend = _legend(ax)
    assert ("2025年目标：90平方公里以上" if lang == "zh" else "2025 goal: ≥ 90 km²") in legend
    _inside_figure(ax)


@pytest.mark.parametrize("lang", LANGS)
def test_projection_long_bold_title_stays_inside_the_figure(lang: str) -> None:
    paths = _long_paths(2030)
    paths["indicator_en"] = "Gross agricultural output, average annual growth (goal)"
    paths["indicator_zh"] = "农林牧渔业总产值年均增长（目标）" * 2
    ax = plots.projection(paths, goal_id="built", lang=lang)
    assert "\n" in ax.get_title(loc="left")  # wrapped at the bold title's real width
    _inside_figure(ax)


@pytest.mark.parametrize("lang", LANGS)
def test_projection_before_the_goal_year_says_where_the_goal_lies(lang: str) -> None:
    ax = plots.projection(_long_paths(2023), goal_id="built", lang=lang)
    assert not any(line.get_marker() == "*" for line in ax.lines)
    note = " ".join(t.get_text().replace("\n", " " if lang == "en" else "") for t in ax.texts)
    assert ("2025年目标（90平方公里以上）在展望期（至2023年）之后" if lang == "zh" else
            "The 2025 goal (≥ 90 km²) lies beyond the horizon (2023)") in note


def test_projection_with_actual_figures(paths: pd.DataFrame) -> None:
    observed = pd.DataFrame({"goal_id": ["agri", "agri", "gdp"], "year": [2021, 2022, 2021],
                             "path_value": [40.0, math.nan, 108.0]})
    ax = plots.projection(paths, goal_id="agri", lang="en", observed=observed)
    points = [c for c in ax.collections if len(c.get_offsets())]
    assert len(points) == 1
    assert [tuple(p) for p in points[0].get_offsets()] == [(2021, pytest.approx(4.0))]
    assert "Actual figures (user's file)" in _legend(ax)
    with pytest.raises(ParameterError, match="observed is missing column"):
        plots.projection(paths, goal_id="agri", observed=observed.drop(columns="path_value"))


def test_display_unit() -> None:
    from kaili_analysis.show.charts.goals import display_unit

    assert display_unit("亿元", "zh", [47]) == (1.0, "亿元")
    assert display_unit("亿元", "en", [38.13, 47]) == (pytest.approx(0.1), "billion yuan")
    assert display_unit("万人", "en", [70]) == (pytest.approx(10), "thousand persons")
    assert display_unit("平方公里", "en", [90]) == (1.0, "km²")
    assert display_unit("%", "en", [3]) == (1.0, "%")


@settings(deadline=None)  # a busy machine is no bug
@given(hundredths=st.integers(1, 10**9), unit=st.sampled_from(["亿元", "万元", "万人", "万亩"]),
       lang=st.sampled_from(LANGS))
def test_a_bar_label_keeps_every_digit_the_table_writes(hundredths: int, unit: str,
                                                        lang: str) -> None:
    """38.13 亿元 is labelled 3.813 billion yuan, not 3.81: rescaled for the reader, a
    value written with two decimals loses none of them (a label shows six decimals at most:
    100000.01 万元 reads 1 billion yuan, not 1.0000001)."""
    from kaili_analysis.show.charts._common import _amount, display_unit

    written = hundredths / 100
    scale, word = display_unit(unit, lang, [written])
    text = _amount(written * scale, word, "eq", lang, written)
    number = text.removesuffix(word).strip() if lang == "zh" else text.split(" ")[0]
    shown = float(number.replace(",", "")) / scale
    assert abs(shown - written) <= 0.5e-6 / scale + 1e-12 * written  # a written digit is 0.01


@pytest.mark.parametrize("lang", LANGS)
def test_projection_index(paths: pd.DataFrame, lang: str) -> None:
    ax = plots.projection(paths, goal_id="gdp", lang=lang)
    assert len(_lines(ax)) == 1
    assert ax.get_ylabel() == ("指数（2020年=100）" if lang == "zh" else "Index (2020 = 100)")


def test_projection_unknown_goal(paths: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match="goal_id 'nope' is not in paths; known: agri, gdp"):
        plots.projection(paths, goal_id="nope")


# --------------------------------------------------------------------------- audit


@pytest.mark.parametrize("lang", LANGS)
def test_audit_summary(findings: pd.DataFrame, lang: str) -> None:
    ax = plots.audit_summary(findings, lang=lang)
    checks = ["repeated_statement", "growth_vs_levels", "parts_of_whole"]
    assert [t.lower() for t in _ticks(ax, lang=lang)] == [catalogue.label("check", c, lang).lower()
                                                         for c in checks]
    verdicts = ["inconsistent", "unverifiable", "consistent"]
    assert [e.lower() for e in _legend(ax)] == [catalogue.label("verdict", v, lang).lower()
                                               for v in verdicts]
    # one bar per check and verdict, coloured by verdict
    assert len(ax.containers) == 3
    for verdict, container in zip(verdicts, ax.containers, strict=True):
        assert {to_hex(p.get_facecolor()) for p in container} == {theme.VERDICT_COLORS[verdict]}
    widths = [[p.get_width() for p in c] for c in ax.containers]
    assert widths == [[2, 0, 2], [0, 1, 0], [3, 0, 0]]
    totals = [t.get_text() for t in ax.texts if type(t) is Text]
    assert totals == ["5", "1", "2"]
    assert ax.get_title(loc="left") == ("数据一致性核查结果" if lang == "zh"
                                        else "Consistency checks of the article's figures")


@pytest.mark.parametrize("lang", LANGS)
def test_audit_summary_all_claim_verdicts(lang: str) -> None:
    from kaili_analysis.analysis.audit import CLAIM_VERDICTS

    rows = [("repeated_statement", v) for v in reversed(CLAIM_VERDICTS)]
    ax = plots.audit_summary(pd.DataFrame(rows, columns=["check", "verdict"]), lang=lang)
    assert [e.lower() for e in _legend(ax)] == [catalogue.label("verdict", v, lang).lower()
                                               for v in CLAIM_VERDICTS]
    for verdict, container in zip(CLAIM_VERDICTS, ax.containers, strict=True):
        assert {to_hex(p.get_facecolor()) for p in container} == {theme.VERDICT_COLORS[verdict]}
    # the title stands above a legend of several rows, not on it
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    title = ax.title.get_window_extent(renderer)
    assert title.y0 >= legend.y1 - 1
    assert legend.x1 <= fig.bbox.x1 + 1  # and the legend fits the figure's width


def test_audit_summary_unknown_check(findings: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match="findings: check must be one of"):
        plots.audit_summary(findings.assign(check="made_up"))


# --------------------------------------------------------------------------- commitments


@pytest.mark.parametrize("lang", LANGS)
def test_commitments_vs_history(commitments: pd.DataFrame, lang: str) -> None:
    ax = plots.commitments_vs_history(commitments, lang=lang)
    assert len(ax.patches) == 2
    widths = [round(p.get_width(), 3) for p in ax.patches]
    assert widths == [round(9000 / (7821 / 5), 3), round(1.4 / (11.17 / 5), 3)]
    texts = _texts(ax)
    assert _ticks(ax, lang=lang) == list(commitments[f"indicator_{lang}"][:2])
    if lang == "zh":
        assert texts[0] == "5.8倍：2022年9000户，“十三五”年均1564户"
        assert any(t.startswith("无“十三五”可比数据") and "无可比" in t for t in texts)
    else:
        assert texts[0] == "5.8×: 9,000 households in 2022 vs 1,564 households a year"
        assert texts[1] == "0.6×: 14,000 persons in 2022 vs 22,340 persons a year"
        assert any(t.startswith("Left out") and "Not comparable" in t for t in texts)


def test_commitments_frame() -> None:
    projects = pd.DataFrame({
        "indicator_id": ["p1", "p2", "p3"], "comparable_indicator_id": ["h1", "h2", ""],
        "comparison": ["annual_vs_cumulative", "related", ""],
        "indicator_zh": ["新增就业", "托幼", "其他"],
        "indicator_en": ["Jobs", "Childcare", "Other"],
        "value": [1.4, 2.0, 1.0], "unit": ["万人", "所", "个"],
        "value_base": [14000.0, 2.0, 1.0], "unit_base": ["persons", "institutions", "count"],
    })
    indicators = pd.DataFrame({"id": ["h1", "h2"], "value_base": [111700.0, 101.0],
                               "unit_base": ["persons", "institutions"],
                               "period": ["2016-2020", "2016-2020"]})
    out = plots.commitments_frame(projects, indicators)
    assert list(out["indicator_id"]) == ["p1"]
    row = out.iloc[0]
    assert row["unit"] == "万人" and row["value_2022"] == 1.4
    assert row["value_history"] == pytest.approx(11.17)
    assert row["history_years"] == 5 and row["history_per_year"] == pytest.approx(2.234)


# --------------------------------------------------------------------------- bad input

CASES = {
    "indicator_bars": (lambda d, **k: plots.indicator_bars(d, **k), "areas", "data", "unit"),
    "indicator_panels": (lambda d, **k: plots.indicator_panels(d, **k), "areas", "data", "value"),
    "level_change": (lambda d, **k: plots.level_change(d, **k), "levels", "data", "period"),
    "sector_structure": (lambda d, **k: plots.sector_structure(d, **k), "sectors", "data",
                         "period"),
    "rate_bars": (lambda d, **k: plots.rate_bars(d, **k), "shares", "data", "value"),
    "rate_comparison": (lambda d, **k: plots.rate_comparison(d, **k), "table", "table",
                        "required_rate"),
    "projection": (lambda d, **k: plots.projection(d, goal_id="agri", **k), "paths", "paths",
                   "scenario"),
    "audit_summary": (lambda d, **k: plots.audit_summary(d, **k), "findings", "findings",
                      "verdict"),
    "commitments_vs_history": (lambda d, **k: plots.commitments_vs_history(d, **k),
                               "commitments", "data", "value_history"),
}


@pytest.mark.parametrize("chart", list(CASES))
def test_missing_column_names_argument_and_column(chart: str, request) -> None:
    draw, fixture, arg, column = CASES[chart]
    data = request.getfixturevalue(fixture).drop(columns=[column])
    with pytest.raises(ParameterError, match=rf"^{arg} is missing column\(s\) '{column}'; "
                                             r"expected .+ with columns"):
        draw(data)


@pytest.mark.parametrize("chart", list(CASES))
def test_empty_frame(chart: str, request) -> None:
    draw, fixture, arg, _ = CASES[chart]
    data = request.getfixturevalue(fixture).iloc[0:0]
    with pytest.raises(ParameterError, match=rf"^{arg} is empty; expected"):
        draw(data)


@pytest.mark.parametrize("chart", list(CASES))
def test_unknown_language(chart: str, request) -> None:
    draw, fixture, _, _ = CASES[chart]
    with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
        draw(request.getfixturevalue(fixture), lang="fr")


@pytest.mark.parametrize("chart", list(CASES))
def test_an_english_chart_has_no_chinese_word(chart: str, request) -> None:
    """Every word an English chart shows (titles, axes, ticks, legend, labels, notes) is
    English when its data's English columns are: no chart word is left in Chinese."""
    draw, fixture, _, _ = CASES[chart]
    drawn = draw(request.getfixturevalue(fixture), lang="en")
    fig = drawn if isinstance(drawn, Figure) else drawn.figure
    fig.canvas.draw()
    words = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(words) > 5
    assert not [w for w in words if re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]", w)]


def test_not_a_dataframe_and_bad_values(areas: pd.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"data must be a pandas DataFrame .* got list"):
        plots.indicator_bars([1, 2])
    with pytest.raises(ParameterError, match=r"data\['value'\] must hold numbers"):
        plots.indicator_bars(areas.assign(value="many"))
    with pytest.raises(ParameterError, match="ax must be a matplotlib Axes"):
        plots.indicator_bars(areas, ax="left")


# --------------------------------------------------------------------------- glyphs


def test_chinese_labels_and_minus_sign_render_without_missing_glyphs(
    cjk_font: str, areas: pd.DataFrame, sectors: pd.DataFrame
) -> None:
    """Fails if a Chinese character or U+2212 falls back to a font without it (DejaVu Sans
    draws no Chinese and warns "Glyph … missing from font(s)")."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.indicator_bars(areas.assign(value=[-12.5, 3.0, 8.0]), title="凯里市：负值测试")
        assert ax.get_yticklabels()[0].get_fontfamily()[0] == theme.find_cjk_font()
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png")
        fig2 = plots.sector_structure(sectors).figure
        fig2.savefig(io.BytesIO(), format="png")
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert any("\u2212" in t for t in _ticks(ax, "x"))
    assert "\u2212" in _texts(ax)[0]


def test_the_glyph_check_would_catch_a_fallback_to_dejavu(areas: pd.DataFrame) -> None:
    """The warning the test above turns into an error does exist without a Chinese font."""
    ax = plots.indicator_bars(areas)
    ax.set_title("凯里", fontfamily="DejaVu Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="missing from font"):
            ax.figure.savefig(io.BytesIO(), format="png")


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real() -> dict[str, pd.DataFrame]:
    import kaili_analysis as ka

    return {
        "ind": ka.load_indicators(), "targets": ka.targets_table(),
        "paths": ka.projection_paths(), "audit": ka.run_audit(),
        "projects": ka.load_projects(),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_on_the_real_data(real: dict[str, pd.DataFrame], lang: str) -> None:
    ind = real["ind"]
    by_id = ind.set_index("id", drop=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        axes = [
            plots.level_change(by_id.loc[["agri_output_start", "agri_output_end"]], lang=lang,
                               stated_rate=0.06),
            plots.sector_structure(ind[ind["concept"].str.startswith("sector_share_")],
                                   lang=lang),
            plots.rate_bars(ind[(ind["kind"] == "share") & (ind["unit"] == "%")
                                & ~ind["concept"].str.startswith("sector_share_")], lang=lang),
            plots.rate_comparison(real["targets"], lang=lang),
            plots.projection(real["paths"], goal_id="agri_output_2025", lang=lang,
                             goal_value=47),
            plots.audit_summary(real["audit"], lang=lang),
            plots.commitments_vs_history(plots.commitments_frame(real["projects"], ind),
                                         lang=lang),
        ]
        some_units = ind[ind["unit"].isin(["亿元", "万亩", "%"]) & (ind["section"] == "industry")]
        fig = plots.indicator_panels(some_units, lang=lang)
        for ax in axes:
            ax.figure.canvas.draw()  # renders every glyph, like savefig
        fig.canvas.draw()
    assert len(fig.axes) == some_units["unit"].nunique() >= 2
    level, sector, _, rates, _, audit, commit = axes
    assert "7.00%" in " ".join(_texts(level))  # 27.19 -> 38.13 over 2015-2020
    totals = [t for t in _texts(sector) if "101.0" in t or "98.0" in t]
    assert len(totals) == 2
    name = "旅游综合收入年均增长" if lang == "zh" else "Total tourism revenue"
    assert any(t.startswith(name) for t in _ticks(rates, lang=lang))
    assert len(_ticks(audit)) == real["audit"]["check"].nunique()
    assert len(commit.patches) == len(plots.commitments_frame(real["projects"], ind)) >= 1
