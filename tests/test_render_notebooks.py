"""Any notebook: by path or name, parameters by papermill's inspection, parameters files,
the reason a notebook is refused, batch files that name notebook paths, the default batch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kaili_analysis.cli import main
from kaili_analysis.errors import (
    NotebookError,
    NotebookNotFoundError,
    ParameterError,
    RenderError,
)
from kaili_analysis.render import batch, notebooks
from kaili_analysis.render.choices import resolve_choices
from kaili_analysis.render.report import plan_job

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PARAMS = ('lang = "en"  # language\ncount = 2  # how many\nratio: float = 1\n'
          'label = "x<y>"\nwhen = len("abc")  # an expression\n')


def _plain(path: Path, params: str | None = PARAMS, heading: str = "# My own analysis",
           body: str = "print(f'count={count}, label={label}')") -> Path:
    cells = [nbformat.v4.new_markdown_cell(heading)]
    if params is not None:
        cell = nbformat.v4.new_code_cell(params)
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells.append(nbformat.v4.new_code_cell(body))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(path))
    return path


def test_a_plain_notebook_gets_papermills_parameters_typed_by_their_defaults(tmp_path):
    spec = notebooks.load_notebook(_plain(tmp_path / "far" / "mine.ipynb"))
    assert spec.name == "mine" and spec.path == (tmp_path / "far" / "mine.ipynb").resolve()
    assert spec.defaults == {"lang": "en", "count": 2, "ratio": 1, "label": "x<y>",
                             "when": None}
    types = {name: p.type for name, p in spec.parameters.items()}
    assert types == {"lang": "str", "count": "int", "ratio": "float", "label": "str",
                     "when": "any"}
    assert spec.parameters["count"].help == "how many"
    assert spec.title == {"zh": "My own analysis", "en": "My own analysis"}
    assert spec.show_code and spec.matrix == {"lang": ["zh", "en"]}
    job = plan_job(spec, {"count": "5", "ratio": "2"})
    assert job.params == {"count": 5, "ratio": 2.0} and job.slug == "mine__count-5__ratio-2.0"


def test_a_notebook_without_parameters_or_heading(tmp_path):
    spec = notebooks.load_notebook(_plain(tmp_path / "bare.ipynb", params=None, heading="x"))
    assert spec.parameters == {} and spec.matrix == {} and spec.title["en"] == "bare"
    with pytest.raises(ParameterError, match=r"has no parameter 'n'.*parameters: \)"):
        plan_job(spec, {"n": "1"})


def test_a_report_by_path_keeps_its_kaili_metadata():
    spec = notebooks.resolve_notebook(str(FIXTURES / "hello.ipynb"))
    assert spec.title["en"] == "Hello report" and spec.parameters["n"].max == 20
    assert not spec.show_code


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a readable notebook"),
        ('{"cells": 3}', "not a Jupyter notebook"),
        (json.dumps({"cells": [], "metadata": {"kaili": {}}}), "code cell tagged 'parameters'"),
    ],
)
def test_a_broken_notebook_is_refused_with_the_reason(tmp_path, content, message):
    path = tmp_path / "broken.ipynb"
    path.write_text(content, "utf-8")
    with pytest.raises(NotebookError, match=message):
        notebooks.load_notebook(path)
    found = notebooks.survey(tmp_path)
    assert [(p.name, message in why) for p, why in found.refused] == [("broken.ipynb", True)]


def test_paths_and_names(tmp_path, monkeypatch):
    _plain(tmp_path / "nb" / "mine.ipynb")
    monkeypatch.chdir(tmp_path)
    assert notebooks.resolve_notebook("nb/mine.ipynb").name == "mine"
    with pytest.raises(NotebookNotFoundError, match="does not exist"):
        notebooks.resolve_notebook("nb/other.ipynb")
    # a name in the notebooks directory: a report first, else a plain notebook of that name
    assert notebooks.resolve_notebook("mine", tmp_path / "nb").show_code
    assert notebooks.resolve_notebook("mine.ipynb", tmp_path / "nb").name == "mine"
    assert notebooks.resolve_notebook("hello", FIXTURES).title["en"] == "Hello report"
    with pytest.raises(NotebookNotFoundError, match="other notebooks there: mine"):
        notebooks.resolve_notebook("nothing", tmp_path / "nb")
    # relative to a base (a batch file's directory)
    assert notebooks.resolve_notebook("mine.ipynb", base=tmp_path / "nb").name == "mine"


def test_survey_sorts_reports_plain_notebooks_and_refusals():
    found = notebooks.survey(FIXTURES)
    assert [s.name for s in found.reports] == ["hello", "fails", "isolation_a", "isolation_b"]
    assert [s.name for s in found.plain] == ["scratch"] and found.refused == []


def test_parameters_file(tmp_path):
    good = tmp_path / "p.yaml"
    good.write_text("horizon: 2030\nscenario_rates:\n  gdp_growth: 0.08\nlang: en\n", "utf-8")
    assert notebooks.read_parameters_file(good) == {
        "horizon": 2030, "scenario_rates": {"gdp_growth": 0.08}, "lang": "en"}
    (tmp_path / "empty.yaml").write_text("# nothing\n", "utf-8")
    assert notebooks.read_parameters_file(tmp_path / "empty.yaml") == {}
    for text, message in [("- 1\n- 2\n", "must hold a mapping"), ("a: [1\n", "not valid YAML"),
                          ("1: x\n", "must hold a mapping")]:
        (tmp_path / "bad.yaml").write_text(text, "utf-8")
        with pytest.raises(ParameterError, match=message):
            notebooks.read_parameters_file(tmp_path / "bad.yaml")
    with pytest.raises(ParameterError, match="cannot read parameters file"):
        notebooks.read_parameters_file(tmp_path / "missing.yaml")


def test_the_shipped_parameters_file_validates_against_its_report():
    given = notebooks.read_parameters_file(EXAMPLES / "targets_2030.yaml")
    job = plan_job(notebooks.resolve_notebook("targets_2025"), given)
    assert job.values["horizon"] == 2030 and job.values["scenario_rates"] == {
        "gdp_growth": 0.08}


def test_cli_file_values_are_typed_and_p_overrides_them(tmp_path, monkeypatch, capsys):
    seen = {}

    def fake_render(notebook, given, **kwargs):
        seen.update(notebook=notebook, given=given, **kwargs)
        raise ParameterError("stop here")

    monkeypatch.setattr("kaili_analysis.cli.render", fake_render)
    (tmp_path / "p.yaml").write_text("count: 4\nlabel: from file\n", "utf-8")
    code = main(["render", "x.ipynb", "-f", str(tmp_path / "p.yaml"), "-p", "label", "cli",
                 "--log-output"])
    assert code == 2 and "stop here" in capsys.readouterr().err
    assert seen["given"] == {"count": 4, "label": "cli"}
    assert seen["log_output"] is True and seen["progress"] is False  # stderr is no terminal
    main(["render", "x.ipynb", "--progress"])
    assert seen["progress"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "count", "many"], "parameter count expects an integer, got 'many'"),
        (["-p", "cuont", "1"], "did you mean 'count'"),
        (["--lang", "en"], None),  # this one has lang: no error from the argument itself
    ],
)
def test_cli_refuses_bad_values_for_a_plain_notebook_before_a_kernel(tmp_path, args, message,
                                                                       capsys):
    path = _plain(tmp_path / "mine.ipynb")
    if message is None:
        path = _plain(tmp_path / "nolang.ipynb", params="count = 1\n")
        message = "--lang: notebook 'nolang' has no lang parameter"
    out = tmp_path / "out"
    code = main(["render", str(path), *args, "--format", "html", "--output-dir", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_cli_list_shows_plain_notebooks_and_refusals(tmp_path, capsys):
    _plain(tmp_path / "mine.ipynb")
    (tmp_path / "broken.ipynb").write_text("{", "utf-8")
    assert main(["list", "--notebooks-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "notebooks without kaili metadata" in out and "mine  My own analysis" in out
    assert "count  int    default 2" in out
    assert "notebooks that cannot be rendered:\nbroken  not a readable notebook" in out
    assert main(["list", "--json", "--notebooks-dir", str(tmp_path)]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["mine"]["kind"] == "notebook" and rows["broken"]["kind"] == "refused"


def test_a_batch_file_names_notebook_paths_relative_to_itself(tmp_path, monkeypatch):
    _plain(tmp_path / "set" / "nbs" / "mine.ipynb")
    config = tmp_path / "set" / "batch.toml"
    config.write_text('[[report]]\nnotebook = "nbs/mine.ipynb"\nmatrix = { count = [1, 2] }\n'
                      '[[report]]\nnotebook = "hello"\n', "utf-8")
    monkeypatch.chdir(tmp_path)  # elsewhere: the path is the batch file's
    jobs = batch.plan_batch(config, FIXTURES)
    assert [j.slug for j in jobs] == ["mine__count-1", "mine", "hello"]  # 2 is the default
    config.write_text('[[report]]\nnotebook = "nbs/none.ipynb"\n', "utf-8")
    with pytest.raises(NotebookNotFoundError, match=r"none\.ipynb' does not exist"):
        batch.plan_batch(config, FIXTURES)


def test_the_default_batch_leaves_out_sections_without_figures():
    from kaili_analysis import load_indicators, load_sections

    with_figures = resolve_choices("@sections_with_figures")
    stated = set(load_indicators()["section"])
    assert with_figures == [s for s in load_sections()["id"] if s in stated]
    assert "preamble" not in with_figures and len(with_figures) >= 2
    profiles = [j for j in batch.plan_batch() if j.spec.name == "section_profile"]
    assert sorted({j.values["section"] for j in profiles}) == sorted(with_figures)
    # a section without figures can still be rendered on request
    plan_job(profiles[0].spec, {"section": "preamble"})


@pytest.mark.slow
def test_render_a_plain_notebook_by_path_from_elsewhere(tmp_path):
    path = _plain(tmp_path / "analyses" / "mine.ipynb")
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "kaili_analysis", "render", str(path), "-p", "count", "7",
         "--format", "html", "--log-output", "--progress"],
        cwd=work, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (html,) = (work / "reports").glob("*.html")
    assert html.name == "mine__count-7.html" and proc.stdout.strip().endswith(html.name)
    page = html.read_text("utf-8")
    assert "My own analysis" in page and "count=7, label=x&lt;y&gt;" in page
    assert "count=7, label=x<y>" in proc.stderr  # --log-output: the cell's output as it runs
    assert "mine:" in proc.stderr and "cell/s" in proc.stderr  # --progress: papermill's bar


def _stderr_on_a_terminal(cmd: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``cmd`` with its stderr on a pseudo-terminal; return its exit code and stderr."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    # a terminal of 24 x 100 (a fresh pseudo-terminal has 0 columns, where tqdm draws nothing)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closed when the process ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.slow
def test_the_progress_bar_shows_on_a_terminal_only(tmp_path):
    path = _plain(tmp_path / "mine.ipynb")
    cmd = [sys.executable, "-m", "kaili_analysis", "render", str(path), "--format", "html",
           "--output-dir", str(tmp_path / "out"), "--force"]  # rendered each time
    code, err = _stderr_on_a_terminal(cmd, tmp_path)
    assert code == 0 and "mine:" in err and "cell/s" in err, err
    quiet = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == ""
    code, err = _stderr_on_a_terminal([*cmd, "--no-progress"], tmp_path)
    assert code == 0 and "cell/s" not in err


# -- reports: the kaili block and the parameters cell, read once --------------------------

HOSTILE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "hostile_notebooks"


def test_list_reports_reads_metadata_and_parameters_cell():
    reports = notebooks.list_reports(FIXTURES)
    names = [r.name for r in reports]
    assert names == ["hello", "fails", "isolation_a", "isolation_b"]  # by order; scratch skipped
    hello = reports[0]
    assert hello.title == {"zh": "你好报告", "en": "Hello report"}
    assert hello.defaults == {"lang": "zh", "n": 3, "title": "示例", "section": "preamble"}
    n = hello.parameters["n"]
    assert (n.type, n.min, n.max, n.help) == ("int", 1, 20, "number of bars")
    assert hello.parameters["title"].help == "a caption printed in the report"
    assert hello.parameters["lang"].allowed() == ["zh", "en"]
    assert hello.matrix == {"lang": ["zh", "en"]}


def test_notebooks_dir_from_environment(monkeypatch):
    monkeypatch.setenv(notebooks.NOTEBOOKS_DIR_ENV, str(FIXTURES))
    assert notebooks.notebooks_dir() == FIXTURES.resolve()
    assert notebooks.find_report("fails.ipynb").name == "fails"


def test_unknown_report_suggests_the_closest():
    with pytest.raises(NotebookNotFoundError, match="did you mean 'hello'"):
        notebooks.find_report("helo", FIXTURES)


def test_parameters_are_read_as_papermill_inspects_them(tmp_path):
    nb = json.loads((FIXTURES / "hello.ipynb").read_text("utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = ('lang = "zh"  # language\nx: float = 1\nflag = True\nitems = [1, 2]\n'
                      "when = compute()  # not a literal\n")
    nb["metadata"]["kaili"]["parameters"] = {}
    (tmp_path / "p.ipynb").write_text(json.dumps(nb), "utf-8")
    found = notebooks.load_notebook(tmp_path / "p.ipynb").parameters
    assert (found["lang"].default, found["lang"].type, found["lang"].help) == (
        "zh", "str", "language")
    assert (found["x"].default, found["x"].type) == (1, "float")
    assert found["flag"].type == "bool" and found["items"].type == "list"
    assert (found["when"].default, found["when"].type, found["when"].help) == (
        None, "any", "not a literal")


def test_a_report_needs_a_parameters_cell_with_lang(tmp_path):
    nb = json.loads((FIXTURES / "fails.ipynb").read_text("utf-8"))
    nb["cells"][0]["source"] = "n = 1\n"
    (tmp_path / "bad.ipynb").write_text(json.dumps(nb), "utf-8")
    with pytest.raises(RenderError, match="must assign lang"):
        notebooks.list_reports(tmp_path, strict=True)
    nb["cells"][0]["metadata"]["tags"] = []
    (tmp_path / "bad.ipynb").write_text(json.dumps(nb), "utf-8")
    with pytest.raises(RenderError, match="tagged 'parameters'"):
        notebooks.find_report("bad", tmp_path)
    assert notebooks.list_reports(tmp_path) == []  # listed: skipped, refused with its reason
    from kaili_analysis.render.notebooks import survey

    refused = {path.stem: why for path, why in survey(tmp_path).refused}
    assert "tagged 'parameters'" in refused["bad"]


def test_kaili_list_does_not_pay_for_nbconvert(tmp_path):
    shutil.copy(FIXTURES / "fails.ipynb", tmp_path)
    code = ("import sys\nfrom kaili_analysis.cli import main\n"
            f"assert main(['list', '--notebooks-dir', {str(tmp_path)!r}]) == 0\n"
            "heavy = [m for m in ('nbconvert', 'playwright', 'pandas') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert "fails  失败报告 / Failing report" in out


def test_the_shipped_reports_declare_their_file_parameters():
    files = {(s.name, p.name) for s in notebooks.list_reports() for p in s.parameters.values()
             if p.file}
    assert files == {("targets_2025", "actuals_csv"), ("livelihood_2022", "progress_csv")}


def test_a_file_parameter_needs_a_text_default(tmp_path):
    nb = json.loads((HOSTILE_NOTEBOOKS / "reads_file.ipynb").read_text("utf-8"))
    nb["metadata"]["kaili"]["parameters"]["lang"] = {"type": "file"}
    (tmp_path / "r.ipynb").write_text(json.dumps(nb), "utf-8")
    nb["metadata"]["kaili"]["parameters"]["lang"] = {"type": "path"}
    (tmp_path / "s.ipynb").write_text(json.dumps(nb), "utf-8")
    with pytest.raises(RenderError, match="must be \"file\" or absent, got 'path'"):
        notebooks.load_notebook(tmp_path / "s.ipynb")
    nb["metadata"]["kaili"]["parameters"]["lang"] = {"type": "file"}
    nb["cells"][1]["source"] = 'lang = "zh"\ndata_file = 3\n'
    nb["metadata"]["kaili"]["parameters"] = {"data_file": {"type": "file"}}
    (tmp_path / "t.ipynb").write_text(json.dumps(nb), "utf-8")
    with pytest.raises(RenderError, match="needs a text default"):
        notebooks.load_notebook(tmp_path / "t.ipynb")
