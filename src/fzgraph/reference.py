"""The reference named graphs every build carries beside the report graphs:
the ontology, the SHACL shapes' ontology companion, the practice taxonomy, the
metric vocabulary and the jurisdiction table (as RDF).

Each is a (graph IRI, triples) pair; the graph stage loads them into named
graphs of their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, RDFS, SKOS

from .datafiles import ontology_file
from .jurisdictions import JurisdictionTable, load_table
from .vocabulary import BASE, FZ, jurisdiction_iri

__all__ = ["GRAPHS", "graph_iri", "jurisdiction_triples", "jurisdiction_triples_for", "reference_graph", "skolemize",
           "LEVEL_CLASS"]

#: named graph -> the ontology file it is loaded from (None: generated)
GRAPHS = {
    "ontology": "fzgraph.ttl",
    "practices": "practices.ttl",
    "metrics": "metrics.ttl",
    "jurisdictions": None,
}
LEVEL_CLASS = {"province": (FZ.Province, FZ.ProvinceLevel), "prefecture": (FZ.Prefecture, FZ.PrefectureLevel),
               "county": (FZ.County, FZ.CountyLevel), "zone": (FZ.DevelopmentZone, FZ.DevelopmentZoneLevel)}


def graph_iri(name: str) -> URIRef:
    """IRI of a reference named graph, e.g. ``https://w3id.org/fzgraph/graph/practices``."""
    return URIRef(f"{BASE}graph/{name}")


def jurisdiction_triples(table: JurisdictionTable) -> Iterator[tuple]:
    """Triples describing every unit of the jurisdiction table."""
    return jurisdiction_triples_for(table, table.units)


def jurisdiction_triples_for(table: JurisdictionTable, codes) -> Iterator[tuple]:
    """Triples describing the units ``codes`` and their ancestors (unknown codes are skipped)."""
    wanted = set()
    for code in codes:
        if code in table:
            wanted.add(code)
            wanted.update(u.code for u in table.ancestors(code))
    for code in sorted(wanted):
        unit = table[code]
        iri = jurisdiction_iri(unit.code)
        cls, level = LEVEL_CLASS[unit.level]
        yield iri, RDF.type, cls
        yield iri, RDFS.label, Literal(unit.name, lang="zh")
        yield iri, FZ.adminCode, Literal(unit.code)
        yield iri, FZ.level, level
        for short in unit.short_names:
            yield iri, FZ.shortName, Literal(short)
        if unit.parent_code:
            yield iri, FZ.parentJurisdiction, jurisdiction_iri(unit.parent_code)
        if unit.level == "zone":
            yield iri, SKOS.note, Literal(f"development zone ({unit.kind})", lang="en")


def skolemize(graph: Graph) -> Graph:
    """``graph`` with its blank nodes replaced by well-known IRIs (RDF 1.1, 3.5)
    named after their canonical labels, so that the same file always gives the
    same IRIs: a store would otherwise mint fresh blank node ids on every load,
    and two builds of the same input would differ."""
    canonical = to_canonical_graph(graph)
    out = Graph()

    def term(t):
        return URIRef(f"{BASE}.well-known/genid/{t}") if isinstance(t, BNode) else t

    for s, p, o in canonical:
        out.add((term(s), p, term(o)))
    return out


def reference_graph(name: str, table: JurisdictionTable | None = None) -> Graph:
    """One reference graph as an rdflib Graph (blank nodes skolemized)."""
    graph = Graph()
    filename = GRAPHS[name]
    if filename:
        graph.parse(ontology_file(filename), format="turtle")
        return skolemize(graph)
    for triple in jurisdiction_triples(table or load_table()):
        graph.add(triple)
    return graph
