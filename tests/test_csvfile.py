"""The one CSV reader: byte-order mark, size limit, UTF-8, quoting, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaili_analysis.data.csvfile import read_csv
from kaili_analysis.errors import DataValidationError


def _write(tmp_path: Path, data: bytes | str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_records_keep_the_line_they_start_on(tmp_path: Path) -> None:
    path = _write(tmp_path, '\ufeffid,note\r\na,"two\nlines"\r\n\r\n ,  \nb,x\n')
    header, rows = read_csv(path)
    assert header == ["id", "note"]  # the byte-order mark is not part of the first name
    assert rows == [(2, ["a", "two\nlines"]), (6, ["b", "x"])]  # blank records skipped


@pytest.mark.parametrize(("data", "line", "match"), [
    (b"", 1, "the file is empty; expected a header row"),
    (b"id\na\n\xff\n", 3, r"not UTF-8 text \(byte 0xff\)"),
    (b'id\n"a\n', 2, "malformed CSV"),
])
def test_problems_name_file_and_line(tmp_path: Path, data: bytes, line: int, match: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(DataValidationError, match=match) as info:
        read_csv(path)
    assert (info.value.path, info.value.line) == (path, line)


def test_missing_and_too_large_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="progress file not found"):
        read_csv(tmp_path / "none.csv", what="progress file")
    path = _write(tmp_path, "id\n" + "a\n" * 10)
    assert len(read_csv(path, max_bytes=100)[1]) == 10
    with pytest.raises(DataValidationError, match="is 23 bytes; at most 10 are read"):
        read_csv(path, max_bytes=10)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="ab,\"\n x凯", min_size=1, max_size=6),
                         min_size=2, max_size=2), min_size=1, max_size=6))
def test_cells_come_back_as_written(tmp_path_factory, records: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["h1", "h2"], *records])
    path = _write(tmp_path_factory.mktemp("csv"), buffer.getvalue())
    header, rows = read_csv(path)
    assert header == ["h1", "h2"]
    assert [cells for _, cells in rows] == [r for r in records if any(c.strip() for c in r)]
