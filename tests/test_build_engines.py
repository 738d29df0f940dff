"""Builds on existing engines give the graph a local build gives: a Dask
LocalCluster, a real Oxigraph server over the Graph Store Protocol, and
sharded N-Quads files loaded by a triple store's bulk loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import canonical_quads, make_mixed_corpus
from endpoint_server import running_oxigraph
from fzgraph.errors import StoreError
from fzgraph.graph.build import build
from fzgraph.graph.queries import bind_params, named_queries
from fzgraph.graph.remote import RemoteStore
from fzgraph.graph.store import GraphStore
from fzgraph.vocabulary import PROVENANCE_GRAPH


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_paths, table):
    target = tmp_path_factory.mktemp("engines-corpus")
    return make_mixed_corpus(target, seed_paths, table)


@pytest.fixture(scope="module")
def local_build(corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("engines") / "local"
    with GraphStore.open(path) as store:
        report = build([corpus], store)
    assert report.ok and len(report.built) >= 9
    return path


def _quad_lines(quads) -> list[str]:
    return sorted(f"{q} .\n" for q in quads if q.graph_name != ox.NamedNode(str(PROVENANCE_GRAPH)))


def test_dask_local_cluster_build_is_identical(corpus, local_build, tmp_path):
    with GraphStore.open(tmp_path / "dask") as store:
        report = build([corpus], store, workers=2, scheduler="local")
    assert report.ok
    assert canonical_quads(tmp_path / "dask") == canonical_quads(local_build)


def test_build_into_an_oxigraph_server_answers_like_the_embedded_store(corpus, local_build, tmp_path):
    with running_oxigraph(tmp_path / "server") as url:
        remote = RemoteStore.open(url)
        report = build([corpus], remote, workers=1)
        assert report.ok and len(report.built) >= 9
        with GraphStore.open(local_build, read_only=True) as local:
            assert _quad_lines(remote.quads()) == _quad_lines(local.quads())
            compared = 0
            for name, query in named_queries().items():
                params = dict(part.strip().split("=", 1) for part in query.example.split("--param")[1:])
                bindings = bind_params(query, params)
                if name == "sentences-containing":  # binds ?phrase in a FILTER only: refused remotely
                    with pytest.raises(Exception, match="cannot be bound"):
                        remote.query(query.sparql, bindings)
                    continue
                ours = local.query(query.sparql, bindings)
                theirs = remote.query(query.sparql, bindings)
                assert sorted(map(str, ours[1])) == sorted(map(str, theirs[1])), name
                assert ours[0] == theirs[0], name
                compared += 1
            assert compared == len(named_queries()) - 1
        # a second build finds every report stored and current on the server
        again = build([corpus], remote, workers=1)
        assert not again.built and len(again.unchanged) == len(report.built)


def test_a_server_without_a_union_default_graph_is_named(corpus, tmp_path):
    with running_oxigraph(tmp_path / "plain", union=False) as url:
        remote = RemoteStore.open(url)
        build([corpus / sorted(p.name for p in corpus.iterdir())[0]], remote, validate=False)
        with pytest.raises(StoreError, match="union-default-graph"):
            remote.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot reach the store server"):
        RemoteStore.open("http://127.0.0.1:9/")
    with pytest.raises(StoreError, match="unknown option"):
        RemoteStore("http://127.0.0.1:9/ds?sparql=q")


def test_nquads_shards_load_into_the_same_graph(corpus, local_build, tmp_path):
    shards = tmp_path / "shards"
    result = subprocess.run([sys.executable, "-m", "fzgraph", "build", str(corpus), "--nquads", str(shards),
                             "--silent", "-w", "1"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    files = sorted(shards.glob("part-*.nq"))
    assert files and not list(shards.glob(".*.tmp"))
    # the Oxigraph bulk loader, as a user would run it
    binary = Path(sys.executable).with_name("oxigraph")
    loaded = tmp_path / "loaded"
    subprocess.run([str(binary), "load", "--location", str(loaded), "--file", *map(str, files)], check=True,
                   capture_output=True, timeout=600)
    assert canonical_quads(loaded) == canonical_quads(local_build)
    # refuses to mix with an earlier output
    again = subprocess.run([sys.executable, "-m", "fzgraph", "build", str(corpus), "--nquads", str(shards)],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 1 and "not an empty folder" in again.stderr
