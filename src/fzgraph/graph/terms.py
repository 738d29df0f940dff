"""Conversions between rdflib terms (the API users script against) and
pyoxigraph terms (the store's).

Oxigraph types every plain literal as ``xsd:string``; rdflib keeps plain
literals untyped and does not treat the two as equal. Terms coming back from
the store are turned into plain literals so that answers compare equal to
rdflib's own.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["to_ox", "from_ox", "memoised_from_ox", "ox_quad", "nt_term", "ntriples_in_graph", "triples_in_graph"]

_XSD_STRING = str(XSD.string)


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term):
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"not an RDF term: {term!r}")


def memoised_from_ox():
    """A :func:`from_ox` that converts each distinct term once: a query's answer
    repeats its practices, places, years and statuses on many rows, and building an
    rdflib term costs several microseconds (a typed literal parses its value)."""
    seen: dict = {}

    def convert(term):
        if term is None:
            return None
        done = seen.get(term)
        if done is None:
            done = seen[term] = from_ox(term)
        return done

    return convert


def ox_quad(s, p, o, g) -> ox.Quad:
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))


def ntriples_in_graph(ntriples: str, graph) -> str:
    """N-Triples lines (one triple per line, as rdflib and Oxigraph write them) as
    N-Quads lines in named graph ``graph``."""
    tail = f" <{graph}> .\n"
    # split at LF only: str.splitlines also splits at U+2028, U+0085 and others, which a literal may hold as is
    return "".join(line.rstrip()[:-1].rstrip() + tail for line in ntriples.split("\n") if line.strip())


def triples_in_graph(nquads: str, graph) -> str:
    """N-Quads lines in named graph ``graph`` (as :meth:`ReportTriples.nquads` writes them)
    as N-Triples lines: the inverse of :func:`ntriples_in_graph`."""
    tail = f" <{graph}> .\n"
    lines = nquads.split("\n")[:-1] if nquads.endswith("\n") else nquads.split("\n")
    if any(not line.endswith(tail[:-1]) for line in lines):
        raise ValueError(f"not N-Quads in graph <{graph}> only")
    return "".join(line[:1 - len(tail)] + " .\n" for line in lines)


# N-Triples string escapes (STRING_LITERAL_QUOTE excludes only " \\ LF CR)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_FORBIDDEN = set('<>"{}|^`\\ ') | {chr(c) for c in range(0x21)}


def nt_term(term) -> str:
    """An rdflib IRI or literal in N-Triples syntax (the same term rdflib's serializer writes)."""
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.intersection(term):
            raise ValueError(f"cannot write IRI <{term}> in N-Triples")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"not an IRI or literal: {term!r}")
