"""The raw article: normalisation, quotes, numbers and the numeric-token coverage check.

Normalisation
-------------
The article is Chinese prose extracted from a printed page. Its line breaks fall in the
middle of words (``建\\n立``) and even between a number and its measure word (``3\\n个``), and
the extraction put spaces inside quantities (``5461 名``, ``1.64 万户``, ``10027 户 44179 人``).
Chinese prose has no meaningful spaces, so :func:`normalize` deletes **all** whitespace
(every character for which :meth:`str.isspace` is true: line breaks, ASCII spaces, the
ideographic space U+3000, tabs). Every offset, quote and context in this module and in the
curated tables refers to this normalised text; :mod:`.locators` maps them back onto the raw
article (offsets, line, paragraph).

Numeric tokens
--------------
:func:`numeric_tokens` lists every number of the normalised article:

* **Arabic**: maximal runs of ASCII digits with an optional decimal part (``38.13``, ``1889``;
  ``1,600`` with thousands commas is one token). A ratio such as ``6.1∶32.8∶62.1`` gives three
  tokens, a range such as ``0-3`` gives two.
* **Chinese**: a maximal run of the numeral characters ``零〇一二两三四五六七八九十百千万亿``
  that contains at least one of ``二两三四五六七八九十百千`` (so the ubiquitous lone ``一`` of
  ``一批``, ``一体化``, ``一系列`` is never a token), and that carries a quantity or a number
  by one of three signs:

  1. it is immediately followed by a measure word or marker from :data:`CHINESE_MARKERS`
     (``十件``, ``五大集团``, ``四级指挥体系``, ``十景十八菜``, ``五场战役``, ``十五年教育``,
     ``十九届``, ``二期``, ``六中全会``, ``三孩``); a fraction ``三分之一`` is one token;
  2. it is immediately preceded by ``第`` (an ordinal: ``第三幼儿园``, ``第十次党代会``);
  3. it is immediately preceded by an opening quotation mark ``“`` (the article quotes its
     numbered set phrases and names: ``“十三五”``, ``“两椒一果”``, ``“一二三四五”``,
     ``“百千万”工程``).

  Idioms whose numerals carry no measure word and stand in no quotation (``千方百计``,
  ``百舸争流``, ``千帆竞渡``, ``万众一心``, ``大十字``, ``九方天街``, ``出门七有``, ``百强县``)
  are not tokens.

Coverage
--------
:func:`coverage` checks that every numeric token is accounted for: either it is the value of
an indicator record (it lies inside the record's quote and equals the record's value) or it
is listed in the exclusions table (it lies inside the exclusion's context and equals its
token text).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.numerals import CHINESE_NUMERALS, parse_number
from kaili_analysis.errors import ParameterError

__all__ = [
    "ARABIC_PATTERN",
    "CHINESE_MARKERS",
    "CHINESE_NUMERALS",
    "CONTEXT_CHARS",
    "coverage",
    "find_quote",
    "normalize",
    "numeric_tokens",
    "parse_number",
    "token_spans",
]

#: A Chinese numeral run is a token only if it has one of these (a lone 一 is not).
_QUANTITY_CHARS = "二两三四五六七八九十百千"

#: Measure words and markers that make a Chinese numeral run a quantity, tuned on the
#: article (each is followed, in the article, by a numeral that states a quantity, a
#: grade, an ordinal or a set phrase that the curated tables account for).
CHINESE_MARKERS: tuple[str, ...] = (
    "分之",  # 三分之一: a fraction (matched as one token with its numerator)
    "个",  # 四个更强, 两个宝贝, 六个一律, 三个代表
    "件",  # 十件民生实事
    "大",  # 五大集团, 五大农业主导产业, 八大工程, 十九大
    "年",  # 十五年教育, 十年禁渔, 五年来 / 这五年 (period phrases)
    "载",  # 奋进五载 (a period phrase)
    "场",  # 五场战役
    "项",  # 八项规定
    "级",  # 四级指挥体系, 二级甲等, 国家二级文化馆
    "次",  # 三次产业, 十次全会
    "轮",  # 第二轮农网改造
    "期",  # 二期项目, 应急物资储备库（二期）
    "届",  # 十九届, 十二届, 第十一届
    "中",  # 二中、三中 … 六中全会 (plenary sessions)
    "类",
    "家",
    "条",
    "所",
    "座",
    "户",
    "名",
    "人",  # 千人以上集中式饮用水源地
    "处",  # 三处地方
    "孩",  # 三孩生育政策
    "天",
    "套",
    "亩",
    "景",  # 十景
    "菜",  # 十八菜
)

#: Arabic numbers: digits, optional thousands groups, optional decimals.
ARABIC_PATTERN = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")

#: Characters of context kept on each side of a token.
CONTEXT_CHARS = 12

_RUN = f"[{CHINESE_NUMERALS}]+"
_CHINESE_PATTERN = re.compile(f"{_RUN}分之{_RUN}|{_RUN}")
_MARKER_PATTERN = re.compile("|".join(re.escape(m) for m in CHINESE_MARKERS))

_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Delete all whitespace from a text.

    Parameters
    ----------
    text
        Any text (the article, a quote, a context).

    Returns
    -------
    str
        The text without line breaks, spaces (ASCII and U+3000) or tabs.

    Raises
    ------
    ParameterError
        If ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a string, got {type(text).__name__}")
    return _WHITESPACE.sub("", text)


def find_quote(quote: str, article: str) -> list[int]:
    """Find every occurrence of a quote in the normalised article.

    Parameters
    ----------
    quote
        The words to find; normalised before searching.
    article
        The article, raw or already normalised.

    Returns
    -------
    list of int
        Start offsets in ``normalize(article)`` of every (possibly overlapping) occurrence,
        in increasing order; empty if there is none.

    Raises
    ------
    ParameterError
        If the quote is empty after normalisation.
    """
    needle = normalize(quote)
    if not needle:
        raise ParameterError(f"quote must contain non-whitespace text, got {quote!r}")
    haystack = normalize(article) if _WHITESPACE.search(article) else article
    starts: list[int] = []
    pos = haystack.find(needle)
    while pos != -1:
        starts.append(pos)
        pos = haystack.find(needle, pos + 1)
    return starts


def _chinese_is_token(text: str, start: int, end: int, run: str) -> bool:
    if "分之" in run:
        return True
    if not any(ch in _QUANTITY_CHARS for ch in run):
        return False
    before = text[start - 1] if start > 0 else ""
    if before in ("第", "“"):
        return True
    return _MARKER_PATTERN.match(text, end) is not None


def _value_or_nan(token: str) -> float:
    try:
        return parse_number(token)
    except ParameterError:
        return math.nan


def token_spans(article: str) -> list[tuple[int, int, str, str]]:
    """List the numeric tokens of the normalised article as plain tuples (fast).

    The scan behind :func:`numeric_tokens`, without building a DataFrame, parsing values or
    cutting contexts.

    Parameters
    ----------
    article
        The article (raw or normalised; it is normalised here).

    Returns
    -------
    list of tuple
        ``(start, end, token, script)`` per token in reading order, offsets in the normalised
        article (``end`` exclusive), ``script`` ``"arabic"`` or ``"chinese"``.
    """
    text = normalize(article)
    spans = [(m.start(), m.end(), m.group(), "arabic") for m in ARABIC_PATTERN.finditer(text)]
    spans += [
        (m.start(), m.end(), m.group(), "chinese")
        for m in _CHINESE_PATTERN.finditer(text)
        if _chinese_is_token(text, m.start(), m.end(), m.group())
    ]
    spans.sort(key=lambda span: span[0])
    return spans


def numeric_tokens(article: str) -> pd.DataFrame:
    """List every numeric token of the normalised article.

    Parameters
    ----------
    article
        The article (raw or normalised; it is normalised here).

    Returns
    -------
    pandas.DataFrame
        One row per token in reading order, with columns ``token`` (as written), ``value``
        (:func:`parse_number`, NaN for set phrases that are no number, such as 十三五),
        ``start`` and ``end`` (offsets in the normalised article, ``end`` exclusive),
        ``script`` (``"arabic"`` or ``"chinese"``) and ``context`` (up to
        :data:`CONTEXT_CHARS` characters either side). See the module docstring for which
        Chinese numerals count as tokens; :mod:`.locators` adds where each stands in the raw
        article (:func:`.locators.locate_tokens`).
    """
    text = normalize(article)
    spans = token_spans(text)
    columns = ["token", "value", "start", "end", "script", "context"]
    if not spans:
        return pd.DataFrame(
            {
                "token": pd.Series(dtype=str),
                "value": pd.Series(dtype=float),
                "start": pd.Series(dtype=int),
                "end": pd.Series(dtype=int),
                "script": pd.Series(dtype=str),
                "context": pd.Series(dtype=str),
            }
        )
    out = pd.DataFrame(spans, columns=["start", "end", "token", "script"])
    out["value"] = [_value_or_nan(t) for _s, _e, t, _k in spans]
    out["context"] = [text[max(0, s - CONTEXT_CHARS) : e + CONTEXT_CHARS] for s, e, _t, _k in spans]
    return out[columns]


def _values_equal(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def coverage(indicators: pd.DataFrame, exclusions: pd.DataFrame, article: str) -> pd.DataFrame:
    """Account for every numeric token of the article.

    A token is covered by an indicator record only if it lies inside an occurrence of the
    record's ``quote`` in the normalised article **and** its parsed value equals the record's
    ``value`` (relative tolerance 1e-9, so a stored 1/3 matches 三分之一). It is covered by an
    exclusion if it lies inside an occurrence of the exclusion's ``context`` and its text
    equals the exclusion's ``token``.

    Parameters
    ----------
    indicators
        Records with at least the columns ``id``, ``quote`` and ``value``.
    exclusions
        Excluded tokens with at least the columns ``token``, ``context`` and ``category``.
    article
        The article (raw or normalised).

    Returns
    -------
    pandas.DataFrame
        :func:`numeric_tokens` with two more columns: ``covered`` (bool) and ``covered_by``
        (``"indicator:<id>"`` or ``"exclusion:<category>"``; several joined with ``";"`` when
        more than one record or exclusion accounts for the token; ``""`` when none does).

    Raises
    ------
    ParameterError
        If a table is not a DataFrame or lacks a required column.
    """
    require_columns(indicators, "indicators", ("id", "quote", "value"))
    require_columns(exclusions, "exclusions", ("token", "context", "category"))
    text = normalize(article)
    tokens = numeric_tokens(text)

    spans: list[tuple[int, int, float, str]] = []
    for rid, quote, value in zip(
        indicators["id"], indicators["quote"], indicators["value"], strict=True
    ):
        q = normalize(str(quote))
        if not q:
            continue
        for start in find_quote(q, text):
            spans.append((start, start + len(q), float(value), f"indicator:{rid}"))
    ex_spans: list[tuple[int, int, str, str]] = []
    for token, context, category in zip(
        exclusions["token"], exclusions["context"], exclusions["category"], strict=True
    ):
        c = normalize(str(context))
        if not c:
            continue
        for start in find_quote(c, text):
            ex_spans.append((start, start + len(c), normalize(str(token)), f"exclusion:{category}"))

    covered_by: list[str] = []
    for tok, value, start, end in zip(
        tokens["token"], tokens["value"], tokens["start"], tokens["end"], strict=True
    ):
        hits: list[str] = []
        for s, e, v, label in spans:
            if s <= start and end <= e and _values_equal(float(value), v) and label not in hits:
                hits.append(label)
        for s, e, t, label in ex_spans:
            if s <= start and end <= e and tok == t and label not in hits:
                hits.append(label)
        covered_by.append(";".join(hits))
    out = tokens.copy()
    out["covered_by"] = covered_by
    out["covered"] = out["covered_by"] != ""
    return out
