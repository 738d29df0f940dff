"""Building reports into the on-disk store: named graphs, determinism,
incremental rebuilds, bad input, SHACL on the built graph, the rdflib view."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import build_store, canonical_quads
from fzgraph.cli import cli
from fzgraph.errors import StoreError
from fzgraph.graph.store import GraphStore
from fzgraph.vocabulary import FZ, PROVENANCE_GRAPH

REPORTS = {  # seed -> report IRI, from each report's title and text
    "000": "https://w3id.org/fzgraph/report/dz-371000-weihai-torch-hitech/2021",
    "001": "https://w3id.org/fzgraph/report/370725/2020",
    "002": "https://w3id.org/fzgraph/report/210212/2019",
    "003": "https://w3id.org/fzgraph/report/440704/2022",
    "004": "https://w3id.org/fzgraph/report/330603/2021",
}
DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
REFERENCE = {f"https://w3id.org/fzgraph/graph/{n}" for n in ("ontology", "practices", "metrics", "jurisdictions")}


def canonical_nquads(path) -> bytes:
    return "".join(canonical_quads(path)).encode("utf-8")


def test_seeds_build_one_named_graph_per_report(seeds_reader):
    graphs = {str(g) for g in seeds_reader.named_graphs()}
    assert graphs == set(REPORTS.values()) | REFERENCE | {str(PROVENANCE_GRAPH)}
    assert {str(g) for g in seeds_reader.report_graphs()} == set(REPORTS.values())


def test_every_report_graph_records_its_build(seeds_reader, seed_paths):
    import hashlib

    for seed, iri in REPORTS.items():
        build = seeds_reader.build_of(URIRef(iri))
        assert build is not None
        names, rows = seeds_reader.query(
            "SELECT * WHERE { GRAPH ?p { ?b fz:softwareVersion ?v ; fz:inputSha256 ?sha ; "
            "prov:used ?r ; prov:startedAtTime ?start } }", {"b": build, "r": URIRef(iri), "p": PROVENANCE_GRAPH})
        row = dict(zip(names, rows[0], strict=True))
        assert len(rows) == 1 and row["v"] == Literal(__import__("fzgraph").__version__)
        assert row["start"].datatype == DATETIME
        sha = hashlib.sha256(seed_paths[seed].read_bytes()).hexdigest()
        _, stored = seeds_reader.query("SELECT ?s ?r WHERE { ?r fz:sha256 ?s }", {"r": URIRef(iri)})
        assert stored == [(Literal(sha), URIRef(iri))]


def test_adoption_aggregates_mentions_with_prov(seeds_reader):
    # 001's achievements name 行政应诉 in several sentences (严格落实行政应诉有关要求, 强化县级层面行政应诉力量,
    # 负责县政府行政应诉工作, 实施行政应诉审前“和解、顾问...”): one adoption, every mention as its evidence
    adoption = URIRef("https://w3id.org/fzgraph/adoption/370725/administrative-litigation-response/2020/implemented")
    _, rows = seeds_reader.query("SELECT ?m ?s ?kind ?a WHERE { ?a prov:wasDerivedFrom ?m . ?m fz:surfaceText ?s ; "
                                 "fz:sectionKind ?kind }", {"a": adoption})
    assert len(rows) >= 4
    assert all("应诉" in str(s) for _, s, _, _ in rows)
    assert len({m for m, _, _, _ in rows}) == len(rows)


def test_building_twice_gives_identical_canonical_nquads(tmp_path, seeds_dir, seeds_store):
    other = tmp_path / "again"
    build_store([seeds_dir], other)
    assert canonical_nquads(other) == canonical_nquads(seeds_store)


def test_unchanged_reports_are_skipped_and_a_changed_one_replaces_only_its_graph(tmp_path, seed_paths):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in seed_paths.values():
        shutil.copy(path, corpus / path.name)
    store_dir = tmp_path / "store"
    first = build_store([corpus], store_dir)
    assert len(first.built) == 5

    again = build_store([corpus], store_dir)
    assert again.built == [] and len(again.unchanged) == 5 and again.reference_updated == []

    with GraphStore.open(store_dir, read_only=True) as store:
        before = {g: store.graph(g) for g in store.named_graphs() if g != PROVENANCE_GRAPH}
    changed = corpus / seed_paths["003"].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全面推行首违不罚制度。\n", encoding="utf-8")
    third = build_store([corpus], store_dir)
    assert [iri for _, iri, _ in third.built] == [REPORTS["003"]]
    assert len(third.unchanged) == 4
    with GraphStore.open(store_dir, read_only=True) as store:
        after = {g: store.graph(g) for g in store.named_graphs() if g != PROVENANCE_GRAPH}
        for iri, graph in before.items():
            same = set(graph) == set(after[iri])
            assert same == (str(iri) != REPORTS["003"]), iri
        _, rows = store.query("SELECT ?a WHERE { ?a fz:practice fzp:first-violation-no-penalty ; "
                              "fz:jurisdiction fzj:440704 }")
        assert rows, "the added sentence's practice is in the rebuilt graph"
        _, builds = store.query("SELECT * WHERE { GRAPH ?p { ?g prov:wasGeneratedBy ?b } }",
                                {"g": URIRef(REPORTS["003"]), "p": PROVENANCE_GRAPH})
        assert len(builds) == 1, "the old build record is replaced, not kept beside the new one"


def test_bad_files_are_reported_and_do_not_touch_stored_graphs(tmp_path, seed_paths, runner):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seed_paths["001"], corpus / seed_paths["001"].name)
    store_dir = tmp_path / "store"
    assert build_store([corpus], store_dir).ok
    before = canonical_nquads(store_dir)
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 200)
    (corpus / "nowhere.txt").write_text("2021年度法治政府建设工作报告\n一、主要工作\n我们推行了告知承诺制。\n" * 3,
                                        encoding="utf-8")
    result = runner.invoke(cli, ["build", str(corpus), "--store", str(store_dir), "--silent"])
    assert result.exit_code == 1
    assert "nowhere.txt" in result.output and "binary.txt" in result.output
    assert canonical_nquads(store_dir) == before


def test_a_failed_write_leaves_the_old_graph(tmp_path, seed_paths):
    store_dir = tmp_path / "store"
    build_store([seed_paths["001"]], store_dir)
    iri = URIRef(REPORTS["001"])
    with GraphStore.open(store_dir) as store:
        old = set(store.graph(iri))
        broken = Graph()
        broken.add((URIRef("https://w3id.org/fzgraph/x"), FZ.surfaceText, Literal("ok")))
        broken.add((URIRef("https://w3id.org/fzgraph/bad iri>"), FZ.surfaceText, Literal("not an IRI")))
        with pytest.raises(StoreError, match="could not write graph"):
            store.replace_graph(iri, broken, Graph())
        assert set(store.graph(iri)) == old
        assert store.build_of(iri) is not None


def test_seeds_graph_passes_shacl_and_a_broken_fact_is_named(tmp_path, seed_paths, runner):
    store_dir = tmp_path / "store"
    build_store([seed_paths["001"]], store_dir)
    ok = runner.invoke(cli, ["validate", "--store", str(store_dir)])
    assert ok.exit_code == 0, ok.output
    with GraphStore.open(store_dir) as store:
        _, rows = store.query("SELECT ?o WHERE { ?o a fz:IndicatorObservation ; fz:metric fzm:reconsideration-cases }")
        observation = rows[0][0]
        store.store.update(f"DELETE {{ GRAPH ?g {{ <{observation}> fz:value ?v }} }} "
                           f"INSERT {{ GRAPH ?g {{ <{observation}> fz:value \"五十八\" }} }} "
                           f"WHERE {{ GRAPH ?g {{ <{observation}> fz:value ?v }} }}",
                           prefixes={"fz": str(FZ)})
    bad = runner.invoke(cli, ["validate", "--store", str(store_dir)])
    assert bad.exit_code == 1
    assert str(observation) in bad.output and "fz:value" in bad.output and "xsd:decimal" in bad.output


def test_rdflib_views_answer_like_the_store(seeds_reader):
    query = "SELECT ?j (COUNT(?a) AS ?n) WHERE { ?a a fz:Adoption ; fz:jurisdiction ?j } GROUP BY ?j"
    _, ours = seeds_reader.query(query)
    from fzgraph.vocabulary import PREFIXES

    live = seeds_reader.dataset()
    copy = seeds_reader.to_memory()
    for dataset in (live, copy):
        theirs = {(r[0], int(r[1])) for r in dataset.query(query, initNs=PREFIXES)}
        assert theirs == {(j, int(n)) for j, n in ours}
    assert len(list(copy.graph(URIRef(REPORTS["001"])))) == len(seeds_reader.graph(URIRef(REPORTS["001"])))


def test_store_errors_are_clear(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        GraphStore.open(tmp_path / "missing", read_only=True)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoreError, match="not a store folder"):
        GraphStore.open(tmp_path / "afile")
