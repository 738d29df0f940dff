"""Ingestion: report files as scraped from government sites -> :class:`Document`.

``ingest_file`` reads one file (txt, html, pdf, docx; UTF-8, UTF-8 with BOM,
GB18030/GBK), cleans it, finds its metadata and sections. ``iter_ingest`` walks
folders and yields one :class:`IngestResult` per file, so a bad file is
reported and the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import FzgraphError, IngestError, JurisdictionError, NotAReportError, UnsupportedFormatError
from ..jurisdictions import JurisdictionTable, load_table
from ..records import Document, ReportMeta
from ..resolver import resolve_report_jurisdiction
from .clean import TITLE_RE, clean_text
from .metadata import header_fields, publication_date, year_reported
from .readers import read_raw
from .script import to_simplified
from .sections import find_sections

__all__ = ["IngestResult", "collect_files", "ingest_bytes", "ingest_file", "iter_ingest"]

_MIN_CHARS = 300
_REPORT_WORDS = re.compile(r"法治政府|依法行政|法治建设")


@dataclass(frozen=True)
class IngestResult:
    """The outcome for one file: a document, a skip with its reason, or an error."""

    path: str
    document: Document | None = None
    skipped: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


def ingest_bytes(data: bytes, path: str | Path, *, table: JurisdictionTable | None = None) -> Document:
    """Turn one file's bytes into a :class:`Document`.

    Raises
    ------
    IngestError
        Unreadable, undecodable or damaged input.
    NotAReportError
        Readable text that is not a law-based government report.
    UnsupportedFormatError
        A file type fzgraph does not read.
    """
    path = Path(path)
    name = str(path)
    if not data.strip():
        raise IngestError("empty file", path=name, cause="empty")
    fmt, raw, encoding = read_raw(path, data)
    raw, traditional = to_simplified(raw)
    cleaned = clean_text(raw)
    text = cleaned.text
    if len(text) < _MIN_CHARS:
        raise NotAReportError(f"too little text ({len(text)} characters) to be a report", path=name,
                              cause="not a report")
    report_words = len(_REPORT_WORDS.findall(text))
    if not (cleaned.title and TITLE_RE.search(cleaned.title)) and report_words < 3:
        raise NotAReportError("not a law-based government report (no such title, hardly any 法治政府/依法行政)",
                              path=name, cause="not a report")
    fields = header_fields(cleaned.header)
    title = cleaned.title or fields.get("title")
    warnings = [f"repaired: {r}" for r in cleaned.repairs]
    if traditional:
        warnings.append(f"converted from Traditional to Simplified Chinese ({traditional} characters changed)")
    if encoding and encoding.startswith("mixed"):
        warnings.append(f"mixed encodings, decoded line by line ({encoding})")
    how: dict[str, str] = {"title": "title line above the body" if cleaned.title else
                           ("header field 标题" if title else "not found")}
    published, how["published"] = publication_date(fields, text)
    year, how["year"] = year_reported(title, text, published)
    table = table or load_table()
    jurisdiction = dict(jurisdiction=None, jurisdiction_code=None, jurisdiction_name=None,
                        jurisdiction_level=None, parents=())
    try:
        res = resolve_report_jurisdiction(table, title, text, path=name)
        jurisdiction.update(
            jurisdiction=res.named_as, jurisdiction_code=res.unit.code, jurisdiction_name=res.unit.name,
            jurisdiction_level=res.unit.level, parents=tuple((p.code, p.name) for p in res.parents))
        how["jurisdiction"] = res.how
    except JurisdictionError as e:
        how["jurisdiction"] = e.cause
        warnings.append(str(e).removeprefix(f"{name}: "))
    publisher = fields.get("publisher") or fields.get("source")
    how["publisher"] = "header field" if publisher else "not found"
    meta = ReportMeta(title=title, year=year, published=published, publisher=publisher,
                      index_number=fields.get("index_number"),
                      document_number=fields.get("document_number"), how=how, **jurisdiction)
    sections = find_sections(text, year)
    return Document(path=name, sha256=hashlib.sha256(data).hexdigest(), format=fmt, encoding=encoding,
                    text=text, meta=meta, sections=sections, warnings=tuple(warnings))


#: files larger than this are not single reports (real ones are well under 2 MB, PDFs included)
MAX_BYTES = int(os.environ.get("FZGRAPH_MAX_BYTES", 30 * 1024 * 1024))


def ingest_file(path: str | Path, *, table: JurisdictionTable | None = None) -> Document:
    """Read and ingest one file (see :func:`ingest_bytes`); files over :data:`MAX_BYTES`
    (env ``FZGRAPH_MAX_BYTES``) are refused unread."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise NotAReportError(f"{size / 2**20:.1f} MB is far larger than one report "
                                  f"(limit {MAX_BYTES / 2**20:.0f} MB, set FZGRAPH_MAX_BYTES to change it)",
                                  path=str(path), cause="too large")
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror}", path=str(path), cause="unreadable") from e
    return ingest_bytes(data, path, table=table)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named and files found (recursively, sorted) under folders named."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        else:
            files.append(p)
    return files


def iter_ingest(paths: Iterable[str | Path], *, table: JurisdictionTable | None = None) -> Iterator[IngestResult]:
    """Ingest every file under ``paths``, yielding one result per file, never raising
    for a single bad file."""
    table = table or load_table()
    for path in collect_files(paths):
        try:
            yield IngestResult(str(path), document=ingest_file(path, table=table))
        except (UnsupportedFormatError, NotAReportError) as e:
            yield IngestResult(str(path), skipped=e.cause + ": " + str(e).removeprefix(f"{path}: "))
        except FzgraphError as e:
            yield IngestResult(str(path), error=str(e).removeprefix(f"{path}: "))

