"""Named SPARQL queries shipped with fzgraph (``src/fzgraph/queries/*.rq``).

Each file starts with a comment header::

    # title: Who adopted a practice
    # description: ...
    # param: practice practice required  the practice (slug, Chinese or English label)
    # example: --param practice=告知承诺制

A ``param`` line gives the variable name, its kind (see
:data:`fzgraph.graph.params.KINDS`), ``required`` or ``optional``, and a
help text. Parameter variables are projected by the query, so that the store
can substitute them as RDF terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import QueryError
from ..jurisdictions import JurisdictionTable
from .params import KINDS, resolve_param

__all__ = ["Param", "NamedQuery", "named_queries", "get_query", "bind_params", "QUERY_DIR"]

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    example: str
    sparql: str
    path: str


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header, params = {}, []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        value = value.strip()
        if key == "param":
            parts = value.split(None, 3)
            if len(parts) < 3 or parts[1] not in KINDS or parts[2] not in {"required", "optional"}:
                raise QueryError(f"bad param line {line!r}", path=str(path), cause="header")
            params.append(Param(parts[0], parts[1], parts[2] == "required", parts[3] if len(parts) > 3 else ""))
        elif key:
            header[key] = value
    if "title" not in header:
        raise QueryError("missing '# title:' header", path=str(path), cause="header")
    return NamedQuery(path.stem, header["title"], header.get("description", ""), tuple(params),
                      header.get("example", ""), text, str(path))


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    return {p.stem: _parse(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, queries, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(queries)}"
        raise QueryError(f"no named query {name!r}{hint}", cause="unknown-query")
    return queries[name]


def bind_params(query: NamedQuery, values: dict[str, str], table: JurisdictionTable | None = None) -> dict:
    """Resolve user values to RDF terms; refuse unknown and missing parameters."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(f"{query.name}: unknown parameter(s) {', '.join(unknown)}; "
                         f"it takes: {', '.join(declared) or 'none'}", cause="param")
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        raise QueryError(f"{query.name}: missing required parameter(s) {', '.join(missing)} "
                         f"(give --param {missing[0]}=...)", cause="param")
    return {name: resolve_param(declared[name].kind, value, table) for name, value in values.items()}
