"""Query answers as text: an aligned table for people, and the W3C SPARQL
results formats (CSV, TSV, JSON) for tools."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef

from ..console import render_table
from ..vocabulary import PREFIXES

__all__ = ["FORMATS", "format_results", "short_iri"]

FORMATS = ("table", "csv", "tsv", "json")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short_iri(iri: str) -> str:
    """``fzj:370725`` for a known namespace, the IRI itself otherwise."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _plain(term) -> str:
    return "" if term is None else str(term)


def _nt(term) -> str:
    if term is None:
        return ""
    return term.n3()


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _table(names, rows, max_width: int) -> str:
    def cell(term) -> str:
        return "" if term is None else short_iri(str(term)) if isinstance(term, URIRef) else str(term)

    body = render_table(list(names), [[cell(t) for t in row] for row in rows], max_width)
    return body + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def format_results(names: list[str], rows: list[tuple], fmt: str = "table", *, max_width: int = 60) -> str:
    """Render SELECT results; ``fmt`` is one of :data:`FORMATS`."""
    if fmt == "table":
        return _table(names, rows, max_width)
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_nt(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([[_plain(t) for t in row] for row in rows])
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
