"""The template loader: escaping on, missing names and values refused, same bytes twice."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from kaili_analysis.errors import KailiError, ParameterError
from kaili_analysis.show.templates import render_template, template_names

HOSTILE = '<script>alert("x")</script>'


def test_every_template_is_listed() -> None:
    assert "table.html.j2" in template_names()


def test_a_hostile_value_is_shown_as_text() -> None:
    html = render_template("table.html.j2", heads=[HOSTILE],
                           rows=[{"anchor": '"><script>', "cells": [
                               {"text": HOSTILE, "links": []},
                               {"text": "", "links": [(HOSTILE, 'javascript:"x"')]}]}])
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 4
    assert 'href="javascript:&#34;x&#34;"' in html


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"table\.html\.j2.*'nope\.j2'"):
        render_template("nope.j2")


def test_a_missing_value_is_refused_not_left_empty() -> None:
    with pytest.raises(KailiError, match=r"table\.html\.j2"):
        render_template("table.html.j2", heads=["a"])


def test_two_renders_give_the_same_bytes() -> None:
    context = {"heads": ["a", "b"], "rows": [{"anchor": "ov-x", "cells": [
        {"text": "1", "links": []}, {"text": "", "links": [("「q」", "article.html#rec-x")]}]}]}
    first = render_template("table.html.j2", **context)
    assert first == render_template("table.html.j2", **context)
    assert first == ('<table border="0" class="dataframe kaili-table"><thead><tr style="text-align:'
                     ' right;"><th scope="col">a</th><th scope="col">b</th></tr></thead><tbody>'
                     '<tr id="ov-x"><td>1</td>'
                     '<td><a class="kaili-quote" href="article.html#rec-x">「q」</a></td></tr>'
                     '</tbody></table>')


def test_a_value_is_text_and_only_markup_is_markup() -> None:
    assert render_template("script.html.j2", text="</script><b>") == \
        "<script>&lt;/script&gt;&lt;b&gt;</script>"
    assert render_template("script.html.j2", text=Markup("a && b < c")) == \
        "<script>a && b < c</script>"


def test_an_unknown_template_or_a_missing_value_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"name must be one of the templates .*"
                                              r"panel_whatif\.html\.j2.*got 'nope\.j2'"):
        render_template("nope.j2")
    with pytest.raises(KailiError, match=r"'csp_meta\.html\.j2' needs a value.*'policy'"):
        render_template("csp_meta.html.j2")
