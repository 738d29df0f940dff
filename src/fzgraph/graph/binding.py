"""Query parameters as a ``VALUES`` block: written safely, and placed where the engine can use it.

The embedded store binds a named query's parameters by substitution
(SEP-0007): each variable becomes its RDF term wherever it occurs, subqueries
included. Oxigraph plans the query before it substitutes, though, so a
bound parameter does not steer the join order: ``adoption-events`` for one
practice still walked every adoption (1.5 s on 1,000 reports). A one-row
``VALUES`` block of the same terms opening a group gives the planner the
constant (5 ms). The planner does not carry a block into a subquery, an
``OPTIONAL``, a ``MINUS`` or an ``EXISTS``, so the block opens each of those
groups (and the outermost ``WHERE`` group) whose text uses the variable:
``planned-not-implemented`` for one jurisdiction went from 4 s to under
0.1 s. It is a hint only: the terms are still substituted, so the answer is
the substitution's answer.

Terms are written only in their N-Triples form (``term.n3()``): rdflib
escapes quotes, backslashes and newlines in literals and refuses IRIs with
characters that could end the IRI, so a value is always exactly one term.
"""

from __future__ import annotations

import re

from ..errors import QueryError

__all__ = ["header_lines", "values_block", "with_leading_values", "with_candidate_values", "where_group_start",
           "hinted_groups"]

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# what may hide a brace or the word WHERE: comments, strings (long ones first) and IRIs
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                     r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*")
_WHERE = re.compile(r"(?<![\w?$:])WHERE\s*\{", re.IGNORECASE)
# groups the planner plans on their own: a subquery's WHERE, OPTIONAL, MINUS, (NOT) EXISTS
_INNER_GROUP = re.compile(r"(?<![\w?$:])(?:WHERE|OPTIONAL|MINUS|EXISTS)\s*\{", re.IGNORECASE)


def header_lines(text: str) -> str:
    """The comment lines that open a query's text (its header), joined by newlines."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


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


def _masked(text: str) -> str:
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def where_group_start(text: str) -> int | None:
    """Offset just after the ``{`` that opens the query's outermost ``WHERE`` group (the
    first ``{`` when the keyword is left out), or None when there is none."""
    return _outer_start(_masked(text))


def _outer_start(masked: str) -> int | None:
    found = _WHERE.search(masked)
    if found:
        return found.end()
    brace = masked.find("{")
    return brace + 1 if brace >= 0 and not re.search(r"(?i)\bCONSTRUCT\b", masked[:brace]) else None


def _group_end(masked: str, start: int) -> int:
    """Offset of the ``}`` closing the group whose ``{`` is just before ``start``."""
    depth = 1
    for at in range(start, len(masked)):
        if masked[at] == "{":
            depth += 1
        elif masked[at] == "}":
            depth -= 1
            if not depth:
                return at
    return len(masked)


def hinted_groups(text: str, names) -> list[tuple[int, list[str]]]:
    """Where a ``VALUES`` hint goes: for the outermost ``WHERE`` group and each
    subquery, ``OPTIONAL``, ``MINUS`` or ``EXISTS`` group, the offset just after
    its ``{`` and the variables of ``names`` its text uses (outermost group: all)."""
    masked = _masked(text)
    outer = _outer_start(masked)
    if outer is None:
        return []
    found = [(outer, list(names))]
    for match in _INNER_GROUP.finditer(masked, outer):
        body = masked[match.end():_group_end(masked, match.end())]
        used = [n for n in names if re.search(rf"[?$]{n}(?![A-Za-z0-9_])", body)]
        if used and match.end() != outer:
            found.append((match.end(), used))
    return found


def with_leading_values(text: str, bindings: dict | None) -> str:
    """``text`` with a one-row ``VALUES`` block of ``bindings`` opening its ``WHERE`` group,
    and a block of just the variables an inner group uses opening that group (see
    :func:`hinted_groups`); unchanged when nothing is bound or there is no group."""
    bound = {name: term for name, term in (bindings or {}).items() if term is not None}
    if not values_block(bound):  # also checks the names and terms
        return text
    for at, names in sorted(hinted_groups(text, list(bound)), reverse=True):
        block = values_block({name: bound[name] for name in names})
        text = f"{text[:at]}\n  {block}{text[at:]}"
    return text


def with_candidate_values(text: str, name: str, terms: list) -> str:
    """``text`` with ``VALUES ?name { ... }`` (one row per term of ``terms``: the candidates an
    index found for the variable) opening each subquery whose text uses ``?name``, or the
    outermost ``WHERE`` group when none does. A subquery is where such a variable is bound
    first; a block in the outer group as well only adds a join (on 3,000 reports,
    ``sentences-containing`` took 298 ms with the block in its subquery, 634 ms with it in
    every group). An empty list gives an empty block (no solutions)."""
    if not _VARNAME.fullmatch(name):
        raise QueryError(f"not a SPARQL variable name: {name!r}", cause="param")
    try:
        rows = " ".join(term.n3() for term in terms)
    except Exception as e:  # rdflib refuses IRIs it cannot write safely
        raise QueryError(f"cannot write a candidate as an RDF term: {e}", cause="param") from e
    masked = _masked(text)
    outer = _outer_start(masked)
    if outer is None:
        return text
    uses = re.compile(rf"[?$]{name}(?![A-Za-z0-9_])")
    places = [m.end() for m in _WHERE.finditer(masked, outer)
              if uses.search(masked[m.end():_group_end(masked, m.end())])] or [outer]
    block = f"VALUES ?{name} {{ {rows} }}\n"
    for at in sorted(places, reverse=True):
        text = f"{text[:at]}\n  {block}{text[at:]}"
    return text
