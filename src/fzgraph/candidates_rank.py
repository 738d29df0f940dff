"""Rank candidate practice names across a corpus by how many jurisdictions use
them: the to-do list for growing ``ontology/practices.ttl``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .ingest import iter_ingest
from .nlp import extract

__all__ = ["rank_candidates"]


def rank_candidates(paths: Iterable[str | Path], *, silent: bool = True) -> list[dict]:
    """Rows ``{term, jurisdictions, mentions, example}``, most widely used first."""
    places: dict[str, set[str]] = defaultdict(set)
    mentions: dict[str, int] = defaultdict(int)
    example: dict[str, str] = {}
    for result in iter_ingest(paths):
        if not result.ok:
            continue
        doc = result.document
        extraction = extract(doc)
        who = doc.meta.jurisdiction_code or doc.path
        for c in extraction.candidates:
            places[c.term].add(who)
            mentions[c.term] += 1
            example.setdefault(c.term, doc.text[c.sentence_start:c.sentence_end])
    rows = [{"term": t, "jurisdictions": len(places[t]), "mentions": mentions[t], "example": example[t]}
            for t in places]
    rows.sort(key=lambda r: (-r["jurisdictions"], -r["mentions"], r["term"]))
    return rows
