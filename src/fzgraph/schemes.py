"""SKOS concept schemes as plain records: the practice taxonomy
(``ontology/practices.ttl``) and the metric vocabulary (``ontology/metrics.ttl``).

Extractors are built from these records, so adding a practice or a synonym is
one edit in the Turtle file and no code change. Loading checks what the
matchers rely on: every label belongs to one concept, every broader concept
exists, no cycles; all problems are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .datafiles import ontology_file
from .errors import PatternError
from .vocabulary import FZ

__all__ = ["Concept", "Scheme", "load_scheme", "practices", "metrics"]


@dataclass(frozen=True)
class Concept:
    """One SKOS concept with its labels."""

    iri: str
    slug: str
    pref_zh: str
    pref_en: str
    alt: tuple[str, ...]
    hidden: tuple[str, ...]
    strict: tuple[str, ...]
    broader: tuple[str, ...]
    definition: str
    top: bool = False
    unit: str | None = None
    kind: str | None = None

    @property
    def match_labels(self) -> tuple[str, ...]:
        """Labels matched anywhere in text (strict labels are matched apart)."""
        return (self.pref_zh, *self.alt, *self.hidden)


@dataclass(frozen=True)
class Scheme:
    """A concept scheme: concepts by slug, and label -> slug."""

    path: str
    concepts: dict[str, Concept]
    labels: dict[str, str]
    strict_labels: dict[str, str]

    def ancestors(self, slug: str) -> list[str]:
        """Broader concepts of ``slug``, nearest first (breadth first)."""
        seen, queue = [], list(self.concepts[slug].broader)
        while queue:
            s = queue.pop(0)
            if s not in seen and s in self.concepts:
                seen.append(s)
                queue.extend(self.concepts[s].broader)
        return seen

    def area(self, slug: str) -> str | None:
        """The top concept (outline area) a concept falls under."""
        chain = [slug, *self.ancestors(slug)]
        return next((s for s in reversed(chain) if self.concepts[s].top), None)

    def descendants(self, slug: str) -> list[str]:
        """Narrower concepts of ``slug`` at any depth."""
        return [s for s in self.concepts if slug in self.ancestors(s)]


def _texts(graph: Graph, subject: URIRef, predicate, lang: str | None = "zh") -> list[str]:
    values = []
    for obj in graph.objects(subject, predicate):
        if isinstance(obj, Literal) and (lang is None or obj.language == lang):
            values.append(str(obj))
    return sorted(values)


def _one(graph: Graph, subject: URIRef, predicate, lang: str) -> str:
    values = _texts(graph, subject, predicate, lang)
    return values[0] if values else ""


def load_scheme(path: Path, namespace: str) -> Scheme:
    """Parse a SKOS scheme file and check it (see the module docstring).

    Raises
    ------
    PatternError
        Unparseable file, or a list of every label clash, dangling broader
        link and cycle found.
    """
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as e:  # rdflib raises parser-specific exceptions
        raise PatternError(f"not valid Turtle: {e}", path=str(path), cause="parse") from e
    problems: list[str] = []
    concepts: dict[str, Concept] = {}
    tops = set(graph.subjects(SKOS.topConceptOf, None))
    for subject in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        if not isinstance(subject, URIRef) or not str(subject).startswith(namespace):
            continue
        slug = str(subject)[len(namespace):]
        broader = tuple(sorted(str(b)[len(namespace):] for b in graph.objects(subject, SKOS.broader)))
        unit = graph.value(subject, FZ.unitOf)
        kind = graph.value(subject, FZ.metricKind)
        concepts[slug] = Concept(
            iri=str(subject), slug=slug, pref_zh=_one(graph, subject, SKOS.prefLabel, "zh"),
            pref_en=_one(graph, subject, SKOS.prefLabel, "en"),
            alt=tuple(_texts(graph, subject, SKOS.altLabel)), hidden=tuple(_texts(graph, subject, SKOS.hiddenLabel)),
            strict=tuple(_texts(graph, subject, FZ.strictLabel)), broader=broader,
            definition=_one(graph, subject, SKOS.definition, "en"), top=subject in tops,
            unit=str(unit) if unit is not None else None, kind=str(kind) if kind is not None else None)
    labels: dict[str, str] = {}
    strict: dict[str, str] = {}
    for slug, concept in concepts.items():
        if not concept.pref_zh:
            problems.append(f"{slug}: no Chinese prefLabel")
        for label, target in [(lb, labels) for lb in concept.match_labels] + [(lb, strict) for lb in concept.strict]:
            other = labels.get(label) or strict.get(label)
            if other and other != slug:
                problems.append(f"label {label!r} belongs to both {other} and {slug}")
            target[label] = slug
        for b in concept.broader:
            if b not in concepts:
                problems.append(f"{slug}: broader {b} is not a concept of the scheme")
    for label, slug in strict.items():
        if labels.get(label) == slug:
            del labels[label]  # a concept may make its own prefLabel strict: the strict reading wins
    for slug in concepts:
        if _has_cycle(concepts, slug):
            problems.append(f"{slug}: skos:broader cycle")
    if problems:
        raise PatternError(f"{len(problems)} problem(s): " + "; ".join(problems[:20]), path=str(path),
                           cause="invalid scheme")
    return Scheme(path=str(path), concepts=concepts, labels=labels, strict_labels=strict)


def _has_cycle(concepts: dict[str, Concept], start: str) -> bool:
    stack, seen = list(concepts[start].broader), set()
    while stack:
        slug = stack.pop()
        if slug == start:
            return True
        if slug in seen or slug not in concepts:
            continue
        seen.add(slug)
        stack.extend(concepts[slug].broader)
    return False


@lru_cache(maxsize=8)
def _cached(path: str, namespace: str, mtime: float) -> Scheme:
    return load_scheme(Path(path), namespace)


def practices() -> Scheme:
    """The practice taxonomy from ``ontology/practices.ttl``."""
    path = ontology_file("practices.ttl")
    return _cached(str(path), "https://w3id.org/fzgraph/practice/", path.stat().st_mtime)


def metrics() -> Scheme:
    """The metric vocabulary from ``ontology/metrics.ttl``."""
    path = ontology_file("metrics.ttl")
    return _cached(str(path), "https://w3id.org/fzgraph/metric/", path.stat().st_mtime)
