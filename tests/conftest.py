"""Shared fixtures: the seed reports, the jurisdiction table, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return {p.stem[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def table():
    from fzgraph.jurisdictions import load_table

    return load_table()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def build_store(paths, store_dir: Path):
    """Build ``paths`` into a new store at ``store_dir``; returns the build report."""
    from fzgraph.graph.build import build
    from fzgraph.graph.store import GraphStore

    with GraphStore.open(store_dir) as store:
        return build(paths, store)


def one_seed_store(tmp_path: Path, seed_paths: dict) -> Path:
    """The first seed (by path) built into a new store at ``tmp_path / "store"``."""
    store_dir = tmp_path / "store"
    report = build_store([sorted(seed_paths.values())[0]], store_dir)
    assert report.ok, report.failed
    return store_dir


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> Path:
    """The five seeds built once into an on-disk store (closed; open it read-only)."""
    path = tmp_path_factory.mktemp("store") / "seeds"
    report = build_store([SEEDS], path)
    assert report.ok and len(report.built) == 5, report.failed
    return path


@pytest.fixture()
def seeds_reader(seeds_store):
    from fzgraph.graph.store import GraphStore

    with GraphStore.open(seeds_store, read_only=True) as store:
        yield store


def canonical_quads(store_dir, *, provenance: bool = False) -> list[str]:
    """The store's quads as sorted N-Quads lines (no blank nodes are ever minted, so sorting is
    canonical); the provenance graph, which holds build times, is left out unless asked for."""
    from fzgraph.graph.store import GraphStore
    from fzgraph.vocabulary import PROVENANCE_GRAPH

    with GraphStore.open(store_dir, read_only=True) as store:
        return sorted(f"{q} .\n" for q in store.quads(exclude=() if provenance else (PROVENANCE_GRAPH,)))


def make_mixed_corpus(target: Path, seed_paths: dict, table, synthetic: int = 8, per_seed: int = 1) -> Path:
    """Seed variants (so the named queries' example parameters find rows) and a small synthetic
    corpus (``fzgraph synth``), side by side in ``target``."""
    import shutil
    import tempfile

    from fzgraph.synth import generate
    from variants import make_variants

    make_variants(seed_paths, table, target, per_seed=per_seed)
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "synth", synthetic, seed=3, chars=4000)
        for path in sorted((Path(tmp) / "synth" / "reports").glob("*.txt")):
            shutil.copy(path, target / f"synth_{path.name}")
    return target
