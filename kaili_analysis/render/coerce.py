"""Parameter values from outside, made into the values a report runs with.

* :func:`coerce_value` - a command-line string (or a value from the API or a TOML file) into
  the type of the parameter's default, with one-line errors that cut long values short;
* :func:`resolve_file` - the value of a file parameter (``{"type": "file"}`` in the report's
  metadata) into the absolute path of an existing file, resolved once against the caller's
  working directory, so the kernel (which runs in the notebooks' directory) reads the file
  that was checked.

Cheap to import (no papermill, nbconvert or pandas), like :mod:`.params`, which
uses both.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaili_analysis.errors import ParameterError

if TYPE_CHECKING:
    from kaili_analysis.render.notebooks import Parameter

__all__ = ["coerce_value", "resolve_file"]

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def coerce_value(param: Parameter, raw: Any) -> Any:
    """Turn a command-line string into the type of the parameter's default.

    Non-string values (from the Python API or a TOML file) are type-checked instead.
    """
    want = param.type
    if not isinstance(raw, str) or want == "str":
        return _check_type(param, raw)
    text = raw.strip()
    bad = f"parameter {param.name} expects {_article(want)}, got {_short(raw)}"
    if want == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ParameterError(bad + " (use true or false)")
    if want == "int":
        try:
            return int(text)
        except ValueError:
            raise ParameterError(bad) from None
    if want == "float":
        try:
            return float(text)
        except ValueError:
            raise ParameterError(bad) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise ParameterError(bad + " (nested too deeply)") from None
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (RecursionError, MemoryError):
            raise ParameterError(bad + " (nested too deeply)") from None
        except (ValueError, SyntaxError):
            if want in {"any", "None"}:
                return raw
            raise ParameterError(bad + " (write it as JSON or a Python literal)") from None
    if want == "tuple" and isinstance(value, list):
        value = tuple(value)
    return _check_type(param, value)


def _short(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters (a message stays one readable line)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text):,} characters)"


def _article(type_: str) -> str:
    words = {"int": "an integer", "float": "a number", "bool": "true or false", "str": "text",
             "list": "a list", "dict": "a dict", "tuple": "a tuple"}
    return words.get(type_, "a value")


def _check_type(param: Parameter, value: Any) -> Any:
    want = param.type
    ok = {
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "str": lambda v: isinstance(v, str),
        "list": lambda v: isinstance(v, list | tuple),
        "tuple": lambda v: isinstance(v, list | tuple),
        "dict": lambda v: isinstance(v, dict),
    }.get(want)
    if ok is not None and not ok(value):
        raise ParameterError(f"parameter {param.name} expects {_article(want)}, got {value!r}")
    if want == "float":
        return float(value)
    if want == "list":
        return list(value)
    if want == "tuple":
        return tuple(value)
    return value


def resolve_file(name: str, value: Any) -> str:
    """The value of a file parameter as the absolute path of an existing file.

    The path is resolved once, against the current working directory (``~`` expanded); the
    empty string (no file) stays empty.

    Raises
    ------
    ParameterError
        If the value is not text, or names no existing regular file.
    """
    if not isinstance(value, str):
        raise ParameterError(f"parameter {name} expects a file path or \"\", got {value!r}")
    if not value.strip():
        return ""
    if "\0" in value:
        raise ParameterError(f"parameter {name}: a file path cannot contain a NUL character")
    path = Path(os.path.abspath(os.path.expanduser(value)))
    try:
        is_file = path.is_file()
    except OSError as exc:  # a name too long, a loop of links ...
        raise ParameterError(f"parameter {name}: cannot use {value!r} ({exc.strerror})") from None
    if not is_file:
        what = "is a directory" if path.is_dir() else "does not exist"
        raise ParameterError(f"parameter {name}: {value!r} {what} (resolved against "
                             f"{os.getcwd()}); give an existing file")
    return str(path)
