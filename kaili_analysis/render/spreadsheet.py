"""Exported tables that a spreadsheet opens as data, never as formulas (CSV injection).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula when a CSV file is opened; a formula can
fetch URLs or run commands (OWASP, "CSV Injection"). The curated data may come from another
data directory (``KAILI_DATA_DIR``), so every export goes through this module:

* CSV: :func:`neutralise_formulas` prefixes such a cell with a single quote (``'=1+1``), the
  OWASP rule; numbers stay numbers.
* XLSX: the writer (openpyxl) would store a text beginning with ``=`` as a formula;
  :func:`keep_text` turns such cells back into text cells marked "quote prefix", so the
  workbook shows the exact text and never evaluates it. Other text cells are stored as text
  already, which spreadsheets never evaluate.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_STARTS", "keep_text", "neutralise_formulas"]

#: The first characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a formula.

    Parameters
    ----------
    frame
        Any table.

    Returns
    -------
    pandas.DataFrame
        The same table; every text cell beginning with one of :data:`FORMULA_STARTS` has a
        leading ``'``. Numbers, dates and missing values are unchanged; so is ``attrs``.
    """
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_object_dtype(out[column])
                or pd.api.types.is_string_dtype(out[column])):
            continue
        out[column] = out[column].map(_cell)
    return out


def keep_text(worksheet: Any) -> int:
    """Turn every formula cell of an openpyxl worksheet into a text cell; return how many.

    Parameters
    ----------
    worksheet
        An :class:`openpyxl.worksheet.worksheet.Worksheet` just written from data.

    Returns
    -------
    int
        The number of cells changed (each keeps its exact text, shown and stored as text).
    """
    changed = 0
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
                cell.quotePrefix = True
                changed += 1
    return changed
