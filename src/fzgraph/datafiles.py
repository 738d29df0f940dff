"""Where fzgraph's data files live: the ontology folder, found the same way
from a source checkout and from an installed wheel, or set by the
``FZGRAPH_ONTOLOGY`` environment variable (used to try an edited copy).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from .errors import FzgraphError, PatternError

__all__ = ["ontology_dir", "ontology_file", "read_tsv"]


def ontology_dir() -> Path:
    """The folder holding fzgraph.ttl, practices.ttl, metrics.ttl and the tables."""
    override = os.environ.get("FZGRAPH_ONTOLOGY")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology", here.parents[1] / "ontology"):
        if candidate.is_dir():
            return candidate
    raise PatternError("ontology folder not found; set FZGRAPH_ONTOLOGY to its path")


def ontology_file(name: str) -> Path:
    """A file in the ontology folder; a clear error when it is missing."""
    path = ontology_dir() / name
    if not path.is_file():
        raise PatternError(f"data file missing: {path}", path=str(path), cause="missing")
    return path


def read_tsv(path: Path, required: tuple[str, ...], *, error: type[FzgraphError] = PatternError,
             cause: str = "bad table") -> list[dict[str, str]]:
    """The rows of a tab-separated table with a header line, skipping blank lines and
    ``#`` comments; ``error`` (naming the file) when it cannot be read or lacks a
    ``required`` column."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if line.strip() and not line.startswith("#")]
    except OSError as e:
        raise error(f"cannot read the table: {e.strerror or e}", path=str(path), cause=cause) from e
    reader = csv.DictReader(lines, delimiter="\t")
    missing = [c for c in required if c not in (reader.fieldnames or ())]
    if missing:
        raise error(f"missing columns {missing}; found {list(reader.fieldnames or ())}", path=str(path),
                    cause=cause)
    return list(reader)
