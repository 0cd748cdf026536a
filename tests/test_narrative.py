"""Report prose: every key in both languages, values filled from data, clear errors."""

from __future__ import annotations

import re
import string

import pytest

from kaili_analysis import narrative
from kaili_analysis.errors import ParameterError


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_text_has_both_languages_with_the_same_fields() -> None:
    for key, (zh, en) in narrative.TEXT.items():
        assert zh and en, key
        assert _fields(zh) == _fields(en), key
        assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: zh text has no Chinese"


def test_no_number_is_typed_into_prose() -> None:
    # figures come from the data; only the plan periods (years, "13th" Plan) may be written
    for key, pair in narrative.TEXT.items():
        for words in pair:
            for number in re.findall(r"\d+(?:\.\d+)?", words):
                allowed = {"13", "2016", "2020", "2021", "2025", "2022", "100"}
                assert number in allowed, (key, number)


def test_text_fills_values() -> None:
    assert "12" in narrative.text("overview.section", "en", n=12)
    with pytest.raises(ParameterError, match="needs the value 'n'"):
        narrative.text("overview.section", "zh")
    with pytest.raises(ParameterError, match="unknown report text 'nope'"):
        narrative.text("nope", "zh")
    with pytest.raises(ParameterError, match="lang must be one of"):
        narrative.text("overview.section", "fr", n=1)


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
    from kaili_analysis import plots

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
