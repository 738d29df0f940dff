"""``fzgraph analyze``: the diffusion analyses on the command line.

Each subcommand reads the store through SPARQL (:func:`~fzgraph.analysis.load_data`),
runs one analysis and prints a table (CSV by default, ``-f tsv|json``) or
writes it to ``-o FILE``; network subcommands write GraphML for Gephi when
the file ends in ``.graphml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..options import open_store_or_exit, store_option

__all__ = ["analyze", "store_option", "open_data"]

output_option = click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
                             help="Write to this file instead of standard output.")
format_option = click.option("-f", "--format", "fmt", type=click.Choice(["csv", "tsv", "json"]), default="csv",
                             show_default=True, help="Table format.")
practice_option = click.option("--practice", default=None, help="Only this practice (slug, Chinese or English "
                                                                "label).")
rollup_option = click.option("--rollup", is_flag=True, help="Count a narrower practice's adoption for its broader "
                                                            "practices too.")


def open_data(store_path, practice=None, rollup=False):
    """Load the diffusion data from the store (read-only); domain errors become click errors."""
    from ..errors import FzgraphError
    from .data import load_data

    try:
        with open_store_or_exit(store_path, read_only=True) as store:
            return load_data(store, practice=practice, rollup=rollup)
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e


def _slug(data, practice):
    if practice is None:
        return None
    if practice in data.practices:
        return practice
    for slug, info in data.practices.items():
        if practice in (info.label, info.label_en):
            return slug
    raise click.ClickException(f"unknown practice {practice!r}")


def _emit(frame, output: Path | None, fmt: str, index: bool = False) -> None:
    if output is not None:
        fmt = {".tsv": "tsv", ".json": "json"}.get(output.suffix.lower(), fmt)
        output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=1)
    else:
        text = frame.to_csv(sep="\t" if fmt == "tsv" else ",", index=index, lineterminator="\n")
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({len(frame)} rows)", err=True)


def _graph_out(graph, frame, output, fmt):
    if output is not None and output.suffix.lower() == ".graphml":
        import networkx as nx

        output.parent.mkdir(parents=True, exist_ok=True)
        clean = graph.copy()
        for _, attrs in clean.nodes(data=True):
            for k, v in list(attrs.items()):
                if v is None:
                    del attrs[k]
        clean.graph = {k: v for k, v in clean.graph.items() if isinstance(v, str | int | float)}
        nx.write_graphml(clean, output)
        click.echo(f"wrote {output} ({clean.number_of_nodes()} nodes, {clean.number_of_edges()} edges)", err=True)
    else:
        _emit(frame, output, fmt)


def _common_options(f):
    """--rollup, --store, --output and --format, shared by every analysis."""
    for option in reversed([rollup_option, store_option, output_option, format_option]):
        f = option(f)
    return f


@click.group()
def analyze():
    """Reform diffusion: adoption matrix, curves, modes, networks, NetInf.

    \b
    fzgraph analyze matrix --form wide -o adoptions-wide.csv
    fzgraph analyze curves --practice 首违不罚 --by-province
    fzgraph analyze modes --shares
    fzgraph analyze coadoption --alpha 0.05 -o coadoption.graphml
    fzgraph analyze netinf --edges 50
    """


@analyze.command()
@click.option("--form", type=click.Choice(["long", "wide", "cascades", "events"]), default="long",
              show_default=True, help="long: SPID (jurisdiction x practice, censored); wide: NetworkInference "
                                      "cascades; cascades: NetworkInference long form; events: event-history panel.")
@practice_option
@_common_options
def matrix(form, practice, rollup, store_path, output, fmt):
    """The adoption matrix: first year of each practice per jurisdiction."""
    from .cascades import adoption_long, adoption_wide, cascade_long, event_history

    data = open_data(store_path, practice, rollup)
    build = {"long": adoption_long, "wide": adoption_wide, "cascades": cascade_long, "events": event_history}[form]
    frame = build(data)
    _emit(frame, output, fmt, index=form == "wide")


def _scope_options(f):
    f = _common_options(f)
    for option in reversed([practice_option, click.option("--province", default=None, help="Within this province "
                                                                                           "(code or name)."),
                            click.option("--by-province", is_flag=True, help="One scope per province.")]):
        f = option(f)
    return f


def _scoped(function, practice, province, by_province, rollup, store_path, output, fmt) -> None:
    data = open_data(store_path, practice, rollup)
    try:
        frame = function(data, _slug(data, practice), province, by_province)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    _emit(frame, output, fmt)


@analyze.command()
@_scope_options
def curves(practice, province, by_province, rollup, store_path, output, fmt):
    """Adoption curves: cumulative share of jurisdictions adopting, by year."""
    from .curves import adoption_curve

    _scoped(adoption_curve, practice, province, by_province, rollup, store_path, output, fmt)


@analyze.command("first-adopters")
@_scope_options
def first_adopters_command(practice, province, by_province, rollup, store_path, output, fmt):
    """The first adopters of each practice, overall or within a province."""
    from .curves import first_adopters

    _scoped(first_adopters, practice, province, by_province, rollup, store_path, output, fmt)


@analyze.command()
@practice_option
@click.option("--shares", is_flag=True, help="Print the share of each mode per practice instead.")
@click.option("--k", "k", type=int, default=6, show_default=True, help="Neighbours: the k nearest seats.")
@click.option("--max-km", type=float, default=150.0, show_default=True, help="Neighbours: at most this far.")
@_common_options
def modes(practice, shares, k, max_km, rollup, store_path, output, fmt):
    """Diffusion mode of each adoption: top-down, neighbour, pioneer or other."""
    from .geography import neighbours_for
    from .modes import diffusion_modes, mode_shares

    data = open_data(store_path, practice, rollup)
    frame = diffusion_modes(data, neighbours_for(data, k=k, max_km=max_km), _slug(data, practice))
    _emit(mode_shares(frame) if shares else frame, output, fmt)


@analyze.command()
@click.option("--min-count", type=int, default=1, show_default=True, help="Least joint adopters for an edge.")
@click.option("--alpha", type=float, default=None, help="Keep edges with a Benjamini-Hochberg q-value at most this.")
@click.option("--min-lift", type=float, default=None, help="Keep edges with a lift above this.")
@click.option("--centralities", is_flag=True, help="Print the nodes' centralities and communities instead of edges.")
@_common_options
def coadoption(min_count, alpha, min_lift, centralities, rollup, store_path, output, fmt):
    """Co-adoption network of practices, with lift and hypergeometric p-values."""
    from .networks import centralities as centrality_table
    from .networks import co_adoption_network, communities, edge_table

    data = open_data(store_path, None, rollup)
    graph = co_adoption_network(data, min_count=min_count, alpha=alpha, min_lift=min_lift)
    communities(graph)
    _graph_out(graph, centrality_table(graph) if centralities else edge_table(graph), output, fmt)


@analyze.command()
@click.option("--min-similarity", type=float, default=0.0, show_default=True, help="Least Jaccard index.")
@click.option("--centralities", is_flag=True, help="Print the nodes' centralities and communities instead of edges.")
@_common_options
def similarity(min_similarity, centralities, rollup, store_path, output, fmt):
    """Similarity network of jurisdictions (Jaccard index of adopted practices)."""
    from .networks import centralities as centrality_table
    from .networks import communities, edge_table, similarity_network

    data = open_data(store_path, None, rollup)
    graph = similarity_network(data, min_similarity=min_similarity)
    communities(graph)
    _graph_out(graph, centrality_table(graph) if centralities else edge_table(graph), output, fmt)


@analyze.command()
@click.option("--edges", "n_edges", type=int, default=None, help="Stop after this many edges.")
@click.option("--model", type=click.Choice(["exponential", "power_law"]), default="exponential",
              show_default=True, help="Transmission-time model.")
@click.option("--p-value-cutoff", type=float, default=0.05, show_default=True,
              help="Stop at the first edge whose p-value is above this.")
@_common_options
def netinf(n_edges, model, p_value_cutoff, rollup, store_path, output, fmt):
    """Infer a diffusion network between jurisdictions from the cascades (NetInf)."""
    from .netinf import edges_frame, infer_network

    data = open_data(store_path, None, rollup)
    graph = infer_network(data, n_edges=n_edges, model=model, p_value_cutoff=p_value_cutoff)
    _graph_out(graph, edges_frame(graph), output, fmt)
