"""Where the records stand in the raw article: offsets, lines and paragraphs.

Every quote, context and token in the curated tables is stored *normalised* (all whitespace
deleted, see :func:`provenance.normalize`). This module maps them back onto the article as
received, with its original spaces and line breaks, so that a reader can be taken to the place.

Locators
--------
A locator is four integers, described once in :data:`LOCATOR_FIELDS` (read-only Frictionless
field descriptors that a data export can put in its datapackage): ``char_start`` and
``char_end``, Python string indices such that ``article[char_start:char_end]`` is the located
words with their original whitespace (normalised, they equal the quote); ``line``, the 1-based
line of ``char_start`` (lines end at ``\\r\\n``, ``\\r`` or ``\\n``, so a CRLF file has the
lines of its LF copy); and ``paragraph``, the 1-based paragraph of ``char_start``. A leading
byte-order mark (U+FEFF) is not whitespace: it shifts every offset by one but belongs to no
paragraph's text.

Paragraphs
----------
The article was extracted from a printed page in columns: lines are hard-wrapped in mid-word,
blank lines mark paragraph breaks but also column breaks inside a sentence, and the print's
paragraph indent is lost. :func:`paragraphs` groups the non-blank lines as a reader does; a
line starts a new paragraph when

1. it is indented (begins with a space, a tab or U+3000), or
2. blank lines stand before it, unless the text before them stops mid-sentence: its last line
   does not end a sentence (``。！？!?…``, possibly followed by a closing quote or bracket),
   and it is not a heading or caption (a paragraph without punctuation whose last line is
   short, see rule 3); or
3. the line before it ends a sentence and is short (at most 9/10 of the article's median line
   width, counting a Chinese character or full-width mark as 1, a digit or letter as 1/2); or
4. the line before it ends a sentence at full width and the new line opens with the same two
   characters as a paragraph found by rules 1-3: the article's paragraphs open in parallel
   (这五年…, 五年来…, 今后五年…, 围绕“…”…), which is the only trace of the lost indent
   where a paragraph ended exactly at the end of a line.

A paragraph's ``text`` is its lines joined the way the package normalises (all whitespace
deleted: Chinese prose has no meaningful spaces), so it equals the slice ``norm_start:norm_end``
of the normalised article and numeric-token offsets (:func:`provenance.numeric_tokens`) fall
into it directly: a token at ``start`` sits at ``start - norm_start`` of its paragraph's text.

Marking up the article: ``paragraphs(article)`` gives the text of each paragraph, and
``locate_tokens(provenance.coverage(indicators, exclusions, article), article)`` every numeric
token with ``covered_by`` (``indicator:<id>`` / ``exclusion:<category>``), its ``start``/``end``
in the normalised text and its locator; group the tokens by ``paragraph``.
"""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import pandas as pd

from kaili_analysis.data.frozen import FrozenDict
from kaili_analysis.data.provenance import find_quote, normalize, token_spans
from kaili_analysis.errors import ParameterError

__all__ = [
    "LOCATOR_COLUMNS",
    "LOCATOR_FIELDS",
    "PARAGRAPH_FIELDS",
    "locate_exclusions",
    "locate_quotes",
    "locate_spans",
    "locate_tokens",
    "paragraphs",
]

def _field(name: str, kind: str, description: str, minimum: int | None = None) -> FrozenDict:
    field: dict[str, object] = {"name": name, "type": kind, "description": description}
    if minimum is not None:
        field["constraints"] = FrozenDict({"required": True, "minimum": minimum})
    return FrozenDict(field)


#: The locator columns of every table with a quote and of the exclusions, described once
#: (read-only Frictionless field descriptors).
LOCATOR_FIELDS: tuple[FrozenDict, ...] = (
    _field("char_start", "integer", "Offset of the first character of the located words (a "
           "record's quote; an exclusion's token) in the raw article as received, original "
           "whitespace and line breaks included (a Python string index).", 0),
    _field("char_end", "integer", "Offset just after the last character of the located words "
           "(exclusive): raw[char_start:char_end] with whitespace removed equals the quote.", 1),
    _field("paragraph", "integer", "1-based paragraph of the article in which the located "
           "words begin (kaili_analysis.data.locators.paragraphs).", 1),
    _field("line", "integer", "1-based line of the raw article on which the located words "
           "begin.", 1),
)
LOCATOR_COLUMNS: tuple[str, ...] = tuple(str(f["name"]) for f in LOCATOR_FIELDS)

#: The columns of :func:`paragraphs`.
PARAGRAPH_FIELDS: tuple[FrozenDict, ...] = (
    _field("paragraph", "integer", "1-based number in reading order."),
    _field("char_start", "integer", "Raw offset of its first non-whitespace character."),
    _field("char_end", "integer", "Raw offset just after its last non-whitespace character."),
    _field("line_start", "integer", "Its first line (1-based)."),
    _field("line_end", "integer", "Its last line (1-based)."),
    _field("norm_start", "integer", "Offset of its first character in the normalised article."),
    _field("norm_end", "integer", "Offset just after its last one in the normalised article."),
    _field("text", "string", "Its lines joined with all whitespace removed (the normalised "
           "article [norm_start:norm_end])."),
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# the same definition of whitespace as provenance.normalize (re's \s is str.isspace)
_WHITESPACE = re.compile(r"\s+")
_BOM = "\ufeff"
_SENTENCE_END = "。！？!?…"
_CLOSERS = "”’」』）)】〕》"
_PUNCTUATION = frozenset("。，、；：！？…,;:!?")
_SHORT_SHARE = 0.9
_OPENER_CHARS = 2


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    start: int  # raw offset of the first non-whitespace character
    end: int  # raw offset after the last one
    text: str  # normalised content
    indented: bool


class _ArticleMap:
    """The raw article, its normalised text and the tables that map one onto the other."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.norm = normalize(raw)
        raw_of: list[int] = []
        prev = 0
        for m in _WHITESPACE.finditer(raw):
            raw_of.extend(range(prev, m.start()))
            prev = m.end()
        raw_of.extend(range(prev, len(raw)))
        self.raw_of = raw_of  # raw offset of each character of the normalised text
        self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(raw))]
        self.paragraphs = _paragraph_spans(self._lines())
        self.para_starts = [p[0] for p in self.paragraphs]

    def _lines(self) -> list[_Line]:
        lines = []
        ends = [m.start() for m in _LINE_BREAK.finditer(self.raw)] + [len(self.raw)]
        for number, (begin, end) in enumerate(zip(self.line_starts, ends, strict=True), 1):
            segment = self.raw[begin:end]
            skip = 1 if begin == 0 and segment.startswith(_BOM) else 0
            text = normalize(segment[skip:])
            if not text:
                continue
            lead = len(segment) - skip - len(segment[skip:].lstrip())
            trail = len(segment) - len(segment.rstrip())
            lines.append(_Line(number, begin + skip + lead, end - trail, text, lead > 0))
        return lines

    def norm_offset(self, raw_pos: int) -> int:
        """Number of normalised characters before a raw offset."""
        return bisect.bisect_left(self.raw_of, raw_pos)

    def locate(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The locator of the normalised span [start, end)."""
        char_start = self.raw_of[start]
        char_end = self.raw_of[end - 1] + 1
        para = max(1, bisect.bisect_right(self.para_starts, char_start))
        return char_start, char_end, para, bisect.bisect_right(self.line_starts, char_start)


def _width(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _ends_sentence(text: str) -> bool:
    last = text[-1]
    if last in _SENTENCE_END:
        return True
    return last in _CLOSERS and len(text) > 1 and text[-2] in _SENTENCE_END


def _starts(lines: list[_Line], openers: frozenset[str], short: float) -> list[int]:
    """Indices into ``lines`` of the lines that begin a paragraph (rules 1-4)."""
    starts = [0]
    punctuated = any(c in _PUNCTUATION for c in lines[0].text)
    for k in range(1, len(lines)):
        before, line = lines[k - 1], lines[k]
        ends = _ends_sentence(before.text)
        if line.indented:
            new = True
        elif line.number > before.number + 1:
            new = ends or not (punctuated or _width(before.text) > short)
        elif ends:
            new = _width(before.text) <= short or line.text[:_OPENER_CHARS] in openers
        else:
            new = False
        if new:
            starts.append(k)
            punctuated = False
        punctuated = punctuated or any(c in _PUNCTUATION for c in line.text)
    return starts


def _paragraph_spans(lines: list[_Line]) -> list[tuple[int, int, int, int]]:
    """(char_start, char_end, line_start, line_end) of every paragraph."""
    if not lines:
        return []
    short = _SHORT_SHARE * statistics.median(_width(line.text) for line in lines)
    clear = _starts(lines, frozenset(), short)
    openers = frozenset(lines[k].text[:_OPENER_CHARS] for k in clear)
    starts = _starts(lines, openers, short)
    bounds = [*starts, len(lines)]
    return [
        (lines[a].start, lines[b - 1].end, lines[a].number, lines[b - 1].number)
        for a, b in pairwise(bounds)
    ]


@lru_cache(maxsize=4)
def _article_map(article: str) -> _ArticleMap:
    return _ArticleMap(article)


def _map(article: str) -> _ArticleMap:
    if not isinstance(article, str):
        raise ParameterError(f"article must be the raw text (a string), got "
                             f"{type(article).__name__}")
    return _article_map(article)


def paragraphs(article: str) -> pd.DataFrame:
    """Split the raw article into paragraphs, as a reader sees them.

    Parameters
    ----------
    article
        The article exactly as received (:func:`datasets.load_article`), not normalised.

    Returns
    -------
    pandas.DataFrame
        One row per paragraph in reading order, columns :data:`PARAGRAPH_FIELDS` (paragraph,
        char_start, char_end, line_start, line_end, norm_start, norm_end, text); their
        descriptions are in ``attrs["descriptions"]``. See the module docstring for the rules.

    Raises
    ------
    ParameterError
        If ``article`` is not a string.
    """
    amap = _map(article)
    rows = []
    for number, (begin, end, first, last) in enumerate(amap.paragraphs, 1):
        n0, n1 = amap.norm_offset(begin), amap.norm_offset(end)
        rows.append((number, begin, end, first, last, n0, n1, amap.norm[n0:n1]))
    names = [str(f["name"]) for f in PARAGRAPH_FIELDS]
    out = pd.DataFrame(rows, columns=names).astype({n: "int64" for n in names[:-1]})
    out.attrs["descriptions"] = {f["name"]: f["description"] for f in PARAGRAPH_FIELDS}
    return out


def _frame(rows: list[tuple[int, int, int, int]], index: pd.Index | None = None) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(LOCATOR_COLUMNS), index=index, dtype="int64")


def locate_spans(article: str, starts: Iterable[int], ends: Iterable[int]) -> pd.DataFrame:
    """Locate spans of the normalised article in the raw one.

    Parameters
    ----------
    article
        The raw article.
    starts, ends
        Offsets in ``normalize(article)``: each span is ``[start, end)``, non-empty.

    Returns
    -------
    pandas.DataFrame
        One row per span with the columns :data:`LOCATOR_COLUMNS`.

    Raises
    ------
    ParameterError
        If a span is empty or reaches outside the normalised article.
    """
    amap = _map(article)
    size = len(amap.norm)
    rows = []
    for start, end in zip(starts, ends, strict=True):
        s, e = int(start), int(end)
        if not 0 <= s < e <= size:
            raise ParameterError(
                f"span [{start}, {end}) must satisfy 0 <= start < end <= {size} "
                "(offsets into the normalised article)"
            )
        rows.append(amap.locate(s, e))
    return _frame(rows)


def locate_quotes(quotes: Iterable[str], article: str) -> pd.DataFrame:
    """Locate quotes that occur exactly once in the article.

    Parameters
    ----------
    quotes
        The quotes (normalised or not); a Series keeps its index in the result.
    article
        The raw article.

    Returns
    -------
    pandas.DataFrame
        One row per quote with the columns :data:`LOCATOR_COLUMNS`.

    Raises
    ------
    ParameterError
        If a quote is empty, absent from the article or occurs more than once.
    """
    amap = _map(article)
    norm = amap.norm
    rows = []
    for quote in quotes.tolist() if isinstance(quotes, pd.Series) else quotes:
        needle = normalize(quote) if isinstance(quote, str) else ""
        first = norm.find(needle) if needle else -1
        if first < 0 or norm.find(needle, first + 1) >= 0:
            count = len(find_quote(needle, norm)) if needle else 0
            raise ParameterError(
                f"quote {quote!r} occurs {count} times in the article (compared after removing "
                "whitespace); a locator needs exactly one occurrence"
            )
        rows.append(amap.locate(first, first + len(needle)))
    return _frame(rows, quotes.index if isinstance(quotes, pd.Series) else None)


def locate_tokens(tokens: pd.DataFrame, article: str) -> pd.DataFrame:
    """Add the locator columns to a table of numeric tokens.

    Parameters
    ----------
    tokens
        :func:`provenance.numeric_tokens` or :func:`provenance.coverage` of the same article
        (columns ``start`` and ``end`` in the normalised article).
    article
        The raw article.

    Returns
    -------
    pandas.DataFrame
        A copy of ``tokens`` with :data:`LOCATOR_COLUMNS` added.

    Raises
    ------
    ParameterError
        If ``tokens`` lacks ``start``/``end`` or a span is outside the article.
    """
    if not isinstance(tokens, pd.DataFrame) or not {"start", "end"} <= set(tokens.columns):
        raise ParameterError("tokens must be a DataFrame with the columns 'start' and 'end' "
                             "(the output of provenance.numeric_tokens or coverage)")
    loc = locate_spans(article, tokens["start"], tokens["end"]).set_axis(tokens.index)
    return pd.concat([tokens, loc], axis=1)


def locate_exclusions(exclusions: pd.DataFrame, article: str) -> pd.DataFrame:
    """Locate each excluded token (not its context) in the raw article.

    It is the numeric token inside the row's ``context`` whose text equals ``token``, as
    :func:`provenance.coverage` matches it (in 省委十二届十次全会 the 十 of 十次, not of 十二);
    failing that, the first occurrence of the token's text in the context.

    Parameters
    ----------
    exclusions
        Rows with the columns ``token`` and ``context``.
    article
        The raw article.

    Returns
    -------
    pandas.DataFrame
        One row per exclusion (same index) with the columns :data:`LOCATOR_COLUMNS`.

    Raises
    ------
    ParameterError
        If a column is missing, a context is not in the article or does not hold its token.
    """
    if not isinstance(exclusions, pd.DataFrame) or not {"token", "context"} <= set(
            exclusions.columns):
        raise ParameterError("exclusions must be a DataFrame with the columns 'token' and "
                             "'context'")
    amap = _map(article)
    norm = amap.norm
    spans = token_spans(norm)  # in reading order
    token_starts = [span[0] for span in spans]
    rows = []
    for token, context in zip(exclusions["token"].tolist(), exclusions["context"].tolist(),
                              strict=True):
        tok, ctx = normalize(str(token)), normalize(str(context))
        begin = norm.find(ctx) if ctx else -1
        inside = ctx.find(tok) if tok and begin >= 0 else -1
        if inside < 0:
            raise ParameterError(f"the context {context!r} is not in the article or does not "
                                 f"hold the token {token!r}")
        end = begin + len(ctx)
        first = bisect.bisect_left(token_starts, begin)
        match = next((s for s, e, t, _ in spans[first:] if s >= end or (e <= end and t == tok)),
                     end)
        start = begin + inside if match >= end else match
        rows.append(amap.locate(start, start + len(tok)))
    return _frame(rows, exclusions.index)
