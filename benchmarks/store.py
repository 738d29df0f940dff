"""Benchmark the store: load rate into the on-disk Oxigraph store and the
latency of every named query on it, against rdflib's in-memory ``Dataset``
holding the same quads in the same process as the baseline.

The data is synthetic but made of real report graphs: the seeds are built once,
and each report graph is cloned under other county codes and years
(2019-2024), rewriting its report, mention, adoption, observation and
institution IRIs, its year literals and the jurisdiction's name in its texts.
Each county takes up each practice in a year of its own (seeded, 2014-2028):
a clone reports a practice as done only from that year on, so practices spread
over the years and some counties never report some practices. The five seed reports are part of the data, and
the seed jurisdictions get clones for the other years, so the queries' example
parameters (昌乐县, 柯桥区, 山东省, ...) find rows. Deterministic (seeded).

    python benchmarks/store.py [--sizes 100000 1000000] [--repeat N] [--rdflib-repeat N] [--skip-rdflib]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from common import (
    BUDGET_S,
    ROOT,
    TIMEOUT_S,
    ms,
    percentile,
    pick_params,
    time_oxigraph,
    time_rdflib,
)
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from fzgraph.graph.build import _build_record, build, reference_digests, sync_reference
from fzgraph.graph.queries import bind_params, named_queries
from fzgraph.graph.store import GraphStore
from fzgraph.jurisdictions import JurisdictionTable, load_table
from fzgraph.reference import GRAPHS, graph_iri, reference_graph
from fzgraph.vocabulary import BASE, FZ, FZJ, FZR, PROVENANCE_GRAPH, hash_key, institution_iri

YEARS = range(2019, 2025)
SEED = 20240601
TARGET_MS = 100.0
TARGET_RATIO = 10.0
#: the seed jurisdictions the examples of the named queries use: cloned first, so both sizes hold several years
EXAMPLE_CODES = ("370725", "330603")  # 昌乐县, 柯桥区
DONE = {FZ.Implemented, FZ.Piloted, FZ.FirstInRegion, FZ.RecognisedModel}
_ADOPTION = re.compile(re.escape(BASE) + r"adoption/([^/]+)/([^/]+)/(\d{4})/([^/]+)$")


# -- synthetic data ----------------------------------------------------------

class Template:
    """One real report graph, and what a clone has to rewrite in it."""

    def __init__(self, iri: URIRef, graph: Graph, table: JurisdictionTable):
        self.iri, self.graph = iri, graph
        self.code, year = str(iri).removeprefix(str(FZR)).rsplit("/", 1)
        self.year = int(year)
        self.name = table[self.code].name
        self.place = FZJ[self.code]
        self.institutions = {s: str(o) for s, o in graph.subject_objects(RDFS.label)
                             if (s, RDF.type, FZ.Institution) in graph}
        self.done = {s for s, o in graph.subject_objects(FZ.status) if o in DONE}


def uptake(code: str, slug: str) -> int:
    """The year jurisdiction ``code`` starts doing practice ``slug`` (2014-2028, seeded)."""
    return random.Random(f"{SEED}:{code}:{slug}").randint(2014, 2028)


def clone(t: Template, code: str, year: int, name: str) -> tuple[URIRef, Graph]:
    """The report graph ``t`` as if ``name`` (``code``) had written it about ``year``."""
    report = FZR[f"{code}/{year}"]
    old_report, place = str(t.iri), FZJ[code]
    # diffusion: the jurisdiction takes up each practice in a year of its own (maybe after 2024) and
    # reports it as done only from then on
    dropped = {a for a in t.done if uptake(code, _ADOPTION.match(str(a)).group(2)) > year}
    institutions = {s: institution_iri(label.replace(t.name, name)) for s, label in t.institutions.items()}
    cache: dict = {}

    def iri(term):
        new = cache.get(term)
        if new is not None:
            return new
        value = str(term)
        if term == t.place:
            new = place
        elif value.startswith(old_report):
            new = URIRef(str(report) + value[len(old_report):])
        elif term in institutions:
            new = institutions[term]
        elif value.startswith(BASE + "observation/"):
            new = URIRef(f"{BASE}observation/{hash_key(report=str(report), template=value)}")
        elif (m := _ADOPTION.match(value)) and m.group(1) == t.code:
            new = URIRef(f"{BASE}adoption/{code}/{m.group(2)}/{year}/{m.group(4)}")
        else:
            new = term
        cache[term] = new
        return new

    graph = Graph(identifier=report)
    add = graph.add
    for s, p, o in t.graph:
        if s in dropped:
            continue
        if isinstance(o, Literal):
            if p in (FZ.year, FZ.reportYear):
                o = Literal(f"{year:04d}", datatype=XSD.gYear)
            elif p == FZ.sha256:
                o = Literal(hashlib.sha256(f"{o}:{code}:{year}".encode()).hexdigest())
            elif p == FZ.sourcePath:
                o = Literal(f"synthetic_{code}_{year}.txt")
            elif o.datatype == XSD.date:
                o = Literal(f"{int(str(o)[:4]) + year - t.year:04d}{str(o)[4:]}", datatype=XSD.date)
            elif o.datatype is None and p != FZ.surfaceText and t.name in o:
                o = Literal(str(o).replace(t.name, name), lang=o.language)
        add((iri(s), p, iri(o) if isinstance(o, URIRef) else o))
    return report, graph


def plan(templates: list[Template], table: JurisdictionTable) -> Iterator[tuple[Template, str, int, str]]:
    """(template, code, year, name) of every clone, in a fixed order: the example jurisdictions' other
    years first, then counties (a third of them in 山东省, so that regional queries have work), each
    with a run of consecutive years ending in 2024 or earlier."""
    rng = random.Random(SEED)
    taken = {(t.code, t.year) for t in templates}
    for code in EXAMPLE_CODES:
        for year in YEARS:
            if (code, year) not in taken:
                taken.add((code, year))
                yield rng.choice(templates), code, year, table[code].name
    counties = sorted(u.code for u in table.units.values() if u.level == "county" and u.code not in EXAMPLE_CODES)
    shandong = [c for c in counties if c.startswith("37")]
    others = [c for c in counties if not c.startswith("37")]
    rng.shuffle(shandong)
    rng.shuffle(others)
    while shandong or others:
        pool = shandong if shandong and (rng.random() < 1 / 3 or not others) else others
        code = pool.pop()
        last = rng.choice((2024, 2024, 2023, 2022))
        for year in range(last - rng.randint(1, 5), last + 1):
            if (code, year) not in taken:
                taken.add((code, year))
                yield rng.choice(templates), code, year, table[code].name


def synthetic_reports(templates: list[Template], table: JurisdictionTable, triples: int):
    """The seed report graphs, then clones until about ``triples`` report triples; yields (iri, graph)."""
    total = 0
    for t in templates:
        total += len(t.graph)
        yield t.iri, t.graph
    for t, code, year, name in plan(templates, table):
        if total >= triples:
            return
        iri, graph = clone(t, code, year, name)
        total += len(graph)
        yield iri, graph


def record(iri: URIRef, graph: Graph) -> Graph:
    """The provenance record the build writes with a report graph."""
    sha = next(iter(graph.objects(iri, FZ.sha256)), Literal(str(iri)))
    started = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    return _build_record(iri, [str(sha), *reference_digests()], iri, started)[1]


# -- loading -----------------------------------------------------------------

def load_oxigraph(path: Path, templates, table, reference_size: int, size: int) -> dict:
    report_s = reports = 0
    jurisdictions: dict[str, None] = {}
    with GraphStore.open(path) as store:
        t0 = time.perf_counter()
        sync_reference(store, table, force=True)
        reference_s = time.perf_counter() - t0
        for iri, graph in synthetic_reports(templates, table, size - reference_size):
            build_record = record(iri, graph)
            t0 = time.perf_counter()
            store.replace_graph(iri, graph, build_record)
            report_s += time.perf_counter() - t0
            reports += 1
            jurisdictions[str(iri).rsplit("/", 2)[-2]] = None
        t0 = time.perf_counter()
        store.store.flush()
        report_s += time.perf_counter() - t0
        quads = len(store)
    return {"quads": quads, "reference_s": reference_s, "report_s": report_s, "reports": reports,
            "jurisdictions": list(jurisdictions)}


def load_rdflib(templates, table, reference_size: int, size: int) -> tuple[Dataset, dict]:
    dataset = Dataset(default_union=True)
    provenance = dataset.graph(PROVENANCE_GRAPH)
    quads = report_s = 0
    inputs = reference_digests()
    t0 = time.perf_counter()
    for name in GRAPHS:  # what sync_reference does, into rdflib
        iri = graph_iri(name)
        started = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        for graph, target in ((reference_graph(name, table), dataset.graph(iri)),
                              (_build_record(iri, inputs, None, started)[1], provenance)):
            target.addN((s, p, o, target) for s, p, o in graph)
            quads += len(graph)
    reference_s = time.perf_counter() - t0
    for iri, graph in synthetic_reports(templates, table, size - reference_size):
        build_record = record(iri, graph)
        t0 = time.perf_counter()
        target = dataset.graph(iri)
        target.addN((s, p, o, target) for s, p, o in graph)
        provenance.addN((s, p, o, provenance) for s, p, o in build_record)
        report_s += time.perf_counter() - t0
        quads += len(graph) + len(build_record)
    return dataset, {"quads": quads, "reference_s": reference_s, "report_s": report_s}


# -- queries -----------------------------------------------------------------

# -- main --------------------------------------------------------------------

def run_size(size: int, templates, table, reference_size: int, args) -> None:
    print(f"\n=== about {size:,} triples ===")
    with tempfile.TemporaryDirectory(prefix="fzgraph-bench-") as tmp:
        path = Path(tmp) / "store"
        ox = load_oxigraph(path, templates, table, reference_size, size)
        disk_mb = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20
        ox_rate = ox["quads"] / (ox["reference_s"] + ox["report_s"])
        print(f"data: {ox['quads']:,} quads, {ox['reports']} report graphs of {len(ox['jurisdictions'])} "
              "jurisdictions "
              f"(years {YEARS.start}-{YEARS.stop - 1}), store on disk {disk_mb:,.0f} MB")
        print(f"load, Oxigraph on disk: {ox_rate:,.0f} triples/s  (reference graphs via sync_reference "
              f"{ox['reference_s']:.2f} s, report graphs via replace_graph {ox['report_s']:.2f} s)")
        dataset = None
        if not args.skip_rdflib:
            dataset, rd = load_rdflib(templates, table, reference_size, size)
            rd_rate = rd["quads"] / (rd["reference_s"] + rd["report_s"])
            print(f"load, baseline rdflib Dataset in memory: {rd_rate:,.0f} triples/s  ({rd['quads']:,} quads; "
                  f"reference graphs {rd['reference_s']:.2f} s, report graphs {rd['report_s']:.2f} s)")
            print(f"ratio load speed Oxigraph/rdflib: {ox_rate / rd_rate:.2f}x  (the Oxigraph figure includes "
                  f"rdflib's N-Triples serialisation, as in the build)")

        print(f"\nnamed queries: Oxigraph on disk ({args.repeat} runs after 1 warm-up)"
              + ("" if args.skip_rdflib else
                 f" vs rdflib in memory (up to {args.rdflib_repeat} runs, no warm-up, stopped after "
                 f"{BUDGET_S:.0f} s per query; a run over {TIMEOUT_S:.0f} s is cut and not repeated)"))
        header = (f"{'query':<30} {'rows':>6} {'ox p50':>8} {'ox p95':>8}"
                  + ("" if args.skip_rdflib else f" {'rdf p50':>9} {'rdf p95':>9} {'runs':>4} {'rdf/ox':>7}")
                  + "  targets")
        print(header)
        print("-" * len(header))
        misses, ratios = [], []
        with GraphStore.open(path, read_only=True) as store:
            for name, query in named_queries().items():
                params = pick_params(store, query, table, ox["jurisdictions"])
                bindings = bind_params(query, params, table)
                samples, rows = time_oxigraph(store, query.sparql, bindings, args.repeat)
                p50, p95 = percentile(samples, 50), percentile(samples, 95)
                line = f"{name:<30} {rows:>6} {ms(p50):>8} {ms(p95):>8}"
                marks = ["<100ms" if p50 < TARGET_MS else "SLOW"]
                if p50 >= TARGET_MS:
                    misses.append(name)
                if dataset is not None:
                    base, base_rows = time_rdflib(dataset, query.sparql, bindings, args.rdflib_repeat)
                    if base:
                        b50, b95 = percentile(base, 50), percentile(base, 95)
                        ratio = b50 / p50
                        ratios.append(ratio)
                        line += f" {ms(b50):>9} {ms(b95):>9} {len(base):>4} {ratio:>6.0f}x"
                        marks.append(">=10x" if ratio >= TARGET_RATIO else "<10x")
                        if base_rows != rows:
                            marks.append(f"ROWS DIFFER (rdflib {base_rows})")
                    else:
                        ratio = TIMEOUT_S * 1000 / p50
                        ratios.append(ratio)
                        line += f" {'> 30 s':>9} {'-':>9} {1:>4} {'>' + f'{ratio:.0f}x':>7}"
                        marks.append(">=10x" if ratio >= TARGET_RATIO else "<10x")
                if rows == 0:
                    marks.append("EMPTY")
                print(line + "  " + " ".join(marks) + f"   {params}")
        print(f"targets: p50 < {TARGET_MS:.0f} ms at 1M triples on disk; >= {TARGET_RATIO:.0f}x faster than rdflib")
        print(f"p50 under {TARGET_MS:.0f} ms: {len(named_queries()) - len(misses)}/{len(named_queries())}"
              + (f" (missed: {', '.join(misses)})" if misses else ""))
        if ratios:
            print(f"speed ratio rdflib/Oxigraph (p50): median {statistics.median(ratios):.0f}x, "
                  f"min {min(ratios):.0f}x, max {max(ratios):.0f}x (a '>' ratio counts at its bound)")
        del dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="approximate triples in the store (default: 100000 1000000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query on Oxigraph (default 20)")
    parser.add_argument("--rdflib-repeat", type=int, default=5,
                        help=f"timed runs per query on rdflib (default 5, fewer past {BUDGET_S:.0f} s)")
    parser.add_argument("--skip-rdflib", action="store_true", help="no rdflib baseline (quick run)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    table = load_table()
    seeds = GraphStore.in_memory()
    result = build([ROOT / "seeds"], seeds, table=table)
    templates = [Template(URIRef(iri), seeds.graph(URIRef(iri)), table) for _, iri, _ in result.built]
    reference_size = sum(len(seeds.graph(graph_iri(name))) for name in GRAPHS)
    print(f"templates: {len(templates)} seed report graphs ({sum(len(t.graph) for t in templates):,} triples), "
          f"reference graphs {reference_size:,} triples; built in {time.perf_counter() - t0:.1f} s (untimed)")
    print("clones: seed graphs re-issued under county codes and years "
          f"{YEARS.start}-{YEARS.stop - 1}, random seed {SEED}")
    for size in args.sizes:
        run_size(size, templates, table, reference_size, args)


if __name__ == "__main__":
    main()
