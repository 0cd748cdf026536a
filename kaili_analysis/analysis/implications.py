"""What the goals imply, alone and together: statements derived from the goals' own numbers.

None of these is in the article; each is arithmetic on figures that are, and is marked
``derived``. :func:`goal_implications` finds them by the shape of the goals, not by their ids:

* ``cumulative_growth``: an average rate over a period compounds to a multiple of the level
  before it (≥ 12 % a year over 2021-2025 → the 2025 level ≥ 1.76 × the 2020 level);
* ``level_and_rate``: a level goal and a rate goal on one quantity agree only from one base
  (47 亿元 by 2025 and ≥ 6.5 % a year → 34.30 亿元 in 2020); against the article's base, which
  of the two is stricter;
* ``level_and_share``: a level goal reached exactly and a share goal of a whole cap the whole
  (400 亿元 ≥ 1/3 of the prefecture's → the prefecture at most 1,200 亿元);
* ``share_margin``: a floor already met leaves a margin (73.23 % against ≥ 70 %: 3.23 points).
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

import pandas as pd

from kaili_analysis.analysis import growth
from kaili_analysis.analysis.audit._base import phrase
from kaili_analysis.analysis.targets import targets_table
from kaili_analysis.data.units import to_base

__all__ = ["IMPLICATION_COLUMNS", "goal_implications"]

IMPLICATION_COLUMNS = ["kind", "goal_ids", "value", "unit", "statement_key",
                       "statement_values", "derived"]
_FLOOR = {"at_least", "about", "exactly"}


def _quantity(row: pd.Series, style: str = "plain") -> dict[str, str]:
    """The goal's quantity without 'goal' and 'average annual growth': '地区生产总值' / 'GDP'."""
    zh = re.sub(r"(年均增长|年均增速)$", "", str(row["indicator_zh"]))
    en = re.sub(r"\s*\((?:\d{4} )?goal\)$", "", str(row["indicator_en"]))
    return {"zh": zh, "en": re.sub(r", average annual growth$", "", en), "style": style}


def _amount(value: float, unit: str) -> dict[str, Any]:
    return {"value": float(value), "unit": unit, "qualifier": "eq"}


def _row(kind: str, ids: list[str], value: float, unit: str,
         words: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "goal_ids": ";".join(ids), "value": value, "unit": unit,
            "statement_key": words["key"], "statement_values": words["values"],
            "derived": True}


def _cumulative(row: pd.Series) -> dict[str, Any] | None:
    span = row["years"]
    if row["direction"] not in _FLOOR or math.isnan(row["stated_rate"]):
        return None
    times = growth.multiplier(row["stated_rate"], span)
    words = phrase("implication.cumulative", quantity=_quantity(row),
                   period={"span": row["goal_period"]},
                   rate={"stated_rate": row["goal_value"] / 100},
                   end=int(row["goal_year"]), start=int(row["base_year"]),
                   times={"number": times, "decimals": 2})
    return _row("cumulative_growth", [row["goal_id"]], times, "×", words)


def _level_and_rate(level: pd.Series, rate: pd.Series) -> dict[str, Any] | None:
    if math.isnan(level["base_value"]) or int(level["base_year"]) != int(rate["base_year"]):
        return None
    r, n, unit = rate["stated_rate"], int(rate["years"]), level["base_unit"]
    target = to_base(level["goal_value"], level["unit"]) / to_base(1, unit)
    implied = growth.implied_base(target, r, n)
    reach = level["base_value"] * growth.multiplier(r, n)
    words = phrase(
        "implication.level_and_rate", quantity=_quantity(level),
        goal_year=int(level["goal_year"]), base_year=int(level["base_year"]),
        target=_amount(round(target, 2), unit), rate={"stated_rate": r},
        implied=_amount(round(implied, 2), unit),
        base=_amount(round(level["base_value"], 2), unit), reach=_amount(round(reach, 2), unit),
        stricter=phrase("implication.rate_stricter" if reach > target
                        else "implication.level_stricter"),
        required={"rate": level["required_rate"]})
    return _row("level_and_rate", [level["goal_id"], rate["goal_id"]], implied, unit, words)


def _level_and_share(level: pd.Series, share: pd.Series) -> dict[str, Any] | None:
    fraction = to_base(share["goal_value"], share["unit"]) / 100
    if not fraction > 0 or share["direction"] not in _FLOOR:
        return None
    cap = level["goal_value"] / fraction
    unit = level["unit"]
    words = phrase("implication.level_and_share", goal_year=int(level["goal_year"]),
                   quantity=_quantity(level, "lower"), share_of=_quantity(share, "lower"),
                   goal=_amount(level["goal_value"], unit),
                   share=_amount(share["goal_value"], share["unit"]),
                   cap=_amount(round(cap, 2), unit))
    return _row("level_and_share", [level["goal_id"], share["goal_id"]], cap, unit, words)


def _share_margin(row: pd.Series) -> dict[str, Any] | None:
    if row["verdict"] != "already_met" or row["direction"] != "at_least":
        return None
    margin = row["base_value"] - row["goal_value"]
    if row["unit"] != "%" or row["base_unit"] != "%":
        return None
    words = phrase("implication.share_margin", quantity=_quantity(row),
                   year=int(row["base_year"]), base={"stated_rate": row["base_value"] / 100},
                   goal={"stated_rate": row["goal_value"] / 100},
                   margin={"number": margin, "decimals": 2})
    return _row("share_margin", [row["goal_id"]], margin, "pp", words)


def _pairs(table: pd.DataFrame) -> list[tuple[pd.Series, pd.Series]]:
    """(level goal, the goal paired with it) for every level goal with a pair."""
    pairs = table.set_index("goal_id")["pair_id"]
    by_id = table.set_index("goal_id", drop=False)
    return [(by_id.loc[g], by_id.loc[p]) for g, p in pairs.items()
            if p and g in by_id.index and p in by_id.index
            and by_id.at[g, "goal_type"] == "level"]


def goal_implications(
    base_year: int = 2020,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Statements derived from the goals' numbers, alone and in pairs, each marked derived.

    Parameters
    ----------
    base_year, data_dir
        As for :func:`~kaili_analysis.targets_table`.
    table
        A targets table already computed (its base year is used).

    Returns
    -------
    pandas.DataFrame
        :data:`IMPLICATION_COLUMNS`: kind (``cumulative_growth``, ``level_and_rate``,
        ``level_and_share``, ``share_margin``), goal_ids (';'-joined), value and unit of the
        derived figure, statement_key and statement_values (the statement as a key of the
        word catalogue and its values: see :mod:`kaili_analysis.show.words.findings`),
        derived (always True).
    """
    if table is None:
        table = targets_table(base_year, data_dir=data_dir)
    rows: list[dict[str, Any] | None] = []
    for _, row in table.iterrows():
        if row["goal_type"] == "rate":
            rows.append(_cumulative(row))
        if row["goal_type"] == "share":
            rows.append(_share_margin(row))
    for level, other in _pairs(table):
        if other["goal_type"] == "rate" and other["direction"] in _FLOOR:
            rows.append(_level_and_rate(level, other))
        elif other["goal_type"] == "share":
            rows.append(_level_and_share(level, other))
    frame = pd.DataFrame([r for r in rows if r], columns=IMPLICATION_COLUMNS)
    frame.attrs = {"base_year": table.attrs.get("base_year")}
    return frame
