"""SHACL validation of report graphs, with readable violations.

Each report graph is checked on its own, together with the reference triples
it points at (the jurisdictions it names), against ``ontology/shapes.ttl``
with the superclass types the ontology implies added to the data (so a
``fz:County`` counts as a ``fz:Jurisdiction``).

pyshacl parses a SPARQL-based constraint again for every focus node, which
costs seconds per report. So the core shapes go to pyshacl and each
``sh:sparql`` constraint is run here once over the whole graph, its rows
kept for the focus nodes its shape targets: the same results, one parse
(on an in-memory Oxigraph copy, which runs them in a few milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from ..datafiles import ontology_file
from ..jurisdictions import JurisdictionTable
from ..reference import jurisdiction_triples_for
from ..vocabulary import FZJ, bind_prefixes
from .results import short_iri

__all__ = ["Violation", "validate_graph", "shapes_graph", "ontology_graph"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the property, the value, the message."""

    graph: str
    focus: str
    path: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.graph}: {self.focus}{where}: {self.message}{value}"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


@dataclass(frozen=True)
class _SparqlConstraint:
    target: URIRef
    select: str
    message: str
    prefixes: dict


@lru_cache(maxsize=1)
def _split_shapes() -> tuple[Graph, tuple[_SparqlConstraint, ...]]:
    """The shapes without their sh:sparql constraints, and those constraints."""
    shapes = shapes_graph()
    core = Graph()
    for triple in shapes:
        core.add(triple)
    constraints = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        prefixes = {}
        for decl_owner in shapes.objects(constraint, SH.prefixes):
            for decl in shapes.objects(decl_owner, SH.declare):
                prefixes[str(shapes.value(decl, SH.prefix))] = str(shapes.value(decl, SH.namespace))
        for target in shapes.objects(shape, SH.targetClass):
            constraints.append(_SparqlConstraint(target, str(shapes.value(constraint, SH.select)),
                                                 str(shapes.value(constraint, SH.message)), prefixes))
        core.remove((shape, SH.sparql, constraint))
        for triple in list(shapes.triples((constraint, None, None))):
            core.remove(triple)
    return core, tuple(constraints)


def _instances(data: Graph, cls: URIRef) -> set:
    return set(data.subjects(RDF.type, cls))  # the data carries every superclass type (see _superclasses)


def _sparql_violations(data: Graph, label: str) -> list[Violation]:
    """Rows of each sh:sparql constraint for the focus nodes its shape targets, with the
    queries run by Oxigraph on an in-memory copy (rdflib's engine took most of the time)."""
    import pyoxigraph as ox

    from .terms import from_ox, to_ox

    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data)
    out = []
    for c in _split_shapes()[1]:
        focus_nodes = _instances(data, c.target)
        if not focus_nodes:
            continue
        for row in store.query(c.select.replace("$this", "?this"), prefixes=c.prefixes):
            this = from_ox(row["this"])
            if this not in focus_nodes:
                continue
            value = from_ox(row["value"]) if "value" in [v.value for v in row.variables] else None
            message = c.message.replace("{?value}", _short(value) if value is not None else "")
            out.append(Violation(label, _short(this), None, _short(value) if value is not None else None, message))
    return out


@lru_cache(maxsize=1)
def _superclasses() -> dict[URIRef, frozenset]:
    """Class -> its superclasses in the ontology (transitively, itself excluded)."""
    ontology = ontology_graph()
    classes = set(ontology.subjects(RDFS.subClassOf, None))
    return {c: frozenset(ontology.transitive_objects(c, RDFS.subClassOf)) - {c} for c in classes}


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ontology_file("fzgraph.ttl"), format="turtle")


def _short(term) -> str:
    return short_iri(str(term)) if isinstance(term, URIRef) else str(term)


def validate_graph(graph, table: JurisdictionTable, name: str | None = None) -> list[Violation]:
    """Violations of the shapes in ``graph`` (an rdflib Graph or any collection of
    triples with an ``identifier``; empty when it conforms)."""
    import pyshacl

    data = Graph()
    bind_prefixes(data)
    objects = set()
    for triple in graph:
        data.add(triple)
        objects.add(triple[2])
    codes = {str(o)[len(str(FZJ)):] for o in objects if isinstance(o, URIRef) and str(o).startswith(str(FZJ))}
    for triple in jurisdiction_triples_for(table, codes):
        data.add(triple)
    # what pyshacl's ontology mix-in would add (fz:County is a fz:Jurisdiction), without its copy of the data
    superclasses = _superclasses()
    for node, cls in list(data.subject_objects(RDF.type)):
        for parent in superclasses.get(cls, ()):
            data.add((node, RDF.type, parent))
    label = name or str(graph.identifier)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=_split_shapes()[0], inference="none", inplace=True)
    out = _sparql_violations(data, label)
    if conforms:
        return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        out.append(Violation(label, _short(results.value(result, SH.focusNode)),
                             _short(path) if path is not None else None,
                             _short(value) if value is not None else None,
                             str(results.value(result, SH.resultMessage))))
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))
