"""Query answers as text: an aligned table for people, and the W3C SPARQL
results formats (JSON, XML, CSV, TSV) for tools.

The format writers work on pyoxigraph terms, the store's own, so that the
endpoint's workers can write answers without converting them; the command
line's rdflib terms are converted on the way in.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import URIRef

from ..console import render_table
from ..vocabulary import PREFIXES
from .terms import to_ox

__all__ = ["FORMATS", "MEDIA_TYPES", "format_results", "serialize_boolean", "serialize_solutions", "short_iri"]

FORMATS = ("table", "csv", "tsv", "json")
#: ``fzgraph query --format`` -> the W3C media type it writes
MEDIA_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"}
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short_iri(iri: str) -> str:
    """``fzj:370725`` for a known namespace, the IRI itself otherwise."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _table(names, rows, max_width: int) -> str:
    def cell(term) -> str:
        return "" if term is None else short_iri(str(term)) if isinstance(term, URIRef) else str(term)

    body = render_table(list(names), [[cell(t) for t in row] for row in rows], max_width)
    return body + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def format_results(names: list[str], rows: list[tuple], fmt: str = "table", *, max_width: int = 60) -> str:
    """Render SELECT results; ``fmt`` is one of :data:`FORMATS`."""
    if fmt == "table":
        return _table(names, rows, max_width)
    if fmt in MEDIA_TYPES:
        converted = [tuple(None if t is None else to_ox(t) for t in row) for row in rows]
        text = serialize_solutions(list(names), converted, MEDIA_TYPES[fmt]).decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv_cell(term) -> str:
    # N-Triples form, as the SPARQL 1.1 TSV format asks; str() of a pyoxigraph term is exactly that
    return "" if term is None else str(term)


def serialize_solutions(variables: list[str], rows: list[tuple], media_type: str) -> bytes:
    """SELECT answers; ``rows`` are tuples of pyoxigraph terms (None for unbound)."""
    if media_type == "application/sparql-results+json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                    for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if media_type == "application/sparql-results+xml":
        out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
        for row in rows:
            out.append("<result>")
            out.extend(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                       for v, t in zip(variables, row, strict=True) if t is not None)
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_cell(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_cell(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"cannot write SPARQL results as {media_type}")


def serialize_boolean(value: bool, media_type: str) -> bytes:
    """ASK answers (CSV and TSV have no boolean form; they get the bare word, as Jena and Oxigraph do)."""
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media_type == "application/sparql-results+xml":
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return ("true" if value else "false").encode("utf-8") + b"\n"
