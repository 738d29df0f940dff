"""Extraction records -> the RDF of one report's named graph.

Everything a report says lives in the named graph whose IRI is the report's
IRI (``report/{code}/{year}``): the report node, one ``fz:Mention`` per span,
adoptions (one per jurisdiction x practice x year x status, every mention as
``prov:wasDerivedFrom`` evidence), indicator observations, the policies and
institutions it names and the candidate practice terms it uses. IRIs come from
:mod:`fzgraph.vocabulary`, so mapping the same records twice gives the same
triples.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..errors import MappingError
from ..records import Extraction, Mention
from ..schemes import metrics, practices
from ..vocabulary import (
    FZ,
    adoption_iri,
    bind_prefixes,
    candidate_iri,
    institution_iri,
    jurisdiction_iri,
    mention_iri,
    metric_iri,
    observation_iri,
    policy_iri,
    practice_iri,
    report_iri,
)
from .individuals import individual
from .terms import nt_term

__all__ = ["ReportTriples", "report_graph", "report_iri_of", "report_triples"]


def _looked_up(namespace, names: str) -> SimpleNamespace:
    """The terms of ``namespace`` named in ``names``, made once: rdflib builds and checks
    a new URIRef at every attribute access of a namespace, thousands of times a report."""
    return SimpleNamespace(**{name: namespace[name] for name in names.split()})


_DCTERMS = _looked_up(DCTERMS, "issued publisher title")
_FZ = _looked_up(FZ, (
    "Adoption CandidatePractice IndicatorObservation Institution Mention Policy Report changeDirection "
    "charCount citesPolicy documentNumber endOffset firstInRegion firstInRegionText inReport indexNumber "
    "institutionType issuer jurisdiction mentions metric policyType practice qualifier recognisedBy "
    "reportYear sectionKind sectionTitle sentence sha256 sourcePath startOffset status surfaceText unit "
    "unitMissing value year"))
_PROV = _looked_up(PROV, "wasDerivedFrom")
_RDF = _looked_up(RDF, "type")
_RDFS = _looked_up(RDFS, "label")
_XSD = _looked_up(XSD, "date decimal gYear")

# the same offsets, years, sentences and values recur within and across reports; a Literal
# is immutable, so one object serves them all (typed: Literal(True) is not Literal(1))
_literal = lru_cache(maxsize=1 << 16, typed=True)(Literal)


def report_iri_of(extraction_or_doc) -> URIRef:
    """The report's IRI; a clear error when its jurisdiction or year is unknown."""
    doc = getattr(extraction_or_doc, "document", extraction_or_doc)
    meta = doc.meta
    missing = [name for name, value in (("jurisdiction", meta.jurisdiction_code), ("year", meta.year)) if not value]
    if missing:
        raise MappingError(f"cannot place the report in the graph: {' and '.join(missing)} unknown "
                           f"({'; '.join(f'{k}: {v}' for k, v in meta.how.items()) or 'no evidence found'})",
                           path=doc.path, cause="unplaced")
    return report_iri(meta.jurisdiction_code, meta.year)


def _year(year: int) -> Literal:
    return _literal(f"{year:04d}", datatype=_XSD.gYear)


class ReportTriples:
    """The triples of one report's graph, in the order written, without repeats.

    Cheaper than an rdflib ``Graph`` for building (no indexes) and written
    out directly as N-Triples; :meth:`to_graph` gives an rdflib
    Graph when one is needed (validation, tests).
    """

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._triples: dict[tuple, None] = {}

    def add(self, triple: tuple) -> None:
        self._triples[triple] = None

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):
        return iter(self._triples)

    def to_graph(self) -> Graph:
        graph = bind_prefixes(Graph(identifier=self.identifier))
        for triple in self._triples:
            graph.add(triple)
        return graph

    def ntriples(self) -> str:
        """The triples as N-Triples text."""
        return self._lines(" .\n")

    def nquads(self) -> str:
        """The triples as N-Quads text, in the report's named graph (what a bulk load reads)."""
        return self._lines(f" {nt_term(self.identifier)} .\n")

    def _lines(self, tail: str) -> str:
        cache: dict = {}

        def term(t) -> str:
            written = cache.get(t)
            if written is None:
                written = cache[t] = nt_term(t)
            return written

        return "".join(f"{term(s)} {term(p)} {term(o)}{tail}" for s, p, o in self._triples)


class _Writer:
    """Adds one report's triples to a graph; remembers the mentions already written."""

    def __init__(self, extraction: Extraction):
        self.x = extraction
        self.doc = extraction.document
        self.report = report_iri_of(extraction)
        self.code = self.doc.meta.jurisdiction_code
        self.year = self.doc.meta.year
        self.place = jurisdiction_iri(self.code)
        self.graph = ReportTriples(self.report)
        self.add = self.graph.add
        self.numbered: set[URIRef] = set()

    def mention(self, m: Mention, target: URIRef | None) -> URIRef:
        iri = mention_iri(self.report, m.start, m.end)
        if (iri, _RDF.type, _FZ.Mention) not in self.graph:
            self.add((iri, _RDF.type, _FZ.Mention))
            self.add((iri, _FZ.inReport, self.report))
            self.add((iri, _FZ.startOffset, _literal(m.start)))
            self.add((iri, _FZ.endOffset, _literal(m.end)))
            self.add((iri, _FZ.surfaceText, _literal(m.text)))
            self.add((iri, _FZ.sentence, _literal(self.doc.text[m.sentence_start:m.sentence_end])))
            self.add((iri, _FZ.sectionKind, individual("SectionKind", m.section_kind)))
            if m.section_title:
                self.add((iri, _FZ.sectionTitle, _literal(m.section_title)))
        if target is not None:
            self.add((iri, _FZ.mentions, target))
        return iri

    def report_node(self) -> None:
        meta, r = self.doc.meta, self.report
        self.add((r, _RDF.type, _FZ.Report))
        self.add((r, _FZ.jurisdiction, self.place))
        self.add((r, _FZ.reportYear, _year(self.year)))
        self.add((r, _FZ.sha256, _literal(self.doc.sha256)))
        self.add((r, _FZ.sourcePath, _literal(Path(self.doc.path).name)))
        self.add((r, _FZ.charCount, _literal(len(self.doc.text))))
        if meta.title:
            self.add((r, _DCTERMS.title, _literal(meta.title, lang="zh")))
        if meta.published:
            self.add((r, _DCTERMS.issued, _literal(meta.published, datatype=_XSD.date)))
        if meta.publisher:
            self.add((r, _DCTERMS.publisher, _literal(meta.publisher, lang="zh")))
        if meta.index_number:
            self.add((r, _FZ.indexNumber, _literal(meta.index_number)))
        if meta.document_number:
            self.add((r, _FZ.documentNumber, _literal(meta.document_number)))

    def adoptions(self) -> None:
        known = practices().concepts
        groups = defaultdict(list)
        for m in self.x.practices:
            if m.slug not in known:
                raise MappingError(f"practice {m.slug!r} is not in the taxonomy",
                                   path=self.doc.path, cause="unknown-practice")
            groups[(m.slug, m.status)].append(m)
        for (slug, status), mentions in groups.items():
            node = adoption_iri(self.code, slug, self.year, status)
            self.add((node, _RDF.type, _FZ.Adoption))
            self.add((node, _FZ.jurisdiction, self.place))
            self.add((node, _FZ.practice, practice_iri(slug)))
            self.add((node, _FZ.year, _year(self.year)))
            self.add((node, _FZ.status, individual("AdoptionStatus", status)))
            for m in mentions:
                self.add((node, _PROV.wasDerivedFrom, self.mention(m, practice_iri(slug))))
                if m.region_code:
                    self.add((node, _FZ.firstInRegion, jurisdiction_iri(m.region_code)))
                if m.region:
                    self.add((node, _FZ.firstInRegionText, _literal(m.region)))
                if m.recognised_by:
                    self.add((node, _FZ.recognisedBy, _literal(m.recognised_by)))

    def observations(self) -> int:
        """Observations of known metrics; returns how many numbers had no known metric."""
        known, unclassified = metrics().concepts, 0
        for m in self.x.indicators:
            if m.metric not in known:
                unclassified += 1
                continue
            metric = metric_iri(m.metric)
            node = observation_iri(report=str(self.report), start=m.start, end=m.end, metric=m.metric)
            self.add((node, _RDF.type, _FZ.IndicatorObservation))
            self.add((node, _FZ.metric, metric))
            self.add((node, _FZ.value, _literal(m.value, datatype=_XSD.decimal)))
            if m.unit:
                self.add((node, _FZ.unit, _literal(m.unit)))
            else:
                self.add((node, _FZ.unitMissing, _literal(True)))
            self.add((node, _FZ.qualifier, individual("Qualifier", m.qualifier)))
            if m.direction:
                self.add((node, _FZ.changeDirection, _literal(m.direction)))
            self.add((node, _FZ.jurisdiction, self.place))
            self.add((node, _FZ.year, _year(self.year)))
            self.add((node, _PROV.wasDerivedFrom, self.mention(m, metric)))
        return unclassified

    def policies(self) -> None:
        for m in self.x.policies:
            node = policy_iri(m.title)
            self.add((node, _RDF.type, _FZ.Policy))
            self.add((node, _DCTERMS.title, _literal(m.title, lang="zh")))
            self.add((node, _FZ.policyType, individual("PolicyType", m.policy_type)))
            if m.number and node not in self.numbered:
                self.numbered.add(node)
                self.add((node, _FZ.documentNumber, _literal(m.number)))
            if m.issuer_code:
                self.add((node, _FZ.issuer, jurisdiction_iri(m.issuer_code)))
            self.add((self.report, _FZ.citesPolicy, node))
            self.mention(m, node)

    def institutions(self) -> None:
        names = [(self.doc.meta.jurisdiction_name, self.code), *((n, c) for c, n in self.doc.meta.parents)]
        for m in self.x.institutions:
            node = institution_iri(m.full_name)
            if (node, _RDF.type, _FZ.Institution) not in self.graph:
                self.add((node, _RDF.type, _FZ.Institution))
                self.add((node, _RDFS.label, _literal(m.full_name, lang="zh")))
                self.add((node, _FZ.institutionType, individual("InstitutionType", m.institution_type)))
                owner = next((code for name, code in names if name and m.full_name.startswith(name)), None)
                if owner:
                    self.add((node, _FZ.jurisdiction, jurisdiction_iri(owner)))
            self.mention(m, node)

    def places(self) -> None:
        for m in self.x.places:
            self.mention(m, jurisdiction_iri(m.code))

    def candidates(self) -> None:
        for m in self.x.candidates:
            node = candidate_iri(m.term)
            self.add((node, _RDF.type, _FZ.CandidatePractice))
            self.add((node, _RDFS.label, _literal(m.term, lang="zh")))
            self.add((node, _PROV.wasDerivedFrom, self.mention(m, node)))


def report_graph(extraction: Extraction) -> tuple[Graph, int]:
    """The named graph of one report as an rdflib Graph, and how many numbers had
    no known metric (those stay out of the graph: an observation needs a metric)."""
    triples, unclassified = report_triples(extraction)
    return triples.to_graph(), unclassified


def report_triples(extraction: Extraction) -> tuple[ReportTriples, int]:
    """:func:`report_graph` as :class:`ReportTriples` (what a build writes)."""
    writer = _Writer(extraction)
    writer.report_node()
    writer.adoptions()
    unclassified = writer.observations()
    writer.policies()
    writer.institutions()
    writer.places()
    writer.candidates()
    return writer.graph, unclassified
