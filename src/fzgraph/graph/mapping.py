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
from pathlib import Path

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
    return Literal(f"{year:04d}", datatype=XSD.gYear)


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
        cache: dict = {}

        def term(t) -> str:
            written = cache.get(t)
            if written is None:
                written = cache[t] = nt_term(t)
            return written

        return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in self._triples)


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
        if (iri, RDF.type, FZ.Mention) not in self.graph:
            self.add((iri, RDF.type, FZ.Mention))
            self.add((iri, FZ.inReport, self.report))
            self.add((iri, FZ.startOffset, Literal(m.start)))
            self.add((iri, FZ.endOffset, Literal(m.end)))
            self.add((iri, FZ.surfaceText, Literal(m.text)))
            self.add((iri, FZ.sentence, Literal(self.doc.text[m.sentence_start:m.sentence_end])))
            self.add((iri, FZ.sectionKind, individual("SectionKind", m.section_kind)))
            if m.section_title:
                self.add((iri, FZ.sectionTitle, Literal(m.section_title)))
        if target is not None:
            self.add((iri, FZ.mentions, target))
        return iri

    def report_node(self) -> None:
        meta, r = self.doc.meta, self.report
        self.add((r, RDF.type, FZ.Report))
        self.add((r, FZ.jurisdiction, self.place))
        self.add((r, FZ.reportYear, _year(self.year)))
        self.add((r, FZ.sha256, Literal(self.doc.sha256)))
        self.add((r, FZ.sourcePath, Literal(Path(self.doc.path).name)))
        self.add((r, FZ.charCount, Literal(len(self.doc.text))))
        if meta.title:
            self.add((r, DCTERMS.title, Literal(meta.title, lang="zh")))
        if meta.published:
            self.add((r, DCTERMS.issued, Literal(meta.published, datatype=XSD.date)))
        if meta.publisher:
            self.add((r, DCTERMS.publisher, Literal(meta.publisher, lang="zh")))
        if meta.index_number:
            self.add((r, FZ.indexNumber, Literal(meta.index_number)))
        if meta.document_number:
            self.add((r, FZ.documentNumber, Literal(meta.document_number)))

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
            self.add((node, RDF.type, FZ.Adoption))
            self.add((node, FZ.jurisdiction, self.place))
            self.add((node, FZ.practice, practice_iri(slug)))
            self.add((node, FZ.year, _year(self.year)))
            self.add((node, FZ.status, individual("AdoptionStatus", status)))
            for m in mentions:
                self.add((node, PROV.wasDerivedFrom, self.mention(m, practice_iri(slug))))
                if m.region_code:
                    self.add((node, FZ.firstInRegion, jurisdiction_iri(m.region_code)))
                if m.region:
                    self.add((node, FZ.firstInRegionText, Literal(m.region)))
                if m.recognised_by:
                    self.add((node, FZ.recognisedBy, Literal(m.recognised_by)))

    def observations(self) -> int:
        """Observations of known metrics; returns how many numbers had no known metric."""
        known, unclassified = metrics().concepts, 0
        for m in self.x.indicators:
            if m.metric not in known:
                unclassified += 1
                continue
            metric = metric_iri(m.metric)
            node = observation_iri(report=str(self.report), start=m.start, end=m.end, metric=m.metric)
            self.add((node, RDF.type, FZ.IndicatorObservation))
            self.add((node, FZ.metric, metric))
            self.add((node, FZ.value, Literal(m.value, datatype=XSD.decimal)))
            if m.unit:
                self.add((node, FZ.unit, Literal(m.unit)))
            else:
                self.add((node, FZ.unitMissing, Literal(True)))
            self.add((node, FZ.qualifier, individual("Qualifier", m.qualifier)))
            if m.direction:
                self.add((node, FZ.changeDirection, Literal(m.direction)))
            self.add((node, FZ.jurisdiction, self.place))
            self.add((node, FZ.year, _year(self.year)))
            self.add((node, PROV.wasDerivedFrom, self.mention(m, metric)))
        return unclassified

    def policies(self) -> None:
        for m in self.x.policies:
            node = policy_iri(m.title)
            self.add((node, RDF.type, FZ.Policy))
            self.add((node, DCTERMS.title, Literal(m.title, lang="zh")))
            self.add((node, FZ.policyType, individual("PolicyType", m.policy_type)))
            if m.number and node not in self.numbered:
                self.numbered.add(node)
                self.add((node, FZ.documentNumber, Literal(m.number)))
            if m.issuer_code:
                self.add((node, FZ.issuer, jurisdiction_iri(m.issuer_code)))
            self.add((self.report, FZ.citesPolicy, node))
            self.mention(m, node)

    def institutions(self) -> None:
        names = [(self.doc.meta.jurisdiction_name, self.code), *((n, c) for c, n in self.doc.meta.parents)]
        for m in self.x.institutions:
            node = institution_iri(m.full_name)
            if (node, RDF.type, FZ.Institution) not in self.graph:
                self.add((node, RDF.type, FZ.Institution))
                self.add((node, RDFS.label, Literal(m.full_name, lang="zh")))
                self.add((node, FZ.institutionType, individual("InstitutionType", m.institution_type)))
                owner = next((code for name, code in names if name and m.full_name.startswith(name)), None)
                if owner:
                    self.add((node, FZ.jurisdiction, jurisdiction_iri(owner)))
            self.mention(m, node)

    def places(self) -> None:
        for m in self.x.places:
            self.mention(m, jurisdiction_iri(m.code))

    def candidates(self) -> None:
        for m in self.x.candidates:
            node = candidate_iri(m.term)
            self.add((node, RDF.type, FZ.CandidatePractice))
            self.add((node, RDFS.label, Literal(m.term, lang="zh")))
            self.add((node, PROV.wasDerivedFrom, self.mention(m, node)))


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
