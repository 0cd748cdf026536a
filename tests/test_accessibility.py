"""Every rendered report, in both languages and with other parameters, and the index page,
checked by axe-core in Chromium against WCAG 2.0 A and AA and WCAG 2.1 AA: no serious or
critical violation.

axe-core is npm's package, installed by ``.ci/system-deps.sh`` (see the ``axe_js`` fixture);
the report set is the one the notebook tests render (the ``rendered`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: The rule sets axe runs: WCAG 2.0 A and AA, WCAG 2.1 AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
#: Violations of these impacts fail a page.
BLOCKING = {"serious", "critical"}


def _violations(page, path: Path, axe_js: Path) -> list[dict]:
    page.goto(path.as_uri(), wait_until="load", timeout=30000)
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))})))", WCAG_TAGS)


def _describe(name: str, found: dict) -> str:
    nodes = found["nodes"]
    more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
    return (f"{name}: {found['impact']} {found['id']} ({found['help']}) at "
            f"{'; '.join(nodes[:3])}{more}")


def test_every_report_and_the_index_have_no_serious_or_critical_violation(
        rendered: dict[str, Path], chromium_path: str, axe_js: Path) -> None:
    from playwright.sync_api import sync_playwright

    pages = sorted(rendered.values())
    pages.append(pages[0].parent / "index.html")
    assert all(path.is_file() for path in pages)
    assert {"overview", "overview__lang-en", "article", "article__lang-en"} <= set(rendered)
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        try:
            # the pages allow no script but their own: the checker is let in past the policy
            page = browser.new_context(bypass_csp=True).new_page()
            for path in pages:
                found = _violations(page, path, axe_js)
                problems += [_describe(path.name, v) for v in found if v["impact"] in BLOCKING]
        finally:
            browser.close()
    assert problems == [], "\n".join(problems)


def test_axe_finds_what_it_should_in_a_page_made_to_fail(tmp_path: Path, chromium_path: str,
                                                          axe_js: Path) -> None:
    """The check itself works: a page with an unnamed image, an unnamed link and no
    language fails with those rules."""
    from playwright.sync_api import sync_playwright

    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><title>x</title></head><body>"
                   "<img src='data:,'><a href='#x'></a></body></html>", encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        try:
            found = _violations(browser.new_page(), bad, axe_js)
        finally:
            browser.close()
    assert {"image-alt", "link-name", "html-has-lang"} <= {v["id"] for v in found}
    assert any(v["impact"] in BLOCKING for v in found)
