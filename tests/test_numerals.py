"""Numbers in Arabic and Chinese numerals (kaili_analysis.data.numerals)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis.data.numerals import parse_number
from kaili_analysis.errors import ParameterError

_REF_DIGITS = "零一二三四五六七八九"


def ref_chinese(n: int) -> str:
    """Reference converter 1..99 -> Chinese numerals (十, 十八, 二十, 九十九)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _REF_DIGITS[ones]
    head = "十" if tens == 1 else _REF_DIGITS[tens] + "十"
    return head + (_REF_DIGITS[ones] if ones else "")



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38.13", 38.13),
        ("1,600", 1600.0),
        ("1889", 1889.0),
        ("0", 0.0),
        ("十", 10.0),
        ("十八", 18.0),
        ("十五", 15.0),
        ("两", 2.0),
        ("二十", 20.0),
        ("一百零五", 105.0),
        ("一万", 10000.0),
        ("四十五万", 450000.0),
        ("三百五", 350.0),
        ("二〇二二", 2022.0),
        ("百", 100.0),
        (" 5461 ", 5461.0),
        ("１２", 12.0),
    ],
)
def test_parse_number_examples(text: str, expected: float) -> None:
    assert parse_number(text) == expected


def test_parse_number_fraction() -> None:
    assert math.isclose(parse_number("三分之一"), 1 / 3)
    assert parse_number("百分之五十") == 0.5


@pytest.mark.parametrize(
    "text", ["", "abc", "十三五", "百千万", "五大", "分之一", "三分之", "1.2.3", "一百十"]
)
def test_parse_number_rejects_non_numbers_and_names_them(text: str) -> None:
    with pytest.raises(ParameterError) as info:
        parse_number(text)
    assert repr(text) in str(info.value)


def test_parse_number_rejects_non_strings() -> None:
    with pytest.raises(ParameterError):
        parse_number(12)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_round_trips_arabic_integers(n: int) -> None:
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_parse_number_reads_two_decimals(whole: int, cents: int) -> None:
    text = f"{whole}.{cents:02d}"
    assert parse_number(text) == float(text)


@given(st.integers(min_value=1, max_value=99))
def test_parse_number_round_trips_chinese_1_to_99(n: int) -> None:
    assert parse_number(ref_chinese(n)) == n


def test_reference_converter_spot_checks() -> None:
    assert [ref_chinese(n) for n in (1, 10, 11, 18, 20, 99)] == [
        "一",
        "十",
        "十一",
        "十八",
        "二十",
        "九十九",
    ]
