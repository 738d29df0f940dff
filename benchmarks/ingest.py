"""Benchmark ingestion: seconds per report and characters per second on the
seeds (or any folder), against a baseline of only reading and decoding the same
files in the same process.

    python benchmarks/ingest.py [PATH ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fzgraph.ingest import collect_files, ingest_file
from fzgraph.jurisdictions import load_table

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = collect_files(args.paths)
    t0 = time.perf_counter()
    table = load_table()
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for f in files:
            f.read_bytes().decode("utf-8", "replace")
    baseline = (time.perf_counter() - t0) / (args.repeat * len(files))

    t0 = time.perf_counter()
    chars = 0
    for _ in range(args.repeat):
        for f in files:
            chars += len(ingest_file(f, table=table).text)
    per_report = (time.perf_counter() - t0) / (args.repeat * len(files))
    print(f"reports: {len(files)}  repeats: {args.repeat}")
    print(f"jurisdiction table load (once): {load_s * 1000:.1f} ms")
    print(f"ingest: {per_report * 1000:.2f} ms/report, {chars / (per_report * args.repeat * len(files)):,.0f} chars/s")
    print(f"baseline read+decode: {baseline * 1000:.3f} ms/report; ratio ingest/baseline: {per_report / baseline:.0f}x")


if __name__ == "__main__":
    main()
