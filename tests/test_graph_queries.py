"""Named queries over the seeds store, checked against what the reports say
(read by hand: which seeds report 行政执法三项制度, 告知承诺制 and 首违不罚, in
which year; 昌乐县's 行政复议 figures for 2020), the rdflib view giving the
same answers as Oxigraph, and hostile parameter values staying literals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from fzgraph.errors import QueryError
from fzgraph.graph.binding import hinted_groups, where_group_start, with_leading_values
from fzgraph.graph.queries import bind_params, get_query, named_queries
from fzgraph.vocabulary import PREFIXES

ZONE = "dz-371000-weihai-torch-hitech"  # 威海火炬高技术产业开发区, seed 000


def run(store, name, **params):
    names, rows = store.query(get_query(name).sparql, bind_params(get_query(name), params))
    return [dict(zip(names, row, strict=True)) for row in rows]


def code(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def test_three_enforcement_systems_adopters_include_narrower_practices(seeds_reader):
    # 000, 001, 002, 004 name 行政执法三项制度 (or “三项制度”); 003 (江海区) names only the
    # three systems one by one (行政执法公示制度、执法全过程记录制度、重大执法决定法制审核), which are
    # narrower practices: the query must find 江海区 through them.
    rows = run(seeds_reader, "adopters-of-practice", practice="行政执法三项制度")
    first = {}
    for r in rows:
        first[code(r["jurisdiction"])] = min(first.get(code(r["jurisdiction"]), 9999), int(r["firstYear"]))
    assert first == {ZONE: 2021, "370725": 2020, "210212": 2019, "440704": 2022, "330603": 2021}
    jianghai = {code(r["reported"]) for r in rows if code(r["jurisdiction"]) == "440704"}
    assert "three-enforcement-systems" not in jianghai
    assert {"enforcement-publicity", "major-enforcement-decision-review"} <= jianghai


def test_notification_commitment_adopters_and_statuses(seeds_reader):
    # 000: 全面推行证明事项告知承诺制 (2021); 002: 开展行政审批告知承诺制试点工作 (2019, piloted);
    # 004: 明确60项告知承诺制证明事项 (2021). 001 and 003 do not mention it.
    rows = run(seeds_reader, "adopters-of-practice", practice="告知承诺制")
    years = {code(r["jurisdiction"]): int(r["firstYear"]) for r in rows}
    assert years == {ZONE: 2021, "210212": 2019, "330603": 2021}
    lvshun = ",".join(str(r["statuses"]) for r in rows if code(r["jurisdiction"]) == "210212")
    assert "piloted" in lvshun


def test_first_violation_no_penalty_first_adopter(seeds_reader):
    # 001 (昌乐县, 2020): 共处理“首违不罚”“轻微免罚”案件; 000 (2021): 首违不罚、首违轻罚制度
    rows = run(seeds_reader, "adopters-of-practice", practice="first-violation-no-penalty")
    assert {code(r["jurisdiction"]): int(r["firstYear"]) for r in rows} == {"370725": 2020, ZONE: 2021}
    first = run(seeds_reader, "first-adopters", practice="首违不罚")
    assert [(code(r["jurisdiction"]), str(r["firstYear"])) for r in first] == [("370725", "2020")]


def test_not_reported_lists_reporting_jurisdictions_without_the_practice(seeds_reader):
    # Two seeds lie in 山东省: 昌乐县 (no 告知承诺制 anywhere in its text) and the 威海 zone (has it).
    rows = run(seeds_reader, "not-reported", practice="告知承诺制", region="山东省")
    assert [code(r["jurisdiction"]) for r in rows] == ["370725"]
    assert run(seeds_reader, "not-reported", practice="首违不罚", region="山东") == []


def test_changle_reconsideration_figures_2020(seeds_reader):
    # 001: 2020年共收到行政复议申请58件, 受理54件, 审结49件, ... 撤销、确认违法或者责令履行7件, 综合纠错率达到61.2%
    def values(metric):
        return [(r["value"].toPython(), str(r["unit"])) for r in
                run(seeds_reader, "indicator-table", metric=metric, jurisdiction="昌乐县", year="2020")]

    assert values("reconsideration-cases") == [(Decimal("58"), "件")]
    assert values("reconsideration-cases-concluded") == [(Decimal("49"), "件")]
    assert values("reconsideration-cases-corrected") == [(Decimal("7"), "件")]
    assert values("reconsideration-correction-rate") == [(Decimal("61.2"), "%")]


def test_practices_of_jurisdiction_filters_by_year_and_status(seeds_reader):
    rows = run(seeds_reader, "practices-of-jurisdiction", jurisdiction="370725")
    assert rows and {str(r["year"]) for r in rows} == {"2020"}
    assert run(seeds_reader, "practices-of-jurisdiction", jurisdiction="370725", year="2019") == []
    planned = run(seeds_reader, "practices-of-jurisdiction", jurisdiction="昌乐县", status="planned")
    assert planned and all(r["status"].endswith("Planned") for r in planned)


def test_every_named_query_runs_and_rdflib_gives_the_same_answers(seeds_reader):
    memory = seeds_reader.to_memory()

    examples = {"evidence": {"fact": "https://w3id.org/fzgraph/adoption/370725/first-violation-no-penalty/2020/"
                                     "implemented"}}
    for name, query in named_queries().items():
        params = examples.get(name) or dict(part.strip().split("=", 1)
                                            for part in query.example.split("--param")[1:])
        bindings = bind_params(query, params)
        names, rows = seeds_reader.query(query.sparql, bindings)
        assert rows, f"{name} {params}: no rows on the seeds"
        result = memory.query(query.sparql, initBindings=bindings, initNs=PREFIXES)
        theirs = sorted(tuple(map(str, (r[n] if r[n] is not None else "" for n in names))) for r in result)
        ours = sorted(tuple(map(str, (v if v is not None else "" for v in row))) for row in rows)
        assert ours == theirs, name


def test_oxigraph_plain_literals_come_back_as_rdflib_plain_literals(seeds_reader):
    _, rows = seeds_reader.query("SELECT ?s WHERE { ?m fz:surfaceText ?s } LIMIT 1")
    assert rows[0][0].datatype is None and rows[0][0].language is None


HOSTILE = ['"} ; DROP ALL ; {', "'; DELETE WHERE { ?s ?p ?o } #", "}\n}\nINSERT DATA { <a:b> <a:b> <a:b> }",
           '\\" } UNION { ?s ?p ?o', "${phrase}"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_reaches_the_query_as_a_literal(seeds_reader, value):
    before = len(seeds_reader)
    query = get_query("sentences-containing")
    bindings = bind_params(query, {"phrase": value})
    assert bindings["phrase"] == Literal(value)
    _, rows = seeds_reader.query(query.sparql, bindings)
    assert rows == []
    _, echoed = seeds_reader.query("SELECT ?v WHERE { }", {"v": Literal(value)})
    assert str(echoed[0][0]) == value
    assert len(seeds_reader) == before


def test_phrase_with_quotes_matches_as_written(seeds_reader):
    rows = run(seeds_reader, "sentences-containing", phrase="“首违不罚”“轻微免罚”")
    assert [code(r["jurisdiction"]) for r in rows] == ["370725"]


@pytest.mark.parametrize("kind,value", [("jurisdiction", '昌乐县"} ; DROP ALL ; {'), ("practice", "首违不罚'} #"),
                                        ("iri", "http://x> } DROP ALL { <y"), ("year", "2020 } #"),
                                        ("status", "implemented } UNION {")])
def test_hostile_values_for_typed_parameters_are_refused(kind, value):
    from fzgraph.graph.params import resolve_param

    with pytest.raises(QueryError):
        resolve_param(kind, value)


def test_parameter_resolution_accepts_labels_slugs_and_codes(table):
    from fzgraph.graph.params import resolve_param

    want = URIRef("https://w3id.org/fzgraph/practice/first-violation-no-penalty")
    assert resolve_param("practice", "首违不罚") == want
    assert resolve_param("practice", "first-violation-no-penalty") == want
    english = next(c.pref_en for c in __import__("fzgraph.schemes").schemes.practices().concepts.values()
                   if c.slug == "first-violation-no-penalty")
    assert resolve_param("practice", english.upper()) == want
    assert resolve_param("jurisdiction", "370725", table) == resolve_param("jurisdiction", "昌乐县", table)
    assert resolve_param("jurisdiction", "潍坊市昌乐县", table).endswith("/370725")


def test_missing_and_unknown_parameters_are_named():
    query = get_query("adopters-of-practice")
    with pytest.raises(QueryError, match=r"missing required parameter.*practice"):
        bind_params(query, {})
    with pytest.raises(QueryError, match=r"unknown parameter.*colour"):
        bind_params(query, {"practice": "首违不罚", "colour": "red"})
    with pytest.raises(QueryError, match="did you mean"):
        get_query("adopters-of-practise")


def test_cli_query_formats_agree(runner, seeds_store):
    import csv
    import io
    import json

    from fzgraph.cli import cli

    base = ["query", "adopters-of-practice", "-p", "practice=首违不罚", "--store", str(seeds_store)]
    table = runner.invoke(cli, base)
    assert table.exit_code == 0, table.output
    assert "昌乐县" in table.output and "(2 rows)" in table.output
    as_json = json.loads(runner.invoke(cli, [*base, "-f", "json"]).output)
    assert "practice" not in as_json["head"]["vars"]  # a bound parameter is not repeated in every row
    names = {b["name"]["value"] for b in as_json["results"]["bindings"]}
    assert names == {"昌乐县", "威海火炬高技术产业开发区"}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, [*base, "-f", "csv"]).output)))
    assert {r["name"] for r in rows} == names
    assert {r["firstYear"] for r in rows} == {"2020", "2021"}
    tsv = runner.invoke(cli, [*base, "-f", "tsv"]).output.splitlines()
    assert tsv[0].startswith("?jurisdiction\t") and any('"昌乐县"@zh' in line for line in tsv[1:])


def test_cli_query_errors_exit_1_with_the_reason(runner, seeds_store, tmp_path):
    from fzgraph.cli import cli

    store = ["--store", str(seeds_store)]
    unknown = runner.invoke(cli, ["query", "adopters-of-practice", "-p", "practice=不存在的做法", *store])
    assert unknown.exit_code == 1 and "unknown practice" in unknown.output
    syntax = runner.invoke(cli, ["query", "-e", "SELECT WHERE {", *store])
    assert syntax.exit_code == 1 and "syntax" in syntax.output.lower()
    missing = runner.invoke(cli, ["query", "reports", "--store", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "fzgraph build" in missing.output
    listing = runner.invoke(cli, ["query", "--list"])
    assert all(name in listing.output for name in named_queries())


def test_iri_parameters_take_full_iris_or_known_prefixes():
    from fzgraph.graph.params import resolve_param

    assert resolve_param("iri", "fzj:370725") == URIRef("https://w3id.org/fzgraph/jurisdiction/370725")
    assert resolve_param("iri", "https://w3id.org/fzgraph/report/370725/2020").endswith("/2020")
    for bad in ("fza:370725", "370725", "mailto:x", "http://a b"):
        with pytest.raises(QueryError, match="not an IRI"):
            resolve_param("iri", bad)


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE {"),
    ("# a WHERE { in a comment\nSELECT * where{ ?s ?p ?o }", "SELECT * where{"),
    ('SELECT ?where WHERE { ?s ?p "WHERE { not here" }', "SELECT ?where WHERE {"),
    ("PREFIX a: <http://x/WHERE>\nSELECT * { ?s a:WHERE ?o }", "SELECT * {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
])
def test_where_group_start_skips_comments_strings_iris_and_templates(text, expected):
    assert text[:where_group_start(text)].endswith(expected)


def test_no_where_group_means_no_values_block():
    assert where_group_start("CONSTRUCT { ?s ?p ?o }") is None
    text = "DESCRIBE <http://x/a>"
    assert with_leading_values(text, {"s": URIRef("http://x/b")}) == text


def test_values_hint_opens_each_inner_group_that_uses_the_variable():
    text = ("SELECT ?j WHERE { ?a fz:jurisdiction ?j . OPTIONAL { ?b fz:jurisdiction ?j } "
            "MINUS { ?c fz:practice ?p } FILTER NOT EXISTS { ?d fz:year ?y ; fz:note \"?j OPTIONAL {\" } "
            "{ SELECT ?p WHERE { ?e fz:practice ?p ; fz:jurisdiction $j } } }")
    groups = hinted_groups(text, ["j", "p"])
    before = [text[:at].rstrip()[-30:] for at, _ in groups]
    assert [names for _, names in groups] == [["j", "p"], ["j"], ["p"], ["j", "p"]]
    assert before[0].endswith("SELECT ?j WHERE {") and before[1].endswith("OPTIONAL {")
    assert before[2].endswith("MINUS {") and before[3].endswith("SELECT ?p WHERE {")
    hinted = with_leading_values(text, {"j": URIRef("http://x/j"), "p": URIRef("http://x/p")})
    assert hinted.count("VALUES") == 4 and 'fz:note "?j OPTIONAL {"' in hinted


def test_values_hints_in_inner_groups_give_the_substitution_answer(seeds_reader):
    """An OPTIONAL that uses the parameter gets the block too: the answer stays the substitution's."""
    text = ("SELECT ?j ?p (COUNT(?done) AS ?n) WHERE { ?a a fz:Adoption ; fz:practice ?p ; fz:jurisdiction ?j . "
            "OPTIONAL { ?done fz:practice ?p ; fz:jurisdiction ?j ; fz:status fz:Implemented } } GROUP BY ?j ?p")
    place = bind_params(get_query("reports"), {"jurisdiction": "昌乐县"})["jurisdiction"]
    hinted = sorted(seeds_reader.query(text, {"j": place})[1])
    literal = seeds_reader.store.query(text.replace("?j ?p", "?p").replace("?j", f"<{place}>"),
                                       use_default_graph_as_union=True, prefixes=PREFIXES)
    expected = sorted((row["p"].value, int(row["n"].value)) for row in literal)
    assert hinted and sorted((str(p), int(n)) for _, p, n in hinted) == expected
    assert {j for j, _, _ in hinted} == {place} and any(n for _, n in expected)


def test_leading_values_give_the_substitution_answer_for_a_parameter_in_a_subquery(seeds_reader):
    """The VALUES block is only a hint: a parameter that a grouped subquery binds is still bound inside it."""
    text = ("SELECT ?practice ?n WHERE { { SELECT ?practice (COUNT(*) AS ?n) "
            "WHERE { ?a a fz:Adoption ; fz:practice ?practice } GROUP BY ?practice } }")
    practice = bind_params(get_query("adopters-of-practice"), {"practice": "首违不罚"})["practice"]
    everything = seeds_reader.query(text)[1]
    only_one = seeds_reader.query(text, {"practice": practice})[1]
    literal = seeds_reader.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a fz:Adoption ; fz:practice <{practice}> }}")[1]
    assert [int(n) for _, n in only_one] == [int(n) for n, in literal] and len(everything) > 1
    assert only_one[0][0] == practice
