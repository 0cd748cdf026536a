"""The page helper (show/pages/page.py) and the report prose it shows: every key in both
languages, values filled from data, headings from a key or from literal text, clear errors."""

from __future__ import annotations

import pytest

from kaili_analysis.errors import ParameterError
from kaili_analysis.show.escape import escape_markdown
from kaili_analysis.show.pages import page as narrative
from kaili_analysis.show.words import catalogue


def test_page_shows_html_tables_escaped(monkeypatch) -> None:
    import pandas as pd

    shown = []
    page = narrative.Page("en", theme=False)
    monkeypatch.setattr(page, "_show", shown.append)
    page.table(pd.DataFrame({"a": ["<script>"], "b": [None]}))
    assert "&lt;script&gt;" in shown[0].data and "<script>" not in shown[0].data
    # every table from the one template: column heads, an em dash for a missing value
    assert '<th scope="col">a</th><th scope="col">b</th>' in shown[0].data
    assert "<td>—</td>" in shown[0].data
    with pytest.raises(ParameterError, match="figure expects a matplotlib Figure"):
        page.figure("not a figure")


def test_h2_takes_a_catalogue_key_and_heading_takes_text(monkeypatch) -> None:
    shown = []
    page = narrative.Page("en", theme=False)
    monkeypatch.setattr(page, "_show", shown.append)
    page.h2("targets.paths", base_year=2020, horizon=2030)
    page.h3("tracking.title")
    page.heading("same figure stated twice")
    page.heading("growth *fast* <b>", level=3)
    page.heading("tracking.title")  # text that looks like a key is still text
    assert [s.data for s in shown] == [
        "## " + catalogue.text("targets.paths", "en", base_year=2020, horizon=2030),
        "### " + catalogue.text("tracking.title", "en"),
        "## Same figure stated twice",
        "### " + escape_markdown("Growth *fast* <b>"),
        "## Tracking.title",
    ]
    with pytest.raises(ParameterError, match=r"h2: unknown report text 'Same figure stated "
                                             r"twice'; h2 takes a key.*page\.heading"):
        page.h2("Same figure stated twice")
    with pytest.raises(ParameterError, match="h3: unknown report text None"):
        page.h3(None)
    with pytest.raises(ParameterError, match="needs the value 'horizon'"):
        page.h2("targets.paths", base_year=2020)
    with pytest.raises(ParameterError, match="level must be 1, 2 or 3, got 4"):
        page.heading("Deep", level=4)
    with pytest.raises(ParameterError, match="words must be text"):
        page.heading(2020)
    assert len(shown) == 5


def test_headings_keep_the_case_of_chinese_text(monkeypatch) -> None:
    shown = []
    page = narrative.Page("zh", theme=False)
    monkeypatch.setattr(page, "_show", shown.append)
    page.heading("industry 工业")
    assert shown[0].data == "## industry 工业"


def test_the_pages_package_gives_page_on_first_use_only() -> None:
    """``from kaili_analysis.show.pages import Page`` works, and the inline scripts that every
    rendered page reads do not load the page helper (nor pandas) with them."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import kaili_analysis.show.pages.scripts\n"
            "print('kaili_analysis.show.pages.page' in sys.modules, 'pandas' in sys.modules)\n"
            "from kaili_analysis.show.pages import Page\n"
            "import kaili_analysis.show.pages as pages\n"
            "print(Page.__module__, 'Page' in dir(pages))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == ["False", "False", "kaili_analysis.show.pages.page", "True"]


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
    assert shown[0].data == ('<p class="kaili-text">Growth &lt;b&gt;fast&lt;/b&gt; &amp; '
                             '*steady*: 7 %</p><p class="kaili-text">第二段：凯里</p>')
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

