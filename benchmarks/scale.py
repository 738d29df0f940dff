"""Benchmark builds at scale on synthetic corpora (``fzgraph synth``): build
time, reports/s, characters/s, triples/s, CPU time (the main process and
its workers), peak memory of the whole process tree and store size, for
each corpus size and worker count; where one report's CPU goes, step by
step; named-query latency on the built graph; extraction quality against the corpus's truth,
printed beside the speed. Baselines measured in the same run: jieba
segmentation of the same text (one core), and rdflib's in-memory Dataset
loading the same quads and answering the same queries (when the graph is
under ``--rdflib-max-quads``).

Each build is ``fzgraph build`` in a subprocess, as a user runs it; its
memory is the sum of the resident sets of the build process and its workers,
sampled every 0.2 s.

    python benchmarks/scale.py --reports 1000 --workers 1 2 [--chars 15000] [--bulk] [--validate]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from common import ms, percentile, pick_params, time_oxigraph, time_rdflib

from fzgraph.graph.queries import bind_params, named_queries
from fzgraph.graph.store import GraphStore
from fzgraph.jurisdictions import load_table

TARGET_RATE = 35.0  # reports/s: 20,000 reports in under 10 minutes
TARGET_MS = 100.0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def rss(pid: int) -> int:
    """Resident bytes of ``pid`` (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    tree, total, queue = _children(), 0, [pid]
    while queue:
        p = queue.pop()
        queue.extend(tree.get(p, []))
        total += rss(p)
    return total


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of ``pid`` so far, all its threads (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_build(reports: Path, store: Path, workers: int, bulk: bool, validate: bool) -> dict:
    command = [sys.executable, "-m", "fzgraph", "build", str(reports), "--store", str(store), "-w", str(workers),
               "--silent"] + (["--bulk"] if bulk else []) + ([] if validate else ["--no-validate"])
    peak, main_cpu = [0], [0.0]
    main_peak, peak_at = [0], [0.0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        while process.poll() is None:
            total = tree_rss(process.pid)
            if total > peak[0]:
                peak[0], peak_at[0] = total, time.perf_counter() - started
            main_peak[0] = max(main_peak[0], rss(process.pid))
            main_cpu[0] = max(main_cpu[0], cpu_seconds(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if process.returncode:
        raise SystemExit(f"build failed ({process.returncode}): {err[-2000:]}")
    built = re.search(r"built ([\d,]+) report\(s\) \(([\d,]+) triples\)", out)
    quads = re.search(r"^store .*: ([\d,]+) quads$", out, re.MULTILINE)
    indexed = re.search(r"sentence index: [\d,]+ graph\(s\) read in ([\d.]+) s", out)
    summarised = re.search(r"summary: [\d,]+ quads computed in ([\d.]+) s", out)
    return {"seconds": seconds, "reports": int(built.group(1).replace(",", "")),
            "triples": int(built.group(2).replace(",", "")), "quads": int(quads.group(1).replace(",", "")),
            "peak_rss": peak[0], "main_peak": main_peak[0], "peak_at": peak_at[0],
            "cpu_main": main_cpu[0], "cpu_total": total_cpu,
            "index_s": float(indexed.group(1)) if indexed else None,
            "summary_s": float(summarised.group(1)) if summarised else None,
            "disk": sum(f.stat().st_size for f in store.rglob("*") if f.is_file())}


def jieba_rate(texts: list[str]) -> float:
    """Characters per second of ``jieba.lcut`` on ``texts`` (one core)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    t0 = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return sum(map(len, texts)) / (time.perf_counter() - t0)


def stage_costs(paths: list[Path], store_dir: Path) -> dict[str, float]:
    """Milliseconds per report of each step of a build, run one after the other in this
    process on ``paths``: where a report's CPU goes (a build runs them in several processes)."""
    from fzgraph.graph.mapping import report_triples
    from fzgraph.graph.terms import ntriples_in_graph
    from fzgraph.ingest import ingest_file
    from fzgraph.nlp import build_pipeline, extract

    table, nlp = load_table(), build_pipeline()
    spent = dict.fromkeys(("ingest", "extract", "map", "N-Triples", "N-Quads", "bulk load"), 0.0)
    quads = []

    def timed(step, fn, *args, **kwargs):
        t0 = time.perf_counter()
        value = fn(*args, **kwargs)
        spent[step] += time.perf_counter() - t0
        return value

    extract(ingest_file(paths[0], table=table), nlp)  # warm-up: lazy loads and caches
    for path in paths:
        doc = timed("ingest", ingest_file, path, table=table)
        triples, _ = timed("map", report_triples, timed("extract", extract, doc, nlp))
        nt = timed("N-Triples", triples.ntriples)
        quads.append(timed("N-Quads", ntriples_in_graph, nt, triples.identifier))
    shutil.rmtree(store_dir, ignore_errors=True)
    with GraphStore.open(store_dir) as store:
        timed("bulk load", store.store.bulk_load, "".join(quads).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    shutil.rmtree(store_dir, ignore_errors=True)
    return {step: seconds * 1000 / len(paths) for step, seconds in spent.items()}


def query_latency(store_path: Path, codes: list[str], repeat: int, rdflib_max: int) -> None:
    table = load_table()
    with GraphStore.open(store_path, read_only=True) as store:
        quads = len(store)
        dataset = None
        if quads <= rdflib_max:
            t0 = time.perf_counter()
            dataset = store.to_memory()
            load_s = time.perf_counter() - t0
            print(f"  rdflib baseline: loaded the same {quads:,} quads into a Dataset in memory in {load_s:.1f} s "
                  f"({quads / load_s:,.0f} quads/s, from Oxigraph terms, no parsing)")
        else:
            print(f"  rdflib baseline skipped: {quads:,} quads > --rdflib-max-quads {rdflib_max:,}")
        print(f"  {'query':<28} {'rows':>6} {'p50 ms':>8} {'p95 ms':>8}" + (
            f" {'rdflib p50':>11} {'ratio':>6}" if dataset is not None else ""))
        p50s, misses = [], []
        for name, query in named_queries().items():
            params = pick_params(store, query, table, codes)
            bindings = bind_params(query, params, table)
            samples, rows = time_oxigraph(store, query.sparql, bindings, repeat)
            p50, p95 = percentile(samples, 50), percentile(samples, 95)
            p50s.append(p50)
            if p50 >= TARGET_MS:
                misses.append(name)
            line = f"  {name:<28} {rows:>6} {ms(p50):>8} {ms(p95):>8}"
            if len(samples) == 1 < repeat:
                line += "  (one run: its warm-up took over 30 s)"
            if dataset is not None:
                base, _ = time_rdflib(dataset, query.sparql, bindings, 3)
                line += f" {ms(percentile(base, 50)) if base else '> 30 s':>11} " \
                        f"{(percentile(base, 50) if base else 30000) / p50:>5.0f}x"
            print(line)
            if "# summary:" in query.sparql:
                # baseline in the same run: the query itself, over every adoption, citation or report
                plain = query.sparql.replace("# summary:", "# (not summarised)")
                full, full_rows = time_oxigraph(store, plain, bindings, 1, budget_s=0)
                print(f"  {'  same, without the summary':<28} {full_rows:>6} {ms(full[0]):>8}   "
                      f"{full[0] / p50:,.0f}x the summarised p50")
            if "# sentence-index:" in query.sparql:
                # baseline in the same run: the same query without the index's hint, a scan of every sentence
                plain = query.sparql.replace("# sentence-index:", "# (unhinted)")
                scan, scan_rows = time_oxigraph(store, plain, bindings, 1, budget_s=0)
                print(f"  {'  same, full scan (no index)':<28} {scan_rows:>6} {ms(scan[0]):>8}   "
                      f"{scan[0] / p50:,.0f}x the indexed p50")
        print(f"  p50 under {TARGET_MS:.0f} ms: {len(p50s) - len(misses)}/{len(p50s)}; median p50 "
              f"{statistics.median(p50s):.1f} ms" + (f"; slow: {', '.join(misses)}" if misses else ""))


def quality(store_path: Path, corpus: Path) -> str:
    from fzgraph.truth import score_store

    with GraphStore.open(store_path, read_only=True) as store:
        scores = score_store(store, corpus)
    return "; ".join(f"{k} P {s.prf[0]:.3f} R {s.prf[1]:.3f} F1 {s.prf[2]:.3f}" for k, s in scores.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chars", type=int, default=15000, help="characters per report (default 15000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bulk", action="store_true", help="build with --bulk")
    parser.add_argument("--validate", action="store_true", help="validate every graph (SHACL), as a default "
                                                                "build does")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per named query")
    parser.add_argument("--rdflib-max-quads", type=int, default=3_000_000)
    parser.add_argument("--stage-sample", type=int, default=50, help="reports timed step by step")
    parser.add_argument("--jieba-sample", type=int, default=200, help="reports segmented by the jieba baseline")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and stores go (default: a "
                                                                    "temporary folder, removed afterwards)")
    args = parser.parse_args()

    from fzgraph.synth import generate

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{date.today().isoformat()}; build {'with' if args.bulk else 'without'} --bulk, "
          f"{'with' if args.validate else 'without'} SHACL validation")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="fzgraph-scale-"))
    rows = []
    try:
        for n in args.reports:
            corpus = workdir / f"corpus-{n}"
            shutil.rmtree(corpus, ignore_errors=True)
            t0 = time.perf_counter()
            generate(corpus, n, seed=args.seed, chars=args.chars)
            gen_s = time.perf_counter() - t0
            texts = sorted((corpus / "reports").glob("*.txt"))
            chars = sum(len(p.read_text(encoding="utf-8")) for p in texts)
            print(f"\n=== {n:,} reports, {chars:,} characters (generated in {gen_s:.0f} s) ===")
            sample = [p.read_text(encoding="utf-8") for p in texts[:args.jieba_sample]]
            jieba = jieba_rate(sample)
            print(f"baseline: jieba.lcut {jieba:,.0f} chars/s on one core ({len(sample)} reports)")
            costs = stage_costs(texts[:args.stage_sample], workdir / "stage-costs")
            print(f"one report's steps, one after the other in one process ({args.stage_sample} reports): "
                  + ", ".join(f"{step} {value:.1f} ms" for step, value in costs.items())
                  + f"; {sum(costs.values()):.0f} ms in all")
            codes = sorted({p.stem.split("_")[1] for p in texts})
            last = None
            for w in args.workers:
                store = workdir / f"store-{n}-w{w}"
                shutil.rmtree(store, ignore_errors=True)
                r = run_build(corpus / "reports", store, w, args.bulk, args.validate)
                rate = r["reports"] / r["seconds"]
                row = {"reports": n, "workers": w, "seconds": r["seconds"], "reports/s": rate,
                       "chars/s": chars / r["seconds"], "triples/s": r["triples"] / r["seconds"],
                       "peak RSS MB": r["peak_rss"] / 2**20, "store MB": r["disk"] / 2**20, "quads": r["quads"],
                       "vs jieba": chars / r["seconds"] / jieba}
                rows.append(row)
                print(f"build, {w} worker(s): {r['seconds']:.1f} s, {rate:.1f} reports/s "
                      f"(target {TARGET_RATE:.0f}), {row['chars/s']:,.0f} chars/s ({row['vs jieba']:.2f}x jieba on "
                      f"one core), {row['triples/s']:,.0f} triples/s, peak RSS {row['peak RSS MB']:,.0f} MB, "
                      f"store {row['store MB']:,.0f} MB, {r['quads']:,} quads")
                print(f"  memory: the peak came {r['peak_at']:.0f} s into the build; the main process alone "
                      f"peaked at {r['main_peak'] / 2**20:,.0f} MB")
                if r["index_s"] is not None:
                    print(f"  of which the sentence index, after the graph: {r['index_s']:.1f} s")
                if r["summary_s"] is not None:
                    print(f"  of which the summary store, after the index: {r['summary_s']:.1f} s")
                per = 1000 / r["reports"]
                print(f"  CPU: {r['cpu_total'] * per:.0f} ms per report in all, of which the main process "
                      f"(ingestion, writing, Oxigraph's bulk loader and its threads) "
                      f"{r['cpu_main'] * per:.0f} ms and the workers {(r['cpu_total'] - r['cpu_main']) * per:.0f} ms; "
                      f"{r['cpu_total'] / r['seconds']:.2f} cores busy on average")
                if last is not None:
                    shutil.rmtree(last, ignore_errors=True)  # keep one store per size on disk
                last = store
            print(f"quality against the corpus truth: {quality(last, corpus)}")
            print(f"named queries on the {n:,}-report graph ({args.repeat} runs after a warm-up):")
            query_latency(last, codes, args.repeat, args.rdflib_max_quads)
        print("\n| reports | workers | build s | reports/s | chars/s | triples/s | peak RSS MB | store MB | "
              "vs jieba (1 core) |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['reports']:,} | {r['workers']} | {r['seconds']:,.0f} | {r['reports/s']:.1f} | "
                  f"{r['chars/s']:,.0f} | {r['triples/s']:,.0f} | {r['peak RSS MB']:,.0f} | {r['store MB']:,.0f} | "
                  f"{r['vs jieba']:.2f}x |")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
