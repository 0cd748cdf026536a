"""The curated tables checked against the article and against each other, as they are loaded.

Every quote occurs in the normalised article exactly once, every value is written in its
quote, units are known and base values agree (:func:`check_table`); goals and projects take
their indicator's names and units (:func:`join_table`); a table with quotes gets the locator
columns of :mod:`.locators` (:func:`with_locators`). :mod:`.loaders` calls them in that order.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from kaili_analysis.data import locators, provenance
from kaili_analysis.data.schema import LINE
from kaili_analysis.data.units import parse_unit, to_base
from kaili_analysis.errors import DataValidationError, KailiError

__all__ = ["check_table", "join_table", "with_locators"]


def _no_check(frame: pd.DataFrame, norm: str, tables: dict, path: Path) -> None:
    return None


def _no_join(frame: pd.DataFrame, tables: dict) -> pd.DataFrame:
    return frame.reset_index(drop=True)


def _check_quote(quote: str, norm: str, path: Path, line: int, column: str) -> None:
    needle = provenance.normalize(quote)
    first = norm.find(needle) if needle else -1
    hits = [] if first < 0 else [first]
    if first >= 0 and norm.find(needle, first + 1) >= 0:
        hits = provenance.find_quote(needle, norm)
    if not hits:
        raise DataValidationError(
            f"{quote!r} is not in the article (compared after removing whitespace); "
            "copy the words exactly from data/raw",
            path=path, line=line, column=column,
        )
    if len(hits) > 1:
        raise DataValidationError(
            f"{quote!r} occurs {len(hits)} times in the article; extend it until it is unique",
            path=path, line=line, column=column,
        )


def _check_indicators(frame: pd.DataFrame, norm: str, tables: dict, path: Path) -> None:
    for row in frame.itertuples(index=False):
        line = int(getattr(row, LINE))
        try:
            unit = parse_unit(row.unit)
        except KailiError as exc:
            raise DataValidationError(str(exc), path=path, line=line, column="unit") from None
        if row.unit_base not in unit.bases:
            raise DataValidationError(
                f"{row.unit_base!r} is not a base unit of {row.unit!r}; expected one of "
                f"{', '.join(unit.bases)}",
                path=path, line=line, column="unit_base",
            )
        expected = to_base(row.value, row.unit)
        if not math.isclose(row.value_base, expected, rel_tol=1e-9, abs_tol=1e-9):
            raise DataValidationError(
                f"{row.value_base!r} does not equal value × unit factor = {expected!r}",
                path=path, line=line, column="value_base",
            )
        try:
            parsed = provenance.parse_number(row.value_text)
        except KailiError:
            raise DataValidationError(
                f"{row.value_text!r} is not a number as the article writes numbers",
                path=path, line=line, column="value_text",
            ) from None
        if not math.isclose(parsed, row.value, rel_tol=1e-9):
            raise DataValidationError(
                f"value {row.value!r} differs from value_text {row.value_text!r} ({parsed!r})",
                path=path, line=line, column="value",
            )
        _check_quote(row.quote, norm, path, line, "quote")
        if provenance.normalize(row.value_text) not in provenance.normalize(row.quote):
            raise DataValidationError(
                f"the value {row.value_text!r} does not appear in its quote {row.quote!r}",
                path=path, line=line, column="value_text",
            )


def _check_targets(frame: pd.DataFrame, norm: str, tables: dict, path: Path) -> None:
    kinds = dict(zip(tables["indicators"]["id"], tables["indicators"]["kind"], strict=True))
    for row in frame.itertuples(index=False):
        line = int(getattr(row, LINE))
        _check_quote(row.quote, norm, path, line, "quote")
        if row.goal_type == "qualitative":
            if row.indicator_id:
                raise DataValidationError(
                    "a qualitative goal has no indicator record; leave indicator_id empty",
                    path=path, line=line, column="indicator_id",
                )
        elif not row.indicator_id:
            raise DataValidationError(
                f"a {row.goal_type} goal needs the indicator_id of its target record",
                path=path, line=line, column="indicator_id",
            )
        elif not kinds[row.indicator_id].startswith("target_"):
            raise DataValidationError(
                f"{row.indicator_id!r} has kind {kinds[row.indicator_id]!r}; a goal must point "
                "at a target_* record",
                path=path, line=line, column="indicator_id",
            )


def _check_projects(frame: pd.DataFrame, norm: str, tables: dict, path: Path) -> None:
    kinds = dict(zip(tables["indicators"]["id"], tables["indicators"]["kind"], strict=True))
    bases = dict(zip(tables["indicators"]["id"], tables["indicators"]["unit_base"],
                     strict=True))
    for row in frame.itertuples(index=False):
        if kinds[row.indicator_id] != "project_target":
            raise DataValidationError(
                f"{row.indicator_id!r} has kind {kinds[row.indicator_id]!r}; expected "
                "'project_target'",
                path=path, line=int(getattr(row, LINE)), column="indicator_id",
            )
        other = row.comparable_indicator_id
        if other and bases[other] != bases[row.indicator_id]:
            raise DataValidationError(
                f"{other!r} counts {bases[other]!r} but the commitment counts "
                f"{bases[row.indicator_id]!r}; compare only figures of the same base unit "
                "(a percentage is not comparable with a count)",
                path=path, line=int(getattr(row, LINE)), column="comparable_indicator_id",
            )


def _check_exclusions(frame: pd.DataFrame, norm: str, tables: dict, path: Path) -> None:
    for row in frame.itertuples(index=False):
        line = int(getattr(row, LINE))
        _check_quote(row.context, norm, path, line, "context")
        if provenance.normalize(row.token) not in provenance.normalize(row.context):
            raise DataValidationError(
                f"the token {row.token!r} does not appear in its context {row.context!r}",
                path=path, line=line, column="token",
            )


_JOIN_COLS = ["indicator_zh", "indicator_en", "value", "unit", "value_base", "unit_base",
              "qualifier", "period", "kind"]


def _join_targets(frame: pd.DataFrame, tables: dict) -> pd.DataFrame:
    ind = tables["indicators"].set_index("id")[_JOIN_COLS]
    return frame.join(ind, on="indicator_id").reset_index(drop=True)


def _join_projects(frame: pd.DataFrame, tables: dict) -> pd.DataFrame:
    ind = tables["indicators"].set_index("id")[[*_JOIN_COLS[:-2], "quote"]]
    return frame.join(ind, on="indicator_id").reset_index(drop=True)


def with_locators(frame: pd.DataFrame, name: str, article: str,
                   descriptions: dict[str, str]) -> pd.DataFrame:
    """Append the locator columns (where the quote, or an exclusion's token, stands in the raw
    article) to a table that has a quote; add their descriptions."""
    if name == "exclusions":
        loc = locators.locate_exclusions(frame, article)
    elif "quote" in frame.columns:
        loc = locators.locate_quotes(frame["quote"], article)
    else:
        return frame
    for field in locators.LOCATOR_FIELDS:
        descriptions[str(field["name"])] = str(field["description"])
    return pd.concat([frame, loc], axis=1)


_CHECKS = {
    "indicators": _check_indicators,
    "targets_2025": _check_targets,
    "projects_2022": _check_projects,
    "exclusions": _check_exclusions,
}
_JOINS = {"targets_2025": _join_targets, "projects_2022": _join_projects}


def check_table(name: str, frame: pd.DataFrame, norm: str, tables: dict[str, pd.DataFrame],
                path: Path) -> None:
    """Check the table ``name`` against the normalised article and the tables read before it.

    Raises
    ------
    DataValidationError
        Naming the file, the line and the column of the first problem.
    """
    _CHECKS.get(name, _no_check)(frame, norm, tables, path)


def join_table(name: str, frame: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The table ``name`` as the loaders return it: with the columns it takes from others."""
    return _JOINS.get(name, _no_join)(frame, tables)
