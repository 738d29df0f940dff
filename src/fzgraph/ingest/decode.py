"""Bytes to text: detect UTF-8 (with or without BOM), UTF-16 with BOM and
GB18030/GBK, and refuse what is none of them rather than guess.

The rule is strict decoding first, then a plausibility check on the result:
GB18030 accepts many byte strings that are not Chinese text, so a decoded text
must be mostly CJK, ASCII and common punctuation to be accepted.
"""

from __future__ import annotations

import codecs
import re

from ..errors import IngestError

__all__ = ["decode_bytes", "looks_binary", "plausible_text_ratio"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# CJK ideographs and punctuation, ASCII printable, whitespace, full-width forms.
_PLAUSIBLE = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2010-\u206f"
    r"\u00b7\u00d7\u2460-\u24ff\u25a0-\u25ff\ufe30-\ufe6f\x20-\x7e\s]"
)
_MIN_PLAUSIBLE = 0.9


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)  # all but 9-13 (tab … carriage return)


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold NULs or many control bytes (not text at all)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.05


# Invisible marks and stray control characters that cleaning removes: neither
# evidence for nor against an encoding.
_NEUTRAL = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060\ufeff\u00ad\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plausible_text_ratio(text: str) -> float:
    """Share of characters that Chinese report text is made of (invisible marks not counted)."""
    sample = _NEUTRAL.sub("", text[:20000])
    if not sample:
        return 1.0
    return len(_PLAUSIBLE.findall(sample)) / len(sample)


def decode_bytes(data: bytes, *, path: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : str
        The file's path, for error messages.
    declared : str, optional
        An encoding the container declares (an HTML ``<meta charset>``); tried
        first, and still checked.

    Raises
    ------
    IngestError
        When the bytes are binary, or decode under no supported encoding to
        plausible text.
    """
    if looks_binary(data):
        raise IngestError("binary content, not text (wrong extension?)", path=path, cause="binary")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise IngestError(
                    f"starts with a {encoding} byte-order mark but does not decode as {encoding}",
                    path=path, cause="undecodable",
                ) from e
    candidates = ["utf-8", "gb18030"]
    if declared:
        norm = codecs.lookup(declared).name if _known(declared) else None
        if norm in ("gbk", "gb2312", "gb18030", "cp936"):
            candidates = ["gb18030", "utf-8"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible_text_ratio(text) >= _MIN_PLAUSIBLE:
            return text, encoding
    mixed = _decode_lines(data)
    if mixed is not None:
        return mixed
    raise IngestError(
        "cannot decode as UTF-8 or GB18030 text (mixed or unknown encoding?); "
        "convert it to UTF-8 first",
        path=path, cause="undecodable",
    )


def _decode_lines(data: bytes) -> tuple[str, str] | None:
    """Decode line by line when a file mixes UTF-8 and GB18030 lines (pasted
    together by a scraper); None unless every line decodes plausibly as one of them."""
    lines, used = [], {"utf-8": 0, "gb18030": 0}
    for raw in data.split(b"\n"):
        for encoding in ("utf-8", "gb18030"):
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not line.strip() or plausible_text_ratio(line) >= _MIN_PLAUSIBLE:
                break
        else:
            return None
        if any(b > 0x7F for b in raw):
            used[encoding] += 1
        lines.append(line)
    if not (used["utf-8"] and used["gb18030"]):
        return None
    return "\n".join(lines), f"mixed: {used['utf-8']} lines UTF-8, {used['gb18030']} lines GB18030"


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
