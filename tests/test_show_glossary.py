"""The glossary table of the reports."""

from __future__ import annotations

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.tables.glossary import glossary_display


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_is_shown_once_in_the_readers_order(lang: str) -> None:
    glossary = ka.load_glossary()
    shown = glossary_display(glossary, lang)
    assert len(shown) == len(glossary)
    assert set(shown.iloc[:, 0]) == set(glossary["term_zh"])
    column = shown.iloc[:, 1] if lang == "en" else shown.iloc[:, 0]
    assert list(column) == sorted(column, key=str.lower)
    assert "" not in set(shown.iloc[:, 2])  # an empty note shows as a dash
    heads = {"zh": ["中文术语", "英文译名", "说明"], "en": ["Chinese term", "English", "Note"]}
    assert list(shown.columns) == heads[lang]


def test_a_frame_without_the_columns_is_refused() -> None:
    with pytest.raises(ParameterError, match="glossary is missing column"):
        glossary_display(pd.DataFrame({"term_zh": ["a"]}), "en")
    with pytest.raises(ParameterError, match="lang must be one of"):
        glossary_display(ka.load_glossary(), "fr")


def test_each_language_reads_the_note_in_its_own_language() -> None:
    """A Chinese report explains its terms in Chinese, an English report in English; a note
    exists in both languages or in neither."""
    import re

    glossary = ka.load_glossary()
    assert ((glossary["note"] == "") == (glossary["note_zh"] == "")).all()
    zh_notes = glossary_display(glossary, "zh").iloc[:, 2]
    en_notes = glossary_display(glossary, "en").iloc[:, 2]
    assert not [n for n in zh_notes if re.search(r"[a-z]{3,}", n)]  # CPI, GDP may stand
    assert not [n for n in en_notes if n != "—" and not re.search(r"[A-Za-z]{3,}", n)]
