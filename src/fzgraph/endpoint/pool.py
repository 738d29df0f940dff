"""Worker processes with a time limit: a query that runs too long gets its worker killed and replaced.

pyoxigraph evaluates a query in Rust without checking for Python signals,
so a thread cannot stop it. Each query goes to an idle worker process
(:mod:`.worker`) over a pipe; the server waits at most ``timeout`` seconds
for the answer, and past that kills the process (SIGKILL) and starts a
fresh one in the background. The other workers keep answering meanwhile.

Processes come from a ``forkserver`` that has already imported the worker
module, so a replacement is ready in well under a second. Updates (write
mode only) go to one writer process that holds the store open for writing;
after each update the readers reopen their read-only handles.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = ["Worker", "WorkerPool"]

log = logging.getLogger("fzgraph.endpoint")

_START_TIMEOUT = 60.0


def _context():
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["fzgraph.endpoint.worker", "fzgraph.graph.terms"])
    return ctx


class Worker:
    """One worker process and the server's end of its pipe (blocking calls: run them in a thread)."""

    def __init__(self, store_path: Path, writable: bool = False):
        from . import worker

        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker.main, args=(child, str(store_path), writable), daemon=True,
                                   name="fzgraph-writer" if writable else "fzgraph-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise RuntimeError("the worker did not start")
        message = self.conn.recv()
        if message[0] != "ready":
            self.kill()
            raise RuntimeError(f"the worker could not open the store: {message[1]}")
        self.pid = message[1]

    def call(self, job: dict, timeout: float) -> tuple:
        """Send a job, wait for its answer; TimeoutError if none comes in ``timeout`` seconds."""
        self.conn.send(job)
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        self.kill()


class WorkerPool:
    """``size`` reader processes (and one writer if ``writable``) behind an asyncio interface."""

    def __init__(self, store_path: Path, size: int = 2, timeout: float = 10.0, writable: bool = False):
        self.store_path = Path(store_path)
        self.size = max(1, size)
        self.timeout = timeout
        self.writable = writable
        self.generation = 0
        #: workers killed for running past the time limit (for tests and logs)
        self.killed = 0
        self._threads = ThreadPoolExecutor(max_workers=self.size + 4, thread_name_prefix="fzgraph-pool")
        self._readers: asyncio.Queue | None = None
        self._writers: asyncio.Queue | None = None
        self._all: set[Worker] = set()
        self._pending: set[asyncio.Task] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._readers, self._writers = asyncio.Queue(), asyncio.Queue()
        # the writer first: it may create nothing, but it must hold the store before readers open it
        if self.writable:
            writer = await loop.run_in_executor(self._threads, Worker, self.store_path, True)
            self._all.add(writer)
            self._writers.put_nowait(writer)
        started = await asyncio.gather(*(loop.run_in_executor(self._threads, Worker, self.store_path, False)
                                         for _ in range(self.size)))
        for worker in started:
            self._all.add(worker)
            self._readers.put_nowait(worker)

    async def stop(self) -> None:
        for task in list(self._pending):
            task.cancel()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._threads, w.stop) for w in list(self._all)),
                             return_exceptions=True)
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _replace(self, worker: Worker, write: bool) -> None:
        worker.kill()
        self._all.discard(worker)

        async def start_new():
            loop = asyncio.get_running_loop()
            try:
                fresh = await loop.run_in_executor(self._threads, Worker, self.store_path, write)
            except Exception as e:
                log.error("could not replace a worker: %s", e)
                return
            self._all.add(fresh)
            (self._writers if write else self._readers).put_nowait(fresh)

        task = asyncio.get_running_loop().create_task(start_new())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def run(self, job: dict, *, write: bool = False) -> tuple:
        """Run a job on an idle worker; ``("error", 503, ...)`` if it runs past the limit or none is free in time."""
        queue = self._writers if write else self._readers
        try:
            worker = await asyncio.wait_for(queue.get(), timeout=self.timeout)
        except TimeoutError:
            return ("error", 503, f"the endpoint is busy: no worker was free within {self.timeout:g} s; retry later")
        job = {**job, "generation": self.generation}
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._threads, worker.call, job, self.timeout)
        except TimeoutError:
            self.killed += 1
            self._replace(worker, write)
            log.warning("stopped a query after %g s", self.timeout)
            return ("error", 503, f"the query ran past the time limit of {self.timeout:g} s and was stopped")
        except (EOFError, OSError) as e:
            self._replace(worker, write)
            return ("error", 500, f"the worker running the query died: {e or type(e).__name__}")
        except BaseException:  # cancelled while waiting: the worker may still be busy with the job
            self._replace(worker, write)
            raise
        queue.put_nowait(worker)
        if write and result[0] == "ok":
            self.generation += 1
        return result
