"""Diffusion analyses on small hand-written data with known answers, and on the seeds through SPARQL."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from fzgraph.analysis.cascades import adoption_long, adoption_wide, cascade_long, event_history
from fzgraph.analysis.curves import adoption_curve, first_adopters
from fzgraph.analysis.data import DiffusionData, load_data
from fzgraph.analysis.modes import diffusion_modes, mode_shares
from fzgraph.analysis.networks import (
    centralities,
    co_adoption_network,
    communities,
    hypergeom_sf,
    similarity_network,
)

# Province P with cities C1 (counties a, b) and C2 (county c); province Q with city D (county d).
UNITS = [("P", "甲省", "province", None), ("C1", "一市", "prefecture", "P"), ("C2", "二市", "prefecture", "P"),
         ("a", "a县", "county", "C1"), ("b", "b县", "county", "C1"), ("c", "c县", "county", "C2"),
         ("Q", "乙省", "province", None), ("D", "丁市", "prefecture", "Q"), ("d", "d县", "county", "D")]
NEIGHBOURS = {"a": {"b", "c"}, "b": {"a"}, "c": {"a", "d"}, "d": {"c"}}


def small() -> DiffusionData:
    adoptions = [
        ("C1", "x", 2019), ("a", "x", 2020), ("b", "x", 2021, "piloted", "b县试点x。", "r/b/2021"),
        ("c", "x", 2020), ("d", "x", 2021),
        ("a", "y", 2020), ("b", "y", 2020), ("a", "y", 2021),
        ("c", "z", 2022, "planned"),  # a plan is not an adoption
    ]
    reports = {"C1": [2019], "a": [2020, 2021], "b": [2020, 2021], "c": [2020, 2022], "d": [2021]}
    return DiffusionData.build(UNITS, adoptions, practices=[("x", "做法x", "area-a"), ("y", "做法y", "area-b")],
                               reports=reports)


def test_first_years_keep_adopting_statuses_only():
    data = small()
    assert data.first_years[("a", "y")] == 2020
    assert ("c", "z") not in data.first_years
    assert data.cascades()["x"] == {"C1": 2019, "a": 2020, "b": 2021, "c": 2020, "d": 2021}
    assert data.ancestors("a") == ["C1", "P"] and data.province("d") == "Q"


def test_spid_long_form_censors_non_adopters():
    frame = adoption_long(small())
    y = frame[frame["practice_slug"] == "y"].set_index("jurisdiction_code")
    assert y.loc["a", "adopt_year"] == 2020 and not y.loc["a", "censored"]
    assert y.loc["c", "censored"] and y.loc["c", "adopt_year"] is __import__("pandas").NA
    assert y.loc["c", "last_observed"] == 2022
    assert set(frame["jurisdiction_code"]) == {"C1", "a", "b", "c", "d"}


def test_networkinference_wide_and_long_forms():
    data = small()
    wide = adoption_wide(data)
    assert list(wide.columns) == ["x", "y"]
    assert wide.loc["b", "x"] == 2021 and wide["y"].isna().sum() == 3
    long = cascade_long(data)
    assert long[long["cascade_id"] == "x"]["node_name"].tolist() == ["C1", "a", "c", "b", "d"]


def test_event_history_leaves_the_risk_set_after_adoption():
    panel = event_history(small(), practices=["x"])
    a = panel[panel["jurisdiction_code"] == "a"]
    assert a["year"].tolist() == [2019, 2020] and a["adopted"].tolist() == [0, 1]
    assert panel["adopted"].sum() == 5


def test_adoption_curve_and_first_adopters_overall_and_by_province():
    data = small()
    curve = adoption_curve(data, practice="x")
    assert curve["cumulative"].tolist() == [1, 3, 5, 5]
    assert curve["share"].tolist()[-1] == 1.0
    in_q = adoption_curve(data, practice="x", province="乙省")
    assert in_q["share"].tolist() == [0.0, 0.0, 1.0, 1.0]
    first = first_adopters(data, practice="x")
    assert first["jurisdiction_code"].tolist() == ["C1"]
    by_province = first_adopters(data, practice="x", by_province=True)
    assert dict(zip(by_province["scope"], by_province["jurisdiction_code"], strict=True)) == {"甲省": "C1",
                                                                                                "乙省": "d"}
    assert first_adopters(data, practice="y")["jurisdiction_code"].tolist() == ["a", "b"]


def test_diffusion_modes_top_down_neighbour_pioneer_other():
    modes = diffusion_modes(small(), NEIGHBOURS, practice="x").set_index("jurisdiction_code")["mode"].to_dict()
    # C1 first in P; a and b after their city; c after C1 elsewhere in P (no tie); d after its neighbour c
    assert modes == {"C1": "pioneer", "a": "top_down", "b": "top_down", "c": "other", "d": "neighbour"}
    shares = mode_shares(diffusion_modes(small(), NEIGHBOURS)).set_index("practice_slug")
    assert shares.loc["x", "adoptions"] == 5 and shares.loc["x", "top_down_share"] == pytest.approx(0.4)
    assert shares.loc["y", "pioneer"] == 2  # same-year adoptions do not explain each other


def test_hypergeometric_tail_matches_scipy():
    from scipy.stats import hypergeom

    for k, n_pop, successes, draws in [(3, 20, 5, 6), (0, 10, 3, 3), (5, 50, 10, 10), (2, 5, 2, 2)]:
        assert hypergeom_sf(k, n_pop, successes, draws) == pytest.approx(
            hypergeom.sf(k - 1, n_pop, successes, draws), rel=1e-9, abs=1e-12)


def test_co_adoption_network_has_lift_and_significance():
    # 10 jurisdictions: p and q always together (4), r everywhere
    units = [(f"j{i}", f"j{i}", "county", None) for i in range(10)]
    adoptions = [(f"j{i}", "r", 2020) for i in range(10)]
    adoptions += [(f"j{i}", s, 2020) for i in range(4) for s in ("p", "q")]
    graph = co_adoption_network(DiffusionData.build(units, adoptions))
    pq, pr = graph.edges["p", "q"], graph.edges["p", "r"]
    assert pq["count"] == 4 and pq["lift"] == pytest.approx(2.5) and pq["p_value"] == pytest.approx(1 / 210)
    assert pr["count"] == 4 and pr["lift"] == pytest.approx(1.0) and pr["p_value"] == pytest.approx(1.0)
    kept = co_adoption_network(DiffusionData.build(units, adoptions), min_lift=1.0)
    assert set(map(frozenset, kept.edges)) == {frozenset("pq")}


def test_louvain_finds_two_cliques_and_centralities():
    graph = nx.Graph()
    graph.add_edges_from((a, b) for part in ("abcd", "wxyz") for i, a in enumerate(part) for b in part[i + 1:])
    graph.add_edge("d", "w")
    membership = communities(graph)
    assert len(set(membership.values())) == 2
    assert len({membership[n] for n in "abcd"}) == 1 and membership["a"] != membership["z"]
    table = centralities(graph).set_index("node")
    assert table["betweenness"].idxmax() in ("d", "w") and table.loc["a", "degree"] == 3


def test_similarity_network_is_jaccard():
    units = [("a", "a", "county", None), ("b", "b", "county", None)]
    data = DiffusionData.build(units, [("a", "p", 2020), ("a", "q", 2020), ("b", "q", 2020), ("b", "r", 2020)])
    graph = similarity_network(data)
    assert graph.edges["a", "b"]["weight"] == pytest.approx(1 / 3) and graph.edges["a", "b"]["shared"] == 1


class CountingSource:
    """Any object with a query method will do: the analyses read the graph only through SPARQL."""

    def __init__(self, store):
        self.store, self.calls = store, 0

    def query(self, sparql, bindings=None):
        self.calls += 1
        return self.store.query(sparql, bindings)


def test_load_data_from_the_seeds_through_sparql_only(seeds_reader):
    source = CountingSource(seeds_reader)
    data = load_data(source)
    assert source.calls == 4
    assert data.population() == ["210212", "330603", "370725", "440704", "dz-371000-weihai-torch-hitech"]
    assert data.units["370725"].parent == "370700" and data.province("370725") == "370000"
    assert data.first_years[("370725", "first-violation-no-penalty")] == 2020
    event = data.first_events[("370725", "first-violation-no-penalty")]
    assert "首违不罚" in event.sentence and event.report.endswith("/report/370725/2020")
    info = data.practices["first-violation-no-penalty"]
    assert info.label == "首违不罚" and info.area.startswith("area-") and info.area_label
    one = load_data(seeds_reader, practice="告知承诺制", rollup=True)
    assert {s for _, s in one.first_years} == {"notification-commitment"}
    assert {c for c, _ in one.first_years} == {"210212", "330603", "dz-371000-weihai-torch-hitech"}


def test_geography_neighbours_are_near_and_symmetric():
    from fzgraph.analysis.geography import coordinates_for, haversine_km, load_coordinates, neighbours_for
    from fzgraph.jurisdictions import load_table

    coords = load_coordinates()
    table = load_table()
    assert len(coords) / sum(1 for u in table.units.values() if u.level != "zone") > 0.95
    units = [(c, u.name, u.level, u.parent_code) for c, u in table.units.items() if c.startswith("3707")]
    data = DiffusionData.build(units, [])
    near = neighbours_for(data)
    assert all(a in near[b] for a in near for b in near[a])
    assert near["370725"] and all(haversine_km(coords["370725"], coords[n]) < 150 for n in near["370725"])
    assert math.isclose(coordinates_for(data, ["370725"])["370725"][1], coords["370725"][1])


def test_cli_analyze_commands(runner, seeds_store, tmp_path):
    from fzgraph.cli import cli

    store = ["--store", str(seeds_store)]
    result = runner.invoke(cli, ["analyze", "matrix", "--form", "wide", *store])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("jurisdiction_code,")
    result = runner.invoke(cli, ["analyze", "modes", "--shares", *store, "-f", "json"])
    assert result.exit_code == 0 and '"pioneer_share"' in result.output
    result = runner.invoke(cli, ["analyze", "curves", "--practice", "首违不罚", *store])
    assert result.exit_code == 0 and "first-violation-no-penalty" in result.output
    graphml = tmp_path / "co.graphml"
    result = runner.invoke(cli, ["analyze", "coadoption", "--min-count", "2", *store, "-o", str(graphml)])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(graphml).number_of_edges() > 0
    result = runner.invoke(cli, ["analyze", "netinf", "--edges", "3", *store])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 4
    result = runner.invoke(cli, ["analyze", "curves", "--province", "火星", *store])
    assert result.exit_code == 1 and "unknown province" in result.output
