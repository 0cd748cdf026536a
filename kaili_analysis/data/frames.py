"""Frames a caller passes in: the one check that a table has the columns a function reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kaili_analysis.errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["require_columns"]

#: What a caller is told to pass when nothing more precise is known.
LOADER_OUTPUT = "the output of the matching kaili_analysis function"


def require_columns(frame: object, name: str, columns: Iterable[str], *,
                    expected: str = LOADER_OUTPUT, non_empty: bool = False) -> pd.DataFrame:
    """Return ``frame`` if it is a DataFrame with ``columns`` (and, if asked, a row).

    Parameters
    ----------
    frame
        What the caller passed.
    name
        The argument's name, for the message.
    columns
        The columns the function reads.
    expected
        What the argument should be, in words ("the output of load_indicators").
    non_empty
        Refuse a frame without rows too.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself.

    Raises
    ------
    ParameterError
        Naming the argument, the missing columns and what was expected.
    """
    import pandas as pd  # heavy: callers pass frames, so pandas is loaded already

    wanted = list(columns)
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas DataFrame ({expected}), "
                             f"got {type(frame).__name__}")
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise ParameterError(f"{name} is missing column(s) {', '.join(repr(c) for c in missing)}; "
                             f"expected {expected} with columns {', '.join(wanted)}")
    if non_empty and frame.empty:
        raise ParameterError(f"{name} is empty; expected {expected} with at least one row")
    return frame
