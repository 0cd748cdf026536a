"""The values a notebook runs with: parameters given on the command line, in a batch file or
through the API, checked and coerced against the notebook's :class:`~.notebooks.ReportSpec`
(output names: :func:`kaili_analysis.show.filenames.slugify`).

:func:`validate_parameters` returns every parameter's value (coerced to the type of its
default, file parameters made absolute, choices and bounds checked, the report's ``validate``
hook called); :func:`overrides` keeps the values that differ from the defaults, the ones the
output name and the title block show. Cheap to import: no papermill, nbconvert or pandas.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from kaili_analysis.errors import ParameterError, RenderError
from kaili_analysis.render.coerce import coerce_value, resolve_file
from kaili_analysis.show.filenames import slugify

if TYPE_CHECKING:
    from kaili_analysis.render.notebooks import ReportSpec

__all__ = ["overrides", "slugify", "validate_parameters"]


def validate_parameters(spec: ReportSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    """Check and coerce ``given`` against the notebook; return every parameter's value.

    Parameters
    ----------
    spec
        The notebook (:func:`~.notebooks.resolve_notebook`).
    given
        Values by parameter name: strings from the command line, or typed values.

    Raises
    ------
    ParameterError
        One line for an unknown name (with the closest known name), a wrong type, a value
        outside ``choices`` or ``min``/``max``, or a refusal of the report's ``validate``
        hook, which is called with the full dict of values.
    RenderError
        If the ``validate`` hook cannot be loaded.
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
    """The values that differ from the notebook's defaults (in value or type), by name."""
    defaults = spec.defaults
    return {k: values[k] for k in sorted(values)
            if k not in defaults or values[k] != defaults[k]
            or type(values[k]) is not type(defaults[k])}
