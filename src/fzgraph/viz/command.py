"""``fzgraph viz KIND -o FILE``: interactive views (HTML) and static figures (PNG, SVG).

Views: ``bipartite`` (jurisdictions x practices), ``diffusion`` (one
practice over the administrative hierarchy), ``coadoption`` (practices and
their communities). Figures: ``curves``, ``heatmap``, ``modes``. Every HTML
file is self-contained and opens with no network.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis.command import open_data, store_option

__all__ = ["viz", "VIEWS", "FIGURES"]

VIEWS = ("bipartite", "diffusion", "coadoption")
FIGURES = ("curves", "heatmap", "modes")


def _most_adopted(data) -> str | None:
    counts: dict[str, int] = {}
    for (_, slug) in data.first_years:
        counts[slug] = counts.get(slug, 0) + 1
    return min(counts, key=lambda s: (-counts[s], s)) if counts else None


def _slug(data, practice: str | None) -> str:
    if practice is None:
        slug = _most_adopted(data)
        if slug is None:
            raise click.ClickException("no adoptions in the store")
        return slug
    from ..errors import QueryError
    from ..graph.queries import bind_params, get_query

    try:
        iri = bind_params(get_query("adoption-events"), {"practice": practice})["practice"]
    except QueryError as e:
        raise click.ClickException(str(e)) from e
    return str(iri).rsplit("/", 1)[-1]


@click.command()
@click.argument("kind", type=click.Choice([*VIEWS, *FIGURES]))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write: .html for views, .png or .svg for figures.")
@click.option("--practice", default=None, help="diffusion: the practice (slug, Chinese or English label; default: "
                                               "the most adopted); curves: only this practice.")
@click.option("--rollup", is_flag=True, help="Count a narrower practice's adoption for its broader practices too.")
@click.option("--ties", type=click.Choice(["both", "top-down", "inferred", "none"]), default="both",
              show_default=True, help="diffusion: which ties to draw.")
@click.option("--province", default=None, help="curves: within this province.")
@click.option("--top", type=int, default=None, help="Figures: how many of the most adopted practices.")
@click.option("--physics/--no-physics", default=None,
              help="Let vis-network move the nodes (default: only for graphs of at most 150 nodes).")
@store_option
def viz(kind, output, practice, rollup, ties, province, top, physics, store_path):
    """Write an interactive view (HTML) or a static figure (PNG, SVG).

    \b
    fzgraph viz bipartite -o exports/views/bipartite.html
    fzgraph viz diffusion --practice 告知承诺制 --rollup -o diffusion.html
    fzgraph viz coadoption -o coadoption.html
    fzgraph viz curves -o curves.png      (also heatmap, modes; .svg works too)
    """
    suffix = output.suffix.lower()
    if kind in VIEWS and suffix != ".html":
        raise click.UsageError(f"{kind} is an HTML view: give -o FILE.html")
    if kind in FIGURES and suffix not in (".png", ".svg"):
        raise click.UsageError(f"{kind} is a figure: give -o FILE.png or FILE.svg")
    data = open_data(store_path, None, rollup)
    if kind in VIEWS:
        from .html import write_html
        from .views import bipartite_view, coadoption_view, diffusion_view

        if kind == "bipartite":
            page = bipartite_view(data, physics=physics)
        elif kind == "coadoption":
            page = coadoption_view(data, physics=physics)
        else:
            from ..analysis.modes import diffusion_modes
            from ..analysis.netinf import infer_network

            slug = _slug(data, practice)
            inferred = infer_network(data, p_value_cutoff=0.05) if ties in ("both", "inferred") else None
            page = diffusion_view(data, slug, inferred=inferred, ties=ties, modes=diffusion_modes(data),
                                  physics=physics)
        write_html(page, output)
        click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)", err=True)
        return
    from .figures import curves_figure, heatmap_figure, modes_figure, save
    from .fonts import cjk_font

    if cjk_font() is None:
        click.echo("warning: no CJK font found (apt-get install fonts-wqy-microhei); Chinese labels will not "
                   "render", err=True)
    if kind == "curves":
        fig = curves_figure(data, practices=[_slug(data, practice)] if practice else None, province=province,
                            top=top or 8)
    elif kind == "heatmap":
        fig = heatmap_figure(data, top=top or 20)
    else:
        from ..analysis.modes import diffusion_modes

        fig = modes_figure(diffusion_modes(data), top=top or 15)
    save(fig, output)
    click.echo(f"wrote {output}", err=True)
