"""The one way a CSV file is read: curated tables, user files, the report parameter checks.

:func:`read_csv` takes UTF-8 with or without a byte-order mark (as Excel saves it), any line
ending, quoted cells over several lines; it skips blank records and gives each record the
1-based line it starts on (the header is line 1). Every problem is a
:class:`~kaili_analysis.errors.DataValidationError` naming the file and the line: a missing
file, one larger than the caller's limit, bytes that are not UTF-8, malformed quoting, no
header. What the columns must be is the caller's business (:mod:`.schema` checks a Table
Schema, :mod:`.usercsv` a user file's columns). No pandas: the ``kaili`` command reads ids
with it before any kernel starts.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from kaili_analysis.errors import DataValidationError

__all__ = ["read_csv"]


def _text(path: Path, what: str, max_bytes: int | None) -> str:
    if not path.is_file():
        raise DataValidationError(f"{what} not found", path=path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise DataValidationError(f"{what} is {size:,} bytes; at most {max_bytes:,} are read",
                                  path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataValidationError(f"cannot read {what}: {exc.strerror}", path=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataValidationError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=path, line=line) from None


#: A file's header and its records, each with the line it starts on.
Records = tuple[list[str], list[tuple[int, list[str]]]]


def read_csv(path: str | os.PathLike[str], *, what: str = "the file",
             max_bytes: int | None = None, expect: str = "expected a header row") -> Records:
    """Read a CSV file into its header and its records.

    Parameters
    ----------
    path
        The file.
    what
        What the file is, for messages ("progress file").
    max_bytes
        The largest size read; None for no limit.
    expect
        What the header must be, said after "the file is empty; " when there is none.

    Returns
    -------
    header, rows
        The first record's cells as written (not stripped), and each later record that has a
        non-blank cell as ``(line it starts on, cells)``.

    Raises
    ------
    DataValidationError
        Naming file and line: the file is missing, larger than ``max_bytes``, not UTF-8,
        empty, or not well-formed CSV.
    """
    path = Path(path)
    text = _text(path, what, max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise DataValidationError(f"the file is empty; {expect}", path=path, line=1)
        rows: list[tuple[int, list[str]]] = []
        end = reader.line_num
        for cells in reader:
            line, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
    except csv.Error as exc:
        raise DataValidationError(f"malformed CSV: {exc}", path=path,
                                  line=reader.line_num or 1) from None
    return header, rows
