"""How the required rates depend on the base: every base the article gives or the goals imply,
in every plausible base year, each labelled for what it is."""

from __future__ import annotations

import math

import pytest

from kaili_analysis.analysis.sensitivity import SENSITIVITY_COLUMNS, base_sensitivity
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.findings import explanation


@pytest.fixture(scope="module")
def sens():
    return base_sensitivity()


def _rows(sens, goal):
    return sens[sens["goal_id"] == goal].set_index(["base_value", "base_year"])


def test_columns_and_which_goals(sens) -> None:
    assert list(sens.columns) == SENSITIVITY_COLUMNS
    assert set(sens["goal_id"]) == {"built_up_area_2025", "agri_output_2025",
                                    "agri_output_growth"}  # goals with a base, not limits
    assert sens.attrs["base_years"] == [2020, 2021]


def test_agricultural_output_under_every_base(sens) -> None:
    rows = _rows(sens, "agri_output_2025")
    assert rows.loc[(38.13, 2020), "required_rate"] == pytest.approx((47 / 38.13) ** 0.2 - 1)
    assert rows.loc[(38.13, 2021), "required_rate"] == pytest.approx((47 / 38.13) ** 0.25 - 1)
    assert rows.loc[(38.13, 2021), "reading"] == "alternative_year"
    assert rows.loc[(27.19, 2015), "required_rate"] == pytest.approx((47 / 27.19) ** 0.1 - 1)
    assert (27.19, 2021) not in rows.index  # a base dated 2015 is read as dated only
    approx = rows.loc[(30.0, 2020)]  # 30余: the range 30 to 40
    assert (approx["base_low"], approx["base_high"]) == (30, 40)
    assert approx["required_low"] == pytest.approx((47 / 40) ** 0.2 - 1)
    assert approx["required_high"] == pytest.approx((47 / 30) ** 0.2 - 1)
    derived = sens[(sens["goal_id"] == "agri_output_2025") & (sens["base_source"] == "derived")]
    assert len(derived) == 1
    assert derived["base_value"].iloc[0] == pytest.approx(47 / 1.065**5)  # 34.30
    assert derived["required_rate"].iloc[0] == pytest.approx(0.065)
    assert explanation(derived.iloc[0], "en", "note").startswith("derived:")
    assert explanation(derived.iloc[0], "zh", "note").startswith("推算")


def test_a_rate_goal_gives_a_level_under_each_base(sens) -> None:
    rows = _rows(sens, "agri_output_growth")
    assert rows.loc[(38.13, 2020), "implied_level"] == pytest.approx(38.13 * 1.065**5)
    assert rows.loc[(38.13, 2021), "implied_level"] == pytest.approx(38.13 * 1.065**4)
    assert rows.loc[(30.0, 2020), "implied_high"] == pytest.approx(40 * 1.065**5)
    assert math.isnan(rows.loc[(38.13, 2020), "required_rate"])
    assert not (sens.loc[sens["goal_id"] == "agri_output_growth", "base_year"] < 2020).any()


def test_other_base_years(sens) -> None:
    built = base_sensitivity(base_years=[2020, 2019])
    rows = _rows(built, "built_up_area_2025")
    assert rows.loc[(73.62, 2019), "years"] == 6
    assert rows.loc[(73.62, 2019), "required_rate"] == pytest.approx((90 / 73.62) ** (1 / 6) - 1)
    with pytest.raises(ParameterError, match="base_years must be a list of integer years"):
        base_sensitivity(base_years="2020")
    with pytest.raises(ParameterError, match="base_years must be a list of integer years"):
        base_sensitivity(base_years=[])
