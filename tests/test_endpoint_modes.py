"""The endpoint's opt-in modes: SPARQL Update with a Bearer token, and CORS; each on its own server
over a copy of the seeds store."""

from __future__ import annotations

import json
import shutil
import urllib.parse

import pytest

from endpoint_server import running_server
from test_endpoint import get, http, post_form

TOKEN = "s3cret-token-for-tests"
INSERT = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/x> rdfs:label "新增" } }'
ASK_NEW = 'ASK { <https://example.org/x> rdfs:label "新增" }'


@pytest.fixture(scope="module")
def store_copy(seeds_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("copy") / "store"
    shutil.copytree(seeds_store, path)
    return path


def _ask(base: str, query: str) -> bool:
    status, _, body = get(base, query, "application/sparql-results+json")
    assert status == 200, body
    return json.loads(body)["boolean"]


def test_endpoint_update_needs_the_write_token(store_copy):
    with running_server(store_copy, env={"FZGRAPH_WRITE_TOKEN": TOKEN}) as base:
        assert _ask(base, ASK_NEW) is False
        status, headers, body = post_form(base, INSERT, key="update")
        assert status == 401 and "Bearer" in headers["WWW-Authenticate"]
        status, _, _ = post_form(base, INSERT, key="update", headers={"Authorization": "Bearer wrong"})
        assert status == 403
        assert _ask(base, ASK_NEW) is False
        status, _, body = http(base + "/sparql", data=INSERT.encode("utf-8"), headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        assert status == 204, body
        assert _ask(base, ASK_NEW) is True  # the readers see the writer's change
        # updates are checked for SERVICE too
        status, _, _ = post_form(base, "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
                                 key="update", headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 403
        status, _, body = http(base + "/sparql", headers={"Accept": "text/turtle"})
        assert b"SPARQL11Update" in body
        status, _, body = post_form(base, 'DELETE DATA { GRAPH <https://example.org/g> { <https://example.org/x> '
                                          'rdfs:label "新增" } }', key="update",
                                    headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 204
        assert _ask(base, ASK_NEW) is False


def test_endpoint_cors_only_when_enabled(store_copy):
    with running_server(store_copy, "--cors", "http://localhost:3000") as base:
        url = f"{base}/sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        status, headers, _ = http(url, headers={"Origin": "http://localhost:3000"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        status, headers, _ = http(base + "/sparql", method="OPTIONS", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 200 and "POST" in headers["Access-Control-Allow-Methods"]
        status, headers, _ = http(url, headers={"Origin": "http://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers


def test_endpoint_allow_service_is_an_explicit_choice(store_copy):
    # with --allow-service the query is no longer refused by fzgraph: it reaches pyoxigraph, which
    # tries the (closed) port and fails; the refusal without the option is shown in test_endpoint.py
    with running_server(store_copy, "--allow-service") as base:
        status, _, body = post_form(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
        assert status == 500 and b"disabled" not in body
        status, _, body = http(base + "/sparql", headers={"Accept": "text/turtle"})
        assert b"BasicFederatedQuery" in body


def test_serve_refuses_a_missing_store(tmp_path, runner):
    from fzgraph.cli import cli

    result = runner.invoke(cli, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1 and "no store" in result.output
