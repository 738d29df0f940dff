"""Traditional Chinese in, Simplified Chinese out.

Reports from Hong Kong, Macao or a scraper that re-encoded a page come in
Traditional characters; the taxonomy, the jurisdiction table and the cue words
are Simplified. A text in which a noticeable share of the Chinese characters
change under OpenCC's Traditional-to-Simplified table is converted (OpenCC
ships its dictionaries inside its package; nothing is downloaded) and the
conversion is reported as a warning.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["to_simplified"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: share of Chinese characters that must change before a text counts as Traditional
_MIN_SHARE = 0.03
_MIN_CHANGED = 20


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, int]:
    """``text`` in Simplified characters, and how many characters changed (0: left as it was)."""
    han = len(_HAN.findall(text))
    if not han:
        return text, 0
    converted = _converter().convert(text)
    if converted == text:
        return text, 0  # the usual case, said without walking the characters
    if len(converted) != len(text):  # a phrase rule changed a length: compare what we can
        changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    else:
        changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    if changed >= _MIN_CHANGED and changed / han >= _MIN_SHARE:
        return converted, changed
    return text, 0
