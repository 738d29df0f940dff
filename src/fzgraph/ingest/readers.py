"""Format readers: a file's bytes to raw text, one reader per format.

Formats are chosen by content first (PDF and DOCX have magic bytes), then by
extension. Each reader returns the raw text with paragraph breaks as newlines
and the encoding it used; cleaning happens later, the same way for all formats.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import IngestError, UnsupportedFormatError
from .decode import decode_bytes

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "read_raw", "sniff_format"]

_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mht"}
_TEXT_SUFFIXES = {".txt", ".text", ""}
_LEGACY = {".doc": "legacy Word .doc", ".wps": "WPS document", ".rtf": "RTF"}
SUPPORTED_SUFFIXES = _HTML_SUFFIXES | _TEXT_SUFFIXES | {".pdf", ".docx"}

_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|div|p)[\s>]", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", re.I)
_TERMINAL = "。！？；!?;:："


def sniff_format(path: Path, data: bytes) -> str:
    """Return "pdf", "docx", "html" or "txt" for ``data``.

    Raises
    ------
    UnsupportedFormatError
        For legacy office formats and any other extension fzgraph cannot read.
    """
    if data.startswith(b"%PDF"):
        return "pdf"
    suffix = path.suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        if suffix == ".docx" or _zip_has(data, "word/document.xml"):
            return "docx"
        raise IngestError("a ZIP archive that is not a DOCX document", path=str(path), cause="not docx")
    if suffix == ".pdf":
        raise IngestError("not a PDF (no %PDF header; truncated or renamed?)", path=str(path), cause="bad pdf")
    if suffix == ".docx":
        raise IngestError("not a DOCX (not a ZIP archive; renamed?)", path=str(path), cause="bad docx")
    if suffix in _LEGACY:
        raise UnsupportedFormatError(
            f"{_LEGACY[suffix]} is not read; convert it to .docx or .pdf "
            "(e.g. libreoffice --headless --convert-to docx)",
            path=str(path), cause="unsupported format",
        )
    if suffix in _HTML_SUFFIXES or _HTML_SNIFF.search(data[:2048]):
        return "html"
    if suffix in _TEXT_SUFFIXES:
        return "txt"
    raise UnsupportedFormatError(
        f"unknown file type {suffix!r}; fzgraph reads .txt, .html, .pdf and .docx",
        path=str(path), cause="unsupported format",
    )


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return member in zf.namelist()
    except zipfile.BadZipFile:
        return False


def read_text(data: bytes, path: str) -> tuple[str, str]:
    """Plain text: decode and return it."""
    return decode_bytes(data, path=path)


def read_html(data: bytes, path: str) -> tuple[str, str]:
    """A saved web page: visible text, one block element per line."""
    from bs4 import BeautifulSoup

    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    text, encoding = decode_bytes(data, path=path, declared=declared)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "iframe", "template", "svg", "button", "select"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                              "table", "ul", "ol", "section", "article", "header", "footer",
                              "nav", "dt", "dd", "title", "blockquote", "pre"]):
        tag.insert_after("\n")
    return soup.get_text(), encoding


def read_pdf(data: bytes, path: str) -> tuple[str, None]:
    """A PDF with a text layer: its text, with wrapped lines joined into paragraphs."""
    import logging

    from pypdf import PdfReader

    # pypdf logs its repairs of damaged files ("EOF marker not found"); the
    # outcome is reported once, as this function's error or result
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("encrypted PDF; decrypt it first (e.g. qpdf --decrypt)", path=path, cause="encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as e:  # pypdf raises assorted error types on damaged files
        if "crypt" in type(e).__name__.lower() or "crypt" in str(e).lower():
            raise IngestError("encrypted PDF; decrypt it first (e.g. qpdf --decrypt)", path=path,
                              cause="encrypted") from e
        raise IngestError(f"unreadable PDF (truncated or damaged?): {e}", path=path, cause="bad pdf") from e
    lines = [line for page in pages for line in page.splitlines()]
    if sum(len(line.strip()) for line in lines) < 20:
        raise IngestError("no text layer (scanned?); run OCR first", path=path, cause="no text layer")
    return join_wrapped_lines(lines), None


def join_wrapped_lines(lines: list[str]) -> str:
    """Join lines that a page layout wrapped back into paragraphs.

    A line ends its paragraph when it ends with terminal punctuation and is
    shorter than a full line, or is much shorter than a full line; a line that
    starts indented starts a new paragraph.
    """
    stripped = [line.rstrip() for line in lines]
    widths = sorted(len(line.strip()) for line in stripped if line.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    for line in stripped:
        body = line.strip()
        if not body:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        indented = line[:1] in (" ", "\u3000", "\t")
        if current and indented:
            paragraphs.append(current)
            current = ""
        if current and current[-1].isascii() and current[-1].isalpha() and body[0].isascii() and body[0].isalpha():
            current += " "
        current += body
        short = len(body) < full * 0.9
        if (short and body[-1] in _TERMINAL) or len(body) < full * 0.6:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def read_docx(data: bytes, path: str) -> tuple[str, None]:
    """A Word document: its paragraphs, then its tables row by row."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(f"not a valid DOCX document: {e}", path=path, cause="bad docx") from e
    except Exception as e:  # python-docx wraps lxml and package errors loosely
        raise IngestError(f"not a valid DOCX document: {e}", path=path, cause="bad docx") from e
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts), None


READERS: dict[str, Callable[[bytes, str], tuple[str, str | None]]] = {
    "txt": read_text,
    "html": read_html,
    "pdf": read_pdf,
    "docx": read_docx,
}


def read_raw(path: Path, data: bytes) -> tuple[str, str, str | None]:
    """Return ``(format, raw_text, encoding)`` for a file's bytes."""
    fmt = sniff_format(path, data)
    text, encoding = READERS[fmt](data, str(path))
    return fmt, text, encoding
