"""``kaili data export``: every curated table for other tools, with a data package of its own.

Every table of ``datapackage.json`` is written as the library loads it
(:func:`kaili_analysis.data.loaders.load_table`): validated, the joined columns of
``targets_2025`` and ``projects_2022`` included, and the locator columns (where each quote
stands in the raw article). Formats:

* ``csv``: one UTF-8 file per table;
* ``xlsx``: one workbook, a sheet per table, with a frozen header row, filters on every column
  and column widths that fit the contents (capped);
* ``parquet``: one file per table (typed by pyarrow).

Beside the tables goes a ``datapackage.json`` (Frictionless Data Package) that describes every
exported column: the fields of the table's own schema in ``data/datapackage.json``, the
locator fields, and each joined column with the field it comes from (its constraints that
cannot hold after a left join, ``required`` and ``unique``, dropped). The CSV and XLSX
packages validate with ``frictionless validate``; validating the Parquet one needs
frictionless's parquet plugin (``fastparquet``), which the package does not install.
Every file is written atomically.

An export never writes into curated data: a folder that is the data directory the package
reads, or that holds a ``datapackage.json`` other than an earlier export's (a copy of
``data/``, another data package), is refused before anything is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.data.schema import read_datapackage, table_names
from kaili_analysis.data.schema import resource as find
from kaili_analysis.data.version import data_version
from kaili_analysis.errors import ParameterError
from kaili_analysis.render._files import atomic_path, write_atomic
from kaili_analysis.render.preflight import check_output_dir

__all__ = ["DATA_FORMATS", "WORKBOOK", "export_data", "export_descriptor"]

#: Formats of ``kaili data export``.
DATA_FORMATS = ("csv", "xlsx", "parquet")
#: The workbook of the xlsx export.
WORKBOOK = "kaili_data.xlsx"
_MAX_WIDTH = 60  # columns of the widest sheet column; a longer cell (a quote) shows cut off
_MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_DROPPED_AFTER_JOIN = ("required", "unique")
_EXPORT_SUFFIX = "-export"  # the name of an export's data package ends so
_MAX_DESCRIPTOR_BYTES = 1 << 20  # a larger datapackage.json is not one an export wrote


def _plain(value: Any) -> Any:
    """Read-only mappings and tuples of the loaded descriptors as JSON values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _inferred(name: str, dtype: Any, description: str) -> dict[str, Any]:
    kind = dtype.kind
    type_ = {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}.get(kind, "string")
    return {"name": name, "type": type_, "description": description}


def _joined_from(pkg: Mapping[str, Any], resource: Mapping[str, Any],
                 column: str) -> dict[str, Any] | None:
    """The field of a resource that ``resource`` references (its first foreign key to it)
    with the name ``column``, described as joined."""
    for key in resource["schema"].get("foreignKeys", []):
        other = find(pkg, key["reference"]["resource"])
        for field in other["schema"]["fields"]:
            if field["name"] == column:
                out = _plain(field)
                constraints = {k: v for k, v in out.pop("constraints", {}).items()
                               if k not in _DROPPED_AFTER_JOIN}
                if constraints:
                    out["constraints"] = constraints
                via = ", ".join(key["fields"])
                out["description"] = (f"From the {other['name']} record named by {via}: "
                                      f"{field.get('description', '')}").strip()
                return out
    return None


def _schema(pkg: Mapping[str, Any], name: str, frame: Any) -> dict[str, Any]:
    # the locators module loads pandas: only when an export is written
    from kaili_analysis.data.locators import LOCATOR_FIELDS
    res = find(pkg, name)
    own = {f["name"]: _plain(f) for f in res["schema"]["fields"]}
    locators = {str(f["name"]): _plain(f) for f in LOCATOR_FIELDS}
    described = dict(frame.attrs.get("descriptions", {}))
    fields = []
    for column in frame.columns:
        field = (own.get(column) or locators.get(column) or _joined_from(pkg, res, column)
                 or _inferred(column, frame[column].dtype, described.get(column, "")))
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    for key in ("primaryKey", "foreignKeys", "missingValues"):
        if key in res["schema"]:
            schema[key] = _plain(res["schema"][key])
    return schema


def export_descriptor(tables: Mapping[str, Any], fmt: str, *,
                      data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The ``datapackage.json`` of an export: one resource per table of ``tables``.

    Parameters
    ----------
    tables
        Table name -> the DataFrame as exported (its columns in order).
    fmt
        ``csv``, ``xlsx`` or ``parquet``: the resources' paths and formats.
    data_dir
        The data directory whose descriptor holds the tables' own schemas.
    """
    root = config.data_dir(data_dir)
    pkg = read_datapackage(root / config.DATAPACKAGE_FILE)
    resources = []
    for name, frame in tables.items():
        res = find(pkg, name)
        entry: dict[str, Any] = {
            "name": name, "profile": "tabular-data-resource",
            "path": WORKBOOK if fmt == "xlsx" else f"{name}.{fmt}",
            "format": fmt, "mediatype": _MEDIATYPES[fmt],
            "description": res.get("description", ""),
            "schema": _schema(pkg, name, frame),
        }
        if fmt == "csv":
            entry["encoding"] = "utf-8"
        if fmt == "xlsx":
            entry["dialect"] = {"excel": {"sheet": name[:31]}}
        resources.append(entry)
    return {
        "profile": "tabular-data-package",
        "name": f"{pkg.get('name', 'kaili')}{_EXPORT_SUFFIX}",
        "title": f"{pkg.get('title', 'Kaili data')} (export)",
        "description": "The curated tables as the kaili_analysis library loads them: "
                       "validated, joined columns and locators in the raw article included.",
        "version": data_version(data_dir),
        "licenses": _plain(pkg.get("licenses", [])),
        "sources": _plain(pkg.get("sources", [])),
        "resources": resources,
    }


def _text_width(value: Any) -> int:
    if isinstance(value, float):
        text = "" if value != value else format(value, ".10g")  # as a spreadsheet shows it
    else:
        text = "" if value is None else str(value)
    # a CJK character takes about two columns of a Latin one
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_workbook(tables: Mapping[str, Any], final: Path) -> Path:
    # pandas and openpyxl (and spreadsheet, which loads pandas): only for an xlsx export
    import pandas as pd
    from openpyxl.utils import get_column_letter

    from kaili_analysis.render.spreadsheet import keep_text  # loads pandas: only when needed

    with atomic_path(final) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            keep_text(sheet)  # a text that looks like a formula stays text
            sheet.freeze_panes = "A2"  # the header row stays in view
            sheet.auto_filter.ref = sheet.dimensions  # a filter on every column
            for number, column in enumerate(frame.columns, 1):
                widest = max([_text_width(column),
                              *(_text_width(v) for v in frame[column].head(500))])
                sheet.column_dimensions[get_column_letter(number)].width = (
                    min(max(widest, 6), _MAX_WIDTH) + 2)
    return final


def _extra_files(out: Path, data_dir: str | os.PathLike[str] | None) -> list[Path]:
    """Files written beside the tables and their datapackage.json, from the data in
    ``data_dir``; return their paths.

    This is the one place where an export adds files of its own: the claim ledger
    ``claims.json`` (:func:`kaili_analysis.analysis.audit.ledger.claim_ledger`), each claim
    with its explanation written out in Chinese and English for readers of the file.
    """
    # the audit loads pandas and the tables: only when the ledger is exported
    from kaili_analysis.analysis.audit.ledger import claim_ledger
    from kaili_analysis.show.words.findings import phrase  # pulls in the audit (pandas)

    ledger = claim_ledger(data_dir=data_dir)
    for claim in ledger["claims"]:
        claim.update({f"explanation_{lang}": phrase(claim["explanation"], lang)
                      for lang in ("zh", "en")})
    text = json.dumps(ledger, ensure_ascii=False, indent=2, allow_nan=False)
    return [write_atomic(out / "claims.json", text + "\n")]


def _written_by_export(path: Path) -> bool:
    """Whether ``path`` (a ``datapackage.json``) is the descriptor of an earlier export."""
    try:
        if not path.is_file() or path.stat().st_size > _MAX_DESCRIPTOR_BYTES:
            return False
        pkg = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return (isinstance(pkg, dict) and pkg.get("profile") == "tabular-data-package"
            and str(pkg.get("name", "")).endswith(_EXPORT_SUFFIX))


def _refuse_curated(output_dir: str | os.PathLike[str], data_root: Path) -> None:
    """Raise :class:`ParameterError` if ``output_dir`` holds curated data (see the module)."""
    raw = os.fspath(output_dir)
    target = Path(os.path.realpath(os.path.expanduser(raw))) if raw else None
    if target is None or not target.is_dir():
        return  # a new folder holds nothing yet (check_output_dir judges the path itself)
    descriptor = target / config.DATAPACKAGE_FILE
    if target == Path(os.path.realpath(data_root)):
        what = f"is the data directory kaili reads ({data_root})"
    elif descriptor.exists() and not _written_by_export(descriptor):
        what = f"holds a data package of its own ({descriptor}), such as a copy of data/"
    else:
        return
    raise ParameterError(f"--output-dir {raw!r} {what}; an export would overwrite its "
                         f"tables and datapackage.json. Give another folder, such as "
                         f"{config.REPORTS_DIR / 'data'} (the default)")


def export_data(fmt: str = "csv", output_dir: str | os.PathLike[str] | None = None, *,
                data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write every curated table in ``fmt`` with a ``datapackage.json``; return the files.

    Parameters
    ----------
    fmt
        ``csv`` (the default), ``xlsx`` or ``parquet``.
    output_dir
        Where to write (default ``reports/data`` of the current directory); not a folder of
        curated data.
    data_dir
        Another copy of the data directory (default :func:`kaili_analysis.config.data_dir`).

    Returns
    -------
    list of Path
        The tables (or the workbook), then ``datapackage.json``, then any extra files.

    Raises
    ------
    ParameterError
        If ``fmt`` is not a known format, or ``output_dir`` is the data directory or holds
        another data package (nothing is written then).
    DataValidationError
        If the data do not validate (nothing is written then).
    """
    # the loaders and the spreadsheet rules load pandas: only when an export is written
    from kaili_analysis.data.loaders import load_table
    from kaili_analysis.render.spreadsheet import neutralise_formulas

    if fmt not in DATA_FORMATS:
        raise ParameterError(f"data export: unknown format {fmt!r}; use "
                             f"{', '.join(DATA_FORMATS)}")
    root = config.data_dir(data_dir)
    wanted = output_dir if output_dir is not None else config.REPORTS_DIR / "data"
    _refuse_curated(wanted, root)
    out = check_output_dir(wanted)
    names = table_names(read_datapackage(root / config.DATAPACKAGE_FILE))
    tables = {name: load_table(name, data_dir) for name in names}
    descriptor = export_descriptor(tables, fmt, data_dir=data_dir)
    written = []
    if fmt == "xlsx":
        written.append(_write_workbook(tables, out / WORKBOOK))
    for name, frame in tables.items() if fmt != "xlsx" else ():
        final = out / f"{name}.{fmt}"
        with atomic_path(final) as tmp:
            if fmt == "csv":
                # OWASP's CSV-injection rule: a cell that a spreadsheet would read as a
                # formula starts with a quote
                neutralise_formulas(frame).to_csv(tmp, index=False, encoding="utf-8")
            else:
                frame.attrs = {}
                frame.to_parquet(tmp, index=False)
        written.append(final)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    written.append(write_atomic(out / config.DATAPACKAGE_FILE, text))
    written += _extra_files(out, data_dir)
    return written
