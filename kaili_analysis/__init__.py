"""kaili-analysis: Kaili city's 13th Five-Year Plan review as data, analysis and reports.

The public API is re-exported here. Heavy modules (plotting, rendering) load on first use, so
``import kaili_analysis`` stays as cheap as importing pandas.
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
    "growth": "analysis.growth",
    "targets_table": "analysis.targets",
    "targets": "analysis.targets",
    "projection_paths": "analysis.paths",
    "track_targets": "analysis.tracking",
    "run_audit": "analysis.audit",
    "claims": "analysis.audit.ledger",
    "audit": "analysis.audit",
    "article_info": "data.loaders",
    "locators": "data.locators",
    "datasets": "data.loaders",
    "plots": "show.charts",
    "theme": "show.theme",
    "i18n": "show.words.formats",
    "tables": "show.tables.display",
    "views": "show.pages.views",
    "narrative": "show.pages.page",
    "progress": "analysis.progress",
    "validators": "analysis.parameters",
    "render": "render",
    "figures": "show.charts.figures",
}

#: names of _LAZY that stand for a module, not for something defined in it
_MODULES = {"growth", "targets", "audit", "locators", "datasets", "plots", "theme", "i18n",
            "tables", "views", "narrative", "progress", "validators", "render", "figures"}

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
