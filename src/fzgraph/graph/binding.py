"""Query parameters as a ``VALUES`` block: written safely, and placed where the engine can use it.

The embedded store binds a named query's parameters by substitution
(SEP-0007): each variable becomes its RDF term wherever it occurs, subqueries
included. Oxigraph plans the query before it substitutes, though, so a
bound parameter does not steer the join order: ``adoption-events`` for one
practice still walked every adoption (1.5 s on 1,000 reports). A one-row
``VALUES`` block of the same terms at the start of the outermost ``WHERE``
group gives the planner the constant (5 ms). It is a hint only: the terms are
still substituted, so the answer is the substitution's answer, and a
parameter used only inside a subquery is bound there as before.

Terms are written only in their N-Triples form (``term.n3()``): rdflib
escapes quotes, backslashes and newlines in literals and refuses IRIs with
characters that could end the IRI, so a value is always exactly one term.
"""

from __future__ import annotations

import re

from ..errors import QueryError

__all__ = ["values_block", "with_leading_values", "where_group_start"]

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# what may hide a brace or the word WHERE: comments, strings (long ones first) and IRIs
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                     r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*")
_WHERE = re.compile(r"(?<![\w?$:])WHERE\s*\{", re.IGNORECASE)


def values_block(bindings: dict) -> str:
    """``VALUES (?a ?b) { (<...> "..."@zh) }``: one row of the bound terms in N-Triples form."""
    names = [name for name, term in bindings.items() if term is not None]
    if not names:
        return ""
    for name in names:
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}", cause="param")
    try:
        terms = [bindings[name].n3() for name in names]
    except Exception as e:  # rdflib refuses IRIs it cannot write safely
        raise QueryError(f"cannot write a parameter as an RDF term: {e}", cause="param") from e
    return "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(terms) + ") }\n"


def where_group_start(text: str) -> int | None:
    """Offset just after the ``{`` that opens the query's outermost ``WHERE`` group (the
    first ``{`` when the keyword is left out), or None when there is none."""
    masked = _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)
    found = _WHERE.search(masked)
    if found:
        return found.end()
    brace = masked.find("{")
    return brace + 1 if brace >= 0 and not re.search(r"(?i)\bCONSTRUCT\b", masked[:brace]) else None


def with_leading_values(text: str, bindings: dict | None) -> str:
    """``text`` with a one-row ``VALUES`` block of ``bindings`` opening its ``WHERE`` group
    (unchanged when nothing is bound or there is no such group)."""
    block = values_block(bindings or {})
    at = where_group_start(text) if block else None
    if at is None:
        return text
    return f"{text[:at]}\n  {block}{text[at:]}"
