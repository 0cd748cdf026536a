"""The data package descriptor ``datapackage.json`` and the validation of the tables against
their Table Schema.

The descriptor is the one list of the data files: :func:`table_names` gives the tables in load
order, :func:`resource_file` the file of any resource (the raw article included), always inside
the data directory. Each table's schema is the one written contract for its data: field names,
types, required fields, enums, patterns, ranges, primary and foreign keys. This module applies
it generically; the article-specific checks (quotes, units) live in
:mod:`kaili_analysis.data.loaders`. Cheap to import: pandas loads when a table is read.

Every failure raises :class:`~kaili_analysis.errors.DataValidationError` naming the file, the
1-based line (the header is line 1) and the column, and saying what was expected.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from kaili_analysis import config
from kaili_analysis.data.csvfile import read_csv
from kaili_analysis.errors import DataValidationError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["check_foreign_keys", "read_datapackage", "read_table", "resource", "resource_file",
           "table_names"]

#: Name of the hidden column that keeps each row's line number in its file.
LINE = "line_no"
#: A number field: plain decimal notation (no ``nan``, ``inf``, ``1_000``, full-width digits).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_MAX_NUMBER_CHARS = 40


def read_datapackage(path: Path) -> dict[str, Any]:
    """Read a datapackage.json descriptor.

    Raises
    ------
    DataValidationError
        If the file is missing or is not valid JSON with a ``resources`` list.
    """
    if not path.is_file():
        raise DataValidationError(
            "the data package descriptor is missing; every data directory needs one "
            "(copy data/datapackage.json from the repository)",
            path=path,
        )
    try:
        pkg = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataValidationError(f"not valid UTF-8 JSON: {exc}", path=path) from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise DataValidationError("expected a JSON object with a 'resources' list", path=path)
    return pkg


def _descriptor_line(path: Path | None, name: str) -> int | None:
    """The line of ``"name": "<name>"`` in the descriptor file, if it can be found."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.search(r'"name"\s*:\s*' + re.escape(json.dumps(name)), text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def resource(pkg: Mapping[str, Any], name: str, *, table: bool = False,
             path: Path | None = None) -> dict[str, Any]:
    """Return the resource called ``name`` from a data package descriptor.

    Parameters
    ----------
    pkg
        The descriptor (:func:`read_datapackage`).
    name
        The resource's name.
    table
        Check that it describes a table: a ``path`` and a ``schema`` with a list of named
        ``fields``.
    path
        The descriptor's file, for messages (they then give the resource's line).

    Raises
    ------
    DataValidationError
        If there is no such resource, or (``table``) it lacks a path or a usable schema.
    """
    found = [r for r in pkg["resources"] if isinstance(r, Mapping) and r.get("name") == name]
    if not found:
        names = ", ".join(str(r.get("name")) for r in pkg["resources"]
                          if isinstance(r, Mapping))
        raise DataValidationError(f"no resource named {name!r} in datapackage.json (have: "
                                  f"{names})", path=path)
    res = dict(found[0])
    if table:
        where = {"path": path, "line": _descriptor_line(path, name)}
        if not isinstance(res.get("path"), str) or not res["path"]:
            raise DataValidationError(f"resource {name!r} has no 'path' to its CSV file",
                                      column="path", **where)
        schema = res.get("schema")
        if not isinstance(schema, Mapping):
            raise DataValidationError(
                f"resource {name!r} has no 'schema'; every table needs its Table Schema "
                "(fields with name and type)", column="schema", **where)
        fields = schema.get("fields")
        if (not isinstance(fields, list) or not fields
                or not all(isinstance(f, Mapping) and isinstance(f.get("name"), str)
                           for f in fields)):
            raise DataValidationError(f"the schema of resource {name!r} needs a list of "
                                      "fields, each with a name", column="schema", **where)
    return res


def table_names(pkg: Mapping[str, Any]) -> list[str]:
    """The names of the descriptor's tables (every resource but the article), in its order:
    the order they are validated and hashed in (foreign keys point back)."""
    return [str(r.get("name")) for r in pkg["resources"]
            if isinstance(r, Mapping) and r.get("name") != config.ARTICLE_RESOURCE]


def resource_file(root: Path, pkg: Mapping[str, Any], name: str, *,
                  descriptor: Path | None = None) -> Path:
    """The file of the resource ``name``: its ``path``, relative to the data directory
    ``root`` and inside it.

    Parameters
    ----------
    root
        The data directory (where ``datapackage.json`` is).
    pkg
        The descriptor (:func:`read_datapackage`).
    name
        The resource's name.
    descriptor
        The descriptor's file, for messages (they then give the resource's line).

    Raises
    ------
    DataValidationError
        If there is no such resource, it has no ``path``, or the path is absolute or leaves
        the data directory (whether or not the file exists is the reader's business).
    """
    res = resource(pkg, name, path=descriptor)
    where = {"path": descriptor, "line": _descriptor_line(descriptor, name), "column": "path"}
    raw = res.get("path")
    if not isinstance(raw, str) or not raw.strip():
        raise DataValidationError(f"resource {name!r} has no 'path' to its file", **where)
    rel = PurePosixPath(raw)
    if rel.is_absolute() or ".." in rel.parts or "\\" in raw or ":" in raw:
        raise DataValidationError(
            f"resource {name!r}: the path must be a file inside the data folder, written "
            f"relative to datapackage.json with '/' (like 'raw/article.txt'), got {raw!r}",
            **where)
    return root / rel


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header, rows = read_csv(path)
    return [h.strip() for h in header], rows


def _convert(value: str, field: Mapping[str, Any], path: Path, line: int) -> Any:
    name, ftype = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    if value == "":
        if cons.get("required"):
            raise DataValidationError(
                f"is empty; a value is required ({field.get('description', '')})".rstrip(" ()"),
                path=path, line=line, column=name,
            )
        return math.nan if ftype in {"number", "integer"} else ""
    shown = value if len(value) <= 40 else f"{value[:20]}… ({len(value):,} characters)"
    if ftype == "number":
        out: Any = math.nan
        if len(value) <= _MAX_NUMBER_CHARS and _NUMBER.fullmatch(value):
            out = float(value)
        if not _NUMBER.fullmatch(value) or len(value) > _MAX_NUMBER_CHARS:
            raise DataValidationError(
                f"{shown!r} is not a number in plain decimal notation (at most "
                f"{_MAX_NUMBER_CHARS} characters)", path=path, line=line, column=name
            )
        if not math.isfinite(out):
            raise DataValidationError(
                f"{shown!r} is not a finite number", path=path, line=line, column=name
            )
    elif ftype == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
            raise DataValidationError(
                f"{shown!r} is not an integer", path=path, line=line, column=name
            )
        out = int(value) if len(value.strip().lstrip("+-")) <= 18 else None
        if out is None or not -(2**63) <= out < 2**63:
            raise DataValidationError(
                f"{shown!r} is too large for an integer (at most 18 digits)",
                path=path, line=line, column=name)
    else:
        out = value
    if "enum" in cons and out not in cons["enum"]:
        allowed = ", ".join(repr(v) for v in cons["enum"] if v != "")
        raise DataValidationError(
            f"{value!r} is not allowed; expected one of {allowed}",
            path=path, line=line, column=name,
        )
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        raise DataValidationError(
            f"{value!r} does not match the pattern {cons['pattern']}",
            path=path, line=line, column=name,
        )
    if "minimum" in cons and out < cons["minimum"]:
        raise DataValidationError(
            f"{value!r} is below the minimum {cons['minimum']}", path=path, line=line, column=name
        )
    if "maximum" in cons and out > cons["maximum"]:
        raise DataValidationError(
            f"{value!r} is above the maximum {cons['maximum']}", path=path, line=line, column=name
        )
    return out


def read_table(path: Path, schema: Mapping[str, Any]) -> pd.DataFrame:
    """Read one CSV file and validate it against its Table Schema.

    Parameters
    ----------
    path
        The CSV file (UTF-8, header row).
    schema
        The resource's ``schema`` object: ``fields``, optional ``primaryKey``.

    Returns
    -------
    pandas.DataFrame
        Columns in schema order with their declared types, plus a ``line_no`` column holding
        each row's line number in the file (the header is line 1).

    Raises
    ------
    DataValidationError
        On a missing or unknown column, a row with the wrong number of cells, a value of the
        wrong type, outside its enum, pattern or range, a missing required value, or a
        duplicate key.
    """
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    header, rows = _read_rows(path)
    for name in names:
        if name not in header:
            raise DataValidationError(
                f"missing column; the header must contain {', '.join(names)}",
                path=path, line=1, column=name,
            )
    for name in header:
        if name not in names:
            raise DataValidationError(
                f"unknown column; allowed columns are {', '.join(names)}",
                path=path, line=1, column=name,
            )
    positions = {name: header.index(name) for name in names}
    records = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise DataValidationError(
                f"has {len(cells)} cells, the header has {len(header)}", path=path, line=line
            )
        rec = {f["name"]: _convert(cells[positions[f["name"]]].strip(), f, path, line)
               for f in fields}
        rec[LINE] = line
        records.append(rec)
    _check_unique(records, fields, schema.get("primaryKey"), path)
    # pandas: the descriptor functions of this module serve the kaili command without it
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=[*names, LINE])
    for f in fields:
        if f.get("type") == "integer":
            frame[f["name"]] = frame[f["name"]].astype("int64")
        elif f.get("type") == "number":
            frame[f["name"]] = frame[f["name"]].astype("float64")
    return frame


def _check_unique(
    records: Sequence[Mapping[str, Any]],
    fields: Sequence[Mapping[str, Any]],
    primary_key: Sequence[str] | str | None,
    path: Path,
) -> None:
    keys: list[list[str]] = [
        [f["name"]] for f in fields if f.get("constraints", {}).get("unique")
    ]
    if primary_key:
        keys.append([primary_key] if isinstance(primary_key, str) else list(primary_key))
    for key in keys:
        seen: dict[tuple[Any, ...], int] = {}
        for rec in records:
            value = tuple(rec[k] for k in key)
            first = seen.setdefault(value, rec[LINE])
            if first != rec[LINE]:
                shown = ", ".join(str(v) for v in value)
                raise DataValidationError(
                    f"duplicate value {shown!r} (also on line {first}); values must be unique",
                    path=path, line=rec[LINE], column="+".join(key),
                )


def check_foreign_keys(
    frame: pd.DataFrame,
    schema: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    path: Path,
) -> None:
    """Check that every non-empty foreign-key value exists in the referenced table.

    Parameters
    ----------
    frame
        The table read by :func:`read_table`.
    schema
        Its Table Schema (``foreignKeys``).
    tables
        Already loaded tables by resource name.
    path
        The file, for error messages.

    Raises
    ------
    DataValidationError
        Naming the line and column of the first dangling reference.
    """
    for fk in schema.get("foreignKeys", []):
        try:
            (column,) = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            target = tables[ref["resource"]]
            (ref_col,) = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            known = set(target[ref_col])
            values = frame[column]
        except (KeyError, TypeError, ValueError) as exc:
            raise DataValidationError(
                f"a foreign key of its schema in datapackage.json cannot be used ({fk!r}: "
                f"{type(exc).__name__} {exc}); it needs fields and a reference to an earlier "
                "table's fields", path=path) from None
        for value, line in zip(values, frame[LINE], strict=True):
            if value != "" and value not in known:
                raise DataValidationError(
                    f"{value!r} is not an {ref_col} of {ref['resource']}",
                    path=path, line=int(line), column=column,
                )
