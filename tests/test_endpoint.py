"""The SPARQL endpoint (`fzgraph serve`) over the seeds store: the protocol, every result format,
named query URLs and the safety limits, against a real server on a loopback port; every answer is
compared with the embedded store's (GraphStore.query on the same store)."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from endpoint_server import running_server
from fzgraph.graph.queries import bind_params, get_query
from fzgraph.graph.terms import from_ox

JURISDICTIONS = "https://w3id.org/fzgraph/graph/jurisdictions"
SLOW = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{JURISDICTIONS}> {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} }}")
REPORTS = "SELECT ?report ?year ?title WHERE { ?report a fz:Report ; fz:reportYear ?year . " \
          "OPTIONAL { ?report dcterms:title ?title } } ORDER BY ?report"
ADOPTIONS = ("SELECT ?a ?practice ?year WHERE { ?a a fz:Adoption ; fz:practice ?practice ; fz:year ?year } "
             "ORDER BY ?a")
CONSTRUCT = ("CONSTRUCT { ?j rdfs:label ?name ; fz:adminCode ?code } WHERE { ?r a fz:Report ; fz:jurisdiction ?j . "
             "?j rdfs:label ?name ; fz:adminCode ?code }")


@pytest.fixture(scope="module")
def server(seeds_store, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(seeds_store, "--timeout", "1", "--workers", "2", "--max-rows", "5000",
                        "--max-request", "16384", log=log) as base:
        yield base


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get(base: str, query: str, accept: str | None = None, path: str = "/sparql"):
    return http(f"{base}{path}?{urllib.parse.urlencode({'query': query})}",
                headers={"Accept": accept} if accept else {})


def post_form(base: str, query: str, accept: str | None = None, key: str = "query", headers: dict | None = None):
    return http(base + "/sparql", data=urllib.parse.urlencode({key: query}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         **({"Accept": accept} if accept else {}), **(headers or {})})


def post_direct(base: str, query: str, accept: str | None = None):
    return http(base + "/sparql", data=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query", **({"Accept": accept} if accept else {})})


_OX_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}


def parse_results(body: bytes, media: str):
    """(names, rows of rdflib terms) from a results document, read by pyoxigraph's parser."""
    solutions = ox.parse_query_results(body, format=_OX_FORMATS[media])
    names = [v.value for v in solutions.variables]
    return names, [tuple(from_ox(s[n]) for n in names) for s in solutions]


def as_strings(rows):
    return [["" if t is None else str(t) for t in row] for row in rows]


# -- formats ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("media", list(_OX_FORMATS))
@pytest.mark.parametrize("send", [get, post_form, post_direct], ids=["GET", "POST-form", "POST-query"])
def test_endpoint_select_in_every_format_equals_the_store(server, seeds_reader, send, media):
    expected = seeds_reader.query(ADOPTIONS)
    status, headers, body = send(server, ADOPTIONS, media)
    assert status == 200, body
    assert headers["Content-Type"].startswith(media)
    names, rows = parse_results(body, media)
    assert (names, rows) == expected
    assert len(rows) > 50
    assert int(headers["X-Result-Count"]) == len(rows)


def test_endpoint_select_csv_equals_the_store(server, seeds_reader):
    names, rows = seeds_reader.query(REPORTS)
    status, headers, body = get(server, REPORTS, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert table[0] == names
    assert table[1:] == as_strings(rows)
    assert body.count(b"\r\n") == len(rows) + 1  # CRLF line ends, as the SPARQL CSV format says


def test_endpoint_ask_answers_in_json_and_xml(server):
    status, _, body = get(server, "ASK { ?r a fz:Report }", "application/sparql-results+json")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = get(server, "ASK { ?r a fz:NoSuchClass }", "application/sparql-results+xml")
    assert status == 200 and bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)) is False


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(("media", "rdflib_format"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                      ("application/ld+json", "json-ld")])
def test_endpoint_construct_in_every_graph_format_equals_the_store(server, seeds_reader, media, rdflib_format):
    expected = Graph()
    for triple in seeds_reader.query(CONSTRUCT):
        expected.add(triple)
    assert len(expected) >= 10
    status, headers, body = post_form(server, CONSTRUCT, media)
    assert status == 200 and headers["Content-Type"].startswith(media)
    got = Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    assert isomorphic(got, expected)


def test_endpoint_describe_a_jurisdiction(server):
    status, _, body = get(server, "DESCRIBE fzj:370725", "text/turtle")
    assert status == 200
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert Literal("昌乐县", lang="zh") in set(graph.objects(URIRef("https://w3id.org/fzgraph/jurisdiction/370725")))


def test_endpoint_sparqlwrapper_in_every_format(server, seeds_reader):
    from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

    names, rows = seeds_reader.query(REPORTS)
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(REPORTS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert data["head"]["vars"] == names
    assert [[b.get(n, {}).get("value", "") for n in names] for b in data["results"]["bindings"]] == as_strings(rows)
    client.setReturnFormat(XML)
    document = client.query().convert()  # an xml.dom document
    assert len(document.getElementsByTagName("result")) == len(rows)
    client.setReturnFormat(CSV)
    assert list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))[1:] == as_strings(rows)
    client.setReturnFormat(TSV)
    assert client.query().convert().decode("utf-8").splitlines()[0].split("\t") == [f"?{n}" for n in names]
    client.setMethod("POST")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    got = Graph().parse(data=client.query().convert(), format="turtle")
    expected = Graph()
    for triple in seeds_reader.query(CONSTRUCT):
        expected.add(triple)
    assert isomorphic(got, expected)


def test_endpoint_format_parameter_overrides_accept(server):
    status, headers, body = http(f"{server}/sparql?{urllib.parse.urlencode({'query': REPORTS, 'format': 'csv'})}",
                                 headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith(b"report,")


def test_endpoint_refuses_unacceptable_media_types(server):
    status, _, body = get(server, REPORTS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = http(server + "/sparql", data=b"query=ASK{}", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_endpoint_syntax_error_is_400(server):
    status, _, body = get(server, "SELECT WHERE {")
    assert status == 400 and b"syntax" in body.lower()


# -- service description and named queries ---------------------------------------------------------------


def test_endpoint_service_description(server, seeds_reader):
    status, headers, body = http(server + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    (service,) = graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(sd + "Service"))
    assert graph.value(service, URIRef(sd + "endpoint")) == URIRef(server + "/sparql")
    languages = set(graph.objects(service, URIRef(sd + "supportedLanguage")))
    assert languages == {URIRef(sd + "SPARQL11Query")}  # read-only: no SPARQL11Update
    assert URIRef(sd + "UnionDefaultGraph") in set(graph.objects(service, URIRef(sd + "feature")))
    assert URIRef(sd + "BasicFederatedQuery") not in set(graph.objects(service, URIRef(sd + "feature")))
    names = set(graph.objects(None, URIRef(sd + "name")))
    assert names == set(seeds_reader.named_graphs())
    status, headers, body = http(server + "/sparql", headers={"Accept": "application/ld+json"})
    assert status == 200 and json.loads(body)


def test_endpoint_lists_named_queries(server):
    from fzgraph.graph.queries import named_queries

    status, _, body = http(server + "/queries")
    listing = json.loads(body)
    assert status == 200 and [q["name"] for q in listing] == list(named_queries())
    adopters = next(q for q in listing if q["name"] == "adopters-of-practice")
    assert adopters["params"] == [{"name": "practice", "kind": "practice", "required": True,
                                   "help": "the practice (slug, Chinese or English label)"}]


@pytest.mark.parametrize(("name", "values"), [
    ("adopters-of-practice", {"practice": "告知承诺制"}),
    ("practices-of-jurisdiction", {"jurisdiction": "昌乐县", "status": "implemented"}),
    ("sentences-containing", {"phrase": "首违不罚"}),
    ("not-reported", {"practice": "告知承诺制", "region": "山东省"}),
    ("reports", {}),
])
def test_endpoint_named_query_urls_with_chinese_parameters(server, seeds_reader, name, values):
    query = get_query(name)
    expected = seeds_reader.query(query.sparql, bind_params(query, values))
    url = f"{server}/queries/{name}?{urllib.parse.urlencode(values)}"
    status, _, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert parse_results(body, "application/sparql-results+json") == expected
    assert expected[1] or name == "not-reported"


def test_endpoint_named_query_adopters_include_known_jurisdictions(server):
    url = f"{server}/queries/adopters-of-practice?{urllib.parse.urlencode({'practice': '告知承诺制'})}"
    status, _, body = http(url, headers={"Accept": "text/csv"})
    names = {row["name"] for row in csv.DictReader(io.StringIO(body.decode("utf-8")))}
    assert status == 200 and {"旅顺口区", "柯桥区"} <= names


def test_endpoint_named_query_errors(server):
    status, _, body = http(f"{server}/queries/adopters-of-practice")
    assert status == 400 and b"missing required parameter" in body
    status, _, body = http(f"{server}/queries/adopters-of-practice?{urllib.parse.urlencode({'practice': '没有这个'})}")
    assert status == 400 and "没有这个".encode() in body
    status, _, body = http(f"{server}/queries/adopters-of-practise")
    assert status == 404 and b"adopters-of-practice" in body  # the did-you-mean hint
    status, _, _ = http(f"{server}/queries/reports?colour=red")
    assert status == 400


def test_endpoint_parameter_values_are_terms_not_query_text(server, seeds_reader):
    # a value that would break out of a pasted string literal is only ever one literal
    phrase = '") } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("'
    status, _, body = http(f"{server}/queries/sentences-containing?{urllib.parse.urlencode({'phrase': phrase})}",
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == []
    assert len(seeds_reader) == 47_450 or len(seeds_reader) > 0


def test_endpoint_resource_page_shows_triples_and_evidence(server):
    fact = get_query("evidence").example.split("=", 1)[1]
    status, headers, body = http(f"{server}/resource?{urllib.parse.urlencode({'iri': fact})}")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Evidence (" in page and "Evidence (0)" not in page
    assert "首违不罚" in page or "首次违法" in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, _, _ = http(f"{server}/resource?iri=not%20an%20iri")
    assert status == 400


def test_endpoint_index_page_loads_nothing_from_elsewhere(server):
    status, headers, body = http(server + "/")
    page = body.decode("utf-8")
    assert status == 200 and "<textarea" in page
    for marker in ("http://", "https://", "//cdn", "<link rel=\"stylesheet\"", "src=\""):
        assert marker not in page.replace("http://www.w3.org", "").split("const PREFIXES")[0], marker
    assert "connect-src 'self'" in headers["Content-Security-Policy"]


# -- safety -----------------------------------------------------------------------------------------------


def test_endpoint_refuses_update_and_keeps_the_store(server, seeds_reader):
    before = seeds_reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    for status, _, body in (post_form(server, "DROP ALL", key="update"),
                            http(server + "/sparql", data=b"CLEAR ALL",
                                 headers={"Content-Type": "application/sparql-update"}),
                            http(server + "/update", data=b"update=DROP+ALL",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})):
        assert status == 403 and b"read-only" in body
    status, _, _ = http(f"{server}/sparql?update=DROP+ALL")
    assert status == 405
    status, _, body = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert parse_results(body, "application/sparql-results+json") == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { ?s ?p ?o . optional { service silent <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?where { ?s ?p ?o } } } VALUES ?where { <http://e/s> } }",
    "ASK { FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }",
])
def test_endpoint_refuses_service(server, query):
    status, _, body = post_form(server, query)
    assert status == 403 and b"SERVICE" in body


def test_endpoint_service_in_a_comment_or_string_is_not_federation(server):
    query = 'SELECT ?service WHERE { # SERVICE <http://example.org/sparql> { }\n BIND("SERVICE <x> {}" AS ?service) }'
    status, _, body = post_form(server, query, "application/sparql-results+json")
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["service"]["value"] == "SERVICE <x> {}"


def test_endpoint_refuses_an_over_long_request_and_answers_the_next(server):
    padding = "#" + "x" * 20_000 + "\n"
    status, _, body = post_direct(server, padding + "ASK {}")
    assert status == 413 and b"16,384" in body
    status, _, _ = post_form(server, padding + "ASK {}")
    assert status == 413
    status, _, _ = get(server, "ASK {} " + "#" * 17_000)
    assert status in (414, 431)
    status, _, body = post_direct(server, "ASK {}", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_endpoint_limits_result_size(server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and b"5,000" in body and b"LIMIT" in body
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5000", "text/tab-separated-values")
    assert status == 200 and body.count(b"\n") == 5001


def test_endpoint_stops_a_query_past_the_time_limit_and_answers_the_next(server):
    started = time.monotonic()
    status, _, body = post_form(server, SLOW)
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit of 1 s" in body
    assert elapsed < 5
    # the other worker answers at once; the killed one is replaced in the background
    started = time.monotonic()
    status, _, body = get(server, "ASK { ?r a fz:Report }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < 3
    # two slow queries at once occupy both workers; both are cut off, and the server recovers fully
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(lambda _: post_form(server, SLOW)[0], range(2)))
    assert statuses == [503, 503]
    for _ in range(4):
        status, _, body = get(server, REPORTS, "text/csv")
        assert status == 200 and body.count(b"\r\n") == 6


def test_endpoint_sends_no_cors_headers_by_default(server):
    status, headers, _ = http(f"{server}/sparql?query=ASK%7B%7D", headers={"Origin": "http://example.org"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(f"{server}/sparql", method="OPTIONS", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 405 and "Access-Control-Allow-Origin" not in headers


def test_endpoint_listens_on_loopback_by_default():
    from fzgraph.cli import cli
    from fzgraph.endpoint.command import serve

    # parse under the real parent context: click caches a command's help option from the first context made
    defaults = serve.make_context("serve", [], parent=cli.make_context("fzgraph", ["serve"])).params
    assert defaults["host"] == "127.0.0.1"
    assert defaults["write_token"] is None and defaults["allow_service"] is False and defaults["cors_origins"] == ()
