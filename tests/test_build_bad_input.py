"""``fzgraph build`` over the bad-input corpus (tests/data/bad, see its
EXPECTED.tsv): each file gets its documented outcome, named in the summary,
and the good reports in the same batch are built as if alone."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest

from fzgraph.cli import cli
from fzgraph.graph.store import GraphStore

BAD = Path(__file__).resolve().parent / "data" / "bad"
sys.path.insert(0, str(BAD))
import make_corpus  # noqa: E402


def expected() -> dict[str, tuple[str, str]]:
    with open(BAD / "EXPECTED.tsv", encoding="utf-8", newline="") as f:
        return {r["file"]: (r["outcome"], r["message contains"]) for r in csv.DictReader(f, delimiter="\t")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bad")
    for name in expected():
        if (BAD / name).exists():
            shutil.copy(BAD / name, target / name)
    make_corpus.add_large_files(target)
    assert sorted(p.name for p in target.iterdir()) == sorted(expected())
    return target


@pytest.fixture(scope="module")
def outcome(corpus, tmp_path_factory):
    from click.testing import CliRunner

    store = tmp_path_factory.mktemp("badstore") / "store"
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store), "--silent"])
    return result, store


def _lines_about(output: str, name: str) -> list[str]:
    return [line for line in output.splitlines() if f"/{name}:" in line or f"/{name} " in line]


@pytest.mark.parametrize("name", sorted(expected()))
def test_each_bad_file_gets_its_documented_outcome(outcome, name):
    result, _ = outcome
    kind, words = expected()[name]
    lines = _lines_about(result.output, name)
    prefix = {"failed": "error:", "skipped": "skipped:", "copy": "skipped:", "duplicate": "warning:",
              "built": "warning:"}[kind]
    if kind == "built" and not words:
        assert not [line for line in lines if line.startswith(("error:", "skipped:"))], lines
        return
    assert any(line.startswith(prefix) and words in line for line in lines), (name, lines)


def test_batch_summary_counts_and_exit_code(outcome):
    result, _ = outcome
    kinds = [k for k, _ in expected().values()]
    summary = next(line for line in result.output.splitlines() if line.startswith("built "))
    assert f"built {kinds.count('built')} report(s)" in summary
    assert f"skipped {kinds.count('skipped')}," in summary
    assert f"copies {kinds.count('copy')}," in summary and f"duplicates {kinds.count('duplicate')}," in summary
    assert f"failed {kinds.count('failed')};" in summary
    assert result.exit_code == 1  # files failed


def test_good_reports_in_a_bad_batch_are_built_as_if_alone(outcome, seed_paths, tmp_path):
    from conftest import build_store

    _, store_dir = outcome
    alone = tmp_path / "alone"
    build_store([seed_paths["003"]], alone)  # invisible.txt is seed 003 with zero-width and control characters
    iri = "https://w3id.org/fzgraph/report/440704/2022"
    from rdflib import URIRef

    def adoptions(path):
        with GraphStore.open(path, read_only=True) as store:
            _, rows = store.query("SELECT ?a ?g WHERE { GRAPH ?g { ?a a fz:Adoption } }", {"g": URIRef(iri)})
            return {a for a, _ in rows}

    assert adoptions(store_dir) == adoptions(alone)


def test_traditional_report_is_converted_and_placed(outcome):
    _, store_dir = outcome
    with GraphStore.open(store_dir, read_only=True) as store:
        _, rows = store.query("SELECT ?f ?r WHERE { ?r fz:sourcePath ?f }")
        files = {str(f): str(r) for f, r in rows}
        assert files["traditional.txt"] == "https://w3id.org/fzgraph/report/370725/2020"
        assert store.query("ASK { ?a fz:practice fzp:first-violation-no-penalty ; fz:jurisdiction fzj:370725 }")


def test_strict_turns_skips_into_a_failure(tmp_path, corpus, runner):
    small = tmp_path / "small"
    small.mkdir()
    for name in ("copy-a.txt", "copy-b.txt", "notice.txt"):
        shutil.copy(corpus / name, small / name)
    args = ["build", str(small), "--store", str(tmp_path / "s"), "--silent"]
    assert runner.invoke(cli, args).exit_code == 0
    strict = runner.invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1 and "copies 1" in strict.output
