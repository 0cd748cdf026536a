"""Up-to-date outputs: the key of each output, its record, and every way it goes stale.

The unit tests check keys against small copies of the notebooks, data, package and
templates (nothing executes); the slow tests render for real and render again.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kaili_analysis import config
from kaili_analysis.render import plan_batch, run_batch
from kaili_analysis.render.notebooks import find_report
from kaili_analysis.render.report import plan_job
from kaili_analysis.render.uptodate import (
    RECORD_DIR,
    Inputs,
    browser_version,
    plan_outputs,
    record,
    stale_reason,
)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Copies of two report notebooks, the data, the package source and the templates,
    with the configuration pointed at them."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("hello", "isolation_a"):
        shutil.copy(FIXTURES / f"{name}.ipynb", notebooks)
    shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data")
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "module.py").write_text("X = 1\n", "utf-8")
    shutil.copytree(config.TEMPLATES_DIR, package / "templates")
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    monkeypatch.setattr(config, "TEMPLATES_DIR", package / "templates")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "data"))
    return tmp_path


def _browser(path: Path, version: str) -> str:
    path.write_text(f"#!/bin/sh\necho '{version}'\n", "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _plans(world: Path, given=None, *, formats=("html",), force=False, browser=None):
    """Plan hello (with ``given``) and isolation_a; fake outputs are written by _make."""
    jobs = [plan_job(find_report("hello", world / "notebooks"), given or {}),
            plan_job(find_report("isolation_a", world / "notebooks"), {})]
    return plan_outputs(jobs, formats, world / "out", inputs=Inputs(browser=browser),
                        force=force)


def _make(plans) -> None:
    """Write every stale output (a stand-in page) and record it, as a render does."""
    for plan in plans:
        for fmt in plan.reasons:
            plan.paths[fmt].parent.mkdir(parents=True, exist_ok=True)
            plan.paths[fmt].write_text(f"page of {plan.job.slug}", "utf-8")
            record(plan.paths[fmt], plan.parts[fmt])


def _stale(plans) -> dict[str, str]:
    return {plan.job.slug: "; ".join(plan.reasons.values()) for plan in plans if plan.reasons}


def test_a_new_output_is_stale_then_up_to_date(world: Path) -> None:
    first = _plans(world)
    assert _stale(first) == {"hello": "missing", "isolation_a": "missing"}
    _make(first)
    assert _stale(_plans(world)) == {}
    assert (world / "out" / RECORD_DIR / "hello.html.json").is_file()


def test_an_output_without_a_record_is_stale(world: Path) -> None:
    _make(_plans(world))
    (world / "out" / RECORD_DIR / "hello.html.json").unlink()
    assert _stale(_plans(world)) == {"hello": "no record of how it was made"}
    (world / "out" / RECORD_DIR / "hello.html.json").write_text("{not json", "utf-8")
    assert _stale(_plans(world)) == {"hello": "no record of how it was made"}


def test_a_changed_notebook_makes_only_its_own_outputs_stale(world: Path) -> None:
    _make(_plans(world))
    nb = world / "notebooks" / "hello.ipynb"
    nb.write_bytes(nb.read_bytes().replace(b"A small test report.", b"A changed report."))
    assert _stale(_plans(world)) == {"hello": "notebook changed"}


def test_changed_parameters_are_another_output_and_a_changed_value_is_stale(world: Path):
    _make(_plans(world, {"n": 5}))
    assert _stale(_plans(world, {"n": 5})) == {}
    assert _stale(_plans(world, {"n": 6})) == {"hello__n-6": "missing"}  # a file of its own
    # same file name, another value: the record of hello__n-5 does not match n=6
    plans = _plans(world, {"n": 6})
    hello = plans[0]
    assert stale_reason(world / "out" / "hello__n-5.html", hello.parts["html"]) == (
        "parameters or a parameter's file changed")


def test_a_file_named_by_a_parameter_is_part_of_the_key(world: Path) -> None:
    user = world / "progress.csv"
    user.write_text("id,actual\n1,5\n", "utf-8")
    job = plan_job(find_report("hello", world / "notebooks"), {"title": str(user)})
    plan = plan_outputs([job], ("html",), world / "out", inputs=Inputs())
    _make(plan)
    assert plan_outputs([job], ("html",), world / "out", inputs=Inputs())[0].up_to_date
    user.write_text("id,actual\n1,6\n", "utf-8")
    again = plan_outputs([job], ("html",), world / "out", inputs=Inputs())[0]
    assert again.reasons == {"html": "parameters or a parameter's file changed"}


def test_a_changed_data_file_makes_every_report_stale(world: Path) -> None:
    _make(_plans(world))
    table = world / "data" / "sections.csv"
    table.write_bytes(table.read_bytes() + b"\n")
    assert _stale(_plans(world)) == {"hello": "data changed", "isolation_a": "data changed"}


def test_a_file_beside_the_data_is_not_a_dependency(world: Path) -> None:
    _make(_plans(world))
    (world / "data" / "README.md").write_text("notes", "utf-8")
    assert _stale(_plans(world)) == {}


def test_changed_package_source_makes_every_report_stale(world: Path) -> None:
    _make(_plans(world))
    (config.PACKAGE_DIR / "module.py").write_text("X = 2\n", "utf-8")
    assert set(_stale(_plans(world)).values()) == {"package source changed"}
    (config.PACKAGE_DIR / "__pycache__").mkdir()
    (config.PACKAGE_DIR / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"x")
    assert _stale(_plans(world)) != {}  # still stale: the record holds the old source
    _make(_plans(world))
    (config.PACKAGE_DIR / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"y")
    assert _stale(_plans(world)) == {}  # bytecode is not source


def test_a_changed_template_makes_every_report_stale(world: Path) -> None:
    _make(_plans(world))
    css = config.TEMPLATES_DIR / "kaili" / "kaili.css"
    css.write_text(css.read_text("utf-8") + "\np { color: red; }\n", "utf-8")
    assert set(_stale(_plans(world)).values()) == {"templates changed"}


def test_another_installed_package_makes_every_report_stale(world: Path,
                                                           monkeypatch) -> None:
    site = world / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    _make(_plans(world))
    (site / "newlib-1.0.dist-info").mkdir()
    assert set(_stale(_plans(world)).values()) == {"installed packages changed"}


@pytest.mark.parametrize("edit", ["append", "same size", "truncate", "delete"])
def test_an_edited_output_is_made_again(world: Path, edit: str) -> None:
    _make(_plans(world))
    page = world / "out" / "hello.html"
    data = page.read_bytes()
    if edit == "append":
        page.write_bytes(data + b"<!-- mine -->")
    elif edit == "same size":
        page.write_bytes(data[:-1] + b"X")
        os.utime(page, ns=(0, 0))  # even with an old time stamp: the hash decides
    elif edit == "truncate":
        page.write_bytes(data[: len(data) // 2])
    else:
        page.unlink()
    want = "missing" if edit == "delete" else "edited since it was made"
    assert _stale(_plans(world)) == {"hello": want}


def test_force_makes_everything_stale(world: Path) -> None:
    _make(_plans(world))
    assert _stale(_plans(world, force=True)) == {"hello": "--force", "isolation_a": "--force"}


def test_a_pdf_depends_on_the_browser_and_the_html_does_not(world: Path,
                                                           monkeypatch) -> None:
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(world / "cache"))
    exe = _browser(world / "chrome", "Chromium 150.0")
    _make(_plans(world, formats=("html", "pdf"), browser=exe))
    assert _stale(_plans(world, formats=("html", "pdf"), browser=exe)) == {}
    exe = _browser(world / "chrome", "Chromium 151.0 (a longer version string)")
    plans = _plans(world, formats=("html", "pdf"), browser=exe)
    assert {p.job.slug: p.reasons for p in plans} == {
        "hello": {"pdf": "browser changed"}, "isolation_a": {"pdf": "browser changed"}}
    assert not any(p.needs_execution for p in plans)  # a reprint of the fresh HTML will do


def test_browser_version_is_remembered_per_executable_file(world: Path, monkeypatch) -> None:
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(world / "cache"))
    exe = _browser(world / "chrome", "Chromium 150.0")
    assert browser_version(exe) == "Chromium 150.0"
    assert (world / "cache" / "browser-version.json").is_file()
    exe = _browser(world / "chrome", "Chromium 151.0 longer")  # another size: asked again
    assert browser_version(exe) == "Chromium 151.0 longer"


def test_a_pdf_only_plan_runs_the_notebook(world: Path, monkeypatch) -> None:
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(world / "cache"))
    exe = _browser(world / "chrome", "Chromium 150.0")
    plans = _plans(world, formats=("pdf",), browser=exe)
    assert all(p.needs_execution for p in plans)
    assert plans[0].describe() == "hello.pdf: missing"


# --- real renders ----------------------------------------------------------------------

BATCH = """\
[[report]]
notebook = "hello"

[[report]]
notebook = "isolation_a"
"""


@pytest.fixture
def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("hello", "isolation_a"):
        shutil.copy(FIXTURES / f"{name}.ipynb", notebooks)
    (tmp_path / "batch.toml").write_text(BATCH, "utf-8")
    shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "data"))  # kernels inherit it
    return tmp_path


def _batch(root: Path, **kw):
    jobs = plan_batch(root / "batch.toml", root / "notebooks")
    return run_batch(jobs, n_jobs=1, formats="html", output_dir=root / "out", progress=False,
                     **kw)


def _stamps(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "out").glob("*.html")}


def _kaili(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kaili_analysis", *args], capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.mark.slow
def test_the_commands_render_only_what_changed_and_say_why(real: Path) -> None:
    """The real chain: a render records its outputs, the next batch finds them up to date
    without a kernel and rewrites nothing, and an edited notebook renders only its own
    report. Every other way an output goes stale is a unit test above."""
    common = ["--notebooks-dir", str(real / "notebooks"), "--output-dir", str(real / "out"),
              "--format", "html"]
    dry = _kaili("batch", "--config", str(real / "batch.toml"), "--dry-run", *common)
    assert dry.returncode == 0, dry.stderr
    assert "would render hello: hello.html: missing" in dry.stdout
    assert "0 up to date, 2 would be rendered" in dry.stdout
    assert not (real / "out").exists() or not any((real / "out").glob("*.html"))

    done = _kaili("batch", "--config", str(real / "batch.toml"), "--no-progress", *common)
    assert done.returncode == 0, done.stderr
    assert "0 up to date, 2 rendered (2 files)" in done.stdout
    before = _stamps(real)
    second = _batch(real)
    assert [r.up_to_date for r in second.results] == [True, True]
    assert second.seconds < 5  # no kernel, no exporter
    assert _stamps(real) == before  # nothing rewritten, the index neither
    assert "hello.html" in (real / "out" / "index.html").read_text("utf-8")
    again = _kaili("batch", "--config", str(real / "batch.toml"), "--no-progress", *common)
    assert "2 up to date, 0 rendered (0 files)" in again.stdout

    nb = real / "notebooks" / "hello.ipynb"
    nb.write_bytes(nb.read_bytes().replace(b"A small test report.", b"A changed report."))
    dry = _kaili("batch", "--config", str(real / "batch.toml"), "--dry-run", *common)
    assert dry.stdout.splitlines() == ["would render hello: hello.html: notebook changed",
                                       "1 up to date, 1 would be rendered (dry run: nothing "
                                       "written)"]
    changed = _kaili("batch", "--config", str(real / "batch.toml"), "--no-progress", *common)
    assert changed.returncode == 0 and "1 up to date, 1 rendered" in changed.stdout
    after = _stamps(real)
    assert after["isolation_a.html"] == before["isolation_a.html"]
    assert after["hello.html"] != before["hello.html"]
    assert "A changed report." in (real / "out" / "hello.html").read_text("utf-8")

    single = _kaili("render", "isolation_a", *common)
    assert single.returncode == 0 and "up to date" in single.stderr
    assert single.stdout.strip() == str(real / "out" / "isolation_a.html")
    forced = _kaili("render", "isolation_a", "--force", *common)
    assert forced.returncode == 0 and "up to date" not in forced.stderr
    assert _stamps(real)["isolation_a.html"] != before["isolation_a.html"]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.pdf
def test_an_edited_pdf_is_printed_again_from_its_fresh_page(real: Path, chromium_path,
                                                            monkeypatch) -> None:
    monkeypatch.setenv(config.CHROMIUM_ENV, chromium_path)
    jobs = plan_batch(real / "batch.toml", real / "notebooks")[:1]
    out = real / "out"
    first = run_batch(jobs, n_jobs=1, formats="html,pdf", output_dir=out, progress=False)
    assert first.results[0].ok and (out / "hello.pdf").read_bytes().startswith(b"%PDF")
    html_time = (out / "hello.html").stat().st_mtime_ns
    (out / "hello.pdf").write_bytes(b"%PDF-1.4 truncated")
    second = run_batch(jobs, n_jobs=1, formats="html,pdf", output_dir=out, progress=False)
    res = second.results[0]
    assert res.ok and not res.up_to_date and res.timings == {}  # printed, not executed
    assert (out / "hello.html").stat().st_mtime_ns == html_time
    assert len((out / "hello.pdf").read_bytes()) > 1000
    third = run_batch(jobs, n_jobs=1, formats="html,pdf", output_dir=out, progress=False)
    assert third.results[0].up_to_date
