"""Report prose: every key in both languages, values filled from data, clear errors."""

from __future__ import annotations

import pytest

from kaili_analysis.errors import ParameterError
from kaili_analysis.show.pages import page as narrative
from kaili_analysis.show.words import catalogue


def test_page_shows_html_tables_escaped(monkeypatch) -> None:
    import pandas as pd

    shown = []
    page = narrative.Page("en", theme=False)
    monkeypatch.setattr(page, "_show", shown.append)
    page.table(pd.DataFrame({"a": ["<script>"]}))
    page.h2("audit.summary")
    assert "&lt;script&gt;" in shown[0].data and "<script>" not in shown[0].data
    assert shown[1].data == "## Summary"
    page.h2("same figure stated twice")
    assert shown[2].data == "## Same figure stated twice"
    with pytest.raises(ParameterError, match="figure expects a matplotlib Figure"):
        page.figure("not a figure")


def test_page_plot_shows_a_chart_by_function_or_name(monkeypatch, cjk_font) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    shown = []
    page = narrative.Page("en")
    monkeypatch.setattr(page, "_show", shown.append)
    rows = pd.DataFrame({"indicator_zh": ["耕地"], "indicator_en": ["Farmland"],
                         "value": [1.5], "unit": ["万亩"]})
    page.plot("indicator_bars", rows)
    from kaili_analysis.show import charts as plots

    page.plot(plots.indicator_bars, rows, title="Area")
    assert [type(s).__name__ for s in shown] == ["SvgChart", "SvgChart"]
    assert shown[0].data.startswith(b"<?xml") and shown[0].data != shown[1].data
    # vector, with its words as text
    assert b"<image" not in shown[1].data and b">Farmland</text>" in shown[1].data
    # the chart's title travels with the image as its text alternative (alt in the HTML)
    assert shown[1].alt == "Area (Farmland)"
    bundle, meta = shown[1]._repr_mimebundle_()
    assert bundle["image/svg+xml"] == shown[1].data.decode()
    assert meta == {"image/svg+xml": {"alt": "Area (Farmland)"}}
    with pytest.raises(ParameterError, match="unknown chart function 'pie'; choose one of"):
        page.plot("pie", rows)
    with pytest.raises(ParameterError, match="plot expects a chart function or its name"):
        page.plot(42, rows)
    with pytest.raises(ParameterError, match="data is missing column"):
        page.plot("indicator_bars", rows.drop(columns="unit"))


def test_page_writes_the_authors_own_words_escaped(monkeypatch) -> None:
    shown = []
    page = narrative.Page("zh", theme=False)
    monkeypatch.setattr(page, "_show", shown.append)
    page.write("Growth <b>fast</b> & *steady*: 7 %\n\n第二段：凯里")
    assert shown[0].data == ("<p class='kaili-text'>Growth &lt;b&gt;fast&lt;/b&gt; &amp; "
                             "*steady*: 7 %</p><p class='kaili-text'>第二段：凯里</p>")
    page.write("  \n\n ")  # nothing to show
    assert len(shown) == 1
    with pytest.raises(ParameterError, match="write expects text"):
        page.write(3)
    with pytest.raises(ParameterError, match=r"unknown report text 'My words'.*page\.write"):
        page.say("My words")
@pytest.mark.parametrize("section", ["preamble", "captions"])
def test_page_section_says_its_count_once(monkeypatch, section: str) -> None:
    import kaili_analysis as ka

    ind = ka.load_indicators()
    row = ka.load_sections().set_index("id", drop=False).loc[section]
    monkeypatch.setattr(narrative.Page, "chart", lambda self, chart: None)
    for count in (True, False):
        shown = []
        page = narrative.Page("en", theme=False)
        monkeypatch.setattr(page, "_show", shown.append)
        page.section(ind, row, count=count)
        said = [getattr(s, "data", "") for s in shown]
        n = int((ind["section"] == section).sum())
        sentence = catalogue.text("overview.section" if n else "no_records", "en", n=n)
        assert (sentence in said) is count
