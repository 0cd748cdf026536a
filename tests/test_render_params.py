"""Parameter values against a notebook (coercion, choices, bounds, the validate hook), slugs,
batch plans and file parameters (no kernel)."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaili_analysis import config
from kaili_analysis.errors import ParameterError, RenderError
from kaili_analysis.render import batch, choices, coerce, notebooks, params
from kaili_analysis.render.report import check_formats, plan_job

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.fixture
def hello() -> notebooks.ReportSpec:
    return notebooks.find_report("hello", FIXTURES)


@pytest.mark.parametrize(("raw", "expected"), [
    ({"n": "7"}, 7), ({"n": 7}, 7), ({"lang": "en"}, "en"), ({"title": "凯里 <b>"}, "凯里 <b>"),
])
def test_validate_coerces_from_strings(hello, raw, expected):
    values = params.validate_parameters(hello, raw)
    assert values[next(iter(raw))] == expected


@pytest.mark.parametrize(("raw", "message"), [
    ({"nn": "2"}, "has no parameter 'nn'; did you mean 'n'"),
    ({"n": "abc"}, "parameter n expects an integer, got 'abc'"),
    ({"n": "0"}, "parameter n must be >= 1"),
    ({"n": "21"}, "parameter n must be <= 20"),
    ({"n": True}, "parameter n expects an integer"),
    ({"lang": "fr"}, "parameter lang must be one of zh, en; got 'fr'"),
    ({"section": "nowhere"}, "parameter section must be one of preamble,"),
])
def test_validate_refuses_with_one_clear_line(hello, raw, message):
    with pytest.raises(ParameterError) as info:
        params.validate_parameters(hello, raw)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_coerce_every_type():
    def p(default):
        return notebooks.Parameter("x", default, notebooks._type_name(default))

    assert coerce.coerce_value(p(True), "no") is False
    assert coerce.coerce_value(p(1.5), "2") == 2.0
    assert coerce.coerce_value(p([1]), "[2, 3]") == [2, 3]
    assert coerce.coerce_value(p([1]), "('a', 'b')") == ["a", "b"]
    assert coerce.coerce_value(p({"a": 1}), '{"b": 2}') == {"b": 2}
    assert coerce.coerce_value(p(None), "hello") == "hello"
    with pytest.raises(ParameterError, match="true or false"):
        coerce.coerce_value(p(True), "maybe")
    with pytest.raises(ParameterError, match="expects a list"):
        coerce.coerce_value(p([1]), '{"a": 1}')


def test_choice_sources_resolve_through_one_function(monkeypatch):
    assert choices.resolve_choices("@langs") == ["zh", "en"]
    assert "poverty" in choices.resolve_choices("@sections")
    monkeypatch.setitem(choices.CHOICE_SOURCES, "years", lambda: [2020, 2025])
    assert choices.resolve_choices("@years") == [2020, 2025]
    with pytest.raises(RenderError, match="unknown choice source '@nope'"):
        choices.resolve_choices("@nope")


def _report_dir(tmp_path: Path, **kaili) -> Path:
    nb = json.loads((FIXTURES / "hello.ipynb").read_text("utf-8"))
    nb["metadata"]["kaili"].update(kaili)
    (tmp_path / "hello.ipynb").write_text(json.dumps(nb), "utf-8")
    return tmp_path


def test_validate_hook_runs_before_anything(tmp_path, monkeypatch):
    (tmp_path / "kaili_test_hook.py").write_text(
        "from kaili_analysis.errors import ParameterError\n"
        "def check(values):\n"
        "    if values['n'] > 2 and values['lang'] == 'en':\n"
        "        raise ParameterError('n > 2 needs lang zh')\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = notebooks.find_report("hello", _report_dir(tmp_path, validate="kaili_test_hook:check"))
    params.validate_parameters(spec, {"n": "2", "lang": "en"})
    with pytest.raises(ParameterError, match="n > 2 needs lang zh"):
        params.validate_parameters(spec, {"n": "3", "lang": "en"})
    broken = notebooks.find_report("hello", _report_dir(tmp_path, validate="nowhere_mod:check"))
    with pytest.raises(RenderError, match="validate hook 'nowhere_mod:check' cannot be loaded"):
        params.validate_parameters(broken, {})


def test_slug_names_every_non_default_parameter(hello):
    assert plan_job(hello, {}).slug == "hello"
    assert plan_job(hello, {"lang": "zh", "n": "3"}).slug == "hello"  # defaults are not named
    assert plan_job(hello, {"n": "5", "lang": "en"}).slug == "hello__lang-en__n-5"
    odd = plan_job(hello, {"title": "凯里/../x y"}).slug
    assert odd.startswith("hello__title-") and len(odd.rsplit("_", 1)[1]) == 8
    assert "/" not in odd and " " not in odd
    long = params.slugify("hello", {"title": "a" * 300})
    assert len(long) <= 80


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["lang", "n", "title", "x_y"]),
                       st.one_of(st.text(max_size=12), st.integers(), st.booleans(),
                                 st.floats(allow_nan=False)), max_size=4),
       st.dictionaries(st.sampled_from(["lang", "n", "title", "x_y"]),
                       st.one_of(st.text(max_size=12), st.integers(), st.booleans(),
                                 st.floats(allow_nan=False)), max_size=4))
def test_different_parameters_never_share_a_slug(a, b):
    def canon(d):
        return {k: (type(v).__name__, repr(v)) for k, v in d.items()}

    if canon(a) != canon(b):
        assert params.slugify("r", a).lower() != params.slugify("r", b).lower()
    for slug in (params.slugify("r", a), params.slugify("r", b)):
        assert len(slug) <= 80 and all(c.isalnum() or c in "._-+" for c in slug)


def test_check_formats():
    assert check_formats("pdf,html") == ("html", "pdf")
    assert check_formats(["html"]) == ("html",)
    with pytest.raises(ParameterError, match="unknown format docx"):
        check_formats("html,docx")


def test_default_batch_is_every_report_times_its_matrix():
    jobs = batch.plan_batch(None, FIXTURES)
    assert [j.slug for j in jobs] == ["hello", "hello__lang-en", "fails__lang-en",
                                      "isolation_a", "isolation_b"]


def test_batch_config_with_matrix(tmp_path):
    cfg = tmp_path / "b.toml"
    cfg.write_text('[[report]]\nnotebook = "hello"\nparameters = { title = "T" }\n'
                   'matrix = { lang = ["zh", "en"], n = [1, 2] }\n'
                   '[[report]]\nnotebook = "hello"\nparameters = { title = "T", n = 1 }\n'
                   '[[report]]\nnotebook = "*"\n', "utf-8")
    jobs = batch.plan_batch(cfg, FIXTURES)
    assert [(j.values["lang"], j.values["n"]) for j in jobs[:4]] == [
        ("zh", 1), ("zh", 2), ("en", 1), ("en", 2)]
    assert all(j.values["title"] == "T" for j in jobs[:4])
    # the second entry repeats the first combination; "*" adds every report once
    assert [j.spec.name for j in jobs[4:]] == ["hello", "fails", "isolation_a", "isolation_b"]
    assert len({j.slug for j in jobs}) == len(jobs) == 8
    sections = batch.expand_matrix({"section": "@sections", "lang": ["zh"]})
    assert {"section": "poverty", "lang": "zh"} in sections


@pytest.mark.parametrize(("text", "message"), [
    ('[[report]]\nnotebook = "hello"\nparameters = { n = 99 }\n', "'hello': parameter n must"),
    ('[[report]]\nnotebook = "hello"\nmatrix = { n = 3 }\n', "must be a non-empty list"),
    ('[[report]]\nnotebok = "hello"\n', "unknown key 'notebok'"),
    ('[[report]]\nnotebook = "nope"\n', "unknown report 'nope'"),
    ('[report\n', "not valid TOML"),
    ('jobs = 3\n', "unknown key 'jobs'"),
])
def test_batch_config_errors(tmp_path, text, message):
    cfg = tmp_path / "b.toml"
    cfg.write_text(text, "utf-8")
    with pytest.raises(ParameterError, match=message):
        batch.plan_batch(cfg, FIXTURES)


def test_importing_the_package_loads_no_heavy_library():
    code = ("import sys, kaili_analysis, kaili_analysis.render, kaili_analysis.cli\n"
            "from kaili_analysis.render import params\n"
            "heavy = [m for m in ('papermill', 'nbconvert', 'nbformat', 'playwright', "
            "'matplotlib', 'jupyter_client', 'pandas') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_section_title_names_the_section_not_its_id(monkeypatch, tmp_path):
    import kaili_analysis as ka
    from kaili_analysis.render.choices import title_fields

    spec = notebooks.find_report("section_profile")
    titles = ka.load_sections().set_index("id")
    zh = plan_job(spec, {"section": "poverty"}).title
    en = plan_job(spec, {"section": "poverty", "lang": "en"}).title
    assert zh.endswith(titles.loc["poverty", "title_zh"]) and "poverty" not in zh
    assert en.endswith(titles.loc["poverty", "title_en"])
    assert title_fields(spec, {"section": "nowhere"}, "en")["section_label"] == "nowhere"
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))  # no tables: the id will do
    assert title_fields(spec, {"section": "poverty"}, "zh")["section_label"] == "poverty"


def test_a_section_without_a_title_keeps_its_own_name(monkeypatch, tmp_path):
    from kaili_analysis.render.choices import title_fields

    shutil.copy(config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE, tmp_path)
    (tmp_path / "sections.csv").write_text(
        "id,order,title_zh,title_en,heading\na,1,,Alpha,\nb,2,乙,Beta,\n", "utf-8")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    spec = notebooks.find_report("section_profile")
    assert title_fields(spec, {"section": "a"}, "zh")["section_label"] == "a"
    assert title_fields(spec, {"section": "b"}, "zh")["section_label"] == "乙"  # not shifted


# -- file parameters: resolved once, against the caller's working directory ----------------

HOSTILE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "hostile_notebooks"


def test_a_file_parameter_becomes_an_absolute_path(tmp_path, monkeypatch):
    spec = notebooks.find_report("reads_file", HOSTILE_NOTEBOOKS)
    assert spec.parameters["data_file"].file and not spec.parameters["lang"].file
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "data.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    values = params.validate_parameters(spec, {"data_file": "sub/data.txt"})
    assert values["data_file"] == str(tmp_path / "sub" / "data.txt")
    assert plan_job(spec, {"data_file": "sub/../sub/data.txt"}).params == {
        "data_file": str(tmp_path / "sub" / "data.txt")}
    assert params.validate_parameters(spec, {"data_file": ""})["data_file"] == ""


@pytest.mark.parametrize(("value", "match"), [
    ("missing.txt", r"'missing.txt' does not exist \(resolved against "),
    ("sub", "'sub' is a directory"),
    ("bad\0name", "NUL"),
])
def test_a_file_parameter_must_name_an_existing_file(tmp_path, monkeypatch, value, match):
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    spec = notebooks.find_report("reads_file", HOSTILE_NOTEBOOKS)
    with pytest.raises(ParameterError, match=match):
        params.validate_parameters(spec, {"data_file": value})


@pytest.mark.slow
def test_the_kernel_reads_the_file_that_was_checked(tmp_path):
    """A relative path names the file in the caller's directory, even when the notebooks'
    directory (where the kernel runs) has a file of the same name; a relative KAILI_DATA_DIR
    names the caller's directory in the kernel too."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(HOSTILE_NOTEBOOKS, notebooks)
    (notebooks / "data.txt").write_text("DECOY in the notebooks folder", encoding="utf-8")
    caller = tmp_path / "caller"
    caller.mkdir()
    (caller / "data.txt").write_text("the caller's file", encoding="utf-8")
    shutil.copytree(config.DEFAULT_DATA_DIR, caller / "mydata")
    proc = subprocess.run([sys.executable, "-m", "kaili_analysis", "render", "reads_file",
                           "-p", "data_file", "data.txt", "--lang", "en", "--format", "html",
                           "--notebooks-dir", str(notebooks), "--output-dir", "out"],
                          capture_output=True, text=True, cwd=caller, timeout=120,
                          env={**os.environ, config.DATA_DIR_ENV: "mydata"})
    assert proc.returncode == 0, proc.stderr
    (page,) = (caller / "out").glob("*.html")
    text = html.unescape(page.read_text("utf-8"))
    assert "CONTENT: the caller's file" in text
    assert "ABSOLUTE" in text and "DECOY" not in text
    assert f"DATA DIR: {caller / 'mydata'}" in text


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
                                  "(" * 5000 + ")" * 5000])
def test_deeply_nested_values_are_one_line(text):
    spec = notebooks.find_report("targets_2025")
    with pytest.raises(ParameterError, match=r"expects a dict, got .*[0-9] characters\) \("):
        params.validate_parameters(spec, {"scenario_rates": text})
