"""Display tables with links: every quote cell leads to the article, overview rows are
anchors, everything else is escaped, and a filtered table keeps its links right."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.tables.display import audit_display, indicators_display
from kaili_analysis.show.tables.html import finding_evidence, has_links, link_cells, table_html


def test_link_cells_and_table_html() -> None:
    frame = pd.DataFrame({"Name": ["a<b>", "c"]}, index=[10, 11])
    link_cells(frame, "Quote", [[("r1", "甲")], [("r2", "乙&"), ("r3", "丙")]], "en")
    assert frame["Quote"].tolist() == ["「甲」", "「乙&」 「丙」"]
    frame.attrs["row_ids"] = {11: "ov-r2"}
    page = table_html(frame)
    assert "a&lt;b&gt;" in page and "<b>" not in page
    assert re.findall(r'href="([^"]+)"', page) == [
        "article__lang-en.html#rec-r1", "article__lang-en.html#rec-r2",
        "article__lang-en.html#rec-r3"]
    assert '<tr id="ov-r2">' in page and "「乙&amp;」" in page
    # a filtered table keeps each row's own links
    part = table_html(frame.loc[[11]])
    assert "rec-r2" in part and "rec-r1" not in part
    assert has_links(frame) and not has_links(pd.DataFrame({"x": [1]}))


def test_a_hostile_value_in_a_head_a_cell_or_a_quote_is_shown_as_text() -> None:
    hostile = '<script>alert("x")</script>'
    frame = pd.DataFrame({hostile: [hostile]})
    link_cells(frame, "Quote", [[("r1", hostile)]], "zh")
    page = table_html(frame)
    assert "<script" not in page
    assert page.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == 3


def test_link_cells_refuses_a_wrong_number_of_rows() -> None:
    with pytest.raises(ParameterError, match="one entry per row"):
        link_cells(pd.DataFrame({"x": [1, 2]}), "q", [[("a", "b")]], "zh")
    with pytest.raises(ParameterError, match="DataFrame"):
        table_html([1, 2])  # type: ignore[arg-type]


def test_every_record_table_links_its_quotes_and_anchors_its_rows() -> None:
    ind = ka.load_indicators()
    for lang, page in (("zh", "article.html"), ("en", "article__lang-en.html")):
        table = indicators_display(ind, lang)
        links = next(iter(table.attrs["links"].values()))
        assert [v[0][1] for v in links.values()] == [f"{page}#rec-{i}" for i in ind["id"]]
        assert list(table.attrs["row_ids"].values()) == [f"ov-{i}" for i in ind["id"]]
    assert not has_links(indicators_display(ind.drop(columns=["id"]), "zh"))


def test_audit_evidence_links_each_quote_to_a_record_of_the_finding() -> None:
    findings = ka.run_audit()
    ind = ka.load_indicators().set_index("id")
    table = audit_display(findings, "en")
    links = table.attrs["links"]["Evidence"]
    for (label, pairs), ids in zip(links.items(), findings["indicator_ids"], strict=True):
        cited = ids.split(";")
        targets = [href.split("#rec-")[1] for _, href in pairs]
        assert set(targets) <= set(cited)
        # every quote of the finding is shown, each once
        assert {t for t, _ in pairs} == {f"「{ind.loc[i, 'quote']}」" for i in cited}
        assert table.loc[label, "Evidence"] == " ".join(t for t, _ in pairs)
    # the table of only some findings keeps their links
    part = audit_display(findings.iloc[5:8], "zh", ind=ka.load_indicators())
    links = part.attrs["links"]["原文依据"]
    assert list(links) == list(part.index)
    for pairs, ids in zip(links.values(), findings["indicator_ids"].iloc[5:8], strict=True):
        assert {href.split("#rec-")[1] for _, href in pairs} <= set(ids.split(";"))


def test_finding_evidence_pairs_each_quote_with_its_first_record() -> None:
    ind = pd.DataFrame({"id": ["a", "b", "c"], "quote": ["甲", "甲", "乙"]})
    rows = [{"indicator_ids": "b;a;c"}, {"indicator_ids": "zzz;c"}]
    assert finding_evidence(rows, ind) == [[("b", "甲"), ("c", "乙")], [("c", "乙")]]
    with pytest.raises(ParameterError, match="quote"):
        finding_evidence(rows, ind.drop(columns=["quote"]))
