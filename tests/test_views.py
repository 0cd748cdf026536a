"""Which charts and counts the reports show, derived from the data."""

from __future__ import annotations

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.pages import views


@pytest.fixture(scope="module")
def ind() -> pd.DataFrame:
    return ka.load_indicators()


def test_every_section_gets_charts_from_its_own_records(ind) -> None:
    for section in ka.load_sections()["id"]:
        rows = views.section_records(ind, section)
        charts = views.section_charts(ind, section)
        if rows.empty:
            assert charts == []
        used: list[str] = []
        for chart in charts:
            assert set(chart.data["id"]) <= set(rows["id"])
            used += list(chart.data["id"])
        assert len(used) == len(set(used)), f"{section}: a record is drawn twice"


def test_levels_in_two_years_get_a_level_change_with_the_stated_rate(ind) -> None:
    levels = ind[(ind["kind"] == "level") & ind["period"].str.fullmatch(r"\d{4}")]
    multi = levels.groupby("concept")["period"].nunique()
    concept = multi[multi >= 2].index[0]
    section = levels.loc[levels["concept"] == concept, "section"].iloc[0]
    charts = [c for c in views.section_charts(ind, section) if c.function == "level_change"]
    assert len(charts) == 1 and set(charts[0].data["concept"]) == {concept}
    rate = ind.loc[ind["concept"] == f"{concept}_growth", "value"].iloc[0]
    assert charts[0].kwargs["stated_rate"] == pytest.approx(rate / 100)


def test_sector_shares_get_the_structure_chart(ind) -> None:
    section = ind.loc[ind["concept"].str.startswith("sector_share_"), "section"].iloc[0]
    names = [c.function for c in views.section_charts(ind, section)]
    assert "sector_structure" in names


def test_chart_frames_carry_the_chart_columns_in_article_order(ind) -> None:
    order = {rid: i for i, rid in enumerate(ind["id"])}
    for section in ka.load_sections()["id"]:
        for chart in views.section_charts(ind, section):
            assert tuple(chart.data.columns) == views.CHART_COLUMNS
            positions = [order[rid] for rid in chart.data["id"]]
            if chart.function != "level_change":  # levels are ordered by year instead
                assert positions == sorted(positions)
            # the rows are the table's rows, values untouched
            assert chart.data.equals(ind.loc[chart.data.index, list(views.CHART_COLUMNS)])


def test_charts_do_not_depend_on_the_index(ind) -> None:
    shuffled = ind.set_axis([0] * len(ind))  # every row has the same label
    for section in ka.load_sections()["id"]:
        mine = views.section_charts(shuffled, section)
        plain = views.section_charts(ind, section)
        assert [(c.function, list(c.data["id"]), c.kwargs) for c in mine] == [
            (c.function, list(c.data["id"]), c.kwargs) for c in plain]


def test_select_sections() -> None:
    secs = ka.load_sections()
    assert len(views.select_sections(secs, "all")) == len(secs)
    two = list(secs["id"][:2])
    assert list(views.select_sections(secs, ",".join(two))["id"]) == two
    with pytest.raises(ParameterError, match="got 'nowhere'"):
        views.select_sections(secs, "nowhere")


def test_counts_add_up(ind) -> None:
    counts = views.overview_counts(ind, ka.load_sections())
    assert counts["n_records"] == len(ind)
    parts = ("n_review", "n_goals", "n_projects", "n_later", "n_undated")
    assert sum(counts[p] for p in parts) == len(ind)
    assert counts["n_undated"] == int((ind["period"] == "").sum())
    assert counts["n_projects"] == int((ind["kind"] == "project_target").sum())
    projects = ka.load_projects()
    pc = views.project_counts(projects, ind)
    assert pc["n_commitments"] == len(projects)
    assert pc["n_quantified"] + len(pc["unquantified"]) == pc["n_projects"]
    assert pc["n_same"] + pc["n_related"] + pc["n_unmatched"] == pc["n_commitments"]
    assert pc["n_same"] + pc["n_related"] == pc["n_comparable"]
    assert pc["n"] == len(pc["unquantified"])


@pytest.mark.parametrize(("kind", "period", "timing"), [
    ("target_level", "2025", "goal"), ("project_target", "2022", "project"),
    ("level", "2015", "review"), ("cumulative", "2016-2020", "review"),
    ("cumulative", "2016-", "review"), ("count", "2018-2021", "later"),
    ("count", "2021-2025", "later"), ("level", "", "undated")])
def test_record_timing(kind: str, period: str, timing: str) -> None:
    assert views.record_timing(kind, period) == timing


def test_numbers_text() -> None:
    assert views.numbers_text([8], "en") == "8"
    assert views.numbers_text([4, 8], "en") == "4 and 8"
    assert views.numbers_text([2, 4, 8], "zh") == "2、4和8"
    assert views.numbers_text([2, 4, 8], "en") == "2, 4 and 8"
    assert views.numbers_text([], "en") == ""


def test_target_counts_partition_the_goals() -> None:
    from kaili_analysis.analysis.targets import VERDICTS

    table, paths = ka.targets_table(), ka.projection_paths(2020, 2030)
    counts = views.target_counts(table, paths)
    assert counts["n_goals"] == len(table) == counts["n_quant"] + counts["n_qual"]
    assert sum(counts[f"n_{v}"] for v in VERDICTS) == counts["n_goals"]
    assert counts["n_level"] + counts["n_index"] + counts["n_no_path"] == counts["n_quant"]
    assert counts["n_level"] == paths.loc[paths["measure"] == "level", "goal_id"].nunique()
    assert counts["n_index"] == paths.loc[paths["measure"] == "index", "goal_id"].nunique()
    assert counts["n_no_history"] == 5 and counts["n_no_base"] == 3  # as the data says
    assert (counts["base_year"], counts["goal_year"], counts["horizon"]) == (2020, 2025, 2030)
    assert counts["rate_start"] == 2020


def test_audit_counts_partition_their_wholes() -> None:
    from kaili_analysis.analysis.audit import CLAIM_VERDICTS, GOAL_VERDICTS, audit_groups

    findings = ka.run_audit()
    c = views.audit_counts(findings)
    assert c["n_checks"] + c["n_goals"] == c["n_findings"] == len(findings)
    assert sum(c[f"n_{v}"] for v in CLAIM_VERDICTS) == c["n_checks"]
    assert sum(c[f"g_{v}"] for v in CLAIM_VERDICTS) == c["n_groups"] == len(
        audit_groups(findings))
    assert sum(c[f"goal_{v}"] for v in GOAL_VERDICTS) == c["n_goals"]
    assert c["n_groups"] < c["n_checks"]  # related findings count once


def _findings(verdicts: list[str], subject: str = "claim") -> pd.DataFrame:
    n = len(verdicts)
    frame = pd.DataFrame({
        "group": [f"{subject}{i}" for i in range(n)], "group_zh": "组", "group_en": "G",
        "subject": subject, "verdict": verdicts, "check": "repeated_statement",
        "indicator_ids": [f"r{i}" for i in range(n)]})
    frame.attrs = {"tolerance_pp": 0.5, "price_pp": 3.0}
    return frame


@pytest.mark.parametrize("n", [0, 1, 2])
def test_audit_intro_counts_read_right_with_0_1_2(n: int) -> None:
    from kaili_analysis.show.words.catalogue import known_keys, text

    claims = _findings(["consistent"] * n)
    goals = _findings(["no_base"] * n, "goal")
    frame = pd.concat([claims, goals], ignore_index=True)
    frame.attrs = claims.attrs
    en, zh = views.audit_intro(frame, "en"), views.audit_intro(frame, "zh")
    noun = {0: "no findings", 1: "1 finding", 2: "2 findings"}[n]
    assert en["checks"] == noun
    assert en["groups"] == {0: "no items", 1: "1 item", 2: "2 items"}[n]
    assert zh["checks"] == (f"{n}条核查结果" if n else "没有核查结果")
    assert zh["groups"] == (f"{n}个事项" if n else "没有事项")
    assert en["verdicts"] == (f"{n} consistent" if n else "none")
    assert zh["goal_verdicts"] == (f"{n}项文中没有基期值" if n else "没有")
    for key in (k for k in known_keys() if k.startswith("audit.")):
        for lang, words in (("en", en), ("zh", zh)):
            sentence = text(key, lang, verdict="x", rates="x", **words)
            assert "1 findings" not in sentence and "1 items" not in sentence
            assert "{" not in sentence


def test_audit_intro_lists_verdicts_in_order_of_seriousness() -> None:
    frame = _findings(["consistent", "inconsistent", "related_measures", "consistent"])
    assert views.audit_intro(frame, "en")["verdicts"] == (
        "1 inconsistent, 1 with different figures for related measures and 2 consistent")
    assert views.audit_intro(frame, "zh")["verdicts"] == (
        "1个不一致、1个属于口径不同的相关指标和2个一致")
    with pytest.raises(ParameterError, match="lang must be one of"):
        views.audit_intro(frame, "fr")


def test_projection_goals_skip_lone_index_lines() -> None:
    table, paths = ka.targets_table(), ka.projection_paths()
    chosen = dict(views.projection_goals(table, paths))
    for goal_id, level in chosen.items():
        mine = paths[paths["goal_id"] == goal_id]
        assert set(mine["measure"]) == {"level"} or mine["scenario"].nunique() > 1
        if level is not None:
            assert level == table.set_index("goal_id").loc[goal_id, "goal_value"]
    scenario = {"gdp_growth": 0.08}
    with_user = ka.projection_paths(scenario=scenario,
                                    table=ka.targets_table(scenario=scenario))
    assert "gdp_growth" in dict(views.projection_goals(table, with_user))
    assert "gdp_growth" not in chosen
    tracked = pd.DataFrame({"goal_id": ["gdp_growth"], "path_value": [108.0]})
    assert "gdp_growth" in dict(views.projection_goals(table, paths, tracked))


def test_related_goals_and_findings(ind) -> None:
    ids = set(ind.loc[ind["section"] == "achievements", "id"])
    goals = views.related_goals(ka.targets_table(), ids)
    assert (goals["indicator_id"].isin(ids) | goals["base_indicator_id"].isin(ids)).all()
    audit = ka.run_audit()
    findings = views.related_findings(audit, ids)
    assert len(findings) > 0 and (findings["subject"] == "claim").all()
    assert findings["indicator_ids"].map(lambda s: bool(set(s.split(";")) & ids)).all()
    industry = views.related_findings(audit, set(ind.loc[ind["section"] == "industry", "id"]))
    groups = list(industry["group"])
    assert groups[0] == "agri_output"  # the most serious question first
    assert groups == sorted(groups, key=groups.index)  # each question's findings together
    both = views.related_findings(audit, set(ka.load_indicators()["id"]), subject=None)
    assert len(both) == len(audit)


def test_years_and_tracking_counts(tmp_path) -> None:
    assert views.years_text([2021, 2020, 2021], "zh") == "2020和2021"
    assert views.years_text([2022, 2021, 2020], "en") == "2020, 2021 and 2022"
    path = tmp_path / "my figures.csv"
    path.write_text("id,year,value,unit,source\ngdp_growth,2021,1,%,x\n"
                    "gdp_growth,2022,2,%,x\ncpi_increase,2022,1,%,x\n", encoding="utf-8")
    counts = views.tracking_counts(ka.track_targets(path), "en")
    assert counts == {"path": "my figures.csv", "n_rows": 3, "n_goals": 2,
                      "years": "2021 and 2022"}


def test_amounts_of_several_units_are_one_chart_per_unit_none_taller_than_a_page() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kaili_analysis import load_indicators, load_sections
    from kaili_analysis.show import charts as plots

    ind = load_indicators()
    panels = [c for s in load_sections()["id"] for c in views.section_charts(ind, s)
              if c.function == "indicator_panels"]
    assert len(panels) >= 4
    for chart in panels:
        assert chart.data["unit"].nunique() == 1, chart.data["unit"].unique()
        fig = plots.indicator_panels(chart.data, lang="en")
        width, height = fig.get_size_inches()
        plt.close(fig)
        # printed across the A4 text width (186 mm), it is shorter than the page (267 mm)
        assert height / width * 186 < 267


def test_sections_with_figures_split_in_order() -> None:
    secs = pd.DataFrame({"id": ["a", "b", "c"], "title_zh": ["甲", "乙", "丙"],
                         "title_en": ["A", "B", "C"]})
    ind = pd.DataFrame({"section": ["c", "a", "c"]})
    with_figures, without = views.sections_with_figures(secs, ind)
    assert with_figures["id"].tolist() == ["a", "c"] and without["id"].tolist() == ["b"]
    assert views.titles_text(secs, "zh") == "“甲”、“乙”和“丙”"
    assert views.titles_text(secs, "en") == "A, B and C"
    assert views.titles_text(without, "en") == "B"


def test_the_article_sections_without_figures_are_named() -> None:
    import kaili_analysis as ka

    ind, secs = ka.load_indicators(), ka.load_sections()
    with_figures, without = views.sections_with_figures(secs, ind)
    assert len(with_figures) + len(without) == len(secs)
    assert set(without["id"]).isdisjoint(ind["section"])
    assert set(with_figures["id"]) <= set(ind["section"])
