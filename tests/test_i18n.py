"""Numbers, units and words in the report language."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis.errors import ParameterError
from kaili_analysis.i18n import fmt_amount, fmt_number, fmt_value
from kaili_analysis.units import parse_unit


@pytest.mark.parametrize(("value", "unit", "zh", "en"), [
    (38.13, "亿元", "38.13 亿元", "3.813 billion yuan"),     # 38.13 × 10^8
    (1.64, "万户", "1.64 万户", "16,400 households"),        # 1.64 × 10^4
    (26, "万亩", "26 万亩", "260,000 mu"),
    (151.45, "万羽", "151.45 万羽", "1.5145 million birds"),
    (27, "名", "27 名", "27 persons"),
    (1889, "个", "1,889 个", "1,889"),                      # a bare count needs no word
    (73.23, "%", "73.23%", "73.23%"),
    (4, "A级", "4A级", "4A"),
    (2, "级", "2 级", "grade 2"),
    (3, "不是单位", "3 不是单位", "3 不是单位"),              # unknown units stay as written
])
def test_amounts_in_each_language(value: float, unit: str, zh: str, en: str) -> None:
    assert fmt_amount(value, unit, "zh") == zh
    assert fmt_amount(value, unit, "en") == en


def test_amount_without_the_unit_name() -> None:
    assert fmt_amount(1.64, "万户", "en", name=False) == "16,400"
    assert fmt_amount(38.13, "亿元", "en", name=False) == "3.813 billion"
    assert fmt_amount(1.64, "万户", "zh", name=False) == "1.64"


def test_values_carry_qualifier_and_fraction() -> None:
    assert fmt_value(47, "亿元", "ge", "en") == "≥ 4.7 billion yuan"
    assert fmt_value(47, "亿元", "ge") == "≥ 47 亿元"
    assert fmt_value(70, "万人", "approx", "en") == "≈ 700,000 persons"
    assert fmt_value(1 / 3, "分之", "ge", "en") == "≥ 1/3"
    assert fmt_value(12, "%", "ge", "en") == "≥ 12%"


def test_a_bad_language_is_named() -> None:
    with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
        fmt_amount(1, "亿元", "fr")


_SCALE = {"billion": 1e9, "million": 1e6, "": 1.0}


@given(value=st.floats(min_value=0.01, max_value=1e5, allow_nan=False),
       unit=st.sampled_from(["亿元", "万元", "万户", "万亩", "万人", "万人次", "万头"]))
def test_english_amount_is_the_base_amount(value: float, unit: str) -> None:
    """Reading the English text back gives value × the unit's factor (to its 4 decimals)."""
    text = fmt_amount(value, unit, "en", name=False)
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?: (billion|million))?", text)
    assert match, text
    number = float(match.group(1).replace(",", "")) * _SCALE[match.group(2) or ""]
    expected = value * parse_unit(unit).factor
    scale = _SCALE[match.group(2) or ""]
    assert abs(number - expected) <= 0.5e-4 * scale + 1e-9 * expected


def test_fmt_number_defaults() -> None:
    assert fmt_number(1867.4) == "1,867.4"
    assert fmt_number(38.130) == "38.13"
    assert fmt_number(float("nan")) == "—"
