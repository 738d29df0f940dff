"""Answers as bytes, in the worker process: SPARQL results (the writers of
:mod:`fzgraph.graph.results`, shared with ``fzgraph query``) and graphs in
Turtle, N-Triples, JSON-LD and RDF/XML.

Answers are already cut to the size limit (pyoxigraph's own result writers
take the whole iterator, which would defeat the limit).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..graph.results import serialize_boolean, serialize_solutions
from ..vocabulary import PREFIXES

__all__ = ["serialize_solutions", "serialize_boolean", "serialize_triples"]


_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def serialize_triples(triples: list, media_type: str) -> bytes:
    """CONSTRUCT and DESCRIBE answers (pyoxigraph triples)."""
    fmt = _RDF_FORMATS[media_type]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) else None
    try:
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    except TypeError:  # a pyoxigraph without prefixes for this format
        return ox.serialize(triples, format=fmt)
