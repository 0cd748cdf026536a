"""kaili-analysis: Kaili city's 13th Five-Year Plan review as data, analysis and reports.

The public API is re-exported here. Heavy modules (plotting, rendering) load on first use, so
``import kaili_analysis`` stays as cheap as importing pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import (
    BrowserNotFoundError,
    DataValidationError,
    ExecutionError,
    FontNotFoundError,
    KailiError,
    NotebookError,
    NotebookNotFoundError,
    ParameterError,
    RawDataChangedError,
    RenderError,
    UnitError,
)

__version__ = "0.1.0"

# name -> module that defines it; imported on first attribute access
_LAZY: dict[str, str] = {
    "load_indicators": "datasets",
    "load_targets": "datasets",
    "load_projects": "datasets",
    "load_exclusions": "datasets",
    "load_glossary": "datasets",
    "load_sections": "datasets",
    "load_table": "datasets",
    "load_article": "datasets",
    "data_version": "datasets",
    "clear_cache": "datasets",
    "parse_unit": "units",
    "to_base": "units",
    "Unit": "units",
    "growth": "growth",
    "targets_table": "targets",
    "projection_paths": "analysis.paths",
    "track_targets": "analysis.tracking",
    "run_audit": "audit",
    "claims": "audit.ledger",
    "audit": "audit",
    "article_info": "datasets",
    "locators": "locators",
    "datasets": "datasets",
    "plots": "plots",
    "theme": "theme",
    "i18n": "i18n",
    "tables": "tables",
    "views": "views",
    "narrative": "narrative",
    "progress": "progress",
    "validators": "validators",
    "render": "render",
    "figures": "figures",
}

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
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'kaili_analysis' has no attribute {name!r}")
    module = importlib.import_module(f".{module_name}", __name__)
    value = module if name == module_name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
