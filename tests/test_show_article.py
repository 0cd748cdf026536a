"""The article report's view: every numeric token with its status, on a small article built
here (one of each status) and on the real one (counts equal the completeness check's)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import indicator

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.data.locators import locate_exclusions
from kaili_analysis.data.provenance import coverage
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.article.view import (
    EXCLUSION_CATEGORIES,
    STATUSES,
    article_paragraphs,
    article_tokens,
    flagged_findings,
    status_counts,
)
from kaili_analysis.show.words import catalogue

TOY = ("这五年，全市建成公园10个，\n新增就业3.5万人。另有7处。\n\n精锐尽出——战贫困\n\n"
       "城镇新增就业3.6万人。\n")


def _toy_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ind = pd.DataFrame([
        indicator("parks", "parks", "10", "个", "cumulative", "全市建成公园10个",
                  period="2016-2020", zh="公园", en="Parks"),
        indicator("jobs_a", "jobs", "3.5", "万人", "cumulative", "新增就业3.5万人",
                  period="2016-2020", zh="新增就业", en="New jobs"),
        indicator("jobs_b", "jobs", "3.6", "万人", "cumulative", "城镇新增就业3.6万人",
                  zh="城镇新增就业", en="New urban jobs"),
    ])
    ex = pd.DataFrame({"token": ["五"], "context": ["这五年"], "category": ["period_phrase"],
                       "reason": ["五年 names the <plan> period"]})
    ex = pd.concat([ex, locate_exclusions(ex, TOY)], axis=1)
    findings = pd.DataFrame([
        {"id": "repeated_statement:jobs_a+jobs_b", "check": "repeated_statement",
         "subject": "claim", "verdict": "inconsistent", "indicator_ids": "jobs_a;jobs_b",
         "explanation_key": "finding.repeated.cannot", "explanation_values": {}},
        {"id": "set_counts:parks", "check": "set_counts", "subject": "claim",
         "verdict": "consistent", "indicator_ids": "parks",
         "explanation_key": "finding.base.agree", "explanation_values": {}},
        {"id": "goal_status:parks", "check": "goal_status", "subject": "goal",
         "verdict": "no_base", "indicator_ids": "parks",
         "explanation_key": "finding.goal.no_base",
         "explanation_values": {"goal": {"zh": "公园", "en": "Parks"}, "year": 2020}},
    ])
    return ind, ex, findings


@pytest.fixture(scope="module")
def toy() -> pd.DataFrame:
    ind, ex, findings = _toy_tables()
    return article_tokens(ind, ex, TOY, findings, "en")


def test_one_token_of_each_status(toy: pd.DataFrame) -> None:
    assert toy["token"].tolist() == ["五", "10", "3.5", "7", "3.6"]
    assert toy["status"].tolist() == ["excluded", "record", "flagged", "uncovered", "flagged"]
    assert toy["record_ids"].tolist() == ["", "parks", "jobs_a", "", "jobs_b"]
    # a consistent claim or a goal does not flag a record; a claim that is not consistent does
    assert toy.loc[2, "finding_ids"] == "repeated_statement:jobs_a+jobs_b"
    assert toy.loc[2, "verdict"] == "inconsistent"


def test_tokens_sit_at_their_place_in_their_paragraph(toy: pd.DataFrame) -> None:
    paras = article_paragraphs(TOY).set_index("paragraph")
    for tok in toy.itertuples():
        assert paras.loc[tok.paragraph, "text"][tok.start:tok.end] == tok.token
        assert TOY[tok.char_start:tok.char_end] == tok.token
    assert paras["role"].tolist() == ["text", "heading", "text"]


def test_hover_texts_say_what_each_token_is(toy: pd.DataFrame) -> None:
    titles = toy["title"].tolist()
    assert titles[1] == "Parks · 10 · cumulative · period 2016-2020"
    assert titles[2].startswith("New jobs · 35,000 persons · cumulative · period 2016-2020\n")
    assert "inconsistent" in titles[2] and titles[2].endswith(" Both cannot hold.")
    assert "undated" in titles[4]
    assert titles[0] == "Not a statement: period phrase — 五年 names the <plan> period"
    zh = article_tokens(*_toy_tables()[:2], TOY, _toy_tables()[2], "zh")["title"].tolist()
    assert zh[2].startswith("新增就业 · 35000人 · 累计 · 时期：2016—2020年\n")
    assert "不一致" in zh[2] and zh[0].startswith("不计为数据：时期用语")


def test_legend_counts_add_up_to_every_token(toy: pd.DataFrame) -> None:
    counts = status_counts(toy, "en")
    assert counts["status"].tolist() == list(STATUSES)
    assert dict(zip(counts["status"], counts["n"], strict=True)) == {
        "record": 1, "flagged": 2, "excluded": 1, "uncovered": 1}
    ind, ex, _ = _toy_tables()
    assert counts["n"].sum() == len(coverage(ind, ex, TOY))


def test_without_findings_nothing_is_flagged() -> None:
    ind, ex, _ = _toy_tables()
    tokens = article_tokens(ind, ex, TOY)
    assert set(tokens["status"]) == {"record", "excluded", "uncovered"}


def test_the_real_article(tmp_path) -> None:
    ind, ex, text = ka.load_indicators(), ka.load_exclusions(), ka.load_article()
    findings = ka.run_audit()
    tokens = article_tokens(ind, ex, text, findings, "zh")
    cov = coverage(ind, ex, text)
    counts = status_counts(tokens).set_index("status")["n"]
    # the legend's counts are the completeness check's: every token, each under one status
    assert counts.sum() == len(cov) and counts["uncovered"] == (~cov["covered"]).sum()
    assert counts["record"] + counts["flagged"] == cov["covered_by"].str.contains(
        "indicator:").sum()
    # every record is the anchor of exactly one token
    anchors = [i for s in tokens["anchor_ids"] for i in s.split(";") if i]
    assert sorted(anchors) == sorted(ind["id"])
    # flagged records are exactly those that a claim not found consistent cites
    questioned = findings.query("subject == 'claim' and verdict != 'consistent'")
    cited = {i for s in questioned["indicator_ids"] for i in s.split(";")}
    marked = tokens[tokens["record_ids"] != ""]
    for ids, status in zip(marked["record_ids"], marked["status"], strict=True):
        # a token that states two records is flagged when either is questioned
        assert (status == "flagged") == bool(set(ids.split(";")) & cited), ids
    notes = flagged_findings(findings)
    assert notes["note"].tolist() == list(range(1, len(questioned) + 1))
    # an excluded token carries the reason of its exclusions.csv row
    excluded = tokens[tokens["status"] == "excluded"]
    reasons = dict(zip(ex["char_start"], ex["reason"], strict=True))
    assert [reasons[c] for c in excluded["char_start"]] == excluded["reason"].tolist()


def test_bad_inputs_are_refused() -> None:
    ind, ex, findings = _toy_tables()
    with pytest.raises(ParameterError, match="lang"):
        article_tokens(ind, ex, TOY, findings, "fr")
    with pytest.raises(ParameterError, match="value_base"):
        article_tokens(ind.drop(columns=["value_base"]), ex, TOY)
    with pytest.raises(ParameterError, match="char_start"):
        article_tokens(ind, ex.drop(columns=["char_start"]), TOY)
    with pytest.raises(ParameterError, match="verdict"):
        article_tokens(ind, ex, TOY, findings.drop(columns=["verdict"]))
    with pytest.raises(ParameterError, match="unknown status"):
        status_counts(pd.DataFrame({"status": ["record", "maybe"]}))
    with pytest.raises(ParameterError, match="string"):
        article_paragraphs(b"bytes")  # type: ignore[arg-type]


def test_every_category_of_the_data_has_a_name_in_both_languages() -> None:
    """The exclusion categories are the datapackage's; each has its word in the catalogue."""
    package = json.loads((config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE).read_text("utf-8"))
    fields = [f for r in package["resources"] if r["name"] == "exclusions"
              for f in r["schema"]["fields"] if f["name"] == "category"]
    assert set(EXCLUSION_CATEGORIES) == set(fields[0]["constraints"]["enum"])
    for lang in ("zh", "en"):
        names = [catalogue.label("exclusion", c, lang) for c in EXCLUSION_CATEGORIES]
        assert len(set(names)) == len(names) and all(names)
        assert [catalogue.label("status", s, lang) for s in STATUSES] == \
            status_counts(pd.DataFrame({"status": []}), lang)["name"].tolist()
