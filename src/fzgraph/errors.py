"""The exceptions fzgraph raises: one root, one subclass per stage.

Every error that concerns a file carries the file's ``path`` and a short
``cause``, and its message names both, so a batch run can report each bad file
on one line and go on with the others.
"""

from __future__ import annotations

__all__ = [
    "FzgraphError",
    "IngestError",
    "JurisdictionError",
    "MappingError",
    "NotAReportError",
    "PatternError",
    "QueryError",
    "StoreError",
    "UnsupportedFormatError",
]


class FzgraphError(Exception):
    """Root of every error fzgraph raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, cause: str | None = None):
        self.path = path
        self.cause = cause or message
        super().__init__(f"{path}: {message}" if path else message)


class IngestError(FzgraphError):
    """A file could not be read or turned into clean text."""


class NotAReportError(IngestError):
    """The file was read, but it is not a law-based government report."""


class UnsupportedFormatError(IngestError):
    """The file's type is not one fzgraph reads (it is skipped, not fatal)."""


class JurisdictionError(FzgraphError):
    """A jurisdiction name could not be resolved to one administrative unit."""

    def __init__(self, message: str, *, candidates: tuple = (), **kwargs):
        self.candidates = candidates
        super().__init__(message, **kwargs)


class PatternError(FzgraphError):
    """A data file that configures the extractors is missing or malformed."""


class MappingError(FzgraphError):
    """Extracted records could not be turned into RDF."""


class QueryError(FzgraphError):
    """A named or ad-hoc SPARQL query is unknown, malformed or failed."""


class StoreError(FzgraphError):
    """The graph store could not be opened, read or written."""
