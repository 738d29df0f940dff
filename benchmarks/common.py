"""What every benchmark script shares: its command line (corpus paths,
repeats) and the default corpus, the seeds."""

from __future__ import annotations

import argparse
from pathlib import Path

from fzgraph.ingest import collect_files

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["ROOT", "corpus_arguments"]


def corpus_arguments(doc: str, repeat: int = 20) -> tuple[list[Path], int]:
    """Parse ``[PATH ...] [--repeat N]``; return the files and the repeat count."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    return collect_files(args.paths), args.repeat
