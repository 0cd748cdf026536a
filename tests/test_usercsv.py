"""The one reader of user CSV files: every malformed file is refused with file, line, column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaili_analysis import config
from kaili_analysis.data.usercsv import (
    did_you_mean,
    parse_number,
    parse_year,
    read_user_csv,
    unknown_id,
)
from kaili_analysis.errors import DataValidationError

REQ = ("id", "value")


def _write(tmp_path: Path, data: str | bytes, name: str = "user.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def _read(path: Path, **kw):
    return read_user_csv(path, required=REQ, optional=("note",), key=("id",), what="test file",
                         **kw)


def test_rows_with_lines_and_stripped_cells(tmp_path: Path) -> None:
    path = _write(tmp_path, "id , value\n a ,1\n\nb, 2 \n")
    rows = _read(path)
    assert [(r.line, r.cells) for r in rows] == [(2, {"id": "a", "value": "1"}),
                                                 (4, {"id": "b", "value": "2"})]


def test_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeffid,value,note\r\na,1,x\r\n".encode())
    assert _read(path)[0].cells == {"id": "a", "value": "1", "note": "x"}


def test_quoted_cells_keep_commas_and_line_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, 'id,value,note\na,1,"two\nlines, one cell"\nb,,c,d\n')
    with pytest.raises(DataValidationError) as info:
        _read(path)
    assert info.value.line == 4  # the record after a two-line record starts on line 4
    assert "the row has 4 cells, the header 3" in str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "column", "match"),
    [
        ("", 1, None, "the file is empty"),
        ("\nid,value\n", 1, None, "the first line is empty"),
        ("id\na\n", 1, "value", "missing column; test file needs the columns id, value "
                                "\\(optional: note\\)"),
        ("id,value,vlaue\n", 1, "vlaue", "unknown column \\(did you mean 'value'\\?\\)"),
        ("id,value,id\n", 1, "id", "named twice"),
        ("id,value,\n", 1, None, "a column without a name"),
        ("id,value\na\n", 2, "value", "the row has 1 cells, the header 2"),
        ("id,value\na,1,2\n", 2, None, "quote a cell that contains a comma"),
        ("id,value\na,1\na,2\n", 3, "id", "duplicate id='a' \\(also on line 2\\)"),
        ('id,value\na,"1\n', 2, None, "malformed CSV"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, line: int, column: str | None,
                         match: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataValidationError, match=match) as info:
        _read(path)
    assert (info.value.line, info.value.column) == (line, column)
    assert str(info.value).startswith("user.csv, line")


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, b"id,value\na,1\nb,\xff\n")
    with pytest.raises(DataValidationError, match="not UTF-8 text \\(byte 0xff\\)") as info:
        _read(path)
    assert info.value.line == 3


def test_missing_too_large_and_long_cells(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(DataValidationError, match="test file not found"):
        _read(tmp_path / "none.csv")
    with pytest.raises(DataValidationError, match="expected a file path"):
        read_user_csv("", required=REQ)
    path = _write(tmp_path, "id,value\n" + "a" * (config.USER_CSV_MAX_CELL + 1) + ",1\n")
    with pytest.raises(DataValidationError, match="characters; at most") as info:
        _read(path)
    assert (info.value.line, info.value.column) == (2, "id")
    monkeypatch.setattr(config, "USER_CSV_MAX_BYTES", 10)
    with pytest.raises(DataValidationError, match="at most 10 are read"):
        _read(_write(tmp_path, "id,value\na,1\n", "big.csv"))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("abc", "'abc' is not a number"),
        ("", "'' is not a number"),
        ("nan", "'nan' is not a number"),
        ("inf", "'inf' is not a number"),
        ("1e400", "not finite"),
        ("1_000", "is not a number"),
        ("1,000", "without thousands separators"),
        ("１２", "is not a number"),  # full-width digits, which float() would accept
        ("9" * 40, "too long"),
        ("0x10", "is not a number"),
    ],
)
def test_numbers_refused(text: str, match: str) -> None:
    with pytest.raises(DataValidationError, match=match) as info:
        parse_number(text, path="f.csv", line=3, column="value")
    assert (info.value.line, info.value.column) == (3, "value")


def test_number_bounds() -> None:
    where = {"path": "f.csv", "line": 2, "column": "v"}
    assert parse_number("-1.5e2", **where) == -150.0
    assert parse_number("0", **where, minimum=0) == 0.0
    with pytest.raises(DataValidationError, match="'-3' is not a non-negative number"):
        parse_number("-3", **where, allowed="a non-negative number", minimum=0)
    with pytest.raises(DataValidationError, match="'0' is not a positive number"):
        parse_number("0", **where, allowed="a positive number", above=0)


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
@settings(max_examples=200)
def test_every_finite_float_reads_back(value: float) -> None:
    assert parse_number(repr(value), path="f", line=2, column="v") == value


def test_years() -> None:
    where = {"path": "f.csv", "line": 2, "column": "year"}
    assert parse_year("2021", **where, low=2020, high=2025) == 2021
    with pytest.raises(DataValidationError, match="'21' is not a year"):
        parse_year("21", **where, low=2020, high=2025)
    with pytest.raises(DataValidationError, match="year 2019 is outside 2020-2025"):
        parse_year("2019", **where, low=2020, high=2025)


def test_did_you_mean() -> None:
    assert did_you_mean("gdp_grwth", ["gdp_growth", "cpi"]) == " (did you mean 'gdp_growth'?)"
    assert did_you_mean("zzz", ["gdp_growth"]) == ""
    assert unknown_id("x", [], "a goal id") == "'x' is not a goal id"
