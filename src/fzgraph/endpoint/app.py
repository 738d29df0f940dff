"""The Starlette application: SPARQL 1.1 Protocol at ``/sparql``, named queries at ``/queries/NAME``,
the query page at ``/`` and resource pages at ``/resource``.

Every query runs in a worker process (:mod:`.pool`); this module only reads
requests, applies the limits that need no store (size, ``SERVICE``, the
write token) and turns worker answers into responses.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from functools import lru_cache
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..errors import FzgraphError
from .config import EndpointConfig
from .description import DESCRIPTION_TYPES, service_description
from .negotiate import FORMAT_ALIASES, choose, parse_accept
from .pages import index_page, resource_page
from .pool import WorkerPool
from .safety import MAX_NESTING, nesting_depth, token_matches, uses_service

__all__ = ["create_app"]

_JSON = "application/sparql-results+json"
#: request parameters of /queries/NAME that are not query parameters
_RESERVED = {"format"}
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class _TooLarge(Exception):
    pass


class _Failed(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


@lru_cache(maxsize=4096)
def _bind(name: str, values: tuple) -> dict:
    """bind_params, remembered: resolving a place name takes tens of milliseconds (do not mutate the answer)."""
    from ..graph.queries import bind_params, get_query

    return bind_params(get_query(name), dict(values))


def _warm_up() -> None:
    """Load the named queries and the jurisdiction table now, not in the first request."""
    from ..graph.queries import named_queries
    from ..jurisdictions import load_table

    named_queries()
    load_table()


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) one larger than ``limit`` bytes, announced or not."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _accept(request: Request, params: dict) -> list[tuple[str, float]]:
    fmt = (params.get("format") or [""])[-1].strip().lower()
    if fmt:
        media = FORMAT_ALIASES.get(fmt, fmt)
        return [(media, 1.0)]
    return parse_accept(request.headers.get("accept"))


def _answer(result: tuple, *, extra_headers: dict | None = None) -> Response:
    if result[0] == "error":
        return _error(result[1], result[2])
    _, media, body, count = result
    if media.startswith("text/") or media.endswith("json") or media.endswith("xml"):
        media += "; charset=utf-8"
    headers = {"X-Result-Count": str(count), "Vary": "Accept", **(extra_headers or {})}
    return Response(body, media_type=media, headers=headers, status_code=200 if body or count else 204)


def create_app(config: EndpointConfig, *, pool: WorkerPool | None = None) -> Starlette:
    """The ASGI app for ``config``; starts its worker pool on startup and stops it on shutdown."""

    @asynccontextmanager
    async def lifespan(app):
        app.state.pool = pool or WorkerPool(config.store_path, config.workers, config.timeout,
                                             writable=config.writable)
        await app.state.pool.start()
        await asyncio.to_thread(_warm_up)
        try:
            yield
        finally:
            await app.state.pool.stop()

    def too_deep(text: str) -> Response | None:
        depth = nesting_depth(text)
        if depth > MAX_NESTING:
            return _error(400, f"the request is nested {depth} levels deep; the limit is {MAX_NESTING}")
        return None

    async def run_query(request: Request, text: str, params: dict, bindings: dict | None = None) -> Response:
        if (refused := too_deep(text)) is not None:
            return refused
        if not config.allow_service and uses_service(text):
            return _error(403, "SERVICE (federated query) is disabled on this endpoint")
        job = {"op": "query", "text": text, "bindings": bindings or {}, "accept": _accept(request, params),
               "max_rows": config.max_rows, "default_graphs": params.get("default-graph-uri") or None,
               "named_graphs": params.get("named-graph-uri") or None}
        return _answer(await request.app.state.pool.run(job))

    async def run_update(request: Request, text: str) -> Response:
        if not config.writable:
            return _error(403, "this endpoint is read-only: SPARQL Update is refused "
                               "(start it with --write-token to allow updates)")
        if not token_matches(request.headers.get("authorization"), config.write_token):
            status = 403 if request.headers.get("authorization") else 401
            return _error(status, "SPARQL Update needs the write token: send 'Authorization: Bearer TOKEN'",
                          headers={"WWW-Authenticate": 'Bearer realm="fzgraph"'})
        if (refused := too_deep(text)) is not None:
            return refused
        if not config.allow_service and uses_service(text, update=True):
            return _error(403, "SERVICE (federated query) is disabled on this endpoint")
        result = await request.app.state.pool.run({"op": "update", "text": text}, write=True)
        return _answer(result)

    async def describe(request: Request) -> Response:
        media = choose(parse_accept(request.headers.get("accept")), tuple(DESCRIPTION_TYPES))
        if media is None:
            return _error(406, f"the service description can be sent as {', '.join(DESCRIPTION_TYPES)}")
        job = {"op": "query", "accept": [(_JSON, 1.0)], "max_rows": 1_000_000,
               "text": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"}
        result = await request.app.state.pool.run(job)
        if result[0] == "error":
            return _answer(result)
        rows = json.loads(result[2])["results"]["bindings"]
        graphs = [(r["g"]["value"], int(r["n"]["value"])) for r in rows]
        endpoint = str(request.url.replace(query=""))
        graph = service_description(endpoint, graphs, writable=config.writable, allow_service=config.allow_service)
        body = graph.serialize(format=DESCRIPTION_TYPES[media], encoding="utf-8")
        return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})

    async def sparql(request: Request) -> Response:
        if len(request.url.query.encode("utf-8")) > config.max_request_bytes:
            return _error(414, f"the request URL is longer than the limit of {config.max_request_bytes:,} bytes; "
                               "send the query with POST")
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "GET":
            if "update" in params:
                return _error(405, "SPARQL Update must be sent with POST", headers={"Allow": "POST"})
            if "query" not in params:
                return await describe(request)
            return await run_query(request, params["query"][-1], params)
        try:
            body = await _body(request, config.max_request_bytes)
        except _TooLarge:
            return _error(413, f"the request is larger than the limit of {config.max_request_bytes:,} bytes")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-query":
            return await run_query(request, body.decode("utf-8", errors="replace"), params)
        if media == "application/sparql-update":
            return await run_update(request, body.decode("utf-8", errors="replace"))
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            merged = {**params, **form}
            if "query" in form and "update" in form:
                return _error(400, "give either query or update, not both")
            if "update" in form:
                return await run_update(request, form["update"][-1])
            if "query" in form:
                return await run_query(request, form["query"][-1], merged)
            return _error(400, "the form has neither a query nor an update parameter")
        return _error(415, "send application/sparql-query, application/sparql-update or "
                           "application/x-www-form-urlencoded")

    async def list_queries(request: Request) -> Response:
        from ..graph.queries import named_queries

        base = str(request.url_for("named_query", name="NAME")).rsplit("/", 1)[0]
        return JSONResponse([{
            "name": q.name, "title": q.title, "description": q.description, "example": q.example,
            "url": f"{base}/{q.name}", "sparql": q.sparql,
            "params": [{"name": p.name, "kind": p.kind, "required": p.required, "help": p.help} for p in q.params],
        } for q in named_queries().values()])

    async def named_query(request: Request) -> Response:
        from ..graph.queries import get_query

        if len(request.url.query.encode("utf-8")) > config.max_request_bytes:
            return _error(414, f"the request URL is longer than the limit of {config.max_request_bytes:,} bytes")
        params = parse_qs(request.url.query, keep_blank_values=True)
        values = {k: v[-1] for k, v in params.items() if k not in _RESERVED}
        try:
            query = get_query(request.path_params["name"])
        except FzgraphError as e:
            return _error(404, str(e))
        try:
            bindings = await asyncio.to_thread(_bind, query.name, tuple(sorted(values.items())))
        except FzgraphError as e:
            return _error(400, str(e))
        return await run_query(request, query.sparql, params, bindings)

    async def index(request: Request) -> Response:
        return HTMLResponse(index_page(), headers={"Content-Security-Policy": _CSP})

    async def resource(request: Request) -> Response:
        from rdflib import URIRef

        from ..graph.queries import bind_params, get_query

        iri = request.query_params.get("iri", "").strip()
        try:
            bindings = bind_params(get_query("evidence"), {"fact": iri})
        except FzgraphError as e:
            return _error(400, str(e))
        subject = URIRef(iri)
        pool = request.app.state.pool

        async def select(text: str, binds: dict) -> list[dict]:
            job = {"op": "query", "text": text, "bindings": binds, "accept": [(_JSON, 1.0)],
                   "max_rows": config.max_rows}
            result = await pool.run(job)
            if result[0] == "error":
                raise _Failed(result[1], result[2])
            return json.loads(result[2])["results"]["bindings"] if result[2] else []

        try:
            outgoing, incoming, evidence = await asyncio.gather(
                select("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?o LIMIT 1000", {"s": subject}),
                select("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?s LIMIT 200", {"o": subject}),
                select(get_query("evidence").sparql, bindings))
        except _Failed as e:
            return _error(e.status, str(e))
        return HTMLResponse(resource_page(iri, outgoing, incoming, evidence),
                            headers={"Content-Security-Policy": _CSP})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    middleware = []
    if config.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type", "Authorization"],
                                     expose_headers=["X-Result-Count"]))
    routes = [
        Route("/", index, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/update", sparql, methods=["POST"]),
        Route("/queries", list_queries, methods=["GET"]),
        Route("/queries/{name}", named_query, methods=["GET"], name="named_query"),
        Route("/resource", resource, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.config = config
    return app
