"""Numbers written in Arabic or Chinese numerals: :func:`parse_number`.

``38.13``, ``1,600`` and full-width ``１２`` read as Arabic numbers; ``十八``, ``两``, ``一百零五``,
``四十五万``, the colloquial ``三百五`` (350) and the digit-by-digit ``二〇二二`` as Chinese
integers; ``三分之一`` (``A分之B`` is B / A) as a fraction. Anything else raises
:class:`~kaili_analysis.errors.ParameterError` naming the text.
"""

from __future__ import annotations

import re
import unicodedata

from kaili_analysis.errors import ParameterError

__all__ = ["CHINESE_NUMERALS", "parse_number"]

#: Characters that may form a Chinese numeral.
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万亿"

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_WHITESPACE = re.compile(r"\s+")
_ARABIC_FULL = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def _parse_chinese_integer(text: str, original: str) -> int:
    """Parse a Chinese integer numeral (no fraction); raise ParameterError naming ``original``."""
    if all(ch in _DIGITS for ch in text):
        if len(text) == 1:
            return _DIGITS[text]
        # a digit-by-digit form such as 二〇二二 (or the enumeration 一二三四五)
        return int("".join(str(_DIGITS[ch]) for ch in text))

    def bad() -> ParameterError:
        return ParameterError(f"not a number: {original!r}")

    total = 0  # completed 万/亿 groups
    section = 0  # the group below the last 万/亿 being built
    digit: int | None = None
    last_small = 10**4  # the last 十/百/千 of this group (units must decrease)
    last_big = 10**9  # the last 万/亿 (must decrease)
    last_unit = 1  # the unit just before a trailing digit (for 三百五 = 350)
    zero_seen = False
    for ch in text:
        if ch in _DIGITS:
            if _DIGITS[ch] == 0:
                if digit is not None:
                    raise bad()
                zero_seen = True
                continue
            if digit is not None:
                raise bad()
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_small:
                raise bad()
            if digit is None:
                # 十八 = 18 and a bare leading 百 / 千 (百强 = 100); 一百十 is not accepted
                if section != 0 or (total != 0 and unit != 10):
                    raise bad()
                digit = 1
            section += digit * unit
            digit = None
            last_small = unit
            last_unit = unit
            zero_seen = False
        else:  # 万 / 亿
            unit = _BIG_UNITS[ch]
            if unit >= last_big:
                raise bad()
            if digit is not None:
                section += digit
            if section == 0:
                if total != 0:
                    raise bad()
                section = 1  # 万 alone = 10000
            total += section * unit
            section = 0
            digit = None
            last_small = 10**4
            last_big = unit
            last_unit = unit
            zero_seen = False
    if digit is not None:
        if last_unit >= 100 and not zero_seen:
            # colloquial abbreviation: 三百五 = 350, 一万五 = 15000
            section += digit * last_unit // 10
        else:
            section += digit
    return total + section


def parse_number(text: str) -> float:
    """Parse a number written in Arabic or Chinese numerals.

    Parameters
    ----------
    text
        ``"38.13"``, ``"1,600"``, ``"十"``, ``"十八"``, ``"两"``, ``"一万"``, ``"十五"``,
        ``"三分之一"`` (a fraction: ``A分之B`` is B / A). Surrounding whitespace is ignored and
        full-width digits are read as ASCII digits.

    Returns
    -------
    float
        The number.

    Raises
    ------
    ParameterError
        If ``text`` is not a string or not a number in either script; the message names it.
    """
    if not isinstance(text, str):
        raise ParameterError(f"not a number: {text!r} (expected a string)")
    s = unicodedata.normalize("NFKC", _WHITESPACE.sub("", text))
    if not s:
        raise ParameterError(f"not a number: {text!r}")
    if _ARABIC_FULL.fullmatch(s):
        return float(s.replace(",", ""))
    if "分之" in s:
        parts = s.split("分之")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ParameterError(f"not a number: {text!r}")
        denominator = parse_number(parts[0])
        numerator = parse_number(parts[1])
        if denominator == 0:
            raise ParameterError(f"not a number: {text!r} (zero denominator)")
        return numerator / denominator
    if all(ch in CHINESE_NUMERALS for ch in s):
        return float(_parse_chinese_integer(s, text))
    raise ParameterError(f"not a number: {text!r}")
