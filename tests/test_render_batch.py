"""Batches through the Python API: TOML plan, worker processes, kernel isolation, index page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaili_analysis.render import plan_batch, run_batch

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
pytestmark = pytest.mark.slow

CONFIG = """\
[[report]]
notebook = "isolation_a"

[[report]]
notebook = "isolation_b"

[[report]]
notebook = "hello"
parameters = { lang = "en" }
matrix = { n = [1, 2] }

[[report]]
notebook = "fails"
"""


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    """Five reports, ONE worker (so B runs right after A in the same process), HTML only."""
    root = tmp_path_factory.mktemp("batch")
    (root / "batch.toml").write_text(CONFIG, "utf-8")
    jobs = plan_batch(root / "batch.toml", FIXTURES)
    out = root / "out"
    return run_batch(jobs, n_jobs=1, formats="html", output_dir=out, progress=False), out


def test_plan_order_and_slugs(one_worker):
    batch, _ = one_worker
    assert [r.slug for r in batch.results] == [
        "isolation_a", "isolation_b", "hello__lang-en__n-1", "hello__lang-en__n-2", "fails"]


def test_reports_do_not_leak_into_the_next_one(one_worker):
    batch, _ = one_worker
    a, b = batch.results[:2]
    assert a.worker == b.worker  # same worker process, one after the other
    assert a.ok
    assert b.ok, b.error  # B asserts that A's global and rcParams are absent
    assert "B isolated" in b.html.read_text("utf-8")


def test_a_failure_does_not_stop_the_batch(one_worker):
    batch, out = one_worker
    assert [r.ok for r in batch.results] == [True, True, True, True, False]
    failed = batch.failed[0]
    assert "failed in cell 3: ValueError" in failed.error
    assert failed.failed_notebook == out / "_failed" / "fails.ipynb"
    assert failed.failed_notebook.exists() and not (out / "fails.html").exists()
    assert sorted(p.name for p in out.iterdir()) == [
        ".kaili", "_failed", "hello__lang-en__n-1.html", "hello__lang-en__n-2.html", "index.html",
        "isolation_a.html", "isolation_b.html"]  # no temporary files left


def test_index_lists_every_report_with_links_and_failures(one_worker):
    batch, out = one_worker
    index = batch.index.read_text("utf-8")
    assert batch.index == out / "index.html"
    assert "5份报告，其中1份失败 / 5 reports, 1 of them failed" in index
    for res in batch.results:
        assert f'id="{res.slug}"' in index
    links = re.findall(r'href="([^"]+)"', index)
    for res in batch.results[:4]:
        assert f"{res.slug}.html" in links
        assert (out / f"{res.slug}.html").exists()
    assert "_failed/fails.ipynb" in links
    assert "<code>n=1</code>" in index and "<code>lang=en</code>" in index
    row = re.search(r'<tr class="failed" id="fails">.*?</tr>', index, re.S).group(0)
    assert "ValueError: boom" in row and "失败 failed" in row
    assert "<script" not in index and "http:" not in index and "https:" not in index


@pytest.mark.browser
@pytest.mark.pdf
def test_two_workers_one_browser_html_and_pdf(tmp_path, chromium_path, pdftotext):
    import subprocess

    jobs = [j for j in plan_batch(None, FIXTURES) if j.spec.name == "hello"]
    batch = run_batch(jobs, n_jobs=2, formats="pdf", output_dir=tmp_path, progress=False)
    assert [r.ok for r in batch.results] == [True, True]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".kaili", "hello.pdf", "hello__lang-en.pdf", "index.html"]  # PDF only: no HTML kept
    assert sorted(p.name for p in (tmp_path / ".kaili").iterdir()) == [
        "hello.pdf.json", "hello__lang-en.pdf.json"]
    for res in batch.results:
        assert res.html is None
        text = subprocess.run([pdftotext, str(res.pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "凯里市中文文本" in text
    index = batch.index.read_text("utf-8")
    assert 'href="hello__lang-en.pdf"' in index
