"""The ``fzgraph serve`` command: the store over the SPARQL 1.1 Protocol, with a query page."""

from __future__ import annotations

import os
from pathlib import Path

import click

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--store", "store_path", envvar="FZGRAPH_STORE", default=None,
              show_envvar=True, help="Store folder (default: ./fzgraph-store).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run; past that its worker is killed and the client gets 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) in one answer; a larger answer gets 422.")
@click.option("--max-request", "max_request", default=64 * 1024, show_default=True, type=click.IntRange(min=256),
              help="Most bytes in a request body or query string (413 / 414 past that).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Worker processes running queries at once.")
@click.option("--write-token", envvar="FZGRAPH_WRITE_TOKEN", show_envvar=True, default=None,
              help="Allow SPARQL Update from clients sending 'Authorization: Bearer TOKEN' (off by default).")
@click.option("--allow-service", is_flag=True, help="Allow federated queries (SERVICE); refused by default.")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Send CORS headers for this origin ('*' for any; repeatable); off by default.")
def serve(host, port, store_path, timeout, max_rows, max_request, workers, write_token, allow_service,
          cors_origins):
    """Serve the store over the SPARQL 1.1 Protocol, with a query page at /.

    \b
    Endpoints:
        /sparql                  queries (GET, POST), service description without a query
        /queries, /queries/NAME  named queries as URLs: /queries/adopters-of-practice?practice=告知承诺制
        /resource?iri=IRI        a resource's triples and evidence sentences

    Read-only unless --write-token is given; SERVICE refused unless
    --allow-service; answers as SPARQL JSON, XML, CSV, TSV or Turtle,
    N-Triples, JSON-LD by the Accept header.

    \b
    Example:
        fzgraph serve --port 8000
        curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/adopters-of-practice?practice=告知承诺制'
    """
    import uvicorn

    from ..errors import FzgraphError
    from ..graph.remote import is_remote
    from ..graph.store import GraphStore, default_store_path
    from .app import create_app
    from .config import EndpointConfig

    if store_path and is_remote(store_path):
        raise click.ClickException(f"fzgraph serve serves the embedded store; the server at {store_path} "
                                   "already answers SPARQL itself")
    path = Path(store_path) if store_path else default_store_path()
    try:
        GraphStore.open(path, read_only=True).close()  # a clear message now rather than in every worker
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e
    if write_token is not None and not write_token.strip():
        raise click.UsageError("--write-token must not be empty")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can query this store", err=True)
    config = EndpointConfig(store_path=path.resolve(), timeout=timeout, max_rows=max_rows,
                            max_request_bytes=max_request, workers=workers, write_token=write_token,
                            allow_service=allow_service, cors_origins=tuple(cors_origins))
    mode = "read-write (token required)" if config.writable else "read-only"
    click.echo(f"fzgraph SPARQL endpoint on http://{host}:{port}/sparql ({mode}); query page http://{host}:{port}/",
               err=True)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning",
                h11_max_incomplete_event_size=max(max_request * 2, 16 * 1024))
