"""Progress against the 2022 commitments, from actual figures a user supplies in a CSV.

The CSV has a header row and the columns ``id`` (a commitment id of ``projects_2022.csv``)
and ``actual`` (the figure achieved, in the commitment's own unit: 9000 for 9000户, 1.4 for
1.4万人); ``as_of`` and ``note`` are optional. Example::

    id,actual,as_of,note
    p02_shantytown,7450,2022-12-31,city statistics bureau
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import pandas as pd

from .datasets import load_projects
from .errors import DataValidationError

__all__ = ["PROGRESS_COLUMNS", "load_progress", "merge_progress"]

PROGRESS_COLUMNS = ("id", "actual")
_OPTIONAL = ("as_of", "note")


def load_progress(path: str | os.PathLike[str], *,
                  data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate a progress CSV.

    Parameters
    ----------
    path
        The CSV file.
    data_dir
        Another copy of the data directory (for the list of commitment ids).

    Returns
    -------
    pandas.DataFrame
        Columns id, actual (float), as_of, note.

    Raises
    ------
    DataValidationError
        If the file is missing or not UTF-8 CSV, a required column is missing or an unknown
        one is present, an id is not a commitment id or repeats, or an actual is not a
        non-negative number; the message names the file, line and column.
    """
    path = Path(path)
    if not path.is_file():
        raise DataValidationError("progress file not found", path=path)
    known = set(load_projects(data_dir)["id"])
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            for col in PROGRESS_COLUMNS:
                if col not in header:
                    raise DataValidationError(
                        f"missing column; a progress file needs {', '.join(PROGRESS_COLUMNS)} "
                        f"(optional: {', '.join(_OPTIONAL)})", path=path, line=1, column=col)
            for col in header:
                if col not in (*PROGRESS_COLUMNS, *_OPTIONAL):
                    raise DataValidationError(
                        f"unknown column; allowed: {', '.join((*PROGRESS_COLUMNS, *_OPTIONAL))}",
                        path=path, line=1, column=col)
            rows, seen = [], {}
            for rec in reader:
                line = reader.line_num
                rec = {k.strip(): (v or "").strip() for k, v in rec.items() if k}
                rid = rec["id"]
                if rid not in known:
                    raise DataValidationError(
                        f"{rid!r} is not a 2022 commitment id (see kaili data export or "
                        "data/projects_2022.csv)", path=path, line=line, column="id")
                if rid in seen:
                    raise DataValidationError(
                        f"duplicate id {rid!r} (also on line {seen[rid]})",
                        path=path, line=line, column="id")
                seen[rid] = line
                try:
                    actual = float(rec["actual"])
                except ValueError:
                    actual = math.nan
                if not math.isfinite(actual) or actual < 0:
                    raise DataValidationError(
                        f"{rec['actual']!r} is not a non-negative number",
                        path=path, line=line, column="actual")
                rows.append({"id": rid, "actual": actual, "as_of": rec.get("as_of", ""),
                             "note": rec.get("note", "")})
    except UnicodeDecodeError as exc:
        raise DataValidationError(f"not UTF-8 text: {exc}", path=path) from None
    except csv.Error as exc:
        raise DataValidationError(f"malformed CSV: {exc}", path=path) from None
    return pd.DataFrame(rows, columns=["id", "actual", "as_of", "note"])


def merge_progress(projects: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    """Add ``actual`` and ``progress`` (actual ÷ commitment, a fraction) to the projects.

    Commitments without a reported figure get NaN in both columns.
    """
    merged = projects.merge(progress[["id", "actual", "as_of"]], on="id", how="left")
    merged["actual"] = merged["actual"].astype("float64")
    merged["progress"] = merged["actual"] / merged["value"]
    return merged
