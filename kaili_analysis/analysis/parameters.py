"""Parameter checks of the report notebooks, run by ``kaili render`` before any kernel starts.

Each report notebook names its checker in its metadata (``kaili.validate``); the notebook
also calls it in its first cell, so a run from JupyterLab or plain papermill fails the same
way. A checker takes the dict of parameter values and raises
:class:`~kaili_analysis.errors.ParameterError` with one clear line.

The checks run in the ``kaili`` process before the kernel starts, so they import no pandas
(half a second of start-up): the ids they need are read from the CSV files with
:func:`kaili_analysis.data.csvfile.read_csv`.
The tables themselves are validated in full when the report loads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kaili_analysis import config
from kaili_analysis.config import check_lang
from kaili_analysis.data.csvfile import read_csv
from kaili_analysis.data.quantities import check_base_year, check_horizon, period_years
from kaili_analysis.data.schema import read_datapackage, resource_file
from kaili_analysis.errors import DataValidationError, ParameterError

__all__ = [
    "article_report",
    "audit_report",
    "column_values",
    "livelihood_report",
    "overview_report",
    "pick_sections",
    "read_rows",
    "section_ids",
    "section_report",
    "targets_report",
]


def read_rows(table: str, *columns: str) -> list[dict[str, str]]:
    """The rows of a curated table as dicts of strings, read without pandas.

    Parameters
    ----------
    table
        A table of ``datapackage.json`` in the data directory
        (:func:`kaili_analysis.config.data_dir`); its file is the one the descriptor names.
    columns
        Columns the header must have.

    Raises
    ------
    DataValidationError
        If the descriptor or the file cannot be read, or the file lacks one of the columns.
    """
    root = config.data_dir()
    descriptor = root / config.DATAPACKAGE_FILE
    path = resource_file(root, read_datapackage(descriptor), table, descriptor=descriptor)
    first, records = read_csv(path, what=f"the table {table}")
    header = [h.strip() for h in first]
    for column in columns:
        if column not in header:
            raise DataValidationError(f"the header has no column {column!r}", path=path,
                                      line=1, column=column)
    return [{name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)}
            for _, cells in records]


def column_values(table: str, *columns: str) -> list[str]:
    """The non-empty values of ``columns`` of a curated table (column by column, in file
    order), read without pandas; see :func:`read_rows` for the errors."""
    rows = read_rows(table, *columns)
    return [row[c] for c in columns for row in rows if row[c]]


def section_ids() -> list[str]:
    """The ids of the article's sections, in order (from ``sections.csv``)."""
    return column_values("sections", "id")


def pick_sections(wanted: str | Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """The section ids named by ``wanted``: ``"all"`` (or empty), a comma-separated string
    or a list of ids, checked against ``known``.

    Raises
    ------
    ParameterError
        Naming an unknown section id and listing the known ones, or a section named twice.
    """
    if wanted in ("all", "", None):
        return list(known)
    if not isinstance(wanted, str | list | tuple):
        raise ParameterError(f"sections must be 'all' or a comma-separated list, got {wanted!r}")
    ids = [w.strip() for w in wanted.split(",")] if isinstance(wanted, str) else list(wanted)
    for number, sid in enumerate(ids):
        if sid not in known:
            raise ParameterError(
                f"sections must be 'all' or ids from {', '.join(known)}, got {sid!r}")
        if sid in ids[:number]:  # a section shown twice would repeat its headings' ids
            raise ParameterError(f"sections names {sid!r} twice; name each section once")
    return ids


def _lang(params: Mapping[str, Any]) -> None:
    check_lang(params.get("lang", "zh"))


def _goal_year() -> int | None:
    """The earliest year a numeric goal is set for, read from the curated tables."""
    records = set(column_values("targets_2025", "indicator_id"))
    years = [period_years(row["period"]) for row in read_rows("indicators", "id",
                                                              "period")
             if row["id"] in records]
    return min((y[1] for y in years if y), default=None)


def targets_report(params: Mapping[str, Any]) -> None:
    """Check the parameters of the targets report: the base year (before the goals' year),
    the horizon (after the base year), the scenario rates (keys of goals that can be
    projected) and the optional actuals CSV, whose content is validated in full."""
    _lang(params)
    base_year = check_base_year(params.get("base_year", 2020), _goal_year())
    horizon = params.get("horizon", 2025)
    check_horizon(base_year, horizon)
    rates = params.get("scenario_rates") or {}
    if rates:
        from kaili_analysis.analysis.targets import (
            targets_table,  # needs pandas: only when rates are given
        )

        targets_table(base_year, scenario=rates)
    path = _file_parameter(params, "actuals_csv")
    if path:
        from kaili_analysis.analysis.actuals import (
            load_actuals,  # needs pandas: only when a file is given
        )

        _read_file_parameter("actuals_csv", lambda: load_actuals(path, base_year=base_year,
                                                                  horizon=horizon))


def _file_parameter(params: Mapping[str, Any], name: str) -> str:
    """The optional file parameter ``name``: a path or '' (none given)."""
    path = params.get(name) or ""
    if not isinstance(path, str):
        raise ParameterError(f"{name} must be a file path or empty, got {path!r}")
    return path


def _read_file_parameter(name: str, read: Callable[[], Any]) -> None:
    """Read the file a parameter names: a bad file is a bad parameter, named as such."""
    try:
        read()
    except DataValidationError as exc:
        raise ParameterError(f"{name}: {exc}") from None


def article_report(params: Mapping[str, Any]) -> None:
    """Check the parameters of the article report (its language only)."""
    _lang(params)


def audit_report(params: Mapping[str, Any]) -> None:
    """Check the tolerance of the audit report."""
    _lang(params)
    tol = params.get("tolerance_pp", 0.5)
    if isinstance(tol, bool) or not isinstance(tol, int | float) or not 0 <= tol < 100:
        raise ParameterError(
            f"tolerance_pp must be a number of percentage points in [0, 100), got {tol!r}"
        )


def section_report(params: Mapping[str, Any]) -> None:
    """Check the section of the section profile."""
    _lang(params)
    ids = section_ids()
    section = params.get("section")
    if section not in ids:
        raise ParameterError(f"section must be one of {', '.join(ids)}, got {section!r}")


def livelihood_report(params: Mapping[str, Any]) -> None:
    """Check the optional progress CSV of the livelihood report (file, columns, ids)."""
    _lang(params)
    path = _file_parameter(params, "progress_csv")
    if path:
        from kaili_analysis.analysis.progress import (
            load_progress,  # needs pandas: only when a file is given
        )

        _read_file_parameter("progress_csv", lambda: load_progress(path))


def overview_report(params: Mapping[str, Any]) -> None:
    """Check the ``sections`` of the overview: 'all' or known section ids."""
    _lang(params)
    pick_sections(params.get("sections", "all"), section_ids())
