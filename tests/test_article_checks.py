"""The curated tables against the article: one broken row, one clear error with its place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis.data.article_checks import check_table, join_table
from kaili_analysis.data.provenance import normalize
from kaili_analysis.data.schema import LINE
from kaili_analysis.errors import DataValidationError

PATH = Path("indicators.csv")


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """Three real indicator rows as read from the file (no locators), with their lines."""
    ind = ka.load_indicators().head(3)
    keep = [c for c in ind.columns if c not in ("char_start", "char_end", "paragraph", "line")]
    return ind[keep].assign(**{LINE: [2, 3, 4]})


def test_the_real_rows_pass(rows: pd.DataFrame) -> None:
    check_table("indicators", rows, normalize(ka.load_article()), {}, PATH)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("quote", "凯里市没有写过这句话", "is not in the article"),
    ("unit", "光年", "unit"),
    ("value_base", 1.5, "does not equal value × unit factor"),
])
def test_a_broken_cell_is_named_with_its_line_and_column(rows: pd.DataFrame, column: str,
                                                         value: object, message: str) -> None:
    broken = rows.copy()
    broken.loc[broken.index[1], column] = value
    with pytest.raises(DataValidationError, match=message) as info:
        check_table("indicators", broken, normalize(ka.load_article()), {}, PATH)
    text = str(info.value)
    assert "indicators.csv" in text and "3" in text and column in text


def test_a_table_without_checks_or_joins_passes_as_it_is() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], LINE: [2, 3]}, index=[5, 9])
    check_table("sections", frame, "", {}, PATH)
    pd.testing.assert_frame_equal(join_table("sections", frame, {}),
                                  frame.reset_index(drop=True))
