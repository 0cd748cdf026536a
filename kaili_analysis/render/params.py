"""Report notebooks and their parameters: discovery, inspection, coercion, validation
(output names: :mod:`kaili_analysis.show.filenames`).

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

Parameter names, defaults and types come from the cell tagged ``parameters`` (read with
:mod:`ast`, so listing reports needs neither papermill nor a kernel); ``kaili.parameters``
adds allowed values (a list, or ``"@name"`` resolved by :func:`resolve_choices`), bounds and
help. A parameter declared ``{"type": "file"}`` names a file: its value (a text, empty for
none) is resolved once, against the caller's working directory, to an absolute path of an
existing file before anything runs, so the report's kernel (which runs in the notebook's
directory) reads the very file that was checked. Everything here is cheap to import: no
papermill, nbconvert or pandas at module level.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import NotebookNotFoundError, ParameterError, RenderError
from kaili_analysis.render.choices import CHOICE_SOURCES, resolve_choices
from kaili_analysis.render.coerce import coerce_value, resolve_file
from kaili_analysis.show.filenames import slugify

__all__ = [
    "CHOICE_SOURCES",
    "NOTEBOOKS_DIR_ENV",
    "Parameter",
    "ReportSpec",
    "coerce_value",
    "find_report",
    "list_reports",
    "notebooks_dir",
    "resolve_choices",
    "resolve_file",
    "slugify",
    "validate_parameters",
]

#: Environment variable naming another directory of report notebooks.
NOTEBOOKS_DIR_ENV = "KAILI_NOTEBOOKS_DIR"
#: The default batch matrix of a report without ``kaili.batch``.
DEFAULT_MATRIX: dict[str, Any] = {"lang": list(config.LANGS)}


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
        if self.name == "lang" and self.choices is None:
            return list(config.LANGS)
        return resolve_choices(self.choices)


@dataclass(frozen=True)
class ReportSpec:
    """A report notebook as described by its ``kaili`` metadata and parameters cell."""

    name: str
    path: Path
    title: dict[str, str]
    order: float
    parameters: dict[str, Parameter]
    validate: str | None = None
    matrix: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_MATRIX))
    show_code: bool = False  # kaili.show_code: keep the code cells in the HTML (tutorials)

    def title_for(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or next(
            iter(self.title.values()), self.name)

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}


def _type_name(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return name if name in {"int", "float", "bool", "str", "list", "dict", "tuple"} else "any"


def parse_parameters_cell(source: str, where: str = "") -> dict[str, tuple[Any, str, str]]:
    """Return ``{name: (default, type, comment)}`` of the simple assignments of a cell.

    A default that is not a Python literal gets type ``any`` and default ``None``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise RenderError(f"{where}: the parameters cell is not valid Python ({exc.msg})") from None
    lines = source.splitlines()
    found: dict[str, tuple[Any, str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value, annotation = node.targets[0], node.value, None
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value, annotation = node.target, node.value, node.annotation
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        try:
            default = ast.literal_eval(value)
            type_ = _type_name(default)
        except ValueError:
            default, type_ = None, "any"
        if isinstance(annotation, ast.Name) and annotation.id in {"int", "float", "bool", "str"}:
            type_ = annotation.id
        line = lines[node.end_lineno - 1].encode() if node.end_lineno else b""
        tail = line[node.end_col_offset:].decode(errors="replace")  # offsets count bytes
        comment = tail.split("#", 1)[1].strip() if "#" in tail else ""
        found[target.id] = (default, type_, comment)
    return found


def _load_spec(path: Path) -> ReportSpec | None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise RenderError(f"{path}: not a readable notebook ({reason})") from None
    try:
        return _spec_of(path, nb)
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise RenderError(f"{path}: not a valid report notebook ({type(exc).__name__}: "
                          f"{exc})") from None


def _spec_of(path: Path, nb: Any) -> ReportSpec | None:
    meta = nb.get("metadata", {}).get("kaili")
    if not isinstance(meta, dict):
        return None
    cells = [c for c in nb.get("cells", [])
             if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise RenderError(f"{path}: a report needs a code cell tagged 'parameters'")
    source = cells[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    declared = parse_parameters_cell(source, str(path))
    extra = meta.get("parameters", {}) or {}
    for pname in extra:
        if pname not in declared:
            raise RenderError(f"{path}: kaili.parameters names {pname!r}, which the "
                              "parameters cell does not assign")
    params = {}
    for pname, (default, type_, comment) in declared.items():
        info = extra.get(pname, {}) or {}
        kind = info.get("type")
        if kind not in (None, "file"):
            raise RenderError(f"{path}: kaili.parameters.{pname}.type must be \"file\" or "
                              f"absent, got {kind!r}")
        if kind == "file" and type_ != "str":
            raise RenderError(f"{path}: file parameter {pname!r} needs a text default "
                              f"(\"\" for none), got {default!r}")
        params[pname] = Parameter(pname, default, type_, str(info.get("help", comment)),
                                  info.get("choices"), info.get("min"), info.get("max"),
                                  file=kind == "file")
    if "lang" not in params:
        raise RenderError(f"{path}: the parameters cell must assign lang (one of "
                          f"{', '.join(config.LANGS)})")
    title = meta.get("title") or {}
    if isinstance(title, str):
        title = {lang: title for lang in config.LANGS}
    batch = meta.get("batch") or {}
    return ReportSpec(
        name=path.stem, path=path, title=dict(title), order=float(meta.get("order", 1e9)),
        parameters=params, validate=meta.get("validate"),
        matrix=dict(batch.get("matrix") or DEFAULT_MATRIX),
        show_code=bool(meta.get("show_code", False)),
    )


def _scan(directory: str | os.PathLike[str] | None) -> tuple[list[ReportSpec],
                                                               dict[str, RenderError]]:
    root = notebooks_dir(directory)
    if not root.is_dir():
        raise NotebookNotFoundError(
            f"notebooks directory {str(root)!r} does not exist (set {NOTEBOOKS_DIR_ENV} or "
            "pass --notebooks-dir)")
    specs, broken = [], {}
    for path in sorted(root.glob("*.ipynb")):
        try:
            spec = _load_spec(path)
        except RenderError as exc:
            broken[path.stem] = exc
            continue
        if spec is not None:
            specs.append(spec)
    return sorted(specs, key=lambda s: (s.order, s.name)), broken


def list_reports(directory: str | os.PathLike[str] | None = None, *,
                 strict: bool = False) -> list[ReportSpec]:
    """Every report notebook of the directory, sorted by ``order`` then name.

    A notebook that cannot be read or is not a valid report is left out
    (:func:`kaili_analysis.render.notebooks.survey` names it with the reason), so one
    damaged file does not hide the others; with ``strict``
    the first such notebook raises :class:`RenderError` instead.
    """
    specs, broken = _scan(directory)
    if strict and broken:
        raise next(iter(broken.values()))
    return specs


def find_report(name: str, directory: str | os.PathLike[str] | None = None) -> ReportSpec:
    """The report called ``name`` (file stem, ``.ipynb`` optional).

    Raises
    ------
    NotebookNotFoundError
        If there is no such report (with the closest name).
    RenderError
        If the notebook of that name cannot be read as a report.
    """
    specs, broken = _scan(directory)
    reports = {s.name: s for s in specs}
    key = name[:-6] if name.endswith(".ipynb") else name
    if key in reports:
        return reports[key]
    if key in broken:
        raise broken[key]
    close = difflib.get_close_matches(key, list(reports), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    known = ", ".join(reports) or "none"
    raise NotebookNotFoundError(f"unknown report {name!r}{hint} (reports: {known})")


def validate_parameters(spec: ReportSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    """Check and coerce ``given`` against the report; return every parameter's value.

    Raises :class:`ParameterError` (one line) for an unknown name (with the closest known
    name), a wrong type, a value outside ``choices`` or ``min``/``max``, or a refusal of the
    report's ``validate`` hook, which is called with the full dict of values.
    """
    values = spec.defaults
    for name, raw in given.items():
        param = spec.parameters.get(name)
        if param is None:
            close = difflib.get_close_matches(name, list(spec.parameters), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"report {spec.name!r} has no parameter {name!r}{hint} "
                                 f"(parameters: {', '.join(spec.parameters)})")
        values[name] = coerce_value(param, raw)
        if param.file:
            values[name] = resolve_file(name, values[name])
    for name, param in spec.parameters.items():
        value = values[name]
        allowed = param.allowed() if name in given else None
        if allowed is not None and value not in allowed:
            raise ParameterError(f"parameter {name} must be one of "
                                 f"{', '.join(map(str, allowed))}; got {value!r}")
        if param.min is not None and isinstance(value, int | float) and value < param.min:
            raise ParameterError(f"parameter {name} must be >= {param.min}; got {value!r}")
        if param.max is not None and isinstance(value, int | float) and value > param.max:
            raise ParameterError(f"parameter {name} must be <= {param.max}; got {value!r}")
    if spec.validate:
        _hook(spec)(dict(values))
    return values


def _hook(spec: ReportSpec) -> Callable[[dict[str, Any]], Any]:
    module_name, _, func_name = str(spec.validate).partition(":")
    try:
        return getattr(importlib.import_module(module_name), func_name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise RenderError(f"report {spec.name!r}: validate hook {spec.validate!r} cannot be "
                          f"loaded ({exc})") from None


def overrides(spec: ReportSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that differ from the notebook's defaults, sorted by name."""
    defaults = spec.defaults
    return {k: values[k] for k in sorted(values)
            if k not in defaults or values[k] != defaults[k]
            or type(values[k]) is not type(defaults[k])}
