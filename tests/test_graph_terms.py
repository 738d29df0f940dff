"""Writing a report's triples as N-Triples and N-Quads, and moving between the two."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from fzgraph.graph.mapping import ReportTriples
from fzgraph.graph.terms import ntriples_in_graph, triples_in_graph

G = URIRef("https://w3id.org/fzgraph/report/370725/2020")
S, P = URIRef("https://w3id.org/fzgraph/mention/1"), URIRef("https://w3id.org/fzgraph/ontology#sentence")


def triples() -> ReportTriples:
    t = ReportTriples(G)
    # separators str.splitlines would break a line at, a quote, a backslash, a newline
    t.add((S, P, Literal("第一句\u2028第二句\x85第三\x0c句\x1c“引号”\"\\\n换行", lang="zh")))
    t.add((S, P, Literal("2020", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    t.add((S, URIRef("https://w3id.org/fzgraph/ontology#mentions"), URIRef("https://w3id.org/fzgraph/o")))
    return t


def test_nquads_are_the_ntriples_in_the_report_graph():
    t = triples()
    assert t.nquads() == ntriples_in_graph(t.ntriples(), G)
    assert triples_in_graph(t.nquads(), G) == t.ntriples()
    store = ox.Store()
    store.load(t.nquads().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == 3 and {q.graph_name.value for q in store} == {str(G)}
    # an independent parser reads the same three triples
    assert set(Graph().parse(data=t.ntriples(), format="nt")) == set(t)


def test_quads_of_another_graph_are_refused():
    with pytest.raises(ValueError, match="not N-Quads in graph"):
        triples_in_graph(triples().nquads(), URIRef("https://w3id.org/fzgraph/report/370725/2021"))
