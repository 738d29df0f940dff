"""Namespaces and the one prefix map that feeds Turtle prefixes, the JSON-LD
context and SPARQL ``PREFIX`` lines.

Instance IRIs all live under :data:`BASE` and are built by the functions here,
so the same input always gives the same IRI.
"""

from __future__ import annotations

import hashlib
import json

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

__all__ = [
    "BASE", "FZ", "FZP", "FZM", "FZJ", "FZR", "FZSH", "PREFIXES",
    "sparql_prefixes", "jsonld_context", "bind_prefixes", "hash_key",
    "jurisdiction_iri", "report_iri", "practice_iri", "metric_iri", "mention_iri", "adoption_iri",
    "observation_iri", "policy_iri", "institution_iri", "candidate_iri", "build_iri", "PROVENANCE_GRAPH",
]

BASE = "https://w3id.org/fzgraph/"
FZ = Namespace(BASE + "ontology#")
FZP = Namespace(BASE + "practice/")
FZM = Namespace(BASE + "metric/")
FZJ = Namespace(BASE + "jurisdiction/")
FZR = Namespace(BASE + "report/")
FZSH = Namespace(BASE + "shapes#")

#: prefix -> namespace IRI; the single source for every serialisation.
PREFIXES: dict[str, str] = {
    "fz": str(FZ), "fzp": str(FZP), "fzm": str(FZM), "fzj": str(FZJ), "fzr": str(FZR), "fzsh": str(FZSH),
    "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV), "org": str(ORG), "qb": str(QB),
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """``PREFIX`` lines for every known prefix."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_prefixes(graph):
    """Bind every known prefix on an rdflib graph (for readable Turtle and messages)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return graph


def jsonld_context() -> dict:
    """A JSON-LD ``@context`` with the same prefixes."""
    return {"@context": dict(PREFIXES)}


def hash_key(**fields) -> str:
    """SHA-1 of the canonical JSON of ``fields`` (sorted keys): a stable IRI key."""
    blob = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def jurisdiction_iri(code: str):
    return FZJ[code]


def report_iri(code: str, year: int):
    return FZR[f"{code}/{year}"]


def practice_iri(slug: str):
    return FZP[slug]


def metric_iri(slug: str):
    return FZM[slug]


def mention_iri(report: str, start: int, end: int) -> URIRef:
    """A span of a report's clean text (end exclusive)."""
    return URIRef(f"{report}/mention/{start}-{end}")


def adoption_iri(code: str, slug: str, year: int, status: str) -> URIRef:
    return URIRef(f"{BASE}adoption/{code}/{slug}/{year}/{status}")


def observation_iri(**fields) -> URIRef:
    return URIRef(f"{BASE}observation/{hash_key(**fields)}")


def policy_iri(title: str) -> URIRef:
    """One node per policy: the key is its normalised title, so many reports citing it share it."""
    return URIRef(f"{BASE}policy/{hashlib.sha1(normalise_title(title).encode('utf-8')).hexdigest()}")


def institution_iri(full_name: str) -> URIRef:
    return URIRef(f"{BASE}institution/{hashlib.sha1(full_name.encode('utf-8')).hexdigest()}")


def candidate_iri(term: str) -> URIRef:
    return URIRef(f"{BASE}candidate/{hashlib.sha1(term.encode('utf-8')).hexdigest()}")


def build_iri(key: str) -> URIRef:
    return URIRef(f"{BASE}build/{key}")


def normalise_title(title: str) -> str:
    """A policy title without whitespace or enclosing book-title marks."""
    return "".join(title.split()).strip("《》")


#: the named graph that holds build activities (times, versions, input digests)
PROVENANCE_GRAPH = URIRef(BASE + "graph/provenance")


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(jsonld_context(), indent=2))
