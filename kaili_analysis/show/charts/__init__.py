"""Charts of the reports: one function per chart, a tidy DataFrame in, an Axes out.

Every function is called like a seaborn axes-level function::

    ax = plots.rate_bars(ind[ind["kind"] == "share"], lang="en")

``ax`` draws into an existing Axes (default: a new figure sized to the data); ``lang`` (``zh``
or ``en``) picks the language of titles, axis labels and legends; ``title`` replaces the
default title (``""`` for none). Indicator names and units come from the data's columns
(``indicator_zh`` / ``indicator_en``, ``unit``); the package's own words from
:mod:`kaili_analysis.show.words.catalogue` (the ``chart.*`` entries). Values on bars are
formatted by :mod:`kaili_analysis.show.words.formats`, with their qualifier (≥ ≈ > …).

Each chart turns its input into a tidy frame (one row per bar, dot or point of a path) and
draws it with seaborn: bars with :func:`seaborn.barplot`, stacked bars (sector shares,
audit findings) with :func:`seaborn.histplot` (``multiple="stack"``), paths with
:func:`seaborn.lineplot`, dots with :func:`seaborn.scatterplot`. matplotlib adds what
seaborn does not draw: value labels and notes, reference lines (100 %, 1×, 0), the goal's
star, the placement of legends, and the layout.

Missing columns and empty frames raise :class:`~kaili_analysis.errors.ParameterError` naming
the argument and what was expected. Nothing is shown or closed: a notebook displays the
figure; a script calls ``ax.figure.savefig(...)`` and ``plt.close(ax.figure)``.

Each function draws inside the reports' theme (:func:`kaili_analysis.show.theme.chart_style`), so
the Chinese font is in force however the caller configured matplotlib, and the caller's
``matplotlib.rcParams`` are left as they were.

Charts:

=========================  ===========================================================
:func:`indicator_bars`     a few indicators of ONE unit as horizontal bars
:func:`indicator_panels`   indicators of several units: one panel per unit (a Figure)
:func:`level_change`       start vs end level of one quantity, with the CAGR
:func:`sector_structure`   the three-sector shares of two (or more) years, stacked
:func:`rate_bars`          percentages (shares) on a 0-100 axis
:func:`rate_comparison`    required vs 2016-2020 growth rate per goal (targets_table)
:func:`projection`         paths toward a goal per scenario (projection_paths)
:func:`audit_summary`      findings per check, stacked by verdict (run_audit)
:func:`commitments_vs_history`  2022 commitments against the 2016-2020 yearly pace
=========================  ===========================================================

:func:`commitments_frame` builds the input of :func:`commitments_vs_history` from
:func:`~kaili_analysis.load_projects` and :func:`~kaili_analysis.load_indicators`.

The charts live in modules by subject (``indicators``, ``sectors``, ``goals``, ``audit``,
``projects``) over shared helpers (``_common``); import them from here.
"""

from __future__ import annotations

from kaili_analysis.show.charts.audit import audit_summary
from kaili_analysis.show.charts.goals import projection, rate_comparison
from kaili_analysis.show.charts.indicators import (
    indicator_bars,
    indicator_panels,
    level_change,
    rate_bars,
)
from kaili_analysis.show.charts.projects import commitments_frame, commitments_vs_history
from kaili_analysis.show.charts.sectors import sector_structure

__all__ = [
    "audit_summary",
    "commitments_frame",
    "commitments_vs_history",
    "indicator_bars",
    "indicator_panels",
    "level_change",
    "projection",
    "rate_bars",
    "rate_comparison",
    "sector_structure",
]
