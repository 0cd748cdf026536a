"""The article report's content: its paragraphs and every numeric token with what it is.

:func:`article_tokens` returns one row per numeric token of the article (the tokens the
completeness check counts, :func:`kaili_analysis.data.provenance.coverage`) with its place in its
paragraph and a ``status``:

``record``     the number of a record (its ids in ``record_ids``);
``flagged``    the number of a record that a claim of the audit does not find consistent
               (``finding_ids``, the most serious ``verdict``);
``excluded``   a number that is deliberately not a record (``category``, ``reason``);
``uncovered``  neither (the completeness check fails on such a token).

Each row carries ``title``, the hover text in the report's language: for a record the
indicator, the value in base units, the kind and the period; for an excluded token its
category and reason; for a flagged one the audit's verdicts too. :func:`status_counts` gives
the legend: the counts per status add up to the number of tokens the completeness check counts.
The words come from the catalogue: ``label.status.*``, ``label.exclusion.*`` and
``article.view.*``.
"""

from __future__ import annotations

import pandas as pd

from kaili_analysis.config import check_lang
from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.locators import locate_tokens, paragraphs
from kaili_analysis.data.provenance import coverage
from kaili_analysis.data.quantities import period_text
from kaili_analysis.data.units import BASE_UNITS, base_label
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.catalogue import label, text, vocabulary
from kaili_analysis.show.words.findings import explanation
from kaili_analysis.show.words.formats import fmt_amount, fmt_number

__all__ = ["EXCLUSION_CATEGORIES", "STATUSES", "article_paragraphs", "article_tokens",
           "flagged_findings", "status_counts"]

#: Token statuses in legend order (their names: ``label.status.<status>``).
STATUSES: tuple[str, ...] = ("record", "flagged", "excluded", "uncovered")
#: Categories of excluded tokens (data/exclusions.csv); their names: ``label.exclusion.<name>``.
EXCLUSION_CATEGORIES: tuple[str, ...] = ("period_phrase", "name", "slogan", "date", "ordinal",
                                         "enumerator", "definition")
_TOKEN_COLUMNS = ["paragraph", "start", "end", "token", "status", "record_ids", "anchor_ids",
                  "finding_ids", "verdict", "category", "reason", "char_start", "char_end",
                  "line", "title"]
_HEADING_MAX = 30
_PUNCTUATION = frozenset("。，、；：！？…,;:!?（）()")


def article_paragraphs(article: str) -> pd.DataFrame:
    """The article's paragraphs (:func:`kaili_analysis.data.locators.paragraphs`) with a ``role``.

    A paragraph of at most 30 characters without any punctuation or bracket is a ``heading`` (the
    article's section titles such as 精锐尽出——战贫困); every other one is ``text``.

    Parameters
    ----------
    article
        The raw article (:func:`kaili_analysis.load_article`).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`~kaili_analysis.data.locators.paragraphs` plus ``role``.

    Raises
    ------
    ParameterError
        If ``article`` is not a string.
    """
    paras = paragraphs(article)
    heading = [len(t) <= _HEADING_MAX and not (_PUNCTUATION & set(t)) for t in paras["text"]]
    return paras.assign(role=["heading" if h else "text" for h in heading])


def _base_value(rec: dict, lang: str) -> str:
    unit = rec["unit_base"]
    number = fmt_number(rec["value_base"], lang=lang)
    if unit not in BASE_UNITS or (lang == "en" and unit == "count"):
        return number  # days, years, children have no label of their own; "count" says nothing
    if unit == "grade":  # 二级 / Grade II
        return fmt_amount(rec["value_base"], "级", lang, base="grade")
    word = base_label(unit, lang)
    return f"{number}{word}" if word == "%" or lang == "zh" else f"{number} {word}"


def _record_title(rec: dict, lang: str) -> str:
    period = period_text(rec["period"], lang) or text("article.view.undated", lang)
    parts = [rec[f"indicator_{lang}"], _base_value(rec, lang), label("kind", rec["kind"], lang),
             text("article.view.period", lang, period=period)]
    return " · ".join(parts)


def _finding_line(finding: dict, lang: str) -> str:
    verdict = label("verdict", finding["verdict"], lang)
    check = label("check", finding["check"], lang)
    return text("article.view.finding", lang, check=check, verdict=verdict,
                explanation=explanation(finding, lang))




def _flags(findings: pd.DataFrame | None) -> dict[str, list[dict]]:
    """Record id -> the claim findings about it that are not consistent, in audit order."""
    if findings is None:
        return {}
    require_columns(findings, "findings", ["id", "check", "subject", "verdict", "indicator_ids",
                                    "explanation_key", "explanation_values"])
    out: dict[str, list[dict]] = {}
    questioned = findings[(findings["subject"] == "claim")
                          & (findings["verdict"] != "consistent")]
    for row in questioned.to_dict("records"):
        for rid in row["indicator_ids"].split(";"):
            out.setdefault(rid, []).append(row)
    return out


def flagged_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The claim findings that are not consistent, numbered as the article report notes them.

    Parameters
    ----------
    findings
        :func:`kaili_analysis.run_audit`.

    Returns
    -------
    pandas.DataFrame
        The findings with ``subject == "claim"`` and a verdict other than ``consistent``, in
        the audit's order, with ``note`` (1, 2, …) added.

    Raises
    ------
    ParameterError
        If ``findings`` lacks a column of :func:`kaili_analysis.run_audit`.
    """
    require_columns(findings, "findings", ["id", "subject", "verdict"])
    rows = findings[(findings["subject"] == "claim") & (findings["verdict"] != "consistent")]
    return rows.assign(note=range(1, len(rows) + 1)).reset_index(drop=True)


def article_tokens(indicators: pd.DataFrame, exclusions: pd.DataFrame, article: str,
                   findings: pd.DataFrame | None = None, lang: str = "zh") -> pd.DataFrame:
    """Every numeric token of the article with what it is, for marking up the text.

    Parameters
    ----------
    indicators
        :func:`kaili_analysis.load_indicators` (or rows shaped like it).
    exclusions
        :func:`kaili_analysis.load_exclusions`, with their locators.
    article
        The raw article.
    findings
        :func:`kaili_analysis.run_audit`; None marks no token as flagged.
    lang
        Language of the hover texts.

    Returns
    -------
    pandas.DataFrame
        One row per token in reading order: paragraph, start and end (offsets in the
        paragraph's ``text``), token, status, record_ids (``;``-joined), anchor_ids (the
        records whose anchor this token holds: each record's first token), finding_ids,
        verdict (the most serious), category, reason, the token's locator (char_start,
        char_end, line) and title.

    Raises
    ------
    ParameterError
        If ``lang`` is unknown or a table lacks a column.
    """
    check_lang(lang)
    require_columns(indicators, "indicators", ["id", "quote", "value", "value_base", "unit_base",
                                        "indicator_zh", "indicator_en", "kind", "period"])
    require_columns(exclusions, "exclusions", ["token", "context", "category", "reason",
                                        "char_start"])
    tokens = locate_tokens(coverage(indicators, exclusions, article), article)
    paras = paragraphs(article).set_index("paragraph")
    records = indicators.set_index("id", drop=False).to_dict("index")
    reasons = dict(zip(exclusions["char_start"], exclusions["reason"], strict=True))
    flags = _flags(findings)
    categories = vocabulary("exclusion", lang)
    rank = {v: i for i, v in enumerate(("inconsistent", "price_basis", "related_measures",
                                        "unverifiable"))}
    seen: set[str] = set()
    rows = []
    for tok in tokens.to_dict("records"):
        labels = [x for x in tok["covered_by"].split(";") if x]
        ids = [x.split(":", 1)[1] for x in labels if x.startswith("indicator:")]
        cats = [x.split(":", 1)[1] for x in labels if x.startswith("exclusion:")]
        found = list({f["id"]: f for rid in ids for f in flags.get(rid, [])}.values())
        status = ("flagged" if found else "record") if ids else (
            "excluded" if cats else "uncovered")
        lines = [_record_title(records[rid], lang) for rid in ids]
        lines += [_finding_line(f, lang) for f in found]
        category = cats[0] if cats and not ids else ""
        reason = reasons.get(tok["char_start"], "") if category else ""
        if category:
            name = categories.get(category, category)
            lines = [text("article.view.excluded_reason", lang, category=name, reason=reason)
                     if reason else text("article.view.excluded", lang, category=name)]
        elif status == "uncovered":
            lines = [label("status", "uncovered", lang)]
        anchors = [rid for rid in ids if rid not in seen]
        seen.update(ids)
        start = int(paras.loc[tok["paragraph"], "norm_start"])
        rows.append({
            "paragraph": int(tok["paragraph"]), "start": int(tok["start"]) - start,
            "end": int(tok["end"]) - start, "token": tok["token"], "status": status,
            "record_ids": ";".join(ids), "anchor_ids": ";".join(anchors),
            "finding_ids": ";".join(f["id"] for f in found),
            "verdict": min((f["verdict"] for f in found), key=lambda v: rank.get(v, 99),
                           default=""),
            "category": category, "reason": reason, "char_start": int(tok["char_start"]),
            "char_end": int(tok["char_end"]), "line": int(tok["line"]),
            "title": "\n".join(lines),
        })
    return pd.DataFrame(rows, columns=_TOKEN_COLUMNS)


def status_counts(tokens: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The legend: how many tokens have each status.

    Parameters
    ----------
    tokens
        :func:`article_tokens`.
    lang
        Language of the names.

    Returns
    -------
    pandas.DataFrame
        status, name, n: one row per status of :data:`STATUSES` (zeros included, in legend
        order); ``n`` sums to ``len(tokens)``.

    Raises
    ------
    ParameterError
        If ``tokens`` lacks ``status`` or holds a status not in :data:`STATUSES`.
    """
    check_lang(lang)
    require_columns(tokens, "tokens", ["status"])
    unknown = sorted(set(tokens["status"]) - set(STATUSES))
    if unknown:
        raise ParameterError(f"tokens has unknown status(es) {', '.join(unknown)}; allowed: "
                             f"{', '.join(STATUSES)}")
    counts = tokens["status"].value_counts()
    return pd.DataFrame({"status": list(STATUSES),
                         "name": [label("status", s, lang) for s in STATUSES],
                         "n": [int(counts.get(s, 0)) for s in STATUSES]})
