"""Running fzgraph's queries against any SPARQL 1.1 endpoint (ours from ``fzgraph serve``, Fuseki,
Oxigraph, GraphDB ...), with answers as rdflib terms like :meth:`GraphStore.query`.

How parameters are bound: the embedded store substitutes a parameter
variable by its RDF term (SEP-0007), but the SPARQL 1.1 Protocol has no way
to send substitutions. So :func:`run_named_query` appends a trailing
``VALUES`` block (one row, one column per bound parameter) to the named
query and sends that. The block is built only from each term's N-Triples
form (``term.n3()``): rdflib escapes quotes, backslashes and newlines in
literals and refuses IRIs with characters that could end the IRI, so a value
can only ever be one RDF term; the named query's own text is not edited.
The ``PREFIX`` lines the store predeclares (``fz:``, ``skos:`` ...) are
prepended, since a remote endpoint does not know them.

A trailing ``VALUES`` block is joined with the query's solutions *after*
grouping and aggregation (SPARQL 1.1, section 18.2.4.3), so it gives the
same answer as substitution only for a parameter that every solution binds
at that point: one bound by the pattern (not only inside a ``FILTER`` or an
``OPTIONAL``) and, in an aggregate query, a ``GROUP BY`` key.
:func:`unbindable` checks this on rdflib's algebra of the query and
:func:`run_named_query` refuses a parameter that fails it, rather than
return wrong rows; of the shipped queries only ``sentences-containing``
(its ``?phrase`` is used in a ``FILTER`` only) is affected. Such a query can
still be run on an fzgraph endpoint through its ``/queries/NAME`` URL, which
binds on the server. On a large store the join after aggregation also means
the endpoint computes the whole unfiltered answer first; substitution does
not.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef, Variable

from ..errors import QueryError
from ..graph.binding import values_block
from ..graph.queries import NamedQuery
from ..vocabulary import sparql_prefixes

__all__ = ["bind_remotely", "run_named_query", "run_sparql", "values_block", "unbindable", "from_json_term"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


# -- which variables a trailing VALUES block can bind --------------------------------------------------


def _vars_of(items) -> set[str]:
    return {str(v) for v in items if isinstance(v, Variable)}


def _certain(node) -> set[str]:
    """Variables bound in every solution of an rdflib algebra node (conservative: unknown nodes bind none)."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return {str(t) for triple in node.triples for t in triple if isinstance(t, Variable)}
    if name in ("SelectQuery", "Filter", "Distinct", "Reduced", "OrderBy", "Slice", "LeftJoin", "Minus",
                "ConstructQuery", "AskQuery", "DescribeQuery"):
        return _certain(node.p) if name != "LeftJoin" and name != "Minus" else _certain(node.p1)
    if name in ("Join",):
        return _certain(node.p1) | _certain(node.p2)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Extend":
        return _certain(node.p) | {str(node.var)}
    if name == "Graph":
        return _certain(node.p) | _vars_of([node.term])
    if name == "Project":
        return _certain(node.p) & {str(v) for v in node.PV}
    if name == "AggregateJoin":  # after grouping only the GROUP BY keys are left (and aggregate results)
        group = node.p
        keys = group.expr or []
        return _vars_of(keys) & _certain(group.p)
    if name == "ToMultiSet":
        return _certain(node.p)
    if name == "values":
        rows = node.res or []
        return set.intersection(*({str(k) for k, v in row.items() if v is not None} for row in rows)) if rows \
            else set()
    return set()


def unbindable(text: str, names) -> list[str]:
    """The parameters of ``names`` that a trailing VALUES block would not bind as substitution does."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    names = list(names)
    if not names:
        return []
    try:
        algebra = translateQuery(parseQuery(sparql_prefixes() + text)).algebra
    except Exception:  # rdflib cannot read it: we cannot vouch for any parameter
        return names
    certain = _certain(algebra)
    return [n for n in names if n not in certain]


# -- talking to the endpoint ---------------------------------------------------------------------------


def from_json_term(term: dict | None):
    """A SPARQL JSON results term as an rdflib term (``xsd:string`` literals plain, as the store gives them)."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if term.get("xml:lang"):
            return Literal(value, lang=term["xml:lang"])
        datatype = term.get("datatype")
        return Literal(value, datatype=URIRef(datatype)) if datatype and datatype != _XSD_STRING else Literal(value)
    raise QueryError(f"unexpected term type {kind!r} in the endpoint's answer", cause="endpoint")


def _post(endpoint: str, text: str, timeout: float) -> tuple[str, bytes]:
    data = urllib.parse.urlencode({"query": text}).encode("utf-8")
    request = urllib.request.Request(endpoint, data=data, method="POST", headers={
        "Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "User-Agent": "fzgraph"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", errors="replace").strip()[:500]
        raise QueryError(f"the endpoint answered {e.code} {e.reason}: {detail}", cause="endpoint") from e
    except (urllib.error.URLError, OSError) as e:
        raise QueryError(f"cannot reach the endpoint {endpoint}: {getattr(e, 'reason', e)}",
                         cause="endpoint") from e


def run_sparql(endpoint: str, text: str, *, timeout: float = 60.0):
    """Send a query (with fzgraph's prefixes predeclared) and read the answer.

    Returns ``(names, rows)`` for SELECT, a bool for ASK and a list of triples
    for CONSTRUCT/DESCRIBE, as :meth:`fzgraph.graph.store.GraphStore.query` does.
    """
    content_type, body = _post(endpoint, sparql_prefixes() + text, timeout)
    media = content_type.split(";")[0].strip().lower()
    if media in ("application/sparql-results+json", "application/json"):
        try:
            data = json.loads(body)
        except ValueError as e:
            raise QueryError(f"the endpoint sent invalid JSON: {e}", cause="endpoint") from e
        if "boolean" in data:
            return bool(data["boolean"])
        names = list(data["head"]["vars"])
        rows = [tuple(from_json_term(b.get(n)) for n in names) for b in data["results"]["bindings"]]
        return names, rows
    graph = Graph()
    try:
        graph.parse(data=body.decode("utf-8"), format="turtle" if "turtle" in media or not media else media)
    except Exception as e:
        raise QueryError(f"cannot read the endpoint's {media or 'untyped'} answer: {e}", cause="endpoint") from e
    return list(graph)


def bind_remotely(text: str, bindings: dict | None) -> str:
    """``text`` with ``bindings`` appended as a trailing ``VALUES`` block; a QueryError
    (cause ``unbindable``) naming the parameters for which that would change the answer."""
    bindings = {k: v for k, v in (bindings or {}).items() if v is not None}
    bad = unbindable(text, bindings)
    if bad:
        raise QueryError(f"parameter(s) {', '.join(bad)} cannot be bound on a remote endpoint (a trailing "
                         f"VALUES block binds only variables that every solution binds)", cause="unbindable")
    return text.rstrip() + "\n" + values_block(bindings)


def run_named_query(endpoint: str, query: NamedQuery, bindings: dict | None = None, *, timeout: float = 60.0):
    """Run a named query with its bound parameters (from :func:`fzgraph.graph.queries.bind_params`)
    on a remote SPARQL 1.1 endpoint; the answer is shaped like :meth:`GraphStore.query`'s.

    Parameters are bound with a trailing ``VALUES`` block (see the module docstring for why and for
    the one case that refuses).
    """
    try:
        text = bind_remotely(query.sparql, bindings)
    except QueryError as e:
        raise QueryError(f"{query.name}: {e}; on an fzgraph endpoint use its /queries/{query.name} URL",
                         cause=e.cause) from e
    return run_sparql(endpoint, text, timeout=timeout)
