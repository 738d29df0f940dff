"""``fzgraph build``: files -> ingest -> extract -> RDF -> store, one report at a time.

Each report is written as its own named graph only after it has been mapped
(and, by default, validated) in full, so a bad report never leaves a partial
graph behind. A report whose bytes, fzgraph version and reference data are
unchanged since its last build is skipped; a changed one replaces its graph
and nothing else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from .. import __version__
from ..datafiles import ontology_file
from ..errors import FzgraphError, NotAReportError, UnsupportedFormatError
from ..ingest import collect_files, ingest_file
from ..jurisdictions import JurisdictionTable, load_table
from ..records import Document
from ..reference import GRAPHS, graph_iri, reference_graph
from ..vocabulary import FZ, bind_prefixes, build_iri
from .mapping import report_iri_of, report_triples
from .terms import triples_in_graph
from .validate import Violation, validate_graph

__all__ = ["BuildReport", "build", "sync_reference", "REFERENCE_FILES"]

#: the data files every graph depends on: a change to any of them rebuilds everything
REFERENCE_FILES = ("fzgraph.ttl", "practices.ttl", "metrics.ttl", "jurisdictions.tsv", "development_zones.tsv",
                   "cues.tsv", "units.tsv", "institutions.tsv", "institution_forms.tsv")


#: with ``bulk``, quads collected before one bulk load (about 50 MB of N-Quads)
BULK_QUADS = 200_000
#: with ``bulk``, quads loaded between two reopenings of the store (see :meth:`GraphStore.reopen`):
#: about 1,000 reports, so that the build's memory does not grow with the store
REOPEN_QUADS = 4_000_000


@dataclass
class BuildReport:
    """What a build did, file by file."""

    built: list[tuple[str, str, int]] = field(default_factory=list)  # path, graph IRI, triples
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # path, graph IRI
    skipped: list[tuple[str, str]] = field(default_factory=list)  # path, why (not a report)
    copies: list[tuple[str, str]] = field(default_factory=list)  # path, first path with the same bytes
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # path, graph IRI, first path
    failed: list[tuple[str, str]] = field(default_factory=list)  # path, message
    warnings: list[tuple[str, str]] = field(default_factory=list)  # path, what ingestion repaired or doubted
    violations: list[Violation] = field(default_factory=list)
    unclassified_numbers: int = 0
    reference_updated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No file failed (skips, copies and duplicates are not failures)."""
        return not self.failed

    @property
    def clean(self) -> bool:
        """Nothing failed, was skipped or was left out as a duplicate (``--strict``)."""
        return not (self.failed or self.skipped or self.copies or self.duplicates)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(digests: Iterable[str]) -> str:
    """SHA-256 over sorted input digests: the same inputs give the same value."""
    return hashlib.sha256("\n".join(sorted(digests)).encode("ascii")).hexdigest()


def reference_digests() -> list[str]:
    return [_sha256(ontology_file(name)) for name in REFERENCE_FILES]


def _now() -> Literal:
    return Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def _build_record(graph: URIRef, inputs: list[str], used: URIRef | None, started: Literal) -> tuple[URIRef, Graph]:
    input_sha = _digest(inputs)
    key = hashlib.sha1(f"{__version__}\n{graph}\n{input_sha}".encode()).hexdigest()
    node = build_iri(key)
    record = bind_prefixes(Graph())
    record.add((graph, PROV.wasGeneratedBy, node))
    record.add((node, RDF.type, FZ.Build))
    record.add((node, FZ.softwareVersion, Literal(__version__)))
    record.add((node, FZ.inputSha256, Literal(input_sha)))
    record.add((node, PROV.generated, graph))
    if used is not None:
        record.add((node, PROV.used, used))
    record.add((node, PROV.startedAtTime, started))
    record.add((node, PROV.endedAtTime, _now()))
    return node, record


def sync_reference(store, table: JurisdictionTable, *, force: bool = False) -> list[str]:
    """Load the reference graphs that are missing or out of date; returns their names."""
    inputs = reference_digests()
    updated = []
    for name in GRAPHS:
        iri = graph_iri(name)
        started = _now()
        node, record = _build_record(iri, inputs, None, started)
        if not force and store.build_of(iri) == node:
            continue
        store.replace_graph(iri, reference_graph(name, table), record)
        updated.append(name)
    return updated


@dataclass(frozen=True)
class _Outcome:
    """What extracting one document gave: its graph as N-Triples text (or, for a bulk
    load, N-Quads in its named graph as UTF-8 bytes), or why not."""

    text: str | bytes | None = None
    triples: int = 0
    unclassified: int = 0
    violations: tuple[Violation, ...] = ()
    error: str | None = None


def _extract_one(doc: Document, validate: bool, table: JurisdictionTable, nlp=None, quads: bool = False) -> _Outcome:
    from ..nlp import extract

    try:
        triples, unclassified = report_triples(extract(doc, nlp))
    except FzgraphError as e:
        return _Outcome(error=str(e).removeprefix(f"{doc.path}: "))
    if validate:
        violations = validate_graph(triples, table)
        if violations:
            return _Outcome(violations=tuple(violations),
                            error=f"{len(violations)} SHACL violation(s); graph not written")
    # N-Quads are written and encoded here, in the worker, so that the building process only
    # joins bytes: half the memory of a str holding Chinese, and no decoding after unpickling
    return _Outcome(text=triples.nquads().encode("utf-8") if quads else triples.ntriples(), triples=len(triples),
                    unclassified=unclassified)


def _plan(paths, store, result: BuildReport, table: JurisdictionTable, reference: list[str],
          force: bool, progress) -> Iterator[tuple[Document, URIRef, Literal]]:
    """Ingest each file (cheap) and yield the documents that need extracting; skipped,
    copied, duplicate, unchanged and failed files go straight into ``result``."""
    seen: dict[URIRef, str] = {}
    seen_bytes: dict[str, str] = {}
    for path in collect_files(paths):
        started = _now()
        try:
            doc = ingest_file(path, table=table)
            iri = report_iri_of(doc)
        except (UnsupportedFormatError, NotAReportError) as e:
            result.skipped.append((str(path), str(e).removeprefix(f"{path}: ")))
        except FzgraphError as e:
            result.failed.append((str(path), str(e).removeprefix(f"{path}: ")))
        else:
            result.warnings.extend((str(path), w) for w in doc.warnings)
            if doc.sha256 in seen_bytes:
                result.copies.append((str(path), seen_bytes[doc.sha256]))
            elif iri in seen:
                result.duplicates.append((str(path), str(iri), seen[iri]))
            else:
                seen_bytes[doc.sha256] = seen[iri] = str(path)
                node, _ = _build_record(iri, [doc.sha256, *reference], iri, started)
                if force or store.build_of(iri) != node:
                    yield doc, iri, started
                    continue
                result.unchanged.append((str(path), str(iri)))
        if progress:
            progress(str(path))


def build(paths: Iterable[str | Path], store, *, validate: bool = True, force: bool = False,
          table: JurisdictionTable | None = None, nlp=None, workers: int = 1, scheduler: str | None = None,
          bulk: bool = False, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build every report under ``paths`` into ``store``; never raises for one bad file.

    ``store`` is a :class:`GraphStore`, a :class:`~fzgraph.graph.remote.RemoteStore`
    or a :class:`~fzgraph.graph.shards.NQuadsShards`. With ``workers`` > 1,
    extraction runs in a process pool (each worker loads the pipeline once);
    with ``scheduler`` (``"local"`` or ``tcp://host:port``) it runs as a Dask
    distributed job. Either way this process ingests, decides what to skip and
    writes, a few documents ahead of the writer, so memory does not grow with
    the corpus. Results are written as they come; the store's content does not
    depend on the order. Interrupting leaves every stored report whole, and a
    re-run skips what is already stored.

    With ``bulk`` (embedded store only), reports new to the store are written
    in batches by Oxigraph's bulk loader rather than one transaction each:
    several times faster for a first load, but a batch is not a transaction,
    so an interrupted bulk build may leave the last batch's graphs partly
    written, without a build record; the next build replaces them whole.
    """
    from .executors import make_executor, run_windowed

    table = table or load_table()
    result = BuildReport()
    result.reference_updated = sync_reference(store, table, force=force)
    reference = reference_digests()
    planned = _plan(paths, store, result, table, reference, force, progress)

    batch: list[tuple[URIRef, str, Graph]] = []
    batched = [0]  # quads in the batch
    bulk = bulk and hasattr(store, "bulk_write")
    loader = _BatchLoader(store) if bulk else None

    def flush() -> None:
        if not batch:
            return
        loader.submit(list(batch), batched[0])
        batch.clear()
        batched[0] = 0

    def write(doc: Document, iri: URIRef, started: Literal, outcome: _Outcome) -> None:
        if outcome.error:
            result.violations.extend(outcome.violations)
            result.failed.append((doc.path, outcome.error))
        else:
            _, record = _build_record(iri, [doc.sha256, *reference], iri, started)
            if bulk and not store.has_graph(iri):
                batch.append((iri, outcome.text, record))
                batched[0] += outcome.triples
                if batched[0] >= BULK_QUADS:
                    flush()
            else:
                text = triples_in_graph(outcome.text.decode("utf-8"), iri) if bulk else outcome.text
                store.replace_graph(iri, text, record)
            result.built.append((doc.path, str(iri), outcome.triples))
            result.unclassified_numbers += outcome.unclassified
        if progress:
            progress(doc.path)

    try:
        run_windowed(make_executor(workers, scheduler, validate, table, nlp, quads=bulk), planned, write)
    finally:
        if loader is not None:
            try:
                flush()  # what was extracted before an interruption is kept
            finally:
                loader.close()
    if loader is not None and loader.loaded:
        store.reopen()  # what follows (the sentence index, the summary) starts from a fresh handle
    return result


class _BatchLoader:
    """Bulk-loads batches in a thread of its own, one batch at a time, while the build
    goes on ingesting and handing out reports: Oxigraph's loader releases the GIL,
    so the workers are not left idle while a batch is written. At most one batch is
    in flight; a failed load is raised at the next submit or at close. Every
    :data:`REOPEN_QUADS` quads the store is reopened, between two batches, when
    nothing else uses it."""

    def __init__(self, store):
        from concurrent.futures import ThreadPoolExecutor

        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fzgraph-bulk")
        self.pending = None
        self.loaded = self.since_reopen = 0

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def submit(self, items: list, quads: int) -> None:
        self._wait()
        if self.since_reopen >= REOPEN_QUADS:
            self.store.reopen()
            self.since_reopen = 0
        self.since_reopen += quads
        self.loaded += quads
        self.pending = self.pool.submit(self.store.bulk_write, items)

    def close(self) -> None:
        try:
            self._wait()
        finally:
            self.pool.shutdown(wait=True)
