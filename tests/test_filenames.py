"""Output names: the rule the renderer names files by is the one links are built from."""

from __future__ import annotations

import pytest

from kaili_analysis import config, render
from kaili_analysis.show.filenames import report_filename, slugify


@pytest.mark.parametrize("name", ["article", "overview", "claims_audit"])
@pytest.mark.parametrize("lang", list(config.LANGS))
def test_report_filename_is_the_file_the_renderer_writes(name: str, lang: str) -> None:
    job = render.plan_job(render.find_report(name), {"lang": lang})
    assert report_filename(name, lang) == f"{job.slug}.html"
    assert report_filename(name, lang, ".pdf") == f"{job.slug}.pdf"


def test_only_another_language_enters_the_name() -> None:
    assert report_filename("article", config.DEFAULT_LANG) == "article.html"
    assert report_filename("article", "en") == "article__lang-en.html"


def test_the_renderer_uses_this_rule() -> None:
    assert render.params.slugify is slugify
    assert slugify("hello", {"n": 5, "lang": "en"}) == "hello__lang-en__n-5"
