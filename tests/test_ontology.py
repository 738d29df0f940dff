"""The ontology, taxonomy, metrics and shapes: parsed by rdflib and by two
independent parsers, internally consistent, and reusing only real W3C terms."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, XSD

from fzgraph.errors import PatternError
from fzgraph.schemes import load_scheme, metrics, practices

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
TTL_FILES = ["fzgraph.ttl", "practices.ttl", "metrics.ttl", "shapes.ttl"]
PRACTICE_NS = "https://w3id.org/fzgraph/practice/"
# rdflib's bundled term lists are the local copy of each vocabulary.
W3C = [SKOS, DCTERMS, PROV, ORG, QB, RDFS, OWL, SH, XSD, RDF]


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed (make system-deps installs it)"
    return path


@pytest.mark.parametrize("name", TTL_FILES)
def test_ontology_file_parses_with_rdflib(name):
    assert len(Graph().parse(ONTOLOGY / name, format="turtle")) > 50


@pytest.mark.parametrize("name", TTL_FILES)
def test_ontology_file_parses_with_serdi_and_rapper_same_count(name):
    path = ONTOLOGY / name
    serdi = subprocess.run([_tool("serdi"), "-i", "turtle", "-o", "ntriples", str(path)],
                           capture_output=True, text=True)
    assert serdi.returncode == 0, serdi.stderr
    rapper = subprocess.run([_tool("rapper"), "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert rapper.returncode == 0, rapper.stderr
    counted = int(re.search(r"returned (\d+) triples", rapper.stderr).group(1))
    rdflib_count = len(Graph().parse(path, format="turtle"))
    serdi_count = len([line for line in serdi.stdout.splitlines() if line.strip()])
    assert serdi_count == counted == rdflib_count


def _external_terms(graph: Graph):
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                yield term


@pytest.mark.parametrize("name", TTL_FILES)
def test_ontology_reused_terms_exist_in_their_vocabularies(name):
    graph = Graph().parse(ONTOLOGY / name, format="turtle")
    unknown = set()
    for term in _external_terms(graph):
        for ns in W3C:
            base = str(ns._NS)
            if str(term).startswith(base):
                local = str(term)[len(base):]
                if local not in ns.__annotations__ and local not in getattr(ns, "_extras", ()):
                    unknown.add(str(term))
    assert not unknown, f"terms not in their vocabulary: {sorted(unknown)}"


def test_ontology_every_class_and_property_labelled_and_defined():
    graph = Graph().parse(ONTOLOGY / "fzgraph.ttl", format="turtle")
    fz = "https://w3id.org/fzgraph/ontology#"
    kinds = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
    terms = {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(fz)}
    assert len(terms) > 40
    for term in terms:
        langs = {lit.language for lit in graph.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, f"{term} lacks a zh or en label"
        assert any(lit.language == "en" for lit in graph.objects(term, RDFS.comment)), f"{term} lacks a definition"


def test_taxonomy_size_labels_and_definitions():
    scheme = practices()
    tops = [c for c in scheme.concepts.values() if c.top]
    leaves = [c for c in scheme.concepts.values() if not c.top]
    assert len(tops) == 10
    assert len(leaves) >= 150
    for concept in scheme.concepts.values():
        assert concept.pref_zh and concept.pref_en, concept.slug
        assert concept.definition, concept.slug
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", concept.slug), concept.slug
        if not concept.top:
            assert scheme.area(concept.slug), f"{concept.slug} does not reach an area"


def test_taxonomy_nesting_examples():
    scheme = practices()
    by_label = {**scheme.labels, **scheme.strict_labels}
    three = by_label["行政执法三项制度"]
    for part in ("行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度"):
        assert three in scheme.ancestors(by_label[part]), part
    assert by_label["告知承诺制"] in scheme.ancestors(by_label["证明事项告知承诺制"])
    assert set(scheme.descendants(three)) >= {by_label["行政执法公示制度"]}


def test_metrics_have_unit_and_kind():
    scheme = metrics()
    assert len(scheme.concepts) >= 60
    for concept in scheme.concepts.values():
        assert concept.unit, concept.slug
        assert concept.kind in {"rate", "count", "money", "change", "rank", "duration"}, concept.slug


def _scheme_copy(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "practices.ttl"
    path.write_text((ONTOLOGY / "practices.ttl").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_taxonomy_shared_label_is_refused(tmp_path):
    label = practices().concepts[next(iter(practices().labels.values()))].pref_zh
    path = _scheme_copy(tmp_path, f"""
fzp:zz-clash a skos:Concept ; skos:inScheme fzp:scheme ; skos:broader fzp:area-leadership ;
    skos:prefLabel "冲突测试"@zh, "clash"@en ; skos:altLabel "{label}"@zh ; skos:definition "x"@en .
""")
    with pytest.raises(PatternError, match="belongs to both"):
        load_scheme(path, PRACTICE_NS)


def test_taxonomy_cycle_and_dangling_broader_are_refused(tmp_path):
    path = _scheme_copy(tmp_path, """
fzp:zz-a a skos:Concept ; skos:inScheme fzp:scheme ; skos:broader fzp:zz-b ;
    skos:prefLabel "甲测试"@zh, "a"@en ; skos:definition "x"@en .
fzp:zz-b a skos:Concept ; skos:inScheme fzp:scheme ; skos:broader fzp:zz-a, fzp:zz-missing ;
    skos:prefLabel "乙测试"@zh, "b"@en ; skos:definition "x"@en .
""")
    with pytest.raises(PatternError) as info:
        load_scheme(path, PRACTICE_NS)
    assert "cycle" in str(info.value) and "zz-missing is not a concept" in str(info.value)
