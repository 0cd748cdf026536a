"""Sentences of analysis results: every key of the results' words in both languages, every kind
of value, and the real findings, goals, implications and bases written out."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kaili_analysis as ka
from kaili_analysis.analysis.audit import run_audit
from kaili_analysis.analysis.implications import goal_implications
from kaili_analysis.analysis.sensitivity import base_sensitivity
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words import findings
from kaili_analysis.show.words.catalogue import words
from kaili_analysis.show.words.findings import explanation, phrase, value_text
from kaili_analysis.show.words.formats import fmt_number, fmt_rate

#: The prefixes of the words of analysis results.
PREFIXES = ("finding.", "goal.", "implication.", "base_note.")
FIELD = re.compile(r"\{(\w+)")


def _keys() -> list[str]:
    return sorted(k for k in words("zh") if k.startswith(PREFIXES))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_key_renders_with_made_up_values(lang: str) -> None:
    keys = _keys()
    assert keys and keys == sorted(k for k in words("en") if k.startswith(PREFIXES))
    for key in keys:
        fields = set(FIELD.findall(words("zh")[key]))
        assert fields == set(FIELD.findall(words("en")[key])), key
        values = {name: f"<{name}>" for name in fields}
        out = phrase({"key": key, "values": values}, lang)
        assert "{" not in out and "}" not in out, key
        for name in fields:
            assert f"<{name}>" in out, (key, name)


@pytest.mark.parametrize(("value", "zh", "en"), [
    ({"amount": 30.0, "unit": "亿元", "qualifier": "gt", "base": None}, "30余亿元",
     "more than 3 billion yuan"),
    ({"amount": 95.0, "unit": "%", "qualifier": "ge", "base": None}, "95%以上", "95% or more"),
    ({"amount": 4.2, "unit": "%", "qualifier": "le", "base": None}, "4.2%以内", "4.2% or less"),
    ({"amount": 70.0, "unit": "万人", "qualifier": "approx", "base": None}, "70万人左右",
     "about 700,000 persons"),
    ({"amount": 3.0, "unit": "个", "qualifier": "lt", "base": None}, "不足3个", "less than 3"),
    ({"value": 12.0, "unit": "%", "qualifier": "ge"}, "12%以上", "≥ 12%"),
    ({"rate": 0.07000123}, "7.00%", "7.00%"),
    ({"rate": 0.7213, "decimals": 0}, "72%", "72%"),
    ({"stated_rate": 0.1408}, "14.08%", "14.08%"),
    ({"pp": 5.78}, "高5.78个百分点", "+5.78 pp"),
    ({"number": 1.756, "decimals": 2}, "1.76", "1.76"),
    ({"low": 15.553, "high": 20.7, "unit": "亿元"}, "15.55–20.70亿元",
     "1.555–2.070 billion yuan"),
    ({"period": "2016-2020", "basis": "open"}, "2016年以来（未说明截止时间）",
     "since 2016 (end not stated)"),
    ({"period": "2016-2020", "basis": "closed"}, "2016—2020年", "2016-2020"),
    ({"period": "", "basis": "undated"}, "未注明时间", "undated"),
    ({"span": "2021-2025"}, "2021—2025", "2021-2025"),
    ({"list": ["a", "b", "c"]}, "a、b和c", "a, b and c"),
    ({"series": [1, 2], "sep": "list.separator"}, "1、2", "1, 2"),
    ({"zh": "公园“广场”", "en": "Parks", "style": "quote"}, "“公园‘广场’”", "“Parks”"),
    ({"zh": "镇街", "en": "镇街", "style": "quote_zh"}, "“镇街”", "镇街"),
    ({"zh": "原文", "en": "Roads", "style": "cite"}, "「原文」", "“Roads”"),
    ({"zh": "农业", "en": "Gross output", "style": "mid"}, "农业", "gross output"),
    ({"zh": "个", "en": 15.0}, "个", "15"),
    ({"key": "finding.growth.rise", "values": {}}, "上涨", "rise"),
    ("", "", ""),
    (3, 3, 3),
])
def test_every_kind_of_value(value, zh: str, en: str) -> None:
    assert value_text(value, "zh") == zh
    assert value_text(value, "en") == en


@pytest.mark.parametrize("value", [True, None, {"unknown": 1}, [1, 2]])
def test_a_value_of_no_kind_is_refused(value) -> None:
    with pytest.raises(ParameterError, match="phrase value"):
        value_text(value, "en")


def test_an_unknown_key_or_language_is_refused() -> None:
    with pytest.raises(ParameterError, match="unknown catalogue key"):
        phrase({"key": "finding.nothing", "values": {}}, "en")
    with pytest.raises(ParameterError):
        phrase({"key": "finding.growth.rise", "values": {}}, "fr")


@given(st.integers(0, 100_000))
def test_a_stated_rate_reads_as_the_article_writes_it(hundredths: int) -> None:
    percent = hundredths / 100  # 14.08 in the article is the fraction 0.1408
    assert fmt_rate(percent / 100, None) == f"{fmt_number(percent)}%"


def test_a_missing_stated_rate_is_a_dash() -> None:
    assert fmt_rate(math.nan, None) == "—"


def test_every_real_result_speaks_both_languages() -> None:
    rows = [(r, "explanation") for r in run_audit().to_dict("records")]
    table = ka.targets_table()
    rows += [(r, "explanation") for r in table.to_dict("records")]
    rows += [(r, "statement") for r in goal_implications(table=table).to_dict("records")]
    rows += [(r, "note") for r in base_sensitivity().to_dict("records")]
    for row, prefix in rows:
        zh, en = explanation(row, "zh", prefix), explanation(row, "en", prefix)
        assert "{" not in zh + en
        assert zh and en
    for row in table.to_dict("records"):  # the 2016-2020 rates side by side, if any
        zh, en = (value_text(row["history_words"], lang) for lang in ("zh", "en"))
        assert bool(zh) == bool(en) == bool(row["history_rates"])


def test_history_words_of_the_real_article() -> None:
    ind = ka.load_indicators()
    assert findings.history_words(ind, "agri_output", "en") == (
        "6% (stated), 7.00% (from the levels, at current prices) and 14.08% (stated)")
    assert findings.history_words(ind, "tourism_revenue", "zh") == ""

