"""An audit of the article's own figures against each other, judged as an analyst would.

:func:`run_audit` applies families of checks that work on any data of this shape (nothing in
them names a record of this article) and returns one tidy table of findings:

========================  ===============================================================
``repeated_statement``    one quantity stated twice (:mod:`.statements`): the same, or
                          related but different measures when the wording differs
``growth_vs_levels``      a stated rate against the rate of the levels, with the price basis
``implied_start``         a rate over a span ending at a stated level implies the start
``parts_of_whole``        the parts of a ratio sum to 100
``share_vs_growth``       a sector's share and its activity's growth imply the growth of GDP
``implied_base``          a level goal and a rate goal imply a base
``set_counts``            counts of one set (镇街) against each other and its full count
``subset_count``          a part against the whole the article states (…全部, 全市…)
``per_member``            people in a role named after a set (网格员) against the set (网格)
``named_list``            a count against the names listed before it
``goal_status``           each numeric goal for 2021-2025 (``subject`` = ``goal``)
========================  ===============================================================

Claims get one of :data:`CLAIM_VERDICTS`: ``consistent``; ``inconsistent`` (cannot all hold);
``related_measures`` (different figures for related measures: both can hold, the reasoning is
given); ``price_basis`` (a gap that a price change would explain: a rate at comparable prices
against one from levels at current prices); ``unverifiable``. Forward goals are not claims:
they are findings of their own (``subject`` = ``goal``) with the targets report's verdicts.

Every finding has a stable ``id`` (its check and the sorted ids of its records) and a ``group``:
findings about one quantity (``agri_output``), one ratio (``sector_share``), one set
(``set:镇街``) or one stated whole (``whole:<concept>``) are one item, so related findings
count once (:func:`audit_groups`). A group's title (``group_zh``, ``group_en``) is the name the
data gives its quantity or the names of its records.

A finding says why as a key of the word catalogue and its values (``explanation_key``,
``explanation_values``: see :mod:`._base`);
:func:`kaili_analysis.show.words.findings.explanation` writes the sentence in either language.
Rates and shares are fractions (``fraction``).
"""

from __future__ import annotations

import math
import os
from typing import Any

import pandas as pd

from kaili_analysis.analysis.audit import counts, rates, statements, structure
from kaili_analysis.analysis.audit import goals as _goals
from kaili_analysis.analysis.audit._base import (
    CLAIM_VERDICTS,
    COLUMNS,
    GOAL_VERDICTS,
    bare,
    mid,
    period_basis,
    quantity_name,
    root,
    sentence_before,
)
from kaili_analysis.analysis.audit.rates import history_phrase, rate_history
from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.loaders import load_article, load_indicators, load_targets
from kaili_analysis.data.provenance import normalize
from kaili_analysis.errors import KailiError, ParameterError

__all__ = ["AUDIT_COLUMNS", "CHECKS", "CLAIM_VERDICTS", "GOAL_VERDICTS", "audit_groups",
           "history_phrase", "rate_history", "run_audit"]

#: The columns of :func:`run_audit`, in order.
AUDIT_COLUMNS = COLUMNS
#: The checks in report order.
CHECKS = ("repeated_statement", "growth_vs_levels", "implied_start", "parts_of_whole",
          "share_vs_growth", "implied_base", "set_counts", "subset_count", "per_member",
          "named_list", "goal_status")
_RANK = {v: i for i, v in enumerate(CLAIM_VERDICTS + GOAL_VERDICTS)}


def _number(name: str, value: Any, upper: float) -> float:
    if (isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value)
            or not 0 <= value < upper):
        raise ParameterError(
            f"{name} must be a number of percentage points in [0, {upper:g}), got {value!r}")
    return float(value)


def run_audit(
    tolerance_pp: float = 0.5,
    *,
    price_pp: float = 3.0,
    base_year: int = 2020,
    data_dir: str | os.PathLike[str] | None = None,
    indicators: pd.DataFrame | None = None,
    goals: pd.DataFrame | None = None,
    article: str | None = None,
) -> pd.DataFrame:
    """Check the article's figures against each other.

    Parameters
    ----------
    tolerance_pp
        Slack in percentage points wherever percentages or rates are compared (≥ 0, < 100).
    price_pp
        The largest average yearly price change (percentage points, ≥ 0, < 100) accepted as
        the explanation of a gap between a rate at comparable prices and one computed from
        levels at current prices (a method setting, not a figure of the article).
    base_year
        The year the 2021-2025 goals start from.
    data_dir
        Another copy of the data directory.
    indicators, goals, article
        Tables shaped like :func:`load_indicators` and :func:`load_targets` and the article's
        text, to audit data other than the loaded copy (default: the loaded ones; without an
        article, lists of names are looked for in the quotes only).

    Returns
    -------
    pandas.DataFrame
        One finding per row, columns :data:`AUDIT_COLUMNS`: ``id`` (stable), ``check``,
        ``subject`` (``claim`` or ``goal``), ``group`` with its titles ``group_zh`` /
        ``group_en``, ``verdict``, ``indicator_ids`` (the evidence, ``;``-separated),
        ``stated`` (the figure under check) with ``stated_unit`` / ``stated_qualifier``,
        ``computed`` (what the article's other figures give; ``computed_low`` /
        ``computed_high`` for a range) with ``computed_unit`` / ``computed_qualifier``,
        ``difference`` (computed − stated, where both share a unit), ``tolerance`` with
        ``tolerance_unit`` (``pp`` = percentage points), ``explanation_key`` and
        ``explanation_values`` (the words, see :mod:`._base`), ``quotes`` (each in 「」).
        Rates and shares are fractions with the unit ``fraction``. Claims before goals, by
        check, the most serious verdict first. ``attrs``: tolerance_pp, price_pp, base_year,
        data_version.

    Raises
    ------
    ParameterError
        If ``tolerance_pp`` or ``price_pp`` is not a number in [0, 100).
    """
    tol = _number("tolerance_pp", tolerance_pp, 100)
    price = _number("price_pp", price_pp, 100)
    ind = indicators if indicators is not None else load_indicators(data_dir)
    data_version = ind.attrs.get("data_version", "")
    goal_frame = goals if goals is not None else load_targets(data_dir)
    if article is None and indicators is None:
        article = load_article(data_dir)
    text = normalize(article) if article else None
    ind = ind.assign(_basis=[period_basis(r, sentence_before(r["quote"], text))
                             for r in ind.to_dict("records")])
    by_id = ind.set_index("id", drop=False)
    sets = counts.set_counts(ind)
    rows = (statements.check(ind, tol) + rates.growth_vs_levels(ind, tol, price)
            + rates.implied_start(ind, tol, price) + structure.parts_of_whole(ind, tol)
            + structure.share_vs_growth(ind, tol, price)
            + rates.implied_base(by_id, goal_frame, tol, base_year) + sets
            + counts.subset_count(ind, {frozenset(r["indicator_ids"].split(";"))
                                        for r in sets})
            + counts.per_member(ind) + counts.named_list(ind, text)
            + _goals.goal_status(by_id, goal_frame, base_year))
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    if frame["id"].duplicated().any():
        dup = sorted(frame.loc[frame["id"].duplicated(), "id"])
        raise KailiError(f"audit: two findings share the id(s) {', '.join(dup)}")
    frame = _titled(frame, by_id)
    order = {c: i for i, c in enumerate(CHECKS)}
    frame = frame.assign(_s=frame["subject"].eq("goal"), _c=frame["check"].map(order),
                         _v=frame["verdict"].map(_RANK))
    frame = frame.sort_values(["_s", "_c", "_v"], kind="stable").drop(columns=["_s", "_c", "_v"])
    frame = frame.reset_index(drop=True)
    frame.attrs = {"tolerance_pp": tolerance_pp, "price_pp": price_pp, "base_year": base_year,
                   "data_version": data_version}
    return frame


def _titled(frame: pd.DataFrame, by_id: pd.DataFrame) -> pd.DataFrame:
    """Fill ``group_zh`` / ``group_en``: what the findings of a group are about, in the
    names of the data."""
    titles: dict[str, tuple[str, str]] = {}
    records = by_id.to_dict("records")
    for group, rows in frame.groupby("group", sort=False):
        ids = list(dict.fromkeys(i for s in rows["indicator_ids"] for i in s.split(";")))
        recs = [by_id.loc[i] for i in ids if i in by_id.index]
        key = group.removeprefix("whole:")
        exact = [r for r in records if r["concept"] == key]
        rooted = [r for r in recs if root(r["concept"]) == key]
        prefixed = [r for r in recs if r["concept"].startswith(f"{key}_")]
        if exact:
            chosen = exact[:1]
        elif rooted:
            name = {lang: quantity_name(records, rooted[0], lang) for lang in ("zh", "en")}
            titles[group] = (name["zh"], name["en"][:1].upper() + name["en"][1:])
            continue
        else:
            chosen = prefixed or recs
        zh = list(dict.fromkeys(bare(r["indicator_zh"]) for r in chosen))[:3]
        en = list(dict.fromkeys(bare(r["indicator_en"]) for r in chosen))[:3]
        titles[group] = ("、".join(zh), "; ".join([en[0], *map(mid, en[1:])]))
    frame["group_zh"] = frame["group"].map(lambda g: titles[g][0])
    frame["group_en"] = frame["group"].map(lambda g: titles[g][1])
    return frame


def audit_groups(findings: pd.DataFrame, subject: str | None = "claim") -> pd.DataFrame:
    """One row per item the audit looks at: the findings of a group taken together.

    Parameters
    ----------
    findings
        :func:`run_audit` (or a part of it).
    subject
        ``claim`` (default), ``goal``, or None for both.

    Returns
    -------
    pandas.DataFrame
        group, group_zh, group_en, verdict (the most serious of its findings), n_findings,
        checks and verdicts (``;``-separated, in order), indicator_ids (all evidence). The
        most serious groups first, then in the order of the findings.

    Raises
    ------
    ParameterError
        If ``findings`` lacks a column of :func:`run_audit` this needs.
    """
    need = ["group", "group_zh", "group_en", "verdict", "check", "subject", "indicator_ids"]
    require_columns(findings, "findings", need, expected="the output of run_audit()")
    rows = findings if subject is None else findings[findings["subject"] == subject]
    out = []
    for group, grp in rows.groupby("group", sort=False):
        worst = min(grp["verdict"], key=lambda v: _RANK.get(v, len(_RANK)))
        ids = list(dict.fromkeys(i for s in grp["indicator_ids"] for i in s.split(";")))
        out.append({"group": group, "group_zh": grp["group_zh"].iloc[0],
                    "group_en": grp["group_en"].iloc[0], "verdict": worst,
                    "n_findings": len(grp), "checks": ";".join(dict.fromkeys(grp["check"])),
                    "verdicts": ";".join(grp["verdict"]), "indicator_ids": ";".join(ids)})
    frame = pd.DataFrame(out, columns=["group", "group_zh", "group_en", "verdict",
                                       "n_findings", "checks", "verdicts", "indicator_ids"])
    rank = frame["verdict"].map(lambda v: _RANK.get(v, len(_RANK)))
    return frame.iloc[rank.argsort(kind="stable")].reset_index(drop=True)

