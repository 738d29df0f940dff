"""Where extraction runs during a build: in this process, in a local process
pool, or as a Dask distributed job (a ``LocalCluster`` or a scheduler at
``tcp://host:8786``).

Every executor runs the same per-report function (:func:`extract_report`)
and is fed through one bounded window, so the building process holds a few
documents per worker whatever the corpus size, and writes results as they
come back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ..errors import FzgraphError

__all__ = ["extract_report", "make_executor", "run_windowed"]

_WORKER: dict = {}


def _worker_state() -> dict:
    # each worker process loads the jurisdiction table and the pipeline once
    if not _WORKER:
        from ..jurisdictions import load_table
        from ..nlp.pipeline import build_pipeline

        _WORKER.update(table=load_table(), nlp=build_pipeline())
    return _WORKER


def extract_report(doc, validate: bool, quads: bool = False):
    """Extract, map (and validate) one document in a worker: the build's unit of work."""
    from .build import _extract_one

    state = _worker_state()
    return _extract_one(doc, validate, state["table"], state["nlp"], quads)


class _Serial:
    """Runs each document when it is submitted, in this process."""

    workers = window = 1

    def __init__(self, validate: bool, table, nlp, quads: bool):
        self.validate, self.table, self.nlp, self.quads = validate, table, nlp, quads

    def submit(self, doc) -> Future:
        from .build import _extract_one

        future: Future = Future()
        future.set_result(_extract_one(doc, self.validate, self.table, self.nlp, self.quads))
        return future

    def wait_first(self, pending) -> set:
        return {f for f in pending if f.done()}

    def close(self, cancel: bool = False) -> None:
        pass


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the build process dies (even by SIGKILL), so a
    killed build leaves no orphaned workers waiting for work forever."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):  # not Linux: the pool's own shutdown is all there is
        pass


class _Processes:
    """A pool of local processes."""

    def __init__(self, workers: int, validate: bool, quads: bool):
        self.workers, self.validate, self.quads = workers, validate, quads
        self.window = 4 * workers
        self.pool = ProcessPoolExecutor(workers, initializer=_die_with_parent)

    def submit(self, doc) -> Future:
        return self.pool.submit(extract_report, doc, self.validate, self.quads)

    def wait_first(self, pending) -> set:
        return wait(pending, return_when=FIRST_COMPLETED)[0]

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


class _Dask:
    """A Dask distributed client: a scheduler's address, or a local cluster of ``workers`` processes."""

    def __init__(self, scheduler: str, workers: int, validate: bool, quads: bool):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise FzgraphError("--scheduler needs Dask distributed: pip install 'fzgraph[dask]'",
                               cause="missing-dependency") from e
        self.validate, self.quads = validate, quads
        self.cluster = None
        if scheduler == "local":
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as e:
                raise FzgraphError(f"cannot reach the Dask scheduler at {scheduler}: {e}", cause="scheduler") from e
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.window = 4 * self.workers

    def submit(self, doc):
        # pure=False: two documents with equal fields are still two tasks
        return self.client.submit(extract_report, doc, self.validate, self.quads, pure=False)

    def wait_first(self, pending) -> set:
        from distributed import wait as dask_wait

        return set(dask_wait(list(pending), return_when="FIRST_COMPLETED").done)

    def close(self, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(workers: int, scheduler: str | None, validate: bool, table, nlp, quads: bool = False):
    """The executor a build asks for: ``scheduler`` (``"local"`` or an address) runs on Dask;
    otherwise ``workers`` > 1 is a process pool and 1 runs here. With ``quads``, each
    outcome holds N-Quads (for a bulk load) rather than N-Triples."""
    if scheduler:
        return _Dask(scheduler, workers or os.cpu_count() or 1, validate, quads)
    if workers > 1:
        return _Processes(workers, validate, quads)
    return _Serial(validate, table, nlp, quads)


def run_windowed(executor, items: Iterable[tuple], write: Callable) -> None:
    """Submit ``items`` (document first) to ``executor``, at most a few per worker at a
    time, and call ``write(*item, outcome)`` for each as it completes."""
    window = executor.window
    pending: dict = {}
    cancelled = True
    try:
        for item in items:
            pending[executor.submit(item[0])] = item
            while len(pending) >= window:
                for future in executor.wait_first(pending):
                    write(*pending.pop(future), future.result())
        while pending:
            for future in executor.wait_first(pending):
                write(*pending.pop(future), future.result())
        cancelled = False
    finally:
        if cancelled:
            for future in pending:
                future.cancel()
        executor.close(cancel=cancelled)
