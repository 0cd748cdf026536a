"""The exception tree of kaili-analysis.

Every error the library raises on purpose derives from :class:`KailiError`, so a caller
can catch one type. Messages name the argument or file, what was allowed and what came.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BrowserNotFoundError",
    "DataValidationError",
    "ExecutionError",
    "FontNotFoundError",
    "KailiError",
    "NotebookError",
    "NotebookNotFoundError",
    "ParameterError",
    "RawDataChangedError",
    "RenderError",
    "UnitError",
]


class KailiError(Exception):
    """Base class of every error raised by kaili-analysis."""


class ParameterError(KailiError, ValueError):
    """A function or notebook parameter has a value outside what is allowed."""


class UnitError(KailiError, ValueError):
    """A unit string is not one the library knows (it never guesses)."""


class DataValidationError(KailiError, ValueError):
    """A data file does not match its schema.

    Parameters
    ----------
    message
        What was wrong and what was expected.
    path
        The file that failed, if any.
    line
        1-based line number in that file (the header is line 1), if known.
    column
        The column that failed, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.reason = message
        where = []
        if self.path is not None:
            where.append(str(self.path.name if self.path.is_absolute() else self.path))
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class RawDataChangedError(DataValidationError):
    """The raw article no longer has the sha256 recorded in its metadata."""


class RenderError(KailiError):
    """Rendering a report failed."""


class NotebookNotFoundError(RenderError, ParameterError):
    """The named report notebook does not exist."""


class NotebookError(RenderError, ParameterError):
    """A notebook cannot be rendered as given: not a notebook, or its ``kaili`` metadata or
    parameters cell is broken (the message says which and how to fix it)."""


class ExecutionError(RenderError):
    """A notebook cell raised while the report was executed.

    Parameters
    ----------
    notebook
        The notebook's name.
    cell
        1-based index of the failing code cell, if known.
    ename, evalue
        The exception's type name and message as the kernel reported them.
    failed_path
        Where the executed notebook with the error was kept, if it was.
    """

    def __init__(
        self,
        notebook: str,
        *,
        cell: int | None = None,
        ename: str = "",
        evalue: str = "",
        failed_path: Path | None = None,
    ) -> None:
        self.notebook = notebook
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        self.failed_path = failed_path
        where = f"cell {cell}" if cell is not None else "a cell"
        msg = f"notebook {notebook!r} failed in {where}: {ename}: {evalue}".rstrip(": ")
        if failed_path is not None:
            msg += f" (executed notebook kept at {failed_path})"
        super().__init__(msg)


class BrowserNotFoundError(RenderError):
    """No Chromium executable was found for printing PDFs."""


class FontNotFoundError(KailiError):
    """No Simplified-Chinese font is known to matplotlib, so charts would show empty boxes."""
