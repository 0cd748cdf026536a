"""The batch index page (kaili_analysis.render.index): every report with its parameters,
links and status, its words in both languages, outside text shown as text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from kaili_analysis.render.csp import content_security_policy
from kaili_analysis.render.index import write_index
from kaili_analysis.render.report import JobResult
from kaili_analysis.show.words import catalogue

HOSTILE = "<img src=x onerror=alert(1)>"


class _Page(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _results(tmp_path: Path) -> list[JobResult]:
    good = JobResult("overview__lang-en", "overview", "Overview", {"lang": "en", "n": 2}, {},
                     html=tmp_path / "overview__lang-en.html",
                     pdf=tmp_path / "overview__lang-en.pdf")
    bad = JobResult(f"bad-{HOSTILE}", "livelihood_2022", f"T {HOSTILE}", {"p": HOSTILE}, {},
                    ok=False, error=f"boom {HOSTILE}",
                    failed_notebook=tmp_path / "_failed" / f"{HOSTILE}.ipynb")
    return [good, bad]


def test_the_index_lists_each_report_with_its_links_and_status(tmp_path: Path) -> None:
    path = write_index(tmp_path, _results(tmp_path))
    assert path == tmp_path / "index.html"
    page = _Page(path.read_text("utf-8"))
    links = [a["href"] for t, a in page.elements if t == "a"]
    assert links[:2] == ["overview__lang-en.html", "overview__lang-en.pdf"]
    assert links[2] == "_failed/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.ipynb"
    rows = [a for t, a in page.elements if t == "tr" and "id" in a]
    assert [(r["id"], r["class"]) for r in rows] == [("overview__lang-en", "ok"),
                                                     (f"bad-{HOSTILE}", "failed")]
    text = "".join(page.text)
    assert "lang=en" in text and "n=2" in text
    metas = [a for t, a in page.elements if t == "meta" and "http-equiv" in a]
    assert metas[0]["content"] == content_security_policy()


def test_the_words_stand_in_both_languages(tmp_path: Path) -> None:
    text = "".join(_Page(write_index(tmp_path, _results(tmp_path)).read_text("utf-8")).text)
    for lang in ("zh", "en"):
        for key in ("title", "head_report", "head_parameters", "head_status", "ok", "failed"):
            assert catalogue.text(f"index.{key}", lang) in text
        assert catalogue.text("index.summary", lang, n=2, n_failed=1) in text
    assert "2份报告，其中1份失败 / 2 reports, 1 of them failed" in text
    one = write_index(tmp_path, _results(tmp_path)[:1]).read_text("utf-8")
    assert ">1份报告 / 1 report</p>" in one  # one report, no failure: the plain count


def test_a_hostile_value_reaches_the_index_as_text(tmp_path: Path) -> None:
    page = write_index(tmp_path, _results(tmp_path)).read_text("utf-8")
    parsed = _Page(page)
    assert "img" not in {tag for tag, _ in parsed.elements}
    assert "<script" not in page
    text = "".join(parsed.text)
    for shown in (f"T {HOSTILE}", f"p={HOSTILE}", f"boom {HOSTILE}"):
        assert shown in text


def test_the_same_results_give_the_same_bytes_and_no_rewrite(tmp_path: Path) -> None:
    path = write_index(tmp_path, _results(tmp_path))
    first, stamp = path.read_bytes(), path.stat().st_mtime_ns
    assert write_index(tmp_path, _results(tmp_path)).read_bytes() == first
    assert path.stat().st_mtime_ns == stamp  # up to date: not written again
