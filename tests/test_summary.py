"""The summary store beside the embedded store: the summary forms of the aggregate named
queries give the full queries' rows, and are used only while the summary is in step."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from conftest import build_store, make_mixed_corpus, one_seed_store
from fzgraph.graph.queries import named_queries
from fzgraph.graph.store import GraphStore
from fzgraph.graph.store_state import current_state
from fzgraph.graph.summary import summary_form, summary_path

SUMMARISED = [name for name, query in named_queries().items() if "# summary:" in query.sparql]


def rows(store: GraphStore, name: str, bindings: dict, *, full: bool = False) -> list:
    text = named_queries()[name].sparql
    if full:
        text = text.replace("# summary:", "# (not summarised)")
    names, found = store.query(text, bindings)
    out = []
    for row in found:
        row = [None if v is None else str(v) for v in row]
        if "statuses" in names:  # GROUP_CONCAT's order is the engine's: compare the statuses as a set
            i = names.index("statuses")
            row[i] = ", ".join(sorted(row[i].split(", ")))
        out.append(tuple(row))
    return sorted(out, key=repr)


@pytest.fixture(scope="module")
def summarised_store(tmp_path_factory, seed_paths, table):
    root = tmp_path_factory.mktemp("summary")
    corpus = make_mixed_corpus(root / "corpus", seed_paths, table, synthetic=30)
    store_dir = root / "store"
    assert build_store([corpus], store_dir).ok
    with GraphStore.open(store_dir) as store:
        computed, quads, read = store.refresh_summary()
        assert computed and quads > 0 and read > 30
    return store_dir


def parameter_sets(store: GraphStore, name: str) -> list[dict]:
    _, practices = store.query("SELECT DISTINCT ?p WHERE { ?a fz:practice ?r . ?r skos:broader* ?p } ORDER BY ?p")
    practices = [p for (p,) in practices][::3]  # every third: broad concepts and leaves alike
    _, regions = store.query("SELECT DISTINCT ?region WHERE { ?report a fz:Report ; fz:jurisdiction ?j . "
                             "?j fz:parentJurisdiction+ ?region } ORDER BY ?region")
    _, types = store.query("SELECT ?t WHERE { ?t a fz:PolicyType } ORDER BY ?t")
    if name == "most-cited-policies":
        return [{}] + [{"type": t} for (t,) in types]
    if name == "not-reported":
        return [{"practice": p, "region": r} for p in practices[:6] for (r,) in regions[:4]]
    return [{"practice": p} for p in practices]


def test_four_aggregate_queries_have_summary_forms():
    assert sorted(SUMMARISED) == ["adopters-of-practice", "adoption-timeline", "most-cited-policies",
                                  "not-reported"]


@pytest.mark.parametrize("name", SUMMARISED)
def test_summary_form_gives_the_full_query_rows(summarised_store, name):
    with GraphStore.open(summarised_store, read_only=True) as store:
        assert summary_form(named_queries()[name].sparql, summarised_store, store.token) is not None
        cases = parameter_sets(store, name)
        assert len(cases) >= 4
        answered = 0
        for bindings in cases:
            fast = rows(store, name, bindings)
            assert fast == rows(store, name, bindings, full=True), bindings
            answered += bool(fast)
        assert answered >= 2  # the comparison is not only of empty answers


def test_a_write_puts_the_summary_out_of_step_until_it_is_computed_again(tmp_path, seed_paths):
    store_dir = tmp_path / "store"
    assert build_store(sorted(seed_paths.values()), store_dir).ok
    query = named_queries()["adopters-of-practice"]
    practice = {"practice": URIRef("https://w3id.org/fzgraph/practice/notification-commitment")}
    with GraphStore.open(store_dir) as store:
        assert summary_form(query.sparql, store_dir, store.token) is None  # built, not summarised yet
        before = rows(store, "adopters-of-practice", practice)
        assert before
        store.refresh_summary()
        assert summary_form(query.sparql, store_dir, store.token) is not None
        assert rows(store, "adopters-of-practice", practice) == before
        assert store.refresh_summary() == (False, 0, 0)  # in step: not computed again
        old = summary_path(store_dir, current_state(store_dir))
        names, found = store.query(query.sparql, practice)
        jurisdiction = found[0][names.index("jurisdiction")]
        # drop that jurisdiction's report graphs
        dropped = [g for g in store.named_graphs()
                   if store.query("ASK { GRAPH ?g { ?g fz:jurisdiction ?j } }", {"g": g, "j": jurisdiction})]
        assert dropped
        for graph in dropped:
            store.drop_graph(graph)
        assert summary_form(query.sparql, store_dir, store.token) is None  # the stale summary is not read
        after = rows(store, "adopters-of-practice", practice)
        assert after == rows(store, "adopters-of-practice", practice, full=True)
        assert len(after) < len(before)
        store.refresh_summary()
        assert not old.exists()  # the stale summary is removed once a new one is complete
        assert rows(store, "adopters-of-practice", practice) == after


def test_endpoint_update_puts_the_summary_out_of_step(tmp_path, seed_paths):
    import pyoxigraph as ox

    from fzgraph.endpoint.worker import run_job

    store_dir = one_seed_store(tmp_path, seed_paths)
    with GraphStore.open(store_dir) as store:
        store.refresh_summary()
    text = named_queries()["most-cited-policies"].sparql
    token = current_state(store_dir)
    assert summary_form(text, store_dir, token) is not None
    store = ox.Store(str(store_dir))
    update = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> "o" } }'
    assert run_job(store, {"op": "update", "text": update, "store_path": str(store_dir)})[0] == "ok"
    assert current_state(store_dir) != token
    assert summary_form(text, store_dir, token) is None
    assert summary_form(text, store_dir, current_state(store_dir)) is None  # no summary at the new token


def test_build_command_computes_the_summary(tmp_path, seed_paths, runner):
    from fzgraph.cli import cli

    store_dir = tmp_path / "store"
    args = ["build", str(sorted(seed_paths.values())[0]), "--store", str(store_dir)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "summary: " in result.output and " quads computed in " in result.output
    assert summary_path(store_dir, current_state(store_dir)).is_dir()
    again = runner.invoke(cli, args)  # nothing to build: the summary is still in step
    assert again.exit_code == 0, again.output
    assert "summary: in step with the store" in again.output
    other = tmp_path / "other"
    skipped = runner.invoke(cli, ["build", str(sorted(seed_paths.values())[0]), "--store", str(other), "--no-summary"])
    assert skipped.exit_code == 0, skipped.output
    assert "summary: " not in skipped.output
    assert not list(other.glob("summary-*"))


def test_endpoint_answers_from_the_summary_as_the_store_does(summarised_store):
    import json

    import pyoxigraph as ox

    from fzgraph.endpoint.worker import run_job

    name = "adopters-of-practice"
    with GraphStore.open(summarised_store, read_only=True) as store:
        bindings = parameter_sets(store, name)[0]
        expected = rows(store, name, bindings, full=True)
    assert expected
    reader = ox.Store.read_only(str(summarised_store))
    job = {"op": "query", "text": named_queries()[name].sparql, "bindings": bindings, "max_rows": 100_000,
           "accept": [("application/sparql-results+json", 1.0)], "store_path": str(summarised_store),
           "store_token": current_state(summarised_store)}
    answer = run_job(reader, job)
    assert answer[0] == "ok", answer
    _, _, body, count = answer
    assert count == len(expected)
    answer = json.loads(body)
    names = answer["head"]["vars"]
    got = []
    for binding in answer["results"]["bindings"]:
        row = [binding[n]["value"] if n in binding else None for n in names]
        i = names.index("statuses")
        row[i] = ", ".join(sorted(row[i].split(", ")))
        got.append(tuple(row))
    assert sorted(got, key=repr) == expected
    # a request naming its own dataset is answered from that dataset, not from the summary
    named = {**job, "default_graphs": ["https://example.org/nothing"]}
    assert run_job(reader, named)[3] == 0


def test_a_handle_opened_before_a_build_reads_its_own_view_not_the_new_summary(tmp_path, seed_paths):
    first, *rest = sorted(seed_paths.values())
    store_dir = tmp_path / "store"
    assert build_store([first], store_dir).ok
    with GraphStore.open(store_dir) as store:
        store.refresh_summary()
    query = named_queries()["most-cited-policies"]
    with GraphStore.open(store_dir, read_only=True) as old:
        before = rows(old, "most-cited-policies", {})
        assert summary_form(query.sparql, store_dir, old.token) is not None
        assert build_store(rest, store_dir).ok  # another handle writes four more reports ...
        with GraphStore.open(store_dir) as writer:
            writer.refresh_summary()  # ... and summarises them
            after = rows(writer, "most-cited-policies", {})
        assert after != before
        # the old handle still sees one report: it reads that, not the new summary
        assert summary_form(query.sparql, store_dir, old.token) is None
        assert rows(old, "most-cited-policies", {}) == before


def summary_quads(store_dir) -> list[str]:
    import pyoxigraph as ox

    path = summary_path(store_dir, current_state(store_dir))
    reader = ox.Store.read_only(str(path))
    try:
        return sorted(str(q) for q in reader)
    finally:
        del reader


def test_an_incremental_summary_equals_one_computed_afresh(tmp_path, seed_paths, table):
    import shutil

    corpus = make_mixed_corpus(tmp_path / "corpus", seed_paths, table, synthetic=12)
    store_dir = tmp_path / "store"
    assert build_store([corpus], store_dir).ok
    with GraphStore.open(store_dir) as store:
        first = store.refresh_summary()[2]
    # one report gains a sentence (its graph is rebuilt) ...
    changed = sorted(corpus.glob("synth_*"))[0]
    text = changed.read_text(encoding="utf-8")
    cut = text.index("。") + 1
    changed.write_text(text[:cut] + "全面推行证明事项告知承诺制，首违不罚清单同步公布。" + text[cut:], encoding="utf-8")
    assert build_store([corpus], store_dir).ok
    with GraphStore.open(store_dir) as store:
        # ... and another report's graph is dropped
        _, found = store.query("SELECT ?g WHERE { GRAPH ?g { ?g a fz:Report } } ORDER BY DESC(?g) LIMIT 1")
        store.drop_graph(found[0][0])
        computed, quads, read = store.refresh_summary()
    assert computed and 0 < read < first  # only the jurisdictions of those two reports were read again
    incremental = summary_quads(store_dir)
    assert len(incremental) == quads
    for old in store_dir.glob("summary-*"):
        shutil.rmtree(old)
    with GraphStore.open(store_dir) as store:
        assert store.refresh_summary()[2] == first - 1  # afresh: every report graph
    assert summary_quads(store_dir) == incremental
