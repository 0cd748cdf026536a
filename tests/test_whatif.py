"""The what-if panel's data, arithmetic, HTML and colours (kaili_analysis.show.panel.whatif).

Expected values come from the library (targets_table, growth, projection_paths), never from
the panel's own output. The browser tests are in test_whatif_browser.py.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.analysis import growth
from kaili_analysis.errors import KailiError, ParameterError
from kaili_analysis.show.pages.scripts import script_tag
from kaili_analysis.show.panel import style as whatif_style
from kaili_analysis.show.panel import whatif
from kaili_analysis.show.words import catalogue

LO, HI = config.WHATIF_RATE_MIN_PCT, config.WHATIF_RATE_MAX_PCT


@pytest.fixture(scope="module")
def table():
    return ka.targets_table()


@pytest.fixture(scope="module")
def data(table):
    return {lang: whatif.whatif_data(table, lang) for lang in ("zh", "en")}


def _projectable(table):
    return table[table["projection"] != ""].set_index("goal_id")


def test_one_entry_per_projectable_goal(table, data):
    rows = _projectable(table)
    for lang in ("zh", "en"):
        goals = data[lang]["goals"]
        assert [g["id"] for g in goals] == list(rows.index)
        for g in goals:
            row = rows.loc[g["id"]]
            assert g["name"] == row[f"indicator_{lang}"]
            assert g["direction"] == row["direction"]
            assert g["measure"] == row["projection"]
            assert g["goal_year"] == row["goal_year"] and g["base_year"] == row["base_year"]
            assert g["base"] == (row["base_value"] if row["projection"] == "level" else 100.0)


def test_plan_rate_is_the_tables_and_reaches_every_goal(table, data):
    rows = _projectable(table)
    for g in data["en"]["goals"]:
        assert g["plan_pct"] == pytest.approx(rows.loc[g["id"], "required_rate"] * 100,
                                              abs=5e-5)
        assert whatif.whatif_outcome(g, g["plan_pct"])["met"], g["id"]


def test_plan_outcome_is_the_end_of_the_plan_path(table, data):
    """The panel's starting point is where projection_paths' plan line ends."""
    paths = ka.projection_paths(table=table)
    plan = paths[(paths["scenario"] == "plan") & (paths["year"] == paths["goal_year"])]
    ends = plan.set_index("goal_id")["value"]
    for g in data["zh"]["goals"]:
        assert whatif.whatif_outcome(g, g["plan_pct"])["value"] == pytest.approx(
            ends[g["id"]], rel=5e-5)


def test_target_is_the_goal_in_the_paths_measure(table, data):
    paths = ka.projection_paths(table=table)
    goal_levels = paths.groupby("goal_id")["goal_level"].first()
    rows = _projectable(table)
    for g in data["en"]["goals"]:
        row = rows.loc[g["id"]]
        if row["goal_type"] == "level":
            assert g["target"] == pytest.approx(goal_levels[g["id"]])
        else:  # a rate goal: where its own rate takes the base
            assert g["target"] == pytest.approx(
                g["base"] * growth.multiplier(row["goal_value"] / 100, int(row["years"])))
        assert (g["lo"], g["hi"]) == ((g["target"], None) if g["direction"] == "at_least"
                                      else (None, g["target"]))


@settings(max_examples=200, deadline=None)
@given(index=st.integers(0, 100), pct=st.floats(LO, HI, allow_nan=False))
def test_outcome_is_growth_project(table, data, index, pct):
    goal = data["en"]["goals"][index % len(data["en"]["goals"])]
    row = _projectable(table).loc[goal["id"]]
    base = row["base_value"] if row["projection"] == "level" else 100.0
    expected = growth.project(base, pct / 100, int(row["years"])).iloc[-1]
    got = whatif.whatif_outcome(goal, pct)
    assert got["value"] == pytest.approx(expected, rel=1e-12)
    assert got["gap"] == pytest.approx(expected - goal["target"], rel=1e-9, abs=1e-9)
    assert got["met"] == (expected >= goal["target"] * (1 - config.WHATIF_TOLERANCE))


def test_direction_decides_what_meets(data):
    goal = dict(data["en"]["goals"][0])
    below, above = goal["plan_pct"] - 1, goal["plan_pct"] + 1
    assert not whatif.whatif_outcome(goal, below)["met"]
    assert whatif.whatif_outcome(goal, above)["met"]
    limit = {**goal, "direction": "at_most", "lo": None, "hi": goal["target"]}
    assert whatif.whatif_outcome(limit, below)["met"]
    assert not whatif.whatif_outcome(limit, above)["met"]
    assert whatif.whatif_outcome(limit, below)["gap"] < 0


def test_band_of_goals_about_and_at_most(table):
    """A goal 'about' a level is met within ±5 %, a limit below it (rows edited here)."""
    rows = table[table["goal_id"] == "built_up_area_2025"].copy()
    rows["direction"], rows["qualifier"] = "about", "approx"
    goal = whatif.whatif_data(rows, "en")["goals"][0]
    assert (goal["lo"], goal["hi"]) == pytest.approx((0.95 * goal["target"],
                                                      1.05 * goal["target"]))
    assert whatif.whatif_outcome(goal, goal["plan_pct"] + 0.5)["met"]
    assert not whatif.whatif_outcome(goal, goal["plan_pct"] + 3)["met"]
    rows["direction"], rows["qualifier"] = "at_most", "le"
    goal = whatif.whatif_data(rows, "en")["goals"][0]
    assert goal["lo"] is None and goal["hi"] == goal["target"]


@pytest.mark.parametrize("rate", [LO - 0.01, HI + 0.01, math.nan, math.inf, True, "5", None])
def test_outcome_refuses_rates_outside_the_panel(data, rate):
    with pytest.raises(ParameterError, match=r"rate_pct must be a number from -50\.0 to 100\.0"):
        whatif.whatif_outcome(data["en"]["goals"][0], rate)


def test_bad_arguments_name_what_was_allowed(table):
    with pytest.raises(ParameterError, match="lang"):
        whatif.whatif_data(table, "fr")
    with pytest.raises(ParameterError, match=r"lacks the column.*direction"):
        whatif.whatif_data(table.drop(columns=["direction"]), "en")
    with pytest.raises(ParameterError, match="targets_table"):
        whatif.whatif_data({"goal_id": []}, "en")
    bad = table.copy()
    bad.loc[bad["projection"] != "", "goal_id"] = "x y#z"
    with pytest.raises(ParameterError, match=r"goal_id must be .* got 'x y#z'"):
        whatif.panel_html(bad, "en")


def _json_block(page: str) -> dict:
    found = re.findall(r'<script type="application/json" class="kaili-whatif__data">(.*?)'
                       r"</script>", page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_html_carries_the_librarys_data_and_script(table, data, lang):
    page = whatif.panel_html(table, lang)
    assert page == whatif.panel_html(table, lang)  # the same bytes every time
    assert _json_block(page) == json.loads(json.dumps(data[lang]))
    assert page.count(script_tag("whatif")) == 1
    assert len(page.encode("utf-8")) <= 60_000
    for goal in data[lang]["goals"]:
        gid = goal["id"]
        assert page.count(f'data-goal="{gid}"') == 1
        number = re.search(rf'<input type="number"[^>]*data-goal="{gid}"[^>]*>', page).group(0)
        assert float(re.search(r'value="([^"]+)"', number).group(1)) == goal["plan_pct"]
        result = re.search(rf'data-goal-result="{gid}" data-value="([^"]+)"', page)
        assert float(result.group(1)) == whatif.whatif_outcome(goal, goal["plan_pct"])["value"]
    assert " style=" not in page  # no style attributes: a strict style-src may forbid them


def test_labels_are_in_the_pages_language(table):
    zh, en = whatif.panel_html(table, "zh"), whatif.panel_html(table, "en")
    assert '<section class="kaili-whatif" lang="zh"' in zh
    assert "年均增速（%）" in zh and "Average annual rate (%)" not in zh
    assert "Average annual rate (%)" in en and "年均增速" not in en
    for page in (zh, en):
        labels = re.findall(r'<label class="kaili-whatif__rate"><span>([^<]+)</span>', page)
        ranges = re.findall(r'<input type="range"[^>]*aria-label="([^"]+)"', page)
        assert len(labels) == len(ranges) == page.count('data-goal-result="')


class _Parsed(HTMLParser):
    """The elements of a page (tag, attributes) and its text by the element that holds it."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("input", "br"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text.setdefault(self._open[-1] if self._open else "", []).append(data)


HOSTILE = "<img src=x onerror=alert(1)>"


def test_a_hostile_goal_reaches_the_panel_as_text(table):
    """A goal name that is markup is shown as its characters: heading, labels and data."""
    evil = table.copy()
    evil["indicator_en"] = f'{HOSTILE} & "q"'
    page = whatif.panel_html(evil, "en")
    parsed = _Parsed(page)
    assert "img" not in {tag for tag, _ in parsed.elements}
    assert all("onerror" not in attrs for _, attrs in parsed.elements)
    names = parsed.text["h3"]
    assert names and set(names) == {f'{HOSTILE} & "q"'}
    sliders = [a["aria-label"] for t, a in parsed.elements if t == "input" and "aria-label" in a]
    assert sliders and all(s.startswith(f'{HOSTILE} & "q": ') for s in sliders)
    assert _json_block(page)["goals"][0]["name"] == f'{HOSTILE} & "q"'


def test_script_holds_no_data_and_no_words(table, data):
    """Numbers and words come from the JSON block: no goal id, rate or label in the script."""
    text = (config.PACKAGE_DIR / "show" / "scripts" / "whatif.js").read_text("utf-8")
    assert text.isascii()
    for goal in data["en"]["goals"]:
        assert goal["id"] not in text
        assert goal["name"] not in text
    for lang in ("zh", "en"):
        for key in ("title", "rate", "met", "not_met", "reset"):
            assert catalogue.text(f"panel.{key}", lang) not in text


def test_print_css_leaves_the_panel_and_its_toc_line_out(table):
    page = whatif.panel_html(table, "en")
    css = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    printed = css[css.index("@media print"):]
    assert ".kaili-whatif { display: none !important; }" in printed
    assert 'a[href="#kaili-whatif"]' in printed and 'id="kaili-whatif"' in page


# --- colours: WCAG 2.1 contrast ------------------------------------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_colours_pass_wcag_aa():
    c = whatif_style.COLOURS
    for name in whatif_style.TEXT_COLOURS:
        for ground in ("background", "card"):
            assert _contrast(c[name], c[ground]) >= 4.5, (name, ground)
    for name in set(c) - set(whatif_style.TEXT_COLOURS) - {"background", "card", "grid",
                                                           "button_text"}:
        assert _contrast(c[name], c["card"]) >= 3, name  # lines, borders, the goal mark
    assert _contrast(c["button_text"], c["user"]) >= 4.5


def test_style_uses_the_tested_colours_only(table):
    css = whatif_style.css("kaili-whatif")
    assert set(re.findall(r"#[0-9a-f]{6}\b", css)) <= set(whatif_style.COLOURS.values())


def test_errors_are_kaili_errors(data):
    with pytest.raises(KailiError):
        whatif.whatif_outcome(data["en"]["goals"][0], 1000)


def test_another_base_year_moves_the_level_goals_start():
    table = ka.targets_table(2015)
    rows = _projectable(table)
    goals = whatif.whatif_data(table, "en")["goals"]
    assert [g["id"] for g in goals] == list(rows.index)
    for g in goals:
        row = rows.loc[g["id"]]
        assert (g["base_year"], g["years"]) == (row["base_year"], row["years"])
        assert whatif.whatif_outcome(g, g["plan_pct"])["met"]
    assert any(g["base_year"] == 2015 for g in goals)
