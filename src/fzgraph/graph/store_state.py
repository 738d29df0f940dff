"""A token in the store folder that changes before every write through fzgraph, and the
build records that side files compare when it has changed.

Side files that follow the store (the sentence index) would otherwise have to
compare every graph's build record with their own before each use: 0.3 s on a
store of 20,000 reports. With the token they compare one string, and only when
it differs do they compare build records.

The token is renewed *before* the write, so a write cut off half-way leaves a
token that no side file has seen: the next use compares build records, as it
would without a token. A store written by other means (another program, an
rdflib ``Dataset`` over the same store) does not renew it; the sentence index
documents how to reset itself after such writes.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import PROV

from ..vocabulary import PROVENANCE_GRAPH

__all__ = ["STATE_FILE", "build_records", "current_state", "renew_state"]

_GENERATED_BY = ox.NamedNode(str(PROV.wasGeneratedBy))
_PROVENANCE = ox.NamedNode(str(PROVENANCE_GRAPH))

#: the token's file inside the store folder
STATE_FILE = "store-state"


def renew_state(folder: Path | str | None) -> None:
    """Give the store in ``folder`` a new token (atomically: a reader sees the old one or the new one)."""
    if folder is None:
        return
    path = Path(folder) / STATE_FILE
    spare = path.with_name(f".{STATE_FILE}.{os.getpid()}")
    spare.write_text(uuid.uuid4().hex, encoding="ascii")
    os.replace(spare, path)


def current_state(folder: Path | str | None) -> str | None:
    """The store's token, or None when it has none (a store never written by fzgraph since tokens began)."""
    if folder is None:
        return None
    try:
        return (Path(folder) / STATE_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def build_records(store: ox.Store) -> dict[str, str]:
    """Graph IRI -> the IRI of the ``fz:Build`` that wrote it, from the provenance graph."""
    return {q.subject.value: q.object.value for q in store.quads_for_pattern(None, _GENERATED_BY, None, _PROVENANCE)}
