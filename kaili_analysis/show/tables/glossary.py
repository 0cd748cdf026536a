"""The glossary as a page table: the Chinese terms and the English the reports use for them.

>>> from kaili_analysis.show.tables.glossary import glossary_display      # doctest: +SKIP
>>> glossary_display(ka.load_glossary(), "en")                      # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from kaili_analysis.config import check_lang
from kaili_analysis.data.frames import require_columns
from kaili_analysis.show.words.catalogue import label

__all__ = ["glossary_display"]


def glossary_display(glossary: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The glossary (:func:`kaili_analysis.load_glossary`) for display, sorted for the
    reader: by the English term in English, by the Chinese term in Chinese.

    Parameters
    ----------
    glossary
        The glossary table: columns term_zh, term_en, note and note_zh.
    lang
        ``zh`` or ``en``: the headers and the order.

    Returns
    -------
    pandas.DataFrame
        Strings: the Chinese term, its English rendering, the note in ``lang`` ('—' if
        none).

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en or ``glossary`` lacks a column.
    """
    check_lang(lang)
    require_columns(glossary, "glossary", ("term_zh", "term_en", "note", "note_zh"),
                    expected="the output of kaili_analysis.load_glossary()")
    key, note = ("term_en", "note") if lang == "en" else ("term_zh", "note_zh")
    rows = glossary.sort_values(key, key=lambda s: s.str.lower(), kind="stable")
    return pd.DataFrame({
        label("head", "term_zh", lang): rows["term_zh"].to_numpy(),
        label("head", "term_en", lang): rows["term_en"].to_numpy(),
        label("head", "note", lang): rows[note].replace("", "—").to_numpy(),
    })
