"""What the goals imply together: derived statements, each marked derived."""

from __future__ import annotations

import pytest

from kaili_analysis.analysis.implications import IMPLICATION_COLUMNS, goal_implications
from kaili_analysis.show.words.findings import explanation


@pytest.fixture(scope="module")
def impl():
    return goal_implications().set_index("goal_ids")


def test_every_statement_is_derived(impl) -> None:
    assert sorted(impl.reset_index().columns) == sorted(IMPLICATION_COLUMNS)
    assert impl["derived"].all()
    for row in impl.to_dict("records"):
        assert explanation(row, "zh", "statement") and explanation(row, "en", "statement")


def test_a_level_and_a_share_cap_the_whole(impl) -> None:
    row = impl.loc["industrial_output_2025;industrial_output_prefecture_share"]
    assert row["kind"] == "level_and_share"
    assert row["value"] == pytest.approx(1200) and row["unit"] == "亿元"
    assert "120 billion yuan" in explanation(row, "en", "statement")
    assert "1200" in explanation(row, "zh", "statement")  # no separator in Chinese


def test_a_level_and_a_rate_agree_from_one_base(impl) -> None:
    row = impl.loc["agri_output_2025;agri_output_growth"]
    assert row["value"] == pytest.approx(47 / 1.065**5)
    assert "the rate goal is the stricter one" in explanation(row, "en", "statement")
    assert "4.27%" in explanation(row, "en", "statement")  # what the level goal needs from 38.13


def test_compound_growth_and_margins(impl) -> None:
    assert impl.loc["gdp_growth", "value"] == pytest.approx(1.12**5)
    assert impl.loc["tourism_revenue_growth", "value"] == pytest.approx(1.23**5)
    assert "cpi_increase" not in impl.index  # a limit compounds to no goal
    assert impl.loc["urbanization_rate", "value"] == pytest.approx(73.23 - 70)
    assert impl.loc["urbanization_rate", "kind"] == "share_margin"
