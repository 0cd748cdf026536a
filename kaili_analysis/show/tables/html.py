"""Display tables as HTML with links: quote cells that lead to the article, anchored rows.

A display table of :mod:`kaili_analysis.show.tables.display` is a DataFrame of strings. Two
entries of its ``attrs`` add what a plain table cannot carry, keyed by the row's index label so
that a filtered table keeps them right:

``links``
    ``{column: {row: [(text, href), …]}}``: the cell shows each text as a link (the quotes of
    a record or of a finding's evidence, see :func:`link_cells`).
``row_ids``
    ``{row: anchor}``: the row gets ``id="anchor"`` (the overview's ``ov-<record id>``).

The table is rendered by the template ``table.html.j2`` (:mod:`kaili_analysis.show.templates`),
which escapes every text on its way into the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.loaders import load_indicators
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.links import article_href
from kaili_analysis.show.templates import render_template
from kaili_analysis.show.words.catalogue import text

__all__ = ["finding_evidence", "has_links", "link_cells", "table_html"]


def link_cells(frame: pd.DataFrame, column: str,
               evidence: Iterable[Sequence[tuple[str, str]]], lang: str) -> pd.DataFrame:
    """Fill ``column`` with quotes that link to where they stand in the article report.

    The one way every table links a quote: each cell is the row's quotes, each in 「」 and
    separated by a space, and each quote links to its record in the article report of the
    same language (:func:`.links.article_href`).

    Parameters
    ----------
    frame
        The display table (changed in place and returned).
    column
        The column to fill (created if absent).
    evidence
        Per row of ``frame``, in order: the ``(record id, quote)`` pairs it shows.
    lang
        The table's language.

    Returns
    -------
    pandas.DataFrame
        ``frame``, with the cell texts and ``attrs["links"][column]``.

    Raises
    ------
    ParameterError
        If ``evidence`` has not one entry per row, or a record id or language is invalid.
    """
    rows = [list(pairs) for pairs in evidence]
    if len(rows) != len(frame):
        raise ParameterError(f"evidence must have one entry per row of the table ({len(frame)}),"
                             f" got {len(rows)}")
    links = {label: [(text("table.quote", lang, quote=quote), article_href(rid, lang))
                     for rid, quote in pairs]
             for label, pairs in zip(frame.index, rows, strict=True)}
    frame[column] = [" ".join(text for text, _ in links[label]) for label in frame.index]
    frame.attrs = {**frame.attrs, "links": {**frame.attrs.get("links", {}), column: links}}
    return frame


def finding_evidence(findings: Iterable[dict[str, Any]],
                     ind: pd.DataFrame | None = None) -> list[list[tuple[str, str]]]:
    """The evidence of audit findings as ``(record id, quote)`` pairs for :func:`link_cells`.

    Parameters
    ----------
    findings
        Rows of :func:`kaili_analysis.run_audit` as dicts (``indicator_ids`` is used).
    ind
        The records they cite (default: :func:`kaili_analysis.load_indicators`).

    Returns
    -------
    list of list of (str, str)
        Per finding, each distinct quote of its records once, with the first record that
        has it, in the order of ``indicator_ids`` (as the finding's ``quotes``); a record
        that ``ind`` does not hold is left out.

    Raises
    ------
    ParameterError
        If ``ind`` lacks ``id`` or ``quote``.
    """
    if ind is None:
        ind = load_indicators()
    require_columns(ind, "ind", ("id", "quote"), expected="the output of load_indicators()")
    quote_of = dict(zip(ind["id"], ind["quote"], strict=True))
    out = []
    for row in findings:
        pairs: dict[str, str] = {}
        for rid in str(row["indicator_ids"]).split(";"):
            if rid in quote_of:
                pairs.setdefault(quote_of[rid], rid)
        out.append([(rid, quote) for quote, rid in pairs.items()])
    return out


def has_links(frame: pd.DataFrame) -> bool:
    """Whether a display table carries links or row anchors (see the module docstring)."""
    return bool(frame.attrs.get("links") or frame.attrs.get("row_ids"))


def _cell(value: Any, links: list[tuple[str, str]] | None) -> dict[str, Any]:
    if links:
        return {"text": "", "links": links}
    if value is None or (isinstance(value, float) and value != value):
        return {"text": "—", "links": []}
    return {"text": str(value), "links": []}


def table_html(frame: pd.DataFrame) -> str:
    """A display table as an HTML ``<table>`` with its links and row anchors.

    Parameters
    ----------
    frame
        A display table of :mod:`kaili_analysis.show.tables.display` (its index is not shown).

    Returns
    -------
    str
        The table, with the classes of the reports' other tables (``dataframe kaili-table``).

    Raises
    ------
    ParameterError
        If ``frame`` is not a DataFrame.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"table_html expects a DataFrame, got {type(frame).__name__}")
    links: dict[str, dict[Any, list]] = frame.attrs.get("links", {})
    row_ids: dict[Any, str] = frame.attrs.get("row_ids", {})
    rows = [{"anchor": row_ids.get(label),
             "cells": [_cell(v, links.get(c, {}).get(label))
                       for c, v in zip(frame.columns, row, strict=True)]}
            for label, row in zip(frame.index, frame.itertuples(index=False, name=None),
                                  strict=True)]
    return render_template("table.html.j2", heads=[str(c) for c in frame.columns], rows=rows)
