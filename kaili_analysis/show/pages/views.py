"""Which records a report shows for a section, and with which chart.

The rules read the data, never a list of hand-picked ids: a quantity with levels in two years
gets a :func:`~kaili_analysis.show.charts.level_change`, percentage shares a
:func:`~kaili_analysis.show.charts.rate_bars`, the three-sector ratios a
:func:`~kaili_analysis.show.charts.sector_structure`, growth rates and other amounts
:func:`~kaili_analysis.show.charts.indicator_bars` / panels grouped by unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pandas as pd

from kaili_analysis.analysis.audit import CLAIM_VERDICTS, GOAL_VERDICTS, audit_groups
from kaili_analysis.analysis.parameters import pick_sections
from kaili_analysis.analysis.targets import VERDICTS
from kaili_analysis.config import PLAN_13_END, check_lang
from kaili_analysis.data.quantities import period_start, period_years, single_year
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.catalogue import label, text
from kaili_analysis.show.words.formats import fmt_number, join_words

__all__ = ["CHART_COLUMNS", "Chart", "section_charts", "section_records"]

_TARGETS = {"target_level", "target_growth_rate", "target_share", "project_target"}
_SHARE_KINDS = ("share", "index", "target_share", "project_target")


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
    _check_sections(ind)
    return ind[ind["section"] == section]


def _check_sections(ind: pd.DataFrame) -> None:
    if "section" not in getattr(ind, "columns", ()):
        raise ParameterError("ind must be the indicators table with a 'section' column")


#: The columns a chart of :func:`section_charts` carries: what the chart functions read.
CHART_COLUMNS = ("id", "concept", "indicator_zh", "indicator_en", "value", "unit",
                 "unit_base", "qualifier", "period", "kind")


def _first_per_concept(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for rec in records:
        if rec["concept"] not in seen:
            seen.add(rec["concept"])
            out.append(rec)
    return out


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
        At most this many units of amounts (the units with most records first), each drawn
        as a chart of its own (one panel of :func:`~kaili_analysis.show.charts.indicator_panels`).

    Returns
    -------
    list of Chart
        In display order, each with the rows it draws (columns :data:`CHART_COLUMNS`, in
        the article's order). Records used by one chart are not drawn again by another.

    Notes
    -----
    The rules run over plain records and each chart's frame is taken once at the end: on
    frames this small, every pandas filter costs more than the comparison it makes.
    """
    _check_sections(ind)
    frame = ind.loc[ind["section"] == section, list(CHART_COLUMNS)]
    if frame.empty:
        return []
    records = [dict(rec, _at=at) for at, rec in enumerate(frame.to_dict("records"))]
    used: set[str] = set()
    picks: list[tuple[str, list[dict[str, Any]], dict[str, Any]]] = []

    levels: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        if (rec["kind"] == "level" and rec["qualifier"] == "eq"
                and single_year(rec["period"]) is not None):
            levels.setdefault(rec["concept"], []).append(rec)
    stated = _stated_growth(ind, set(levels)) if levels else {}
    for concept, group in levels.items():
        if (len({r["period"] for r in group}) < 2
                or len({r["unit"] for r in group}) != 1):
            continue
        kwargs = {"stated_rate": stated[concept] / 100} if concept in stated else {}
        picks.append(("level_change", sorted(group, key=lambda r: r["period"]), kwargs))
        used |= {r["id"] for r in group}

    sectors = [r for r in records if r["concept"].startswith("sector_share_")]
    if len(sectors) >= 3:
        picks.append(("sector_structure", sectors, {}))
        used |= {r["id"] for r in sectors}

    rest = [r for r in records if r["id"] not in used]
    growth = _first_per_concept([r for r in rest
                                 if r["kind"] in ("growth_rate", "target_growth_rate")])
    if growth:
        picks.append(("indicator_bars", growth, {"title_key": "growth_rates"}))
        used |= {r["id"] for r in growth}

    shares = _first_per_concept([
        r for r in rest if r["unit"] == "%" and r["kind"] in _SHARE_KINDS
        and 0 <= r["value"] <= 100 and r["id"] not in used])
    if shares:
        picks.append(("rate_bars", shares, {}))
        used |= {r["id"] for r in shares}

    amounts = _first_per_concept([r for r in rest if r["id"] not in used
                                  and r["unit"] != "%" and r["kind"] != "grade"])
    if amounts:
        # pandas' order of equal counts, so the same units are kept as always
        counts = pd.Series([r["unit"] for r in amounts]).value_counts()
        units = [u for u in counts.index if counts[u] >= 2][:max_panels]
        data = [r for r in amounts if r["unit"] in units]
        if (data and (section == "projects_2022"
                      or not all(r["kind"] in _TARGETS for r in data))):
            # one chart per unit (in the article's order), not one figure of stacked panels:
            # each stays shorter than a printed page and the pages fill up
            for unit in dict.fromkeys(r["unit"] for r in data):
                picks.append(("indicator_panels", [r for r in data if r["unit"] == unit], {}))
    return [Chart(function, frame.iloc[[r["_at"] for r in recs]], kwargs)
            for function, recs, kwargs in picks]


def _stated_growth(ind: pd.DataFrame, concepts: set[str]) -> dict[str, float]:
    """The first stated ``<concept>_growth`` rate (in %) of each concept, where there is one."""
    wanted = {f"{c}_growth": c for c in concepts}
    rates = ind.loc[ind["concept"].isin(list(wanted)) & (ind["kind"] == "growth_rate"),
                    ["concept", "value"]]
    out: dict[str, float] = {}
    for concept, value in zip(rates["concept"], rates["value"], strict=True):
        out.setdefault(wanted[concept], float(value))
    return out


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
    if wanted in ("all", "", None):
        return sections
    ids = pick_sections(wanted, list(sections["id"]))
    return sections.set_index("id", drop=False).loc[ids].reset_index(drop=True)


def sections_with_figures(sections: pd.DataFrame,
                          ind: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``sections`` into those that state at least one record of ``ind`` and those
    that state none (a report gives the latter no part of their own: a heading over 'no
    figures' would only leave a page half empty).

    Returns
    -------
    tuple of DataFrame
        ``(with_figures, without_figures)``, each in the order of ``sections``.
    """
    stated = sections["id"].isin(set(ind["section"]))
    return (sections[stated].reset_index(drop=True),
            sections[~stated].reset_index(drop=True))


def titles_text(sections: pd.DataFrame, lang: str) -> str:
    """Section titles listed in the reader's language: '“导语”和“图片说明”' / 'Introduction
    and Photo captions' (:func:`~kaili_analysis.show.words.formats.join_words`)."""
    check_lang(lang)
    return join_words((text("list.title", lang, title=t) for t in sections[f"title_{lang}"]),
                      lang)


def record_timing(kind: str, period: object) -> str:
    """Where a record stands in time, for the overview's counts: ``goal`` (a 2021-2025
    target), ``project`` (a 2022 commitment), ``review`` (a figure of 2015-2020: a year, a
    span or an open span starting by 2020, 十三五以来), ``later`` (another figure of a period
    reaching past 2020, such as 2018-2021) or ``undated`` (no period: 截至目前, 多年来,
    policies, captions)."""
    if kind in _TARGETS - {"project_target"}:
        return "goal"
    if kind == "project_target":
        return "project"
    start = period_start(period)
    if start is None:
        return "undated"
    years = period_years(period)
    end = years[1] if years else start
    return "review" if end <= PLAN_13_END else "later"


def overview_counts(ind: pd.DataFrame, sections: pd.DataFrame) -> dict[str, int]:
    """Counts the overview states: sections and records, and the records by
    :func:`record_timing` (``n_review`` + ``n_goals`` + ``n_projects`` + ``n_later`` +
    ``n_undated`` = ``n_records``)."""
    timing = pd.Series([record_timing(k, p) for k, p in zip(ind["kind"], ind["period"],
                                                            strict=True)], dtype=object)
    counts = timing.value_counts()
    return {
        "n_sections": len(sections),
        "n_records": len(ind),
        **{f"n_{t}{'s' if t in ('goal', 'project') else ''}": int(counts.get(t, 0))
           for t in ("review", "goal", "project", "later", "undated")},
    }


def target_counts(table: pd.DataFrame, paths: pd.DataFrame | None = None) -> dict[str, Any]:
    """Counts the targets report states, from :func:`~kaili_analysis.targets_table`.

    Every goal falls under exactly one verdict, so the ``n_<verdict>`` counts add up to
    ``n_goals``; ``n_level`` + ``n_index`` + ``n_no_path`` add up to ``n_quant``.

    Parameters
    ----------
    table
        The targets table.
    paths
        :func:`~kaili_analysis.projection_paths`, for the horizon and the number of goals
        whose paths reach past their start year (optional).

    Returns
    -------
    dict
        n_goals, n_quant, n_qual, n_<verdict> for every verdict, n_level (paths in levels
        from the article's base), n_index (rate goals drawn as an index), n_no_path,
        base_year, goal_year, horizon (or ''), rate_start (the year rate goals start from).
    """
    verdicts = table["verdict"].value_counts()
    quant = table["goal_type"] != "qualitative"
    counts: dict[str, Any] = {
        "n_goals": len(table),
        "n_quant": int(quant.sum()),
        "n_qual": int((~quant).sum()),
        **{f"n_{v}": int(verdicts.get(v, 0)) for v in VERDICTS},
        "n_level": int((table["projection"] == "level").sum()),
        "n_index": int((table["projection"] == "index").sum()),
        "base_year": table.attrs.get("base_year", ""),
        "goal_year": table.attrs.get("goal_year", ""),
        "horizon": paths.attrs.get("horizon", "") if paths is not None else "",
    }
    counts["n_no_path"] = counts["n_quant"] - counts["n_level"] - counts["n_index"]
    rate_starts = table.loc[table["goal_type"] == "rate", "base_year"].dropna()
    counts["rate_start"] = int(rate_starts.min()) if len(rate_starts) else ""
    return counts


def projection_goals(table: pd.DataFrame, paths: pd.DataFrame,
                     tracked: pd.DataFrame | None = None) -> list[tuple[str, float | None]]:
    """The goals worth a projection chart, each with the level to mark (None for an index).

    A goal qualifies when its paths are levels (the article gives a base), when it has more
    than one scenario to compare, or when ``tracked`` (:func:`~kaili_analysis.track_targets`)
    puts an actual figure on its path; a lone index line would only restate the rate.
    """
    out = []
    by_id = table.set_index("goal_id")
    observed = set()
    if tracked is not None and len(tracked):
        observed = set(tracked.loc[tracked["path_value"].notna(), "goal_id"])
    for goal_id in dict.fromkeys(paths["goal_id"]):
        row = by_id.loc[goal_id]
        level = None
        mine = paths[paths["goal_id"] == goal_id]
        measures = set(mine["measure"])
        if (measures != {"level"} and mine["scenario"].nunique() < 2
                and goal_id not in observed):
            continue
        if measures == {"level"} and row["goal_type"] == "level":
            level = float(mine["goal_level"].iloc[0]) if "goal_level" in mine else float(
                row["goal_value"])
        out.append((goal_id, level))
    return out


def years_text(years: Iterable[int], lang: str) -> str:
    """Years as a list in the reader's language: '2020和2021' / '2020 and 2021'."""
    return join_words((int(y) for y in sorted(set(years))), lang)


def tracking_counts(tracked: pd.DataFrame, lang: str) -> dict[str, Any]:
    """What the tracking section states, from :func:`~kaili_analysis.track_targets`: the
    file's name (not its directory), the yearly figures, the goals and the years."""
    return {"path": PurePath(str(tracked.attrs.get("path", ""))).name,
            "n_rows": len(tracked), "n_goals": int(tracked["goal_id"].nunique()),
            "years": years_text(tracked["year"], lang)}


def audit_counts(findings: pd.DataFrame) -> dict[str, Any]:
    """Counts the audit report states, from :func:`~kaili_analysis.run_audit`.

    Every count partitions a whole: claim findings (``n_checks``) by verdict
    (``n_<verdict>``), the items they come to (``n_groups``, see
    :func:`~kaili_analysis.analysis.audit.audit_groups`) by their most serious verdict
    (``g_<verdict>``), and forward goals (``n_goals``) by verdict (``goal_<verdict>``);
    ``n_findings`` = ``n_checks`` + ``n_goals``.

    Raises
    ------
    ParameterError
        If ``findings`` lacks the columns of :func:`~kaili_analysis.run_audit`.
    """
    groups = audit_groups(findings)
    claims = findings[findings["subject"] == "claim"]
    goals = findings[findings["subject"] == "goal"]
    out: dict[str, Any] = {
        "n_findings": len(findings), "n_checks": len(claims), "n_groups": len(groups),
        "n_goals": len(goals),
        "tolerance_pp": findings.attrs.get("tolerance_pp", ""),
        "price_pp": findings.attrs.get("price_pp", ""),
    }
    for verdict in CLAIM_VERDICTS:
        out[f"n_{verdict}"] = int((claims["verdict"] == verdict).sum())
        out[f"g_{verdict}"] = int((groups["verdict"] == verdict).sum())
    for verdict in GOAL_VERDICTS:
        out[f"goal_{verdict}"] = int((goals["verdict"] == verdict).sum())
    return out


def _by_verdict(counts: dict[str, Any], prefix: str, verdicts: tuple[str, ...], lang: str,
                key: str) -> str:
    """The non-zero counts by verdict as one list: '2 inconsistent and 5 consistent'."""
    parts = [text(key, lang, n=counts[f"{prefix}{v}"], verdict=label("verdict_count", v, lang))
             for v in verdicts if counts[f"{prefix}{v}"]]
    return join_words(parts, lang) if parts else text("views.no_verdicts", lang)


def audit_intro(findings: pd.DataFrame, lang: str) -> dict[str, str]:
    """The values of the audit report's sentences (``audit.intro``, ``audit.goals_intro``,
    ``audit.passed_intro``) in ``lang``: counts with their nouns in the right number and the
    counts by verdict as words, computed from :func:`audit_counts`.

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en or ``findings`` lacks the columns of ``run_audit``.
    """
    check_lang(lang)
    c = audit_counts(findings)
    tol, price = c["tolerance_pp"], c["price_pp"]
    return {
        "checks": text("views.checks", lang, n=c["n_checks"]),
        "groups": text("views.items", lang, n=c["n_groups"]),
        "verdicts": _by_verdict(c, "g_", CLAIM_VERDICTS, lang, "views.item_verdict"),
        "goals": text("views.numeric_goals", lang, n=c["n_goals"]),
        "goal_verdicts": _by_verdict(c, "goal_", GOAL_VERDICTS, lang, "views.goal_verdict"),
        "passed": text("views.items", lang, n=c["g_consistent"]),
        "tolerance_pp": fmt_number(tol) if tol != "" else "",
        "price_pp": fmt_number(price) if price != "" else "",
    }


def related_goals(table: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """Goals whose own record or base record is among ``ids``."""
    mask = table["indicator_id"].isin(ids) | table["base_indicator_id"].isin(ids)
    return table[mask]


def related_findings(findings: pd.DataFrame, ids: set[str],
                     subject: str | None = "claim") -> pd.DataFrame:
    """Audit findings that involve any record among ``ids``: claims only by default (forward
    goals are the related goals' business), ``subject=None`` for both; the findings of one
    item together, the most serious item first."""
    mask = findings["indicator_ids"].map(lambda s: bool(set(s.split(";")) & ids))
    if subject is not None:
        mask &= findings["subject"] == subject
    out = findings[mask]
    order = {g: i for i, g in enumerate(audit_groups(out, subject=None)["group"])}
    return out.iloc[out["group"].map(order).argsort(kind="stable")]


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
    linked = projects["comparable_indicator_id"] != ""
    same = linked & projects["comparison"].isin(["annual_vs_cumulative", "same_measure"])
    return {
        "n_projects": n_projects,
        "n_quantified": len(numbers),
        "n_commitments": len(projects),
        "n_comparable": int(linked.sum()),
        "n_same": int(same.sum()),
        "n_related": int((linked & ~same).sum()),
        "n_unmatched": int((~linked).sum()),
        "unquantified": missing,
        "n": len(missing),
    }


def numbers_text(numbers: Iterable[int], lang: str) -> str:
    """Numbers listed in the reader's language: '4和8' / '4 and 8', '2, 4 and 8'."""
    return join_words((int(n) for n in numbers), lang)
