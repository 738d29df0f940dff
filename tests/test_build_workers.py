"""Parallel builds (seed variants and a synthetic corpus): one worker and two give the same graph; Ctrl-C stops
cleanly and a re-run goes on where the first stopped."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from conftest import canonical_quads, make_mixed_corpus
from fzgraph.errors import StoreError
from fzgraph.graph.build import build
from fzgraph.graph.store import GraphStore


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_paths, table):
    target = tmp_path_factory.mktemp("corpus")
    return make_mixed_corpus(target, seed_paths, table)


def test_one_and_two_workers_give_identical_graphs(corpus, tmp_path):
    reports = {}
    for workers in (1, 2):
        with GraphStore.open(tmp_path / f"w{workers}") as store:
            reports[workers] = build([corpus], store, workers=workers)
    assert len(reports[1].built) == len(reports[2].built) >= 9
    assert sorted(reports[1].built) == sorted(reports[2].built)
    assert canonical_quads(tmp_path / "w1") == canonical_quads(tmp_path / "w2")


@pytest.fixture(scope="module")
def larger_corpus(tmp_path_factory, seed_paths, table):
    target = tmp_path_factory.mktemp("larger")
    return make_mixed_corpus(target, seed_paths, table, synthetic=12, per_seed=4)


def test_ctrl_c_stops_cleanly_and_a_rerun_resumes(larger_corpus, tmp_path):
    corpus = larger_corpus
    store = tmp_path / "store"
    command = [sys.executable, "-m", "fzgraph", "build", str(corpus), "--store", str(store), "--silent", "-w", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait until the first report is stored, then interrupt
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            with GraphStore.open(store, read_only=True) as reader:
                if reader.report_graphs():
                    break
        except StoreError:  # not created yet
            continue
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (out, err)
    assert "interrupted" in err and "run the same command again" in err
    with GraphStore.open(store, read_only=True) as reader:
        stored = len(reader.report_graphs())
    assert stored >= 1
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"unchanged {stored}," in rerun.stdout
    whole = tmp_path / "whole"
    with GraphStore.open(whole) as writer:
        build([corpus], writer)
    assert canonical_quads(store) == canonical_quads(whole)


def test_bulk_build_is_identical_and_a_half_loaded_graph_is_redone(corpus, tmp_path):
    with GraphStore.open(tmp_path / "plain") as store:
        build([corpus], store, workers=1)
    with GraphStore.open(tmp_path / "bulk") as store:
        report = build([corpus], store, workers=2, bulk=True)
        victim = URIRef(report.built[0][1])
        assert store.has_graph(victim)
        # what an interrupted bulk load leaves: part of a graph, and no build record for it
        kept = list(store.quads_of(victim))[:50]
        store.drop_graph(victim)
        store.store.bulk_extend(kept)
        assert store.build_of(victim) is None and len(list(store.quads_of(victim))) == 50
    assert canonical_quads(tmp_path / "bulk") != canonical_quads(tmp_path / "plain")
    with GraphStore.open(tmp_path / "bulk") as store:
        again = build([corpus], store, bulk=True)
    assert [iri for _, iri, _ in again.built] == [str(victim)]
    assert canonical_quads(tmp_path / "bulk") == canonical_quads(tmp_path / "plain")


def test_a_bulk_build_reopening_its_store_between_batches_is_identical(corpus, tmp_path, monkeypatch):
    import fzgraph.graph.build as build_module

    with GraphStore.open(tmp_path / "plain") as store:
        build([corpus], store, workers=1)
    # batches of a few reports, and the store reopened after every second batch or so
    monkeypatch.setattr(build_module, "BULK_QUADS", 3_000)
    monkeypatch.setattr(build_module, "REOPEN_QUADS", 5_000)
    reopened = []
    real_reopen = GraphStore.reopen
    monkeypatch.setattr(GraphStore, "reopen", lambda self: reopened.append(real_reopen(self)) or reopened[-1])
    with GraphStore.open(tmp_path / "bulk") as store:
        report = build([corpus], store, workers=2, bulk=True)
        assert store.has_graph(URIRef(report.built[-1][1]))
    assert len(report.built) >= 9
    # every ~2 batches, and once at the end
    assert len(reopened) >= 3 and all(reopened)
    assert canonical_quads(tmp_path / "bulk") == canonical_quads(tmp_path / "plain")


def test_reopening_keeps_the_store_and_is_declined_while_its_handle_is_held(tmp_path):
    graph = URIRef("https://w3id.org/fzgraph/graph/test")
    with GraphStore.open(tmp_path / "store") as store:
        store.store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("一"),
                                ox.NamedNode(str(graph))))
        assert store.reopen() is True
        assert store.has_graph(graph)
        held = store.store
        assert store.reopen() is False  # closing it now would leave `held` open on the folder's lock
        assert store.store is held and store.has_graph(graph)
        del held
        assert store.reopen() is True
    assert GraphStore.in_memory().reopen() is False
