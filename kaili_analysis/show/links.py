"""Links between reports: the anchors a record gets and the relative links that reach them.

Every record has an anchor in the article report (``rec-<id>``, where its number stands in
the article) and one in the overview (``ov-<id>``, its row in the tables). Links are relative
file names in the shared output folder; the file name comes from the render layer's own
naming rule (:func:`kaili_analysis.show.filenames.report_filename`), so a link always names the
file a batch writes: ``article.html#rec-gdp_2020``, ``article__lang-en.html#rec-gdp_2020``.
"""

from __future__ import annotations

import re

from kaili_analysis.config import check_lang
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.filenames import report_filename

__all__ = ["ARTICLE_REPORT", "OVERVIEW_REPORT", "article_href", "overview_anchor",
           "overview_href", "record_anchor"]

#: The report that shows the article with its numbers marked, and the one that lists records.
ARTICLE_REPORT = "article"
OVERVIEW_REPORT = "overview"
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _checked(record_id: str) -> str:
    if not isinstance(record_id, str) or not _ID.fullmatch(record_id):
        raise ParameterError(f"record id must be letters, digits, '_', '.' or '-' (the ids of "
                             f"indicators.csv), got {record_id!r}")
    return record_id


def record_anchor(record_id: str) -> str:
    """The anchor of a record in the article report: ``rec-<id>``.

    Raises
    ------
    ParameterError
        If the id has characters an HTML id or URL fragment would need escaped.
    """
    return f"rec-{_checked(record_id)}"


def overview_anchor(record_id: str) -> str:
    """The anchor of a record's row in the overview report: ``ov-<id>``.

    Raises
    ------
    ParameterError
        As :func:`record_anchor`.
    """
    return f"ov-{_checked(record_id)}"


def article_href(record_id: str, lang: str) -> str:
    """Relative link to where a record stands in the article report of ``lang``.

    Parameters
    ----------
    record_id
        A record's id.
    lang
        The language of the page that links (its article report is in the same language).

    Returns
    -------
    str
        ``article.html#rec-<id>`` (zh) or ``article__lang-en.html#rec-<id>`` (en).

    Raises
    ------
    ParameterError
        If the id or the language is not valid.
    """
    return f"{report_filename(ARTICLE_REPORT, check_lang(lang))}#{record_anchor(record_id)}"


def overview_href(record_id: str, lang: str) -> str:
    """Relative link to a record's row in the overview report of ``lang``
    (``overview.html#ov-<id>``, ``overview__lang-en.html#ov-<id>``).

    Raises
    ------
    ParameterError
        If the id or the language is not valid.
    """
    return f"{report_filename(OVERVIEW_REPORT, check_lang(lang))}#{overview_anchor(record_id)}"
