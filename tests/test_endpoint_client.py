"""The client side: named queries against a SPARQL 1.1 endpoint with parameters bound by a trailing
VALUES block, and `fzgraph query --endpoint`; answers must equal the embedded store's."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from endpoint_server import running_server
from fzgraph.cli import cli
from fzgraph.endpoint.client import run_named_query, run_sparql, unbindable, values_block
from fzgraph.errors import QueryError
from fzgraph.graph.queries import bind_params, named_queries


@pytest.fixture(scope="module")
def endpoint(seeds_store):
    with running_server(seeds_store, "--timeout", "20") as base:
        yield base + "/sparql"


def _examples():
    for query in named_queries().values():
        values = dict(part.split("=", 1) for part in shlex.split(query.example) if "=" in part)
        yield pytest.param(query.name, values, id=query.name)


def _stable(rows, names):
    # SAMPLE() may pick another row's value when the plan differs (substitution vs VALUES)
    keep = [i for i, n in enumerate(names) if n not in {"example"}]
    return sorted((tuple(r[i] for i in keep) for r in rows), key=repr)


@pytest.mark.parametrize(("name", "values"), list(_examples()))
def test_client_named_queries_equal_the_store(endpoint, seeds_reader, name, values):
    query = named_queries()[name]
    bindings = bind_params(query, values)
    expected = seeds_reader.query(query.sparql, bindings)
    if unbindable(query.sparql, bindings):
        with pytest.raises(QueryError, match="cannot be bound on a remote endpoint"):
            run_named_query(endpoint, query, bindings)
        return
    names, rows = run_named_query(endpoint, query, bindings)
    assert names == expected[0]
    assert _stable(rows, names) == _stable(expected[1], names)


def test_client_only_sentences_containing_is_unbindable():
    refused = {q.name: unbindable(q.sparql, [p.name for p in q.params]) for q in named_queries().values()}
    assert {name: bad for name, bad in refused.items() if bad} == {"sentences-containing": ["phrase"]}


def test_client_adopters_of_practice(endpoint):
    query = named_queries()["adopters-of-practice"]
    names, rows = run_named_query(endpoint, query, bind_params(query, {"practice": "告知承诺制"}))
    labels = {str(row[names.index("name")]) for row in rows}
    assert {"旅顺口区", "柯桥区"} <= labels


def test_client_values_block_is_one_row_of_terms():
    block = values_block({"a": URIRef("https://w3id.org/fzgraph/practice/x"), "b": Literal("2020", lang="zh"),
                          "none": None})
    assert block == 'VALUES (?a ?b) { (<https://w3id.org/fzgraph/practice/x> "2020"@zh) }\n'
    with pytest.raises(QueryError):
        values_block({"a": URIRef("http://example.org/a> } ; DROP ALL ; { <b")})
    with pytest.raises(QueryError):
        values_block({"a } DROP ALL": Literal("x")})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       lang=st.sampled_from([None, "zh", "en-GB"]))
def test_client_any_literal_round_trips_through_values(endpoint, text, lang):
    term = Literal(text, lang=lang)
    names, rows = run_sparql(endpoint, "SELECT ?x WHERE { }\n" + values_block({"x": term}))
    assert names == ["x"] and rows == [(term,)]


def test_client_ask_and_construct(endpoint, seeds_reader):
    assert run_sparql(endpoint, "ASK { ?r a fz:Report }") is True
    triples = run_sparql(endpoint, "CONSTRUCT { ?r a fz:Report } WHERE { ?r a fz:Report }")
    assert sorted(triples) == sorted(seeds_reader.query("CONSTRUCT { ?r a fz:Report } WHERE { ?r a fz:Report }"))


def test_client_reports_endpoint_errors(endpoint, tmp_path):
    with pytest.raises(QueryError, match="400"):
        run_sparql(endpoint, "SELECT WHERE {")
    with pytest.raises(QueryError, match="cannot reach"):
        run_sparql("http://127.0.0.1:1/sparql", "ASK {}", timeout=2)


@pytest.mark.parametrize("args", [
    ["adopters-of-practice", "-p", "practice=告知承诺制", "-f", "csv"],
    ["practices-of-jurisdiction", "-p", "jurisdiction=昌乐县", "-p", "year=2020", "-f", "tsv"],
    ["-e", "SELECT ?r ?y WHERE { ?r a fz:Report ; fz:reportYear ?y } ORDER BY ?r", "-f", "json"],
    ["-e", "ASK { ?r a fz:Report }"],
])
def test_cli_query_endpoint_equals_store(runner, seeds_store, endpoint, args):
    local = runner.invoke(cli, ["query", *args, "--store", str(seeds_store)])
    remote = runner.invoke(cli, ["query", *args, "--endpoint", endpoint])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output
    assert len(local.output.splitlines()) >= 1


def test_cli_query_endpoint_errors(runner, seeds_store):
    with running_server(seeds_store) as base:
        result = runner.invoke(cli, ["query", "sentences-containing", "-p", "phrase=首违不罚", "--endpoint",
                                     base + "/sparql"])
        assert result.exit_code == 1 and "cannot be bound on a remote endpoint" in result.output
    result = runner.invoke(cli, ["query", "-e", "ASK {}", "--endpoint", "http://127.0.0.1:1/sparql"])
    assert result.exit_code == 1 and "cannot reach" in result.output
