"""The Content-Security-Policy (kaili_analysis.render.csp) on reports and the index: in a real
Chromium, an injected script, event handler, remote image or style neither runs nor loads,
while the package's own script (allowed by its hash) runs, and the pages the package writes
raise no policy error."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from kaili_analysis.render.csp import content_security_policy, csp_meta
from kaili_analysis.render.report import JobResult

INJECTED = """
<script>document.title = "injected"; alert(1)</script>
<img src=x onerror="document.title = 'handler'; alert(2)">
<img src="https://evil.example/x.png">
<link rel="stylesheet" href="https://evil.example/x.css">
<iframe src="https://evil.example/frame"></iframe>
<a href="javascript:alert(3)" id="js-link">x</a>
<form action="https://evil.example/post"></form>
"""


def test_the_policy_forbids_network_and_foreign_scripts() -> None:
    policy = content_security_policy(["sha256-AAAA", "sha256-BBBB"])
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["script-src"] == "'sha256-AAAA' 'sha256-BBBB'"
    assert rules["img-src"] == "data:"
    assert "unsafe-inline" not in rules["script-src"] and "unsafe-eval" not in policy
    assert content_security_policy([]).count("script-src 'none'") == 1
    assert csp_meta([]).startswith('<meta http-equiv="Content-Security-Policy" content="')


def _browse(chromium_path: str, pages: list[Path]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    seen = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        try:
            for path in pages:
                page = browser.new_page()
                log: dict = {"console": [], "requests": [], "dialogs": [], "blocked": []}
                page.on("console", lambda m, log=log: log["console"].append(m.text))
                page.on("pageerror", lambda e, log=log: log["console"].append(str(e)))
                page.on("request", lambda r, log=log: log["requests"].append(r.url))
                page.on("requestfailed", lambda r, log=log: log["blocked"].append(r.url)
                        if (r.failure or "").lower() in {"csp", "net::err_blocked_by_csp"}
                        else None)
                page.on("dialog", lambda d, log=log: (log["dialogs"].append(d.message),
                                                      d.dismiss()))
                page.goto(path.as_uri(), wait_until="load", timeout=20000)
                page.wait_for_timeout(200)
                log["title"] = page.title()
                # what left the page: requests the policy did not stop before the network
                log["remote"] = [u for u in log["requests"] if u not in log["blocked"]
                                 and not u.startswith(("file:", "data:"))]
                seen.append(log)
                page.close()
        finally:
            browser.close()
    return seen


@pytest.mark.browser
def test_chromium_runs_only_the_hashed_script(tmp_path: Path, chromium_path: str) -> None:
    own = 'document.title = "own script ran";'
    digest = "sha256-" + base64.b64encode(hashlib.sha256(own.encode()).digest()).decode()
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html><head>{csp_meta([digest])}<title>t</title></head>"
                    f"<body><script>{own}</script>{INJECTED}</body></html>", encoding="utf-8")
    (log,) = _browse(chromium_path, [page])
    assert log["title"] == "own script ran"
    assert log["dialogs"] == [] and log["remote"] == []
    assert "https://evil.example/x.png" in log["blocked"]  # refused by the policy
    assert any("Content Security Policy" in m for m in log["console"])


@pytest.mark.browser
def test_report_and_index_pages_work_under_the_policy(tmp_path: Path,
                                                      chromium_path: str) -> None:
    """A report page exported by the package (with outside text in its title block, its
    sentences and a table) and an index whose entries carry hostile names and errors: no
    policy error, no request, nothing runs, and the hostile text is shown as text."""
    import nbformat
    from IPython.display import HTML, Markdown

    from kaili_analysis.render.export import HtmlExport
    from kaili_analysis.render.index import write_index
    from kaili_analysis.show.pages.page import Page

    hostile = "<img src=https://evil.example/x.png onerror=alert(1)>"
    page = Page("en", theme=False)
    shown: list = []
    page._show = shown.append  # what the notebook would display
    page.say("livelihood.progress_note", path=f"{hostile}.csv", n=1, as_of=hostile)
    page.heading(hostile)
    page.note(hostile)
    import pandas as pd

    page.table(pd.DataFrame({"note": [hostile]}))
    outputs = []
    for obj in shown:
        kind = "text/markdown" if isinstance(obj, Markdown) else "text/html"
        assert isinstance(obj, Markdown | HTML)
        outputs.append(nbformat.v4.new_output("display_data", data={kind: obj.data}))
    cell = nbformat.v4.new_code_cell("x", id="c1")
    cell.outputs = outputs
    nb = nbformat.v4.new_notebook(cells=[cell])
    html_page = HtmlExport()(nb, title=f"Title {hostile}", lang="en",
                             parameters={"progress_csv": f"/tmp/{hostile}.csv"},
                             data_version="v1")
    report = tmp_path / "report.html"
    report.write_text(html_page, encoding="utf-8")
    assert "<img src=https" not in html_page
    assert re.search(r"<script\b(?![^>]*application/json)", html_page) is None
    bad = JobResult(f"slug-{hostile}", "livelihood_2022", f"T {hostile}", {"p": hostile}, {},
                    ok=False, error=f"boom {hostile}",
                    failed_notebook=tmp_path / "_failed" / f"{hostile}.ipynb")
    good = JobResult("good", "overview", "Overview", {"lang": "en"}, {}, html=report)
    index = write_index(tmp_path, [good, bad])
    logs = _browse(chromium_path, [report, index])
    for log in logs:
        assert log["console"] == [] and log["dialogs"] == [] and log["remote"] == []
    assert logs[0]["title"].startswith("Title <img")
