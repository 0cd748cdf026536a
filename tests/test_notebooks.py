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

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.i18n import fmt_rate, fmt_value

pytestmark = [pytest.mark.slow, pytest.mark.pdf]

REPORTS = ["overview", "targets_2025", "claims_audit", "section_profile", "livelihood_2022",
           "explore"]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def progress_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    projects = ka.load_projects()
    path = tmp_path_factory.mktemp("progress") / "progress.csv"
    first, second = projects.iloc[0], projects.iloc[1]
    path.write_text(f"id,actual,as_of\n{first['id']},{first['value']},2022-12-31\n"
                    f"{second['id']},{second['value'] / 2},2022-12-31\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def actuals_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made-up actual figures (a fixture, not statistics)."""
    path = tmp_path_factory.mktemp("actuals") / "actuals.csv"
    path.write_text("id,year,value,unit,source\n"
                    "built_up_area_2025,2022,80,平方公里,fixture figure A\n"
                    "agri_output_end,2021,400000,万元,fixture figure B\n"
                    "gdp_growth,2021,8,%,fixture figure C\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, chromium_path: str, pdftotext: str,
             progress_csv: Path, actuals_csv: Path) -> dict[str, Path]:
    """Render the whole set once: defaults in zh and en, and non-default parameters."""
    from kaili_analysis.render import plan_batch, run_batch

    out = tmp_path_factory.mktemp("reports")
    toml = out.parent / "batch.toml"
    toml.write_text(
        '[[report]]\nnotebook = "*"\nmatrix = { lang = ["zh", "en"] }\n'
        '[[report]]\nnotebook = "targets_2025"\n'
        "parameters = { lang = \"en\", horizon = 2030, "
        f'scenario_rates = {{ built_up_area_2025 = 0.03 }}, actuals_csv = "{actuals_csv}" }}\n'
        '[[report]]\nnotebook = "claims_audit"\nparameters = { tolerance_pp = 1.0 }\n'
        '[[report]]\nnotebook = "section_profile"\nparameters = { section = "poverty" }\n'
        '[[report]]\nnotebook = "overview"\nparameters = { lang = "en", sections = "outlook" }\n'
        '[[report]]\nnotebook = "livelihood_2022"\n'
        f'parameters = {{ lang = "en", progress_csv = "{progress_csv}" }}\n',
        encoding="utf-8")
    jobs = plan_batch(toml)
    result = run_batch(jobs, n_jobs=2, formats="html,pdf", output_dir=out, progress=False,
                       timeout=600)
    assert not result.failed, [(r.slug, r.error) for r in result.failed]
    return {r.slug: Path(r.html) for r in result.results}


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
    spec = ka.render.find_report(name)
    title = ka.render.plan_job(spec, {"lang": lang}).title
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


def test_overview_shows_every_record_with_its_value_and_quote(rendered) -> None:
    for lang in ("zh", "en"):
        page = _html(rendered, _slug("overview", lang))
        for rec in ka.load_indicators().itertuples():
            assert fmt_value(rec.value, rec.unit, rec.qualifier, lang) in page, rec.id
            assert f"「{rec.quote}」" in page, rec.id
            assert getattr(rec, f"indicator_{lang}") in page, rec.id


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
            assert getattr(row, f"explanation_{lang}") in page, row.goal_id
            if row.required_rate == row.required_rate:  # not NaN
                assert fmt_rate(row.required_rate) in page
        heading = "对照实际数据" if lang == "zh" else "Against actual figures"
        assert heading not in page  # without actual figures the report is as before
        assert ka.narrative.text("sensitivity.title", lang) in page


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
    from kaili_analysis.audit import audit_groups

    for tol, slug in ((0.5, "claims_audit"), (1.0, "claims_audit__tolerance_pp-1.0")):
        page = _html(rendered, slug)
        findings = ka.run_audit(tol)
        for row in findings.itertuples():
            assert row.explanation_zh in page
        words = ka.views.audit_intro(findings, "zh")
        assert (f"共得到{words['checks']}，按所涉及的数量归为{words['groups']}："
                f"{words['verdicts']}") in page
        # every question that is not plainly consistent has a heading of its own
        for group in audit_groups(findings).query("verdict != 'consistent'").itertuples():
            assert f">{group.group_zh}<" in page.replace("\n", "")
    en = _html(rendered, "claims_audit__lang-en")
    findings = ka.run_audit()
    for row in findings.itertuples():
        assert row.explanation_en in en
    assert ka.views.audit_intro(findings, "en")["goal_verdicts"] in en
    assert "6% (stated), 7.00% (from the levels, at current prices) and 14.08% (stated)" in en
    assert ka.run_audit(1.0)["verdict"].eq("inconsistent").sum() < ka.run_audit(0.5)[
        "verdict"].eq("inconsistent").sum()


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
    plain = _html(rendered, "livelihood_2022__lang-en")
    assert not heading.search(plain)
    for rec in ka.load_projects().itertuples():
        assert rec.indicator_en in plain


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
