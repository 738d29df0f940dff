"""The jurisdiction table and the resolver."""

from __future__ import annotations

import pytest

from fzgraph.errors import JurisdictionError
from fzgraph.jurisdictions import short_names_for
from fzgraph.resolver import resolve_name, resolve_report_jurisdiction


def test_jurisdictions_table_size(table):
    assert table.count("county") >= 2800
    assert table.count("prefecture") >= 330
    assert table.count("province") == 33
    assert table.count("zone") >= 400


@pytest.mark.parametrize(("name", "code"), [("昌乐", "370725"), ("昌乐县", "370725"), ("柯桥区", "330603"),
                                            ("旅顺口区", "210212"), ("潍坊", "370700"), ("广西", "450000")])
def test_jurisdictions_resolve_full_and_short_names(table, name, code):
    assert resolve_name(table, name).unit.code == code


def test_jurisdictions_parents_nearest_first(table):
    res = resolve_name(table, "昌乐县")
    assert [p.code for p in res.parents] == ["370700", "370000"]


def test_jurisdictions_ambiguous_without_context(table):
    with pytest.raises(JurisdictionError) as info:
        resolve_name(table, "鼓楼区")
    assert "ambiguous" in str(info.value)
    assert set(info.value.candidates) == {"320106", "320302", "350102", "410204"}


def test_jurisdictions_context_disambiguates(table):
    assert resolve_name(table, "鼓楼区", "福州市鼓楼区2021年法治政府建设年度报告").unit.code == "350102"
    assert resolve_name(table, "鼓楼区", "根据《徐州市行政规范性文件管理办法》").unit.code == "320302"


def test_jurisdictions_zone_from_indirect_context(table):
    # 高区 is found through 威海 named elsewhere in the text
    res = resolve_report_jurisdiction(table, "高区2021年度法治政府建设情况的报告", "依托威海政务云平台……")
    assert res.unit.name == "威海火炬高技术产业开发区"
    assert res.parents[0].code == "371000"


def test_jurisdictions_title_prefers_most_specific_unit(table):
    res = resolve_report_jurisdiction(table, "江门市江海区2022年法治政府建设年度报告", "")
    assert res.unit.code == "440704"


def test_jurisdictions_unknown_name_is_an_error(table):
    with pytest.raises(JurisdictionError, match="unknown"):
        resolve_name(table, "不存在县")


@pytest.mark.parametrize(("name", "short"), [("黔东南苗族侗族自治州", ("黔东南",)), ("新疆维吾尔自治区", ("新疆",)),
                                             ("长阳土家族自治县", ("长阳",)), ("沛县", ()), ("城区", ())])
def test_jurisdictions_short_names(name, short):
    assert short_names_for(name) == short
