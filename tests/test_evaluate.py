"""The span evaluator behind ``fzgraph eval --gold``: every gold annotation of the seeds is found
in the cleaned text, and a miss, a false hit and a wrong attribute are each counted where they belong."""

from __future__ import annotations

import json
from pathlib import Path

from fzgraph.cli import cli
from fzgraph.evaluate import TYPES, locate, score_type
from fzgraph.ingest import ingest_file
from fzgraph.nlp import extract, extract_text

GOLD = Path(__file__).parent / "gold"


def test_every_seed_gold_annotation_is_located_in_the_cleaned_text(seed_paths):
    lost = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = ingest_file(seed_paths[gold["report"].split("_")[0]]).text
        lost += [(path.name, kind, item["context"]) for kind in TYPES for item in gold[kind]
                 if locate(text, item["context"], item["text"]) is None]
    assert lost == []


def test_a_missing_prediction_a_false_hit_and_a_wrong_attribute_are_counted_apart():
    extraction = extract_text("全年共办理行政复议案件58件,人民调解成功率达98%。")
    gold = [
        {"text": "58件", "context": "办理行政复议案件58件,人民", "metric": "行政复议案件", "value": "58",
         "unit": "件", "qualifier": "exact", "direction": None},
        {"text": "行政复议", "context": "共办理行政复议案件58件", "metric": "x", "value": "1",
         "unit": "件", "qualifier": "exact", "direction": None},  # overlaps nothing left: a miss
    ]
    score = score_type("indicators", gold, extraction)
    assert (score.gold, score.predicted, score.matched) == (2, 2, 1)
    assert len(score.misses) == 1 and score.misses[0].startswith("行政复议")
    assert len(score.false_hits) == 1 and score.false_hits[0].startswith("98%")
    gold[0]["value"] = "59"
    wrong = score_type("indicators", gold, extraction).wrong_attributes
    assert wrong == ["58件  value: gold '59', extracted '58'"]


def test_cli_eval_lists_misses_false_hits_and_wrong_attributes(runner, tmp_path, seed_paths):
    path = seed_paths["001"]
    gold = {"report": path.name, "practices": [], "policies": [], "institutions": [], "indicators": [
        {"text": "58件", "context": "58件", "metric": "m", "value": "0", "unit": "件", "qualifier": "exact",
         "direction": None}]}
    extraction = extract(ingest_file(path))
    text, first = extraction.document.text, extraction.indicators[0]
    gold["indicators"][0].update(text=first.text, context=text[first.start - 6:first.end + 6], unit=first.unit,
                                 qualifier=first.qualifier, direction=first.direction)
    (tmp_path / "g.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["eval", "--gold", str(tmp_path), "--reports", str(path.parent), "--errors"])
    assert result.exit_code == 0, result.output
    assert "## indicators: 1 attribute differences on matched spans" in result.output
    assert f"  ~ {first.text}  value: gold '0', extracted '{first.value}'" in result.output
