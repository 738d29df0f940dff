"""Hostile requests against ``fzgraph serve``: updates of every kind, deep
nesting, Cartesian products, malformed UTF-8 and malformed HTTP, parameters
that try to change a named query's shape, a non-loopback bind; and a load
test while a rebuild writes to the store. Each must be refused or cut off
with a clear status while the server keeps answering others."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest

from endpoint_server import free_port, running_server
from test_endpoint import get, http, parse_results

JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a fz:Report }"
LOAD_SECONDS = float(os.environ.get("FZGRAPH_LOAD_SECONDS", "8"))


@pytest.fixture(scope="module")
def server(seeds_store, tmp_path_factory):
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    with running_server(seeds_store, "--timeout", "2", "--workers", "2", "--max-rows", "5000",
                        "--max-request", "65536", log=log) as base:
        yield base


def still_serving(base: str) -> None:
    status, _, body = get(base, COUNT, JSON)
    assert status == 200 and parse_results(body, JSON)[1][0][0].toPython() == 5


@pytest.mark.parametrize("update", ["LOAD <http://127.0.0.1:9/evil.ttl>", "CLEAR ALL", "DROP GRAPH <https://w3id.org/fzgraph/graph/ontology>",
                                    "INSERT DATA { <a:b> <a:b> <a:b> }", "DELETE WHERE { ?s ?p ?o }",
                                    "CREATE GRAPH <a:g>", "COPY DEFAULT TO <a:g>"])
def test_every_kind_of_update_is_refused(server, update):
    status, _, body = http(server + "/sparql", data=update.encode(),
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, _ = get(server, update, JSON)  # sent as a query: it is not one
    assert status == 400
    still_serving(server)


def test_deeply_nested_query_is_refused_cleanly(server):
    nested = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000
    status, _, body = http(server + "/sparql", data=nested.encode(),
                           headers={"Content-Type": "application/sparql-query", "Accept": JSON})
    assert status in (400, 403, 413), body[:300]
    still_serving(server)


def test_cartesian_product_is_cut_off(server):
    started = time.monotonic()
    status, _, body = get(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", JSON)
    assert status in (422, 503), body[:300]
    assert time.monotonic() - started < 30
    still_serving(server)


def test_malformed_utf8_body_is_a_400(server):
    status, _, body = http(server + "/sparql", data=b"SELECT * WHERE { ?s ?p \xff\xfe\xc3 }",
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 400, body[:300]
    status, _, _ = http(server + "/sparql?query=%FF%FE", headers={"Accept": JSON})
    assert status == 400
    still_serving(server)


@pytest.mark.parametrize("raw", [b"GARBAGE\r\n\r\n", b"GET /sparql HTTP/9.9\r\nHost: x\r\n\r\n",
                                 b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nabc",
                                 b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"\x00\x01\x02\r\n\r\n"])
def test_malformed_http_does_not_hurt_the_server(server, raw):
    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        try:
            reply = sock.recv(4096)
        except (ConnectionResetError, TimeoutError):
            reply = b""
    # refused (4xx) or dropped; an odd version string is tolerated by the HTTP parser, never a 5xx
    assert reply == b"" or (reply.startswith(b"HTTP/1.1 ") and not reply.startswith(b"HTTP/1.1 5"))
    still_serving(server)


@pytest.mark.parametrize("path", [
    "/queries/adopters-of-practice?practice=" + urllib.parse.quote("告知承诺制 } UNION { ?s ?p ?o"),
    "/queries/practices-of-jurisdiction?jurisdiction=" + urllib.parse.quote("昌乐县> } ; DROP ALL ; #"),
    "/queries/evidence?fact=" + urllib.parse.quote("http://x> } UNION { ?fact ?p ?o"),
])
def test_named_query_parameters_cannot_change_the_query(server, path):
    status, _, body = http(server + path, headers={"Accept": JSON})
    assert status == 400, body[:300]
    still_serving(server)


def test_text_parameters_stay_literals(server):
    status, _, body = http(server + "/queries/sentences-containing?phrase="
                           + urllib.parse.quote('"} UNION { ?mention ?p ?o } #'), headers={"Accept": JSON})
    assert status == 200 and parse_results(body, JSON)[1] == []


def test_binding_beyond_loopback_is_announced(seeds_store):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "fzgraph", "serve", "--store", str(seeds_store),
                                "--host", "0.0.0.0", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and "warning" not in line:
            line = process.stderr.readline()
        assert "warning: listening on 0.0.0.0" in line and "other machines" in line
    finally:
        process.terminate()
        process.wait(15)


def test_load_while_a_rebuild_writes(seeds_store, seeds_dir, tmp_path):
    """Concurrent clients for a bounded time while ``fzgraph build --force`` rewrites every report graph:
    no failed request, every answer equals the answer before, latency bounded."""
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    queries = ["/queries/adopters-of-practice?practice=" + urllib.parse.quote("告知承诺制"),
               "/queries/practices-of-jurisdiction?jurisdiction=370725&year=2020",
               "/sparql?" + urllib.parse.urlencode({"query": COUNT})]
    with running_server(store, "--timeout", "20", "--workers", "2") as base:
        expected = {q: parse_results(http(base + q, headers={"Accept": JSON})[2], JSON) for q in queries}
        failures, latencies, stop = [], [], threading.Event()

        def client(i):
            n = 0
            while not stop.is_set():
                q = queries[(i + n) % len(queries)]
                started = time.monotonic()
                status, _, body = http(base + q, headers={"Accept": JSON})
                latencies.append(time.monotonic() - started)
                if status != 200 or parse_results(body, JSON) != expected[q]:
                    failures.append((q, status, body[:200]))
                n += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        rebuild = subprocess.run([sys.executable, "-m", "fzgraph", "build", str(seeds_dir), "--store", str(store),
                                  "--force", "--silent", "-w", "1"], capture_output=True, text=True, timeout=600)
        time.sleep(LOAD_SECONDS)  # and keep the load on after the rebuild
        stop.set()
        for t in threads:
            t.join(60)
    assert rebuild.returncode == 0, rebuild.stderr
    assert "built 5 report(s)" in rebuild.stdout
    assert not failures, failures[:3]
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"load: 4 clients, {len(latencies)} requests, p95 {p95 * 1000:.0f} ms during a rebuild")
    assert len(latencies) >= 20 and p95 < 20
