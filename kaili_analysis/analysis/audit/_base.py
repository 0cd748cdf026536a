"""What every check of the audit shares: the finding record, its id and group, names, periods.

A finding is a plain dict with the keys of :data:`COLUMNS`. ``stated`` is the figure under
check and ``computed`` what the article's other figures give for it (another statement of it, a
sum, a rate computed from levels, an implied value); both carry their unit and qualifier, and a
computed range has ``computed_low`` / ``computed_high``. Rates and shares are fractions with the
unit ``fraction`` (0.1408, not 14.08 %); a tolerance is in percentage points (``pp``).

A finding says why in words only as a *phrase* (:func:`phrase`): a key of the word catalogue
and its values (``explanation_key``, ``explanation_values``). The values are JSON-able:
numbers, record names in both languages (:func:`name`), record amounts (:func:`amount`),
rates as fractions (:func:`rate`), periods (:func:`period`), lists and phrases inside phrases;
:mod:`kaili_analysis.show.words.findings` turns them into sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from kaili_analysis.data.quantities import is_open
from kaili_analysis.data.units import MAGNITUDES, parse_unit
from kaili_analysis.errors import KailiError

Rec = Mapping[str, Any]

COLUMNS = ["id", "check", "subject", "group", "group_zh", "group_en", "verdict",
           "indicator_ids", "stated", "stated_unit", "stated_qualifier", "computed",
           "computed_low", "computed_high", "computed_unit", "computed_qualifier", "difference",
           "tolerance", "tolerance_unit", "explanation_key", "explanation_values", "quotes"]

#: Claim verdicts from the most to the least serious: a group of findings takes the first.
CLAIM_VERDICTS = ("inconsistent", "price_basis", "related_measures", "unverifiable",
                  "consistent")
#: Verdicts of forward goals (the targets report's vocabulary).
GOAL_VERDICTS = ("already_met", "not_met", "faster_than_history", "within_history",
                 "history_disagrees", "no_history", "no_base")

_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
_DIGIT = re.compile(r"[0-9]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUN = re.compile(r"连续[0-9一二三四五六七八九十]+年")
#: A ratio written with a colon: 6.1∶32.8∶62.1.
RATIO = re.compile(r"\d(?:∶|:)\d")


def quotes(*recs: Rec) -> str:
    """The distinct quotes of records, each in 「」, in order."""
    seen: list[str] = []
    for r in recs:
        if r["quote"] not in seen:
            seen.append(r["quote"])
    return " ".join(f"「{q}」" for q in seen)


def phrase(key: str, **values: Any) -> dict[str, Any]:
    """Words as a key of the word catalogue and its values: ``{"key": key, "values": {…}}``."""
    return {"key": key, "values": values}


def amount(rec: Rec, value: float | None = None) -> dict[str, Any]:
    """A record's value with its unit and qualifier, for running text (``value`` replaces
    the record's own number)."""
    return {"amount": float(rec["value"] if value is None else value), "unit": rec["unit"],
            "qualifier": rec["qualifier"] if value is None else "eq",
            "base": rec.get("unit_base") or None}


def name(rec: Rec, style: str = "plain") -> dict[str, str]:
    """A record's indicator in both languages without its annotations in brackets; ``style``
    as :mod:`kaili_analysis.show.words.findings` writes names (``quote``, ``mid`` …)."""
    return {"zh": bare(rec["indicator_zh"]), "en": bare(rec["indicator_en"]), "style": style}


def rate(value: float) -> dict[str, float]:
    """A rate the audit computed (a fraction), written to two decimals in percent."""
    return {"rate": float(value)}


def stated_rate(value: float) -> dict[str, float]:
    """A rate of the article (a fraction), written as the article writes it (6%, 14.08%)."""
    return {"stated_rate": float(value)}


def period(rec: Rec, basis: str) -> dict[str, str]:
    """A record's period and how it reads (:func:`period_basis`)."""
    return {"period": rec["period"], "basis": basis}


def finding(check: str, verdict: str, recs: Iterable[Rec], group: str, *,
            words: dict[str, Any],
            stated: float = math.nan, stated_unit: str = "", stated_qualifier: str = "eq",
            computed: float = math.nan, computed_unit: str = "",
            computed_qualifier: str = "eq", low: float = math.nan, high: float = math.nan,
            tolerance: float = math.nan, tolerance_unit: str = "",
            subject: str = "claim") -> dict[str, Any]:
    """One finding; its id is the check and the sorted ids of its evidence records. Figures
    in percent (unit ``%``) become fractions (unit ``fraction``)."""
    recs = list(recs)
    if stated_unit == "%":
        stated, stated_unit = stated / 100, "fraction"
    if computed_unit == "%":
        computed, low, high, computed_unit = computed / 100, low / 100, high / 100, "fraction"
    ids = list(dict.fromkeys(r["id"] for r in recs))
    same = stated_unit == computed_unit and stated_unit != ""
    diff = (computed - stated if same and not (math.isnan(stated) or math.isnan(computed))
            else math.nan)
    return {
        "id": f"{check}:{'+'.join(sorted(ids))}", "check": check, "subject": subject,
        "group": group, "group_zh": "", "group_en": "", "verdict": verdict,
        "indicator_ids": ";".join(ids), "stated": float(stated), "stated_unit": stated_unit,
        "stated_qualifier": stated_qualifier, "computed": float(computed),
        "computed_low": float(low), "computed_high": float(high),
        "computed_unit": computed_unit, "computed_qualifier": computed_qualifier,
        "difference": diff, "tolerance": float(tolerance), "tolerance_unit": tolerance_unit,
        "explanation_key": words["key"], "explanation_values": words["values"],
        "quotes": quotes(*recs),
    }


def root(concept: str) -> str:
    """The quantity a concept is about: ``agri_output_growth_target`` → ``agri_output``."""
    return re.sub(r"(_growth)?(_target)?$", "", concept)


def bare(name: str) -> str:
    """A name without its annotations in brackets (``农林牧渔业总产值（期初）``)."""
    return _PAREN.sub("", name).strip()


def narrower(a: str, b: str) -> tuple[int, str] | None:
    """Which of two names adds words to the other (0 for ``a``, 1 for ``b``) and the words
    it adds; None when the names are equal or each has words the other lacks."""
    ca, cb = Counter(a), Counter(b)
    only_a, only_b = ca - cb, cb - ca
    if only_a and not only_b:
        return 0, "".join(ch for ch in a if ch in only_a)
    if only_b and not only_a:
        return 1, "".join(ch for ch in b if ch in only_b)
    return None




def shown_unit(rec: Rec) -> str:
    """The unit a finding states a record's value in: its base unit where the record counts
    something other than its written unit's default (户 of enterprises → ``enterprises``,
    same number), else the unit as written."""
    try:
        parsed = parse_unit(rec["unit"])
    except KailiError:
        return rec["unit"]
    base = rec.get("unit_base") or parsed.base
    return base if base != parsed.base and parsed.factor == 1 else rec["unit"]




def quantity_name(ind_rows: Iterable[Rec], rate: Rec, lang: str) -> str:
    """The name of the quantity a growth rate is about, for running text: the name of a
    level record of its concept, else the rate's name without its 'growth' words."""
    concept = root(rate["concept"])
    for rec in ind_rows:
        if rec["concept"] == concept:
            name = bare(rec[f"indicator_{lang}"])
            break
    else:
        name = re.sub(r"(年均增长|年均增速|增长|增速)$|,? average annual growth$", "",
                      bare(rate[f"indicator_{lang}"]))
    return name










def mid(name: str) -> str:
    """An English name inside a sentence: first letter lower case unless an acronym."""
    return name if name[:2].isupper() or not name else name[:1].lower() + name[1:]


def number_at(quote: str, value_text: str) -> int:
    """Offset of a record's number in its quote (not inside a longer number), or -1."""
    start = quote.find(value_text)
    while start != -1:
        before = quote[start - 1] if start else ""
        after = quote[start + len(value_text)] if start + len(value_text) < len(quote) else ""
        if not (before.isdigit() or before == "." or after.isdigit() or after == "."):
            return start
        start = quote.find(value_text, start + 1)
    return -1


def after_number(rec: Rec) -> str | None:
    """The words after a record's number and unit in its quote (``15个镇街指挥所`` →
    ``镇街指挥所``); a fused magnitude (6.13万贫困人口) is skipped; None if not found."""
    quote, text, unit = rec["quote"], rec["value_text"], rec["unit"]
    pos = number_at(quote, text)
    if pos == -1:
        return None
    rest = quote[pos + len(text):]
    if unit and rest.startswith(unit):
        return rest[len(unit):]
    if unit and unit[0] in MAGNITUDES and rest.startswith(unit[0]):
        return rest[1:]
    return None


def common_prefix(words: Iterable[str]) -> str:
    """The longest start shared by every word (character by character)."""
    words = list(words)
    if not words:
        return ""
    first = min(words)
    last = max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def has_digit(text: str) -> bool:
    """Whether ``text`` holds an Arabic digit."""
    return bool(_DIGIT.search(text))


def cjk_prefix(text: str) -> str:
    """The leading run of Chinese characters of ``text``."""
    out = []
    for ch in text:
        if not _CJK.match(ch):
            break
        out.append(ch)
    return "".join(out)


def period_basis(rec: Rec, context: str = "") -> str:
    """How a record's period can be read.

    ``closed`` (a year or a span the article states or clearly implies), ``open`` (since a
    date, 以来: the end is not stated), ``run`` (连续N年 without a start: the end is not
    stated), ``flow`` (出栏, animals marketed: a flow within a year, not a level held over a
    span), ``undated`` (no period). ``context`` is the sentence around the quote, where
    以来 may stand outside the quote.
    """
    if rec.get("_basis"):
        return rec["_basis"]  # read once by run_audit, with the sentence around the quote
    words = f"{context}{rec['quote']}"
    if (rec["kind"] in {"level", "cumulative"}
            and "出栏" in f"{rec['indicator_zh']}{rec['quote']}"):
        return "flow"
    if not rec["period"]:
        return "undated"
    if is_open(rec["period"]) or "以来" in words:
        return "open"
    if _RUN.search(rec["quote"]):
        return "run"
    return "closed"


def sentence_before(quote: str, article: str | None) -> str:
    """The words of the article's sentence before a quote ('' without an article)."""
    if not article:
        return ""
    at = article.find(quote)
    if at == -1:
        return ""
    head = article[:at]
    return head[max(head.rfind(ch) for ch in "。！？") + 1:]



