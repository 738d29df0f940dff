"""The embedded on-disk store: Oxigraph (pyoxigraph) in a folder.

Layout of the dataset:

- one named graph per report, with the report's IRI (``report/{code}/{year}``);
- the reference graphs ``graph/ontology``, ``graph/practices``,
  ``graph/metrics``, ``graph/jurisdictions``;
- ``graph/provenance``: one ``fz:Build`` per graph written, with the software
  version, the inputs' digests and the times.

A report graph is replaced in one SPARQL update (drop, insert, provenance), so
a reader sees the old graph or the new one, never half of each, and a failed
write leaves the old graph in place. :meth:`GraphStore.dataset` gives an
``rdflib.Dataset`` over the same store for scripting.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from ..errors import StoreError
from ..vocabulary import PREFIXES, PROVENANCE_GRAPH
from .binding import with_leading_values
from .sentence_index import SentenceIndex, hinted
from .store_state import current_state, renew_state
from .summary import refresh_summary, summary_form
from .terms import from_ox, memoised_from_ox, to_ox

__all__ = ["DEFAULT_STORE", "GraphStore", "default_store_path", "open_store", "provenance_update"]

#: folder name of the store when neither ``--store`` nor ``FZGRAPH_STORE`` says otherwise
DEFAULT_STORE = "fzgraph-store"


def default_store_path() -> Path:
    """``$FZGRAPH_STORE`` if set, else ``./fzgraph-store``."""
    return Path(os.environ.get("FZGRAPH_STORE") or DEFAULT_STORE)


def open_store(location=None, *, read_only: bool = False):
    """The store at ``location``: a folder (the embedded store, :class:`GraphStore`)
    or an ``http(s)://`` URL of a SPARQL server (:class:`~fzgraph.graph.remote.RemoteStore`)."""
    location = location if location is not None else os.environ.get("FZGRAPH_STORE")
    from .remote import RemoteStore, is_remote

    if location is not None and is_remote(location):
        return RemoteStore.open(str(location), read_only=read_only)
    return GraphStore.open(location, read_only=read_only)


def _nt(graph: Graph) -> str:
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def provenance_update(iri: URIRef, insert: str, *, drop: bool) -> str:
    """SPARQL Update text that deletes the build record of graph ``iri`` (and, with
    ``drop``, the graph itself), then runs ``insert`` (INSERT DATA text, or empty).

    The graph IRIs are ours (built by :mod:`fzgraph.vocabulary`) and the data is
    N-Triples from rdflib's serializer: nothing user-typed reaches this text.
    """
    steps = [
        f"DELETE {{ GRAPH <{PROVENANCE_GRAPH}> {{ ?b ?p ?o }} }} "
        f"WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{iri}> <{PROV.wasGeneratedBy}> ?b . ?b ?p ?o }} }}",
        f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{iri}> <{PROV.wasGeneratedBy}> ?b }} }}",
    ]
    if drop:
        steps.append(f"DROP SILENT GRAPH <{iri}>")
    if insert:
        steps.append(insert)
    return " ;\n".join(steps)


class GraphStore:
    """An Oxigraph store on disk, opened for writing or read-only.

    >>> with GraphStore.open(tmp_path / "store") as store:   # doctest: +SKIP
    ...     store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    """

    def __init__(self, store: ox.Store, path: Path | None, read_only: bool, token: str | None = None):
        self.store = store
        self.path = path
        self.read_only = read_only
        #: the folder's state token as of this handle's view of the store (see store_state)
        self.token = token

    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> GraphStore:
        """Open (or, for writing, create) the store at ``path`` (default: :func:`default_store_path`)."""
        path = Path(path) if path is not None else default_store_path()
        if read_only and not path.is_dir():
            raise StoreError(f"no store at {path}; build one first with `fzgraph build PATHS`",
                             cause="missing")
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store folder", path=str(path), cause="not-a-store")
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        token = current_state(path)  # before opening: a write in between makes it stale, never too new
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except (OSError, RuntimeError) as e:
            hint = " (is another fzgraph process using it?)" if "lock" in str(e).lower() else ""
            raise StoreError(f"cannot open the store{hint}: {e}", path=str(path), cause="open") from e
        return cls(store, path, read_only, token)

    @classmethod
    def in_memory(cls) -> GraphStore:
        """A store that lives in memory only (tests, benchmarks)."""
        return cls(ox.Store(), None, False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        if not self.read_only and self.store is not None:
            self.store.flush()
        self.store = None

    def reopen(self) -> bool:
        """Close the store on disk and open it again (flushed first when written); returns
        whether it did (not for a store in memory, nor while the Oxigraph store is held
        elsewhere in this process, which would keep it open).

        RocksDB keeps the index and filter blocks of every table file it has
        opened for as long as the store stays open, so a handle that has written
        or read a national corpus holds memory in proportion to the store; a
        long build reopens it between batches and phases to hold only what the
        files touched since take.
        """
        if self.path is None or self.store is None:
            return False
        if not self.read_only:
            self.store.flush()
        if sys.getrefcount(self.store) > 2:  # held elsewhere too: it would stay open and keep the folder's lock
            return False
        self.store = None  # the last reference to it: RocksDB closes and releases the lock
        try:
            self.store = ox.Store.read_only(str(self.path)) if self.read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError) as e:
            raise StoreError(f"cannot open the store again: {e}", path=str(self.path), cause="open") from e
        return True

    # -- reading ---------------------------------------------------------

    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.store.named_graphs())

    def __len__(self) -> int:
        return len(self.store)

    def build_of(self, graph: URIRef) -> URIRef | None:
        """The build that wrote ``graph``, or None if it was never written."""
        for quad in self.store.quads_for_pattern(to_ox(graph), to_ox(PROV.wasGeneratedBy), None,
                                                 to_ox(PROVENANCE_GRAPH)):
            return from_ox(quad.object)
        return None

    def graph(self, iri: URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        graph = Graph(identifier=iri)
        for quad in self.store.quads_for_pattern(None, None, None, to_ox(iri)):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def quads(self, exclude: Iterable[URIRef] = ()) -> Iterator[ox.Quad]:
        """Every quad in named graphs, except those of ``exclude``."""
        skip = {str(g) for g in exclude}
        for graph in self.store.named_graphs():
            if graph.value not in skip:
                yield from self.quads_of(graph)

    def quads_of(self, graph) -> Iterator[ox.Quad]:
        """The quads of one named graph."""
        return self.store.quads_for_pattern(None, None, None, to_ox(graph) if not isinstance(graph, ox.NamedNode)
                                            else graph)

    def query(self, sparql: str, bindings: dict | None = None):
        """Run a SPARQL query over the union of all graphs.

        ``bindings`` maps variable names to rdflib terms; they are substituted
        as RDF terms (SEP-0007), never pasted into the query text. Returns
        ``(variables, rows)`` for SELECT (rows of rdflib terms or None), a
        bool for ASK, a list of triples for CONSTRUCT/DESCRIBE.
        """
        from ..errors import QueryError

        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items() if v is not None}
        form = summary_form(sparql, self.path, self.token)
        target, text = (form[1], form[0]) if form else (self.store, sparql)
        try:
            text = with_leading_values(hinted(text, bindings, self.store, self.path), bindings)
            # a summary form reads the summary's default graph only, not its bookkeeping graph
            result = target.query(text, use_default_graph_as_union=form is None,
                                  prefixes=PREFIXES, substitutions=substitutions or None)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}", cause="syntax") from e
        except (RuntimeError, OSError) as e:
            raise QueryError(f"query failed: {e}", cause="runtime") from e
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        convert = memoised_from_ox()
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return names, [tuple(map(convert, row)) for row in result]
        return [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in result]

    def dataset(self) -> Dataset:
        """An ``rdflib.Dataset`` backed by this store (its default graph is the union of all graphs).

        Writes through it bypass the build records the sentence index follows: after
        them, call :func:`fzgraph.graph.sentence_index.reset_index` on the store folder."""
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self.store), default_union=True)

    def to_memory(self) -> Dataset:
        """A copy of the whole store in rdflib's in-memory store."""
        dataset = Dataset(default_union=True)
        for quad in self.quads():
            dataset.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object),
                         from_ox(quad.graph_name)))
        return dataset

    # -- writing ---------------------------------------------------------

    def _writable(self) -> ox.Store:
        """The Oxigraph store, about to be written: the folder's state token is renewed first."""
        if self.read_only:
            raise StoreError("the store was opened read-only", path=str(self.path), cause="read-only")
        renew_state(self.path)
        self.token = current_state(self.path)
        return self.store

    def replace_graph(self, iri: URIRef, graph: Graph | str, build: Graph) -> None:
        """Replace named graph ``iri`` with ``graph`` (an rdflib Graph, or its N-Triples
        text) and record ``build`` (triples about the ``fz:Build`` that produced it) in
        the provenance graph, in one update."""
        try:
            data = graph if isinstance(graph, str) else _nt(graph)
            insert = (f"INSERT DATA {{ GRAPH <{iri}> {{\n{data}}}\n"
                      f"GRAPH <{PROVENANCE_GRAPH}> {{\n{_nt(build)}}} }}")
        except Exception as e:  # rdflib raises a bare Exception for a term it cannot write
            raise StoreError(f"could not write graph <{iri}>: {e}", path=str(self.path), cause="serialise") from e
        self._update(iri, insert)

    def has_graph(self, iri: URIRef) -> bool:
        """Whether named graph ``iri`` holds anything."""
        return self.store.contains_named_graph(to_ox(iri))

    def bulk_write(self, items: list[tuple[URIRef, bytes, Graph]]) -> None:
        """Write new report graphs (``(iri, N-Quads in graph iri as UTF-8, build record)``, none
        of them in the store yet) with Oxigraph's bulk loader, then their build records in one update.

        Much faster than one transaction per graph, but the bulk load is not a
        transaction: if it is interrupted, graphs may be left partly written.
        Their build records are written only afterwards, so the next build
        finds them out of date and replaces them whole.
        """
        if not items:
            return
        data = b"".join(nq for _, nq, _ in items)
        records = "".join(_nt(record) for _, _, record in items)
        try:
            self._writable().bulk_load(data, format=ox.RdfFormat.N_QUADS)
            del data
            graphs = " ".join(f"<{iri}>" for iri, _, _ in items)
            self.store.update(
                f"DELETE {{ GRAPH <{PROVENANCE_GRAPH}> {{ ?g <{PROV.wasGeneratedBy}> ?b . ?b ?p ?o }} }} "
                f"WHERE {{ VALUES ?g {{ {graphs} }} GRAPH <{PROVENANCE_GRAPH}> {{ ?g <{PROV.wasGeneratedBy}> ?b . "
                f"?b ?p ?o }} }} ;\nINSERT DATA {{ GRAPH <{PROVENANCE_GRAPH}> {{\n{records}}} }}")
        except (SyntaxError, OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"could not bulk-write {len(items)} graph(s): {e}", path=str(self.path),
                             cause="write") from e

    def drop_graph(self, iri: URIRef) -> None:
        """Remove a named graph and its build record."""
        self._update(iri, "")

    def _update(self, iri: URIRef, insert: str) -> None:
        try:
            self._writable().update(provenance_update(iri, insert, drop=True))
        except (SyntaxError, OSError, RuntimeError) as e:
            raise StoreError(f"could not write graph <{iri}>: {e}", path=str(self.path), cause="write") from e

    def refresh_sentence_index(self, progress=None) -> int | None:
        """Bring the sentence index (:mod:`fzgraph.graph.sentence_index`) in step with the
        store; returns how many graphs it read, or None when the store has no folder."""
        if self.path is None:
            return None
        with SentenceIndex(self.path) as index:
            read = index.refresh(self.store, progress)
        if read:
            self.reopen()  # let go of what reading every graph opened
        return read

    def refresh_summary(self, progress=None) -> tuple[bool, int, int] | None:
        """Bring the summary store (:mod:`fzgraph.graph.summary`) in step; returns
        ``(computed, quads, report graphs read)``, or None when the store has no folder."""
        if self.path is None:
            return None
        if self.read_only:
            raise StoreError("the store was opened read-only", path=str(self.path), cause="read-only")
        done = refresh_summary(self.store, self.path, progress)
        self.token = current_state(self.path)  # a store without a token got one
        if done[0]:
            self.reopen()  # let go of what reading every graph opened
        return done

    def report_graphs(self) -> dict[URIRef, str]:
        """Report graph IRI -> the sha256 of the file it was built from."""
        _, rows = self.query(
            "SELECT ?g ?sha WHERE { GRAPH ?g { ?g a fz:Report ; fz:sha256 ?sha } }")
        return {g: str(sha) for g, sha in rows}

