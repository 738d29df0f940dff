"""Policies (titles, numbers, types, issuers) and institutions (relative names made absolute, types)."""

from __future__ import annotations

import pytest

from builders import mini_report
from fzgraph.nlp import extract, extract_text
from fzgraph.nlp.policies import policy_type


def test_policy_title_number_and_issuer():
    found = extract_text("严格落实《威海市行政规范性文件管理办法》(威政发〔2019〕3号),").policies
    assert len(found) == 1
    p = found[0]
    assert (p.title, p.number, p.policy_type, p.issuer_code) == (
        "威海市行政规范性文件管理办法", "威政发〔2019〕3号", "local_measure", "371000")


def test_policy_small_brackets_number_normalised():
    p = extract_text("出台《关于加强法治政府建设的十条意见》(乐政字﹝2020﹞19号)。").policies[0]
    assert p.number == "乐政字〔2020〕19号"


def test_policy_number_without_year_brackets():
    p = extract_text("印发《关于做好疫情防控工作的通知》(大政办明电28号)。").policies[0]
    assert p.number == "大政办明电28号" and p.policy_type == "notice"


@pytest.mark.parametrize(("title", "kind"), [
    ("行政处罚法", "law"), ("中华人民共和国行政复议法", "law"), ("重大行政决策程序暂行条例", "regulation"),
    ("法治政府建设实施纲要(2021—2025年)", "outline"), ("威海市重大行政决策程序规定", "local_measure"),
    ("党政主要负责人履行推进法治建设第一责任人职责规定", "rules"), ("关于开展专项清理工作的通知", "notice"),
    ("昌乐县2020年法治政府建设重点工作计划", "local_measure"), ("习近平法治思想学习纲要", "outline"),
])
def test_policy_types(title, kind):
    assert policy_type(title) == kind


def test_policy_nothing_without_title_marks():
    assert extract_text("依照行政处罚法的规定办理。").policies == ()


@pytest.fixture(scope="module")
def county_report():
    return extract(mini_report(achievements=[
        "由县司法局牵头,县人大常委会专题听取汇报,市司法局精心指导,县人民法院、县人民检察院积极配合。",
        "县委依法治县委员会召开会议,建成县公共法律服务中心,聘请政府法律顾问12名。",
    ]))


def test_institution_relative_names_made_absolute(county_report):
    names = {i.text: i.full_name for i in county_report.institutions}
    assert names["县司法局"] == "昌乐县司法局"
    assert names["县人大常委会"] == "昌乐县人大常委会"
    assert names["市司法局"] == "潍坊市司法局"


def test_institution_short_forms_get_their_official_form(county_report):
    found = extract(mini_report(achievements=["县政府召开常务会议,县委听取汇报,县人大审议通过,市政府督导。"]))
    names = {i.text: i.full_name for i in found.institutions}
    assert names["县政府"] == "昌乐县人民政府"
    assert names["县委"] == "中共昌乐县委员会"
    assert names["县人大"] == "昌乐县人民代表大会"
    assert names["市政府"] == "潍坊市人民政府"
    # already official, or not a jurisdiction's body: left as written
    assert {i.full_name for i in county_report.institutions} >= {"昌乐县人民法院", "昌乐县人大常委会"}


def test_institution_place_name_from_another_province_is_read_as_words():
    # 会同 ("together with") + 县商务局 in a 昌乐县 (Shandong) report; 会同县 is in Hunan
    found = extract(mini_report(achievements=["县司法局会同县商务局开展执法检查。"]))
    assert [i.full_name for i in found.institutions] == ["昌乐县司法局", "昌乐县商务局"]


def test_institution_name_ends_at_a_bureau():
    found = extract_text("区司法局指导区财政局开展检查,区民政局配合。").institutions
    assert [i.text for i in found] == ["区司法局", "区财政局", "区民政局"]


def test_institution_types(county_report):
    types = {i.text: i.institution_type for i in county_report.institutions}
    assert types["县人民法院"] == "court"
    assert types["县人民检察院"] == "procuratorate"
    assert types["县人大常委会"] == "congress"
    assert types["县委依法治县委员会"] == "party_body"
    assert types["县公共法律服务中心"] == "service_centre"
    assert types["政府法律顾问"] == "role"


def test_institution_names_joining_two_fields_with_he():
    found = extract_text("区人力资源和社会保障局、区住房和城乡建设局开展联合检查。").institutions
    assert [i.text for i in found] == ["区人力资源和社会保障局", "区住房和城乡建设局"]
    # 和 between two whole names still separates them
    found = extract_text("区司法局和区财政局开展联合检查。").institutions
    assert [i.text for i in found] == ["区司法局", "区财政局"]


def test_institution_prefix_that_ends_another_word_is_not_a_prefix():
    # 乡 in 城乡: there is no 乡建设局 here
    assert extract_text("推进城乡建设局改革。").institutions == ()


def test_institution_not_from_phrases():
    assert extract_text("全面推进法治政府建设,提高依法行政水平。").institutions == ()


def test_institution_short_names_listed_after_a_full_one():
    found = extract(mini_report(achievements=["县司法局指导县财政局、教育局、卫健局等执法单位完善制度。"]))
    names = {i.text: i.full_name for i in found.institutions}
    assert names["教育局"] == "昌乐县教育局"
    assert names["卫健局"] == "昌乐县卫健局"
    # a list of things, not bodies, after a body: nothing added
    found = extract(mini_report(achievements=["县司法局、律师事务所、公证处参加。"]))
    assert [i.text for i in found.institutions] == ["县司法局"]


def test_institution_bare_congress_and_court():
    types = {i.text: i.institution_type for i in extract_text("邀请人大、政协视察,支持法院依法受理案件。").institutions}
    assert types == {"人大": "congress", "政协": "cppcc", "法院": "court"}


def test_institution_generic_name_inside_practice_name_skipped():
    # 政协提案 and 法律顾问全覆盖 are practices; the body's name inside them is not a mention
    assert extract_text("办理政协提案20件,实现法律顾问全覆盖。").institutions == ()
