"""Indicator values: a plausible number for a metric, a jurisdiction and a
year, and the ways reports write it (58件, 近60件, 3.2万余份, 98.5%, 超过95%,
同比下降19.3%, 65万余元, 四件), with the value, unit and qualifier a careful
reader records (see tests/gold/GUIDELINES.md, "Indicators").

A metric's level for a jurisdiction is fixed by a hash of the seed, the code
and the metric (so a county's series is consistent across years), then grows
or drifts by year; each report adds a little noise.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

__all__ = ["Value", "chinese_numeral", "level", "make_value"]

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Value:
    """A written value: ``text`` is what the report shows and the annotated
    span (number, unit and the qualifier words that touch it); ``value`` the
    number as a decimal string (万 and 亿 folded in), ``unit`` None when the
    unit was lost."""

    text: str
    value: str
    unit: str | None
    qualifier: str
    direction: str | None = None


def unit_hash(*parts) -> float:
    """A number in [0, 1) fixed by ``parts``."""
    return zlib.crc32("/".join(map(str, parts)).encode("utf-8")) / 2**32


def level(seed: int, code: str, slug: str, low: float, high: float, log: bool) -> float:
    """The jurisdiction's level for a metric, between ``low`` and ``high``."""
    u = unit_hash(seed, code, slug)
    size = 0.6 + 0.8 * unit_hash(seed, code, "size")
    if log:
        return math.exp(math.log(max(low, 1e-9)) + u * (math.log(high) - math.log(max(low, 1e-9)))) * size
    return low + u * (high - low)


def chinese_numeral(n: int) -> str:
    """2..99 in Chinese numerals (两 for 2)."""
    if n == 2:
        return "两"
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _plain(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _round2(n: int) -> int:
    """Two significant digits (4372 -> 4300), for approximate values."""
    if n < 100:
        return n // 10 * 10
    step = 10 ** (len(str(n)) - 2)
    return n // step * step


def make_value(metric_kind: str, unit: str, x: float, rng, cues: dict, direction: str | None = None,
               drop_unit: bool = False) -> Value:
    """Write ``x`` as a report would, for a metric of ``metric_kind`` and ``unit``."""
    if metric_kind == "rate":
        return _rate(x, rng)
    if metric_kind == "change":
        return _change(x, rng, cues, direction)
    if unit == "元":
        return _money(x, rng)
    if metric_kind == "duration":
        n = max(1, round(x))
        u = unit if rng.random() < 0.6 else "个工作日"
        if rng.random() < 0.3:
            return Value(f"{n}{u}以内", str(n), u, "at_most")
        return Value(f"{n}{u}", str(n), u, "exact")
    return count(max(1, round(x)), unit, rng, drop_unit)


#: how a round count is hedged in the text, and the qualifier that gives
_ROUND_FORMS = (
    ("{n}余{unit}", "approximate"), ("{n}多{unit}", "approximate"), ("近{n}{unit}", "approximate"),
    ("约{n}{unit}", "approximate"), ("{n}{unit}左右", "approximate"), ("超过{n}{unit}", "at_least"),
    ("{n}{unit}以上", "at_least"), ("不少于{n}{unit}", "at_least"),
)


def count(n: int, unit: str, rng, drop_unit: bool = False) -> Value:
    """A count with its measure word."""
    r = rng.random()
    if 2 <= n <= 10 and r < 0.15:
        return Value(f"{chinese_numeral(n)}{unit}", str(n), unit, "exact")
    if n >= 10000 and r < 0.5:
        tenth = round(n / 1000)
        written = f"{tenth / 10:.1f}".rstrip("0").rstrip(".")
        approx = rng.random() < 0.6
        return Value(f"{written}万{'余' if approx else ''}{unit}", str(tenth * 1000), unit,
                     "approximate" if approx else "exact")
    if r < 0.3 and n >= 20:
        m = _round2(n)
        pattern, qualifier = _ROUND_FORMS[rng.randrange(len(_ROUND_FORMS))]
        return Value(pattern.format(n=m, unit=unit), str(m), unit, qualifier)
    if drop_unit:
        return Value(str(n), str(n), None, "exact")
    return Value(f"{n}{unit}", str(n), unit, "exact")


def _rate(x: float, rng) -> Value:
    x = min(100.0, max(0.0, x))
    if x >= 99.5:
        return Value("100%", "100", "%", "exact")
    r = rng.random()
    if r < 0.12 and x >= 60:
        m = int(x)
        return Value(f"超过{m}%", str(m), "%", "at_least")
    if r < 0.2 and x >= 60:
        m = int(x)
        return Value(f"{m}%以上", str(m), "%", "at_least")
    written = _plain(round(x, 1) if r < 0.75 else round(x, 2))
    return Value(f"{written}%", written, "%", "exact")


def _change(x: float, rng, cues: dict, direction: str | None) -> Value:
    direction = direction or ("decrease" if rng.random() < 0.5 else "increase")
    words = [w for w in cues.get(direction, ()) if len(w) == 2 and w != "增幅"] or ["提升"]
    word = words[rng.randrange(len(words))]
    written = _plain(round(x, 1))
    prefix = ("同比", "较上年", "")[rng.randrange(3)]
    return Value(f"{prefix}{word}{written}%", written, "%", "change", direction)


def _money(x: float, rng) -> Value:
    n = round(x)
    if n < 10000:
        return Value(f"{n}元", str(n), "元", "exact")
    if n >= 10**8:
        written = f"{n / 10**8:.2f}".rstrip("0").rstrip(".")
        value = round(float(written) * 10**8)
        return Value(f"{written}亿元", str(value), "元", "exact")
    r = rng.random()
    if r < 0.35:
        w = round(n / 10**4)
        return Value(f"{w}万余元", str(w * 10**4), "元", "approximate")
    if r < 0.5:
        w = round(n / 10**4)
        return Value(f"约{w}万元", str(w * 10**4), "元", "approximate")
    written = f"{n / 10**4:.2f}".rstrip("0").rstrip(".")
    value = round(float(written) * 10**4)
    return Value(f"{written}万元", str(value), "元", "exact")
