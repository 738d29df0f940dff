"""Extraction: one spaCy pipeline over a blank ``zh`` language that finds
practices (with status), indicators, policies, institutions, other
jurisdictions and candidate practices in a :class:`~fzgraph.records.Document`.

Every component is configured from the data files under ``ontology/`` and adds
its spans to ``doc.spans["fz_<kind>"]`` and its records to ``doc._.fz``.
"""

from __future__ import annotations

from .pipeline import COMPONENTS, build_pipeline, extract, extract_text

__all__ = ["COMPONENTS", "build_pipeline", "extract", "extract_text"]
