"""Content negotiation: which media type to answer in, from an ``Accept`` header or a ``format`` parameter."""

from __future__ import annotations

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "FORMAT_ALIASES", "parse_accept", "choose"]

#: media types for SELECT and ASK answers, the first being the default
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
#: media types for CONSTRUCT and DESCRIBE answers, the first being the default
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")

#: other names clients use for the same formats
_SYNONYMS = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/json+ld": "application/ld+json",
}

#: values of the ``format`` request parameter (handy for links, which cannot set Accept)
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "ntriples": "application/n-triples", "nt": "application/n-triples", "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media type, q) pairs, best first; ``*/*`` when absent."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    items = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        items.append((media, q, position))
    items.sort(key=lambda item: (-item[1], item[2]))
    return [(media, q) for media, q, _ in items]


def choose(accept: list[tuple[str, float]], offered: tuple[str, ...]) -> str | None:
    """The first offered type the client accepts (by its preference), or None (answer 406)."""
    for media, q in accept:
        if q <= 0:
            continue
        if media in ("*/*", "*"):
            return offered[0]
        media = _SYNONYMS.get(media, media)
        if media in offered:
            return media
        if media.endswith("/*"):
            major = media[:-1]
            for candidate in offered:
                if candidate.startswith(major):
                    return candidate
    return None
