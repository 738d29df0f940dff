"""The summary store: corpus-wide aggregates kept beside the embedded store.

Some named queries aggregate over every adoption, citation or report of the
corpus (who adopted a practice, its timeline, who has not reported it, the
most-cited policies): seconds on a national corpus, as each adoption is
several lookups in the store. The summary store holds what those queries
group, already grouped: one node per jurisdiction and practice it reports as
done (first year, years, statuses, evidence count, an example sentence, the
first adoption), one per policy as cited (reports and jurisdictions citing
it), each jurisdiction's report count and latest year, and a copy of the
reference graphs the queries join (taxonomy, statuses, jurisdictions). Its
contents are the queries in ``queries/summary/contents/``, run a batch of
jurisdictions at a time (the batches partition the jurisdictions, so every
aggregate is complete in its batch, and citation counts add up over them):
CONSTRUCTs, and SELECTs whose rows are turned into triples here.

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

The summary is written to ``summary-TOKEN.partial`` and renamed when complete,
so a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections import defaultdict
from functools import cache, lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from ..vocabulary import BASE, FZ, PREFIXES
from .binding import header_lines
from .store_state import current_state, renew_state

__all__ = ["SUMMARY_DIR", "refresh_summary", "summary_form", "summary_path"]

log = logging.getLogger(__name__)

#: the summary forms and the contents' CONSTRUCT queries
SUMMARY_DIR = Path(__file__).resolve().parents[1] / "queries" / "summary"
_PREFIX = "summary-"
#: report graphs read per batch (every report of a jurisdiction goes in the same batch)
_BATCH = 400
#: the line of a contents query that becomes the batch's ``VALUES ?g { ... }``
_PLACEHOLDER = "#> the batch's report graphs: VALUES ?g { ... }"
_REFERENCE = "reference.rq"
#: the contents queries that are SELECTs, turned into triples here (the rest are CONSTRUCTs)
_SELECTS = ("adopter-years.rq", "citations.rq", "document-numbers.rq", "statuses.rq")
_ADOPTER_BASE = BASE + "summary/adopter/"
_CITATION_BASE = BASE + "summary/citation/"
_DONE_YEAR = ox.NamedNode(str(FZ.doneYear))
_STATUS_LIST = ox.NamedNode(str(FZ.statusList))
_TYPE = ox.NamedNode(str(RDF.type))
_CITATION_SUMMARY = ox.NamedNode(str(FZ.CitationSummary))
_INTEGER = ox.NamedNode(str(XSD.integer))
_HEADER = re.compile(r"^#\s*summary:\s*([a-z0-9-]+)\s*$", re.MULTILINE)


def summary_path(folder: Path | str, token: str) -> Path:
    """Where the summary computed at state ``token`` lives."""
    return Path(folder) / f"{_PREFIX}{token}"


def refresh_summary(store: ox.Store, folder: Path | str, progress=None) -> tuple[bool, int]:
    """Compute the summary of ``store`` (in ``folder``) unless it is in step already.

    The report graphs are read a batch of jurisdictions at a time (every report
    of a jurisdiction in the same batch, so each aggregate is complete within
    its batch and memory does not grow with the corpus); ``progress(done,
    total)`` is called after each batch. Returns ``(computed, quads)``: whether
    it was computed now, and how many quads the summary holds (0 when it was in
    step and not read).
    """
    folder = Path(folder)
    token = current_state(folder)
    if token is None:  # a store written before tokens: give it one, so the summary can name its state
        renew_state(folder)
        token = current_state(folder)
    target = summary_path(folder, token)
    if target.is_dir():
        return False, 0
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    summary = ox.Store(str(partial))
    try:
        _compute(store, summary, progress)
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
    return True, quads


def _compute(store: ox.Store, summary: ox.Store, progress) -> None:
    queries = {path.name: path.read_text(encoding="utf-8")
               for path in sorted((SUMMARY_DIR / "contents").glob("*.rq"))}
    selects = {name: queries.pop(name) for name in _SELECTS}
    summary.bulk_load(_construct(store, queries.pop(_REFERENCE)), format=ox.RdfFormat.N_TRIPLES)
    notations = {row["status"]: row["notation"].value for row in _select(store, selects["statuses.rq"])}
    numbers: dict[ox.NamedNode, list] = defaultdict(list)
    for row in _select(store, selects["document-numbers.rq"]):
        numbers[row["policy"]].append(row["number"])
    citations: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    batches = _batches(store)
    for done, graphs in enumerate(batches, 1):
        values = "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " }"
        summary.bulk_load(b"".join(_construct(store, text.replace(_PLACEHOLDER, values))
                                   for text in queries.values()), format=ox.RdfFormat.N_TRIPLES)
        summary.bulk_extend(_year_quads(_select(store, selects["adopter-years.rq"].replace(_PLACEHOLDER, values)),
                                        notations))
        for row in _select(store, selects["citations.rq"].replace(_PLACEHOLDER, values)):
            tally = citations[(row["policy"], row["title"], row["type"])]
            tally[0] += int(row["reports"].value)
            tally[1] += int(row["jurisdictions"].value)
        if progress:
            progress(done, len(batches))
    summary.bulk_extend(_citation_quads(citations, numbers))


def _construct(store: ox.Store, text: str) -> bytes:
    return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES).serialize(
        format=ox.RdfFormat.N_TRIPLES)


def _select(store: ox.Store, text: str):
    return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)


def _batches(store: ox.Store) -> list[list[str]]:
    """The report graphs, by jurisdiction, in batches of about :data:`_BATCH` graphs."""
    by_jurisdiction: dict[str, list[str]] = defaultdict(list)
    for row in _select(store, "SELECT ?g ?j WHERE { GRAPH ?g { ?g a fz:Report ; fz:jurisdiction ?j } }"):
        by_jurisdiction[row["j"].value].append(row["g"].value)
    batches, current = [], []
    for jurisdiction in sorted(by_jurisdiction):
        current.extend(by_jurisdiction[jurisdiction])
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
    for row in rows:
        key = (row["j"], row["r"])
        years[key].add(row["year"])
        statuses[key].add(notations.get(row["status"], row["status"].value))
    for key, found in years.items():
        s = _node(_ADOPTER_BASE, *key)
        for year in found:
            yield ox.Quad(s, _DONE_YEAR, year)
        yield ox.Quad(s, _STATUS_LIST, ox.Literal(", ".join(sorted(statuses[key]))))


def _citation_quads(counts: dict[tuple, list[int]], numbers: dict):
    for (policy, title, kind), (reports, jurisdictions) in counts.items():
        # one summary per document number the policy has anywhere, as the named query groups them
        for number in numbers.get(policy) or [None]:
            s = _node(_CITATION_BASE, policy, title, kind, *(() if number is None else (number,)))
            yield ox.Quad(s, _TYPE, _CITATION_SUMMARY)
            yield ox.Quad(s, _fz("summaryPolicy"), policy)
            yield ox.Quad(s, _fz("citedTitle"), title)
            yield ox.Quad(s, _fz("citedType"), kind)
            if number is not None:
                yield ox.Quad(s, _fz("citedNumber"), number)
            yield ox.Quad(s, _fz("reportCount"), ox.Literal(str(reports), datatype=_INTEGER))
            yield ox.Quad(s, _fz("jurisdictionCount"), ox.Literal(str(jurisdictions), datatype=_INTEGER))


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
