"""One report in every format and encoding gives the same clean text and metadata."""

from __future__ import annotations

import codecs

import pytest

from builders import make_docx, make_html, make_pdf
from fzgraph.ingest import ingest_file


@pytest.fixture(scope="module")
def reference(seed_paths, table):
    return ingest_file(seed_paths["004"], table=table)


@pytest.fixture(scope="module")
def variants(seed_paths, reference, tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    raw = seed_paths["004"].read_text(encoding="utf-8")
    title, *paragraphs = reference.text.split("\n")
    header = ["索引号: 00258207-5/2022-59041 公开方式: 主动公开",
              "发布机构: 区政府办(外事办) 发文日期: 2022-03-28"]
    gb = out / "report-gb18030.txt"
    gb.write_bytes(raw.encode("gb18030"))
    bom = out / "report-bom.txt"
    bom.write_bytes(codecs.BOM_UTF8 + raw.encode("utf-8"))
    return {
        "gb18030": gb,
        "utf-8-bom": bom,
        "html": make_html(title, paragraphs, out / "report.html", header=header),
        "html-gbk": make_html(title, paragraphs, out / "report-gbk.htm", header=header, encoding="gbk"),
        "docx": make_docx([title, *paragraphs], out / "report.docx"),
        "pdf": make_pdf([title, *paragraphs], out / "report.pdf"),
    }


@pytest.mark.parametrize("variant", ["gb18030", "utf-8-bom", "html", "html-gbk", "docx", "pdf"])
def test_ingest_format_same_clean_text(variant, variants, reference, table):
    doc = ingest_file(variants[variant], table=table)
    assert doc.text == reference.text


@pytest.mark.parametrize("variant", ["gb18030", "utf-8-bom", "html", "html-gbk", "docx", "pdf"])
def test_ingest_format_same_metadata(variant, variants, reference, table):
    doc = ingest_file(variants[variant], table=table)
    m, r = doc.meta, reference.meta
    assert (m.title, m.jurisdiction_code, m.year, m.parents) == (r.title, r.jurisdiction_code, r.year, r.parents)
    def spans(d):
        return [(s.level, s.kind, s.start) for s in d.sections]

    assert spans(doc) == spans(reference)


@pytest.mark.parametrize("variant", ["gb18030", "utf-8-bom", "html", "html-gbk"])
def test_ingest_format_header_fields_survive(variant, variants, table):
    # the formats that carry the site's header block keep its metadata
    doc = ingest_file(variants[variant], table=table)
    assert doc.meta.published == "2022-03-28"
    assert doc.meta.index_number == "00258207-5/2022-59041"


def test_ingest_format_detected_encoding(variants, table):
    assert ingest_file(variants["gb18030"], table=table).encoding == "gb18030"
    assert ingest_file(variants["utf-8-bom"], table=table).encoding == "utf-8-sig"
    assert ingest_file(variants["html-gbk"], table=table).format == "html"
    assert ingest_file(variants["pdf"], table=table).format == "pdf"
    assert ingest_file(variants["docx"], table=table).format == "docx"


def test_ingest_format_sha256_is_of_the_bytes(variants, table):
    import hashlib

    path = variants["pdf"]
    assert ingest_file(path, table=table).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
