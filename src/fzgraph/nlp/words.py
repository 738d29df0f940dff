"""Word boundaries, for the few rules where a character's role depends on the word it sits in.

一 in 统一部署 is not a count of 部, 拟 in 拟任领导干部 is not a plan word, 乡 in
城乡建设局 does not start a county-level name. Characters cannot tell these
apart; a dictionary segmenter can. jieba ships its dictionary inside its
package (nothing is downloaded) and is asked only about a short window around
the character in question, so the rest of the pipeline keeps matching on
characters.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

__all__ = ["breaks_before", "standalone", "word_at", "word_bounded"]

_WINDOW = 6
# the characters jieba segments into words (its ``re_han_default``); any other
# character is a boundary it never cuts across
_WORD_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")


@lru_cache(maxsize=1)
def _segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter goes to stderr otherwise
    jieba.initialize()
    return jieba.dt


def _cuts(text: str, start: int, end: int) -> tuple[set[int], set[tuple[int, int]]]:
    """Word boundaries and words (as offsets into ``text``) of a window around ``start:end``."""
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    bounds, words, at = {lo}, set(), lo
    for word in _segmenter().cut(text[lo:hi], HMM=False):
        words.add((at, at + len(word)))
        at += len(word)
        bounds.add(at)
    return bounds, words


def breaks_before(text: str, at: int) -> bool:
    """Whether ``at`` starts a word for certain, without segmenting: the text
    starts there or the character before is punctuation or space."""
    return at == 0 or _WORD_CHAR.match(text, at - 1) is None


def word_bounded(text: str, start: int, end: int) -> bool:
    """Whether a word starts at ``start`` and one ends at ``end`` (制定一部规章: yes; 统一部署: no)."""
    bounds, _ = _cuts(text, start, end)
    return start in bounds and end in bounds


def word_at(text: str, at: int) -> tuple[int, int]:
    """Offsets of the word that holds the character at ``at`` (城乡建设局, at 乡: the word 城乡)."""
    return next((s, e) for s, e in _cuts(text, at, at + 1)[1] if s <= at < e)


def standalone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a word of its own (拟出台: 拟 is; 拟任: it is not)."""
    return (start, end) in _cuts(text, start, end)[1]
