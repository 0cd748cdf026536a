"""The what-if panel in a real browser: the system Chromium driven by Playwright for Python.

A page is built from :func:`kaili_analysis.show.panel.whatif.panel_html` under a
Content-Security-Policy of the reports (:func:`kaili_analysis.render.csp.content_security_policy`:
scripts only by the hashes of the package's files, no network); rates are set through the
inputs as a user would (clicks and keys) and every result is compared with
:mod:`kaili_analysis.analysis.growth`. Each test also proves the page logged no error and made no
request. The rendered report itself (HTML and PDF) is tested at the end (slow), and so is the
notebook run in a real JupyterLab server of this environment (slow).
"""

from __future__ import annotations

import contextlib
import math
import random
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.analysis import growth
from kaili_analysis.render.csp import content_security_policy
from kaili_analysis.show.pages import views
from kaili_analysis.show.panel import whatif
from kaili_analysis.show.words import catalogue

pytestmark = pytest.mark.browser

LAB_EVAL = """(html) => {
  // what JupyterLab does with trusted text/html output (rendermime evalInnerHTMLScriptTags):
  // innerHTML into a detached host, each <script> replaced by a clone, then attached
  const host = document.createElement('div');
  host.innerHTML = html;
  for (const old of Array.from(host.getElementsByTagName('script'))) {
    const clone = document.createElement('script');
    for (const a of Array.from(old.attributes)) clone.setAttribute(a.name, a.value);
    clone.textContent = old.textContent;
    old.parentNode.replaceChild(clone, old);
  }
  document.getElementById('lab').appendChild(host);
}"""


@pytest.fixture(scope="module")
def table():
    return ka.targets_table()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _document(body: str, lang: str, csp: bool = True) -> str:
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{content_security_policy()}">' if csp else "")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{meta}'
            f"<title>whatif</title></head><body><main>{body}</main></body></html>")


@pytest.fixture(scope="module")
def pages(table, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("whatif")
    paths = {}
    for lang in ("zh", "en"):
        paths[lang] = out / f"panel-{lang}.html"
        paths[lang].write_text(_document(whatif.panel_html(table, lang), lang), "utf-8")
    return paths


class Watched:
    """A page with its console errors and non-local requests recorded."""

    def __init__(self, page):
        self.page, self.errors, self.requests = page, [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def check_quiet(self) -> None:
        assert self.errors == []
        assert [u for u in self.requests if not u.startswith("file:")] == []


@pytest.fixture
def open_page(browser):
    contexts, watched = [], []

    def _open(path: Path, fragment: str = "", *, width: int = 1200) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        w = Watched(context.new_page())
        watched.append(w)
        w.page.goto(path.resolve().as_uri() + fragment)
        w.page.wait_for_selector(".kaili-whatif[data-ready='true']")
        return w

    yield _open
    for w in watched:
        w.check_quiet()
    for context in contexts:
        context.close()


def _rows(table):
    return table[table["projection"] != ""].set_index("goal_id")


def _expected(row, pct: float) -> float:
    base = row["base_value"] if row["projection"] == "level" else 100.0
    return growth.project(base, pct / 100, int(row["years"])).iloc[-1]


def _type_rate(page, goal_id: str, text: str) -> None:
    box = page.locator(f'[data-goal="{goal_id}"]')
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _result(page, goal_id: str) -> dict:
    return page.locator(f'[data-goal-result="{goal_id}"]').evaluate(
        "e => ({value: e.dataset.value, gap: e.dataset.gap, met: e.dataset.met, "
        "text: e.textContent})")


def _same4(a: float, b: float) -> bool:
    """Agree to 4 significant figures."""
    return math.isclose(a, b, rel_tol=5e-5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typed_rates_give_the_librarys_numbers(pages, open_page, table, lang):
    w = open_page(pages[lang])
    data = whatif.whatif_data(table, lang)
    rows = _rows(table)
    rng = random.Random(15)
    for goal in data["goals"]:
        row = rows.loc[goal["id"]]
        start = _result(w.page, goal["id"])
        assert _same4(float(start["value"]), _expected(row, row["required_rate"] * 100))
        assert start["met"] == "true"
        for pct in [-50, 100, 0, round(rng.uniform(-50, 100), 2), round(rng.uniform(0, 20), 3)]:
            _type_rate(w.page, goal["id"], str(pct))
            got = _result(w.page, goal["id"])
            expected = _expected(row, pct)
            assert _same4(float(got["value"]), expected), (goal["id"], pct)
            assert _same4(float(got["gap"]), expected - goal["target"]) or abs(
                float(got["gap"])) < 1e-9 * goal["target"]
            assert got["met"] == str(whatif.whatif_outcome(goal, pct)["met"]).lower()
            verdict = "panel.met" if got["met"] == "true" else "panel.not_met"
            assert catalogue.text(verdict, lang) in got["text"]
            slider = w.page.locator(f'[data-goal-range="{goal["id"]}"]').input_value()
            assert float(slider) == pytest.approx(pct, abs=0.05)  # the slider's step is 0.1


def test_page_arithmetic_over_the_whole_range(pages, open_page, table):
    """Every goal at 301 rates from -50 % to +100 % (and random ones between): the page's
    numbers agree with growth.multiplier to 4 significant figures (events sent directly,
    as typing each would take minutes)."""
    import numpy as np

    w = open_page(pages["en"])
    rng = np.random.default_rng(15)
    rates = np.concatenate([np.linspace(-50, 100, 301), rng.uniform(-50, 100, 50)]).round(4)
    for goal_id, row in _rows(table).iterrows():
        got = w.page.evaluate(
            """([id, rates]) => {
                const box = document.querySelector(`[data-goal="${id}"]`);
                const out = document.querySelector(`[data-goal-result="${id}"]`);
                return rates.map(r => {
                    box.value = String(r);
                    box.dispatchEvent(new Event('input', {bubbles: true}));
                    return Number(out.dataset.value);
                });
            }""", [goal_id, rates.tolist()])
        base = row["base_value"] if row["projection"] == "level" else 100.0
        expected = base * growth.multiplier(rates / 100, int(row["years"]))
        np.testing.assert_allclose(got, expected, rtol=5e-5)
    # after hundreds of changes in a burst, the address holds the last state
    last = f"{rates[-1]:.4f}".rstrip("0").rstrip(".")
    w.page.wait_for_function("h => location.hash.endsWith(h)", arg=f"{goal_id}:{last}")


def test_keyboard_moves_the_slider_and_resets(pages, open_page, table):
    w = open_page(pages["en"])
    page = w.page
    first = whatif.whatif_data(table, "en")["goals"][0]
    # Tab from the top of the page reaches the first slider, then its number box
    page.evaluate("document.activeElement.blur()")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.goalRange") == first["id"]:
            break
    assert page.evaluate("document.activeElement.dataset.goalRange") == first["id"]
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    pct = round(first["plan_pct"] + 0.3, 4)
    number = page.locator(f'[data-goal="{first["id"]}"]')
    assert float(number.input_value()) == pytest.approx(pct)
    row = _rows(table).loc[first["id"]]
    assert _same4(float(_result(page, first["id"])["value"]), _expected(row, pct))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.goal") == first["id"]
    page.keyboard.press("Control+A")
    page.keyboard.type("-7.5")
    assert _same4(float(_result(page, first["id"])["value"]), _expected(row, -7.5))
    page.wait_for_function("h => location.hash === h", arg=f"#whatif={first['id']}:-7.5")
    # the reset button is reached with Tab and pressed with Enter
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.part") == "reset":
            break
    page.keyboard.press("Enter")
    assert float(number.input_value()) == first["plan_pct"]
    page.wait_for_function("() => location.hash === ''")
    assert "#" not in page.url
    slider = page.locator(f'[data-goal-range="{first["id"]}"]')
    assert slider.get_attribute("aria-valuetext") == f"{first['plan_pct']:g}% a year"
    status = page.locator('[data-part="status"]')
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function("t => document.querySelector('[data-part=\"status\"]')"
                           ".textContent === t", arg=catalogue.text("panel.reset_done", "en"))


def test_result_is_announced_in_the_pages_language(pages, open_page, table):
    w = open_page(pages["zh"])
    goal = whatif.whatif_data(table, "zh")["goals"][-1]
    _type_rate(w.page, goal["id"], "3")
    w.page.wait_for_function(
        "n => document.querySelector('[data-part=\"status\"]').textContent.startsWith(n)",
        arg=goal["name"])
    text = w.page.locator('[data-part="status"]').text_content()
    assert "年：" in text and catalogue.text("panel.not_met", "zh") in text


def test_rates_travel_in_the_fragment(pages, open_page, table):
    rows = _rows(table)
    goals = list(rows.index)
    fragment = f"#whatif={goals[0]}:8;nope:5;{goals[1]}:abc;{goals[-1]}:-12.25"
    w = open_page(pages["en"], fragment)
    assert w.page.locator(f'[data-goal="{goals[0]}"]').input_value() == "8"
    assert _same4(float(_result(w.page, goals[0])["value"]), _expected(rows.loc[goals[0]], 8))
    assert _same4(float(_result(w.page, goals[-1])["value"]),
                  _expected(rows.loc[goals[-1]], -12.25))
    plan = rows.loc[goals[1], "required_rate"] * 100  # "abc" is ignored: the plan stays
    assert _same4(float(_result(w.page, goals[1])["value"]), _expected(rows.loc[goals[1]], plan))
    # a link pasted into the same tab applies at once
    w.page.evaluate(f"location.hash = 'whatif={goals[1]}:1.5'")
    w.page.wait_for_function(
        f"document.querySelector('[data-goal=\"{goals[1]}\"]').value === '1.5'")
    assert _same4(float(_result(w.page, goals[1])["value"]), _expected(rows.loc[goals[1]], 1.5))
    assert _same4(float(_result(w.page, goals[0])["value"]),
                  _expected(rows.loc[goals[0]], rows.loc[goals[0], "required_rate"] * 100))
    # a heading link (table of contents) leaves the scenario alone
    w.page.evaluate("location.hash = 'kaili-whatif'")
    w.page.wait_for_timeout(100)
    assert w.page.locator(f'[data-goal="{goals[1]}"]').input_value() == "1.5"


def test_a_rate_outside_the_range_is_flagged_not_computed(pages, open_page, table):
    w = open_page(pages["en"])
    goal = whatif.whatif_data(table, "en")["goals"][0]
    for text in ("150", "-60", "-"):
        _type_rate(w.page, goal["id"], text)
        box = w.page.locator(f'[data-goal="{goal["id"]}"]')
        assert box.get_attribute("aria-invalid") == "true"
        got = _result(w.page, goal["id"])
        assert got["value"] is None
        assert "Enter a number from -50 to 100" in got["text"]
    _type_rate(w.page, goal["id"], "4")
    assert w.page.locator(f'[data-goal="{goal["id"]}"]').get_attribute("aria-invalid") == "false"
    assert _result(w.page, goal["id"])["value"] is not None


def test_chart_is_redrawn_as_svg(pages, open_page, table):
    w = open_page(pages["en"])
    goal = next(g for g in whatif.whatif_data(table, "en")["goals"]
                if g["history_pct"] is not None)
    chart = w.page.locator(f'[data-goal-chart="{goal["id"]}"]')
    assert chart.locator("polyline").count() == 3  # plan, 2016-2020, user
    before = chart.locator(".kaili-whatif__line--user").get_attribute("points")
    _type_rate(w.page, goal["id"], "25")
    after = chart.locator(".kaili-whatif__line--user").get_attribute("points")
    assert after != before and len(after.split()) == goal["years"] + 1
    assert "25" in chart.get_attribute("aria-label")


def test_page_under_the_csp_runs_only_the_hashed_script(table, tmp_path, open_page):
    """A script that is not the package's does not run; the panel does."""
    body = whatif.panel_html(table, "en") + "<script>window.intruder = 1;</script>"
    path = tmp_path / "csp.html"
    path.write_text(_document(body, "en"), "utf-8")
    w = open_page(path)
    assert w.page.evaluate("window.intruder") is None
    assert any("Content Security Policy" in e for e in w.errors)
    w.errors.clear()  # the refusal is the expected error; nothing else may have failed


def test_print_media_leaves_the_panel_out(pages, open_page):
    w = open_page(pages["en"])
    assert w.page.locator(".kaili-whatif").is_visible()
    w.page.emulate_media(media="print")
    assert not w.page.locator(".kaili-whatif").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_panel_fits_phone_and_desktop_widths(pages, open_page, width):
    w = open_page(pages["zh"], width=width)
    overflow = w.page.evaluate(
        "Array.from(document.querySelectorAll('.kaili-whatif, .kaili-whatif__goal'))"
        ".some(e => e.scrollWidth > e.clientWidth + 1)")
    assert overflow is False


def test_as_jupyterlab_shows_a_trusted_output(table, tmp_path, browser):
    """Inserted the way JupyterLab inserts trusted HTML (twice: two views of one output),
    each panel works on its own and the address of the Lab page is left alone."""
    path = tmp_path / "lab.html"
    path.write_text(_document('<div class="jp-LabShell"></div><div id="lab"></div>', "en",
                              csp=False), "utf-8")
    w = Watched(browser.new_page())
    try:
        w.page.goto(path.as_uri())
        panel = whatif.panel_html(table, "en")
        w.page.evaluate(LAB_EVAL, panel)
        w.page.evaluate(LAB_EVAL, panel)
        assert w.page.locator(".kaili-whatif[data-ready='true']").count() == 2
        goal = whatif.whatif_data(table, "en")["goals"][0]
        row = _rows(table).loc[goal["id"]]
        second = w.page.locator(f'[data-goal="{goal["id"]}"]').nth(1)
        second.click()
        w.page.keyboard.press("Control+A")
        w.page.keyboard.type("2")
        values = w.page.locator(f'[data-goal-result="{goal["id"]}"]').evaluate_all(
            "els => els.map(e => Number(e.dataset.value))")
        assert _same4(values[1], _expected(row, 2))
        assert _same4(values[0], _expected(row, goal["plan_pct"]))
        assert "#" not in w.page.url
        assert w.page.locator('[data-part="needs-script"]').first.is_hidden()
        w.check_quiet()
    finally:
        w.page.close()


def test_without_its_script_the_panel_says_so(table, tmp_path, browser):
    """An untrusted notebook in JupyterLab strips scripts: the controls stay disabled and a
    note says what to do."""
    body = re.sub(r"<script>.*?</script>", "", whatif.panel_html(table, "en"), flags=re.S)
    path = tmp_path / "untrusted.html"
    path.write_text(_document(body, "en"), "utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        assert page.locator('[data-part="needs-script"]').is_visible()
        assert page.locator("input[data-goal]").first.is_disabled()
    finally:
        page.close()


# --- the rendered report ------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory, chromium_path):
    """targets_2025 rendered in zh and en (HTML and PDF), and en once more (HTML)."""
    from kaili_analysis.render import render

    out = tmp_path_factory.mktemp("report")
    results = {lang: render("targets_2025", lang=lang, formats="html,pdf", output_dir=out / lang)
               for lang in ("zh", "en")}
    again = render("targets_2025", lang="en", formats="html", output_dir=out / "again")
    return {lang: Path(r.html) for lang, r in results.items()} | {"again": Path(again.html)}


def _with_csp(path: Path, out: Path) -> Path:
    text = path.read_text("utf-8")
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{content_security_policy()}">')
    if "Content-Security-Policy" not in text:
        text = text.replace("<head>", "<head>" + meta, 1)
    out.write_text(text, "utf-8")
    return out


@pytest.mark.slow
@pytest.mark.pdf
def test_report_carries_a_working_panel(report, open_page, table, tmp_path):
    rows = _rows(table)
    for lang in ("zh", "en"):
        page_text = report[lang].read_text("utf-8")
        panel = page_text[page_text.index('<section class="kaili-whatif"'):]
        panel = panel[:panel.index("</script>", panel.index("</section>")) + len("</script>")]
        assert len(panel.encode("utf-8")) <= 60_000
        assert page_text.count("data-goal-result=") == len(rows)
        w = open_page(_with_csp(report[lang], tmp_path / f"{lang}.html"))
        goal = rows.index[0]
        _type_rate(w.page, goal, "6.5")
        assert _same4(float(_result(w.page, goal)["value"]), _expected(rows.loc[goal], 6.5))
        assert w.page.locator(f'nav.kaili-toc a[href="#{"kaili-whatif"}"]').is_visible()


@pytest.mark.slow
def test_report_html_is_byte_identical_between_renders(report):
    assert report["en"].read_bytes() == report["again"].read_bytes()


@pytest.mark.slow
@pytest.mark.pdf
def test_pdf_shows_the_static_charts_not_the_panel(report, pdftotext, table):
    for lang in ("zh", "en"):
        text = subprocess.run([pdftotext, str(report[lang].with_suffix(".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        title = catalogue.text("panel.title", lang)
        assert title not in text and catalogue.text("panel.reset", lang) not in text
        assert catalogue.text("targets.paths", lang, base_year=2020, horizon=2025) in text
        # the static path charts are vector drawings whose words are text: one title each
        # (NFKC: Chromium extracts some ideographs of the CJK font as Kangxi radicals)
        titles = unicodedata.normalize("NFKC", text).count(
            "(goal year" if lang == "en" else "年路径(目标年")
        assert titles >= len(views.projection_goals(table, ka.projection_paths(table=table)))


# --- JupyterLab itself ----------------------------------------------------------------------

@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server of this environment on a free local port, with the report
    notebook (outputs stripped) in its root; its state lives under tmp_path."""
    import os
    import shutil
    import socket
    import sys
    import time
    import urllib.request

    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(config.NOTEBOOKS_DIR / "targets_2025.ipynb", root)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "kaili-whatif-test"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
         "--LabApp.news_url=", "--ServerApp.port_retries=0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start (exit {proc.poll()})")
                time.sleep(0.5)
        yield f"{base}/lab/tree/targets_2025.ipynb?token={token}&reset"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_in_jupyterlab_after_running_the_notebook(jupyterlab, browser, table):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    """Run all cells in a real JupyterLab: its trusted output runs the panel's script (Lab
    re-creates each <script> of trusted HTML); the panel computes and leaves Lab's address
    alone."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(jupyterlab)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        # the notebook's own kernel (registered by make setup) has started and is idle
        page.get_by_text(re.compile(r"\(kaili-analysis\) \| Idle")).wait_for(timeout=90_000)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        dialog = page.locator(".jp-Dialog")
        with contextlib.suppress(PlaywrightTimeout):  # Lab may still ask which kernel
            dialog.wait_for(timeout=3_000)
            dialog.locator("select").select_option(label="Python 3 (kaili-analysis)")
            dialog.get_by_role("button", name="Select").click()
        page.wait_for_selector(".kaili-whatif[data-ready='true']", state="attached",
                               timeout=180_000)
        goal = whatif.whatif_data(table, "zh")["goals"][0]
        box = page.locator(f'[data-goal="{goal["id"]}"]')
        box.scroll_into_view_if_needed()
        box.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("8")
        value = float(page.locator(f'[data-goal-result="{goal["id"]}"]').get_attribute(
            "data-value"))
        assert _same4(value, _expected(_rows(table).loc[goal["id"]], 8))
        assert "whatif=" not in page.url
        assert errors == []
    finally:
        page.close()
