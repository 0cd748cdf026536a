"""Numbers, units, rates and lists of words in the report language (show.words.formats)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis.data.units import base_label, parse_unit
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.formats import (
    fmt_amount,
    fmt_number,
    fmt_pp,
    fmt_rate,
    fmt_value,
    join_words,
    written_decimals,
)


@pytest.mark.parametrize(("value", "unit", "zh", "en"), [
    (38.13, "亿元", "38.13亿元", "3.813 billion yuan"),       # 38.13 × 10^8
    (1.64, "万户", "1.64万户", "16,400 households"),          # 1.64 × 10^4
    (26, "万亩", "26万亩", "260,000 mu"),
    (151.45, "万羽", "151.45万羽", "1.5145 million birds"),
    (27, "名", "27名", "27 persons"),
    (1889, "个", "1889个", "1,889"),                         # no separator in Chinese
    (73.23, "%", "73.23%", "73.23%"),
    (4, "A级", "4A级", "4A"),
    (2, "级", "二级", "Grade II"),                         # 二级甲等, 国家二级
    (5, "大", "5个", "5"),                                   # 五大: 大 only fuses to 五
    (10, "景", "10个", "10 sights"),
    (18, "菜", "18个", "18 dishes"),                       # 十八菜: 18个菜肴 in the same list
    (3, "孩", "三孩", "3 children"),                      # 三孩生育政策
    (3, "不是单位", "3不是单位", "3 不是单位"),                # unknown units stay as written
])
def test_amounts_in_each_language(value: float, unit: str, zh: str, en: str) -> None:
    assert fmt_amount(value, unit, "zh") == zh
    assert fmt_amount(value, unit, "en") == en


@pytest.mark.parametrize(("value", "unit", "base", "en"), [
    (78, "户", "enterprises", "78 enterprises"),
    (5.89, "万户", "entities", "58,900 market entities"),
    (1.64, "万户", "households", "16,400 households"),
    (4, "级", "tiers", "4 tiers"),
    (2, "所", "venues", "2 venues"),
    (5, "场", "campaigns", "5 campaigns"),
    (1, "户", "enterprises", "1 enterprise"),
    (1227.21, "万人次", "visits", "12.2721 million visits"),           # tourist arrivals
    (1600, "人次", "training_sessions", "1,600 training sessions"),  # skills training
    (11, "座", "plants", "11 plants"),                                 # sewage plants
])
def test_the_records_base_unit_names_what_is_counted(value: float, unit: str, base: str,
                                                      en: str) -> None:
    assert fmt_amount(value, unit, "en", base=base) == en
    assert fmt_amount(value, unit, "zh", base=base) == fmt_amount(value, unit, "zh")


def test_a_generic_measure_word_yields_to_what_is_counted() -> None:
    """八大工程 counts projects: 8项 / 8 projects; 五大 alone stays 5个 / 5."""
    assert fmt_amount(8, "大", "zh", base="projects") == "8项"
    assert fmt_amount(8, "大", "en", base="projects") == "8 projects"
    assert fmt_amount(5, "大", "zh") == "5个"


def test_a_base_the_unit_cannot_have_is_refused() -> None:
    with pytest.raises(ParameterError, match="base must be one of households, enterprises"):
        fmt_amount(3, "户", "en", base="yuan")


def test_every_record_is_formatted_with_its_own_base_unit() -> None:
    """No record whose unit_base is not its unit's default reads as that default."""
    import kaili_analysis as ka

    for rec in ka.load_indicators().itertuples():
        parsed = parse_unit(rec.unit)
        text = fmt_value(rec.value, rec.unit, rec.qualifier, "en", base=rec.unit_base)
        if rec.unit_base != parsed.base and parsed.factor == 1:
            assert base_label(parsed.base, "en") not in text, (rec.id, text)
        assert not re.search(r"\d [\u4e00-\u9fff]", fmt_value(
            rec.value, rec.unit, rec.qualifier, "zh", base=rec.unit_base)), rec.id


@pytest.mark.parametrize(("diff", "zh", "en"), [
    (5.78, "高5.78个百分点", "+5.78 pp"), (-1.5, "低1.50个百分点", "−1.50 pp"),
    (0.001, "持平", "no difference")])
def test_percentage_points_read_as_higher_or_lower(diff: float, zh: str, en: str) -> None:
    assert fmt_pp(diff, "zh") == zh
    assert fmt_pp(diff, "en") == en


def test_amount_without_the_unit_name() -> None:
    assert fmt_amount(1.64, "万户", "en", name=False) == "16,400"
    assert fmt_amount(38.13, "亿元", "en", name=False) == "3.813 billion"
    assert fmt_amount(1.64, "万户", "zh", name=False) == "1.64"


def test_values_carry_qualifier_and_fraction() -> None:
    assert fmt_value(47, "亿元", "ge", "en") == "≥ 4.7 billion yuan"
    assert fmt_value(47, "亿元", "ge") == "47亿元以上"
    assert fmt_value(70, "万人", "approx", "en") == "≈ 700,000 persons"
    assert fmt_value(1 / 3, "分之", "ge", "en") == "≥ 1/3"
    assert fmt_value(0.33, "分之", "ge", "zh") == "1/3以上"  # rounded for a table: still 1/3
    assert fmt_value(0.25, "分之", "eq", "en") == "1/4"
    assert fmt_value(12, "%", "ge", "en") == "≥ 12%"


@pytest.mark.parametrize(("value", "unit", "qualifier", "zh", "en"), [
    (30, "亿元", "gt", "30余亿元", "> 3 billion yuan"),
    (160, "个", "gt", "160余个", "> 160"),
    (70, "万人", "approx", "70万人左右", "≈ 700,000 persons"),
    (4.2, "%", "le", "4.2%以内", "≤ 4.2%"),
    (5, "%", "lt", "不足5%", "< 5%"),
    (1889, "个", "eq", "1889个", "1,889")])
def test_chinese_writes_the_qualifier_in_words_as_the_article_does(
        value: float, unit: str, qualifier: str, zh: str, en: str) -> None:
    assert fmt_value(value, unit, qualifier, "zh") == zh
    assert fmt_value(value, unit, qualifier, "en") == en


@given(value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
       decimals=st.one_of(st.none(), st.integers(min_value=0, max_value=3)))
def test_chinese_numbers_have_no_thousands_separator(value: float,
                                                     decimals: int | None) -> None:
    """The two languages write the same digits; only English groups them."""
    zh, en = fmt_number(value, decimals, "zh"), fmt_number(value, decimals, "en")
    assert "," not in zh
    assert en.replace(",", "") == zh
    assert float(zh) == pytest.approx(value, abs=0.006 if decimals is None else 10 ** -decimals)


@given(value=st.floats(min_value=1000, max_value=1e7, allow_nan=False),
       unit=st.sampled_from(["个", "亿元", "万人", "人次", "户", "平方公里", "指数"]))
def test_chinese_amounts_have_no_separator_and_no_space(value: float, unit: str) -> None:
    text = fmt_amount(value, unit, "zh")
    assert "," not in text
    assert not re.search(r"\d\s", text), text


def test_a_bad_language_is_named() -> None:
    with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
        fmt_amount(1, "亿元", "fr")


_SCALE = {"billion": 1e9, "million": 1e6, "": 1.0}


@given(value=st.floats(min_value=0.01, max_value=1e5, allow_nan=False),
       unit=st.sampled_from(["亿元", "万元", "万户", "万亩", "万人", "万人次", "万头"]))
def test_english_amount_is_the_base_amount(value: float, unit: str) -> None:
    """Reading the English text back gives value × the unit's factor, to the digits the
    Chinese number is written with (two decimals at most)."""
    text = fmt_amount(value, unit, "en", name=False)
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?: (billion|million))?", text)
    assert match, text
    number = float(match.group(1).replace(",", "")) * _SCALE[match.group(2) or ""]
    expected = value * parse_unit(unit).factor
    # at least as precise as the Chinese text, which shows two decimals of the written unit
    assert abs(number - expected) <= 0.005 * parse_unit(unit).factor + 1e-9 * expected, text


def test_fmt_number_defaults() -> None:
    assert fmt_number(1867.4) == "1,867.4"
    assert fmt_number(38.130) == "38.13"
    assert fmt_number(float("nan")) == "—"


@pytest.mark.parametrize(("low", "high", "unit", "zh", "en"), [
    (15.53, 20.7, "亿元", "15.53–20.70亿元", "1.553–2.070 billion yuan"),  # one precision
    (0.5, 20.7, "亿元", "0.5–20.7亿元", "50 million–2.07 billion yuan"),
    (30, 40, "亿元", "30–40亿元", "3–4 billion yuan")])
def test_a_range_writes_its_unit_once(low: float, high: float, unit: str, zh: str,
                                      en: str) -> None:
    from kaili_analysis.show.words.formats import fmt_range

    assert fmt_range(low, high, unit, "zh") == zh
    assert fmt_range(low, high, unit, "en") == en


@pytest.mark.parametrize(("items", "zh", "en"), [
    ([], "", ""), (["A"], "A", "A"), (["A", "B"], "A和B", "A and B"),
    (["A", "B", "C"], "A、B和C", "A, B and C"), ([2020, 2021], "2020和2021", "2020 and 2021")])
def test_join_words_lists_as_each_language_does(items: list, zh: str, en: str) -> None:
    assert join_words(items, "zh") == zh
    assert join_words(items, "en") == en


def test_join_words_keeps_names_with_commas_apart() -> None:
    names = ["GDP, average annual growth", "Revenue"]
    assert join_words(names, "en", style="names") == "GDP, average annual growth; Revenue"
    assert join_words(["甲", "乙"], "zh", style="names") == "甲、乙"
    assert join_words(["甲", "乙"], "zh", style="clauses") == "甲；乙"
    with pytest.raises(ParameterError, match="style must be one of and, names, clauses"):
        join_words(names, "en", style="or")
    with pytest.raises(ParameterError, match="lang must be one of"):
        join_words(names, "fr")


@given(st.lists(st.text(alphabet="abcxyz", min_size=1, max_size=5), max_size=6))
def test_join_words_keeps_every_item_in_order(items: list[str]) -> None:
    en = join_words(items, "en")
    assert en.replace(" and ", ", ").split(", ") == (items or [""])


@given(st.floats(min_value=-10, max_value=10, allow_nan=False), st.integers(0, 4))
def test_fmt_rate_is_the_fraction_in_percent(rate: float, decimals: int) -> None:
    shown = fmt_rate(rate, decimals)
    assert shown.endswith("%")
    number = float(shown[:-1].replace(",", ""))
    assert abs(number - rate * 100) <= 0.5 * 10 ** -decimals + 1e-9
    assert len(shown[:-1].partition(".")[2]) == decimals


@pytest.mark.parametrize(("rate", "shown"), [
    (0.06, "6%"), (0.065, "6.5%"), (0.1408, "14.08%"), (0.0427, "4.27%"), (0.12, "12%")])
def test_fmt_rate_as_written_drops_padding_zeros(rate: float, shown: str) -> None:
    assert fmt_rate(rate, None) == shown
    assert fmt_rate(float("nan")) == fmt_rate(None) == "—"


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False,
                   allow_infinity=False))
def test_written_decimals_are_the_digits_fmt_number_writes(value) -> None:
    shown = fmt_number(float(value))
    assert written_decimals(float(value)) == len(shown.partition(".")[2])
