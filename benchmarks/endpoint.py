"""Endpoint throughput: N concurrent HTTP clients for a bounded time against `fzgraph serve` on
loopback, next to the same named queries run in-process with GraphStore.query (the baseline).

    python benchmarks/endpoint.py [--seconds 3] [--clients 1 4 16] [--clone 20] [--workers 2]

Builds the seeds into a temporary store; with --clone N also a larger store in which every report
graph is copied N times under other jurisdiction codes (IRIs rewritten, so the copies are distinct
facts). Prints requests/s and p50/p95 latency per target and client count.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import ROOT

WORKLOAD = [  # (named query, parameters): the page's typical questions
    ("adopters-of-practice", {"practice": "告知承诺制"}),
    ("practices-of-jurisdiction", {"jurisdiction": "昌乐县"}),
    ("reports", {}),
    ("evidence", {"fact": "https://w3id.org/fzgraph/adoption/370725/first-violation-no-penalty/2020/implemented"}),
]


def build_stores(tmp: Path, clone: int) -> dict[str, Path]:
    import pyoxigraph as ox

    from fzgraph.graph.build import build
    from fzgraph.graph.store import GraphStore
    from fzgraph.jurisdictions import load_table

    seeds = tmp / "seeds"
    with GraphStore.open(seeds) as store:
        build([ROOT / "seeds"], store)
    stores = {"seeds": seeds}
    if clone:
        big = tmp / f"seeds-x{clone + 1}"
        shutil.copytree(seeds, big)
        with GraphStore.open(big) as store:
            reports = store.report_graphs()
            codes = [u.code for u in load_table().units.values() if u.code.isdigit()][: clone * len(reports) * 3]
            used = {str(r).split("/")[-2] for r in reports}
            fresh = (c for c in codes if c not in used)
            for report in reports:
                code = str(report).split("/")[-2]
                text = ox.serialize(store.store.quads_for_pattern(None, None, None, ox.NamedNode(str(report))),
                                    format=ox.RdfFormat.N_QUADS).decode("utf-8")
                for _ in range(clone):
                    new = next(fresh)
                    copy = text.replace(f"/{code}/", f"/{new}/").replace(f"/{code}>", f"/{new}>")
                    store.store.bulk_load(copy.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            store.store.optimize()
        stores[big.name] = big
    return stores


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def drive(call, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """Run ``call(i)`` from ``clients`` threads for ``seconds``; (requests, latencies, errors)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(worker: int):
        state: dict = {}
        i = worker
        mine, bad = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            ok = call(i, state)
            mine.append(time.perf_counter() - started)
            bad += not ok
            i += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), latencies, errors[0]


def http_call(port: int):
    paths = [f"/queries/{name}?{urllib.parse.urlencode(params)}" for name, params in WORKLOAD]

    def call(i: int, state: dict) -> bool:
        conn = state.get("conn") or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        state["conn"] = conn
        conn.request("GET", paths[i % len(paths)], headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
        return response.status == 200
    return call


def store_call(path: Path):
    from fzgraph.graph.queries import bind_params, get_query
    from fzgraph.graph.store import GraphStore

    store = GraphStore.open(path, read_only=True)
    jobs = [(get_query(n).sparql, bind_params(get_query(n), p)) for n, p in WORKLOAD]

    def call(i: int, state: dict) -> bool:
        text, bindings = jobs[i % len(jobs)]
        return isinstance(store.query(text, bindings), tuple)
    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--clone", type=int, default=20, help="copies of each report graph for the larger store")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from endpoint_server import running_server

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        stores = build_stores(Path(tmp), args.clone)
        print(f"stores built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        print(f"{'store':<12} {'quads':>8} {'target':<22} {'clients':>7} {'requests':>8} {'req/s':>8} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
        for name, path in stores.items():
            import pyoxigraph as ox

            quads = len(ox.Store.read_only(str(path)))
            store_call(path)(0, {})  # warm up the tables the parameters resolve against
            with running_server(path, "--workers", str(args.workers), "--timeout", "60") as base:
                port = int(base.rsplit(":", 1)[1])
                for target, call in (("in-process (threads)", store_call(path)),
                                     (f"HTTP, {args.workers} workers", http_call(port))):
                    for clients in args.clients:
                        drive(call, clients, 0.3)  # warm-up
                        count, latencies, errors = drive(call, clients, args.seconds)
                        print(f"{name:<12} {quads:>8} {target:<22} {clients:>7} {count:>8} "
                              f"{count / args.seconds:>8.1f} {statistics.median(latencies) * 1000:>7.1f} "
                              f"{percentile(latencies, 95) * 1000:>7.1f} {errors:>6}", flush=True)


if __name__ == "__main__":
    main()
