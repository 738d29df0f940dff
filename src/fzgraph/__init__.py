"""fzgraph: a knowledge graph of China's annual reports on law-based government.

Stages, each a module: :mod:`fzgraph.ingest` (files -> clean text, metadata,
sections), extraction, the RDF graph and its store, queries, analyses and
views. The command line lives in :mod:`fzgraph.cli`.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
