"""A diffusion network inferred from cascades, after NetInf.

Gomez-Rodriguez, Leskovec and Krause (2010), "Inferring networks of
diffusion and influence" (KDD), as the R package NetworkInference applies it
to policy adoption: each practice is a cascade (jurisdiction -> first year),
and the network sought is the set of edges *i -> j* ("*j* tends to adopt
after *i*") that best explains all cascades.

The likelihood of a cascade is that of its most likely propagation tree:
each adopter *j* at time *t_j* is infected along one edge, either a network
edge *i -> j* from an earlier adopter (weight ``beta * f(t_j - t_i)``, with
*f* an exponential or power-law transmission density) or an external
"epsilon" edge (weight ``epsilon``). Adding an edge to the network can only
raise that likelihood, with diminishing returns (the objective is monotone
submodular), so edges are chosen greedily by marginal gain, with lazy
evaluation (CELF): a gain only changes when another edge into the same node
was added. Every chosen edge keeps its gain (``score``) as in NetInf, the
number of cascades in which *i* adopted before *j*, and a one-sided
Vuong-style p-value of the per-cascade improvements (as NetworkInference's
``p_value_cutoff``) that can stop the selection.

:func:`simulate_cascades` draws cascades from a known network (continuous-time
independent cascades with the same transmission models), and
:func:`precision_recall` scores a recovered network against it.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx
import pandas as pd

__all__ = ["TransmissionModel", "netinf", "infer_network", "simulate_cascades", "precision_recall",
           "edges_frame"]

Cascades = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class TransmissionModel:
    """A transmission-time density: ``exponential`` (``rate``) or ``power_law`` (exponent ``alpha``, minimum
    delay ``delta``)."""

    kind: str = "exponential"
    rate: float = 1.0
    alpha: float = 2.0
    delta: float = 1.0

    def log_density(self, dt: float) -> float:
        if self.kind == "exponential":
            return math.log(self.rate) - self.rate * dt
        if self.kind == "power_law":
            dt = max(dt, self.delta)
            return math.log((self.alpha - 1) / self.delta) - self.alpha * math.log(dt / self.delta)
        raise ValueError(f"unknown transmission model {self.kind!r} (exponential, power_law)")

    def sample(self, rng: random.Random) -> float:
        if self.kind == "exponential":
            return rng.expovariate(self.rate)
        return self.delta * (1 - rng.random()) ** (-1 / (self.alpha - 1))

    @classmethod
    def fit(cls, cascades: Cascades, kind: str = "exponential") -> TransmissionModel:
        """Parameters from the data: the rate (or minimum delay) from the gaps between successive adoption
        times within each cascade."""
        gaps = []
        for cascade in cascades.values():
            times = sorted(set(cascade.values()))
            gaps.extend(b - a for a, b in pairwise(times) if b > a)
        if kind == "exponential":
            return cls("exponential", rate=1 / (sum(gaps) / len(gaps)) if gaps else 1.0)
        return cls("power_law", alpha=2.0, delta=min(gaps) if gaps else 1.0)


def _normal_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def netinf(cascades: Cascades, n_edges: int | None = None, model: TransmissionModel | str = "exponential",
           beta: float = 0.5, epsilon: float = 1e-9, p_value_cutoff: float | None = None,
           min_gain: float = 0.0) -> nx.DiGraph:
    """Infer a directed diffusion network from ``cascades`` ({cascade id: {node: time}}).

    Stops after ``n_edges`` edges, when the best gain is at most ``min_gain``,
    or (with ``p_value_cutoff``) at the first edge whose p-value exceeds it.
    Edges carry ``score`` (the marginal gain when chosen), ``order`` (1 = first
    chosen), ``cascades`` (cascades where the source adopted first),
    ``p_value`` and ``weight`` (= score).
    """
    if isinstance(model, str):
        model = TransmissionModel.fit(cascades, model)
    log_eps = math.log(epsilon)
    log_beta = math.log(beta)
    # candidate edges: (i, j) -> [(cascade, log weight)] wherever i adopted strictly before j
    candidates: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    infected: dict[str, list[str]] = defaultdict(list)  # node -> cascades where it adopted
    for cid, cascade in cascades.items():
        ordered = sorted(cascade.items(), key=lambda kv: kv[1])
        for j, tj in ordered:
            infected[j].append(cid)
            for i, ti in ordered:
                if ti >= tj:
                    break
                candidates[(i, j)].append((cid, log_beta + model.log_density(tj - ti)))
    best: dict[tuple[str, str], float] = {}

    def gain(edge) -> float:
        j = edge[1]
        return sum(max(0.0, w - best.get((j, c), log_eps)) for c, w in candidates[edge])

    version: dict[str, int] = defaultdict(int)
    heap = [(-gain(e), e, 0) for e in candidates]
    heapq.heapify(heap)
    graph = nx.DiGraph(model=model.kind, rate=model.rate, alpha=model.alpha, delta=model.delta, beta=beta,
                       epsilon=epsilon)
    nodes = {n for c in cascades.values() for n in c}
    graph.add_nodes_from(sorted(nodes))
    limit = n_edges if n_edges is not None else len(candidates)
    while heap and graph.number_of_edges() < limit:
        neg, edge, seen = heapq.heappop(heap)
        i, j = edge
        if seen != version[j]:  # stale: another edge into j was chosen since; recompute (CELF)
            heapq.heappush(heap, (-gain(edge), edge, version[j]))
            continue
        score = -neg
        if score <= min_gain:
            break
        improvements = {c: max(0.0, w - best.get((j, c), log_eps)) for c, w in candidates[edge]}
        diffs = [improvements.get(c, 0.0) for c in infected[j]]
        p_value = _vuong(diffs)
        if p_value_cutoff is not None and p_value > p_value_cutoff:
            break
        for c, w in candidates[edge]:
            if w > best.get((j, c), log_eps):
                best[(j, c)] = w
        version[j] += 1
        graph.add_edge(i, j, score=score, weight=score, order=graph.number_of_edges() + 1,
                       cascades=len(candidates[edge]), p_value=p_value)
    return graph


def _vuong(diffs: list[float]) -> float:
    """One-sided p-value that the mean per-cascade log-likelihood improvement is positive."""
    n = len(diffs)
    mean = sum(diffs) / n if n else 0.0
    if n < 2:
        return 0.5 if mean > 0 else 1.0
    var = sum((d - mean) ** 2 for d in diffs) / (n - 1)
    if var == 0:
        return 0.0 if mean > 0 else 1.0
    return _normal_sf(mean / math.sqrt(var / n))


def infer_network(data, n_edges: int | None = None, model: str = "exponential", **kwargs) -> nx.DiGraph:
    """NetInf on the practices of a :class:`~fzgraph.analysis.data.DiffusionData` (one cascade each); nodes
    get ``label`` (name) and ``province``."""
    graph = netinf(data.cascades(), n_edges=n_edges, model=model, **kwargs)
    for node in graph.nodes:
        province = data.province(node)
        graph.nodes[node]["label"] = data.name(node)
        graph.nodes[node]["province"] = data.name(province) if province else ""
    return graph


def edges_frame(graph: nx.DiGraph) -> pd.DataFrame:
    """The inferred edges, in the order chosen: source, target, names, score, cascades, p-value."""
    rows = [{"order": d["order"], "source": a, "source_name": graph.nodes[a].get("label", a), "target": b,
             "target_name": graph.nodes[b].get("label", b), "score": d["score"], "cascades": d["cascades"],
             "p_value": d["p_value"]}
            for a, b, d in sorted(graph.edges(data=True), key=lambda e: e[2]["order"])]
    return pd.DataFrame(rows, columns=["order", "source", "source_name", "target", "target_name", "score",
                                       "cascades", "p_value"])


def simulate_cascades(graph: nx.DiGraph, n_cascades: int, beta: float = 0.5,
                      model: TransmissionModel | None = None, horizon: float = 10.0, seed: int = 0,
                      discrete: bool = False) -> dict[str, dict[str, float]]:
    """Cascades drawn from a known network: continuous-time independent cascades.

    Each cascade starts at one node chosen at random at time 0; an infected
    node infects each out-neighbour with probability ``beta`` after a delay
    drawn from ``model``; infections after ``horizon`` are not observed. With
    ``discrete`` the times are rounded up to whole periods (years), as in the
    reports.
    """
    model = model or TransmissionModel("exponential", rate=1.0)
    rng = random.Random(seed)
    nodes = sorted(graph.nodes, key=str)
    out: dict[str, dict[str, float]] = {}
    for k in range(n_cascades):
        source = rng.choice(nodes)
        times = {source: 0.0}
        heap = [(0.0, source)]
        done = set()
        while heap:
            t, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            for v in sorted(graph.successors(u), key=str):
                if v in done or rng.random() >= beta:
                    continue
                tv = t + model.sample(rng)
                if tv <= horizon and tv < times.get(v, math.inf):
                    times[v] = tv
                    heapq.heappush(heap, (tv, v))
        if discrete:
            times = {n: float(math.ceil(t)) for n, t in times.items()}
        out[f"c{k}"] = times
    return out


def precision_recall(inferred, true) -> tuple[float, float]:
    """Precision and recall of the inferred directed edges against the true ones."""
    found = set(inferred.edges() if hasattr(inferred, "edges") else inferred)
    truth = set(true.edges() if hasattr(true, "edges") else true)
    hits = len(found & truth)
    return (hits / len(found) if found else 0.0, hits / len(truth) if truth else 0.0)
