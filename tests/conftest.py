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
