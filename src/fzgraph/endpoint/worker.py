"""The worker process: opens the store, runs one query (or update) at a time, answers with bytes.

A pyoxigraph query cannot be interrupted from inside the process that runs
it, so queries run here, in a child process that :mod:`.pool` kills (and
replaces) when it runs past the time limit. The worker also enforces the
result-size limit while reading the answer, picks the media type from the
client's ``Accept`` preferences once it knows the query form, and writes the
answer, so that only bytes cross back to the server.

Messages: the server sends a job dict, the worker answers
``("ok", media_type, body, count)`` or ``("error", http_status, message)``.
"""

from __future__ import annotations

import os
import time

import pyoxigraph as ox

from ..vocabulary import PREFIXES
from .negotiate import GRAPH_TYPES, RESULT_TYPES, choose
from .serialize import serialize_boolean, serialize_solutions, serialize_triples

__all__ = ["main", "run_job"]

_OPEN_TRIES = 40


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def _open(path: str, writable: bool) -> ox.Store:
    if writable:
        return ox.Store(path)
    # A read-only RocksDB handle reads the file list as it is now; while the writer compacts (just
    # after an update) a listed file can vanish before it is opened. Opening again then succeeds.
    for _ in range(_OPEN_TRIES - 1):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            time.sleep(0.05)
    return ox.Store.read_only(path)


def _graphs(iris) -> list | None:
    return [ox.NamedNode(i) for i in iris] if iris else None


def _query(store: ox.Store, job: dict) -> tuple:
    from ..graph.binding import with_leading_values
    from ..graph.sentence_index import hinted
    from ..graph.summary import summary_form
    from ..graph.terms import to_ox

    substitutions = {ox.Variable(k): to_ox(v) for k, v in (job.get("bindings") or {}).items() if v is not None}
    default_graphs = _graphs(job.get("default_graphs"))
    # a dataset named in the request is the store's own: the summary's answer would not honour it
    own_dataset = default_graphs is None and not job.get("named_graphs")
    form = summary_form(job["text"], job.get("store_path"), job.get("store_token")) if own_dataset else None
    target, text = (form[1], form[0]) if form else (store, job["text"])
    try:
        text = hinted(text, job.get("bindings"), store, job.get("store_path"))
        result = target.query(with_leading_values(text, job.get("bindings")), prefixes=PREFIXES,
                              substitutions=substitutions or None,
                              use_default_graph_as_union=default_graphs is None and form is None,
                              default_graph=default_graphs,
                              named_graphs=_graphs(job.get("named_graphs")))
    except SyntaxError as e:
        raise _Refused(400, f"SPARQL syntax error: {e}") from e
    max_rows = job["max_rows"]
    accept = job["accept"]
    too_many = (f"the answer has more than {max_rows:,} {{what}}, the endpoint's limit; "
                f"add a LIMIT or narrow the query")
    if isinstance(result, ox.QueryBoolean):
        media = choose(accept, RESULT_TYPES)
        if media is None:
            raise _Refused(406, f"an ASK answer can be sent as {', '.join(RESULT_TYPES)}")
        return media, serialize_boolean(bool(result), media), 1
    if isinstance(result, ox.QuerySolutions):
        media = choose(accept, RESULT_TYPES)
        if media is None:
            raise _Refused(406, f"a SELECT answer can be sent as {', '.join(RESULT_TYPES)}")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) >= max_rows:
                raise _Refused(422, too_many.format(what="rows"))
            rows.append(tuple(solution[n] for n in names))
        return media, serialize_solutions(names, rows, media), len(rows)
    media = choose(accept, GRAPH_TYPES)
    if media is None:
        raise _Refused(406, f"a CONSTRUCT or DESCRIBE answer can be sent as {', '.join(GRAPH_TYPES)}")
    triples = []
    for triple in result:
        if len(triples) >= max_rows:
            raise _Refused(422, too_many.format(what="triples"))
        triples.append(triple)
    return media, serialize_triples(triples, media), len(triples)


def _update(store: ox.Store, job: dict) -> tuple:
    from ..graph.store_state import renew_state

    renew_state(job.get("store_path"))  # first: the summary is out of step from now on
    try:
        store.update(job["text"], prefixes=PREFIXES)
    except SyntaxError as e:
        raise _Refused(400, f"SPARQL syntax error: {e}") from e
    store.flush()
    from ..graph.sentence_index import reset_index

    reset_index(job.get("store_path"))  # the index follows build records, which an update bypasses
    return "text/plain", b"", 0


def run_job(store: ox.Store, job: dict) -> tuple:
    """One job's answer message (see the module docstring)."""
    try:
        media, body, count = (_update if job["op"] == "update" else _query)(store, job)
    except _Refused as e:
        return ("error", e.status, str(e))
    except (OSError, RuntimeError, ValueError, TypeError) as e:
        return ("error", 500, f"the query failed: {e}")
    return ("ok", media, body, count)


def main(conn, store_path: str, writable: bool) -> None:
    """Process entry point: open the store, say ready, then answer jobs until told to stop."""
    from ..graph.store_state import current_state

    token = current_state(store_path)  # before opening: see fzgraph.graph.summary.summary_form
    try:
        store = _open(store_path, writable)
    except OSError as e:
        conn.send(("failed", str(e)))
        return
    generation = 0
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        if not writable and job.get("generation", 0) != generation:
            # the writer changed the store: a read-only handle sees the state as of its opening
            token = current_state(store_path)
            try:
                store = _open(store_path, writable)
            except (OSError, RuntimeError) as e:
                conn.send(("error", 503, f"could not reopen the store after an update: {e}"))
                continue
            generation = job["generation"]
        conn.send(run_job(store, {**job, "store_path": store_path, "store_token": token}))
        if writable and job.get("op") == "update":
            token = current_state(store_path)  # the writer's handle sees its own update
