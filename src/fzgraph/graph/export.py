"""``fzgraph export``: the store as files other tools load.

RDF: Turtle, N-Triples, RDF/XML and JSON-LD hold the union of the fact and
reference graphs; TriG and N-Quads keep every named graph, provenance
included. Every RDF file is written in sorted order, so the same store gives
the same bytes. Tables: the adoption table in long form and in the wide form
diffusion tools expect (jurisdiction x practice -> first year), the indicator
values, and a GraphML network for Gephi. Each file is written to a temporary
name and renamed, so a failed export never leaves a half-written file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..reference import GRAPHS, graph_iri
from ..vocabulary import FZ, FZJ, PREFIXES, PROVENANCE_GRAPH
from .queries import get_query
from .store import GraphStore

__all__ = ["EXPORTS", "export", "ADOPTING_STATUSES"]

#: statuses that count as having adopted a practice (first year, wide table)
ADOPTING_STATUSES = ("implemented", "piloted", "first_in_region", "recognised_model")


def _atomic(path: Path, write: Callable[[object], None], binary: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            write(f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_JURISDICTIONS = ox.NamedNode(str(graph_iri("jurisdictions")))
_PARENT = ox.NamedNode(str(FZ.parentJurisdiction))


def _named_jurisdictions(store: GraphStore) -> set:
    """Jurisdictions the facts name, with their ancestors."""
    named = {q.object for q in store.quads(exclude=(PROVENANCE_GRAPH, *map(graph_iri, GRAPHS)))
             if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(str(FZJ))}
    parents = {q.subject: q.object for q in store.quads_of(_JURISDICTIONS) if q.predicate == _PARENT}
    queue = list(named)
    while queue:
        parent = parents.get(queue.pop())
        if parent is not None and parent not in named:
            named.add(parent)
            queue.append(parent)
    return named


def _quads(store: GraphStore, provenance: bool, all_jurisdictions: bool):
    keep = None if all_jurisdictions else _named_jurisdictions(store)
    for quad in store.quads(exclude=() if provenance else (PROVENANCE_GRAPH,)):
        if keep is None or quad.graph_name != _JURISDICTIONS or quad.subject in keep:
            yield quad


def _rdf(fmt: ox.RdfFormat, dataset: bool):
    def write(store: GraphStore, path: Path, all_jurisdictions: bool = False) -> int:
        quads = _quads(store, provenance=dataset, all_jurisdictions=all_jurisdictions)
        if dataset:
            items = sorted(quads, key=str)
        else:
            items = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
        _atomic(path, lambda f: ox.serialize(items, f, fmt, prefixes=prefixes))
        return len(items)
    return write


def _select(store: GraphStore, name: str) -> tuple[list[str], list[tuple]]:
    return store.query(get_query(name).sparql)


def _text(term) -> str:
    return "" if term is None else str(term)


def _adoption_rows(store: GraphStore) -> list[dict]:
    names, rows = _select(store, "adoption-table")
    records = [dict(zip(names, map(_text, row), strict=True)) for row in rows]
    first: dict[tuple[str, str], str] = {}
    for r in records:
        if r["status"] in ADOPTING_STATUSES:
            key = (r["code"], r["slug"])
            first[key] = min(first.get(key, r["year"]), r["year"])
    for r in records:
        r["first_year"] = first.get((r["code"], r["slug"]), "")
    return records


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> int:
    def write(f):
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    _atomic(path, write, binary=False)
    return len(rows)


def _adoptions_long(store: GraphStore, path: Path, all_jurisdictions: bool = False) -> int:
    header = ["jurisdiction_code", "jurisdiction_name", "province", "practice_slug", "practice_label",
              "first_year", "year", "status", "evidence_count", "report"]
    keys = ["code", "name", "province", "slug", "label", "first_year", "year", "status", "evidence", "report"]
    return _write_csv(path, header, [[r[k] for k in keys] for r in _adoption_rows(store)])


def _adoptions_wide(store: GraphStore, path: Path, all_jurisdictions: bool = False) -> int:
    records = [r for r in _adoption_rows(store) if r["status"] in ADOPTING_STATUSES]
    slugs = sorted({r["slug"] for r in records})
    places = {}
    for r in records:
        places[r["code"]] = (r["name"], r["province"])
    header = ["jurisdiction_code", "jurisdiction_name", "province", *slugs]
    rows = []
    for code in sorted(places):
        years = {r["slug"]: r["first_year"] for r in records if r["code"] == code}
        rows.append([code, *places[code], *(years.get(s, "") for s in slugs)])
    return _write_csv(path, header, rows)


def _indicators(store: GraphStore, path: Path, all_jurisdictions: bool = False) -> int:
    names, rows = _select(store, "indicator-values")
    header = ["jurisdiction_code", "jurisdiction_name", "year", "metric_slug", "metric_label", "value", "unit",
              "unit_missing", "qualifier", "direction", "surface", "sentence", "report", "start_offset"]
    keys = ["code", "name", "year", "slug", "metricLabel", "value", "unit", "unitMissing", "qualifier", "direction",
            "surface", "sentence", "report", "start"]
    records = [dict(zip(names, map(_text, row), strict=True)) for row in rows]
    return _write_csv(path, header, [[r[k] for k in keys] for r in records])


def _graphml(store: GraphStore, path: Path, all_jurisdictions: bool = False) -> int:
    import networkx as nx

    graph = nx.DiGraph()
    edges = defaultdict(lambda: {"statuses": set(), "evidence": 0, "first_year": None})
    for r in _adoption_rows(store):
        j, p = f"jurisdiction/{r['code']}", f"practice/{r['slug']}"
        graph.add_node(j, kind="jurisdiction", label=r["name"], code=r["code"], province=r["province"])
        graph.add_node(p, kind="practice", label=r["label"], slug=r["slug"])
        edge = edges[(j, p)]
        edge["statuses"].add(r["status"])
        edge["evidence"] += int(r["evidence"] or 0)
        if r["first_year"]:
            edge["first_year"] = int(r["first_year"])
    for (j, p), e in sorted(edges.items()):
        attrs = {"kind": "reports", "statuses": ",".join(sorted(e["statuses"])), "evidence": e["evidence"]}
        if e["first_year"] is not None:
            attrs["first_year"] = e["first_year"]
        graph.add_edge(j, p, **attrs)
    _atomic(path, lambda f: nx.write_graphml(graph, f, encoding="utf-8"))
    return graph.number_of_edges()


#: format name -> (file name, writer(store, path) -> count of items written)
EXPORTS: dict[str, tuple[str, Callable[..., int]]] = {
    "turtle": ("fzgraph.ttl", _rdf(ox.RdfFormat.TURTLE, dataset=False)),
    "ntriples": ("fzgraph.nt", _rdf(ox.RdfFormat.N_TRIPLES, dataset=False)),
    "trig": ("fzgraph.trig", _rdf(ox.RdfFormat.TRIG, dataset=True)),
    "nquads": ("fzgraph.nq", _rdf(ox.RdfFormat.N_QUADS, dataset=True)),
    "jsonld": ("fzgraph.jsonld", _rdf(ox.RdfFormat.JSON_LD, dataset=False)),
    "rdfxml": ("fzgraph.rdf", _rdf(ox.RdfFormat.RDF_XML, dataset=False)),
    "adoptions-long": ("adoptions-long.csv", _adoptions_long),
    "adoptions-wide": ("adoptions-wide.csv", _adoptions_wide),
    "indicators": ("indicators.csv", _indicators),
    "graphml": ("adoptions.graphml", _graphml),
}


def export(store: GraphStore, out_dir: Path, formats: list[str] | None = None, *, all_jurisdictions: bool = False,
           progress: Callable[[str], None] | None = None) -> list[tuple[Path, int]]:
    """Write the chosen exports (default: all) into ``out_dir``; returns (file, item count) pairs.

    The jurisdiction graph is cut down to the units the facts name and their
    ancestors unless ``all_jurisdictions`` (the full table is ontology/jurisdictions.tsv)."""
    chosen = formats or list(EXPORTS)
    unknown = [f for f in chosen if f not in EXPORTS]
    if unknown:
        raise StoreError(f"unknown export format(s) {', '.join(unknown)}; choose from {', '.join(EXPORTS)}",
                         cause="format")
    written = []
    for fmt in chosen:
        filename, writer = EXPORTS[fmt]
        if progress:
            progress(filename)
        path = Path(out_dir) / filename
        written.append((path, writer(store, path, all_jurisdictions)))
    return written
