"""Numbers as reports write them: Arabic with thousands separators and
decimals, Chinese numerals (四件, 两项, 一百二十三), and 万/亿 multipliers,
converted to exact decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["parse_number", "CN_DIGITS"]

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}


def _cn_small(text: str) -> int:
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            raise ValueError(ch)
    return total + (digit or 0)


def _cn_integer(text: str) -> int:
    total, rest = 0, text
    for big in ("亿", "万"):
        if big in rest:
            head, rest = rest.split(big, 1)
            total += (_cn_small(head) if head else 1) * _BIG[big]
    return total + (_cn_small(rest) if rest else 0)


def parse_number(text: str) -> Decimal:
    """The value of a written number: ``"1,234.5"``, ``"3.5万"``, ``"两"``, ``"一百二十"``.

    Raises
    ------
    ValueError
        When ``text`` is not a number.
    """
    text = text.strip().replace(",", "")
    if not text:
        raise ValueError("empty number")
    multiplier = 1
    if text[-1] in _BIG and any(ch.isdigit() for ch in text[:-1]):
        multiplier, text = _BIG[text[-1]], text[:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(_cn_integer(text))
    return value * multiplier
