"""Where fzgraph's data files live: the ontology folder, found the same way
from a source checkout and from an installed wheel, or set by the
``FZGRAPH_ONTOLOGY`` environment variable (used to try an edited copy).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import PatternError

__all__ = ["ontology_dir", "ontology_file"]


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
