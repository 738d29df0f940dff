"""Exports of the seeds store: read back by serdi (strict), rapper and rdflib,
tables checked against facts read in the reports, GraphML loaded by networkx."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic

from fzgraph.graph.export import EXPORTS, export
from fzgraph.graph.store import GraphStore
from fzgraph.vocabulary import PROVENANCE_GRAPH

SYNTAX = {"fzgraph.ttl": ("turtle", "turtle"), "fzgraph.nt": ("ntriples", "ntriples"),
          "fzgraph.trig": ("trig", "trig"), "fzgraph.nq": ("nquads", "nquads")}


@pytest.fixture(scope="module")
def exported(seeds_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    with GraphStore.open(seeds_store, read_only=True) as store:
        written = export(store, out)
    return out, dict((p.name, n) for p, n in written)


@pytest.fixture(scope="module")
def store_union(seeds_store):
    """The store's fact and reference graphs (as an export holds them), in rdflib."""
    from fzgraph.graph.export import _quads
    from fzgraph.graph.terms import from_ox

    with GraphStore.open(seeds_store, read_only=True) as store:
        graph = Graph()
        for q in _quads(store, provenance=False, all_jurisdictions=False):
            graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return graph


def _tool(name):
    path = shutil.which(name)
    assert path, f"{name} is not installed (make system-deps installs it)"
    return path


def _normalised(graph: Graph) -> Graph:
    """Literals compared by lexical form, datatype and language (rdflib may re-type on parse)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal):
            o = Literal(str(o), lang=o.language, datatype=o.datatype)
        out.add((s, p, o))
    return out


def test_every_export_is_written(exported):
    out, written = exported
    assert set(written) == {name for name, _ in EXPORTS.values()}
    assert all((out / name).stat().st_size > 0 for name in written)


@pytest.mark.parametrize("name", sorted(SYNTAX))
def test_serdi_strict_and_rapper_read_the_export(exported, name):
    out, written = exported
    serdi_syntax, rapper_syntax = SYNTAX[name]
    serdi = subprocess.run([_tool("serdi"), "-i", serdi_syntax, "-o", "nquads", str(out / name)],
                           capture_output=True, text=True)
    assert serdi.returncode == 0, serdi.stderr[:2000]
    assert serdi.stderr.strip() == ""
    rapper = subprocess.run([_tool("rapper"), "-i", rapper_syntax, "-c", str(out / name)],
                            capture_output=True, text=True)
    assert rapper.returncode == 0, rapper.stderr[:2000]
    counted = int(re.search(r"returned (\d+) (?:triples|statements)", rapper.stderr).group(1))
    lines = [line for line in serdi.stdout.splitlines() if line.strip()]
    assert counted == len(lines) == written[name]


@pytest.mark.parametrize("name,fmt", [("fzgraph.ttl", "turtle"), ("fzgraph.nt", "nt"), ("fzgraph.rdf", "xml"),
                                      ("fzgraph.jsonld", "json-ld")])
def test_rdflib_rereads_an_isomorphic_graph(exported, store_union, name, fmt):
    out, _ = exported
    graph = Graph().parse(out / name, format=fmt)
    assert len(graph) == len(store_union)
    assert isomorphic(_normalised(graph), _normalised(store_union))


@pytest.mark.parametrize("name,fmt", [("fzgraph.trig", "trig"), ("fzgraph.nq", "nquads")])
def test_datasets_keep_every_named_graph_with_provenance(exported, seeds_store, name, fmt):
    out, _ = exported
    dataset = Dataset()
    dataset.parse(out / name, format=fmt)
    with GraphStore.open(seeds_store, read_only=True) as store:
        graphs = store.named_graphs()
        assert PROVENANCE_GRAPH in graphs
        for iri in graphs:
            if str(iri) == "https://w3id.org/fzgraph/graph/jurisdictions":
                continue  # cut down to the named units (see the next test)
            assert set(_normalised(dataset.graph(iri))) == set(_normalised(store.graph(iri))), iri


def test_jurisdiction_graph_is_cut_to_named_units_and_their_ancestors(exported):
    out, _ = exported
    graph = Graph().parse(out / "fzgraph.ttl")
    codes = {str(o) for o in graph.objects(None, None) if str(o).isdigit() and len(str(o)) == 6}
    assert {"370725", "370700", "370000", "440704", "210212", "330603", "371000"} <= codes
    assert "110101" not in codes  # 东城区 is named by no seed


def test_exports_are_byte_identical_for_the_same_store(seeds_store, tmp_path, exported):
    out, _ = exported
    with GraphStore.open(seeds_store, read_only=True) as store:
        export(store, tmp_path, ["turtle", "nquads", "adoptions-wide"])
    for name in ("fzgraph.ttl", "fzgraph.nq", "adoptions-wide.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_adoption_tables_long_and_wide(exported):
    out, _ = exported
    long = _rows(out / "adoptions-long.csv")
    assert list(long[0]) == ["jurisdiction_code", "jurisdiction_name", "province", "practice_slug", "practice_label",
                             "first_year", "year", "status", "evidence_count", "report"]
    # 001 (昌乐县, 山东省, 2020): 共处理“首违不罚”“轻微免罚”案件500余件
    row = next(r for r in long if r["jurisdiction_code"] == "370725"
               and r["practice_slug"] == "first-violation-no-penalty")
    assert (row["jurisdiction_name"], row["province"], row["first_year"], row["status"]) == \
        ("昌乐县", "山东省", "2020", "implemented")
    wide = {r["jurisdiction_code"]: r for r in _rows(out / "adoptions-wide.csv")}
    assert set(wide) == {"370725", "210212", "440704", "330603", "dz-371000-weihai-torch-hitech"}
    assert wide["370725"]["first-violation-no-penalty"] == "2020"
    assert wide["dz-371000-weihai-torch-hitech"]["first-violation-no-penalty"] == "2021"
    assert wide["440704"]["first-violation-no-penalty"] == ""
    assert wide["210212"]["notification-commitment-for-permits"] == "2019"  # 开展行政审批告知承诺制试点工作


def test_indicator_table(exported):
    out, _ = exported
    rows = _rows(out / "indicators.csv")
    # 001: 2020年共收到行政复议申请58件
    hit = [r for r in rows if r["jurisdiction_code"] == "370725" and r["metric_slug"] == "reconsideration-cases"]
    assert [(r["year"], r["value"], r["unit"], r["qualifier"]) for r in hit] == [("2020", "58", "件", "exact")]


def test_graphml_loads_in_networkx(exported):
    out, _ = exported
    graph = nx.read_graphml(out / "adoptions.graphml")
    edge = graph.edges["jurisdiction/370725", "practice/first-violation-no-penalty"]
    assert edge["first_year"] == 2020 and "implemented" in edge["statuses"]
    assert graph.nodes["jurisdiction/370725"]["label"] == "昌乐县"
    assert graph.nodes["practice/first-violation-no-penalty"]["kind"] == "practice"
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds == {"jurisdiction", "practice"}


def test_cli_export_names_files_and_refuses_a_missing_store(runner, tmp_path, seeds_store):
    from fzgraph.cli import cli

    result = runner.invoke(cli, ["export", "-o", str(tmp_path), "-f", "turtle", "--store", str(seeds_store)])
    assert result.exit_code == 0, result.output
    assert "fzgraph.ttl" in result.output and (tmp_path / "fzgraph.ttl").is_file()
    missing = runner.invoke(cli, ["export", "-o", str(tmp_path), "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no store at" in missing.output


def test_a_failed_export_leaves_the_previous_file_and_no_temporary(tmp_path):
    from fzgraph.graph.export import _atomic

    target = tmp_path / "fzgraph.ttl"
    target.write_text("previous export\n", encoding="utf-8")

    def write_then_fail(f):
        f.write(b"@prefix fz: <https://w3id.org/fzgraph/ontology#> .\n")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        _atomic(target, write_then_fail)
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["fzgraph.ttl"]
