"""Metadata and sections of the five seed reports, against values read from them."""

from __future__ import annotations

import itertools

import pytest

from fzgraph.ingest import ingest_file

# Written by reading each report: title line, header fields, headings.
EXPECTED = {
    "000": dict(name="威海火炬高技术产业开发区", level="zone", parents=["371000", "370000"], year=2021,
                published="2022-01-06", publisher="高区管委办公室",
                index_number="11371000004359440C/2021-01920",
                kinds=["achievements", "leadership", "plans"]),
    "001": dict(name="昌乐县", code="370725", level="county", parents=["370700", "370000"], year=2020,
                published="2021-02-03", publisher="县政府办公室", index_number="004298561/2021-68042",
                kinds=["achievements", "problems", "plans"]),
    "002": dict(name="旅顺口区", code="210212", level="county", parents=["210200", "210000"], year=2019,
                published="2020-03-27", publisher=None, index_number=None,
                kinds=["rectification", "achievements", "leadership", "problems", "plans"]),
    "003": dict(name="江海区", code="440704", level="county", parents=["440700", "440000"], year=2022,
                published=None, publisher=None, index_number=None,
                kinds=["achievements", "problems", "plans"]),
    "004": dict(name="柯桥区", code="330603", level="county", parents=["330600", "330000"], year=2021,
                published="2022-03-28", publisher="区政府办(外事办)", index_number="00258207-5/2022-59041",
                kinds=["achievements", "leadership", "achievements", "problems", "plans"]),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_ingest_seed_jurisdiction_and_parents(seed, seed_paths, table):
    doc = ingest_file(seed_paths[seed], table=table)
    want = EXPECTED[seed]
    assert doc.meta.jurisdiction_name == want["name"]
    if "code" in want:
        assert doc.meta.jurisdiction_code == want["code"]
    assert doc.meta.jurisdiction_level == want["level"]
    assert [code for code, _ in doc.meta.parents] == want["parents"]


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_ingest_seed_year_date_publisher(seed, seed_paths, table):
    doc = ingest_file(seed_paths[seed], table=table)
    want = EXPECTED[seed]
    assert doc.meta.year == want["year"]
    assert doc.meta.published == want["published"]
    assert doc.meta.publisher == want["publisher"]
    assert doc.meta.index_number == want["index_number"]


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_ingest_seed_top_level_section_kinds(seed, seed_paths, table):
    doc = ingest_file(seed_paths[seed], table=table)
    assert [s.kind for s in doc.sections if s.level == 1] == EXPECTED[seed]["kinds"]


def test_ingest_year_reported_is_not_publication_year(seed_paths, table):
    # 昌乐县's 2020 report was published on 2021-02-03.
    doc = ingest_file(seed_paths["001"], table=table)
    assert (doc.meta.year, doc.meta.published[:4]) == (2020, "2021")


def test_ingest_problems_paragraph_inside_plans_section(seed_paths, table):
    # 高区's plans section opens with an unnumbered paragraph admitting weaknesses.
    doc = ingest_file(seed_paths["000"], table=table)
    at = doc.text.index("执法队伍建设仍需进一步加强")
    assert doc.section_kind_at(at) == "problems"
    assert doc.section_kind_at(doc.text.index("一是优化法治营商环境")) == "plans"


def test_ingest_sections_nest_and_cover_their_headings(seed_paths, table):
    doc = ingest_file(seed_paths["002"], table=table)
    level1 = [s for s in doc.sections if s.level == 1]
    assert [s.number for s in level1] == ["一", "二", "三", "四", "五"]
    for outer, inner in itertools.pairwise(level1):
        assert outer.end == inner.start
    sub = [s for s in doc.sections if s.level == 2 and level1[1].start <= s.start < level1[1].end]
    assert [s.number for s in sub] == ["一", "二", "三", "四", "五", "六", "七", "八"]
    assert all(s.kind == "achievements" for s in sub)


def test_ingest_seed_boilerplate_removed_and_title_first(seed_paths, table):
    doc = ingest_file(seed_paths["004"], table=table)
    assert doc.text.startswith("绍兴市柯桥区2021年法治政府建设年度报告\n2021年,柯桥区")
    for furniture in ("索引号", "访问次数", "主动公开", "信息来源"):
        assert furniture not in doc.text
    doc0 = ingest_file(seed_paths["000"], table=table)
    assert "打印本页" not in doc0.text and ".pdf" not in doc0.text


def test_ingest_repairs_glued_year_month(seed_paths, table):
    doc = ingest_file(seed_paths["001"], table=table)
    assert "2020年10月,我县获评山东省首批法治政府建设示范县" in doc.text
    assert "202010月" not in doc.text
    assert any("202010月 -> 2020年10月" in w for w in doc.warnings)


def test_ingest_lost_unit_is_not_invented(seed_paths, table):
    doc = ingest_file(seed_paths["000"], table=table)
    assert "发放行业综合许可证821。" in doc.text
