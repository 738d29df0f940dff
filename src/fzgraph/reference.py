"""The reference named graphs every build carries beside the report graphs:
the ontology, the SHACL shapes' ontology companion, the practice taxonomy, the
metric vocabulary and the jurisdiction table (as RDF).

Each is a (graph IRI, triples) pair; the graph stage loads them into named
graphs of their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .datafiles import ontology_file
from .jurisdictions import JurisdictionTable, load_table
from .vocabulary import BASE, FZ, jurisdiction_iri

__all__ = ["GRAPHS", "graph_iri", "jurisdiction_triples", "jurisdiction_triples_for", "reference_graph", "LEVEL_CLASS"]

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


def reference_graph(name: str, table: JurisdictionTable | None = None) -> Graph:
    """One reference graph as an rdflib Graph."""
    graph = Graph()
    filename = GRAPHS[name]
    if filename:
        graph.parse(ontology_file(filename), format="turtle")
    else:
        for triple in jurisdiction_triples(table or load_table()):
            graph.add(triple)
    return graph
