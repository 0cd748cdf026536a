"""Batches through the Python API: TOML plan, worker processes, kernel isolation, index page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kaili_analysis.errors import ParameterError
from kaili_analysis.render import plan_batch, run_batch

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"

#: A plan with a matrix and a failing report: planned only (its order and output names).
PLANNED = """\
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

#: What the batch runs: B right after A in one worker, B with a parameter, and a failure.
RUN = """\
[[report]]
notebook = "isolation_a"

[[report]]
notebook = "isolation_b"
parameters = { lang = "en" }

[[report]]
notebook = "fails"
"""


def test_plan_order_and_slugs(tmp_path):
    (tmp_path / "batch.toml").write_text(PLANNED, "utf-8")
    jobs = plan_batch(tmp_path / "batch.toml", FIXTURES)
    assert [j.slug for j in jobs] == [
        "isolation_a", "isolation_b", "hello__lang-en__n-1", "hello__lang-en__n-2", "fails"]


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    """Three reports, ONE worker (so B runs right after A in the same process), HTML only."""
    root = tmp_path_factory.mktemp("batch")
    (root / "batch.toml").write_text(RUN, "utf-8")
    jobs = plan_batch(root / "batch.toml", FIXTURES)
    out = root / "out"
    return run_batch(jobs, n_jobs=1, formats="html", output_dir=out, progress=False), out


@pytest.mark.slow
def test_reports_do_not_leak_into_the_next_one(one_worker):
    batch, _ = one_worker
    a, b = batch.results[:2]
    assert a.worker == b.worker  # same worker process, one after the other
    assert a.ok
    assert b.ok, b.error  # B asserts that A's global and rcParams are absent
    assert "B isolated" in b.html.read_text("utf-8")


@pytest.mark.slow
def test_a_failure_does_not_stop_the_batch(one_worker):
    batch, out = one_worker
    assert [(r.slug, r.ok) for r in batch.results] == [
        ("isolation_a", True), ("isolation_b__lang-en", True), ("fails", False)]  # plan order
    failed = batch.failed[0]
    assert "failed in cell 3: ValueError" in failed.error
    assert failed.failed_notebook == out / "_failed" / "fails.ipynb"
    assert failed.failed_notebook.exists() and not (out / "fails.html").exists()
    assert sorted(p.name for p in out.iterdir()) == [
        ".kaili", "_failed", "index.html", "isolation_a.html",
        "isolation_b__lang-en.html"]  # no temporary files left


@pytest.mark.slow
def test_index_lists_every_report_with_links_and_failures(one_worker):
    batch, out = one_worker
    index = batch.index.read_text("utf-8")
    assert batch.index == out / "index.html"
    assert "3份报告，其中1份失败 / 3 reports, 1 of them failed" in index
    for res in batch.results:
        assert f'id="{res.slug}"' in index
    links = re.findall(r'href="([^"]+)"', index)
    for res in batch.results[:2]:
        assert f"{res.slug}.html" in links
        assert (out / f"{res.slug}.html").exists()
    assert "_failed/fails.ipynb" in links
    assert "<code>lang=en</code>" in index  # the parameters that differ from the defaults
    row = re.search(r'<tr class="failed" id="fails">.*?</tr>', index, re.S).group(0)
    assert "ValueError: boom" in row and "失败 failed" in row
    assert "<script" not in index and "http:" not in index and "https:" not in index


@pytest.mark.slow
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


def _notebooks(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / "hello.ipynb", folder / f"{name}.ipynb")
    return folder


def test_two_notebooks_of_one_name_in_two_folders_are_refused(tmp_path):
    _notebooks(tmp_path / "a", "hello")
    _notebooks(tmp_path / "b", "hello")
    (tmp_path / "batch.toml").write_text(
        '[[report]]\nnotebook = "a/hello.ipynb"\n\n[[report]]\nnotebook = "b/hello.ipynb"\n'
        '\n[[report]]\nnotebook = "a/hello.ipynb"\n', "utf-8")
    with pytest.raises(ParameterError, match=(
            r"two reports would write the same file hello.html: .*/a/hello.ipynb and "
            r".*/b/hello.ipynb; rename one")):
        plan_batch(tmp_path / "batch.toml", FIXTURES)
    # jobs planned one by one meet the same check before any output folder is made
    jobs = [*plan_batch(_toml(tmp_path, "a/hello.ipynb"), FIXTURES),
            *plan_batch(_toml(tmp_path, "b/hello.ipynb"), FIXTURES)]
    with pytest.raises(ParameterError, match=r"same file hello\.html"):
        run_batch(jobs, formats="html", output_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def _toml(folder: Path, notebook: str) -> Path:
    path = folder / f"{notebook.replace('/', '_')}.toml"
    path.write_text(f'[[report]]\nnotebook = "{notebook}"\n', "utf-8")
    return path


def test_the_same_notebook_twice_is_one_report(tmp_path):
    _notebooks(tmp_path / "a", "hello")
    (tmp_path / "batch.toml").write_text(
        '[[report]]\nnotebook = "a/hello.ipynb"\n\n[[report]]\nnotebook = "a/../a/hello.ipynb"'
        '\nmatrix = "default"\n', "utf-8")
    assert [j.slug for j in plan_batch(tmp_path / "batch.toml", FIXTURES)] == [
        "hello", "hello__lang-en"]


def test_a_notebook_named_index_is_refused(tmp_path):
    folder = _notebooks(tmp_path / "nb", "hello", "Index")
    with pytest.raises(ParameterError, match=r".*/nb/Index.ipynb would write Index.html, "
                                             r"the batch's index page; rename the notebook"):
        plan_batch(None, folder)


def test_a_notebook_named_like_another_reports_output_is_refused(tmp_path):
    folder = _notebooks(tmp_path / "nb", "hello", "hello__lang-en")
    with pytest.raises(ParameterError, match=(
            r"same file hello__lang-en.html: .*/nb/hello.ipynb with lang='en' and "
            r".*/nb/hello__lang-en.ipynb; rename one")):
        plan_batch(None, folder)
