"""The CSV files users supply (progress figures, actual figures), read through
:func:`.csvfile.read_csv` and checked column by column.

A user file is outside the package's control, so it is read defensively and every problem is a
:class:`~kaili_analysis.errors.DataValidationError` naming the file, the line (the header is
line 1) and the column:

* UTF-8, with or without a byte-order mark; at most
  :data:`~kaili_analysis.config.USER_CSV_MAX_BYTES`;
* a header row is required; it must name every required column, may name the optional ones,
  and nothing else (an unknown column gets a did-you-mean), each once;
* every row has exactly as many cells as the header; blank lines are skipped;
* a cell holds at most :data:`~kaili_analysis.config.USER_CSV_MAX_CELL` characters;
* a key (one or more columns) may not repeat.

:func:`parse_number` and :func:`parse_year` read the cells that must be numbers: plain decimal
notation only (no ``nan``, ``inf``, ``1_000``, ``1,000`` or full-width digits), finite, at most
:data:`~kaili_analysis.config.USER_CSV_MAX_NUMBER` characters. :func:`unknown_id` builds the
message for an id that is not known, with the closest known ids.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kaili_analysis import config
from kaili_analysis.data.csvfile import read_csv
from kaili_analysis.errors import DataValidationError

__all__ = ["UserRow", "did_you_mean", "parse_number", "parse_year", "read_user_csv",
           "unknown_id"]

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class UserRow:
    """One data row of a user CSV: its 1-based line in the file and its cells by column
    (stripped of surrounding spaces)."""

    line: int
    cells: dict[str, str]


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or an empty string."""
    close = difflib.get_close_matches(word, sorted(set(known)), n=2, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"


def unknown_id(value: str, known: Iterable[str], what: str) -> str:
    """The message for an id that is not among ``known``: what it should be, the closest
    ids, and where the list is."""
    return f"{value!r} is not {what}{did_you_mean(value, known)}"


def _header(cells: list[str], required: Sequence[str], optional: Sequence[str],
            path: Path, what: str) -> list[str]:
    header = [c.strip() for c in cells]
    allowed = (*required, *optional)
    needs = (f"{what} needs the columns {', '.join(required)}"
             + (f" (optional: {', '.join(optional)})" if optional else ""))
    for col in required:
        if col not in header:
            raise DataValidationError(f"missing column; {needs}", path=path, line=1,
                                      column=col)
    seen: set[str] = set()
    for col in header:
        if not col:
            raise DataValidationError(f"a column without a name; {needs}", path=path, line=1)
        if col not in allowed:
            raise DataValidationError(
                f"unknown column{did_you_mean(col, allowed)}; allowed: {', '.join(allowed)}",
                path=path, line=1, column=col)
        if col in seen:
            raise DataValidationError("the column is named twice", path=path, line=1,
                                      column=col)
        seen.add(col)
    return header


def read_user_csv(
    path: str | os.PathLike[str],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    key: Sequence[str] = (),
    what: str = "the file",
) -> list[UserRow]:
    """Read a CSV file a user supplies, refusing anything malformed.

    Parameters
    ----------
    path
        The file.
    required, optional
        The columns the header must name, and those it may name besides.
    key
        Columns whose values together may not repeat (e.g. ``("id",)``); empty: no check.
    what
        What the file is, for messages ("progress file").

    Returns
    -------
    list of UserRow
        The data rows in file order, blank lines left out; optional columns the header
        does not name are absent from ``cells``.

    Raises
    ------
    DataValidationError
        Naming file, line and column: file missing, too large or not UTF-8; no header, a
        missing, unknown, unnamed or repeated column; a row with too many or too few cells;
        a cell that is too long; a repeated key.
    """
    if not isinstance(path, str | os.PathLike) or not str(path):
        raise DataValidationError(f"{what}: expected a file path, got {path!r}")
    path = Path(path)
    first, records = read_csv(path, what=what, max_bytes=config.USER_CSV_MAX_BYTES,
                              expect=f"{what} starts with a header row naming "
                                     f"{', '.join(required)}")
    if not any(c.strip() for c in first):
        raise DataValidationError(f"the first line is empty; {what} starts with a header row "
                                  f"naming {', '.join(required)}", path=path, line=1)
    header = _header(first, required, optional, path, what)
    rows: list[UserRow] = []
    keys: dict[tuple[str, ...], int] = {}
    for line, cells in records:
        if len(cells) != len(header):
            column = header[len(cells)] if len(cells) < len(header) else None
            raise DataValidationError(
                f"the row has {len(cells)} cells, the header {len(header)}"
                + ("" if column else "; quote a cell that contains a comma"),
                path=path, line=line, column=column)
        row = {}
        for col, cell in zip(header, cells, strict=True):
            if len(cell) > config.USER_CSV_MAX_CELL:
                raise DataValidationError(
                    f"the cell has {len(cell):,} characters; at most "
                    f"{config.USER_CSV_MAX_CELL}", path=path, line=line, column=col)
            row[col] = cell.strip()
        if key:
            value = tuple(row[k] for k in key)
            if value in keys:
                shown = ", ".join(f"{k}={v!r}" for k, v in zip(key, value, strict=True))
                raise DataValidationError(f"duplicate {shown} (also on line {keys[value]})",
                                          path=path, line=line, column=key[0])
            keys[value] = line
        rows.append(UserRow(line, row))
    return rows


def parse_number(text: str, *, path: str | os.PathLike[str], line: int, column: str,
                 allowed: str = "a number", minimum: float | None = None,
                 above: float | None = None) -> float:
    """A cell as a finite number in plain decimal notation.

    Parameters
    ----------
    text
        The cell.
    path, line, column
        Where it stands (for the message).
    allowed
        What the cell must be, for the message ("a non-negative number").
    minimum, above
        The number must be >= ``minimum`` / > ``above`` where given.

    Raises
    ------
    DataValidationError
        If the cell is empty, too long, not plain decimal notation, not finite, or out of range:
        "'abc' is not a non-negative number".
    """
    where = {"path": path, "line": line, "column": column}
    if len(text) > config.USER_CSV_MAX_NUMBER:
        raise DataValidationError(
            f"{text[:12]!r}… ({len(text)} characters) is too long for {allowed}; at most "
            f"{config.USER_CSV_MAX_NUMBER}", **where)
    if not _NUMBER.fullmatch(text):
        hint = " (write it without thousands separators)" if "," in text else ""
        raise DataValidationError(f"{text!r} is not {allowed}{hint}", **where)
    value = float(text)
    if not math.isfinite(value):
        raise DataValidationError(f"{text!r} is not {allowed}: it is not finite", **where)
    if (minimum is not None and value < minimum) or (above is not None and value <= above):
        raise DataValidationError(f"{text!r} is not {allowed}", **where)
    return value


def parse_year(text: str, *, path: str | os.PathLike[str], line: int, column: str,
               low: int, high: int) -> int:
    """A cell as a four-digit year in ``low``..``high``.

    Raises
    ------
    DataValidationError
        If the cell is not four digits or lies outside the range.
    """
    where = {"path": path, "line": line, "column": column}
    if not _YEAR.fullmatch(text):
        raise DataValidationError(f"{text[:12]!r} is not a year (four digits)", **where)
    year = int(text)
    if not low <= year <= high:
        raise DataValidationError(f"year {year} is outside {low}-{high}", **where)
    return year
