"""Benchmark extraction: characters per second of the full pipeline on a
corpus (default: the seeds, repeated), against ``jieba.lcut`` on the same text
in the same process as the baseline (what a keyword-counting pipeline spends
only to segment). One core.

    python benchmarks/extract.py [PATH ...] [--repeat N]
"""

from __future__ import annotations

import time

from common import corpus_arguments

from fzgraph.ingest import ingest_file
from fzgraph.nlp import build_pipeline, extract


def main() -> None:
    files, repeat = corpus_arguments(__doc__)
    docs = [ingest_file(f) for f in files]
    chars = sum(len(d.text) for d in docs) * repeat

    t0 = time.perf_counter()
    nlp = build_pipeline()
    setup = time.perf_counter() - t0
    extract(docs[0], nlp)  # warm up
    t0 = time.perf_counter()
    facts = 0
    for _ in range(repeat):
        for d in docs:
            x = extract(d, nlp)
            facts += len(x.practices) + len(x.indicators) + len(x.policies) + len(x.institutions)
    ours = time.perf_counter() - t0

    import jieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")  # loads the dictionary outside the timing
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            jieba.lcut(d.text)
    base = time.perf_counter() - t0
    print(f"corpus: {len(docs)} reports x {repeat} = {chars:,} characters")
    print(f"pipeline setup: {setup:.2f} s (once)")
    print(f"fzgraph extraction: {chars / ours:,.0f} chars/s ({facts:,} facts)")
    print(f"baseline jieba.lcut: {chars / base:,.0f} chars/s")
    print(f"ratio extraction/jieba speed: {base / ours:.2f}x (>= 1 means faster than segmenting alone)")


if __name__ == "__main__":
    main()
