"""Units: parsing the article's units, conversion to base units, labels."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis.data.units import (
    BASE_UNITS,
    UNITS,
    base_label,
    known_units,
    parse_unit,
    to_base,
)
from kaili_analysis.errors import KailiError, UnitError


@pytest.mark.parametrize(
    ("written", "value", "expected", "base"),
    [
        ("亿元", 38.13, 3_813_000_000, "yuan"),
        ("万户", 1.64, 16_400, "households"),
        ("万人", 6.13, 61_300, "persons"),
        ("万亩", 25.6, 256_000, "mu"),
        ("万人次", 1227.21, 12_272_100, "person_times"),
        ("平方公里", 73.62, 73.62, "km2"),
        ("万公里", 3.02, 30_200, "km"),
        ("%", 95.7, 95.7, "percent"),
        ("万元", 500, 5_000_000, "yuan"),
    ],
)
def test_to_base(written: str, value: float, expected: float, base: str) -> None:
    assert to_base(value, written) == expected
    assert parse_unit(written).base == base


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_unit(" 亿元 ") is UNITS["亿元"]


@pytest.mark.parametrize("bad", ["万斤", "", "yuan", "亿"])
def test_unknown_unit_is_an_error_not_a_guess(bad: str) -> None:
    with pytest.raises(UnitError, match=f"unknown unit {bad!r}; known units: "):
        parse_unit(bad)


def test_non_string_unit() -> None:
    with pytest.raises(UnitError, match="unit must be a string"):
        parse_unit(None)  # type: ignore[arg-type]


def test_unit_error_is_a_kaili_error() -> None:
    assert issubclass(UnitError, KailiError)


def test_every_unit_has_known_bases_and_labels() -> None:
    for unit in UNITS.values():
        for base in unit.bases:
            assert base in BASE_UNITS, (unit.written, base)
        assert unit.label_zh and unit.label_en
        assert unit.factor > 0


def test_the_known_units_are_what_parse_unit_accepts_and_names_when_it_refuses() -> None:
    listed = known_units()
    assert [parse_unit(written).written for written in listed] == listed
    with pytest.raises(UnitError) as refused:
        parse_unit("万斤")
    assert str(refused.value).endswith("known units: " + ", ".join(listed))


def test_household_unit_may_count_enterprises() -> None:
    assert "enterprises" in parse_unit("户").bases
    assert parse_unit("户").base == "households"


def test_base_labels() -> None:
    assert base_label("km2", "en") == "km²"
    assert base_label("yuan", "zh") == "元"
    with pytest.raises(UnitError, match="unknown base unit 'miles'"):
        base_label("miles")


@given(
    value=st.floats(min_value=1e-6, max_value=1e9, allow_nan=False),
    written=st.sampled_from(sorted(UNITS)),
)
def test_to_base_is_value_times_factor(value: float, written: str) -> None:
    assert math.isclose(to_base(value, written), value * UNITS[written].factor, rel_tol=1e-8)
