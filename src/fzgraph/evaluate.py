"""Extraction quality against gold annotations written by reading the reports
(``tests/gold/*.json``; see its GUIDELINES.md): precision, recall and F1 per
fact type and per report, with span overlap as the match rule, and the status,
value and unit of matched facts scored apart. Misses and false hits are listed
so they can be read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FzgraphError
from .ingest import ingest_file
from .ingest.clean import normalise_chars
from .nlp import extract
from .records import Extraction

__all__ = ["Score", "evaluate", "load_gold", "locate", "normalise_value", "predictions", "TYPES"]

TYPES = ("practices", "indicators", "policies", "institutions")
# gold field -> prediction attribute, scored on matched pairs
ATTRIBUTES = {
    "practices": {"status": "status"},
    "indicators": {"value": "value", "unit": "unit", "qualifier": "qualifier"},
    "policies": {"number": "number", "type": "policy_type"},
    "institutions": {"full_name": "full_name", "type": "institution_type"},
}


@dataclass
class Score:
    """Counts for one fact type (optionally one report)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    attribute_hits: dict[str, int] = field(default_factory=dict)
    strict_matched: int = 0  # matched and every attribute equal
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    wrong_attributes: list[str] = field(default_factory=list)  # matched spans with an attribute that differs

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.strict_matched += other.strict_matched
        for k, v in other.attribute_hits.items():
            self.attribute_hits[k] = self.attribute_hits.get(k, 0) + v
        self.misses += other.misses
        self.false_hits += other.false_hits
        self.wrong_attributes += other.wrong_attributes

    @staticmethod
    def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def prf(self) -> tuple[float, float, float]:
        return self._prf(self.matched, self.predicted, self.gold)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._prf(self.strict_matched, self.predicted, self.gold)

    def accuracy(self, attribute: str) -> float:
        return self.attribute_hits.get(attribute, 0) / self.matched if self.matched else 0.0


def locate(text: str, context: str, span: str) -> tuple[int, int] | None:
    """Offsets of ``span`` inside ``context`` inside ``text`` (after the same normalisation)."""
    context, span = normalise_chars(context), normalise_chars(span)
    at = text.find(context)
    if at >= 0:
        inner = context.find(span)
        return (at + inner, at + inner + len(span)) if inner >= 0 else None
    # the cleaner drops spaces between Chinese and Latin (一本账 S1 -> 一本账S1): match ignoring whitespace
    found = _spaced(context).search(text)
    inner = _spaced(span).search(text, found.start(), found.end()) if found else None
    return inner.span() if inner else None


def _spaced(words: str) -> re.Pattern:
    return re.compile(r"\s*".join(map(re.escape, re.sub(r"\s+", "", words))))


def load_gold(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise FzgraphError(f"cannot read gold annotations: {e}", path=str(path), cause="bad gold") from e


def normalise_value(value) -> str | None:
    """A value as text, numbers in one canonical form (``1.50`` and ``1.5`` compare equal)."""
    if value is None:
        return None
    text = str(value)
    try:
        from decimal import Decimal

        return format(Decimal(text).normalize(), "f")
    except Exception:
        return text


def predictions(kind: str, extraction: Extraction) -> list:
    """What the extractor reports as facts of ``kind``. For practices this is
    the taxonomy mentions plus the candidates the text itself marks as practice
    names (reason ``named``: “1+2+N”模式, “百日攻坚”专项行动): the gold
    annotates practice names the taxonomy does not know yet (see its
    GUIDELINES), and the extractor reports those as named candidates, each with
    a status; leaving them out scored every such name as a miss although it
    was found. Plain candidates (any quoted term, any name ending in 机制)
    are suggestions for the taxonomy and are not scored."""
    found = list(getattr(extraction, kind))
    if kind == "practices":
        found += [c for c in extraction.candidates if c.reason == "named"]
        found.sort(key=lambda m: (m.start, m.end))
    return found


def score_type(kind: str, gold_items: list[dict], extraction: Extraction) -> Score:
    text = extraction.document.text
    predicted = predictions(kind, extraction)
    score = Score(gold=0, predicted=len(predicted))
    used = set()
    attrs = ATTRIBUTES[kind]
    for item in gold_items:
        where = locate(text, item["context"], item["text"])
        if where is None:
            continue  # the gold span lies in text the cleaner removed; reported by tests
        score.gold += 1
        start, end = where
        best, best_overlap = None, 0
        for i, p in enumerate(predicted):
            overlap = min(end, p.end) - max(start, p.start)
            if i not in used and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            score.misses.append(f"{item['text']}  [{text[max(0, start - 12):end + 12]}]")
            continue
        used.add(best)
        score.matched += 1
        pred = predicted[best]
        all_equal = True
        for gold_key, attr in attrs.items():
            equal = normalise_value(item.get(gold_key)) == normalise_value(getattr(pred, attr, None))
            score.attribute_hits[gold_key] = score.attribute_hits.get(gold_key, 0) + int(equal)
            all_equal &= equal
            if not equal:
                score.wrong_attributes.append(f"{item['text']}  {gold_key}: gold {item.get(gold_key)!r}, "
                                              f"extracted {getattr(pred, attr, None)!r}")
        score.strict_matched += int(all_equal)
    for i, p in enumerate(predicted):
        if i not in used:
            score.false_hits.append(f"{p.text}  [{text[max(0, p.start - 12):p.end + 12]}]")
    return score


def evaluate(gold_dir: Path, reports_dir: Path) -> dict[str, dict[str, Score]]:
    """Scores by report name and fact type (plus an ``"all"`` report)."""
    results: dict[str, dict[str, Score]] = {"all": {k: Score() for k in TYPES}}
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise FzgraphError("no gold annotations (*.json) found", path=str(gold_dir), cause="no gold")
    for path in gold_files:
        gold = load_gold(path)
        report = reports_dir / gold.get("report", path.stem + ".txt")
        extraction = extract(ingest_file(report))
        results[report.name] = {}
        for kind in TYPES:
            score = score_type(kind, gold.get(kind, []), extraction)
            results[report.name][kind] = score
            results["all"][kind].add(score)
    return results
