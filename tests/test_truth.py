"""Scoring a built graph against a synthetic corpus's fact-level truth
(``fzgraph eval --truth``): what counts, what is left out, and bad truth files."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS
from fzgraph.errors import FzgraphError
from fzgraph.graph.build import build
from fzgraph.graph.store import GraphStore
from fzgraph.synth import generate
from fzgraph.truth import score_store


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """A 12-report synthetic corpus built, with the seeds, into one store."""
    root = tmp_path_factory.mktemp("truth")
    corpus = root / "corpus"
    generate(corpus, 12, seed=7, chars=4000)
    path = root / "store"
    with GraphStore.open(path) as store:
        report = build([corpus / "reports", SEEDS], store, validate=False)
    assert report.ok and len(report.built) == 17
    return corpus, path


def _copy_truth(corpus, target):
    shutil.copytree(corpus, target, ignore=shutil.ignore_patterns("truth"))
    return target


def test_only_the_corpus_jurisdiction_years_are_scored(scored):
    corpus, path = scored
    with GraphStore.open(path, read_only=True) as store:
        scores = score_store(store, corpus)
        _, rows = store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a fz:Adoption }")
    predicted = scores["adoption statuses"].predicted
    assert 0 < predicted < int(rows[0][0])  # the seeds' adoptions are in the store but not scored
    seed_codes = {"370725", "330603", "210212"}
    assert not any(fact[0] in seed_codes for fact in scores["adoption statuses"].false_hits)


def test_a_fact_removed_from_the_truth_becomes_a_false_hit(scored, tmp_path):
    corpus, path = scored
    with GraphStore.open(path, read_only=True) as store:
        before = score_store(store, corpus)["adoption statuses"]
        changed = _copy_truth(corpus, tmp_path / "changed")
        lines = (changed / "facts.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
        found = [i for i, line in enumerate(lines[1:], 1)
                 if tuple(line.rstrip("\n").split("\t")) not in set(before.misses)]
        removed = lines.pop(found[0])
        (changed / "facts.tsv").write_text("".join(lines), encoding="utf-8")
        after = score_store(store, changed)["adoption statuses"]
    assert after.gold == before.gold - 1
    assert after.matched == before.matched - 1
    assert after.predicted == before.predicted
    assert tuple(removed.rstrip("\n").split("\t")) in after.false_hits


def test_a_fact_the_graph_lacks_is_a_miss(scored, tmp_path):
    corpus, path = scored
    changed = _copy_truth(corpus, tmp_path / "added")
    code, year = (changed / "facts.tsv").read_text(encoding="utf-8").splitlines()[1].split("\t")[:2]
    with (changed / "indicators.tsv").open("a", encoding="utf-8") as f:
        f.write(f"{code}\t{year}\tcertification-rate\t12.5\t%\n")
    with GraphStore.open(path, read_only=True) as store:
        before = score_store(store, corpus)["observation values"]
        after = score_store(store, changed)["observation values"]
    assert after.gold == before.gold + 1 and after.matched == before.matched
    assert (code, year, "certification-rate", "12.5") in after.misses


def test_a_truth_file_without_its_columns_is_named(scored, tmp_path):
    corpus, path = scored
    changed = _copy_truth(corpus, tmp_path / "bad")
    (changed / "facts.tsv").write_text("code\tyear\n320803\t2019\n", encoding="utf-8")
    with GraphStore.open(path, read_only=True) as store, pytest.raises(FzgraphError) as caught:
        score_store(store, changed)
    assert "facts.tsv" in str(caught.value) and "jurisdiction_code" in str(caught.value)


def test_cli_prints_the_scores_as_json(scored, runner):
    from fzgraph.cli import cli

    corpus, path = scored
    result = runner.invoke(cli, ["eval", "--truth", str(corpus), "--store", str(path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(scores) == {"adoptions", "adoption statuses", "observations", "observation values"}
    for s in scores.values():
        assert 0 <= s["matched"] <= min(s["gold"], s["predicted"])
