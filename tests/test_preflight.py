"""Options and environment variables checked before any kernel starts
(kaili_analysis.render.preflight), through the API and the command line: one line, exit 2."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kaili_analysis import config
from kaili_analysis.cli import main
from kaili_analysis.errors import ParameterError
from kaili_analysis.render.preflight import check_environment, check_output_dir, check_timeout

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.mark.parametrize("value", [0, -1, "0", "-0.5", float("nan"), float("inf"), "nan",
                                   "inf", 1e308, "abc", True, [3], 7 * 24 * 3600 + 1])
def test_a_timeout_must_be_positive_and_finite(value) -> None:
    with pytest.raises(ParameterError, match="--timeout must be a number of seconds"):
        check_timeout(value)


@pytest.mark.parametrize(("value", "seconds"), [(None, None), (2.5, 3), ("0.1", 1), (60, 60)])
def test_a_timeout_becomes_whole_seconds(value, seconds) -> None:
    assert check_timeout(value) == seconds


def _dangling(tmp_path: Path) -> Path:
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "missing-target")
    return link


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("x")
    return path


@pytest.mark.parametrize(("make", "match"), [
    (_file, "is a file"),
    (lambda t: _file(t) / "below", "lies under .* which is a file"),
    (lambda t: _file(t) / "deeper" / "still", "lies under .* which is a file"),
    (_dangling, "symbolic link to .*missing-target.* does not exist"),
])
def test_an_unusable_output_dir_is_named(tmp_path: Path, make, match) -> None:
    with pytest.raises(ParameterError, match=match):
        check_output_dir(make(tmp_path))


def test_a_read_only_output_dir_is_found_before_anything_runs(tmp_path, monkeypatch) -> None:
    target = tmp_path / "ro"
    target.mkdir()

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # what a read-only folder answers (even root's)
    with pytest.raises(ParameterError, match="is not writable: Permission denied"):
        check_output_dir(target)


def test_an_output_dir_is_made_absolute_and_created(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = check_output_dir("new/reports")
    assert out == tmp_path / "new" / "reports" and out.is_dir()
    assert list(out.iterdir()) == []  # the probe file is gone


@pytest.mark.parametrize(("args", "match"), [
    (["render", "hello", "--timeout", "nan"], "--timeout must be"),
    (["render", "hello", "--timeout", "0"], "--timeout must be"),
    (["batch", "--timeout", "-1"], "--timeout must be"),
    (["render", "hello", "--output-dir", "{file}"], "is a file"),
    (["batch", "--output-dir", "{file}/x"], "which is a file"),
    (["data", "export", "--format", "csv", "--output-dir", "{file}"], "is a file"),
])
def test_bad_options_stop_with_one_line(tmp_path, capsys, args, match) -> None:
    blocker = _file(tmp_path)
    args = [a.replace("{file}", str(blocker)) for a in args]
    extra = ["--notebooks-dir", str(FIXTURES)] if args[0] in {"render", "batch"} else []
    assert main([*args, *extra, "--format", "html"] if extra else args) == 2
    err = capsys.readouterr().err
    assert re.search(match, err), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert blocker.read_text() == "x"


@pytest.mark.parametrize(("env", "value", "match"), [
    (config.CACHE_MAX_MB_ENV, "inf", "KAILI_CACHE_MAX_MB must be"),
    (config.CACHE_MAX_MB_ENV, "1e308", "KAILI_CACHE_MAX_MB must be"),
    (config.CACHE_MAX_MB_ENV, "nan", "KAILI_CACHE_MAX_MB must be"),
    (config.FIGURE_CACHE_ENV, "sometimes", "KAILI_FIGURE_CACHE must be on or off"),
    (config.DATA_DIR_ENV, "no/such/dir", "KAILI_DATA_DIR='no/such/dir' does not exist"),
    (config.CACHE_DIR_ENV, "{file}", "KAILI_CACHE_DIR=.* is a file"),
    ("KAILI_NOTEBOOKS_DIR", "{file}", "KAILI_NOTEBOOKS_DIR=.* is not a directory"),
])
@pytest.mark.parametrize("command", [["cache", "info"], ["list"]])
def test_bad_environment_variables_stop_with_one_line(tmp_path, monkeypatch, capsys, env,
                                                      value, match, command) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(env, value.replace("{file}", str(_file(tmp_path))))
    assert main(command) == 2
    err = capsys.readouterr().err
    assert re.search(match, err), err
    assert err.count("\n") == 1


def test_relative_directories_in_the_environment_become_absolute(tmp_path, monkeypatch) -> None:
    data = tmp_path / "mydata"
    data.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(config.DATA_DIR_ENV, "mydata")
    monkeypatch.setenv(config.CACHE_DIR_ENV, "cache/here")
    check_environment()
    assert os.environ[config.DATA_DIR_ENV] == str(data)
    assert os.environ[config.CACHE_DIR_ENV] == str(tmp_path / "cache" / "here")
