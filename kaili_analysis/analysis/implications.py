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
from kaili_analysis.analysis.targets import targets_table
from kaili_analysis.data.loaders import load_targets
from kaili_analysis.data.units import to_base
from kaili_analysis.show.words.formats import fmt_number, fmt_rate, fmt_value

__all__ = ["IMPLICATION_COLUMNS", "goal_implications"]

IMPLICATION_COLUMNS = ["kind", "goal_ids", "value", "unit", "statement_zh", "statement_en",
                       "derived"]
_FLOOR = {"at_least", "about", "exactly"}


def _quantity(row: pd.Series, lang: str) -> str:
    """The goal's quantity without 'goal' and 'average annual growth': '地区生产总值' / 'GDP'."""
    name = str(row[f"indicator_{lang}"])
    if lang == "zh":
        return re.sub(r"(年均增长|年均增速)$", "", name)
    name = re.sub(r"\s*\((?:\d{4} )?goal\)$", "", name)
    return re.sub(r", average annual growth$", "", name)


def _pct(rate: float) -> str:
    return f"{fmt_number(rate * 100)}%"


def _row(kind: str, ids: list[str], value: float, unit: str, zh: str, en: str) -> dict:
    return {"kind": kind, "goal_ids": ";".join(ids), "value": value, "unit": unit,
            "statement_zh": zh, "statement_en": en, "derived": True}


def _cumulative(row: pd.Series) -> dict[str, Any] | None:
    span = row["years"]
    if row["direction"] not in _FLOOR or math.isnan(row["stated_rate"]):
        return None
    times = growth.multiplier(row["stated_rate"], span)
    start, end = int(row["base_year"]), int(row["goal_year"])
    rate = fmt_number(row["goal_value"])
    zh = (f"{_quantity(row, 'zh')}：{row['goal_period'].replace('-', '—')}年年均增长{rate}%以上，"
          f"意味着{end}年的水平不低于{start}年的{times:.2f}倍。")
    en = (f"{_quantity(row, 'en')}: at least {rate}% a year over {row['goal_period']} means "
          f"the {end} level is at least {times:.2f} times the {start} level.")
    return _row("cumulative_growth", [row["goal_id"]], times, "×", zh, en)


def _level_and_rate(level: pd.Series, rate: pd.Series) -> dict[str, Any] | None:
    if math.isnan(level["base_value"]) or int(level["base_year"]) != int(rate["base_year"]):
        return None
    r, n, unit = rate["stated_rate"], int(rate["years"]), level["base_unit"]
    target = to_base(level["goal_value"], level["unit"]) / to_base(1, unit)
    implied = growth.implied_base(target, r, n)
    reach = level["base_value"] * growth.multiplier(r, n)
    year, gyear = int(level["base_year"]), int(level["goal_year"])
    stricter_zh = "增速目标比水平目标要求更高" if reach > target else "水平目标比增速目标要求更高"
    stricter_en = ("the rate goal is the stricter one" if reach > target
                   else "the level goal is the stricter one")

    def amount(v: float, lang: str) -> str:
        return fmt_value(round(v, 2), unit, "eq", lang)

    zh = (f"{_quantity(level, 'zh')}：{gyear}年{amount(target, 'zh')}以上与年均增长{_pct(r)}以上"
          f"两项目标，只有在{year}年基数为{amount(implied, 'zh')}时恰好一致；按文中{year}年的"
          f"{amount(level['base_value'], 'zh')}，年均{_pct(r)}到{gyear}年将达"
          f"{amount(reach, 'zh')}，{stricter_zh}（水平目标只需年均"
          f"{fmt_rate(level['required_rate'])}）。")
    en = (f"{_quantity(level, 'en')}: at least {amount(target, 'en')} by {gyear} and at least "
          f"{_pct(r)} a year agree exactly only from a {year} base of "
          f"{amount(implied, 'en')}; from the article's {amount(level['base_value'], 'en')} in "
          f"{year}, {_pct(r)} a year reaches {amount(reach, 'en')} by {gyear}, so "
          f"{stricter_en} (the level goal needs {fmt_rate(level['required_rate'])} a year).")
    return _row("level_and_rate", [level["goal_id"], rate["goal_id"]], implied, unit, zh, en)


def _level_and_share(level: pd.Series, share: pd.Series) -> dict[str, Any] | None:
    fraction = to_base(share["goal_value"], share["unit"]) / 100
    if not fraction > 0 or share["direction"] not in _FLOOR:
        return None
    cap = level["goal_value"] / fraction
    unit, gyear = level["unit"], int(level["goal_year"])
    goal_zh, goal_en = (fmt_value(level["goal_value"], unit, "eq", lang) for lang in ("zh", "en"))
    share_zh, share_en = (fmt_value(share["goal_value"], share["unit"], "eq", lang)
                          for lang in ("zh", "en"))
    zh = (f"若{gyear}年{_quantity(level, 'zh')}恰为{goal_zh}，“{_quantity(share, 'zh')}达"
          f"{share_zh}以上”要求其所占的总量不超过{fmt_value(round(cap, 2), unit, 'eq', 'zh')}"
          f"（{goal_zh} ÷ {share_zh}）；{_quantity(level, 'zh')}越高，这一上限按比例越高。")
    en = (f"If {_quantity(level, 'en').lower()} is exactly {goal_en} in {gyear}, the goal "
          f"'{_quantity(share, 'en').lower()} at least {share_en}' holds only if the whole it "
          f"is a share of is at most {fmt_value(round(cap, 2), unit, 'eq', 'en')} "
          f"({goal_en} ÷ {share_en}); a higher level raises that cap in proportion.")
    return _row("level_and_share", [level["goal_id"], share["goal_id"]], cap, unit, zh, en)


def _share_margin(row: pd.Series) -> dict[str, Any] | None:
    if row["verdict"] != "already_met" or row["direction"] != "at_least":
        return None
    margin = row["base_value"] - row["goal_value"]
    if row["unit"] != "%" or row["base_unit"] != "%":
        return None
    year = int(row["base_year"])
    zh = (f"{_quantity(row, 'zh')}：{year}年为{fmt_number(row['base_value'])}%，目标为"
          f"{fmt_number(row['goal_value'])}%以上，可下降至多{margin:.2f}个百分点仍达标。")
    en = (f"{_quantity(row, 'en')}: {fmt_number(row['base_value'])}% in {year} against a goal "
          f"of at least {fmt_number(row['goal_value'])}%, so it may fall by up to "
          f"{margin:.2f} percentage points and still meet it.")
    return _row("share_margin", [row["goal_id"]], margin, "pp", zh, en)


def _pairs(table: pd.DataFrame,
           data_dir: str | os.PathLike[str] | None) -> list[tuple[pd.Series, pd.Series]]:
    """(level goal, the goal paired with it) for every level goal with a pair."""
    pairs = load_targets(data_dir).set_index("id")["pair_id"]
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
        derived figure, statement_zh, statement_en, derived (always True).
    """
    if table is None:
        table = targets_table(base_year, data_dir=data_dir)
    rows: list[dict[str, Any] | None] = []
    for _, row in table.iterrows():
        if row["goal_type"] == "rate":
            rows.append(_cumulative(row))
        if row["goal_type"] == "share":
            rows.append(_share_margin(row))
    for level, other in _pairs(table, data_dir):
        if other["goal_type"] == "rate" and other["direction"] in _FLOOR:
            rows.append(_level_and_rate(level, other))
        elif other["goal_type"] == "share":
            rows.append(_level_and_share(level, other))
    frame = pd.DataFrame([r for r in rows if r], columns=IMPLICATION_COLUMNS)
    frame.attrs = {"base_year": table.attrs.get("base_year")}
    return frame
