"""Views and figures: offline HTML, drawn in headless Chromium, CJK glyphs in figures."""

from __future__ import annotations

import json
import os
import re
import shutil
import warnings
from pathlib import Path

import pytest

from browser import Chromium, chromium_path, ink_pixels, serve
from fzgraph.viz.html import OfflineError, remote_references

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ("bipartite", "diffusion", "coadoption")
RESOURCE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def pages(seeds_store, tmp_path_factory):
    """Every view of the seeds, written by the CLI."""
    from click.testing import CliRunner

    from fzgraph.cli import cli

    folder = tmp_path_factory.mktemp("views")
    runner = CliRunner()
    args = {"diffusion": ["--practice", "告知承诺制", "--rollup"]}
    for kind in VIEWS:
        result = runner.invoke(cli, ["viz", kind, *args.get(kind, []), "--store", str(seeds_store),
                                     "-o", str(folder / f"{kind}.html")])
        assert result.exit_code == 0, result.output
    return folder


def test_every_view_has_no_remote_resource_reference(pages):
    for kind in VIEWS:
        page = (pages / f"{kind}.html").read_text(encoding="utf-8")
        assert "vis.Network" in page and "cdn.jsdelivr" not in page and "cdnjs" not in page
        assert not RESOURCE.findall(page), kind
        assert not remote_references(page), kind


def test_remote_references_are_caught():
    assert remote_references('<link href="https://cdn.example/x.css">')
    assert remote_references("<style>a { background: url(//cdn.example/a.png) }</style>")
    assert not remote_references('<p>see https://w3id.org/fzgraph/ in text</p><img src="data:image/png;base64,AA">')
    from pyvis.network import Network

    from fzgraph.viz.html import render

    with pytest.raises(OfflineError):
        render(Network(cdn_resources="remote"), "t")


def _js(text: str) -> str:
    """How a string appears inside the page's JSON data (non-ASCII escaped)."""
    return json.dumps(text)[1:-1]


def test_tooltips_carry_evidence_and_report(pages):
    page = (pages / "diffusion.html").read_text(encoding="utf-8")
    assert "告知承诺制" in page and _js("证据 evidence") in page and "report/210212/2019" in page
    bipartite = (pages / "bipartite.html").read_text(encoding="utf-8")
    assert 'id="fz-year"' in bipartite and _js("首违不罚") in bipartite


def test_large_views_have_physics_off_and_small_ones_on():
    from fzgraph.analysis.synthetic import synthetic_diffusion
    from fzgraph.viz.views import diffusion_view

    data = synthetic_diffusion(400, seed=1)
    page = diffusion_view(data, data.adopted_practices()[0], ties="top-down")
    assert '"physics": {"enabled": false' in page
    assert _js("合成证据") in page


needs_chromium = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (make system-deps)")


@needs_chromium
def test_views_draw_in_headless_chromium_without_leaving_localhost(pages):
    shots = ROOT / "docs" if os.environ.get("FZGRAPH_SCREENSHOT") else None
    with serve(pages) as base, Chromium(width=1280, height=860) as browser:
        for kind in VIEWS:
            load = browser.open(f"{base}/{kind}.html", until="window.fzgraphDrawn", timeout=60)
            assert load.requests and not load.outside_requests(), load.requests
            assert browser.evaluate("network.body.data.nodes.length") > 3
            ink, total = ink_pixels(browser.screenshot("#mynetwork"))
            assert ink > 0.005 * total, f"{kind}: canvas looks blank ({ink} of {total} pixels)"
            if shots is not None:
                (shots / f"diffusion-{kind}.png").write_bytes(browser.screenshot())
        # the year filter hides the other years' edges
        browser.open(f"{base}/bipartite.html", until="window.fzgraphDrawn", timeout=60)
        hidden = browser.evaluate("(function(){var s=document.getElementById('fz-year'); s.value='2019';"
                                  "s.dispatchEvent(new Event('change'));"
                                  "return edges.get().filter(function(e){return !e.hidden;})"
                                  ".every(function(e){return e.year===2019;});})()")
        assert hidden is True


@needs_chromium
def test_a_3000_jurisdiction_view_draws_quickly(tmp_path):
    from fzgraph.analysis.synthetic import synthetic_diffusion
    from fzgraph.viz.html import write_html
    from fzgraph.viz.views import diffusion_view

    data = synthetic_diffusion(3000)
    write_html(diffusion_view(data, data.adopted_practices()[0], ties="top-down"), tmp_path / "big.html")
    with serve(tmp_path) as base, Chromium() as browser:
        load = browser.open(f"{base}/big.html", until="window.fzgraphDrawn", timeout=60)
        assert float(load.value) < 10_000  # ms; benchmarks/viz.py measures ~1 s
        assert browser.evaluate("network.body.data.nodes.length") > 3000
        assert not load.outside_requests()


def test_cjk_font_has_the_glyphs():
    from matplotlib import font_manager

    from fzgraph.viz.fonts import SAMPLE, cjk_font, covers

    if not any(Path(p).is_file() for p in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                                            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")):
        pytest.skip("no CJK font installed (make system-deps)")
    family = cjk_font()
    assert family
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert covers(path, SAMPLE + "采用曲线累计比例扩散方式做法省份")


def test_figures_render_cjk_without_missing_glyphs(seeds_reader, tmp_path):
    from fzgraph.analysis.data import load_data
    from fzgraph.analysis.modes import diffusion_modes
    from fzgraph.viz.figures import curves_figure, heatmap_figure, modes_figure, save
    from fzgraph.viz.fonts import cjk_font

    if cjk_font() is None:
        pytest.skip("no CJK font installed (make system-deps)")
    data = load_data(seeds_reader)
    figures = {"curves": lambda: curves_figure(data), "heatmap": lambda: heatmap_figure(data),
               "modes": lambda: modes_figure(diffusion_modes(data))}
    for name, make in figures.items():
        for suffix in ("png", "svg"):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                path = save(make(), tmp_path / f"{name}.{suffix}")
            missing = [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
            assert not missing, missing[:2]
            assert path.stat().st_size > 5000
        ink, total = ink_pixels((tmp_path / f"{name}.png").read_bytes())
        assert ink > 0.02 * total


def test_cli_viz_refuses_a_wrong_suffix(runner, seeds_store, tmp_path):
    from fzgraph.cli import cli

    result = runner.invoke(cli, ["viz", "bipartite", "--store", str(seeds_store), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2 and ".html" in result.output
    result = runner.invoke(cli, ["viz", "curves", "--store", str(seeds_store), "-o", str(tmp_path / "c.png")])
    assert result.exit_code == 0 and (tmp_path / "c.png").stat().st_size > 0


def test_browser_helper_is_importable_without_chromium():
    assert callable(chromium_path) and shutil.which  # the helper itself needs no browser to import
