"""Benchmark the diffusion view at scale: a synthetic cascade over 3,000
county-level jurisdictions (plus their cities and provinces), built as a
pyvis page with positions from the seats' coordinates and physics off, then
opened in headless Chromium (Debian's ``chromium``) until vis-network has
drawn it. Prints the file size, the time to build the page, and the time to
a drawn view, against two baselines in the same run: opening a page of the
same size that only parses (the HTML-only floor) and the same view with
vis-network's physics on (what pyvis does by default). Target: drawn in
under 5 seconds.

    python benchmarks/viz.py [--counties N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from browser import Chromium, serve
from fzgraph.analysis.synthetic import synthetic_diffusion
from fzgraph.viz.html import write_html
from fzgraph.viz.views import diffusion_view

DRAWN = "window.fzgraphDrawn"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counties", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    data = synthetic_diffusion(args.counties)
    t_data = time.perf_counter() - t0
    slug = data.adopted_practices()[0]
    t0 = time.perf_counter()
    page = diffusion_view(data, slug, ties="top-down", physics=False)
    t_build = time.perf_counter() - t0
    physics_page = diffusion_view(data, slug, ties="top-down", physics=True)
    nodes = len({c for c in data.units})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_html(page, folder / "fixed.html")
        write_html(physics_page, folder / "physics.html")
        # the floor: the same bytes, but the network is never created
        write_html(page.replace("drawGraph();\n", "window.fzgraphDrawn = performance.now();\n"),
                   folder / "html-only.html")
        size = (folder / "fixed.html").stat().st_size
        print(f"synthetic cascade: {args.counties} counties, {nodes} nodes with ancestors, "
              f"{len(data.first_years)} adopters; data {t_data:.2f} s, page built in {t_build:.2f} s")
        print(f"file size: {size:,} bytes ({size / 2**20:.2f} MiB)")
        results = {}
        with serve(folder) as base, Chromium(timeout=180) as browser:
            for name in ("html-only", "fixed", "physics"):
                drawn, wall = [], []
                for _ in range(args.repeat if name != "physics" else 1):
                    browser.open("about:blank")
                    load = browser.open(f"{base}/{name}.html", until=DRAWN, timeout=180)
                    drawn.append(float(load.value) / 1000)
                    wall.append(load.seconds)
                    outside = load.outside_requests()
                    assert not outside, outside
                results[name] = (statistics.median(drawn), statistics.median(wall))
        labels = {"html-only": "HTML only (parse + vis-network script, no network drawn)",
                  "fixed": "diffusion view, physics off (fzgraph)",
                  "physics": "same view, physics on (pyvis default)"}
        for name, (drawn, wall) in results.items():
            print(f"{labels[name]:<58} drawn at {drawn:6.2f} s after navigation start "
                  f"(wall {wall:6.2f} s)")
        fixed = results["fixed"][0]
        print(f"target < 5 s to a drawn view: {'met' if fixed < 5 else 'NOT met'} ({fixed:.2f} s); "
              f"physics on is {results['physics'][0] / fixed:.1f}x slower")


if __name__ == "__main__":
    main()
