"""Render layer: papermill execution, nbconvert HTML, Chromium PDF, batches, index.

May import every layer below it (show, analysis, data) and ``config``/``errors``; nothing
imports it but :mod:`kaili_analysis.cli`. Its nbconvert template lives in ``templates/``.

>>> from kaili_analysis.render import render, list_reports      # doctest: +SKIP
>>> render("overview", {"lang": "en"}, formats="html,pdf")       # doctest: +SKIP

Modules (each imported on first use, so ``import kaili_analysis.render`` stays cheap and
never loads papermill, nbconvert or playwright by itself):

* :mod:`.notebooks` - the one notebook resolver: any notebook by name or path becomes one
  spec (parameters as papermill inspects them, title, order, batch matrix); the one scanner
  of the notebooks directory; parameters files
* :mod:`.params` - parameter values checked and coerced against a spec, and the overrides
* :mod:`.choices` - allowed values of a parameter (``@sections``) and report titles
* :mod:`.execute` - papermill in a kernel pinned to this Python; the warm kernel pool
* :mod:`.export` - nbconvert HTML with the ``kaili`` template (title block, TOC, print CSS)
* :mod:`.pdf` - printing with an installed Chromium through Playwright
* :mod:`.report` - one report: plan, execute, export; :func:`render`
* :mod:`.batch` - parallel batches (TOML configuration), :mod:`.index` - the index page
* :mod:`.coerce` - parameter values from strings, file parameters resolved to absolute paths
* :mod:`.preflight` - options and ``KAILI_*`` variables checked before any kernel starts
* :mod:`.lifecycle` - Ctrl-C/SIGTERM, child processes, temporary files of killed runs
* :mod:`.csp` - the Content-Security-Policy of every page
* :mod:`.spreadsheet` - exported CSV/XLSX cells that never become formulas
* :mod:`.uptodate` - the key of each output, its record, and which outputs are up to date
"""

import importlib as _importlib

_LAZY: dict[str, str] = {
    "ReportSpec": "notebooks",
    "Parameter": "notebooks",
    "list_reports": "notebooks",
    "find_report": "notebooks",
    "notebooks_dir": "notebooks",
    "validate_parameters": "params",
    "overrides": "params",
    "slugify": "params",
    "resolve_choices": "choices",
    "CHOICE_SOURCES": "choices",
    "load_notebook": "notebooks",
    "resolve_notebook": "notebooks",
    "read_parameters_file": "notebooks",
    "survey": "notebooks",
    "KernelPool": "execute",
    "HtmlExport": "export",
    "PdfPrinter": "pdf",
    "find_chromium": "pdf",
    "Job": "report",
    "JobResult": "report",
    "plan_job": "report",
    "render": "report",
    "BatchResult": "batch",
    "check_outputs": "batch",
    "load_batch_config": "batch",
    "plan_batch": "batch",
    "run_batch": "batch",
    "write_index": "index",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public API of the render layer: exactly :data:`__all__`."""
    return list(__all__)
