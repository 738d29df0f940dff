"""Property-based tests: arbitrary bytes and text never crash ingestion or
extraction, and every offset the extractors produce points at the quoted span
inside its sentence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fzgraph.errors import FzgraphError
from fzgraph.ingest import ingest_bytes

TITLE = "昌乐县人民政府2021年度法治政府建设工作报告\n"
# enough plain report prose that ingestion accepts the text as a report
FILLER = "2021年,我县坚持以习近平法治思想为指导,深入推进法治政府建设,依法行政水平不断提升。\n" * 6
# pieces of real report language, so that generated text also exercises the extractors
PHRASES = ["全面推行证明事项告知承诺制", "落实行政执法三项制度", "首违不罚", "共收到行政复议申请58件",
           "同比下降12.5%", "《中华人民共和国行政处罚法》", "区司法局", "县人大常委会", "试点", "率先", "全市首个",
           "尚未建立", "下一步,我们将", "一、", "(二)", "3.", "“枫桥经验”", "约三百余件", "一千二百万元", "。", ",",
           "\n", "二〇二一年", "第1号", "乐政发〔2020〕4号", "100%"]
text_pieces = st.one_of(st.sampled_from(PHRASES), st.text(min_size=0, max_size=12))
report_like = st.lists(text_pieces, min_size=5, max_size=120).map("".join)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_document_or_a_named_error(data):
    try:
        doc = ingest_bytes(data, "random.txt")
    except FzgraphError as e:
        assert str(e).startswith("random.txt: ")
    else:
        assert isinstance(doc.text, str)


@SETTINGS
@given(report_like, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_arbitrary_text_in_any_encoding_never_crashes_ingestion(body, encoding):
    try:
        data = (TITLE + body).encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        ingest_bytes(data, "report.txt")
    except FzgraphError:
        pass


def _check_offsets(extraction):
    text = extraction.document.text
    for kind in ("practices", "indicators", "policies", "institutions", "places", "candidates"):
        for m in getattr(extraction, kind):
            assert 0 <= m.sentence_start <= m.start < m.end <= m.sentence_end <= len(text), (kind, m)
            assert text[m.start:m.end] == m.text, (kind, m)


@pytest.fixture(scope="module")
def nlp():
    from fzgraph.nlp.pipeline import build_pipeline

    return build_pipeline()


@SETTINGS
@given(body=report_like)
def test_every_offset_points_at_its_evidence(nlp, body):
    from fzgraph.nlp import extract

    try:
        doc = ingest_bytes((TITLE + FILLER + "一、主要工作\n" + body).encode("utf-8"), "report.txt")
    except FzgraphError as e:
        assert e.path == "report.txt"  # e.g. a generated NUL makes it binary: named, never a crash
        return
    _check_offsets(extract(doc, nlp))


def test_offsets_on_the_seeds(nlp, seed_paths):
    from fzgraph.ingest import ingest_file
    from fzgraph.nlp import extract

    for path in seed_paths.values():
        _check_offsets(extract(ingest_file(path), nlp))


@given(st.text(max_size=200), st.sampled_from([None, "zh", "en-GB"]))
def test_ntriples_written_by_the_build_read_back_as_the_same_literal(text, lang):
    import pyoxigraph as ox
    from rdflib import Literal

    from fzgraph.graph.terms import nt_term, to_ox

    literal = Literal(text, lang=lang)
    line = f"<https://example.org/s> <https://example.org/p> {nt_term(literal)} .\n"
    (triple,) = ox.parse(line.encode("utf-8", "surrogatepass"), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object == to_ox(literal)
