"""The report notebooks, executed for real: every report in both languages with its defaults
plus non-default parameter sets, HTML and PDF. Expected figures come from the dataset and the
library, never typed in here."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from _notebook_words import blocks, language_cells, report_notebooks
from conftest import HOSTILE, HOSTILE_NAME

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.data.locators import paragraphs
from kaili_analysis.render import find_report, plan_job
from kaili_analysis.show.filenames import report_filename
from kaili_analysis.show.pages import views
from kaili_analysis.show.words.findings import explanation
from kaili_analysis.show.words.formats import fmt_rate, fmt_value

pytestmark = [pytest.mark.slow, pytest.mark.pdf]

REPORTS = ["overview", "targets_2025", "claims_audit", "section_profile", "livelihood_2022",
           "explore", "article"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _html(rendered: dict[str, Path], slug: str) -> str:
    return html.unescape(rendered[slug].read_text(encoding="utf-8"))


def _pdf_text(rendered: dict[str, Path], slug: str, pdftotext: str) -> str:
    pdf = rendered[slug].with_suffix(".pdf")
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _slug(name: str, lang: str) -> str:
    return name if lang == "zh" else f"{name}__lang-en"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", REPORTS)
def test_every_report_renders_in_both_languages(rendered, name: str, lang: str,
                                                pdftotext: str) -> None:
    page = _html(rendered, _slug(name, lang))
    spec = find_report(name)
    title = plan_job(spec, {"lang": lang}).title
    assert "{" not in title and title in page
    assert f'<html lang="{lang}"' in rendered[_slug(name, lang)].read_text("utf-8")
    assert "Traceback" not in page and "Glyph" not in page and "Warning" not in page
    text = _pdf_text(rendered, _slug(name, lang), pdftotext)
    squeezed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", title)[:8] in squeezed
    if lang == "zh":
        assert len(CJK.findall(text)) > 100
    else:
        assert len(re.findall(r"\b(the|of|and)\b", text)) > 3


_HEADINGS = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


@pytest.mark.parametrize("path", report_notebooks(), ids=lambda p: p.stem)
def test_a_report_shows_the_markdown_of_its_language_only(rendered, path: Path) -> None:
    """Every heading and paragraph of the lang-zh cells is on the Chinese page and none of
    the lang-en cells', and the other way round; headings keep their level."""
    cells = language_cells(path)
    for lang, other in (("zh", "en"), ("en", "zh")):
        page = rendered[_slug(path.stem, lang)].read_text(encoding="utf-8")
        headings = [(int(level), html.unescape(_TAG.sub("", _ANCHOR.sub("", inner))).strip())
                    for level, inner in _HEADINGS.findall(page)]
        text = html.unescape(_TAG.sub("", page))
        for language, shown in ((lang, True), (other, False)):
            for cell in cells[language]:
                for level, words in blocks(cell.source):
                    found = (level, words) in headings if level else words in text
                    assert found is shown, (path.stem, lang, cell.id, words)


def test_overview_shows_every_record_with_its_value_and_quote(rendered) -> None:
    for lang in ("zh", "en"):
        page = _html(rendered, _slug("overview", lang))
        for rec in ka.load_indicators().itertuples():
            assert fmt_value(rec.value, rec.unit, rec.qualifier, lang,
                             base=rec.unit_base) in page, rec.id
            assert f"「{rec.quote}」" in page, rec.id
            assert getattr(rec, f"indicator_{lang}") in page, rec.id
        # the glossary closes the report: every term with its one English rendering
        assert ("术语对照" if lang == "zh" else "Terms") in page
        for term in ka.load_glossary()["term_zh"]:
            assert term in page, term


def test_overview_with_chosen_sections(rendered) -> None:
    page = _html(rendered, "overview__lang-en__sections-outlook")
    outlook = ka.load_indicators().query("section == 'outlook'")
    for rec in outlook.itertuples():
        assert rec.indicator_en in page
    industry = ka.load_sections().set_index("id").loc["industry", "title_en"]
    assert industry not in page


def test_targets_report_shows_the_computed_rates(rendered) -> None:
    table = ka.targets_table()
    for lang in ("zh", "en"):
        page = _html(rendered, _slug("targets_2025", lang))
        for row in table.itertuples():
            assert explanation(row._asdict(), lang) in page, row.goal_id
            if row.required_rate == row.required_rate:  # not NaN
                # a rate goal's own rate as the article writes it (12%), a computed one
                # to two decimals (4.27%)
                shown = (fmt_rate(row.required_rate, None) if row.goal_type == "rate"
                         else fmt_rate(row.required_rate))
                assert shown in page, row.goal_id
        heading = "对照实际数据" if lang == "zh" else "Against actual figures"
        assert heading not in page  # without actual figures the report is as before
        # the sensitivity section and every other Markdown part: see the test below


def test_targets_report_with_a_horizon_a_scenario_and_actual_figures(rendered) -> None:
    slugs = [s for s in rendered if s.startswith("targets_2025__actuals_csv")]
    assert len(slugs) == 1
    page = _html(rendered, slugs[0])
    table = ka.targets_table(2020, scenario={"built_up_area_2025": 0.03})
    built = table.set_index("goal_id").loc["built_up_area_2025"]
    assert fmt_rate(built["required_rate"]) == "4.10%" and "4.10%" in page  # not over 10 years
    assert "3.00%" in page and "Paths 2020-2030" in page
    assert "The goals stay in 2025" in page and "2030 goal" not in page
    assert "Against actual figures" in page and "fixture figure A" in page
    assert "actuals.csv" in page


def test_the_targets_pdf_keeps_the_goal_year(rendered, pdftotext: str) -> None:
    slug = next(s for s in rendered if s.startswith("targets_2025__actuals_csv"))
    text = re.sub(r"\s+", " ", _pdf_text(rendered, slug, pdftotext))
    assert "The goals stay in 2025" in text and "2030 goal" not in text
    alts = re.findall(r'alt="([^"]*)"', rendered[slug].read_text("utf-8"))
    charts = [a for a in alts if "paths 2020-2030" in a]
    assert len(charts) >= 3 and all("goal year 2025" in a for a in charts)


def test_audit_report_lists_every_finding(rendered) -> None:
    from kaili_analysis.analysis.audit import audit_groups

    for tol, slug in ((0.5, "claims_audit"), (1.0, "claims_audit__tolerance_pp-1.0")):
        page = _html(rendered, slug)
        findings = ka.run_audit(tol)
        for row in findings.to_dict("records"):
            assert explanation(row, "zh") in page
        words = views.audit_intro(findings, "zh")
        assert (f"共得到{words['checks']}，按所涉及的数量归为{words['groups']}："
                f"{words['verdicts']}") in page
        # every question that is not plainly consistent has a heading of its own
        for group in audit_groups(findings).query("verdict != 'consistent'").itertuples():
            assert f">{group.group_zh}<" in page.replace("\n", "")
    en = _html(rendered, "claims_audit__lang-en")
    findings = ka.run_audit()
    for row in findings.to_dict("records"):
        assert explanation(row, "en") in en
    assert views.audit_intro(findings, "en")["goal_verdicts"] in en
    assert "6% (stated), 7.00% (from the levels, at current prices) and 14.08% (stated)" in en
    assert ka.run_audit(1.0)["verdict"].eq("inconsistent").sum() < ka.run_audit(0.5)[
        "verdict"].eq("inconsistent").sum()


def _anchors(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text("utf-8")))


def test_every_record_is_a_target_in_both_article_reports(rendered, pdftotext: str) -> None:
    from kaili_analysis.data.provenance import coverage

    ind, text = ka.load_indicators(), ka.load_article()
    total = len(coverage(ind, ka.load_exclusions(), text))
    first = paragraphs(text)["text"].iloc[1]
    for lang in ("zh", "en"):
        path = rendered[_slug("article", lang)]
        raw = path.read_text("utf-8")
        targets = re.findall(r'data-record="([^"]+)"', raw)
        assert sorted(set(targets)) == sorted(ind["id"])
        assert {f"rec-{i}" for i in ind["id"]} <= _anchors(path)
        page = html.unescape(raw)
        assert (f"全文共有{total}个数字" if lang == "zh"
                else f"The article holds {total} numeric tokens") in page
        assert first in re.sub(r"<[^>]+>", "", page)  # the article's words, in English too
        pdf = re.sub(r"\s+", "", _pdf_text(rendered, _slug("article", lang), pdftotext))
        assert first[:20] in pdf


def _pdf_links(pdf: Path) -> list[str]:
    """The targets of the PDF's link annotations (Chromium writes them uncompressed)."""
    return [u.decode() for u in re.findall(rb"/URI \(([^)]*)\)", pdf.read_bytes())]


@pytest.mark.parametrize("slug", ["overview", "overview__lang-en", "claims_audit",
                                  "claims_audit__lang-en", "section_profile__section-poverty",
                                  "article", "article__lang-en"])
def test_links_between_reports_resolve_in_html_and_pdf(rendered, slug: str) -> None:
    path = rendered[slug]
    out = path.parent
    hrefs = [html.unescape(h) for h in
             re.findall(r'href="([a-z0-9_.-]+\.html#[^"]+)"', path.read_text("utf-8"))]
    lang = "en" if "lang-en" in slug else "zh"
    want = "overview" if slug.startswith("article") else "article"
    assert hrefs and {h.split("#")[0] for h in hrefs} == {
        report_filename(want, lang)}
    targets = _anchors(out / hrefs[0].split("#")[0])
    assert not [h for h in hrefs if h.split("#")[1] not in targets]
    if slug.startswith("overview"):
        assert len(set(hrefs)) == len(ka.load_indicators())
    pdf_links = {u.rsplit("/", 1)[-1] for u in _pdf_links(path.with_suffix(".pdf"))
                 if u.startswith("file:")}
    assert set(hrefs) <= pdf_links  # every link of the page is a link of its PDF


def test_section_profile_of_another_section(rendered) -> None:
    page = _html(rendered, "section_profile__section-poverty")
    for rec in ka.load_indicators().query("section == 'poverty'").itertuples():
        assert f"「{rec.quote}」" in page


def test_livelihood_report_with_progress(rendered, progress_csv: Path) -> None:
    slugs = [s for s in rendered if s.startswith("livelihood_2022__lang-en__progress")]
    assert len(slugs) == 1
    page = _html(rendered, slugs[0])
    heading = re.compile(r"<h2[^>]*>Progress")
    assert heading.search(page) and "100%" in page and "50%" in page
    raw = rendered[slugs[0]].read_text("utf-8")
    assert HOSTILE not in raw and HOSTILE_NAME not in raw  # shown, never markup
    assert f"user's file {HOSTILE_NAME}.csv" in page and f"(2022-12-31, {HOSTILE})" in page
    plain = _html(rendered, "livelihood_2022__lang-en")
    assert not heading.search(plain)
    for rec in ka.load_projects().itertuples():
        assert rec.indicator_en in plain


@pytest.mark.browser
def test_every_page_works_under_its_content_security_policy(rendered,
                                                            chromium_path: str) -> None:
    """Each report and the index in Chromium: no policy violation or script error in the
    console, no request beyond the file itself, no dialog (the hostile progress file
    included)."""
    from playwright.sync_api import sync_playwright

    pages = sorted(rendered.values())
    pages.append(pages[0].parent / "index.html")
    problems = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            events: list[str] = []
            page.on("console", lambda m: events.append(f"console {m.type}: {m.text}"))
            page.on("pageerror", lambda e: events.append(f"error: {e}"))
            page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                    else events.append(f"request: {r.url}"))
            page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
            for path in pages:
                events.clear()
                page.goto(path.as_uri(), wait_until="load", timeout=30000)
                assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
                problems += [f"{path.name}: {e}" for e in events]
        finally:
            browser.close()
    assert problems == []


def test_explore_shows_its_code(rendered) -> None:
    page = re.sub(r"<[^>]+>", "", _html(rendered, "explore__lang-en"))
    assert "import kaili_analysis as ka" in page
    assert 'lang = "zh"' not in page  # the parameters cell stays hidden


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["section_profile", "-p", "section", "nowhere"], "section"),
        (["targets_2025", "-p", "base_year", "2020", "-p", "horizon", "2019"],
         "horizon must be"),
        (["targets_2025", "-p", "target_year", "2030"], "has no parameter 'target_year'"),
        (["targets_2025", "-p", "scenario_rates", '{"four_stronger": 0.05}'],
         "four_stronger is qualitative"),
        (["overview", "-p", "sections", "poverty,nowhere"], "nowhere"),
        (["claims_audit", "-p", "tolerance_pp", "-1"], "tolerance_pp"),
    ],
)
def test_invalid_parameters_stop_before_any_kernel(tmp_path: Path, args: list[str],
                                                   match: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "kaili_analysis", "render", *args,
                           "--format", "html", "--output-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=config.REPO_ROOT, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert match in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.html"))


def test_progress_csv_with_a_bad_column_stops(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,done\nx,1\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kaili_analysis", "render", "livelihood_2022",
                           "-p", "progress_csv", str(bad), "--format", "html",
                           "--output-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=config.REPO_ROOT, timeout=120)
    assert proc.returncode == 2
    assert "bad.csv, line 1, column 'actual': missing column" in proc.stderr


@pytest.mark.browser
def test_the_article_reads_without_script_and_leads_to_the_overview(rendered,
                                                                  chromium_path) -> None:
    from playwright.sync_api import sync_playwright

    rid = "agri_output_growth"
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(java_script_enabled=False)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(rendered["article__lang-en"].resolve().as_uri())
            mark = page.locator(f"#rec-{rid}")
            assert mark.is_visible()
            assert mark.evaluate("e => getComputedStyle(e).backgroundColor") not in (
                "rgba(0, 0, 0, 0)", "transparent")
            assert "average annual growth" in mark.get_attribute("title")
            mark.click()
            page.wait_for_url(f"**/overview__lang-en.html#ov-{rid}")
            assert page.locator(f"tr#ov-{rid}").is_visible()
        finally:
            browser.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
@pytest.mark.parametrize("slug", ["overview__lang-en", "section_profile", "targets_2025"])
def test_printed_charts_are_vector_text_and_the_first_page_is_not_left_half_empty(
        rendered, slug: str, pdftotext: str) -> None:
    pdf = rendered[slug].with_suffix(".pdf")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    if images.returncode == 0:  # poppler-utils: every chart is vector, no raster image
        assert len(images.stdout.strip().splitlines()) == 2, images.stdout
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]*)"',
                      rendered[slug].read_text("utf-8"))
    assert alts, "the charts are SVG images with a text alternative"
    first_page = subprocess.run([pdftotext, "-f", "1", "-l", "1", str(pdf), "-"],
                                capture_output=True, text=True, check=True).stdout
    pages = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    # the words of a chart are text in the PDF (NFKC: Chromium's font subset maps some
    # ideographs to their look-alike Kangxi radicals); the first chart shares the first
    # page with the title block when it comes right after the introduction
    def squeeze(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    first_chart_words = html.unescape(alts[0]).split(" (")[0].split(";")[0].strip()
    assert squeeze(first_chart_words) in squeeze(pages)
    if slug != "targets_2025":  # its first page is a table of goals, then the charts
        assert squeeze(first_chart_words) in squeeze(first_page)
