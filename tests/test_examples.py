"""Every example of ``kaili --help`` and of the README works as written.

The example commands are read from the help texts and the README, not copied here. Each is
parsed by the real parser and planned as ``kaili`` would plan it (the notebook found, the
parameters file read, every value validated, the batch file expanded) without starting a
kernel; the quick ones (list, data export, cache info) run in full, and the slow tests render
the examples of your own notebook, a parameters file and the sample batch file. The README's
Python blocks run in one namespace, with its example CSV as ``my-actuals.csv``.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kaili_analysis.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")


def _help(*sub: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main([*sub, "--help"])
    return out.getvalue()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def _help_examples() -> list[list[str]]:
    found = []
    for sub in (["render"], ["batch"]):
        for line in _help(*sub).splitlines():
            example = re.match(r"(?:  |Example: )kaili (.*)", line)  # not wrapped option help
            if example:
                found.append(shlex.split(example.group(1)))
    return found


def _readme_examples() -> list[list[str]]:
    found = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            if line.startswith(".venv/bin/kaili "):
                found.append(shlex.split(line, comments=True)[1:])
    return found


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    """A directory like the repository's root for the examples: examples/ and the README's
    my-actuals.csv; outputs land in its reports/."""
    (tmp_path / "examples").symlink_to(REPO / "examples")
    (csv,) = _blocks("csv")
    (tmp_path / "my-actuals.csv").write_text(csv, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _plan(argv: list[str], out: Path) -> str:
    """Check ``kaili ARGV`` as far as it goes without a kernel; return what was checked."""
    from kaili_analysis.render.batch import plan_batch
    from kaili_analysis.render.notebooks import read_parameters_file, resolve_notebook
    from kaili_analysis.render.report import check_formats, plan_job

    args = build_parser().parse_args(argv)
    if args.command == "render":
        check_formats(args.formats)
        spec = resolve_notebook(args.notebook, args.notebooks_dir)
        given = read_parameters_file(args.parameters_file) if args.parameters_file else {}
        given.update(dict(args.parameter))
        if args.lang:
            given["lang"] = args.lang
        return plan_job(spec, given).slug
    if args.command == "batch":
        check_formats(args.formats)
        return f"{len(plan_batch(args.config, args.notebooks_dir))} reports"
    if args.command == "data" and args.data_command == "export":
        argv = [*argv, "--output-dir", str(out)]
    assert main(argv) == 0, argv
    return "ran"


def test_the_help_and_the_readme_have_examples() -> None:
    commands = {a[0] for a in _help_examples() + _readme_examples()}
    assert {"render", "batch"} <= commands and len(_help_examples()) >= 5
    assert {"list", "render", "batch", "data"} <= {a[0] for a in _readme_examples()}


@pytest.mark.parametrize("argv", _help_examples() + _readme_examples(), ids=shlex.join)
def test_every_example_command_is_valid_as_written(argv: list[str], workdir: Path,
                                                    capsys) -> None:
    assert _plan(argv, workdir / "out")


def test_the_batch_help_shows_the_sample_batch_file() -> None:
    sample = (REPO / "examples" / "batch.toml").read_text("utf-8")
    shown = "\n".join(line[2:] for line in _help("batch").splitlines()
                      if line.startswith("  ") and not line.startswith("   "))
    entries = [line for line in sample.splitlines()[1:] if line]  # less its opening comment
    assert "\n".join(entries) in shown


def test_the_readme_python_blocks_run(workdir: Path) -> None:
    code = "\n".join(_blocks("python"))
    assert "import kaili_analysis as ka" in code
    # a plain interpreter (not IPython): pages are shown as text; charts are drawn headless
    script = workdir / "readme_blocks.py"
    script.write_text("import matplotlib\nmatplotlib.use('Agg')\n" + code, "utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=workdir, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kaili_analysis", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_own_notebook_and_parameters_file_examples_render(workdir: Path) -> None:
    ran = [a for a in _help_examples() if a[1].startswith("examples/") or "-f" in a]
    assert len(ran) == 2
    for argv in ran:
        proc = _run(*argv, cwd=workdir)
        assert proc.returncode == 0, proc.stderr
    mine, targets = sorted(p.name for p in (workdir / "reports").glob("*.html"))
    assert mine == "my_analysis__top-5.html"
    assert targets.startswith("targets_2025__horizon-2030__lang-en__scenario_rates-")


@pytest.mark.slow
def test_the_sample_batch_file_renders(workdir: Path) -> None:
    proc = _run("batch", "--config", "examples/batch.toml", "--format", "html", "--jobs", "2",
                "--no-progress", cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (workdir / "reports").glob("*.html"))
    assert names == ["index.html", "my_analysis__top-5.html", "overview.html",
                     "section_profile__lang-en.html",  # industry is its default section
                     "section_profile__lang-en__section-poverty.html"]
