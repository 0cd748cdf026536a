"""The article report's HTML: the text unchanged between the marks, every record a
``data-record`` target, outside text escaped, no script."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest
from test_show_article import TOY, _toy_tables

import kaili_analysis as ka
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.article.html import article_html, legend_html, notes_html
from kaili_analysis.show.article.view import (
    article_paragraphs,
    article_tokens,
    flagged_findings,
    status_counts,
)


class _Page(HTMLParser):
    """Elements with their attributes, and the text outside <style>."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._style = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False if tag == "style" else self._style

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)

    def with_attr(self, name: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if name in a]


def _toy_page(lang: str = "en") -> tuple[str, pd.DataFrame]:
    ind, ex, findings = _toy_tables()
    tokens = article_tokens(ind, ex, TOY, findings, lang)
    notes = flagged_findings(findings)
    return article_html(article_paragraphs(TOY), tokens, lang, notes), tokens


def test_the_text_is_the_article_and_every_token_is_marked() -> None:
    page, _ = _toy_page()
    parsed = _Page(page)
    paras = article_paragraphs(TOY)
    notes = "1"  # the superscript note after each flagged number
    assert "".join(parsed.text) == "".join(paras["text"]).replace("3.5万", f"3.5{notes}万") \
        .replace("3.6万", f"3.6{notes}万")
    tags = {a.get("id"): t for t, a in parsed.elements}
    assert tags["ka-p2"] == "h3" and tags["ka-p1"] == "p"
    records = parsed.with_attr("data-record")
    assert sorted(a["data-record"] for a in records) == ["jobs_a", "jobs_b", "parks"]
    for a in records:
        assert a["id"] == f"rec-{a['data-record']}"
        assert a["href"] == f"overview__lang-en.html#ov-{a['data-record']}"
        assert a["title"]
    excluded = parsed.with_attr("data-excluded")
    assert [a["data-excluded"] for a in excluded] == ["period_phrase"]
    flagged = [a for a in records if "ka-flag" in a["class"]]
    assert {a["data-record"] for a in flagged} == {"jobs_a", "jobs_b"}
    assert all("ka-inconsistent" in a["class"] for a in flagged)
    assert any("ka-un" in a.get("class", "") for _, a in parsed.elements)
    # zh: links go to the zh overview, the text stays Chinese in both
    zh = _Page(_toy_page("zh")[0])
    assert {a["href"].split("#")[0] for a in zh.with_attr("data-record")} == {"overview.html"}
    assert 'lang="zh"' in page


def test_outside_text_is_escaped_and_no_script_is_needed() -> None:
    page, tokens = _toy_page()
    assert "<plan>" not in page and "&lt;plan&gt;" in page
    assert "<script" not in page.lower()
    evil = tokens.assign(title="\"><script>alert(1)</script>")
    page = article_html(article_paragraphs(TOY), evil, "en")
    assert "<script" not in page
    titles = [a["title"] for a in _Page(page).with_attr("title")]
    assert titles and set(titles) == {"\"><script>alert(1)</script>"}


HOSTILE = "<img src=x onerror=alert(1)>"


def test_a_hostile_value_reaches_the_article_page_as_text() -> None:
    """A section name, a status name and an explanation that are markup: shown as text."""
    article = f"{HOSTILE}\n\n五年来，新增就业3.5万人。\n"
    paras = article_paragraphs(article)
    ind, ex, findings = _toy_tables()
    tokens = article_tokens(ind.iloc[0:0], ex.iloc[0:0], article, None, "en")
    page = _Page(article_html(paras, tokens, "en"))
    assert "img" not in {tag for tag, _ in page.elements}
    assert paras["text"].iloc[0].startswith("<img") and "onerror" in paras["text"].iloc[0]
    assert "".join(page.text) == "".join(paras["text"])  # the markup is the text
    counts = status_counts(tokens, "en").assign(name=HOSTILE)
    legend = _Page(legend_html(counts, "en"))
    assert "img" not in {tag for tag, _ in legend.elements}
    assert f"{HOSTILE}: " in "".join(legend.text)
    notes = flagged_findings(findings).assign(explanation_key="finding.amount.ge",
                                               explanation_values=[{"x": HOSTILE}])
    parsed = _Page(notes_html(notes, "en"))
    assert "img" not in {tag for tag, _ in parsed.elements}
    assert HOSTILE in "".join(parsed.text)


def test_a_token_that_states_two_records_holds_both_anchors() -> None:
    ind = ka.load_indicators()
    tokens = article_tokens(ind, ka.load_exclusions(), ka.load_article(), ka.run_audit(), "en")
    page = _Page(article_html(article_paragraphs(ka.load_article()), tokens, "en"))
    targets = [a["data-record"] for a in page.with_attr("data-record")]
    ids = [a["id"] for a in page.with_attr("data-record")]
    assert sorted(targets) == sorted(ind["id"]) and len(set(ids)) == len(ids)
    shared = tokens[tokens["record_ids"].str.contains(";")]
    assert len(shared) >= 1


def test_legend_and_notes() -> None:
    _, tokens = _toy_page()
    legend = legend_html(status_counts(tokens, "en"), "en")
    assert "record: <strong>1</strong>" in legend
    assert "unaccounted for: <strong>1</strong>" in legend
    assert f"{len(tokens)} numeric tokens" in legend
    zh = legend_html(status_counts(tokens, "zh"), "zh")
    assert "数据记录：<strong>1</strong>" in zh and f"全文共有{len(tokens)}个数字" in zh
    notes = notes_html(flagged_findings(_toy_tables()[2]), "en")
    parsed = _Page(notes)
    assert [a["id"] for _, a in parsed.elements if a.get("id")] == ["ka-note-1"]
    assert [a["href"] for a in parsed.with_attr("href")] == ["#rec-jobs_a", "#rec-jobs_b"]
    assert "Both cannot hold." in notes


def test_bad_inputs_are_refused() -> None:
    page_tokens = _toy_page()[1]
    paras = article_paragraphs(TOY)
    overlapping = pd.concat([page_tokens, page_tokens.iloc[[1]]]).reset_index(drop=True)
    with pytest.raises(ParameterError, match="overlaps"):
        article_html(paras, overlapping, "en")
    with pytest.raises(ParameterError, match="role"):
        article_html(paras.drop(columns=["role"]), page_tokens, "en")
    with pytest.raises(ParameterError, match="lang"):
        article_html(paras, page_tokens, "de")
    with pytest.raises(ParameterError, match="n"):
        legend_html(pd.DataFrame({"status": ["record"]}), "en")
