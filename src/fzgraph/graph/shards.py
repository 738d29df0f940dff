"""Build output as sharded N-Quads files, ready for a triple store's bulk loader
(``oxigraph load``, Fuseki's ``tdb2.xloader``, Virtuoso's ``ld_dir``, QLever's
index builder) when the graph is too large to write through a server.

``fzgraph build PATHS --nquads DIR`` writes ``DIR/part-00000.nq``,
``part-00001.nq`` ...: the reference graphs, then about ``per_shard``
reports per file, each report's graph and its build record together. A shard
is written under a temporary name and renamed when full, so every
``part-*.nq`` on disk is whole; an interrupted build leaves whole shards only
(start again into an empty folder: shards have no resume).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import StoreError
from ..vocabulary import PROVENANCE_GRAPH
from .terms import ntriples_in_graph

__all__ = ["NQuadsShards"]


class NQuadsShards:
    """A write-only build target: report graphs appended to numbered N-Quads files."""

    read_only = False

    def __init__(self, folder: Path | str, *, per_shard: int = 1000):
        self.path = Path(folder)
        if self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
            raise StoreError(f"{self.path} is not an empty folder; N-Quads shards are written into a new one",
                             path=str(self.path), cause="not-empty")
        self.path.mkdir(parents=True, exist_ok=True)
        self.per_shard = per_shard
        self.shards: list[Path] = []
        self.quads = 0
        self._file = None
        self._in_shard = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __len__(self) -> int:
        return self.quads

    def build_of(self, graph: URIRef) -> None:
        """Always None: every report is written (the folder starts empty)."""
        return None

    def _open(self):
        if self._file is None:
            name = f"part-{len(self.shards):05d}.nq"
            self._final = self.path / name
            self._file = (self.path / f".{name}.tmp").open("w", encoding="utf-8")
        return self._file

    def _seal(self) -> None:
        if self._file is not None:
            self._file.close()
            (self.path / f".{self._final.name}.tmp").rename(self._final)
            self.shards.append(self._final)
            self._file, self._in_shard = None, 0

    def replace_graph(self, iri: URIRef, graph: Graph | str, build: Graph) -> None:
        """Append graph ``iri`` and its build record to the current shard."""
        from .store import _nt

        data = ntriples_in_graph(graph if isinstance(graph, str) else _nt(graph), iri)
        data += ntriples_in_graph(_nt(build), PROVENANCE_GRAPH)
        self._open().write(data)
        self.quads += data.count("\n")
        self._in_shard += 1
        if self._in_shard >= self.per_shard:
            self._seal()

    def close(self) -> None:
        self._seal()
