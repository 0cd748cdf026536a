"""kaili-analysis: Kaili city's 13th Five-Year Plan review as data, analysis and reports.

The public API, loaded on first use so that ``import kaili_analysis`` stays cheap:

* the curated data: ``load_indicators``, ``load_targets``, ``load_projects``,
  ``load_exclusions``, ``load_glossary``, ``load_sections``, ``load_table``, ``load_article``,
  ``article_info``, ``data_version``, ``clear_cache``; units: ``parse_unit``, ``to_base``, ``Unit``;
* the analysis: ``targets_table``, ``projection_paths``, ``track_targets``, ``run_audit``,
  ``claims``;
* the exception tree under :class:`KailiError`;
* the four layer packages, ``data``, ``analysis``, ``show`` and ``render``, for everything else
  (charts: ``kaili_analysis.show.charts``; a report page: ``kaili_analysis.show.pages.Page``).
"""

import importlib as _importlib

from kaili_analysis.errors import (
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
    "load_indicators": "data.loaders",
    "load_targets": "data.loaders",
    "load_projects": "data.loaders",
    "load_exclusions": "data.loaders",
    "load_glossary": "data.loaders",
    "load_sections": "data.loaders",
    "load_table": "data.loaders",
    "load_article": "data.loaders",
    "data_version": "data.version",
    "clear_cache": "data.loaders",
    "parse_unit": "data.units",
    "to_base": "data.units",
    "Unit": "data.units",
    "targets_table": "analysis.targets",
    "projection_paths": "analysis.paths",
    "track_targets": "analysis.tracking",
    "run_audit": "analysis.audit",
    "claims": "analysis.audit.ledger",
    "article_info": "data.loaders",
    "data": "data",
    "analysis": "analysis",
    "show": "show",
    "render": "render",
}

#: the layer packages, attributes of the package as modules
_MODULES = {"data", "analysis", "show", "render"}

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


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'kaili_analysis' has no attribute {name!r}")
    module = _importlib.import_module(f".{module_name}", __name__)
    value = getattr(module, name) if name in vars(module) and name not in _MODULES else module
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public API: exactly :data:`__all__`."""
    return sorted(__all__)
