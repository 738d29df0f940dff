"""What the endpoint refuses: federation (``SERVICE``) unless allowed, and writes without the token.

``SERVICE`` is found by parsing the request with rdflib's SPARQL grammar and
walking the parse tree for a ``ServiceGraphPattern`` node, so the word in a
comment, a string, an IRI or a variable name (``?service``) does not count,
and ``service``, ``SERVICE SILENT`` or a ``SERVICE`` nested in a sub-query,
``OPTIONAL``, ``MINUS`` or ``EXISTS`` do. pyoxigraph does execute ``SERVICE``
(it sends HTTP requests), so this check is what keeps the endpoint from
fetching other servers' data on a client's behalf.

If rdflib cannot parse a request that Oxigraph may still accept (Oxigraph
knows a few SPARQL 1.2 extensions), the check falls back to refusing any
request with the word ``SERVICE`` anywhere: it may refuse a harmless query,
never let a federated one through.

Parsing costs 10-20 ms per query; answers are cached per query text, so
named queries and repeated queries pay it once.
"""

from __future__ import annotations

import hmac
import re
from functools import lru_cache

__all__ = ["uses_service", "token_matches"]

_WORD = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _walk(node) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        name = getattr(item, "name", None)
        if name == "ServiceGraphPattern":
            return True
        if isinstance(item, dict):  # rdflib's CompValue is an OrderedDict
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(item)
    return False


@lru_cache(maxsize=2048)
def uses_service(text: str, *, update: bool = False) -> bool:
    """True if the query (or update) contains a ``SERVICE`` pattern (remembered per text: rdflib's
    parser takes 10-20 ms for a short query)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except Exception:
        return bool(_WORD.search(text))
    return _walk(tree)


def token_matches(authorization: str | None, token: str) -> bool:
    """Does an ``Authorization: Bearer ...`` header carry ``token`` (compared in constant time)?"""
    if not authorization:
        return False
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8"))
