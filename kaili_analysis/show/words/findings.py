"""Sentences about the results of the Analysis layer: audit findings, goals, implications and
the bases of the sensitivity table.

The Analysis layer says why in words only as a *phrase*: a key of the word catalogue and its
values, ``{"key": "finding.repeated.agree", "values": {...}}`` (a finding or a goal stores them
as ``explanation_key`` and ``explanation_values``). :func:`phrase` makes the sentence. A value
is JSON-able and is one of:

* a string or an integer: written as it is (an integer may choose a plural form);
* a float: a number (:func:`~kaili_analysis.show.words.formats.fmt_number`);
* ``{"zh": …, "en": …, "style": …}``: a name from the data in each language (or, where
  the two languages say a thing differently, a value of any kind for each); ``style`` is
  ``plain``, ``quote`` (in quotation marks), ``quote_zh`` (in quotation marks in Chinese),
  ``cite`` (a quote of the article: 「…」 in Chinese, “…” in English),
  ``mid`` (inside an English sentence: first letter lower case) or ``lower``;
* ``{"amount": v, "unit": u, "qualifier": q, "base": b}``: a record's value for running text,
  its qualifier in words (30余亿元 / more than 3 billion yuan);
* ``{"value": v, "unit": u, "qualifier": q}``: a value with its qualifier's symbol (≥ 12%);
* ``{"rate": r}``: a rate (a fraction) computed by the analysis, in percent to two decimals
  (or ``"decimals"``);
  ``{"stated_rate": r}``: a rate of the article as it writes it (6%, 14.08%);
* ``{"pp": x}``: a difference in percentage points ('高5.78个百分点' / '+5.78 pp');
* ``{"number": x, "decimals": d}``: a number with fixed decimals;
* ``{"low": a, "high": b, "unit": u}``: a range of one quantity;
* ``{"period": p, "basis": b}``: a record's period as a reader should take it;
* ``{"span": "2016-2020"}``: a span of years as the language writes it;
* ``{"list": [...]}``: values joined as 'a、b和c' / 'a, b and c';
  ``{"series": [...], "sep": key}``: values joined by the catalogue entry ``key``;
* ``{"key": k, "values": {...}}``: a phrase inside the phrase ('' for none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kaili_analysis.analysis.audit import history_phrase
from kaili_analysis.analysis.audit._base import mid
from kaili_analysis.config import check_lang
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.catalogue import text
from kaili_analysis.show.words.formats import (
    fmt_amount,
    fmt_number,
    fmt_pp,
    fmt_range,
    fmt_rate,
    fmt_value,
    join_words,
    qualified,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["explanation", "history_words", "phrase", "value_text"]

def phrase(words: Mapping[str, Any], lang: str) -> str:
    """The sentence of a phrase ``{"key": …, "values": {…}}`` in ``lang``.

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en, the key is unknown or a value is not of a kind above.
    """
    check_lang(lang)
    values = {k: value_text(v, lang) for k, v in words.get("values", {}).items()}
    return text(words["key"], lang, **values)


def explanation(row: Mapping[str, Any], lang: str, prefix: str = "explanation") -> str:
    """The sentence of a row carrying ``<prefix>_key`` and ``<prefix>_values`` (a finding
    of :func:`~kaili_analysis.run_audit`, a goal of :func:`~kaili_analysis.targets_table` …).
    """
    return phrase({"key": row[f"{prefix}_key"], "values": row[f"{prefix}_values"]}, lang)


def history_words(ind: pd.DataFrame, concept: str, lang: str) -> str:
    """The 2016-2020 rates of one quantity side by side in ``lang``, or '' if the article
    gives fewer than two: '6%（文中所述）、7.00%（由起止值按现价计算）和14.08%（文中所述）'
    (:func:`kaili_analysis.analysis.audit.history_phrase`)."""
    return str(value_text(history_phrase(ind, concept), lang))


def value_text(value: Any, lang: str) -> Any:
    """One value of a phrase as text (an integer stays a number for plural forms)."""
    if isinstance(value, bool):
        raise ParameterError(f"a phrase value must be text, a number or a dict, got {value!r}")
    if isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return fmt_number(value, lang=lang)
    if not isinstance(value, Mapping):
        raise ParameterError(f"a phrase value must be text, a number or a dict, got {value!r}")
    if "key" in value:
        return phrase(value, lang)
    if "zh" in value:
        mine = value[lang]
        if isinstance(mine, str):
            return _name(mine, value.get("style", "plain"), lang)
        return value_text(mine, lang)
    if "amount" in value:
        return _amount(value["amount"], value["unit"], value["qualifier"], value.get("base"),
                       lang)
    if "value" in value:
        return fmt_value(value["value"], value["unit"], value.get("qualifier", "eq"), lang)
    if "rate" in value:
        return fmt_rate(value["rate"], value.get("decimals", 2))
    if "stated_rate" in value:
        return fmt_rate(value["stated_rate"], None)
    if "pp" in value:
        return fmt_pp(value["pp"], lang)
    if "number" in value:
        return fmt_number(value["number"], value.get("decimals"), lang)
    if "low" in value:
        low, high = round(value["low"], 2), round(value["high"], 2)
        return fmt_range(low, high, value["unit"], lang)
    if "period" in value:
        return _period(value["period"], value["basis"], lang)
    if "span" in value:
        return value["span"].replace("-", "—") if lang == "zh" else value["span"]
    if "list" in value:
        return join_words([value_text(v, lang) for v in value["list"]], lang)
    if "series" in value:
        sep = text(value["sep"], lang)
        return sep.join(str(value_text(v, lang)) for v in value["series"])
    raise ParameterError(f"a phrase value must be one of the kinds of {__name__}, "
                         f"got {value!r}")


def _name(name: str, style: str, lang: str) -> str:
    if style == "cite":
        return f"「{name}」" if lang == "zh" else f"“{name}”"
    if style == "quote" or (style == "quote_zh" and lang == "zh"):
        if lang == "en":
            return f"“{name}”"
        if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
            return name
        return "“" + name.replace("“", "‘").replace("”", "’") + "”"
    if lang == "en" and style == "mid":
        return mid(name)
    if lang == "en" and style == "lower":
        return name.lower()
    return name


def _amount(value: float, unit: str, qualifier: str, base: str | None, lang: str) -> str:
    """'30余亿元', '26万亩以上', 'more than 3 billion yuan', '260,000 mu or more'."""
    if unit == "分之":
        return fmt_value(value, unit, qualifier, lang)
    written = fmt_amount(value, unit, lang, base=base)
    number = None if unit in {"%", ""} else fmt_amount(value, unit, lang, name=False, base=base)
    return qualified(written, qualifier, lang, number=number, words=True)


def _period(period: str, basis: str, lang: str) -> str:
    """A record's period as a reader should take it: '2016-2020', 'since 2016 (open-ended)'."""
    first = period.split("-")[0] if period else ""
    if basis == "open" and first:
        return text("finding.period.open", lang, year=first)
    if basis in {"run", "flow"}:
        return text(f"finding.period.{basis}", lang)
    if not period:
        return text("finding.period.undated", lang)
    return text("finding.period.closed", lang, span=period.replace("-", "—")
                if lang == "zh" else period)

