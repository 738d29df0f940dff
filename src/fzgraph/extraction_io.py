"""Extraction records as plain dicts (for JSON output and for the tests)."""

from __future__ import annotations

from dataclasses import asdict

from .records import Extraction

__all__ = ["extraction_to_dict"]


def extraction_to_dict(extraction: Extraction) -> dict:
    doc = extraction.document
    return {
        "report": {"path": doc.path, "sha256": doc.sha256, "jurisdiction_code": doc.meta.jurisdiction_code,
                   "jurisdiction": doc.meta.jurisdiction_name, "year": doc.meta.year},
        **{kind: [asdict(m) for m in getattr(extraction, kind)]
           for kind in ("practices", "indicators", "policies", "institutions", "places", "candidates")},
    }
