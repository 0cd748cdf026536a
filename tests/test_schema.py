"""Table Schema checks of validation.read_table on small files (the datasets tests cover
the real data package)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaili_analysis.data.schema import read_table
from kaili_analysis.errors import DataValidationError

SCHEMA = {
    "fields": [{"name": "year", "type": "integer"}, {"name": "code", "type": "string"},
               {"name": "value", "type": "number", "constraints": {"unique": True}}],
    "primaryKey": ["year", "code"],
}


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_composite_key_repeated_names_both_lines(tmp_path):
    path = _csv(tmp_path, "year,code,value\n2020,a,1\n2021,a,2\n2020,b,3\n2020,a,4\n")
    with pytest.raises(DataValidationError) as info:
        read_table(path, SCHEMA)
    message = str(info.value)
    assert "duplicate value '2020, a' (also on line 2)" in message
    assert "line 5" in message and "year+code" in message


def test_a_unique_column_is_checked_on_converted_values(tmp_path):
    # 2 and 2.0 are the same number once converted
    path = _csv(tmp_path, "year,code,value\n2020,a,2\n2021,a,2.0\n")
    with pytest.raises(DataValidationError, match=r"duplicate value '2\.0' \(also on line 2\)"):
        read_table(path, SCHEMA)


def test_distinct_rows_load_with_types_and_line_numbers(tmp_path):
    frame = read_table(_csv(tmp_path, "year,code,value\n2020,a,1\n2020,b,2.5\n"), SCHEMA)
    assert list(frame["year"]) == [2020, 2020] and frame["year"].dtype == "int64"
    assert list(frame["value"]) == [1.0, 2.5] and list(frame["line_no"]) == [2, 3]
