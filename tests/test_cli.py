"""The kaili command: help, list, exit codes and one-line errors, failures, data export."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def _kaili(*args: str, env: dict | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "kaili_analysis", *args], capture_output=True,
                           text=True, timeout=300, env=env, cwd=cwd)


@pytest.mark.parametrize("sub", [[], ["list"], ["render"], ["batch"], ["data"],
                                 ["data", "export"], ["data", "goals"], ["cache"],
                                 ["cache", "info"],
                                 ["cache", "clear"]])
def test_help_on_every_subcommand(sub: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main([*sub, "--help"])
    assert info.value.code == 0
    assert "usage: kaili" in capsys.readouterr().out


def test_list_shows_parameters_types_and_defaults(capsys) -> None:
    assert main(["list", "--notebooks-dir", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "hello" in out and "Hello report" in out
    assert "n" in out and "int" in out and "default 3" in out
    # no kaili metadata: not a report, listed apart (kaili render scratch renders it)
    reports, others = out.split("notebooks without kaili metadata")
    assert "scratch" not in reports and others.splitlines()[1].startswith("scratch")


def test_list_fills_a_title_that_follows_a_parameter(tmp_path: Path, capsys) -> None:
    import json

    nb = json.loads((FIXTURES / "hello.ipynb").read_text("utf-8"))
    nb["metadata"]["kaili"]["title"] = {"zh": "你好：{section_label}", "en": "Hi {n}"}
    (tmp_path / "hello.ipynb").write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    assert main(["list", "--notebooks-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # the defaults fill the title (section preamble -> its title); the template follows
    assert lines[0].startswith("hello  你好：") and "{" not in lines[0]
    assert lines[0].endswith(" / Hi 3")
    assert lines[1] == "    title: 你好：{section_label} / Hi {n}"
    assert main(["list", "--json", "--notebooks-dir", str(tmp_path)]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["title"]["en"] == "Hi {n}" and row["default_title"]["en"] == "Hi 3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "helo"], "did you mean 'hello'"),
        (["render", "hello", "-p", "titel", "x"], "did you mean 'title'"),
        (["render", "hello", "-p", "n", "five"], "n"),
        (["render", "hello", "-p", "n", "99"], "99"),
        (["render", "hello", "--lang", "fr"], "fr"),
        (["render", "hello", "--format", "docx"], "docx"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str, tmp_path: Path,
                                         capsys) -> None:
    code = main([*args, "--notebooks-dir", str(FIXTURES), "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("kaili: error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())  # nothing executed, nothing written


@pytest.mark.slow
def test_a_failing_cell_exits_1_and_keeps_the_notebook(tmp_path: Path) -> None:
    proc = _kaili("render", "fails", "--notebooks-dir", str(FIXTURES), "--format", "html",
                  "--output-dir", str(tmp_path))
    assert proc.returncode == 1
    assert "fails" in proc.stderr and "ValueError" in proc.stderr and "cell" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(tmp_path.glob("*.html"))
    assert list((tmp_path / "_failed").glob("fails*.ipynb"))


def test_console_script_is_installed_and_quick() -> None:
    script = Path(sys.executable).parent / "kaili"
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "render" in proc.stdout and "batch" in proc.stdout
    proc = subprocess.run([str(script), "batch", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert "[[report]]" in proc.stdout and "matrix" in proc.stdout  # the TOML format


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "hello", "-p", "n", "1", "-p", "n", "2"], "parameter n is given twice"),
        (["render", "hello", "-p", "lang", "zh", "--lang", "en"], "contradicts"),
        (["batch", "--jobs", "0"], "--jobs must be at least 1"),
        (["batch", "--config", "/nonexistent/batch.toml"], "cannot read batch file"),
        (["render", "--format", "html"], "the following arguments are required: NOTEBOOK"),
    ],
)
def test_more_bad_input(args: list[str], message: str, tmp_path: Path, capsys) -> None:
    try:
        code = main([*args, "--notebooks-dir", str(FIXTURES), "--output-dir", str(tmp_path)])
    except SystemExit as exc:  # usage errors come from argparse
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_missing_browser_exits_2_before_anything_runs(tmp_path: Path, monkeypatch,
                                                      capsys) -> None:
    monkeypatch.setenv("KAILI_CHROMIUM", str(tmp_path / "nowhere"))
    code = main(["render", "hello", "--notebooks-dir", str(FIXTURES), "--output-dir",
                 str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "apt-get install chromium" in err and "KAILI_CHROMIUM" in err
    monkeypatch.delenv("KAILI_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on PATH
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    code = main(["batch", "--notebooks-dir", str(FIXTURES), "--output-dir",
                 str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "no Chromium found" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_render_writes_html_through_the_console_script(tmp_path: Path) -> None:
    # a python3 kernelspec of "another environment" comes first on the Jupyter path
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        '{"argv": ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", '
        '"{connection_file}"], "display_name": "Bogus", "language": "python"}', "utf-8")
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter"),
           "JUPYTER_DATA_DIR": str(tmp_path / "jupyter")}
    tmp_path = tmp_path / "out"
    proc = _kaili("render", "hello", "-p", "n", "4", "--lang", "en", "--format", "html",
                  "--notebooks-dir", str(FIXTURES), "--output-dir", str(tmp_path), env=env)
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in tmp_path.glob("*.html"))
    assert written == ["hello__lang-en__n-4.html"]
    assert str(tmp_path / written[0]) in proc.stdout


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_data_export(fmt: str, tmp_path: Path) -> None:
    assert main(["data", "export", "--format", fmt, "--output-dir", str(tmp_path)]) == 0
    files = list(tmp_path.iterdir())
    assert files
    ind = ka.load_indicators()
    if fmt == "csv":
        back = pd.read_csv(tmp_path / "indicators.csv", keep_default_na=False)
    elif fmt == "xlsx":
        back = pd.read_excel(next(tmp_path.glob("*.xlsx")), sheet_name="indicators",
                             keep_default_na=False)
    else:
        back = pd.read_parquet(tmp_path / "indicators.parquet")
    assert list(back["id"]) == list(ind["id"])
    assert back["value"].tolist() == pytest.approx(ind["value"].tolist())


def test_data_goals_lists_the_goals_an_actuals_file_may_name() -> None:
    proc = _kaili("data", "goals")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["goal_id", "goal_type", "ids", "unit", "goal_period"]
    assert any(line.split()[:2] == ["gdp_growth", "rate"] for line in lines[1:])


def test_data_export_without_format_writes_csv(tmp_path: Path) -> None:
    assert main(["data", "export", "--output-dir", str(tmp_path)]) == 0
    assert (tmp_path / "indicators.csv").is_file() and not list(tmp_path.glob("*.xlsx"))


def test_data_export_into_a_copy_of_the_data_is_refused(tmp_path: Path, monkeypatch,
                                                         capsys) -> None:
    """``kaili data export --output-dir data`` in a folder that holds a copy of ``data/``
    (as a checkout does): exit 2, one line naming the folder, nothing written."""
    shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data")
    before = {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir() if p.is_file()}
    monkeypatch.chdir(tmp_path)
    assert main(["data", "export", "--format", "xlsx", "--output-dir", "data"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kaili: error: --output-dir 'data' holds a data package of its own")
    assert "reports/data (the default)" in err and err.count("\n") == 1
    after = {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir() if p.is_file()}
    assert after == before


def test_data_export_bad_format(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["data", "export", "--format", "docx"])
    assert info.value.code == 2


@pytest.mark.slow
def test_two_renders_of_the_same_report_at_once(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "kaili_analysis", "render", "hello", "--format", "html",
           "--notebooks-dir", str(FIXTURES), "--output-dir", str(tmp_path)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    # no temp file left; the record of how hello.html was made
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kaili", "hello.html"]
    assert sorted(p.name for p in (tmp_path / ".kaili").iterdir()) == ["hello.html.json"]
    page = (tmp_path / "hello.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and "你好" in page


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.pdf
def test_batch_renders_everything_marks_the_failure_and_exits_1(tmp_path: Path, chromium_path,
                                                                pdftotext) -> None:
    proc = _kaili("batch", "--jobs", "2", "--notebooks-dir", str(FIXTURES), "--output-dir",
                  str(tmp_path), env={**os.environ, "KAILI_CHROMIUM": chromium_path})
    assert proc.returncode == 1, proc.stderr
    assert "0 up to date, 4 rendered (8 files), 1 failed" in proc.stdout
    assert proc.stderr.count("kaili batch:") >= 1 and "5/5" in proc.stderr  # one tqdm bar
    assert len(set(re.findall(r"kaili batch:.*?\| (\d+)/(\d+)", proc.stderr))) >= 1
    assert {t for _, t in re.findall(r"\| (\d+)/(\d+)", proc.stderr)} == {"5"}
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("kaili: error: 1 of 5 reports failed: fails__lang-en")
    assert "Traceback" not in proc.stderr
    index = (tmp_path / "index.html").read_text("utf-8")
    for slug in ("hello", "hello__lang-en", "isolation_a", "isolation_b"):
        assert f'href="{slug}.html"' in index and f'href="{slug}.pdf"' in index
        assert (tmp_path / f"{slug}.pdf").read_bytes().startswith(b"%PDF")
    assert 'href="fails__lang-en.html"' not in index and "_failed/fails__lang-en.ipynb" in index
    text = subprocess.run([pdftotext, str(tmp_path / "hello__lang-en.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "凯里市中文文本" in text and "English text KAILI-EN-OK" in text


def test_cache_info_and_clear(tmp_path: Path, monkeypatch, capsys) -> None:
    from kaili_analysis import config

    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path))
    entry = tmp_path / "figures" / "ab" / ("ab" + "0" * 38 + ".png")
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"x" * 2048)
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "figures") in out and "on; 1 images" in out
    assert main(["cache", "clear"]) == 0
    assert "deleted 1 images" in capsys.readouterr().out and not entry.exists()
    monkeypatch.setenv(config.CACHE_MAX_MB_ENV, "lots")
    assert main(["cache", "info"]) == 2
    assert "KAILI_CACHE_MAX_MB must be a number" in capsys.readouterr().err


def test_no_figure_cache_reaches_the_kernels(tmp_path: Path, monkeypatch) -> None:
    from kaili_analysis import config

    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(config.FIGURE_CACHE_ENV, "on")  # restored after main() turns it off
    figure_notebooks = Path(__file__).parent / "fixtures" / "figure_notebooks"
    assert main(["render", "charted", "--format", "html", "--no-figure-cache",
                 "--notebooks-dir", str(figure_notebooks), "--output-dir",
                 str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "charted.html").is_file()
    assert not list((tmp_path / "cache").rglob("*.png"))  # nothing read or written


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["render", "--help"]])
def test_a_reader_that_goes_away_stops_the_output_quietly(args: list[str]) -> None:
    # as `kaili list | head -1`: the pipe is closed before kaili writes its output
    proc = subprocess.Popen([sys.executable, "-m", "kaili_analysis", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    proc.stderr.close()
    # 141 as a program killed by SIGPIPE; argparse itself ignores a closed pipe for --help
    assert err == "" and proc.returncode == (0 if "--help" in args else 141)
# -- hostile input: neighbours of the cases in docs/security.md ------------------------------


def test_an_unreadable_notebook_is_skipped_by_list_and_named_when_asked_for(
        tmp_path: Path, capsys) -> None:
    import shutil

    from kaili_analysis.errors import RenderError
    from kaili_analysis.render import notebooks
    from kaili_analysis.render.batch import plan_batch

    shutil.copy(FIXTURES / "hello.ipynb", tmp_path)
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "odd.ipynb").write_text('{"metadata": {"kaili": {}}, "cells": 3}', "utf-8")
    assert main(["list", "--notebooks-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("hello") and err == ""
    # the others are listed apart, each with its reason
    refused = out.split("notebooks that cannot be rendered:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in refused] == ["broken", "odd"]
    assert "not a readable notebook" in refused[0] and "not a Jupyter notebook" in refused[1]
    assert notebooks.find_report("hello", tmp_path).name == "hello"  # the others still render
    with pytest.raises(RenderError, match=r"broken\.ipynb: not a readable notebook"):
        notebooks.find_report("broken", tmp_path)
    with pytest.raises(RenderError, match=r"broken\.ipynb"):
        plan_batch(None, tmp_path)  # a batch of every report cannot be complete


def test_an_unknown_list_in_a_batch_matrix_is_bad_input(tmp_path: Path, capsys) -> None:
    config_file = tmp_path / "batch.toml"
    config_file.write_text('[[report]]\nnotebook = "hello"\nmatrix = { section = "@nope" }\n',
                           encoding="utf-8")
    assert main(["batch", "--config", str(config_file), "--notebooks-dir", str(FIXTURES),
                 "--output-dir", str(tmp_path / "out"), "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert "unknown choice source '@nope'" in err and err.count("\n") == 1


def test_a_section_named_twice_is_refused(capsys, tmp_path: Path) -> None:
    assert main(["render", "overview", "-p", "sections", "poverty,poverty", "--format",
                 "html", "--output-dir", str(tmp_path)]) == 2
    assert "names 'poverty' twice" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_list_marks_file_parameters(capsys) -> None:
    assert main(["list", "--json"]) == 0
    import json

    rows = {r["name"]: {p["name"]: p["type"] for p in r["parameters"]}
            for r in json.loads(capsys.readouterr().out)}
    assert rows["livelihood_2022"]["progress_csv"] == "file"
    assert rows["targets_2025"]["actuals_csv"] == "file"
    assert rows["targets_2025"]["horizon"] == "int"


def test_a_batch_whose_reports_share_an_output_name_stops_before_any_kernel(
        tmp_path: Path, capsys) -> None:
    """A notebook named like another report's output: exit 2, one line naming both, no
    output folder made (nothing ran)."""
    folder = tmp_path / "nb"
    folder.mkdir()
    for name in ("hello", "hello__lang-en"):
        shutil.copy(FIXTURES / "hello.ipynb", folder / f"{name}.ipynb")
    for extra in ([], ["--dry-run"]):
        code = main(["batch", "--notebooks-dir", str(folder), "--format", "html",
                     "--output-dir", str(tmp_path / "out"), "--no-progress", *extra])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1, err
        assert "same file hello__lang-en.html" in err and "hello__lang-en.ipynb" in err
    assert not (tmp_path / "out").exists()
