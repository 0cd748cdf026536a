"""The one notebook resolver: a notebook, by name or path, becomes one :class:`ReportSpec`.

A notebook is a *report* when its metadata has a ``kaili`` object::

    {"kaili": {
        "title": {"zh": "...", "en": "..."},
        "order": 1,
        "parameters": {"section": {"choices": "@sections", "help": "..."},
                       "n": {"min": 1, "max": 20},
                       "data_csv": {"type": "file", "help": "..."}},
        "validate": "kaili_analysis.somemodule:function",
        "batch": {"matrix": {"lang": ["zh", "en"], "section": "@sections"}},
        "show_code": false}}

Any other notebook can be rendered as well, a *plain notebook*: its title is the notebook's
``metadata.title``, else its first Markdown heading, else its file name; it shows its code;
its batch matrix is every language when it has a ``lang`` parameter and one render otherwise.
A notebook whose kernel language is not Python is refused.

For both, parameter names, defaults, types and help come from the cell tagged ``parameters``
as papermill's inspection reads it (``papermill --help-notebook``): each typed by its default
(or its annotation), its comment as help. A report's ``kaili.parameters`` adds allowed values
(a list, or ``"@name"`` resolved by :func:`.choices.resolve_choices`), bounds, help and
``{"type": "file"}`` (a path, made absolute before anything runs).

:func:`resolve_notebook` turns what a user typed into a spec: a path to a ``.ipynb`` file
anywhere, or a name in the notebooks directory (a report, else a plain notebook of that
name). :func:`survey` is the one scanner of that directory (reports, plain notebooks, and
those refused with the reason); :func:`list_reports` and :func:`find_report` read it.
:func:`read_parameters_file` reads a YAML file of values (papermill's ``-f``).
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import NotebookError, NotebookNotFoundError, ParameterError
from kaili_analysis.render.choices import resolve_choices

__all__ = ["NOTEBOOKS_DIR_ENV", "Parameter", "ReportSpec", "Survey", "find_report",
           "is_notebook_path", "list_reports", "load_notebook", "notebooks_dir",
           "read_parameters_file", "resolve_notebook", "survey"]

#: Environment variable naming another directory of report notebooks.
NOTEBOOKS_DIR_ENV = "KAILI_NOTEBOOKS_DIR"
#: The default batch matrix of a report without ``kaili.batch``.
DEFAULT_MATRIX: dict[str, Any] = {"lang": list(config.LANGS)}

_TYPES = {"int", "float", "bool", "str", "list", "dict", "tuple"}
_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def notebooks_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The report directory: ``override``, else ``$KAILI_NOTEBOOKS_DIR``, else
    :data:`kaili_analysis.config.NOTEBOOKS_DIR`."""
    if override is not None:
        return Path(override).expanduser().resolve()
    env = os.environ.get(NOTEBOOKS_DIR_ENV)
    return Path(env).expanduser().resolve() if env else config.NOTEBOOKS_DIR


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its default from the parameters cell plus metadata."""

    name: str
    default: Any
    type: str  # int, float, bool, str, list, dict, tuple, None or any
    help: str = ""
    choices: Any = None  # list or "@name" (unresolved)
    min: float | None = None
    max: float | None = None
    file: bool = False  # kaili.parameters.<name>.type == "file": a path, made absolute

    def allowed(self) -> list[Any] | None:
        """The values the parameter may take (its choices resolved), or None for any."""
        if self.name == "lang" and self.choices is None:
            return list(config.LANGS)
        return resolve_choices(self.choices)


@dataclass(frozen=True)
class ReportSpec:
    """A notebook as something to render: name, file, title, parameters, validate hook,
    order, batch matrix and whether the page shows the code."""

    name: str
    path: Path
    title: dict[str, str]
    order: float
    parameters: dict[str, Parameter]
    validate: str | None = None  # "module:function", called with every parameter's value
    matrix: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_MATRIX))
    show_code: bool = False  # kaili.show_code: keep the code cells in the HTML (tutorials)
    report: bool = True  # False for a plain notebook (no kaili block)

    def title_for(self, lang: str) -> str:
        """The title in ``lang``, else in English, else any, else the name."""
        return self.title.get(lang) or self.title.get("en") or next(
            iter(self.title.values()), self.name)

    @property
    def defaults(self) -> dict[str, Any]:
        """Every parameter's default value, by name."""
        return {name: p.default for name, p in self.parameters.items()}


def _type_name(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return name if name in _TYPES else "any"


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
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise NotebookError(f"{path}: not a readable notebook ({reason})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{path}: not a Jupyter notebook (expected a JSON object with "
                            "a 'cells' list)")
    if not isinstance(nb.get("metadata", {}), dict):
        raise NotebookError(f"{path}: the notebook's metadata is not a JSON object")
    return nb


def _plain_title(nb: dict[str, Any], path: Path) -> str:
    title = nb.get("metadata", {}).get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        found = _HEADING.search("".join(source) if isinstance(source, list) else str(source))
        if found:
            return found.group(1)
    return path.stem


def _parameters_cell(nb: dict[str, Any]) -> str | None:
    """The source of the first cell tagged ``parameters``, or None."""
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            continue
        tags = (cell.get("metadata") or {}).get("tags") or []
        if "parameters" in tags:
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    return None


def _inspect(source: str, path: Path) -> dict[str, tuple[Any, str, str]]:
    """``{name: (default, type, help)}`` of a parameters cell, as papermill inspects it."""
    # papermill pulls in nbclient and jupyter_client: loaded only when a notebook is read
    from papermill.translators import PythonTranslator

    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise NotebookError(f"{path}: the parameters cell is not valid Python "
                            f"({exc.msg})") from None
    found: dict[str, tuple[Any, str, str]] = {}
    for param in PythonTranslator.inspect({"source": source}):
        try:
            default = ast.literal_eval(str(param.default))
            type_ = _type_name(default)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            default, type_ = None, "any"  # an expression: any value is taken as written
        annotated = str(param.inferred_type_name)
        if annotated in _TYPES:
            type_ = annotated
        found[param.name] = (default, type_, str(param.help or "").strip())
    return found


def _language_check(nb: dict[str, Any], path: Path) -> None:
    meta = nb.get("metadata", {})
    language = ((meta.get("kernelspec") or {}).get("language")
                or (meta.get("language_info") or {}).get("name") or "python")
    if str(language).lower() != "python":
        raise NotebookError(f"{path}: a {language} notebook; kaili runs notebooks in Python")


def _report_spec(path: Path, nb: dict[str, Any], meta: dict[str, Any]) -> ReportSpec:
    source = _parameters_cell(nb)
    if source is None:
        raise NotebookError(f"{path}: a report needs a code cell tagged 'parameters'")
    declared = _inspect(source, path)
    extra = meta.get("parameters", {}) or {}
    if not isinstance(extra, dict):
        raise NotebookError(f"{path}: kaili.parameters must be an object of parameter names, "
                            f"got {type(extra).__name__}")
    for pname in extra:
        if pname not in declared:
            raise NotebookError(f"{path}: kaili.parameters names {pname!r}, which the "
                                "parameters cell does not assign")
    params = {}
    for pname, (default, type_, comment) in declared.items():
        info = extra.get(pname, {}) or {}
        if not isinstance(info, dict):
            raise NotebookError(f"{path}: kaili.parameters.{pname} must be an object, got "
                                f"{info!r}")
        kind = info.get("type")
        if kind not in (None, "file"):
            raise NotebookError(f"{path}: kaili.parameters.{pname}.type must be \"file\" or "
                                f"absent, got {kind!r}")
        if kind == "file" and type_ != "str":
            raise NotebookError(f"{path}: file parameter {pname!r} needs a text default "
                                f"(\"\" for none), got {default!r}")
        params[pname] = Parameter(pname, default, type_, str(info.get("help", comment)),
                                  info.get("choices"), info.get("min"), info.get("max"),
                                  file=kind == "file")
    if "lang" not in params:
        raise NotebookError(f"{path}: the parameters cell must assign lang (one of "
                            f"{', '.join(config.LANGS)})")
    title = meta.get("title") or {}
    if isinstance(title, str):
        title = {lang: title for lang in config.LANGS}
    batch = meta.get("batch") or {}
    try:
        return ReportSpec(
            name=path.stem, path=path, title=dict(title), order=float(meta.get("order", 1e9)),
            parameters=params, validate=meta.get("validate"),
            matrix=dict(batch.get("matrix") or DEFAULT_MATRIX),
            show_code=bool(meta.get("show_code", False)),
        )
    except (AttributeError, TypeError, ValueError) as exc:
        raise NotebookError(f"{path}: not a valid report notebook ({type(exc).__name__}: "
                            f"{exc})") from None


def _spec(path: Path, nb: dict[str, Any]) -> ReportSpec:
    """The spec of the notebook ``nb`` read from ``path``: a report or a plain notebook."""
    _language_check(nb, path)
    meta = nb.get("metadata", {}).get("kaili")
    if isinstance(meta, dict):
        return _report_spec(path, nb, meta)
    source = _parameters_cell(nb)
    found = {} if source is None else _inspect(source, path)
    params = {name: Parameter(name, default, type_, comment)
              for name, (default, type_, comment) in found.items()}
    title = _plain_title(nb, path)
    return ReportSpec(name=path.stem, path=path, title={lang: title for lang in config.LANGS},
                      order=1e9, parameters=params,
                      matrix={"lang": list(config.LANGS)} if "lang" in params else {},
                      show_code=True, report=False)


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


@dataclass
class Survey:
    """The notebooks of a directory: reports (by order, then name), plain notebooks, and
    those that cannot be rendered with the reason."""

    reports: list[ReportSpec] = field(default_factory=list)
    plain: list[ReportSpec] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    errors: dict[str, NotebookError] = field(default_factory=dict)  # by name


def survey(directory: str | os.PathLike[str] | None = None) -> Survey:
    """Every notebook of the notebooks directory, read once and sorted into a :class:`Survey`.

    Raises
    ------
    NotebookNotFoundError
        If the directory does not exist.
    """
    root = notebooks_dir(directory)
    if not root.is_dir():
        raise NotebookNotFoundError(
            f"notebooks directory {str(root)!r} does not exist (set {NOTEBOOKS_DIR_ENV} or "
            "pass --notebooks-dir)")
    found = Survey()
    for path in sorted(root.glob("*.ipynb")):
        try:
            spec = _spec(path, _read(path))
        except NotebookError as exc:
            found.refused.append((path, str(exc).removeprefix(f"{path}: ")))
            found.errors[path.stem] = exc
            continue
        (found.reports if spec.report else found.plain).append(spec)
    found.reports.sort(key=lambda s: (s.order, s.name))
    return found


def list_reports(directory: str | os.PathLike[str] | None = None, *,
                 strict: bool = False) -> list[ReportSpec]:
    """Every report notebook of the directory, sorted by ``order`` then name.

    A notebook that cannot be read or is not a valid report is left out (:func:`survey`
    names it with the reason), so one damaged file does not hide the others; with
    ``strict`` the first such notebook raises :class:`NotebookError` instead.
    """
    found = survey(directory)
    if strict and found.errors:
        raise next(iter(found.errors.values()))
    return found.reports


def find_report(name: str, directory: str | os.PathLike[str] | None = None) -> ReportSpec:
    """The report called ``name`` (file stem, ``.ipynb`` optional).

    Raises
    ------
    NotebookNotFoundError
        If there is no such report (with the closest name).
    NotebookError
        If the notebook of that name cannot be read as a report.
    """
    return _find(name, survey(directory))


def _find(name: str, found: Survey) -> ReportSpec:
    reports = {s.name: s for s in found.reports}
    key = name[:-6] if name.endswith(".ipynb") else name
    if key in reports:
        return reports[key]
    if key in found.errors:
        raise found.errors[key]
    close = difflib.get_close_matches(key, list(reports), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    known = ", ".join(reports) or "none"
    raise NotebookNotFoundError(f"unknown report {name!r}{hint} (reports: {known})")


def resolve_notebook(notebook: str, directory: str | os.PathLike[str] | None = None, *,
                     base: str | os.PathLike[str] | None = None) -> ReportSpec:
    """What ``notebook`` names: a file (see :func:`is_notebook_path`), else a report of the
    notebooks directory, else a plain notebook in it.

    Parameters
    ----------
    notebook
        A path to a ``.ipynb`` file, or a name (``.ipynb`` optional) in the directory.
    directory
        The notebooks directory (default: :func:`notebooks_dir`).
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
    found = survey(directory)
    try:
        return _find(notebook, found)
    except NotebookNotFoundError as exc:
        stem = notebook[:-6] if notebook.endswith(".ipynb") else notebook
        plain = {spec.name: spec for spec in found.plain}
        if stem in plain:
            return plain[stem]
        if not plain:
            raise
        raise NotebookNotFoundError(f"{exc}; other notebooks there: {', '.join(plain)}; "
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
    # PyYAML's loader is a large module, needed only when a parameters file is given
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
