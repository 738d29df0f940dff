"""The summary store: corpus-wide aggregates kept beside the embedded store.

Some named queries aggregate over every adoption, citation or report of the
corpus (who adopted a practice, its timeline, who has not reported it, the
most-cited policies): seconds on a national corpus, as each adoption is
several lookups in the store. The summary store holds what those queries
group, already grouped: one node per jurisdiction and practice it reports as
done (first year, years, statuses, evidence count, an example sentence, the
first adoption), one per practice and year of its timeline (jurisdictions
reporting it, or a narrower one, as done that year, and how many for the
first time: counts kept in step by taking out the old contribution of each
jurisdiction read again and adding its new one), one per policy as cited
(reports and jurisdictions citing it, added up from one partial per policy
and jurisdiction), each jurisdiction's report count and latest year, a copy
of the reference graphs the queries join (taxonomy, statuses, jurisdictions),
and, in a graph of its own that the forms do not read, the citation partials
and which build of each graph it read. Its contents are the queries in ``queries/summary/contents/``,
run a batch of jurisdictions at a time (every aggregate but the citation
totals is complete within one jurisdiction): CONSTRUCTs, and SELECTs whose
rows are turned into triples here. After a build, only the jurisdictions of
report graphs rebuilt, added or dropped since the last summary are read again
(the tests check that this gives the summary computed afresh).

A named query opts in with a header line ``# summary: NAME``; its summary form,
``queries/summary/NAME.rq``, has the same variables and gives the same rows
(the tests compare the two). The form is used only when the summary is in
step with the store and with the reader's handle: the summary lives in the
folder ``summary-TOKEN`` of the store folder, where TOKEN is the store's state
token (:mod:`fzgraph.graph.store_state`) when it was computed, and a handle
opened before the current token (a server started before a build) reads the
store as it was, so it reads that store, not a newer summary. Any write through
fzgraph renews the token, so after a write the query reads the store itself
(slower, same answer) until the summary is computed again, which
``fzgraph build`` does at its end.

The summary is written to ``summary-TOKEN.partial`` (a copy of the last
summary, when brought in step from it) and renamed when complete, so a reader
never sees half of one.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections import defaultdict
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, SKOS, XSD

from ..vocabulary import BASE, FZ, PREFIXES
from .binding import header_lines
from .store_state import build_records, current_state, renew_state

__all__ = ["SUMMARY_DIR", "refresh_summary", "summary_form", "summary_path"]

log = logging.getLogger(__name__)

#: the summary forms, and the queries of its contents in contents/
SUMMARY_DIR = Path(__file__).resolve().parents[1] / "queries" / "summary"
_PREFIX = "summary-"
#: report graphs read per batch (every report of a jurisdiction goes in the same batch)
_BATCH = 400
_CHUNK = 50_000  # quads per bulk write of the citation summaries
#: the line of a contents query that becomes the batch's ``VALUES ?g { ... }``
_PLACEHOLDER = "#> the batch's report graphs: VALUES ?g { ... }"
_REFERENCE = "reference.rq"
#: the contents queries that are SELECTs, turned into triples here (the rest are CONSTRUCTs)
_SELECTS = ("adopter-years.rq", "citations.rq", "document-numbers.rq", "statuses.rq")
_ADOPTER_BASE = BASE + "summary/adopter/"
_CITATION_BASE = BASE + "summary/citation/"
_PARTIAL_BASE = BASE + "summary/citation-partial/"
_CITATION_PARTIAL = ox.NamedNode(str(FZ.CitationPartial))
_SUMMARISED_BUILD = ox.NamedNode(str(FZ.summarisedBuild))
_SUMMARISED_IN = ox.NamedNode(str(FZ.summarisedJurisdiction))
#: the summary store's graph for its bookkeeping (citation partials, builds read); the
#: summary forms read its default graph only
_BOOKKEEPING = ox.NamedNode(BASE + "graph/summary-bookkeeping")
_DONE_YEAR = ox.NamedNode(str(FZ.doneYear))
_STATUS_LIST = ox.NamedNode(str(FZ.statusList))
_TYPE = ox.NamedNode(str(RDF.type))
_CITATION_SUMMARY = ox.NamedNode(str(FZ.CitationSummary))
_TIMELINE_BASE = BASE + "summary/timeline/"
_INTEGER = ox.NamedNode(str(XSD.integer))
_TIMELINE_SUMMARY = ox.NamedNode(str(FZ.TimelineSummary))
_HEADER = re.compile(r"^#\s*summary:\s*([a-z0-9-]+)\s*$", re.MULTILINE)


def summary_path(folder: Path | str, token: str) -> Path:
    """Where the summary computed at state ``token`` lives."""
    return Path(folder) / f"{_PREFIX}{token}"


def refresh_summary(store: ox.Store, folder: Path | str, progress=None) -> tuple[bool, int, int]:
    """Bring the summary of ``store`` (in ``folder``) in step, unless it is already.

    When a summary of an earlier state exists, it is copied and only the
    jurisdictions of report graphs rebuilt, added or dropped since (by build
    record) are summarised again; otherwise, or when the reference graphs
    changed, or when more than a third of the report graphs did, everything
    is. Report graphs are read a batch of jurisdictions at a time (every report
    of a jurisdiction in the same batch, so each aggregate is complete within
    its batch and memory does not grow with the corpus); ``progress(done,
    total)`` is called after each batch. Returns ``(computed, quads, graphs)``:
    whether it was computed now, how many quads the summary holds and how many
    report graphs were read (zeros when it was in step).
    """
    folder = Path(folder)
    token = current_state(folder)
    if token is None:  # a store written before tokens: give it one, so the summary can name its state
        renew_state(folder)
        token = current_state(folder)
    target = summary_path(folder, token)
    if target.is_dir():
        return False, 0, 0
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    earlier = sorted(p for p in folder.glob(_PREFIX + "*") if not p.name.endswith(".partial") and p.is_dir())
    if earlier:
        shutil.copytree(earlier[-1], partial)
        (partial / "LOCK").unlink(missing_ok=True)
    summary = ox.Store(str(partial))
    try:
        read = _update(store, summary, progress)
        summary.flush()
        quads = len(summary)
    except BaseException:
        del summary
        shutil.rmtree(partial, ignore_errors=True)
        raise
    del summary  # closes it: RocksDB releases the folder's lock
    partial.rename(target)
    for old in folder.glob(_PREFIX + "*"):
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return True, quads, read


def _update(store: ox.Store, summary: ox.Store, progress) -> int:
    """Bring ``summary`` (empty, or a copy of an earlier summary) in step with ``store``;
    returns how many report graphs were read."""
    queries = {path.name: path.read_text(encoding="utf-8")
               for path in sorted((SUMMARY_DIR / "contents").glob("*.rq"))}
    selects = {name: queries.pop(name) for name in _SELECTS}
    reference = queries.pop(_REFERENCE)
    builds = build_records(store)
    reports = _report_jurisdictions(store)
    recorded = {q.subject.value: q.object.value
                for q in summary.quads_for_pattern(None, _SUMMARISED_BUILD, None, _BOOKKEEPING)}
    placed = {q.subject.value: q.object.value
              for q in summary.quads_for_pattern(None, _SUMMARISED_IN, None, _BOOKKEEPING)}
    changed = {g for g in set(builds) | set(recorded) if builds.get(g) != recorded.get(g)}
    if any(g not in reports and g not in placed for g in changed) or len(changed) * 3 > max(len(reports), 1):
        # the reference graphs (or most reports) changed: start again
        summary.clear()
        summary.bulk_load(_construct(store, reference), format=ox.RdfFormat.N_TRIPLES)
        touched = set(reports.values())
        timeline = _Timeline(summary)
    else:
        touched = {reports[g] for g in changed if g in reports} | {placed[g] for g in changed if g in placed}
        timeline = _Timeline(summary, keep=True)
        timeline.count(_done_rows(summary, touched), -1)
        _forget(summary, touched)
    notations = {row["status"]: row["notation"].value for row in _select(store, selects["statuses.rq"])}
    graphs = sorted(g for g, j in reports.items() if j in touched)
    batches = _batches({g: reports[g] for g in graphs})
    for done, batch in enumerate(batches, 1):
        values = "VALUES ?g { " + " ".join(f"<{g}>" for g in batch) + " }"
        summary.bulk_load(b"".join(_construct(store, text.replace(_PLACEHOLDER, values))
                                   for text in queries.values()), format=ox.RdfFormat.N_TRIPLES)
        done_rows = [(row["j"], row["r"], row["status"], row["year"]) for row in
                     _select(store, selects["adopter-years.rq"].replace(_PLACEHOLDER, values))]
        summary.bulk_extend(_year_quads(done_rows, notations))
        timeline.count(done_rows, +1)
        summary.bulk_extend(_partial_quads(_select(store, selects["citations.rq"].replace(_PLACEHOLDER, values))))
        if progress:
            progress(done, len(batches))
    summary.update(f"DELETE WHERE {{ GRAPH <{_BOOKKEEPING.value}> {{ ?g <{_SUMMARISED_BUILD.value}> ?b }} }} ; "
                   f"DELETE WHERE {{ GRAPH <{_BOOKKEEPING.value}> {{ ?g <{_SUMMARISED_IN.value}> ?j }} }}")
    summary.bulk_extend(_record_quads(builds, reports))
    numbers: dict[ox.NamedNode, list] = defaultdict(list)
    for row in _select(store, selects["document-numbers.rq"]):
        numbers[row["policy"]].append(row["number"])
    summary.update(f"DELETE WHERE {{ ?s a <{_CITATION_SUMMARY.value}> ; ?p ?o }}")
    quads = _citation_quads(summary, numbers)
    while chunk := list(islice(quads, _CHUNK)):  # each call's loader holds what it is given
        summary.bulk_extend(chunk)
    summary.update(f"DELETE WHERE {{ ?s a <{_TIMELINE_SUMMARY.value}> ; ?p ?o }}")
    summary.bulk_extend(list(timeline.quads()))
    return len(graphs)


def _report_jurisdictions(store: ox.Store) -> dict[str, str]:
    """Report graph IRI -> its jurisdiction's IRI."""
    return {row["g"].value: row["j"].value for row in
            _select(store, "SELECT ?g ?j WHERE { GRAPH ?g { ?g a fz:Report ; fz:jurisdiction ?j } }")}


def _forget(summary: ox.Store, jurisdictions: set[str]) -> None:
    """Remove what the summary says about ``jurisdictions`` (to be summarised again)."""
    if not jurisdictions:
        return
    values = "VALUES ?j { " + " ".join(f"<{j}>" for j in sorted(jurisdictions)) + " }"
    summary.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ {values} ?s fz:summaryJurisdiction ?j ; ?p ?o }} ;\n"
        f"DELETE {{ GRAPH <{_BOOKKEEPING.value}> {{ ?s ?p ?o }} }} WHERE {{ {values} "
        f"GRAPH <{_BOOKKEEPING.value}> {{ ?s fz:partialJurisdiction ?j ; ?p ?o }} }} ;\n"
        f"DELETE {{ ?j fz:reportCount ?n ; fz:latestReportYear ?y }} WHERE {{ {values} "
        f"?j fz:reportCount ?n ; fz:latestReportYear ?y }}", prefixes=PREFIXES)


def _construct(store: ox.Store, text: str) -> bytes:
    return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES).serialize(
        format=ox.RdfFormat.N_TRIPLES)


def _select(store: ox.Store, text: str):
    return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)


def _batches(reports: dict[str, str]) -> list[list[str]]:
    """The report graphs (IRI -> jurisdiction), by jurisdiction, in batches of about :data:`_BATCH` graphs."""
    by_jurisdiction: dict[str, list[str]] = defaultdict(list)
    for graph, jurisdiction in reports.items():
        by_jurisdiction[jurisdiction].append(graph)
    batches, current = [], []
    for jurisdiction in sorted(by_jurisdiction):
        current.extend(sorted(by_jurisdiction[jurisdiction]))
        if len(current) >= _BATCH:
            batches.append(current)
            current = []
    return batches + ([current] if current else [])


def _fz(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(FZ) + name)


def _node(base: str, *terms) -> ox.NamedNode:
    """A summary node's IRI: ``base`` and the MD5 of the terms' values, space-separated
    (as the contents' CONSTRUCT queries write it in SPARQL)."""
    key = " ".join(t.value for t in terms)
    return ox.NamedNode(base + hashlib.md5(key.encode("utf-8")).hexdigest())


def _year_quads(rows, notations: dict):
    """fz:doneYear and fz:statusList of the adopter summaries, from (j, r, status, year) rows."""
    years, statuses = defaultdict(set), defaultdict(set)
    for j, r, status, year in rows:
        key = (j, r)
        years[key].add(year)
        statuses[key].add(notations.get(status, status.value))
    for key, found in years.items():
        s = _node(_ADOPTER_BASE, *key)
        for year in found:
            yield ox.Quad(s, _DONE_YEAR, year)
        yield ox.Quad(s, _STATUS_LIST, ox.Literal(", ".join(sorted(statuses[key]))))


def _done_rows(summary: ox.Store, jurisdictions: set[str]) -> list[tuple]:
    """(j, r, None, year) for every done year the summary holds for ``jurisdictions``."""
    if not jurisdictions:
        return []
    values = "VALUES ?j { " + " ".join(f"<{j}>" for j in sorted(jurisdictions)) + " }"
    return [(row["j"], row["r"], None, row["year"]) for row in summary.query(
        f"SELECT ?j ?r ?year WHERE {{ {values} ?s fz:summaryJurisdiction ?j ; fz:summaryPractice ?r ; "
        f"fz:doneYear ?year }}", prefixes=PREFIXES)]


class _Timeline:
    """The timeline summaries' counts, per practice (a concept, counting every narrower
    practice with it) and year, as sums over jurisdictions: each jurisdiction adds one to
    every year it reports the practice as done and one new adopter in the first of them.
    ``keep`` starts from the counts the summary holds (to take out and add back the
    jurisdictions read again), else from nothing."""

    def __init__(self, summary: ox.Store, keep: bool = False):
        concepts = {q.subject for q in summary.quads_for_pattern(
            None, _TYPE, ox.NamedNode(str(SKOS.Concept)), ox.DefaultGraph())}
        self.broader = defaultdict(set)
        for q in summary.quads_for_pattern(None, ox.NamedNode(str(SKOS.broader)), None, ox.DefaultGraph()):
            self.broader[q.subject].add(q.object)
        self.concepts = concepts
        self.ups: dict = {}
        self.reporting: dict[tuple, int] = defaultdict(int)
        self.new: dict[tuple, int] = defaultdict(int)
        if keep:
            for row in summary.query(
                    "SELECT ?p ?y ?r ?n WHERE { ?t fz:timelinePractice ?p ; fz:timelineYear ?y ; "
                    "fz:reportingCount ?r ; fz:newAdopterCount ?n }", prefixes=PREFIXES):
                key = (row["p"], row["y"])
                self.reporting[key] += int(row["r"].value)
                self.new[key] += int(row["n"].value)

    def _up(self, practice) -> tuple:
        """The concepts ``practice`` is, or is narrower than (skos:broader*)."""
        if practice in self.ups:
            return self.ups[practice]
        seen, todo = {practice}, [practice]
        while todo:
            for b in self.broader.get(todo.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        found = self.ups[practice] = tuple(c for c in seen if c in self.concepts)
        return found

    def count(self, rows, sign: int) -> None:
        """Add (``sign`` +1) or take out (-1) the jurisdictions of (j, r, status, year) rows;
        the rows hold every done year of each of their jurisdictions."""
        years = defaultdict(set)
        for j, r, _status, year in rows:
            for concept in self._up(r):
                years[j, concept].add(year)
        for (_j, concept), found in years.items():
            for year in found:
                self.reporting[concept, year] += sign
            self.new[concept, min(found, key=lambda y: y.value)] += sign

    def quads(self):
        for (concept, year), reporting in self.reporting.items():
            if reporting <= 0:
                continue
            s = _node(_TIMELINE_BASE, concept, year)
            yield ox.Quad(s, _TYPE, _TIMELINE_SUMMARY)
            yield ox.Quad(s, _fz("timelinePractice"), concept)
            yield ox.Quad(s, _fz("timelineYear"), year)
            yield ox.Quad(s, _fz("reportingCount"), ox.Literal(str(reporting), datatype=_INTEGER))
            yield ox.Quad(s, _fz("newAdopterCount"), ox.Literal(str(self.new.get((concept, year), 0)),
                                                                datatype=_INTEGER))


def _partial_quads(rows):
    """Citation partials (policy, title, type, jurisdiction: reports) from the batch's rows."""
    for row in rows:
        s = _node(_PARTIAL_BASE, row["policy"], row["title"], row["type"], row["jurisdiction"])
        yield ox.Quad(s, _TYPE, _CITATION_PARTIAL, _BOOKKEEPING)
        yield ox.Quad(s, _fz("summaryPolicy"), row["policy"], _BOOKKEEPING)
        yield ox.Quad(s, _fz("citedTitle"), row["title"], _BOOKKEEPING)
        yield ox.Quad(s, _fz("citedType"), row["type"], _BOOKKEEPING)
        yield ox.Quad(s, _fz("partialJurisdiction"), row["jurisdiction"], _BOOKKEEPING)
        yield ox.Quad(s, _fz("reportCount"), row["reports"], _BOOKKEEPING)


def _record_quads(builds: dict[str, str], reports: dict[str, str]):
    """Which build of each graph the summary read, and the jurisdiction of each report graph."""
    for graph, build in builds.items():
        yield ox.Quad(ox.NamedNode(graph), _SUMMARISED_BUILD, ox.NamedNode(build), _BOOKKEEPING)
    for graph, jurisdiction in reports.items():
        yield ox.Quad(ox.NamedNode(graph), _SUMMARISED_IN, ox.NamedNode(jurisdiction), _BOOKKEEPING)


def _citation_quads(summary: ox.Store, numbers: dict):
    """The citation summaries, added up from the partials: one per document number the policy
    has anywhere, as the named query groups them."""
    totals = summary.query(
        f"SELECT ?policy ?title ?type (SUM(?n) AS ?reports) (COUNT(?j) AS ?jurisdictions) WHERE {{ "
        f"GRAPH <{_BOOKKEEPING.value}> {{ ?s a fz:CitationPartial ; fz:summaryPolicy ?policy ; "
        f"fz:citedTitle ?title ; fz:citedType ?type ; fz:partialJurisdiction ?j ; fz:reportCount ?n }} }} "
        f"GROUP BY ?policy ?title ?type", prefixes=PREFIXES)
    # every row is read before the first quad is written: the summary is not read while written to
    rows = [(row["policy"], row["title"], row["type"], row["reports"], row["jurisdictions"]) for row in totals]
    for policy, title, kind, reports, jurisdictions in rows:
        for number in numbers.get(policy) or [None]:
            s = _node(_CITATION_BASE, policy, title, kind, *(() if number is None else (number,)))
            yield ox.Quad(s, _TYPE, _CITATION_SUMMARY)
            yield ox.Quad(s, _fz("summaryPolicy"), policy)
            yield ox.Quad(s, _fz("citedTitle"), title)
            yield ox.Quad(s, _fz("citedType"), kind)
            if number is not None:
                yield ox.Quad(s, _fz("citedNumber"), number)
            yield ox.Quad(s, _fz("reportCount"), reports)
            yield ox.Quad(s, _fz("jurisdictionCount"), jurisdictions)


@cache
def _form(name: str) -> str | None:
    path = SUMMARY_DIR / f"{name}.rq"
    return path.read_text(encoding="utf-8") if path.is_file() else None


@lru_cache(maxsize=4)
def _open(path: str) -> ox.Store:
    return ox.Store.read_only(path)


def summary_form(text: str, folder: Path | str | None, opened_at: str | None) -> tuple[str, ox.Store] | None:
    """The summary form of named query ``text`` and the store to run it on, when the
    query has one (``# summary: NAME`` header) and the summary is in step; else None.

    ``opened_at`` is the state token read just before the caller's store handle
    was opened (or last wrote): a handle that predates the current token sees an
    older store than the summary describes, and reads the store itself.
    """
    if folder is None or opened_at is None:
        return None
    found = _HEADER.search(header_lines(text))
    if found is None:
        return None
    form = _form(found.group(1))
    if form is None or current_state(folder) != opened_at:
        return None
    path = summary_path(folder, opened_at)
    if not path.is_dir():
        return None
    try:
        return form, _open(str(path))
    except (OSError, RuntimeError) as e:  # removed under us by a newer summary: read the store itself
        log.warning("summary in %s not used: %s", path, e)
        return None
