"""A remote store: the same dataset layout as :class:`~fzgraph.graph.store.GraphStore`,
kept on a SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB ...) so the graph
can live on a machine sized for it.

``fzgraph build --store http://host:7878`` writes there, and ``fzgraph query
--store URL`` reads there. Three services of the server are used, found under
the URL given:

- ``{url}/query``: SPARQL 1.1 Query (reads, and the checks a build makes);
- ``{url}/update``: SPARQL 1.1 Update (the provenance records);
- ``{url}/store``: the SPARQL 1.1 Graph Store HTTP Protocol, ``PUT ?graph=IRI``
  with an N-Triples body, which replaces one report graph in one request.

That is Oxigraph's layout; for another server, name the paths in the URL's
query string: ``http://host:3030/ds?query=query&update=update&store=data`` is
Fuseki's. The server must answer queries over the union of its named graphs
(``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph
true``), as fzgraph's queries expect; the first query checks and says so.

A report is written graph first, then its build record: a build interrupted
between the two leaves a graph without a current record, which the next build
rewrites, so a re-run always ends with whole reports and the right records.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from ..errors import QueryError, StoreError
from ..vocabulary import PROVENANCE_GRAPH
from .store import provenance_update

__all__ = ["RemoteStore", "is_remote"]

_SERVICES = {"query": "query", "update": "update", "store": "store"}


def is_remote(location) -> bool:
    """True for an ``http://`` or ``https://`` store location."""
    return str(location).startswith(("http://", "https://"))


class RemoteStore:
    """A dataset on a SPARQL 1.1 server; the reading and writing methods of ``GraphStore``."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 120.0):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"not a store URL: {url!r} (expected http://host:port/...)", cause="not-a-store")
        options = dict(urllib.parse.parse_qsl(parts.query))
        unknown = set(options) - set(_SERVICES)
        if unknown:
            raise StoreError(f"unknown option(s) in the store URL: {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(_SERVICES)})", path=url, cause="not-a-store")
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        self.endpoints = {k: f"{base}/{options.get(k, v).lstrip('/')}" for k, v in _SERVICES.items()}
        self.path = base
        self.read_only = read_only
        self.timeout = timeout
        self._union_checked = False

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> RemoteStore:
        """Connect to the server at ``url`` and check that it answers queries."""
        store = cls(url, read_only=read_only)
        try:
            store._select("SELECT * WHERE { } LIMIT 1")
        except StoreError as e:
            raise StoreError(f"cannot reach the store server at {store.endpoints['query']}: {e}",
                             cause="remote") from e
        return store

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    # -- HTTP --------------------------------------------------------------------------------------------

    def _request(self, service: str, *, data: bytes, content_type: str, method: str = "POST",
                 params: dict | None = None) -> bytes:
        url = self.endpoints[service] + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Content-Type": content_type, "User-Agent": "fzgraph"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", errors="replace").strip()[:500]
            raise StoreError(f"the server answered {e.code} {e.reason} to {method} {url}: {detail}",
                             path=self.path, cause="remote") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"cannot reach the store server at {url}: {getattr(e, 'reason', e)}",
                             path=self.path, cause="remote") from e

    def _select(self, sparql: str) -> tuple[list[str], list[tuple]]:
        from ..endpoint.client import run_sparql

        try:
            return run_sparql(self.endpoints["query"], sparql, timeout=self.timeout)
        except QueryError as e:
            raise StoreError(str(e), path=self.path, cause="remote") from e

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only", path=self.path, cause="read-only")

    def _update(self, update: str) -> None:
        self._writable()
        self._request("update", data=update.encode("utf-8"), content_type="application/sparql-update")

    # -- reading -----------------------------------------------------------------------------------------

    def named_graphs(self) -> list[URIRef]:
        _, rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(g for (g,) in rows)

    def __len__(self) -> int:
        _, rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0][0])

    def build_of(self, graph: URIRef) -> URIRef | None:
        """The build that wrote ``graph``, or None if it was never written."""
        _, rows = self._select(f"SELECT ?b WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{graph}> "
                               f"<{PROV.wasGeneratedBy}> ?b }} }} LIMIT 1")
        return rows[0][0] if rows else None

    def graph(self, iri: URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        graph = Graph(identifier=iri)
        _, rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        for row in rows:
            graph.add(row)
        return graph

    def quads_of(self, graph) -> Iterator[ox.Quad]:
        """The quads of one named graph."""
        from .terms import ox_quad

        graph = URIRef(graph.value if isinstance(graph, ox.NamedNode) else graph)
        _, rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        for s, p, o in rows:
            yield ox_quad(s, p, o, graph)

    def quads(self, exclude: Iterable[URIRef] = ()) -> Iterator[ox.Quad]:
        """Every quad in named graphs, except those of ``exclude``."""
        skip = set(map(str, exclude))
        for graph in self.named_graphs():
            if str(graph) not in skip:
                yield from self.quads_of(graph)

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a SPARQL query on the server, shaped like :meth:`GraphStore.query`'s answer.

        ``bindings`` are sent as a trailing ``VALUES`` block, and refused where
        that would change the answer (see :mod:`fzgraph.endpoint.client`).
        """
        from ..endpoint.client import bind_remotely, run_sparql

        text = bind_remotely(sparql, bindings)
        self._check_union()
        try:
            return run_sparql(self.endpoints["query"], text, timeout=self.timeout)
        except QueryError as e:
            raise QueryError(f"{e} (store {self.path})", cause=e.cause) from e

    def _check_union(self) -> None:
        if self._union_checked:
            return
        _, named = self._select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
        _, default = self._select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
        if named and not default:
            raise StoreError("the server's default graph is not the union of its named graphs, which fzgraph's "
                             "queries need: start it with `oxigraph serve --union-default-graph` (Fuseki: "
                             "tdb2:unionDefaultGraph true)", path=self.path, cause="not-union")
        self._union_checked = True

    def dataset(self) -> Dataset:
        raise StoreError("an rdflib Dataset over a remote store is not offered; use to_memory() for a copy, "
                         "or query the server", path=self.path, cause="remote")

    def to_memory(self) -> Dataset:
        """A copy of the whole dataset in rdflib's in-memory store."""
        from .terms import from_ox

        dataset = Dataset(default_union=True)
        for q in self.quads():
            dataset.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)))
        return dataset

    def report_graphs(self) -> dict[URIRef, str]:
        """Report graph IRI -> the sha256 of the file it was built from."""
        _, rows = self._select("SELECT ?g ?sha WHERE { GRAPH ?g { ?g a fz:Report ; fz:sha256 ?sha } }")
        return {g: str(sha) for g, sha in rows}

    # -- writing -----------------------------------------------------------------------------------------

    def replace_graph(self, iri: URIRef, graph: Graph | str, build: Graph) -> None:
        """Replace named graph ``iri`` by ``graph`` (an rdflib Graph or its N-Triples), then its build record."""
        from .store import _nt

        self._writable()
        try:
            data = graph if isinstance(graph, str) else _nt(graph)
            record = _nt(build)
        except Exception as e:  # rdflib raises a bare Exception for a term it cannot write
            raise StoreError(f"could not write graph <{iri}>: {e}", path=self.path, cause="serialise") from e
        self._request("store", data=data.encode("utf-8"), content_type="application/n-triples", method="PUT",
                      params={"graph": str(iri)})
        self._update(provenance_update(iri, f"INSERT DATA {{ GRAPH <{PROVENANCE_GRAPH}> {{\n{record}}} }}",
                                       drop=False))

    def drop_graph(self, iri: URIRef) -> None:
        """Remove a named graph and its build record."""
        self._update(provenance_update(iri, "", drop=True))
