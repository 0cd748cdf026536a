"""Tests of kaili_analysis.data.provenance and of the curated tables' provenance.

The second half reads the CSVs with pandas directly (not through the loaders) and checks that
every record is anchored in the article: its quote occurs exactly once, its number is in the
quote, and every numeric token of the article is either a record's value or an explicit
exclusion.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis.data.provenance import (
    coverage,
    find_quote,
    normalize,
    numeric_tokens,
    parse_number,
    token_spans,
)
from kaili_analysis.data.units import UNITS, to_base
from kaili_analysis.errors import ParameterError

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLE_PATH = DATA / "raw" / "000_25d5770c5c2caf2a.txt"
ARTICLE_SHA256 = "35454a0469bd4f67dbf6554686e29ff1efe3f3b94e3395f8bc495d0b03729edf"

# ---------------------------------------------------------------- normalize / find_quote


def test_normalize_removes_every_kind_of_whitespace() -> None:
    assert normalize("5461 名党员\n干部\u3000结对\t帮扶\r\n3\n个") == "5461名党员干部结对帮扶3个"


def test_normalize_keeps_other_characters() -> None:
    assert normalize("6.1∶32.8∶62.1，“十三五”") == "6.1∶32.8∶62.1，“十三五”"


@given(st.text())
def test_normalize_is_idempotent_and_spaceless(text: str) -> None:
    out = normalize(text)
    assert normalize(out) == out
    assert not any(ch.isspace() for ch in out)
    assert out == "".join(ch for ch in text if not ch.isspace())


def test_normalize_rejects_non_strings() -> None:
    with pytest.raises(ParameterError):
        normalize(None)  # type: ignore[arg-type]


def test_find_quote_ignores_wraps_on_both_sides() -> None:
    article = "建成污水处理厂11座、提标\n扩容改造5座；又建成污水处理厂11座。"
    assert find_quote("提标扩容 改造5座", article) == [11]
    assert find_quote("建成污水处理厂11座", article) == [0, 21]
    assert find_quote("没有的话", article) == []


def test_find_quote_finds_overlapping_occurrences() -> None:
    assert find_quote("aa", "aaa") == [0, 1]


def test_find_quote_rejects_empty_quote() -> None:
    with pytest.raises(ParameterError, match="quote"):
        find_quote(" \n", "文章")


# ---------------------------------------------------------------- numeric_tokens


def _tokens(text: str) -> list[str]:
    return list(numeric_tokens(text)["token"])


def test_numeric_tokens_columns_and_offsets() -> None:
    text = "建成5G基站644个，光缆长度达3.02 万公里"
    tok = numeric_tokens(text)
    assert list(tok.columns) == ["token", "value", "start", "end", "script", "context"]
    assert list(tok["token"]) == ["5", "644", "3.02"]
    norm = normalize(text)
    for row in tok.itertuples():
        assert norm[row.start : row.end] == row.token
        assert row.token in row.context
    assert set(tok["script"]) == {"arabic"}
    assert list(tok["value"]) == [5.0, 644.0, 3.02]


def test_numeric_tokens_joins_numbers_split_by_wraps() -> None:
    assert _tokens("5461 名党员，1.64\n万户，3\n个街道") == ["5461", "1.64", "3"]


def test_numeric_tokens_ratio_and_range() -> None:
    assert _tokens("从2016年的6.1∶32.8∶62.1") == ["2016", "6.1", "32.8", "62.1"]
    assert _tokens("2所0-3岁托幼机构") == ["2", "0", "3"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实施好十件民生实事", ["十"]),
        ("成立五大集团公司", ["五"]),
        ("开展了“十景十八菜”评选活动", ["十", "十八"]),
        ("打好“五场战役”", ["五"]),
        ("“市——镇——村——网格”四级指挥体系", ["四"]),
        ("普及十五年教育", ["十五"]),
        ("落实长江流域十年禁渔禁捕", ["十"]),
        ("提升“八大工程”", ["八"]),
        ("“六个一律”", ["六"]),
        ("抓好三孩生育政策", ["三"]),
        ("建成市第三幼儿园", ["三"]),
        ("胜利完成“十三五”规划", ["十三五"]),
        ("以“百千万”工程为抓手", ["百千万"]),
        ("十九届二中、三中全会", ["十九", "二", "三"]),
    ],
)
def test_numeric_tokens_catches_chinese_quantities(text: str, expected: list[str]) -> None:
    tok = numeric_tokens(text)
    assert list(tok["token"]) == expected
    assert set(tok["script"]) == {"chinese"}


@pytest.mark.parametrize(
    "text",
    [
        "千方百计引进更多优强企业",
        "百舸争流，千帆竞渡",
        "万众一心",
        "建成一批核心商圈",
        "一体化",
        "大十字地下商业街",
    ],
)
def test_numeric_tokens_ignores_idioms(text: str) -> None:
    assert _tokens(text) == []


def test_numeric_tokens_fraction_is_one_token() -> None:
    tok = numeric_tokens("占全州比重达三分之一以上")
    assert list(tok["token"]) == ["三分之一"]
    assert math.isclose(tok["value"].iloc[0], 1 / 3)


def test_numeric_tokens_set_phrase_has_no_value() -> None:
    tok = numeric_tokens("“十三五”以来")
    assert math.isnan(tok["value"].iloc[0])


def test_numeric_tokens_empty_text() -> None:
    tok = numeric_tokens("没有数字")
    assert tok.empty
    assert list(tok.columns) == ["token", "value", "start", "end", "script", "context"]


@given(st.text(alphabet="0123456789.,十三五二两百千万亿一第个件年“” \n凯里", max_size=60))
def test_token_spans_are_the_scan_behind_numeric_tokens(text: str) -> None:
    tok = numeric_tokens(text)
    expected = list(zip(tok["start"], tok["end"], tok["token"], tok["script"], strict=True))
    assert token_spans(text) == expected
    assert [s for s, _e, _t, _k in token_spans(text)] == sorted(tok["start"])


def test_token_spans_of_the_article() -> None:
    text = ARTICLE_PATH.read_text(encoding="utf-8")
    spans = token_spans(text)
    assert len(spans) == len(numeric_tokens(text))
    assert all(normalize(text)[s:e] == t for s, e, t, _k in spans)


# ---------------------------------------------------------------- coverage (made-up data)

_TOY = "建成5G基站644个。建成5G基站494个，覆盖率达100%。"


def _toy_exclusions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "token": ["5", "5"],
            "context": ["建成5G基站644", "建成5G基站494"],
            "category": ["name", "name"],
        }
    )


def test_coverage_accounts_for_every_token() -> None:
    ind = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "quote": ["建成5G基站644个", "建成5G基站494个", "覆盖率达100%"],
            "value": [644.0, 494.0, 100.0],
        }
    )
    cov = coverage(ind, _toy_exclusions(), _TOY)
    assert cov["covered"].all()
    assert list(cov["covered_by"]) == [
        "exclusion:name",
        "indicator:a",
        "exclusion:name",
        "indicator:b",
        "indicator:c",
    ]


def test_coverage_requires_equal_value_not_just_containment() -> None:
    # the quote contains 494, but the record claims 495: the token stays uncovered
    ind = pd.DataFrame({"id": ["b"], "quote": ["建成5G基站494个"], "value": [495.0]})
    cov = coverage(ind, _toy_exclusions(), _TOY)
    row = cov[cov["token"] == "494"].iloc[0]
    assert not row["covered"]
    assert row["covered_by"] == ""


def test_coverage_requires_token_inside_the_quote() -> None:
    # value 644 matches, but the quote is the other sentence
    ind = pd.DataFrame({"id": ["x"], "quote": ["建成5G基站494个"], "value": [644.0]})
    cov = coverage(ind, _toy_exclusions(), _TOY)
    assert not cov.loc[cov["token"] == "644", "covered"].iloc[0]


def test_coverage_exclusion_must_match_token_text() -> None:
    ex = pd.DataFrame({"token": ["6"], "context": ["建成5G基站644"], "category": ["name"]})
    ind = pd.DataFrame({"id": [], "quote": [], "value": []})
    cov = coverage(ind, ex, _TOY)
    assert not cov["covered"].any()


def test_coverage_fraction_with_tolerance() -> None:
    ind = pd.DataFrame({"id": ["s"], "quote": ["达三分之一以上"], "value": [0.333333333333]})
    cov = coverage(ind, _toy_exclusions().iloc[:0], "占全州比重达三分之一以上")
    assert cov["covered"].all()


def test_coverage_rejects_missing_columns() -> None:
    with pytest.raises(ParameterError, match="quote"):
        coverage(pd.DataFrame({"id": ["a"], "value": [1.0]}), _toy_exclusions(), _TOY)


# ---------------------------------------------------------------- the real data


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def norm_article(article: str) -> str:
    return normalize(article)


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    frame = _csv("indicators.csv")
    frame["value"] = frame["value"].astype(float)
    frame["value_base"] = frame["value_base"].astype(float)
    return frame


@pytest.fixture(scope="module")
def exclusions() -> pd.DataFrame:
    return _csv("exclusions.csv")


@pytest.fixture(scope="module")
def schema() -> dict[str, dict]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in package["resources"]}


def test_article_hash_and_metadata() -> None:
    digest = hashlib.sha256(ARTICLE_PATH.read_bytes()).hexdigest()
    assert digest == ARTICLE_SHA256
    meta = json.loads((DATA / "raw" / "article.json").read_text(encoding="utf-8"))
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    article = next(r for r in package["resources"] if r["name"] == "article")
    assert article["hash"] == f"sha256:{digest}"  # the one place the hash is recorded
    assert article["path"] == f"raw/{ARTICLE_PATH.name}"
    assert meta["language"] == "zh"
    assert "凯里市委宣传部" in meta["publisher"]


@pytest.mark.parametrize(
    "name",
    ["sections", "indicators", "targets_2025", "projects_2022", "exclusions"],
)
def test_tables_follow_the_schema_fields(name: str, schema: dict[str, dict]) -> None:
    resource = schema[name]
    frame = _csv(resource["path"])
    fields = resource["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for f in fields:
        c = f.get("constraints", {})
        col = frame[f["name"]]
        if c.get("required"):
            assert (col != "").all(), f"{name}.{f['name']} has empty values"
        if "enum" in c:
            bad = set(col) - set(c["enum"]) - ({""} if not c.get("required") else set())
            assert not bad, f"{name}.{f['name']} values outside the enum: {bad}"
        if "pattern" in c:
            bad = [v for v in col if not re.fullmatch(c["pattern"], v)]
            assert not bad, f"{name}.{f['name']} values not matching the pattern: {bad}"
        if c.get("unique"):
            assert col.is_unique, f"{name}.{f['name']} is not unique"
    key = resource["schema"]["primaryKey"]
    assert not frame.duplicated(key).any(), f"{name}: duplicate primary key {key}"


def test_every_quote_occurs_exactly_once(indicators: pd.DataFrame, norm_article: str) -> None:
    bad = {
        rid: len(find_quote(q, norm_article))
        for rid, q in zip(indicators["id"], indicators["quote"], strict=True)
        if len(find_quote(q, norm_article)) != 1
    }
    assert not bad, f"quotes not found exactly once (id: count): {bad}"


def test_quotes_are_stored_normalised(indicators: pd.DataFrame) -> None:
    assert all(q == normalize(q) for q in indicators["quote"])


def test_value_text_is_in_quote_and_parses_to_value(indicators: pd.DataFrame) -> None:
    for row in indicators.itertuples():
        assert row.value_text in row.quote, row.id
        assert math.isclose(parse_number(row.value_text), row.value, rel_tol=1e-12), row.id


def test_units_and_base_values(indicators: pd.DataFrame) -> None:
    for row in indicators.itertuples():
        assert row.unit in UNITS, f"{row.id}: unit {row.unit!r} not in units.UNITS"
        assert row.unit_base in UNITS[row.unit].bases, f"{row.id}: base {row.unit_base!r}"
        assert math.isclose(row.value_base, to_base(row.value, row.unit), rel_tol=1e-12), row.id


def test_sections_of_records_exist(indicators: pd.DataFrame) -> None:
    sections = set(_csv("sections.csv")["id"])
    assert set(indicators["section"]) <= sections


def test_exclusion_contexts_are_unique_and_hold_their_token_once(
    exclusions: pd.DataFrame, norm_article: str
) -> None:
    tokens = numeric_tokens(norm_article)
    for row in exclusions.itertuples():
        starts = find_quote(row.context, norm_article)
        assert len(starts) == 1, f"context {row.context!r} occurs {len(starts)} times"
        assert row.context == normalize(row.context)
        begin, end = starts[0], starts[0] + len(row.context)
        inside = tokens[
            (tokens["start"] >= begin) & (tokens["end"] <= end) & (tokens["token"] == row.token)
        ]
        assert len(inside) == 1, f"token {row.token!r} is {len(inside)} times in {row.context!r}"
        assert row.reason.strip(), f"exclusion {row.token!r} in {row.context!r} has no reason"


def test_every_numeric_token_is_covered(
    indicators: pd.DataFrame, exclusions: pd.DataFrame, article: str
) -> None:
    cov = coverage(indicators, exclusions, article)
    missing = cov[~cov["covered"]]
    report = "\n".join(
        f"  {r.token!r} ({r.script}) at {r.start}: …{r.context}…" for r in missing.itertuples()
    )
    assert missing.empty, (
        f"{len(missing)} numeric token(s) are neither records nor exclusions:\n{report}"
    )


def test_no_token_is_both_record_and_exclusion(
    indicators: pd.DataFrame, exclusions: pd.DataFrame, article: str
) -> None:
    cov = coverage(indicators, exclusions, article)
    both = cov[
        cov["covered_by"].str.contains("indicator:") & cov["covered_by"].str.contains("exclusion:")
    ]
    assert both.empty, both[["token", "context", "covered_by"]].to_string()


def test_every_record_accounts_for_a_token(
    indicators: pd.DataFrame, exclusions: pd.DataFrame, article: str
) -> None:
    cov = coverage(indicators, exclusions, article)
    used = {
        label.removeprefix("indicator:")
        for cell in cov["covered_by"]
        for label in cell.split(";")
        if label.startswith("indicator:")
    }
    assert set(indicators["id"]) == used, sorted(set(indicators["id"]) - used)


def test_targets_quotes_and_references(indicators: pd.DataFrame, norm_article: str) -> None:
    targets = _csv("targets_2025.csv")
    ids = set(indicators["id"])
    for row in targets.itertuples():
        assert find_quote(row.quote, norm_article), f"target {row.id}: quote not in the article"
        for ref in (
            row.indicator_id,
            row.base_indicator_id,
            row.history_rate_indicator_id,
            row.history_start_indicator_id,
        ):
            assert ref == "" or ref in ids, f"target {row.id}: unknown indicator {ref!r}"
        assert (row.goal_type == "qualitative") == (row.indicator_id == ""), row.id
        assert row.pair_id == "" or row.pair_id in set(targets["id"]), row.id
    kinds = indicators.set_index("id")["kind"]
    for iid in targets["indicator_id"]:
        if iid:
            assert kinds[iid].startswith("target_"), iid


def test_projects_reference_project_targets(indicators: pd.DataFrame) -> None:
    projects = _csv("projects_2022.csv")
    by_id = indicators.set_index("id")
    assert set(projects["indicator_id"]) == set(by_id.index[by_id["kind"] == "project_target"])
    for row in projects.itertuples():
        assert row.id == row.indicator_id
        assert by_id.loc[row.indicator_id, "period"] == "2022"
        if row.comparable_indicator_id:
            assert by_id.loc[row.comparable_indicator_id, "period"] == "2016-2020"
            assert row.comparison != ""
