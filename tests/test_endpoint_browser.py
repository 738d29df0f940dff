"""The query page in a real browser: headless Chromium (Debian's `chromium`) driven over the DevTools
protocol (a websocket, no playwright). The example is chosen by setting the <select> and firing its
change event (a native select popup cannot be clicked headless); the parameter is typed with key events,
and Run and the result link are clicked with real mouse events at their on-screen positions. Checks the
table, the resource page, and that the page asks for nothing outside the server on localhost; writes a
screenshot (to docs/endpoint.png when FZGRAPH_SCREENSHOT=1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from endpoint_server import running_server

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make system-deps)")


class Browser:
    """Just enough of the Chrome DevTools Protocol: commands, and the events seen so far."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(expression)

    def click(self, selector: str):
        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                      f" return [r.left + r.width / 2, r.top + r.height / 2]; }})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def navigate(self, url: str):
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="fzgraph-chromium-")
    process = subprocess.Popen([
        CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--window-size=1280,900",
        "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}",
        "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("chromium did not start its DevTools server")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.loads(response.read())
        page = next(t for t in targets if t["type"] == "page")
        from websockets.sync.client import connect

        with connect(page["webSocketDebuggerUrl"], max_size=50 * 2**20, open_timeout=20) as ws:
            browser = Browser(ws)
            for domain in ("Page", "Runtime", "Network"):
                browser.send(f"{domain}.enable")
            yield browser
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


def test_endpoint_page_runs_a_named_query_by_clicking(browser, seeds_store, tmp_path):
    with running_server(seeds_store) as base:
        browser.navigate(base + "/")
        browser.wait_for("document.body.dataset.state === 'ready'")
        options = browser.js("[...document.querySelectorAll('#example option')].map(o => o.value)")
        assert "adopters-of-practice" in options and "evidence" in options
        browser.js("(() => { const s = document.getElementById('example'); s.value = 'adopters-of-practice';"
                   " s.dispatchEvent(new Event('change')); })()")
        assert browser.js("document.getElementById('query').value").startswith("# title: Who adopted a practice")
        browser.js("(() => { const i = document.getElementById('param-practice'); i.value = ''; i.focus(); })()")
        browser.send("Input.insertText", text="告知承诺制")
        assert browser.js("document.getElementById('param-practice').value") == "告知承诺制"
        browser.click("#run")
        browser.wait_for("document.body.dataset.state === 'done' || document.body.dataset.state === 'error'")
        assert browser.js("document.body.dataset.state") == "done", browser.js("document.getElementById('status')"
                                                                             ".textContent")
        header = browser.js("[...document.querySelectorAll('#result-table th')].map(th => th.textContent)")
        assert header[:3] == ["practice", "jurisdiction", "name"]
        names = browser.js("[...document.querySelectorAll('#result-table tbody tr')]"
                           ".map(tr => tr.cells[2].textContent)")
        assert {"旅顺口区", "柯桥区"} <= set(names)
        assert browser.js("document.querySelector('#result-table a').textContent").startswith("fzp:")
        csv_link = browser.js("document.getElementById('csv').href")
        assert not browser.js("document.getElementById('csv').hidden") and "format=csv" in csv_link
        with urllib.request.urlopen(csv_link, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/csv") and "柯桥区" in response.read().decode()

        shot = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        import base64

        png = base64.b64decode(shot)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
        (tmp_path / "endpoint.png").write_bytes(png)
        if os.environ.get("FZGRAPH_SCREENSHOT") == "1":
            (ROOT / "docs" / "endpoint.png").write_bytes(png)

        # an IRI opens its description page
        browser.click("#result-table tbody tr:nth-child(1) td:nth-child(2) a")
        browser.wait_for("location.pathname === '/resource' && document.readyState === 'complete'")
        text = browser.js("document.body.innerText")
        assert "Properties (" in text and "rdfs:label" in text

        requested = [e["params"]["request"]["url"] for e in browser.events
                     if e.get("method") == "Network.requestWillBeSent"]
        assert any(url.startswith(base + "/queries/adopters-of-practice?") for url in requested)
        outside = [url for url in requested if not (url.startswith(base + "/") or url.startswith("data:")
                                                    or url == "about:blank")]
        assert outside == []


def test_endpoint_page_runs_a_query_from_url_parameters(browser, seeds_store):
    from urllib.parse import urlencode

    with running_server(seeds_store) as base:
        params = urlencode({"query": "practices-of-jurisdiction", "jurisdiction": "昌乐县", "run": "1"})
        browser.navigate(f"{base}/?{params}")
        browser.wait_for("document.body.dataset.state === 'done'")
        rows = browser.js("document.querySelectorAll('#result-table tbody tr').length")
        assert rows > 5
        assert browser.js("document.getElementById('param-jurisdiction').value") == "昌乐县"
