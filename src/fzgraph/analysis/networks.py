"""Co-adoption network of practices, similarity network of jurisdictions,
communities and centralities.

Co-adoption: practices *a* and *b* are linked when some jurisdiction adopted
both. Raw counts favour practices everyone adopts, so every edge also carries
the count expected if adoptions were independent, the lift (observed /
expected), and the hypergeometric p-value of seeing at least that many joint
adopters among the population (with its Benjamini-Hochberg q-value over all
pairs tested). Similarity: jurisdictions are linked by the Jaccard index of
the sets of practices they adopted. Communities come from networkx's Louvain
method with a fixed seed, so the same graph gives the same partition.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

import networkx as nx
import pandas as pd

from .data import DiffusionData

__all__ = ["hypergeom_sf", "co_adoption_network", "similarity_network", "communities", "centralities",
           "edge_table"]


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def hypergeom_sf(k: int, population: int, successes: int, draws: int) -> float:
    """P(X >= k) for X ~ Hypergeometric(population, successes, draws)."""
    hi = min(successes, draws)
    lo = max(k, draws - (population - successes), 0)
    if lo > hi:
        return 0.0 if k > hi else 1.0
    logs = [_log_comb(successes, x) + _log_comb(population - successes, draws - x) for x in range(lo, hi + 1)]
    top = max(logs)
    log_p = top + math.log(sum(math.exp(v - top) for v in logs)) - _log_comb(population, draws)
    return min(1.0, math.exp(log_p))


def _bh(p_values: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


def co_adoption_network(data: DiffusionData, min_count: int = 1, alpha: float | None = None,
                        min_lift: float | None = None) -> nx.Graph:
    """Practices linked by joint adopters.

    Nodes: practice slugs with ``label``, ``area``, ``area_label``, ``adopters``.
    Edges: ``weight`` (= ``count``, jurisdictions adopting both), ``expected``,
    ``lift``, ``p_value``, ``q_value`` and ``jurisdictions`` (codes). With
    ``alpha``, only edges with ``q_value <= alpha`` are kept; with ``min_lift``,
    only edges whose lift is above it. The q-values count every pair with at
    least ``min_count`` joint adopters as tested.
    """
    population = set(data.population())
    adopters: dict[str, set[str]] = defaultdict(set)
    for (code, slug) in data.first_years:
        if code in population:
            adopters[slug].add(code)
    n = len(population)
    graph = nx.Graph(population=n)
    for slug in sorted(adopters):
        info = data.practices.get(slug)
        graph.add_node(slug, label=data.label(slug), area=info.area if info else "",
                       area_label=info.area_label if info else "", adopters=len(adopters[slug]))
    edges = []
    for a, b in combinations(sorted(adopters), 2):
        both = adopters[a] & adopters[b]
        if len(both) < max(min_count, 1):
            continue
        expected = len(adopters[a]) * len(adopters[b]) / n
        p = hypergeom_sf(len(both), n, len(adopters[a]), len(adopters[b]))
        edges.append((a, b, {"weight": len(both), "count": len(both), "expected": expected,
                             "lift": len(both) / expected if expected else 0.0, "p_value": p,
                             "jurisdictions": ",".join(sorted(both))}))
    for (a, b, attrs), q in zip(edges, _bh([e[2]["p_value"] for e in edges]), strict=True):
        attrs["q_value"] = q
        if (alpha is None or q <= alpha) and (min_lift is None or attrs["lift"] > min_lift):
            graph.add_edge(a, b, **attrs)
    return graph


def similarity_network(data: DiffusionData, min_similarity: float = 0.0, min_shared: int = 1) -> nx.Graph:
    """Jurisdictions linked by the Jaccard index of their adopted practices (``weight``), with ``shared``."""
    practices: dict[str, set[str]] = defaultdict(set)
    for (code, slug) in data.first_years:
        practices[code].add(slug)
    graph = nx.Graph()
    for code in sorted(practices):
        province = data.province(code)
        graph.add_node(code, label=data.name(code), province=data.name(province) if province else "",
                       practices=len(practices[code]))
    for a, b in combinations(sorted(practices), 2):
        shared = len(practices[a] & practices[b])
        if shared < max(min_shared, 1):
            continue
        jaccard = shared / len(practices[a] | practices[b])
        if jaccard >= min_similarity:
            graph.add_edge(a, b, weight=jaccard, shared=shared)
    return graph


def communities(graph: nx.Graph, weight: str = "weight", resolution: float = 1.0, seed: int = 0) -> dict:
    """Louvain communities: node -> community number (0 = the largest); also set as node attribute
    ``community``."""
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_edges() == 0:
        parts = [{n} for n in graph.nodes]
    else:
        parts = nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    parts = sorted(parts, key=lambda p: (-len(p), min(map(str, p))))
    membership = {node: i for i, part in enumerate(parts) for node in part}
    nx.set_node_attributes(graph, membership, "community")
    return membership


def centralities(graph: nx.Graph, weight: str = "weight") -> pd.DataFrame:
    """Per node: degree, strength (weighted degree), betweenness, eigenvector, PageRank, community."""
    nodes = sorted(graph.nodes, key=str)
    columns = ["node", "label", "degree", "strength", "betweenness", "eigenvector", "pagerank", "community"]
    if not nodes:
        return pd.DataFrame(columns=columns)
    betweenness = nx.betweenness_centrality(graph)  # unweighted: weights are similarities, not distances
    try:
        eigen = nx.eigenvector_centrality_numpy(graph, weight=weight) if graph.number_of_edges() else {}
    except (nx.NetworkXException, ValueError, TypeError):
        eigen = {}
    pagerank = nx.pagerank(graph, weight=weight) if graph.number_of_edges() else {n: 1 / len(nodes) for n in nodes}
    rows = [{"node": n, "label": graph.nodes[n].get("label", n), "degree": graph.degree(n),
             "strength": graph.degree(n, weight=weight), "betweenness": betweenness.get(n, 0.0),
             "eigenvector": abs(eigen.get(n, 0.0)), "pagerank": pagerank.get(n, 0.0),
             "community": graph.nodes[n].get("community")} for n in nodes]
    return pd.DataFrame(rows, columns=columns)


def edge_table(graph: nx.Graph) -> pd.DataFrame:
    """The edges of a graph with their attributes, one row each (source, target, ...)."""
    rows = [{"source": a, "target": b, **attrs} for a, b, attrs in graph.edges(data=True)]
    return pd.DataFrame(rows)
