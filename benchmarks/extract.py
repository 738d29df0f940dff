"""Benchmark extraction: characters per second of the full pipeline on a
corpus (default: the seeds), against ``jieba.lcut`` on the same text in the
same process as the baseline (what a keyword-counting pipeline spends only to
segment). One core.

Rounds alternate: the pipeline over the whole corpus, then jieba over the
same corpus, so both see the same machine state; each figure is the best
round, and the ratio is also given as the median of the per-round ratios.

    python benchmarks/extract.py [PATH ...] [--repeat N]
"""

from __future__ import annotations

import statistics
import time

from common import corpus_arguments

from fzgraph.ingest import ingest_file
from fzgraph.nlp import build_pipeline, extract


def _timed(fn, docs) -> float:
    t0 = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - t0


def main() -> None:
    files, repeat = corpus_arguments(__doc__, repeat=7)
    docs = [ingest_file(f) for f in files]
    chars = sum(len(d.text) for d in docs)

    t0 = time.perf_counter()
    nlp = build_pipeline()
    setup = time.perf_counter() - t0
    import jieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")  # loads the dictionary outside the timing
    extract(docs[0], nlp)  # warm up
    facts = sum(len(x.practices) + len(x.indicators) + len(x.policies) + len(x.institutions)
                for x in (extract(d, nlp) for d in docs))

    ours, base = [], []
    for _ in range(repeat):
        ours.append(_timed(lambda d: extract(d, nlp), docs))
        base.append(_timed(lambda d: jieba.lcut(d.text), docs))
    ratios = [b / o for o, b in zip(ours, base, strict=True)]
    print(f"corpus: {len(docs)} reports, {chars:,} characters; {repeat} rounds")
    print(f"pipeline setup: {setup:.2f} s (once)")
    print(f"fzgraph extraction: {chars / min(ours):,.0f} chars/s best round ({facts:,} facts per round)")
    print(f"baseline jieba.lcut: {chars / min(base):,.0f} chars/s best round")
    print(f"ratio extraction/jieba speed: {min(base) / min(ours):.2f}x best rounds, "
          f"{statistics.median(ratios):.2f}x median of rounds (>= 1 means faster than segmenting alone)")


if __name__ == "__main__":
    main()
