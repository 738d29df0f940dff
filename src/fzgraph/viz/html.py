"""Single-file, offline HTML from a pyvis network.

pyvis with ``cdn_resources="in_line"`` inlines vis-network, but its template
still links Bootstrap's CSS and JavaScript from a CDN and repeats the
heading. :func:`render` removes those, adds our own header, legend, controls
and styles, and a hook that records when the network was first drawn
(``window.fzgraphDrawn``, milliseconds since navigation start; tests and
the benchmark wait for it). :func:`remote_references` finds any resource
reference to another host (``src``/``href`` attributes, CSS ``url()`` and
``@import``); :func:`render` refuses to return a page that has one.
"""

from __future__ import annotations

import html as htmlmod
import os
import re
import tempfile
from pathlib import Path

__all__ = ["render", "remote_references", "write_html", "tooltip", "OfflineError"]

FONT_STACK = ("'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Droid Sans Fallback', 'Microsoft YaHei', "
              "'PingFang SC', sans-serif")

_REMOTE = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//[^\s"'<>]*)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//[^)\s"']*)"""
    r"""|(?:@import\s+["']?\s*(?:https?:)?//[^\s"';]*)""",
    re.IGNORECASE)
# pyvis' template: Bootstrap from jsdelivr, the heading twice, a commented vis.js
_BOOTSTRAP = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*/?>|<script\b[^>]*\bsrc=\"https?://[^\"]*\""
                        r"[^>]*>\s*</script>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<center>\s*<h1>.*?</h1>\s*</center>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class OfflineError(ValueError):
    """A page would load something from another host."""


def remote_references(page: str) -> list[str]:
    """Every reference in ``page`` that would make a browser fetch from another host."""
    return _REMOTE.findall(page)


def tooltip(*lines: str) -> str:
    """A plain-text tooltip (vis-network shows a string title as text, never as HTML)."""
    text = "\n".join(line for line in lines if line)
    # pyvis switches to an innerHTML popup when a title contains "href": never let it
    return text.replace("href", "hre\u2060f")


_STYLE = """
<style>
  body { margin: 0; font-family: %(font)s; background: #fff; }
  #fz-header { padding: 6px 12px; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap;
               align-items: center; gap: 12px; }
  #fz-header h1 { font-size: 18px; margin: 0; font-weight: 600; }
  #fz-header .fz-note { font-size: 12px; color: #555; }
  #fz-legend { position: absolute; right: 12px; top: 56px; z-index: 10; background: rgba(255,255,255,0.92);
               border: 1px solid #ccc; border-radius: 4px; padding: 6px 10px; font-size: 12px; max-width: 320px; }
  #fz-legend h2 { font-size: 13px; margin: 4px 0; }
  #fz-legend .fz-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
  #fz-legend .fz-dot { width: 12px; height: 12px; border-radius: 6px; display: inline-block; flex: none; }
  #fz-legend .fz-line { width: 18px; height: 0; border-top: 3px solid; display: inline-block; flex: none; }
  #mynetwork { float: none !important; border: none !important; }
  div.vis-tooltip { white-space: pre-wrap !important; max-width: 480px; font-family: %(font)s !important;
                    font-size: 13px !important; line-height: 1.4; }
  .card { border: none; }
</style>
"""

_DRAWN = """
<script>
  (function () {
    window.fzgraphDrawn = null;
    function mark() { if (window.fzgraphDrawn === null) { window.fzgraphDrawn = performance.now(); } }
    if (typeof network !== "undefined" && network) {
      network.once("afterDrawing", mark);
      network.fit({ animation: false });
      network.redraw();
    }
  })();
</script>
"""


def _legend(sections: list[tuple[str, list[tuple[str, str, str]]]]) -> str:
    if not sections:
        return ""
    parts = ['<div id="fz-legend">']
    for heading, items in sections:
        parts.append(f"<h2>{htmlmod.escape(heading)}</h2>")
        for label, color, kind in items:
            cls = "fz-line" if kind == "line" else "fz-dot"
            prop = "border-top-color" if kind == "line" else "background"
            parts.append(f'<div class="fz-row"><span class="{cls}" style="{prop}: {htmlmod.escape(color)}"></span>'
                         f"<span>{htmlmod.escape(label)}</span></div>")
    parts.append("</div>")
    return "\n".join(parts)


def render(net, title: str, note: str = "", legend: list | None = None, controls: str = "",
           script: str = "") -> str:
    """The page of a pyvis ``Network`` (built with ``cdn_resources="in_line"``), offline.

    ``legend``: [(heading, [(label, colour, "dot"|"line"), ...]), ...];
    ``controls``: HTML put in the header (e.g. a year filter); ``script``:
    JavaScript run after the network is created (``network``, ``nodes`` and
    ``edges`` are in scope).
    """
    if getattr(net, "cdn_resources", "in_line") != "in_line":
        raise OfflineError("build the pyvis Network with cdn_resources='in_line'")
    page = net.generate_html(notebook=False)
    page = _BOOTSTRAP.sub("", page)
    page = _HEADING.sub("", page)
    page = _COMMENT.sub("", page)
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="zh-CN">', 1)
    page = page.replace("</head>", f"<title>{htmlmod.escape(title)}</title>\n"
                                   f"{_STYLE % {'font': FONT_STACK}}</head>", 1)
    header = (f'<div id="fz-header"><h1>{htmlmod.escape(title)}</h1>{controls}'
              f'<span class="fz-note">{htmlmod.escape(note)}</span></div>\n{_legend(legend or [])}')
    page = re.sub(r"<body>", lambda m: "<body>\n" + header, page, count=1)
    tail = _DRAWN + (f"<script>\n{script}\n</script>\n" if script else "")
    index = page.rfind("</body>")
    page = page[:index] + tail + page[index:]
    remote = remote_references(page)
    if remote:
        raise OfflineError(f"the page still references other hosts: {remote[:3]}")
    return page


def write_html(page: str, path: Path) -> Path:
    """Write ``page`` to ``path`` atomically (a temporary file renamed into place)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
