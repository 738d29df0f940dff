"""Benchmark ingestion: seconds per report and characters per second on the
seeds (or any folder), against a baseline of only reading and decoding the same
files in the same process.

    python benchmarks/ingest.py [PATH ...] [--repeat N]
"""

from __future__ import annotations

import time

from common import corpus_arguments

from fzgraph.ingest import ingest_file
from fzgraph.jurisdictions import load_table


def main() -> None:
    files, repeat = corpus_arguments(__doc__)
    t0 = time.perf_counter()
    table = load_table()
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in range(repeat):
        for f in files:
            f.read_bytes().decode("utf-8", "replace")
    baseline = (time.perf_counter() - t0) / (repeat * len(files))

    t0 = time.perf_counter()
    chars = 0
    for _ in range(repeat):
        for f in files:
            chars += len(ingest_file(f, table=table).text)
    per_report = (time.perf_counter() - t0) / (repeat * len(files))
    print(f"reports: {len(files)}  repeats: {repeat}")
    print(f"jurisdiction table load (once): {load_s * 1000:.1f} ms")
    print(f"ingest: {per_report * 1000:.2f} ms/report, {chars / (per_report * repeat * len(files)):,.0f} chars/s")
    print(f"baseline read+decode: {baseline * 1000:.3f} ms/report; ratio ingest/baseline: {per_report / baseline:.0f}x")


if __name__ == "__main__":
    main()
