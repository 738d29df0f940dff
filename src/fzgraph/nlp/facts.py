"""Shared plumbing for components: register the ``doc._.fz`` store and put a
component's records and spans on a Doc."""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["ensure_extensions", "store"]


def ensure_extensions() -> None:
    """``doc._.fz``: a dict of fact kind -> list of records."""
    if not Doc.has_extension("fz"):
        Doc.set_extension("fz", default=None)


def store(doc: Doc, kind: str, records: list, label: str) -> None:
    """Keep ``records`` under ``doc._.fz[kind]`` and as spans in ``doc.spans["fz_" + kind]``."""
    ensure_extensions()
    facts = doc._.fz if doc._.fz is not None else {}
    facts[kind] = records
    doc._.fz = facts
    spans = []
    for r in records:
        span = doc.char_span(r.start, r.end, label=label, kb_id=getattr(r, "slug", "") or "")
        if span is not None:
            spans.append(span)
    doc.spans[f"fz_{kind}"] = spans
