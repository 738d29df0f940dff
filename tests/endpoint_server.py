"""Start real servers on free loopback ports for tests: ``fzgraph serve`` (uvicorn, worker processes)
and the Oxigraph server from the ``oxigraph`` package."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(command: list[str], probe: str, name: str, env: dict | None = None, log: Path | None = None):
    """Run ``command`` until ``probe`` answers 200; yield; stop it."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}"
                                   + (f": {log.read_text(errors='replace')}" if log else ""))
            try:
                with urllib.request.urlopen(probe, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer within 60 s")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


@contextlib.contextmanager
def running_server(store: Path, *args: str, env: dict | None = None, log: Path | None = None):
    """Yield the base URL (``http://127.0.0.1:PORT``) of ``fzgraph serve`` over ``store``; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "fzgraph", "serve", "--store", str(store), "--port", str(port), *args]
    base = f"http://127.0.0.1:{port}"
    with _serving(command, base + "/sparql?query=ASK%7B%7D", "fzgraph serve", env, log):
        yield base


@contextlib.contextmanager
def running_oxigraph(location: Path, *, union: bool = True):
    """Yield the base URL of an Oxigraph server (the ``oxigraph`` package's binary) storing into ``location``."""
    binary = Path(sys.executable).with_name("oxigraph")
    port = free_port()
    command = [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    base = f"http://127.0.0.1:{port}"
    with _serving(command, base + "/query?query=ASK%7B%7D", "oxigraph serve"):
        yield base
