"""Query parameters: what a user types (昌乐县, 告知承诺制, 2020) -> one RDF term.

Each named query declares its parameters with a kind; the kind says how a
value is resolved. Values become RDF terms that the store substitutes into
the query; no value is ever pasted into query text, so quotes, braces or
``} ; DROP`` in a value can only ever be part of a literal.
"""

from __future__ import annotations

import difflib
import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..errors import JurisdictionError, QueryError
from ..jurisdictions import JurisdictionTable, load_table
from ..resolver import resolve_name
from ..schemes import Scheme, metrics, practices
from ..vocabulary import PREFIXES, jurisdiction_iri, metric_iri, practice_iri
from .individuals import individual

__all__ = ["KINDS", "resolve_param"]

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")


def _concept(scheme: Scheme, value: str, what: str) -> str:
    value = value.strip()
    if value in scheme.concepts:
        return value
    for labels in (scheme.labels, scheme.strict_labels):
        if value in labels:
            return labels[value]
    by_english = {c.pref_en.casefold(): c.slug for c in scheme.concepts.values() if c.pref_en}
    if value.casefold() in by_english:
        return by_english[value.casefold()]
    known = [*scheme.concepts, *scheme.labels, *by_english]
    close = difflib.get_close_matches(value, known, n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown {what} {value!r}{hint}", cause=f"unknown-{what}")


def _jurisdiction(value: str, table: JurisdictionTable) -> URIRef:
    value = value.strip()
    if value in table:
        return jurisdiction_iri(value)
    try:
        if table.candidates(value):
            return jurisdiction_iri(resolve_name(table, value, value).unit.code)
        names = [name for _, _, name in table.find_names(value)]
        if names and "".join(names) == value:  # 潍坊市昌乐县: the last name, the others as context
            return jurisdiction_iri(resolve_name(table, names[-1], value).unit.code)
    except JurisdictionError as e:
        raise QueryError(str(e), cause="jurisdiction") from e
    raise QueryError(f"unknown jurisdiction {value!r} (give a six-digit code or a name such as 昌乐县)",
                     cause="jurisdiction")


def _year(value: str) -> Literal:
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise QueryError(f"year must be four digits, not {value!r}", cause="year")
    return Literal(value.strip(), datatype=XSD.gYear)


def _individual(cls: str):
    def resolve(value: str, _table=None) -> URIRef:
        from ..errors import MappingError

        try:
            return individual(cls, value.strip())
        except MappingError as e:
            raise QueryError(str(e), cause=cls) from e
    return resolve


def _iri(value: str) -> URIRef:
    """A full IRI, or a prefixed name with one of fzgraph's prefixes (fzj:370725)."""
    value = value.strip()
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    elif not (_IRI.match(value) and (prefix in ("http", "https", "urn") or "://" in value)):
        raise QueryError(f"not an IRI: {value!r} (give a full http(s) IRI or a prefixed name such as "
                         f"fzj:370725; known prefixes: {', '.join(PREFIXES)})", cause="iri")
    if not _IRI.match(value):
        raise QueryError(f"not an IRI: {value!r}", cause="iri")
    return URIRef(value)


def _bool(value: str) -> Literal:
    lowered = value.strip().lower()
    if lowered not in {"true", "false", "yes", "no", "1", "0"}:
        raise QueryError(f"expected true or false, not {value!r}", cause="bool")
    return Literal(lowered in {"true", "yes", "1"})


#: parameter kind -> resolver(value, table) -> RDF term
KINDS = {
    "jurisdiction": _jurisdiction,
    "practice": lambda v, t=None: practice_iri(_concept(practices(), v, "practice")),
    "metric": lambda v, t=None: metric_iri(_concept(metrics(), v, "metric")),
    "year": lambda v, t=None: _year(v),
    "status": _individual("AdoptionStatus"),
    "policy_type": _individual("PolicyType"),
    "institution_type": _individual("InstitutionType"),
    "iri": lambda v, t=None: _iri(v),
    "text": lambda v, t=None: Literal(v),
    "bool": lambda v, t=None: _bool(v),
}


def resolve_param(kind: str, value: str, table: JurisdictionTable | None = None):
    """The RDF term for ``value`` of parameter kind ``kind``."""
    if kind not in KINDS:
        raise QueryError(f"unknown parameter kind {kind!r}", cause="kind")
    if kind == "jurisdiction":
        return _jurisdiction(value, table or load_table())
    return KINDS[kind](value, table)
