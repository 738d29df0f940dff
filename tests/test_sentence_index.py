"""The sentence index beside the embedded store: a hint that narrows phrase searches and
never changes their answers, kept in step with the store by build record."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Literal, URIRef

from conftest import build_store, one_seed_store
from fzgraph.graph.binding import with_candidate_values
from fzgraph.graph.queries import bind_params, get_query
from fzgraph.graph.sentence_index import INDEX_FILE, SentenceIndex, hinted, reset_index
from fzgraph.graph.store import GraphStore
from fzgraph.graph.store_state import current_state
from fzgraph.vocabulary import PROVENANCE_GRAPH

HEADER = "# sentence-index: phrase mention\n"


def answers(store: GraphStore, phrase: str, *, scan: bool = False) -> list:
    query = get_query("sentences-containing")
    text = query.sparql.replace(HEADER, "") if scan else query.sparql
    assert scan or HEADER in text
    _, rows = store.query(text, bind_params(query, {"phrase": phrase}))
    return sorted(tuple(map(str, row)) for row in rows)


def distinct_sentences(store: GraphStore) -> int:
    _, rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { "
                          "?m fz:sentence ?s } } }")
    return int(rows[0][0])


@pytest.mark.parametrize("phrase", ["首违不罚", "“首违不罚”", "告知承诺", "法治", "，", "12345", "没有这句话的词"])
def test_hinted_answer_is_the_scan_answer(seeds_reader, phrase):
    hinted_rows = answers(seeds_reader, phrase)
    assert hinted_rows == answers(seeds_reader, phrase, scan=True)
    if phrase == "首违不罚":
        assert hinted_rows  # the seeds do use it: the comparison is not between two empty answers


def test_the_hint_narrows_to_the_index_candidates(seeds_reader):
    query = get_query("sentences-containing")
    bindings = bind_params(query, {"phrase": "首违不罚"})
    text = hinted(query.sparql, bindings, seeds_reader.store, seeds_reader.path)
    # the block opens the subquery that binds ?mention first, not the outer group
    assert text.count("VALUES ?mention {") == 1
    assert text.index("VALUES ?mention {") > text.index("SELECT DISTINCT ?mention")
    with SentenceIndex(seeds_reader.path) as index:
        found = index.mentions_containing("首违不罚")
    assert 0 < len(found) < 50
    assert all(f"<{iri}>" in text for iri in found)
    # a query without the header, or without the phrase bound, is left alone
    assert hinted(query.sparql.replace(HEADER, ""), bindings, seeds_reader.store, seeds_reader.path) \
        == query.sparql.replace(HEADER, "")
    assert hinted(query.sparql, {}, seeds_reader.store, seeds_reader.path) == query.sparql


def test_too_many_candidates_runs_unhinted(seeds_reader):
    query = get_query("sentences-containing")
    bindings = bind_params(query, {"phrase": "法治"})
    assert hinted(query.sparql, bindings, seeds_reader.store, seeds_reader.path, limit=3) == query.sparql
    assert hinted(query.sparql, bindings, seeds_reader.store, None) == query.sparql  # no folder (in memory)


def test_candidates_of_nothing_give_no_rows(seeds_reader):
    query = get_query("sentences-containing")
    bindings = bind_params(query, {"phrase": "首违不罚"})
    text = with_candidate_values(query.sparql.replace(HEADER, ""), "mention", [])
    assert "VALUES ?mention {  }" in text
    assert seeds_reader.query(text, bindings)[1] == []
    one = with_candidate_values(query.sparql.replace(HEADER, ""), "mention", [URIRef("https://example.org/m")])
    assert seeds_reader.query(one, bindings)[1] == []


def test_index_holds_every_distinct_sentence_after_a_build(seeds_reader):
    seeds_reader.query(get_query("sentences-containing").sparql,
                       bind_params(get_query("sentences-containing"), {"phrase": "法治"}))
    with SentenceIndex(seeds_reader.path) as index:
        assert len(index) == distinct_sentences(seeds_reader) > 100


def test_index_follows_rebuilds_and_dropped_graphs(tmp_path, seed_paths):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first, second = sorted(seed_paths.values())[:2]
    shutil.copy(first, corpus / first.name)
    shutil.copy(second, corpus / second.name)
    store_dir = tmp_path / "store"
    assert build_store([corpus], store_dir).ok
    marker = "依法行政示范创建活动圆满完成"
    with GraphStore.open(store_dir) as store:
        assert answers(store, marker) == []  # and the index now exists, in step with two reports
        assert (store_dir / INDEX_FILE).exists()
    # the same report, with one more sentence: its graph is rebuilt with a new build record
    text = (corpus / first.name).read_text(encoding="utf-8")
    cut = text.index("。") + 1
    (corpus / first.name).write_text(text[:cut] + f"全面推行告知承诺制，{marker}。" + text[cut:], encoding="utf-8")
    assert build_store([corpus], store_dir).ok
    with GraphStore.open(store_dir) as store:
        rows = answers(store, marker)
        assert rows and rows == answers(store, marker, scan=True)
        graph = next(g for g in store.named_graphs() if "/report/" in str(g)
                     and store.query("ASK { GRAPH ?g { ?m fz:sentence ?s FILTER CONTAINS(?s, ?x) } }",
                                     {"g": g, "x": Literal(marker)}))
        store.drop_graph(graph)
        assert answers(store, marker) == answers(store, marker, scan=True) == []
        with SentenceIndex(store_dir) as index:
            assert len(index) == distinct_sentences(store)


def test_reset_makes_the_next_use_read_every_graph(tmp_path, seed_paths):
    store_dir = one_seed_store(tmp_path, seed_paths)
    with GraphStore.open(store_dir) as store:
        graphs = sum(store.build_of(g) is not None for g in store.named_graphs())  # report and reference graphs
        assert graphs == 1 + 4
        assert store.refresh_sentence_index() == graphs  # the first use reads them all
        assert store.refresh_sentence_index() == 0
        reset_index(store_dir)
        assert store.refresh_sentence_index() == graphs
        with SentenceIndex(store_dir) as index:
            assert len(index) == distinct_sentences(store)


def test_state_token_spares_the_build_record_compare_until_a_write(tmp_path, seed_paths):
    store_dir = one_seed_store(tmp_path, seed_paths)
    with GraphStore.open(store_dir) as store:
        store.refresh_sentence_index()
        token = current_state(store_dir)
        assert token is not None
        with SentenceIndex(store_dir) as index:
            assert index.state() == token
        report = next(g for g in store.named_graphs() if "/report/" in str(g))
        # a build record changed behind fzgraph's back (no token renewal): the index trusts the token
        store.store.update(f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{report}> prov:wasGeneratedBy ?b }} }} ;"
                           f"INSERT DATA {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{report}> prov:wasGeneratedBy "
                           f"<urn:x-test:build> }} }}", prefixes={"prov": "http://www.w3.org/ns/prov#"})
        assert store.refresh_sentence_index() == 0
        # any write through the store renews the token first: the next use compares and rereads that graph
        store.drop_graph(URIRef("urn:x-test:no-such-graph"))
        assert current_state(store_dir) != token
        assert store.refresh_sentence_index() == 1
        with SentenceIndex(store_dir) as index:
            assert index.state() == current_state(store_dir)
        assert store.refresh_sentence_index() == 0


def test_endpoint_update_resets_the_index(tmp_path, seed_paths):
    import pyoxigraph as ox

    from fzgraph.endpoint.worker import run_job

    store_dir = one_seed_store(tmp_path, seed_paths)
    with GraphStore.open(store_dir) as store:
        store.refresh_sentence_index()
        sentences = distinct_sentences(store)
    store = ox.Store(str(store_dir))
    update = ('INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/m> '
              '<https://w3id.org/fzgraph/ontology#sentence> "一句新加的话" } }')
    assert run_job(store, {"op": "update", "text": update, "store_path": str(store_dir)})[0] == "ok"
    with SentenceIndex(store_dir) as index:
        assert len(index) == 0
    del store
    with GraphStore.open(store_dir) as reopened:
        reopened.refresh_sentence_index()
        with SentenceIndex(store_dir) as index:
            # the inserted graph has no build record: the index follows build records only
            assert len(index) == sentences


def test_build_command_reports_the_index(tmp_path, seed_paths, runner):
    from fzgraph.cli import cli

    store_dir = tmp_path / "store"
    result = runner.invoke(cli, ["build", str(sorted(seed_paths.values())[0]), "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert "sentence index: " in result.output
    with GraphStore.open(store_dir, read_only=True) as store, SentenceIndex(store_dir) as index:
        assert len(index) == distinct_sentences(store)
