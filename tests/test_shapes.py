"""SHACL shapes: the hand-written valid graph passes, each broken copy fails
with the message its first line expects, and the jurisdiction table conforms."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from fzgraph.jurisdictions import JurisdictionTable, load_table
from fzgraph.reference import jurisdiction_triples

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "shacl"
BROKEN = sorted((DATA / "broken").glob("*.ttl"))


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ROOT / "ontology" / "fzgraph.ttl")


def _validate(data: Graph, shapes: Graph, ontology: Graph):
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return conforms, text


def test_shapes_valid_graph_conforms(shapes, ontology):
    conforms, text = _validate(Graph().parse(DATA / "valid.ttl"), shapes, ontology)
    assert conforms, text


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_shapes_broken_graph_fails_with_expected_message(path, shapes, ontology):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    expected = first.removeprefix("# expect: ").strip()
    conforms, text = _validate(Graph().parse(path), shapes, ontology)
    assert not conforms
    assert expected in text


def test_shapes_cover_every_kind_of_fact():
    stems = {p.stem.split("-")[0] for p in BROKEN}
    assert {"adoption", "mention", "observation", "county", "jurisdiction", "report", "policy",
            "institution"} <= stems


def test_shapes_jurisdiction_sample_conforms(shapes, ontology, table):
    # the seeds' places with their parents, and every development zone of 山东
    codes = {"370725", "370700", "370000", "210212", "210200", "210000", "440704", "440700", "440000",
             "330603", "330600", "330000"}
    codes |= {c for c, u in table.units.items() if u.level == "zone" and u.parent_code in {"371000", "370700"}}
    codes |= {"371000"}
    sample = JurisdictionTable([table[c] for c in sorted(codes)])
    graph = Graph()
    for triple in jurisdiction_triples(sample):
        graph.add(triple)
    conforms, text = _validate(graph, shapes, ontology)
    assert conforms, text


def test_shapes_whole_table_has_parents_and_codes():
    # the checks the shapes make, applied to all ~3,700 units without pyshacl's cost
    import re

    table = load_table()
    for unit in table.units.values():
        assert re.fullmatch(r"[0-9]{6}|dz-[a-z0-9]+(-[a-z0-9]+)*", unit.code), unit.code
        if unit.level != "province":
            assert unit.parent_code in table, f"{unit.code} {unit.name}: parent {unit.parent_code} unknown"
