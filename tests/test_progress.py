"""Progress CSV: loading, validation errors with file/line/column, merging."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import kaili_analysis as ka
from kaili_analysis.analysis.parameters import livelihood_report
from kaili_analysis.analysis.progress import load_progress, merge_progress
from kaili_analysis.errors import DataValidationError, ParameterError


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "progress.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _ids() -> list[str]:
    return list(ka.load_projects()["id"])


def test_load_and_merge(tmp_path: Path) -> None:
    first, second = _ids()[:2]
    path = _csv(tmp_path, f"id,actual,note\n{first},1,ok\n{second},0,\n")
    progress = load_progress(path)
    assert list(progress["id"]) == [first, second]
    merged = merge_progress(ka.load_projects(), progress).set_index("id")
    expected = 1 / merged.loc[first, "value"]
    assert merged.loc[first, "progress"] == pytest.approx(expected)
    assert merged.loc[second, "progress"] == 0
    others = merged.drop(index=[first, second])
    assert others["progress"].map(math.isnan).all()


@pytest.mark.parametrize(
    ("text", "line", "column", "match"),
    [
        ("id,done\nx,1\n", 1, "actual", "missing column"),
        ("id,actual,extra\n", 1, "extra", "unknown column"),
        ("id,actual\nnope,1\n", 2, "id", "'nope' is not a 2022 commitment id"),
        ("id,actual\n{0},abc\n", 2, "actual", "'abc' is not a non-negative number"),
        ("id,actual\n{0},-3\n", 2, "actual", "'-3' is not a non-negative number"),
        ("id,actual\n{0},1\n{0},2\n", 3, "id", "duplicate id"),
    ],
)
def test_bad_progress_files(tmp_path: Path, text: str, line: int, column: str, match: str):
    path = _csv(tmp_path, text.format(_ids()[0]))
    with pytest.raises(DataValidationError, match=match) as info:
        load_progress(path)
    assert (info.value.line, info.value.column) == (line, column)
    assert "progress.csv" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="progress file not found"):
        load_progress(tmp_path / "none.csv")


def test_report_validator_turns_bad_file_into_parameter_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,done\n")
    with pytest.raises(ParameterError, match=r"progress_csv: progress\.csv, line 1, column "):
        livelihood_report({"lang": "zh", "progress_csv": str(path)})
    livelihood_report({"lang": "en", "progress_csv": ""})


def test_progress_goes_through_the_shared_reader(tmp_path: Path) -> None:
    first = _ids()[0]
    path = tmp_path / "progress.csv"
    path.write_bytes(f"\ufeffid,actual\n{first},3\n".encode())
    assert load_progress(path).loc[0, "actual"] == 3.0  # a byte-order mark is fine
    for text, line, column, match in [
        (f"id,actual\n{first[:-1]},1\n", 2, "id", f"did you mean '{first}'"),
        (f"id,actual\n{first},1,9\n", 2, None, "the row has 3 cells, the header 2"),
        (f"id,actual\n{first},1e999\n", 2, "actual", "not finite"),
        (f"id,actual\n{first},{'1' * 50}\n", 2, "actual", "too long"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataValidationError, match=match) as info:
            load_progress(path)
        assert (info.value.line, info.value.column) == (line, column)
