"""Which records a report shows for a section, and with which chart.

The rules read the data, never a list of hand-picked ids: a quantity with levels in two years
gets a :func:`~kaili_analysis.plots.level_change`, percentage shares a
:func:`~kaili_analysis.plots.rate_bars`, the three-sector ratios a
:func:`~kaili_analysis.plots.sector_structure`, growth rates and other amounts
:func:`~kaili_analysis.plots.indicator_bars` / panels grouped by unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .errors import ParameterError
from .quantities import single_year

__all__ = ["Chart", "section_charts", "section_records"]

_TARGETS = {"target_level", "target_growth_rate", "target_share", "project_target"}


@dataclass(frozen=True)
class Chart:
    """One chart of a report: the plot function's name, its data and keyword arguments."""

    function: str
    data: pd.DataFrame
    kwargs: dict[str, Any] = field(default_factory=dict)


def section_records(ind: pd.DataFrame, section: str) -> pd.DataFrame:
    """The records of one section, in the article's order (empty if it states no number).

    Raises
    ------
    ParameterError
        If ``ind`` has no ``section`` column.
    """
    if "section" not in getattr(ind, "columns", ()):
        raise ParameterError("ind must be the indicators table with a 'section' column")
    return ind[ind["section"] == section]


def _first_per_concept(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.drop_duplicates(subset="concept", keep="first")


def section_charts(ind: pd.DataFrame, section: str, *,
                   max_panels: int = 4) -> list[Chart]:
    """Choose the charts for one section from its records.

    Parameters
    ----------
    ind
        :func:`kaili_analysis.load_indicators` (all sections: rates stated for a level
        elsewhere are found by concept).
    section
        A section id.
    max_panels
        At most this many unit panels of amounts (the units with most records first).

    Returns
    -------
    list of Chart
        In display order. Records used by one chart are not drawn again by another.
    """
    rows = section_records(ind, section)
    if rows.empty:
        return []
    used: set[str] = set()
    charts: list[Chart] = []

    levels = rows[(rows["kind"] == "level") & (rows["qualifier"] == "eq")
                  & rows["period"].map(single_year).notna()]
    for concept, grp in levels.groupby("concept", sort=False):
        if grp["period"].nunique() < 2 or grp["unit"].nunique() != 1:
            continue
        rates = ind[(ind["concept"] == f"{concept}_growth") & (ind["kind"] == "growth_rate")]
        kwargs = {"stated_rate": rates["value"].iloc[0] / 100} if len(rates) else {}
        charts.append(Chart("level_change", grp.sort_values("period"), kwargs))
        used |= set(grp["id"])

    sectors = rows[rows["concept"].str.startswith("sector_share_")]
    if sectors["period"].nunique() >= 1 and len(sectors) >= 3:
        charts.append(Chart("sector_structure", sectors))
        used |= set(sectors["id"])

    rest = rows[~rows["id"].isin(used)]
    growth = _first_per_concept(rest[rest["kind"].isin(["growth_rate", "target_growth_rate"])])
    if len(growth):
        charts.append(Chart("indicator_bars", growth, {"title_key": "growth_rates"}))
        used |= set(growth["id"])

    shares = _first_per_concept(rest[(rest["unit"] == "%") & rest["kind"].isin(
        ["share", "index", "target_share", "project_target"]) & rest["value"].between(0, 100)
        & ~rest["id"].isin(used)])
    if len(shares):
        charts.append(Chart("rate_bars", shares))
        used |= set(shares["id"])

    amounts = _first_per_concept(rest[~rest["id"].isin(used) & (rest["unit"] != "%")
                                      & ~rest["kind"].isin(["grade"])])
    counts = amounts["unit"].value_counts()
    units = [u for u in counts.index if counts[u] >= 2][:max_panels]
    if units:
        data = amounts[amounts["unit"].isin(units)]
        if section != "projects_2022" and data["kind"].isin(_TARGETS).all():
            data = data.iloc[0:0]
        if len(data):
            charts.append(Chart("indicator_panels", data))
    return charts


_FORWARD = {"blueprint", "outlook", "projects_2022"}
_REVIEW = {"level", "cumulative", "growth_rate", "share", "count", "grade", "index"}


def select_sections(sections: pd.DataFrame, wanted: str | list[str] = "all") -> pd.DataFrame:
    """The rows of :func:`~kaili_analysis.load_sections` named by ``wanted``.

    Parameters
    ----------
    sections
        The sections table.
    wanted
        ``"all"``, a comma-separated string of ids, or a list of ids.

    Raises
    ------
    ParameterError
        Naming an unknown section id and listing the known ones.
    """
    from .validators import pick_sections

    if wanted in ("all", "", None):
        return sections
    ids = pick_sections(wanted, list(sections["id"]))
    return sections.set_index("id", drop=False).loc[ids].reset_index(drop=True)


def overview_counts(ind: pd.DataFrame, sections: pd.DataFrame) -> dict[str, int]:
    """Counts the overview states: sections, records, review / goal / project records."""
    return {
        "n_sections": len(sections),
        "n_records": len(ind),
        "n_review": int((ind["kind"].isin(_REVIEW)
                         & ~ind["section"].isin(_FORWARD)).sum()),
        "n_goals": int(ind["kind"].isin(["target_level", "target_growth_rate",
                                         "target_share"]).sum()),
        "n_projects": int((ind["kind"] == "project_target").sum()),
    }


def target_counts(table: pd.DataFrame) -> dict[str, Any]:
    """Counts the target report states, from :func:`~kaili_analysis.targets_table`."""
    return {
        "n_goals": len(table),
        "n_quant": int((table["goal_type"] != "qualitative").sum()),
        "n_base": int(table["base_value"].notna().sum()),
        "n_history": int(table["achieved_rate"].notna().sum()),
        "n_nobase": int((table["verdict"] == "no_base").sum()),
        "base_year": table.attrs.get("base_year", ""),
        "target_year": table.attrs.get("target_year", ""),
    }


def projection_goals(table: pd.DataFrame, paths: pd.DataFrame) -> list[tuple[str, float | None]]:
    """The goals worth a projection chart, each with the level to mark (None for an index).

    A goal qualifies when its paths are levels (the article gives a base) or when it has
    more than one scenario to compare; a lone index line would only restate the rate.
    """
    out = []
    by_id = table.set_index("goal_id")
    for goal_id in dict.fromkeys(paths["goal_id"]):
        row = by_id.loc[goal_id]
        level = None
        mine = paths[paths["goal_id"] == goal_id]
        measures = set(mine["measure"])
        if measures != {"level"} and mine["scenario"].nunique() < 2:
            continue
        if measures == {"level"} and row["goal_type"] == "level":
            level = float(row["goal_value"])
        out.append((goal_id, level))
    return out


def audit_counts(findings: pd.DataFrame) -> dict[str, Any]:
    """Counts the audit report states, from :func:`~kaili_analysis.run_audit`."""
    verdicts = findings["verdict"].value_counts()
    return {
        "n_findings": len(findings),
        "n_inconsistent": int(verdicts.get("inconsistent", 0)),
        "n_unverifiable": int(verdicts.get("unverifiable", 0)),
        "n_consistent": int(verdicts.get("consistent", 0)),
        "tolerance_pp": findings.attrs.get("tolerance_pp", ""),
    }


def related_goals(table: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """Goals whose own record or base record is among ``ids``."""
    mask = table["indicator_id"].isin(ids) | table["base_indicator_id"].isin(ids)
    return table[mask]


def related_findings(findings: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """Audit findings that involve any record among ``ids``."""
    mask = findings["indicator_ids"].map(lambda s: bool(set(s.split(";")) & ids))
    return findings[mask]


def project_counts(projects: pd.DataFrame, ind: pd.DataFrame) -> dict[str, Any]:
    """Counts the livelihood report states.

    Parameters
    ----------
    projects
        :func:`~kaili_analysis.load_projects`.
    ind
        :func:`~kaili_analysis.load_indicators`, for the number of projects the article
        announces (the count record of the projects_2022 section, 十件民生实事).
    """
    announced = ind[(ind["section"] == "projects_2022") & (ind["kind"] == "count")]
    n_projects = int(announced["value"].iloc[0]) if len(announced) else int(
        projects["project_no"].max())
    numbers = set(projects["project_no"])
    missing = [n for n in range(1, n_projects + 1) if n not in numbers]
    return {
        "n_projects": n_projects,
        "n_quantified": len(numbers),
        "n_commitments": len(projects),
        "n_comparable": int((projects["comparable_indicator_id"] != "").sum()),
        "unquantified": missing,
    }
