"""The one template loader (kaili_analysis.show.templates): values escaped, errors named."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from kaili_analysis.errors import KailiError, ParameterError
from kaili_analysis.show.templates import render_template


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
