"""kaili data export: every registered table, a datapackage that describes every exported
column and passes ``frictionless validate``, a workbook made for reading."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from _frictionless import frictionless_validate as _validate

from kaili_analysis import config
from kaili_analysis.data import loaders as datasets
from kaili_analysis.data.schema import read_datapackage, table_names
from kaili_analysis.errors import DataValidationError, ParameterError
from kaili_analysis.render.data_export import WORKBOOK, export_data

TABLES = tuple(table_names(read_datapackage(config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE)))


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    export_data("csv", out)
    return out


def test_every_table_of_the_registry_is_exported_with_a_descriptor(csv_export: Path):
    names = {p.name for p in csv_export.iterdir()}
    assert {f"{t}.csv" for t in TABLES} | {"datapackage.json"} <= names
    assert {n for n in names if n.endswith(".csv")} == {f"{t}.csv" for t in TABLES}
    assert "exclusions.csv" in names


def test_the_descriptor_describes_every_exported_column(csv_export: Path):
    pkg = json.loads((csv_export / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in pkg["resources"]] == list(TABLES)
    for res in pkg["resources"]:
        with (csv_export / res["path"]).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == header, res["name"]
        assert all(f["description"].strip() for f in fields), res["name"]
    targets = next(r for r in pkg["resources"] if r["name"] == "targets_2025")
    joined = {f["name"]: f for f in targets["schema"]["fields"]}
    assert joined["value"]["type"] == "number"
    assert joined["value"]["description"].startswith("From the indicators record named by "
                                                     "indicator_id")
    assert "required" not in joined["indicator_en"].get("constraints", {})  # left join


def test_the_csv_export_validates(csv_export: Path):
    code, report = _validate(csv_export / "datapackage.json")
    assert code == 0 and report["valid"], report
    assert [t["name"] for t in report["tasks"]] == list(TABLES)


def test_a_broken_export_fails_validation(csv_export: Path, tmp_path: Path):
    copy = Path(shutil.copytree(csv_export, tmp_path / "copy"))
    frame = pd.read_csv(copy / "exclusions.csv", keep_default_na=False, dtype=str)
    frame.loc[0, "char_start"] = "start"
    frame.to_csv(copy / "exclusions.csv", index=False)
    code, report = _validate(copy / "datapackage.json")
    assert code == 1
    assert [t["name"] for t in report["tasks"] if not t["valid"]] == ["exclusions"]


def test_the_workbook_validates_and_reads_well(tmp_path: Path):
    from openpyxl import load_workbook

    written = export_data("xlsx", tmp_path)
    assert [p.name for p in written][:2] == [WORKBOOK, "datapackage.json"]
    code, report = _validate(tmp_path / "datapackage.json")
    assert code == 0 and report["valid"], report
    book = load_workbook(tmp_path / WORKBOOK)
    assert book.sheetnames == list(TABLES)
    for name in TABLES:
        sheet = book[name]
        frame = datasets.load_table(name)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert sheet.max_column == len(frame.columns) and sheet.max_row == len(frame) + 1
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(8 <= w <= 62 for w in widths), (name, widths)
    ind = book["indicators"]
    width = {c.value: ind.column_dimensions[c.column_letter].width for c in ind[1]}
    assert width["quote"] == 62 and width["line"] < width["value"] < width["indicator_zh"] < 62


def test_the_parquet_descriptor_names_every_column(tmp_path: Path):
    export_data("parquet", tmp_path)
    pkg = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    for res in pkg["resources"]:
        columns = list(pd.read_parquet(tmp_path / res["path"]).columns)
        assert [f["name"] for f in res["schema"]["fields"]] == columns


def test_a_table_added_to_the_registry_is_exported(tmp_path: Path, monkeypatch):
    data = Path(shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data"))
    (data / "words.csv").write_text("term,meaning\n十三五,2016-2020\n", "utf-8")
    pkg = json.loads((data / "datapackage.json").read_text("utf-8"))
    pkg["resources"].append({
        "name": "words", "path": "words.csv", "profile": "tabular-data-resource",
        "format": "csv", "encoding": "utf-8", "schema": {"fields": [
            {"name": "term", "type": "string", "description": "A term."},
            {"name": "meaning", "type": "string", "description": "What it means."}]}})
    (data / "datapackage.json").write_text(json.dumps(pkg, ensure_ascii=False), "utf-8")
    out = tmp_path / "out"
    export_data("csv", out, data_dir=data)
    assert (out / "words.csv").read_text("utf-8").splitlines() == ["term,meaning",
                                                                  "十三五,2016-2020"]
    code, report = _validate(out / "datapackage.json")
    assert code == 0 and "words" in [t["name"] for t in report["tasks"]], report


def test_nothing_is_written_when_the_data_do_not_validate(tmp_path: Path):
    data = Path(shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data"))
    path = data / "exclusions.csv"
    path.write_text(path.read_text("utf-8") + "x,not in the article,date,because\n", "utf-8")
    with pytest.raises(DataValidationError, match="exclusions"):
        export_data("csv", tmp_path / "out", data_dir=data)
    # the output folder was checked (and made) before the data were read; nothing is in it
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unknown_format_and_table():
    with pytest.raises(ParameterError, match="unknown format 'docx'; use csv, xlsx, parquet"):
        export_data("docx")
    with pytest.raises(ParameterError, match=r"name must be a curated table .*got 'nope'"):
        datasets.load_table("nope")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_an_export_never_writes_into_curated_data(fmt: str, tmp_path: Path, monkeypatch):
    """The data directory the package reads (given, or from KAILI_DATA_DIR, or through a
    symbolic link) and a copy of it are refused before anything is written there."""
    data = Path(shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data"))
    copy = Path(shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "copy"))
    (tmp_path / "link").symlink_to(data)
    before = {folder: _snapshot(folder) for folder in (data, copy)}
    with pytest.raises(ParameterError, match=r"--output-dir '.*data' is the data directory "
                                             r"kaili reads .*Give another folder, such as"):
        export_data(fmt, data, data_dir=data)
    with pytest.raises(ParameterError, match="is the data directory kaili reads"):
        export_data(fmt, tmp_path / "link", data_dir=data)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(data))
    with pytest.raises(ParameterError, match="is the data directory kaili reads"):
        export_data(fmt, data)
    monkeypatch.delenv(config.DATA_DIR_ENV)
    with pytest.raises(ParameterError, match=r"'.*copy' holds a data package of its own "
                                             r"\(.*copy/datapackage.json\), such as a copy"):
        export_data(fmt, copy)
    assert {folder: _snapshot(folder) for folder in (data, copy)} == before


def test_an_export_may_replace_an_earlier_export(tmp_path: Path):
    first = export_data("xlsx", tmp_path)
    assert export_data("csv", tmp_path)[-2] == tmp_path / config.DATAPACKAGE_FILE
    assert (tmp_path / "indicators.csv").is_file() and first[0].is_file()


def test_csv_is_the_default_format(tmp_path: Path):
    written = export_data(output_dir=tmp_path)
    assert {p.suffix for p in written[:-2]} == {".csv"}
    assert json.loads((tmp_path / config.DATAPACKAGE_FILE).read_text("utf-8"))[
        "resources"][0]["format"] == "csv"
