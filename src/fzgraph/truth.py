"""Scoring a built graph against a corpus's fact-level truth (what ``fzgraph
synth`` writes beside its reports): ``facts.tsv`` (jurisdiction, year,
practice, status) and ``indicators.tsv`` (jurisdiction, year, metric, value,
unit).

Where :mod:`fzgraph.evaluate` scores spans in the text, this scores what a
user queries: the adoptions and observations in the store, read through
SPARQL, for the jurisdiction-years the truth covers (other reports in the
same store are left out). Four fact types are scored:

- ``adoptions``: (jurisdiction, year, practice), whatever the status;
- ``adoption statuses``: (jurisdiction, year, practice, status);
- ``observations``: (jurisdiction, year, metric);
- ``observation values``: (jurisdiction, year, metric, value).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .datafiles import read_tsv
from .errors import FzgraphError
from .evaluate import normalise_value

__all__ = ["FactScore", "score_store"]

_ADOPTIONS = """
SELECT ?j ?y ?p ?s WHERE {
  ?a a fz:Adoption ; fz:jurisdiction ?j ; fz:year ?y ; fz:practice ?p ; fz:status ?s .
}"""
_OBSERVATIONS = """
SELECT ?j ?y ?m ?v WHERE {
  GRAPH ?g { ?o a fz:IndicatorObservation ; fz:jurisdiction ?j ; fz:year ?y ; fz:metric ?m ; fz:value ?v . }
}"""


@dataclass
class FactScore:
    """Set-based precision and recall of one fact type; missed and extra facts kept for reading."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    misses: list[tuple] = field(default_factory=list)
    false_hits: list[tuple] = field(default_factory=list)

    @property
    def prf(self) -> tuple[float, float, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(gold: Counter, predicted: Counter) -> FactScore:
    # multisets: an observation stated twice with the same value is two facts
    matched = gold & predicted
    return FactScore(gold=sum(gold.values()), predicted=sum(predicted.values()), matched=sum(matched.values()),
                     misses=sorted((gold - predicted).elements()), false_hits=sorted((predicted - gold).elements()))


def _truth_rows(path: Path, columns: tuple[str, ...]) -> list[dict]:
    return read_tsv(path, columns, error=FzgraphError, cause="bad truth")


def score_store(store, truth_dir: Path) -> dict[str, FactScore]:
    """Scores of the graph in ``store`` against ``truth_dir/facts.tsv`` and ``indicators.tsv``."""
    from .graph.individuals import notation_of
    from .vocabulary import FZJ, FZM, FZP

    truth_dir = Path(truth_dir)
    facts = _truth_rows(truth_dir / "facts.tsv", ("jurisdiction_code", "year", "practice", "status"))
    indicators_file = truth_dir / "indicators.tsv"
    indicators = _truth_rows(indicators_file, ("jurisdiction_code", "year", "metric", "value")) \
        if indicators_file.exists() else []
    covered = _covered(truth_dir) | {(r["jurisdiction_code"], r["year"]) for r in facts + indicators}

    def local(iri, namespace) -> str:
        return str(iri)[len(str(namespace)):]

    _, rows = store.query(_ADOPTIONS)
    adoptions = [(local(j, FZJ), str(y), local(p, FZP), notation_of(s)) for j, y, p, s in rows]
    adoptions = [a for a in adoptions if a[:2] in covered]
    _, rows = store.query(_OBSERVATIONS)
    observations = [(local(j, FZJ), str(y), local(m, FZM), normalise_value(v)) for j, y, m, v in rows]
    observations = [o for o in observations if o[:2] in covered]

    gold_status = [(r["jurisdiction_code"], r["year"], r["practice"], r["status"]) for r in facts]
    gold_values = [(r["jurisdiction_code"], r["year"], r["metric"], normalise_value(r["value"])) for r in indicators]
    return {
        "adoptions": _score(Counter(set(f[:3] for f in gold_status)), Counter(set(a[:3] for a in adoptions))),
        "adoption statuses": _score(Counter(set(gold_status)), Counter(set(adoptions))),
        "observations": _score(Counter(f[:3] for f in gold_values), Counter(o[:3] for o in observations)),
        "observation values": _score(Counter(gold_values), Counter(observations)),
    }


def _covered(truth_dir: Path) -> set[tuple[str, str]]:
    """Jurisdiction-years of the corpus's reports, from their file names (``00042_320581_2021.txt``)."""
    import re

    pattern = re.compile(r"_([0-9A-Za-z-]+)_(\d{4})$")
    found = (pattern.search(p.stem) for p in (truth_dir / "reports").glob("*.txt"))
    return {(m.group(1), m.group(2)) for m in found if m}
