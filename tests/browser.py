"""Headless Chromium for tests and benchmarks, driven over the DevTools protocol.

No browser download: it runs Debian's ``chromium`` (``apt-get install
chromium fonts-wqy-microhei``), talks to it through a WebSocket
(``websockets``), and records every request a page makes, so a test can
check that nothing left localhost. Pages are served from a folder by a
local HTTP server on 127.0.0.1 (:func:`serve`).

    with serve(folder) as base, Chromium() as browser:
        page = browser.open(f"{base}/view.html", until="window.fzgraphDrawn != null")
        png = browser.screenshot(selector="#mynetwork")
        assert not page.outside_requests()

A page can also be used as a person would: :meth:`Chromium.click` presses the
mouse at an element's centre, :meth:`Chromium.type` types with key events,
:meth:`Chromium.wait_for` waits for a JavaScript condition, and
:meth:`Chromium.requests` lists every request since the last :meth:`Chromium.open`.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

__all__ = ["CHROMIUM", "chromium_path", "Chromium", "PageLoad", "serve", "ink_pixels", "LOCAL_HOSTS",
           "outside_requests"]

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_path() -> str | None:
    """The Chromium executable on PATH (or $CHROMIUM), None when there is none."""
    override = os.environ.get("CHROMIUM")
    if override:
        return override
    return next((p for p in map(shutil.which, CHROMIUM) if p), None)


def outside_requests(urls: list[str], origin: str | None = None) -> list[str]:
    """The URLs that went to anything but localhost (data:, blob: and about: URLs are local).

    With ``origin`` (``http://127.0.0.1:PORT``) only that host and port count as local, and file: URLs do not.
    """
    allowed = urlparse(origin).netloc if origin else None
    out = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "chrome", "devtools"):
            continue
        if parsed.scheme in ("http", "https", "ws", "wss") and (
                parsed.netloc == allowed if allowed else parsed.hostname in LOCAL_HOSTS):
            continue
        if parsed.scheme == "file" and allowed is None:
            continue
        out.append(url)
    return out


@dataclass
class PageLoad:
    """What happened when a page was opened."""

    url: str
    requests: list[str] = field(default_factory=list)
    seconds: float = 0.0  # wall time from navigation to the condition
    value: object = None  # the condition's value when it became true

    def outside_requests(self, origin: str | None = None) -> list[str]:
        """Requests to anything but localhost (or but ``origin``): see :func:`outside_requests`."""
        return outside_requests(self.requests, origin)


class Chromium:
    """One headless Chromium with one page, closed on exit."""

    def __init__(self, width: int = 1280, height: int = 860, timeout: float = 30.0):
        from websockets.sync.client import connect

        exe = chromium_path()
        if exe is None:
            raise RuntimeError("no chromium on PATH (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="fzgraph-chromium-")
        self._stack = contextlib.ExitStack()
        self.width, self.height, self.timeout = width, height, timeout
        args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--hide-scrollbars", f"--window-size={width},{height}", "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1", f"--user-data-dir={self.profile}", "about:blank"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.is_file() and len(port_file.read_text().split()) >= 2):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self.ws = self._stack.enter_context(connect(f"ws://127.0.0.1:{port}{path}", max_size=None,
                                                    open_timeout=timeout))
        self._id = 0
        self.events: list[dict] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            self.send(f"{domain}.enable", session=True)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        """Send one DevTools command and wait for its answer; events that arrive meanwhile are kept."""
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            raw = self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float | None = None, poll: float = 0.02):
        """Poll the JavaScript ``expression`` until it is truthy and return its value; errors while the
        page is still loading count as false."""
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError):
                value = self.evaluate(expression)
                if value:
                    return value
            time.sleep(poll)
        raise TimeoutError(f"{expression!r} still false after {timeout} s")

    def requests(self) -> list[str]:
        """The URL of every request the page made since the last :meth:`open`."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def open(self, url: str, until: str = "document.readyState === 'complete'", timeout: float | None = None,
             poll: float = 0.02) -> PageLoad:
        """Navigate to ``url`` and wait until the JavaScript expression ``until`` is truthy."""
        self.events.clear()
        start = time.monotonic()
        self.send("Page.navigate", {"url": url}, session=True)
        try:
            value = self.wait_for(until, timeout, poll)
        except TimeoutError as error:
            raise TimeoutError(f"{url}: {error}") from None
        return PageLoad(url, self.requests(), time.monotonic() - start, value)

    def _box(self, selector: str) -> list[float]:
        """[x, y, width, height] of the element ``selector`` in the viewport."""
        rect = self.evaluate(f"(function(){{var r=document.querySelector({json.dumps(selector)})"
                             ".getBoundingClientRect();return [r.x,r.y,r.width,r.height];})()")
        if rect is None:
            raise LookupError(f"no element {selector!r}")
        return rect

    def click(self, selector: str) -> None:
        """Click the element ``selector`` with real mouse events at its centre (scrolled into view)."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoViewIfNeeded()")
        x, y, width, height = self._box(selector)
        x, y = x + width / 2, y + height / 2
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y}, session=True)
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1}, session=True)

    def type(self, text: str, selector: str | None = None) -> None:
        """Type ``text`` with key events, one key a character; into ``selector`` (focused, its old text
        selected so that the typing replaces it) or else wherever the focus is."""
        if selector:
            self.evaluate(f"(function(){{var e=document.querySelector({json.dumps(selector)});e.focus();"
                          "if (e.select) e.select();})()")
        for char in text:
            self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, "key": char,
                                                 "unmodifiedText": char}, session=True)
            self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char}, session=True)

    def screenshot(self, selector: str | None = None, full_page: bool = False) -> bytes:
        """A PNG of the viewport (``full_page``: of the whole page), or of the element ``selector``."""
        params: dict = {"format": "png"}
        if selector:
            x, y, width, height = self._box(selector)
            params["clip"] = {"x": x, "y": y, "width": width, "height": height, "scale": 1}
        elif full_page:
            params["captureBeyondViewport"] = True
        return base64.b64decode(self.send("Page.captureScreenshot", params, session=True)["data"])


def ink_pixels(png: bytes, background=(255, 255, 255), tolerance: int = 16) -> tuple[int, int]:
    """(pixels that differ from the background, all pixels) of a PNG."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    distance = np.abs(pixels - np.array(background, dtype=np.int16)).max(axis=2)
    return int((distance > tolerance).sum()), int(distance.size)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
