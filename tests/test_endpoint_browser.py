"""The query page in a real browser: headless Chromium (Debian's `chromium`) driven over the DevTools
protocol by tests/browser.py (a websocket, no playwright). The example is chosen by setting the <select>
and firing its change event (a native select popup cannot be clicked headless); the parameter is typed
with key events, and Run and the result link are clicked with real mouse events at their on-screen
positions. Checks the table, the resource page, and that the page asks for nothing outside the server on
localhost; writes a screenshot (to docs/endpoint.png when FZGRAPH_SCREENSHOT=1)."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from browser import Chromium, chromium_path, outside_requests
from endpoint_server import running_server

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (make system-deps)")


@pytest.fixture(scope="module")
def browser():
    # a 1280 x 757 viewport: what the old --window-size=1280,900 left for the page, so docs/endpoint.png keeps its size
    with Chromium(width=1280, height=757) as browser:
        yield browser


def test_endpoint_page_runs_a_named_query_by_clicking(browser, seeds_store, tmp_path):
    js = browser.evaluate
    with running_server(seeds_store) as base:
        browser.open(base + "/", until="document.body.dataset.state === 'ready'")
        options = js("[...document.querySelectorAll('#example option')].map(o => o.value)")
        assert "adopters-of-practice" in options and "evidence" in options
        js("(() => { const s = document.getElementById('example'); s.value = 'adopters-of-practice';"
           " s.dispatchEvent(new Event('change')); })()")
        assert js("document.getElementById('query').value").startswith("# title: Who adopted a practice")
        browser.type("告知承诺制", selector="#param-practice")
        assert js("document.getElementById('param-practice').value") == "告知承诺制"
        browser.click("#run")
        browser.wait_for("document.body.dataset.state === 'done' || document.body.dataset.state === 'error'")
        assert js("document.body.dataset.state") == "done", js("document.getElementById('status').textContent")
        header = js("[...document.querySelectorAll('#result-table th')].map(th => th.textContent)")
        assert header[:3] == ["practice", "jurisdiction", "name"]
        names = js("[...document.querySelectorAll('#result-table tbody tr')].map(tr => tr.cells[2].textContent)")
        assert {"旅顺口区", "柯桥区"} <= set(names)
        assert js("document.querySelector('#result-table a').textContent").startswith("fzp:")
        csv_link = js("document.getElementById('csv').href")
        assert not js("document.getElementById('csv').hidden") and "format=csv" in csv_link
        with urllib.request.urlopen(csv_link, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/csv") and "柯桥区" in response.read().decode()

        png = browser.screenshot(full_page=True)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
        (tmp_path / "endpoint.png").write_bytes(png)
        if os.environ.get("FZGRAPH_SCREENSHOT") == "1":
            (ROOT / "docs" / "endpoint.png").write_bytes(png)

        # an IRI opens its description page
        browser.click("#result-table tbody tr:nth-child(1) td:nth-child(2) a")
        browser.wait_for("location.pathname === '/resource' && document.readyState === 'complete'")
        text = js("document.body.innerText")
        assert "Properties (" in text and "rdfs:label" in text

        requested = browser.requests()
        assert any(url.startswith(base + "/queries/adopters-of-practice?") for url in requested)
        assert outside_requests(requested, origin=base) == []


def test_endpoint_page_runs_a_query_from_url_parameters(browser, seeds_store):
    with running_server(seeds_store) as base:
        params = urlencode({"query": "practices-of-jurisdiction", "jurisdiction": "昌乐县", "run": "1"})
        browser.open(f"{base}/?{params}", until="document.body.dataset.state === 'done'")
        rows = browser.evaluate("document.querySelectorAll('#result-table tbody tr').length")
        assert rows > 5
        assert browser.evaluate("document.getElementById('param-jurisdiction').value") == "昌乐县"
