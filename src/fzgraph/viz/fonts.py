"""A font with CJK glyphs for matplotlib figures.

matplotlib's own DejaVu Sans has no Chinese glyphs and draws tofu boxes.
:func:`cjk_font` registers the first font file found that covers the test
characters: ``$FZGRAPH_CJK_FONT``, then Debian's WenQuanYi Micro Hei
(``fonts-wqy-microhei``, which ``make system-deps`` installs), Droid Sans
Fallback and Noto CJK. Nothing is downloaded; with no such font the figures
are still written and :func:`cjk_font` says so by returning None.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = ["CANDIDATES", "SAMPLE", "cjk_font", "covers"]

CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
#: characters every figure label may use
SAMPLE = "法治政府建设年度报告首违不罚告知承诺制自上而下邻近先行省市县区"


def covers(path: str | Path, text: str = SAMPLE) -> bool:
    """Whether the font file has a glyph for every character of ``text``."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Register a CJK font with matplotlib and return its family name (None when there is none)."""
    from matplotlib import font_manager

    paths = [os.environ.get("FZGRAPH_CJK_FONT", ""), *CANDIDATES]
    for path in paths:
        if path and Path(path).is_file() and covers(path):
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None
