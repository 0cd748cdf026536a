"""Progress against the 2022 commitments, from actual figures a user supplies in a CSV.

The CSV has a header row and the columns ``id`` (a commitment id of ``projects_2022.csv``)
and ``actual`` (the figure achieved, in the commitment's own unit: 9000 for 9000户, 1.4 for
1.4万人); ``as_of`` and ``note`` are optional. Example::

    id,actual,as_of,note
    p02_shantytown,7450,2022-12-31,city statistics bureau
"""

from __future__ import annotations

import os

import pandas as pd

from kaili_analysis.data.loaders import load_projects
from kaili_analysis.data.usercsv import parse_number, read_user_csv, unknown_id
from kaili_analysis.errors import DataValidationError

__all__ = ["PROGRESS_COLUMNS", "load_progress", "merge_progress"]

PROGRESS_COLUMNS = ("id", "actual")
_OPTIONAL = ("as_of", "note")


def load_progress(path: str | os.PathLike[str], *,
                  data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate a progress CSV.

    The file is read by :func:`kaili_analysis.data.usercsv.read_user_csv` (UTF-8 with or
    without BOM, a header, rows as wide as the header, no repeated id).

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
        one is present, a row has too many or too few cells, an id is not a commitment id
        (with the closest ids) or repeats, or an actual is not a non-negative number; the
        message names the file, line and column.
    """
    rows = read_user_csv(path, required=PROGRESS_COLUMNS, optional=_OPTIONAL, key=("id",),
                         what="progress file")
    known = list(load_projects(data_dir)["id"])
    out = []
    for row in rows:
        rid = row.cells["id"]
        if rid not in known:
            raise DataValidationError(
                unknown_id(rid, known, "a 2022 commitment id")
                + " (see kaili data export or data/projects_2022.csv)",
                path=path, line=row.line, column="id")
        actual = parse_number(row.cells["actual"], path=path, line=row.line, column="actual",
                              allowed="a non-negative number", minimum=0)
        out.append({"id": rid, "actual": actual, "as_of": row.cells.get("as_of", ""),
                    "note": row.cells.get("note", "")})
    return pd.DataFrame(out, columns=["id", "actual", "as_of", "note"])


def merge_progress(projects: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    """Add ``actual`` and ``progress`` (actual ÷ commitment, a fraction) to the projects.

    Commitments without a reported figure get NaN in both columns.
    """
    merged = projects.merge(progress[["id", "actual", "as_of"]], on="id", how="left")
    merged["actual"] = merged["actual"].astype("float64")
    merged["progress"] = merged["actual"] / merged["value"]
    return merged
