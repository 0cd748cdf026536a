"""Links between reports: anchors and relative links, in both languages."""

from __future__ import annotations

import pytest

from kaili_analysis.errors import ParameterError
from kaili_analysis.show.links import (
    article_href,
    overview_anchor,
    overview_href,
    record_anchor,
)


def test_links_name_the_report_of_the_same_language() -> None:
    assert article_href("gdp_2020", "zh") == "article.html#rec-gdp_2020"
    assert article_href("gdp_2020", "en") == "article__lang-en.html#rec-gdp_2020"
    assert overview_href("gdp_2020", "zh") == "overview.html#ov-gdp_2020"
    assert overview_href("gdp_2020", "en") == "overview__lang-en.html#ov-gdp_2020"
    assert record_anchor("a.b-c") == "rec-a.b-c" and overview_anchor("x") == "ov-x"


@pytest.mark.parametrize("bad", ["", "a b", 'x"><script>', "é", "#x", None, 5])
def test_an_id_that_would_need_escaping_is_refused(bad) -> None:
    with pytest.raises(ParameterError, match="record id"):
        article_href(bad, "zh")
    with pytest.raises(ParameterError, match="record id"):
        overview_anchor(bad)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ParameterError, match="lang"):
        article_href("gdp", "fr")
