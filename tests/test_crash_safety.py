"""A build killed with SIGKILL at random points leaves a store that opens,
passes SHACL and holds every report fully or not at all; re-running the build
completes to the same canonical N-Quads as an uninterrupted build.

Runs ``FZGRAPH_CRASH_RUNS`` kills (3 by default, more for a longer check).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import canonical_quads
from fzgraph.graph.store import GraphStore
from fzgraph.vocabulary import PROVENANCE_GRAPH
from variants import make_variants

RUNS = int(os.environ.get("FZGRAPH_CRASH_RUNS", "3"))


def _build(corpus, store, *, kill_after: float | None = None) -> tuple[int, float]:
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "fzgraph", "build", str(corpus), "--store", str(store),
                                "--silent"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return process.wait(timeout=600), time.monotonic() - start
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60), time.monotonic() - start


def _graphs(store_dir) -> dict[str, frozenset]:
    with GraphStore.open(store_dir, read_only=True) as store:
        return {str(g): frozenset(str(q) for q in store.store.quads_for_pattern(None, None, None,
                                                                                 _named(store, g)))
                for g in store.named_graphs() if g != PROVENANCE_GRAPH}


def _named(store, iri):
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_paths, table):
    target = tmp_path_factory.mktemp("corpus")
    make_variants(seed_paths, table, target, per_seed=1)
    return target


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    store = tmp_path_factory.mktemp("whole") / "store"
    code, seconds = _build(corpus, store)
    assert code == 0
    return store, seconds


def _survivors(marker: str, wait_s: float = 15.0) -> list[int]:
    """Processes whose command line names ``marker``, once the ones that are ending have ended."""
    import os
    import time

    deadline = time.monotonic() + wait_s
    while True:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(pid))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.mark.parametrize("run", range(RUNS))
def test_killed_build_keeps_whole_reports_and_resumes_to_the_same_graph(corpus, reference, tmp_path, run, runner):
    from fzgraph.cli import cli

    whole_store, seconds = reference
    whole = _graphs(whole_store)
    kill_after = random.Random(run).uniform(0.15, 0.7) * seconds
    store = tmp_path / "store"
    for _attempt in range(4):  # a machine less busy than during the reference build may finish first
        shutil.rmtree(store, ignore_errors=True)
        code, _ = _build(corpus, store, kill_after=kill_after)
        if code == -signal.SIGKILL:
            break
        kill_after /= 2
    assert code == -signal.SIGKILL, "every attempt ended before the kill"
    assert not _survivors(str(store)), "the killed build left worker processes behind"

    if store.exists():
        partial = _graphs(store)  # the store opens
        for iri, quads in partial.items():
            assert quads == whole[iri], f"{iri} is half-written after a kill at {kill_after:.1f}s"
        check = runner.invoke(cli, ["validate", "--store", str(store)])
        assert check.exit_code == 0, check.output

    code, _ = _build(corpus, store)
    assert code == 0
    assert canonical_quads(store) == canonical_quads(whole_store)
