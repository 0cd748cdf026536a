"""What every check of the audit shares: the finding record, its id and group, names, periods.

A finding is a plain dict with the keys of :data:`COLUMNS`. ``stated`` is the figure under
check and ``computed`` what the article's other figures give for it (another statement of it, a
sum, a rate computed from levels, an implied value); both carry their unit and qualifier, and a
computed range has ``computed_low`` / ``computed_high``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from kaili_analysis.data.quantities import is_open
from kaili_analysis.data.units import parse_unit
from kaili_analysis.errors import KailiError
from kaili_analysis.show.words.formats import fmt_amount, fmt_number, fmt_range, fmt_value

Rec = Mapping[str, Any]

COLUMNS = ["id", "check", "subject", "group", "group_zh", "group_en", "verdict",
           "indicator_ids", "stated", "stated_unit", "stated_qualifier", "computed",
           "computed_low", "computed_high", "computed_unit", "computed_qualifier", "difference",
           "tolerance", "tolerance_unit", "explanation_zh", "explanation_en", "quotes"]

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


def finding(check: str, verdict: str, recs: Iterable[Rec], group: str, *, zh: str, en: str,
            stated: float = math.nan, stated_unit: str = "", stated_qualifier: str = "eq",
            computed: float = math.nan, computed_unit: str = "",
            computed_qualifier: str = "eq", low: float = math.nan, high: float = math.nan,
            tolerance: float = math.nan, tolerance_unit: str = "",
            subject: str = "claim") -> dict[str, Any]:
    """One finding; its id is the check and the sorted ids of its evidence records."""
    recs = list(recs)
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
        "explanation_zh": zh, "explanation_en": en, "quotes": quotes(*recs),
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


def pct(value: float, decimals: int = 2) -> str:
    """A computed rate in percent: 6.9969 → '7.00%'."""
    return f"{fmt_number(value, decimals)}%"


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


def amount_words(rec: Rec, lang: str = "zh") -> str:
    """A record's value for running text, its qualifier in words: '30余亿元', '26万亩以上',
    'more than 3 billion yuan', '260,000 mu or more'."""
    value, unit, q = rec["value"], rec["unit"], rec["qualifier"]
    base = rec.get("unit_base") or None
    if unit == "分之":
        return fmt_value(value, unit, q, lang)
    if lang == "zh":
        if q == "gt" and unit not in {"%", ""}:
            return f"{fmt_amount(value, unit, 'zh', name=False)}余{unit}"
        text = fmt_amount(value, unit, "zh", base=base)
        word = {"ge": "以上", "le": "以内", "approx": "左右", "gt": "余"}.get(q, "")
        return f"不足{text}" if q == "lt" else f"{text}{word}"
    text = fmt_amount(value, unit, "en", base=base)
    return {"ge": f"{text} or more", "le": f"{text} or less", "approx": f"about {text}",
            "gt": f"more than {text}", "lt": f"less than {text}"}.get(q, text)


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
    return name if lang == "zh" else mid(name)


def mid(name: str) -> str:
    """An English name inside a sentence: first letter lower case unless an acronym."""
    return name if name[:2].isupper() or not name else name[:1].lower() + name[1:]


def qz(name: str) -> str:
    """A Chinese name in quotation marks (its own “” become ‘’; a quoted name stays)."""
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        return name
    return "“" + name.replace("“", "‘").replace("”", "’") + "”"


def qe(name: str) -> str:
    """An English name in quotation marks."""
    return f"“{name}”"


def amount_range(low: float, high: float, unit: str, lang: str) -> str:
    """'15.55–20.73 亿元' / '1.555 billion–2.073 billion yuan'."""
    low, high = round(low, 2), round(high, 2)
    return fmt_range(low, high, unit, lang)


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
    if unit and unit[0] in "万亿千百" and rest.startswith(unit[0]):
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


def period_words(rec: Rec, basis: str, lang: str) -> str:
    """A record's period as a reader should take it: '2016-2020', 'since 2016 (open-ended)'."""
    period = rec["period"]
    first = period.split("-")[0] if period else ""
    if basis == "open" and first:
        return f"{first}年以来（未说明截止时间）" if lang == "zh" else (
            f"since {first} (end not stated)")
    if basis == "run":
        return "连续若干年（未说明起止）" if lang == "zh" else "a run of years (end not stated)"
    if basis == "flow":
        return "一年内的流量" if lang == "zh" else "a flow within one year"
    if not period:
        return "未注明时间" if lang == "zh" else "undated"
    return f"{period.replace('-', '—')}年" if lang == "zh" else period


def join_words(items: list[str], lang: str) -> str:
    """'a、b和c' / 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]
