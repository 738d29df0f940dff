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

__all__ = ["uses_service", "token_matches", "nesting_depth", "MAX_NESTING"]

#: deepest nesting of { } and ( ) a request may have: parsers recurse per level, and a query
#: thousands of levels deep would exhaust a worker's stack
MAX_NESTING = 64
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")

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


def nesting_depth(text: str) -> int:
    """Deepest nesting of braces and parentheses outside strings, IRIs and comments."""
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if ch == "<":
            iri = _IRI.match(text, i)
            if iri:
                i = iri.end()
                continue
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})":
            depth -= 1
        i += 1
    return deepest


def token_matches(authorization: str | None, token: str) -> bool:
    """Does an ``Authorization: Bearer ...`` header carry ``token`` (compared in constant time)?"""
    if not authorization:
        return False
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8"))
