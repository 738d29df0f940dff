"""Bad input: each file gets a clear error or a skip naming it, and the batch goes on."""

from __future__ import annotations

import pytest

from builders import make_pdf
from fzgraph.errors import IngestError, NotAReportError, UnsupportedFormatError
from fzgraph.ingest import ingest_file, iter_ingest

NOTICE = ("关于做好2021年国庆节放假期间安全生产工作的通知\n各镇街、各部门:\n"
          "根据上级要求,现就国庆节放假期间安全生产工作通知如下,请各单位认真做好值班值守工作,"
          "加强隐患排查,确保节日期间安全稳定。" * 6)


@pytest.fixture()
def bad_dir(tmp_path, seed_paths):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "undecodable.txt").write_bytes("法治政府建设".encode() + bytes([0x81, 0x20, 0xFF, 0xFE] * 200))
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04not really")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    pdf = make_pdf(["江门市江海区2022年法治政府建设年度报告", "一、主要工作"], tmp_path / "full.pdf")
    (tmp_path / "truncated.pdf").write_bytes(pdf.read_bytes()[:400])
    pdf.unlink()
    (tmp_path / "good.txt").write_bytes(seed_paths["001"].read_bytes())
    return tmp_path


@pytest.mark.parametrize(("name", "error", "words"), [
    ("empty.txt", IngestError, "empty file"),
    ("binary.txt", IngestError, "binary content"),
    ("undecodable.txt", IngestError, "cannot decode"),
    ("truncated.pdf", IngestError, "PDF"),
    ("notice.txt", NotAReportError, "not a law-based government report"),
    ("slides.pptx", IngestError, "ZIP archive that is not a DOCX"),
    ("old.doc", UnsupportedFormatError, "convert it to .docx"),
])
def test_ingest_bad_file_error_names_file_and_cause(bad_dir, name, error, words):
    with pytest.raises(error) as info:
        ingest_file(bad_dir / name)
    message = str(info.value)
    assert message.startswith(str(bad_dir / name) + ": ")
    assert words in message
    assert info.value.path == str(bad_dir / name)


def test_ingest_bad_batch_goes_on(bad_dir):
    results = {r.path.rsplit("/", 1)[1]: r for r in iter_ingest([bad_dir])}
    assert results["good.txt"].ok
    assert results["good.txt"].document.meta.jurisdiction_code == "370725"
    assert results["notice.txt"].skipped.startswith("not a report")
    assert results["old.doc"].skipped.startswith("unsupported format")
    for name in ("empty.txt", "binary.txt", "undecodable.txt", "truncated.pdf", "slides.pptx"):
        assert results[name].error and not results[name].ok


def test_ingest_unreadable_path_is_an_error(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        ingest_file(tmp_path / "missing.txt")


def test_ingest_pdf_without_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    with pytest.raises(IngestError, match="no text layer"):
        ingest_file(path)
