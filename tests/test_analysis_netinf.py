"""NetInf: recovers a known network from cascades simulated on it."""

from __future__ import annotations

import networkx as nx
import pytest

from fzgraph.analysis.netinf import TransmissionModel, netinf, precision_recall, simulate_cascades


def known_network(n=40, m=80, seed=7) -> nx.DiGraph:
    graph = nx.gnm_random_graph(n, m, directed=True, seed=seed)
    return nx.relabel_nodes(graph, {i: f"n{i:02d}" for i in graph})


def test_chain_is_recovered_in_order():
    cascades = {f"c{k}": {"a": 0.0, "b": 1.0, "c": 2.0} for k in range(5)}
    graph = netinf(cascades, n_edges=2)
    assert sorted(graph.edges) == [("a", "b"), ("b", "c")]
    assert all(d["score"] > 0 and d["cascades"] == 5 for _, _, d in graph.edges(data=True))


@pytest.mark.parametrize("model", ["exponential", "power_law"])
def test_netinf_recovers_a_known_network(model):
    truth = known_network()
    transmission = TransmissionModel(model, rate=1.0, alpha=2.5, delta=0.5)
    cascades = simulate_cascades(truth, 400, beta=0.5, model=transmission, horizon=10, seed=3)
    inferred = netinf(cascades, n_edges=truth.number_of_edges(), model=model)
    precision, recall = precision_recall(inferred, truth)
    print(f"{model}: precision {precision:.3f} recall {recall:.3f} at k = |E| = {truth.number_of_edges()}")
    assert precision >= 0.9 and recall >= 0.9
    stopped = netinf(cascades, model=model, p_value_cutoff=0.05)
    p2, r2 = precision_recall(stopped, truth)
    print(f"{model}, stopping at p > 0.05: {stopped.number_of_edges()} edges, precision {p2:.3f} recall {r2:.3f}")
    assert r2 >= 0.9


def test_yearly_times_make_recovery_harder_but_still_informative():
    truth = known_network()
    cascades = simulate_cascades(truth, 400, beta=0.5, horizon=10, seed=3, discrete=True)
    inferred = netinf(cascades, n_edges=truth.number_of_edges())
    precision, _ = precision_recall(inferred, truth)
    chance = truth.number_of_edges() / (len(truth) * (len(truth) - 1))
    print(f"yearly times: precision {precision:.3f} (chance {chance:.3f})")
    assert precision > 10 * chance
