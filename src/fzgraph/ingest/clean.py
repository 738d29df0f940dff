"""Raw text to clean text: normalised characters, site boilerplate removed,
paragraphs one per line, safe repairs of known scraping damage.

The cleaned text is what every offset in fzgraph refers to. Lines removed as
boilerplate are kept aside (``Cleaned.header``, ``Cleaned.footer``) because the
metadata (索引号, 发布机构, dates) lives in them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .metadata import LABEL_PATTERN

__all__ = ["TITLE_RE", "Cleaned", "clean_text", "is_boilerplate", "normalise_chars"]

# Characters removed outright: zero-width and bidi marks, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Full-width ASCII (FF01-FF5E) and small form variants (FE50-FE6F) fold to their
# compatibility forms; CJK punctuation such as 。《》“” is left alone.
_FOLD = re.compile(r"[\uff01-\uff5e\ufe50-\ufe6f]")

_FIELD = re.compile(r"^[•·\-*\s]*" + LABEL_PATTERN + r"\s*[:：/]")
_BOILER = re.compile(
    r"^(首页|网站首页|当前位置|您的位置|您现在的位置|位置[:：])|^[>»]|>\s*(政府信息公开|信息公开|正文|首页)|"
    r"打印本页|关闭窗口|扫一扫在手机|手机扫一扫|在手机打开|【\s*打印\s*】|【\s*关闭\s*】|分享到|^上一篇|^下一篇|"
    r"相关链接|版权所有|主办单位|承办单位|ICP备|网站标识码|我要纠错|网站地图|联系我们|公网安备|"
    r"字体\s*[:：]?\s*[\[【]?\s*大\s*[\]】]?\s*[\[【]?\s*中|读者读过此文|阅读次数|^\s*[-—]*\s*\d+\s*[-—]*\s*$|"
    r"\.(pdf|docx?|xlsx?|wps|zip|rar|ofd)\s*$",
    re.I,
)
_ATTACHMENT = re.compile(r"^附件\s*[:：\d]")
#: A report title: names law-based government (or 依法行政) and is a report.
TITLE_RE = re.compile(r"(法治政府|依法行政|法治建设|法治.{0,6}建设).{0,40}(报告|情况)")
_PROSE = re.compile(r"[。,，;；]")
# A space touching a CJK character is layout noise in Chinese text ((七) 持续 -> (七)持续).
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef《》“”‘’"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_GLUED_YEAR_MONTH = re.compile(r"(?<![\d年.\-/])(20[0-4]\d)(1[0-2]|0?[1-9])月")


@dataclass(frozen=True)
class Cleaned:
    """Clean text plus the lines taken out of it."""

    text: str
    title: str | None
    header: tuple[str, ...]
    footer: tuple[str, ...]
    repairs: tuple[str, ...]


def normalise_chars(text: str) -> str:
    """Fold full-width ASCII and odd spaces, drop invisible and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    return _FOLD.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def is_boilerplate(line: str) -> bool:
    """True for a line of site furniture (menus, counters, print/close links)."""
    if _FIELD.match(line) or _BOILER.search(line):
        return True
    return bool(_ATTACHMENT.match(line) and len(line) < 80)


def _is_prose(line: str) -> bool:
    return len(line) >= 30 and bool(_PROSE.search(line)) and not _FIELD.match(line)


def clean_text(raw: str) -> Cleaned:
    """Clean a report's raw text.

    The title is the last title-like line before the first prose paragraph;
    every other line above that paragraph is header furniture. Below it,
    boilerplate lines are dropped anywhere.
    """
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in normalise_chars(raw).split("\n")]
    lines = [line for line in lines if line]
    body_start = next((i for i, line in enumerate(lines) if _is_prose(line) and not is_boilerplate(line)),
                      len(lines))
    title = None
    title_index = None
    for i in range(body_start - 1, -1, -1):
        line = lines[i]
        if len(line) <= 80 and TITLE_RE.search(line) and not is_boilerplate(line):
            title, title_index = line, i
            break
    header = tuple(line for i, line in enumerate(lines[:body_start]) if i != title_index)
    body: list[str] = []
    footer: list[str] = []
    for line in lines[body_start:]:
        (footer if is_boilerplate(line) else body).append(line)
    repairs: list[str] = []

    def fix(match: re.Match) -> str:
        fixed = f"{match.group(1)}年{match.group(2)}月"
        repairs.append(f"{match.group(0)} -> {fixed}")
        return fixed

    text = "\n".join(_CJK_SPACE.sub("", line) for line in ([title] if title else []) + body)
    text = _GLUED_YEAR_MONTH.sub(fix, text)
    return Cleaned(text=text, title=title, header=header, footer=tuple(footer), repairs=tuple(repairs))
