"""The ontology's named individuals (statuses, section kinds, qualifiers,
policy and institution types, levels) looked up by class and ``skos:notation``.

The extractors speak in notations (``"first_in_region"``); the graph needs the
individual's IRI (``fz:FirstInRegion``). Reading the mapping from
``fzgraph.ttl`` keeps the two from drifting apart.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..datafiles import ontology_file
from ..errors import MappingError
from ..vocabulary import FZ

__all__ = ["individual", "notation_of"]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, str], URIRef], dict[URIRef, str]]:
    graph = Graph().parse(ontology_file("fzgraph.ttl"), format="turtle")
    forward, backward = {}, {}
    for subject, notation in graph.subject_objects(SKOS.notation):
        for cls in graph.objects(subject, RDF.type):
            if str(cls).startswith(str(FZ)):
                forward[(str(cls)[len(str(FZ)):], str(notation))] = subject
        backward[subject] = str(notation)
    return forward, backward


def individual(cls: str, notation: str) -> URIRef:
    """The individual of ``fz:{cls}`` whose notation is ``notation``.

    >>> individual("AdoptionStatus", "first_in_region")
    rdflib.term.URIRef('https://w3id.org/fzgraph/ontology#FirstInRegion')
    """
    try:
        return _table()[0][(cls, notation)]
    except KeyError:
        known = sorted(n for c, n in _table()[0] if c == cls)
        raise MappingError(f"no fz:{cls} with notation {notation!r}; known: {', '.join(known)}") from None


def notation_of(iri) -> str | None:
    """The ``skos:notation`` of an individual, or None."""
    return _table()[1].get(URIRef(str(iri)))
