"""Any notebook as something to render: find it by name or path, read its parameters.

A *report* is a notebook whose metadata has a ``kaili`` block (:mod:`.params` reads it). Any
other notebook can be rendered as well, a *plain notebook*: its parameters are those that
papermill's inspection (its Python translator, as ``papermill --help-notebook``) finds in the
cell tagged ``parameters``, each typed by its default (or its annotation); its title is the
notebook's ``metadata.title``, else its first Markdown heading, else its file name; it shows
its code; its batch matrix is every language when it has a ``lang`` parameter and one render
otherwise. A notebook whose kernel language is not Python is refused.

:func:`resolve_notebook` turns what a user typed into a :class:`~.params.ReportSpec`: a path
to a ``.ipynb`` file anywhere, or a name in the notebooks directory (a report, else a plain
notebook of that name). :func:`survey` lists a directory with the reason a notebook is left
out. :func:`read_parameters_file` reads a YAML file of values (papermill's ``-f``).
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import NotebookError, NotebookNotFoundError, ParameterError, RenderError
from kaili_analysis.render.params import (
    Parameter,
    ReportSpec,
    _load_spec,
    _type_name,
    find_report,
    notebooks_dir,
)

__all__ = ["Survey", "is_notebook_path", "load_notebook", "read_parameters_file",
           "resolve_notebook", "survey"]

_TYPES = {"int", "float", "bool", "str", "list", "dict", "tuple"}
_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def is_notebook_path(text: str, base: str | os.PathLike[str] | None = None) -> bool:
    """Whether ``text`` names a notebook file rather than a report name.

    A path is anything with a directory separator, or a ``.ipynb`` name that exists as a
    file (relative to ``base``, default the current directory).
    """
    if os.sep in text or "/" in text:
        return True
    here = Path(base) if base is not None else Path.cwd()
    return text.endswith(".ipynb") and (here / text).is_file()


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise NotebookNotFoundError(f"notebook file {str(path)!r} does not exist")
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise NotebookError(f"{path}: not a readable notebook ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{path}: not a Jupyter notebook (expected a JSON object with "
                            "a 'cells' list)")
    if not isinstance(nb.get("metadata", {}), dict):
        raise NotebookError(f"{path}: the notebook's metadata is not a JSON object")
    return nb


def _title(nb: dict[str, Any], path: Path) -> str:
    title = nb.get("metadata", {}).get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    for cell in nb["cells"]:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        found = _HEADING.search("".join(source) if isinstance(source, list) else str(source))
        if found:
            return found.group(1)
    return path.stem


def _plain_parameters(path: Path, nb: dict[str, Any]) -> dict[str, Parameter]:
    """The parameters papermill's Python translator finds in the cell tagged ``parameters``
    (the inspection behind ``papermill --help-notebook``), typed by their defaults."""
    from papermill.translators import PythonTranslator

    meta = nb.get("metadata", {})
    language = (meta.get("kernelspec", {}).get("language")
                or meta.get("language_info", {}).get("name") or "python")
    if str(language).lower() != "python":
        raise NotebookError(f"{path}: a {language} notebook; kaili runs notebooks in Python")
    cell = next((c for c in nb["cells"] if c.get("cell_type") == "code"
                 and "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    params = {}
    for found in PythonTranslator.inspect({"source": source}):
        text = str(found.default)
        try:
            default = ast.literal_eval(text)
            type_ = _type_name(default)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            default, type_ = None, "any"  # an expression: any value is taken as written
        annotated = str(found.inferred_type_name)
        if annotated in _TYPES:
            type_ = annotated
        params[found.name] = Parameter(found.name, default, type_, str(found.help or ""))
    return params


def load_notebook(path: str | os.PathLike[str]) -> ReportSpec:
    """Read the notebook at ``path``: a report when it has a ``kaili`` block, else plain.

    Parameters
    ----------
    path
        A ``.ipynb`` file anywhere.

    Returns
    -------
    ReportSpec
        Name (the file's stem), path (resolved), title, parameters and batch matrix.

    Raises
    ------
    NotebookNotFoundError
        If there is no such file.
    NotebookError
        If it is not a notebook, or its ``kaili`` block or parameters cell is broken.
    """
    path = Path(path).expanduser().resolve()
    if path.suffix != ".ipynb":
        raise NotebookError(f"{str(path)!r} is not a notebook: expected a .ipynb file")
    return _spec(path, _read(path))


def _is_report(nb: dict[str, Any]) -> bool:
    return isinstance(nb.get("metadata", {}).get("kaili"), dict)


def _spec(path: Path, nb: dict[str, Any]) -> ReportSpec:
    if _is_report(nb):
        try:
            return _load_spec(path)
        except NotebookError:
            raise
        except RenderError as exc:  # a broken kaili block is the author's input: exit 2
            raise NotebookError(str(exc)) from None
    params = _plain_parameters(path, nb)
    title = _title(nb, path)
    return ReportSpec(name=path.stem, path=path, title={lang: title for lang in config.LANGS},
                      order=1e9, parameters=params,
                      matrix={"lang": list(config.LANGS)} if "lang" in params else {},
                      show_code=True)


def resolve_notebook(notebook: str, directory: str | os.PathLike[str] | None = None, *,
                     base: str | os.PathLike[str] | None = None) -> ReportSpec:
    """What ``notebook`` names: a file (see :func:`is_notebook_path`), else a report of the
    notebooks directory, else a plain notebook in it.

    Parameters
    ----------
    notebook
        A path to a ``.ipynb`` file, or a name (``.ipynb`` optional) in the directory.
    directory
        The notebooks directory (default: :func:`.params.notebooks_dir`).
    base
        What a relative path is relative to (default: the current directory; a batch file
        passes its own directory).

    Raises
    ------
    NotebookNotFoundError
        If nothing of that name exists (with the reports and notebooks that do).
    NotebookError
        If the file is not a notebook that can be rendered, with the reason.
    """
    if is_notebook_path(notebook, base):
        path = Path(notebook).expanduser()
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        return load_notebook(path)
    try:
        return find_report(notebook, directory)
    except NotebookNotFoundError as exc:
        stem = notebook[:-6] if notebook.endswith(".ipynb") else notebook
        candidate = notebooks_dir(directory) / f"{stem}.ipynb"
        if candidate.is_file():
            return load_notebook(candidate)
        others = [spec.name for spec in survey(directory).plain]
        if not others:
            raise
        raise NotebookNotFoundError(f"{exc}; other notebooks there: {', '.join(others)}; "
                                    "or give a path to a .ipynb file") from None


def read_parameters_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read parameter values from a YAML (or JSON) file, as papermill's ``-f`` does.

    The file holds one mapping of parameter names to values (``horizon: 2030``); values keep
    their YAML types and are checked against the notebook like any other value.

    Raises
    ------
    ParameterError
        If the file cannot be read, is not YAML, or does not hold a mapping with text keys.
    """
    import yaml

    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"cannot read parameters file {str(path)!r}: "
                             f"{exc.strerror}") from None
    except UnicodeDecodeError:
        raise ParameterError(f"parameters file {str(path)!r} is not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise ParameterError(f"parameters file {str(path)!r} is not valid YAML{line}: "
                             f"{getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ParameterError(f"parameters file {str(path)!r} must hold a mapping of "
                             "parameter names to values (name: value, one a line); got "
                             f"{type(data).__name__}")
    return dict(data)


@dataclass
class Survey:
    """The notebooks of a directory: reports, plain notebooks, and those that cannot be
    rendered with the reason."""

    reports: list[ReportSpec] = field(default_factory=list)
    plain: list[ReportSpec] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def survey(directory: str | os.PathLike[str] | None = None) -> Survey:
    """Every notebook of the notebooks directory, sorted into a :class:`Survey`.

    Raises
    ------
    NotebookNotFoundError
        If the directory does not exist.
    """
    root = notebooks_dir(directory)
    if not root.is_dir():
        raise NotebookNotFoundError(f"notebooks directory {str(root)!r} does not exist (set "
                                    "KAILI_NOTEBOOKS_DIR or pass --notebooks-dir)")
    found = Survey()
    for path in sorted(root.glob("*.ipynb")):
        try:
            nb = _read(path)
            spec = _spec(path, nb)
        except RenderError as exc:
            found.refused.append((path, str(exc).removeprefix(f"{path}: ")))
            continue
        (found.reports if _is_report(nb) else found.plain).append(spec)
    found.reports.sort(key=lambda s: (s.order, s.name))
    return found
