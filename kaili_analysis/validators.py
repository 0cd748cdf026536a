"""Parameter checks of the report notebooks, run by ``kaili render`` before any kernel starts.

Each report notebook names its checker in its metadata (``kaili.validate``); the notebook
also calls it in its first cell, so a run from JupyterLab or plain papermill fails the same
way. A checker takes the dict of parameter values and raises
:class:`~kaili_analysis.errors.ParameterError` with one clear line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import DataValidationError, ParameterError
from .i18n import check_lang

__all__ = [
    "audit_report",
    "livelihood_report",
    "overview_report",
    "section_report",
    "targets_report",
]


def _lang(params: Mapping[str, Any]) -> None:
    check_lang(params.get("lang", "zh"))


def targets_report(params: Mapping[str, Any]) -> None:
    """Check base_year < target_year and the scenario rates of the targets report."""
    from .datasets import load_targets
    from .targets import _check_scenario, _scenario_keys, check_years

    _lang(params)
    check_years(params.get("base_year", 2020), params.get("target_year", 2025))
    rates = params.get("scenario_rates") or {}
    _check_scenario(rates, _scenario_keys(load_targets()))


def audit_report(params: Mapping[str, Any]) -> None:
    """Check the tolerance of the audit report."""
    _lang(params)
    tol = params.get("tolerance_pp", 0.5)
    if isinstance(tol, bool) or not isinstance(tol, int | float) or not 0 <= tol < 100:
        raise ParameterError(
            f"tolerance_pp must be a number of percentage points in [0, 100), got {tol!r}"
        )


def section_report(params: Mapping[str, Any]) -> None:
    """Check the section of the section profile."""
    from .datasets import load_sections

    _lang(params)
    ids = list(load_sections()["id"])
    section = params.get("section")
    if section not in ids:
        raise ParameterError(f"section must be one of {', '.join(ids)}, got {section!r}")


def livelihood_report(params: Mapping[str, Any]) -> None:
    """Check the optional progress CSV of the livelihood report (file, columns, ids)."""
    from .progress import load_progress

    _lang(params)
    path = params.get("progress_csv") or ""
    if not isinstance(path, str):
        raise ParameterError(f"progress_csv must be a file path or empty, got {path!r}")
    if path:
        try:
            load_progress(path)
        except DataValidationError as exc:
            raise ParameterError(f"progress_csv: {exc}") from None


def overview_report(params: Mapping[str, Any]) -> None:
    """Check the ``sections`` of the overview: 'all' or known section ids."""
    from .datasets import load_sections
    from .views import select_sections

    _lang(params)
    wanted = params.get("sections", "all")
    if not isinstance(wanted, str | list):
        raise ParameterError(f"sections must be 'all' or a comma-separated list, got {wanted!r}")
    select_sections(load_sections(), wanted)
