"""What every benchmark script shares: its command line (corpus paths,
repeats) and the default corpus, the seeds."""

from __future__ import annotations

import argparse
import signal
import time
from pathlib import Path

from rdflib import Dataset

from fzgraph.graph.queries import bind_params
from fzgraph.graph.store import GraphStore
from fzgraph.ingest import collect_files
from fzgraph.jurisdictions import JurisdictionTable
from fzgraph.vocabulary import PREFIXES

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["ROOT", "corpus_arguments", "ms", "percentile", "pick_params", "time_oxigraph", "time_rdflib"]

TIMEOUT_S = 30.0  # one rdflib run longer than this is reported as "> 30 s" and not repeated
BUDGET_S = 60.0  # rdflib repeats of one query stop once they have taken this long in all


def corpus_arguments(doc: str, repeat: int = 20) -> tuple[list[Path], int]:
    """Parse ``[PATH ...] [--repeat N]``; return the files and the repeat count."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    return collect_files(args.paths), args.repeat


# -- timing named queries (store and scale benchmarks) -------------------------

class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (with few samples p95 is the slowest run)."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def time_oxigraph(store: GraphStore, sparql: str, bindings: dict, repeat: int,
                  budget_s: float = TIMEOUT_S) -> tuple[list[float], int]:
    """Run times in ms after a warm-up; a query whose warm-up takes over ``budget_s`` is
    not repeated, and its one sample is the warm-up itself."""
    t0 = time.perf_counter()
    _, rows = store.query(sparql, bindings)  # warm-up
    warm = time.perf_counter() - t0
    if warm > budget_s:
        return [warm * 1000], len(rows)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        store.query(sparql, bindings)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, len(rows)


def time_rdflib(dataset: Dataset, sparql: str, bindings: dict, repeat: int) -> tuple[list[float], int | None]:
    """Runs (ms) of the query on rdflib; an empty list when the first run took over TIMEOUT_S."""
    samples, rows, spent = [], None, 0.0
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for i in range(repeat):
            if i and spent > BUDGET_S:
                break
            signal.setitimer(signal.ITIMER_REAL, TIMEOUT_S)
            t0 = time.perf_counter()
            try:
                rows = len(list(dataset.query(sparql, initBindings=bindings, initNs=PREFIXES)))
            except Timeout:
                return [], None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            elapsed = time.perf_counter() - t0
            spent += elapsed
            samples.append(elapsed * 1000)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return samples, rows


def example_params(query) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in query.example.split("--param")[1:])


def pick_params(store: GraphStore, query, table: JurisdictionTable, codes: list[str]) -> dict[str, str]:
    """The query's example parameters; if they give no rows, the same with a fact of the data
    in place of each IRI parameter, or another jurisdiction of the data (or one of its
    ancestors) in place of each jurisdiction parameter."""
    params = example_params(query)
    if store.query(query.sparql, bind_params(query, params, table))[1]:
        return params
    facts = [p.name for p in query.params if p.kind == "iri" and p.name in params]
    if facts:  # the example names a seed's fact: take a fact of the data instead
        _, rows = store.query("SELECT ?a WHERE { ?a a fz:Adoption } LIMIT 1")
        return {**params, **dict.fromkeys(facts, str(rows[0][0]))} if rows else params
    places = [p.name for p in query.params if p.kind == "jurisdiction" and p.name in params]
    if not places:
        return params
    for code in codes[:20]:  # a slow query tried on every jurisdiction would take hours
        for candidate in (code, *(u.code for u in table.ancestors(code))):
            trial = {**params, **dict.fromkeys(places, candidate)}
            if store.query(query.sparql, bind_params(query, trial, table))[1]:
                return trial
    return params


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
