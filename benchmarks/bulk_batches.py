"""Benchmark the size of a bulk-load batch: how fast Oxigraph's bulk loader takes
report graphs as the store grows, for several batch sizes, against the build's
own ``BULK_QUADS`` measured in the same process as the baseline.

A few synthetic reports (``fzgraph synth``) are extracted once; their N-Quads
are then cloned under other report IRIs (``…/report/C/Y`` becomes
``…/report/C/Y-k``, mentions and adoptions with it) until the load holds
``--reports`` graphs, and each batch size loads the same quads into a fresh
store. Milliseconds per report are printed for the whole load and for each
quarter of it: a batch size that is cheap on an empty store may cost more once
the store is large.

    python benchmarks/bulk_batches.py [--reports 3000] [--distinct 200] [--batches 20000 50000 200000 1000000]
"""

from __future__ import annotations

import argparse
import itertools
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from fzgraph.graph.build import BULK_QUADS
from fzgraph.graph.mapping import report_triples
from fzgraph.graph.terms import ntriples_in_graph
from fzgraph.ingest import ingest_file
from fzgraph.jurisdictions import load_table
from fzgraph.nlp import build_pipeline, extract
from fzgraph.synth import generate


def report_quads(corpus: Path, count: int) -> list[tuple[str, str]]:
    """(graph IRI, N-Quads) of the first ``count`` reports of a synthetic corpus."""
    generate(corpus, count, seed=0)
    table, nlp = load_table(), build_pipeline()
    out = []
    for path in sorted((corpus / "reports").glob("*.txt")):
        triples, _ = report_triples(extract(ingest_file(path, table=table), nlp))
        out.append((str(triples.identifier), ntriples_in_graph(triples.ntriples(), triples.identifier)))
    return out


def load(store_dir: Path, graphs: list[tuple[str, str]], reports: int, batch_quads: int) -> list[float]:
    """Bulk-load ``reports`` clones of ``graphs`` in batches of about ``batch_quads``;
    returns the seconds at which each report's batch was loaded."""
    shutil.rmtree(store_dir, ignore_errors=True)
    store = ox.Store(str(store_dir))
    done_at: list[float] = []
    pending: list[str] = []
    quads = 0
    t0 = time.perf_counter()

    def flush(store) -> None:
        store.bulk_load("".join(pending).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        done_at.extend([time.perf_counter() - t0] * len(pending))
        pending.clear()

    for k in range(reports):
        iri, text = graphs[k % len(graphs)]
        copy = k // len(graphs)
        pending.append(text.replace(iri, f"{iri}-{copy}") if copy else text)
        quads += text.count("\n")
        if quads >= batch_quads:
            flush(store)
            quads = 0
    if pending:
        flush(store)
    store.flush()
    del store
    shutil.rmtree(store_dir, ignore_errors=True)
    return done_at


def quarters(done_at: list[float]) -> list[float]:
    """Milliseconds per report in each quarter of the load."""
    n = len(done_at)
    cuts = [0, n // 4, n // 2, 3 * n // 4, n]
    out = []
    for a, b in itertools.pairwise(cuts):
        start = done_at[a - 1] if a else 0.0
        out.append((done_at[b - 1] - start) * 1000 / max(b - a, 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=3000, help="report graphs in each load")
    parser.add_argument("--distinct", type=int, default=200, help="reports extracted, then cloned")
    parser.add_argument("--batches", type=int, nargs="+", default=[20_000, 50_000, 200_000, 1_000_000])
    args = parser.parse_args()
    sizes = [BULK_QUADS] + [b for b in args.batches if b != BULK_QUADS]
    with tempfile.TemporaryDirectory(prefix="fzgraph-bulk-") as tmp:
        graphs = report_quads(Path(tmp) / "corpus", args.distinct)
        per_report = sum(text.count("\n") for _, text in graphs) / len(graphs)
        print(f"{len(graphs)} distinct reports ({per_report:,.0f} quads each), cloned to {args.reports:,} per load")
        print(f"{'batch quads':>12} {'ms/report':>10} {'quarters (ms/report)':>30} {'vs baseline':>12} "
              f"{'peak RSS so far MB':>19}")
        baseline = None
        for size in sizes:
            done_at = load(Path(tmp) / f"store-{size}", graphs, args.reports, size)
            total = done_at[-1] * 1000 / len(done_at)
            baseline = baseline or total
            q = " ".join(f"{v:6.1f}" for v in quarters(done_at))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            label = f"{size:,}" + (" (build)" if size == BULK_QUADS else "")
            print(f"{label:>20} {total:10.1f} {q:>30} {total / baseline:11.2f}x {rss:19,}", flush=True)


if __name__ == "__main__":
    main()
