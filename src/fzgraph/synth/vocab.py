"""The words a synthetic report is made of, read from the project's data files.

Practices and their surface forms come from ``ontology/practices.ttl``
(prefLabel, altLabel, hiddenLabel, fz:strictLabel), metrics with their unit
and kind from ``ontology/metrics.ttl``, status and qualifier cue words and
units from ``ontology/cues.tsv`` and ``ontology/units.tsv``, institution
endings and generic institution names from ``ontology/institutions.tsv``
(all through :mod:`fzgraph.schemes` and :mod:`fzgraph.nlp.data`). Word lists
that are about writing rather than about the domain model (department names,
policy title patterns, brand words, number ranges) live in ``lexicon.tsv``
next to this module.

Labels are screened so that a form written for one fact does not state
another one by accident: a metric label or a generic institution name that
contains a practice label is not used, and every metric gets the outline area
whose practice labels share most character pairs with its own labels.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import PatternError
from ..gazetteer import Gazetteer
from ..nlp.data import load_tables
from ..schemes import metrics, practices

__all__ = ["Metric", "Practice", "Vocabulary", "load_lexicon", "load_vocabulary"]

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Practice:
    """A practice of the taxonomy with the forms a report may name it by."""

    slug: str
    pref: str
    alt: tuple[str, ...]
    hidden: tuple[str, ...]
    strict: tuple[str, ...]
    area: str
    depth: int


@dataclass(frozen=True)
class Metric:
    """A metric with the labels usable in text, its unit, kind and value range."""

    slug: str
    labels: tuple[str, ...]
    loaded: tuple[tuple[str, tuple[tuple[int, int, str], ...]], ...]  # labels naming practices, with
    # the (start, end, slug) of each practice name in them (法律援助案件: 法律援助)
    unit: str
    kind: str  # rate | count | money | change | duration | rank
    area: str | None
    low: float
    high: float
    direction: str | None  # for changes: the direction a label implies


@dataclass(frozen=True)
class Vocabulary:
    practices: dict[str, Practice]
    areas: tuple[str, ...]  # outline areas, in the order of the area headings in templates.tsv
    by_area: dict[str, tuple[str, ...]]  # area -> practice slugs
    metrics: dict[str, Metric]
    metrics_by_area: dict[str | None, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]
    unit_kinds: dict[str, str]
    institution_suffixes: tuple[tuple[str, str], ...]
    institution_forms: tuple[tuple[str, str, str], ...]  # short ending -> official ending (institution_forms.tsv)
    generic_institutions: dict[str, str]  # name -> type, screened
    lexicon: dict[str, tuple[tuple[str, str], ...]]  # list -> (value, extra)
    practice_gazetteer: Gazetteer  # every practice label (match and strict) -> slug
    metric_gazetteer: Gazetteer

    def institution_type(self, name: str) -> str:
        """The type ``ontology/institutions.tsv`` gives a name (longest ending wins)."""
        for suffix, kind in self.institution_suffixes:
            if name.endswith(suffix):
                return kind
        return "other"

    def words(self, name: str) -> tuple[str, ...]:
        return tuple(v for v, _ in self.lexicon.get(name, ()))

    def practice_hits(self, text: str) -> list[tuple[int, int, str, str]]:
        """Every practice label found in ``text``: (start, end, label, slug)."""
        return [(s, e, label, payload[0]) for s, e, label, payload in self.practice_gazetteer.find_all(text)]


def load_lexicon(path: Path | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """``lexicon.tsv`` as list name -> ((value, extra), ...), in file order."""
    path = path or HERE / "lexicon.tsv"
    if not path.is_file():
        raise PatternError(f"data file missing: {path}", path=str(path), cause="missing")
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for i, row in enumerate(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)):
        if i == 0 and row[:2] == ["list", "value"]:
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise PatternError(f"bad row {row!r}", path=str(path), cause="bad table")
        out[row[0].strip()].append((row[1].strip(), row[2].strip() if len(row) > 2 else ""))
    return {k: tuple(v) for k, v in out.items()}


def _bigrams(labels) -> Counter:
    grams: Counter = Counter()
    for label in labels:
        for i in range(len(label) - 1):
            grams[label[i:i + 2]] += 1
    return grams


def _metric_areas(scheme, metric_scheme, areas) -> dict[str, str | None]:
    """The outline area of each metric: the area whose practice labels share
    the most character pairs with the metric's labels (weighted by rarity)."""
    grams = {a: Counter() for a in areas}
    for slug, c in scheme.concepts.items():
        if not c.top:
            grams[scheme.area(slug)].update(_bigrams((c.pref_zh, *c.alt)))
    total: Counter = Counter()
    for g in grams.values():
        total.update(g)
    out = {}
    for slug, c in metric_scheme.concepts.items():
        own = _bigrams((c.pref_zh, *c.alt))
        scores = {a: sum(grams[a][g] / total[g] for g in own if total[g]) for a in areas}
        best = max(areas, key=lambda a: (scores[a], a))
        out[slug] = best if scores[best] >= 1.0 else None
    return out


def _ranges(lexicon) -> tuple[dict[str, tuple[float, float]], list[tuple[str, float, float]]]:
    def span(text: str) -> tuple[float, float]:
        lo, hi = text.split("-")
        return float(lo), float(hi)

    units = {v: span(x) for v, x in lexicon.get("range", ())}
    rates = [(v, *span(x)) for v, x in lexicon.get("rate_range", ())]
    return units, rates


@lru_cache(maxsize=2)
def _load(folder: str) -> Vocabulary:
    scheme = practices()
    metric_scheme = metrics()
    tables = load_tables()
    lexicon = load_lexicon()
    heading_areas = [v for v, _ in lexicon.get("area_order", ())]
    tops = sorted(s for s, c in scheme.concepts.items() if c.top)
    if sorted(heading_areas) != tops:
        raise PatternError(f"lexicon area_order must list the outline areas {tops}", path=str(HERE / "lexicon.tsv"),
                           cause="bad table")
    areas = tuple(heading_areas)
    status_words = tables.cues.get("piloted", ()) + tables.cues.get("first_in_region", ())
    prac: dict[str, Practice] = {}
    by_area: dict[str, list[str]] = {a: [] for a in areas}
    for slug, c in sorted(scheme.concepts.items()):
        if c.top:
            continue
        area = scheme.area(slug)
        # Forms with spaces change when the cleaner joins CJK text, so a context copied from the file would not
        # match; forms holding a status word (…改革试点) state a status of their own, so they are not written
        # for other statuses.
        plain = lambda forms: tuple(f for f in forms if not any(ch.isspace() for ch in f)  # noqa: E731
                                    and not any(w in f for w in status_words))
        prac[slug] = Practice(slug=slug, pref=c.pref_zh, alt=plain(c.alt), hidden=plain(c.hidden),
                              strict=plain(c.strict), area=area, depth=len(scheme.ancestors(slug)))
        by_area[area].append(slug)
    gaz = Gazetteer([(label, (slug, False)) for label, slug in scheme.labels.items() if slug in prac]
                    + [(label, (slug, True)) for label, slug in scheme.strict_labels.items() if slug in prac])
    match_only = Gazetteer([(label, slug) for label, slug in scheme.labels.items() if slug in prac])
    generic = {}
    for name, kind in tables.institution_names:
        if not match_only.find_all(name):
            generic[name] = kind
    unit_ranges, rate_ranges = _ranges(lexicon)
    increase = set(tables.cues.get("increase", ()))
    decrease = set(tables.cues.get("decrease", ()))
    areas_of = _metric_areas(scheme, metric_scheme, areas)
    skip = set(lexicon_values(lexicon, "metric_skip"))
    mets: dict[str, Metric] = {}
    by_metric_area: dict[str | None, list[str]] = defaultdict(list)
    for slug, c in sorted(metric_scheme.concepts.items()):
        if slug in skip or not c.unit or not c.kind:
            continue
        usable, loaded = [], []
        for label in (c.pref_zh, *c.alt):
            if (len(label) < 2 or any(ch.isdigit() or ch in "+、()（）" for ch in label)
                    or any(name in label for name, _ in tables.institution_names)):
                continue
            hits = gaz.find_all(label)
            if not hits:
                usable.append(label)
            elif len(label) >= 3 and all(not strict for *_, (_, strict) in hits):
                loaded.append((label, tuple((a, b, slug) for a, b, _, (slug, _) in gaz.find(label))))
        if not usable and not loaded:
            continue
        low, high = unit_ranges.get(c.unit, (1, 100))
        if c.kind == "rate":
            labels = usable + [x for x, _ in loaded]
            low, high = next(((lo, hi) for key, lo, hi in rate_ranges if any(key in lb for lb in labels)),
                             unit_ranges.get("%", (85, 100)))
        if c.kind == "change":
            low, high = unit_ranges.get("change", (5, 60))
        direction = None
        if c.kind == "change":
            words = "".join(usable + [x for x, _ in loaded])
            if any(w in words for w in decrease):
                direction = "decrease"
            elif any(w in words for w in increase):
                direction = "increase"
        mets[slug] = Metric(slug=slug, labels=tuple(usable), loaded=tuple(loaded), unit=c.unit, kind=c.kind,
                            area=areas_of[slug], low=low, high=high, direction=direction)
        by_metric_area[areas_of[slug]].append(slug)
    metric_gaz = Gazetteer(metric_scheme.labels.items())
    return Vocabulary(
        practices=prac, areas=areas, by_area={a: tuple(v) for a, v in by_area.items()}, metrics=mets,
        metrics_by_area={a: tuple(v) for a, v in by_metric_area.items()}, cues=tables.cues,
        unit_kinds=tables.unit_kinds, institution_suffixes=tables.institution_suffixes,
        institution_forms=tables.institution_forms,
        generic_institutions=generic, lexicon=lexicon, practice_gazetteer=gaz, metric_gazetteer=metric_gaz)


def lexicon_values(lexicon, name: str) -> tuple[str, ...]:
    return tuple(v for v, _ in lexicon.get(name, ()))


def load_vocabulary() -> Vocabulary:
    """The vocabulary for the current ontology folder (cached)."""
    from ..datafiles import ontology_dir

    return _load(str(ontology_dir()))
