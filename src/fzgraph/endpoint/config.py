"""The endpoint's settings: where the store is, and the limits that keep it safe by default."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["EndpointConfig"]


@dataclass(frozen=True)
class EndpointConfig:
    """Everything :func:`fzgraph.endpoint.app.create_app` needs.

    The defaults are the safe ones: read-only, no federation (``SERVICE``), no
    CORS, a 10 s time limit, 10,000 result rows and 64 KiB requests.
    """

    store_path: Path
    #: seconds one query may run before its worker is killed (and replaced)
    timeout: float = 10.0
    #: most solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) one answer may hold
    max_rows: int = 10_000
    #: most bytes of a request body or query string
    max_request_bytes: int = 64 * 1024
    #: worker processes running queries at once
    workers: int = 2
    #: Bearer token that enables SPARQL Update; None: the endpoint is read-only
    write_token: str | None = None
    #: allow SPARQL federation (SERVICE); off by default
    allow_service: bool = False
    #: origins allowed by CORS ("*" for any); empty: no CORS headers at all
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def writable(self) -> bool:
        return bool(self.write_token)
