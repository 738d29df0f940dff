"""Indicator rules on sentences written for each rule, including ones that must yield nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fzgraph.nlp import extract_text
from fzgraph.nlp.numerals import parse_number


def _one(sentence: str):
    found = extract_text(sentence).indicators
    assert len(found) == 1, [i.text for i in found]
    return found[0]


@pytest.mark.parametrize(("sentence", "value", "unit", "qualifier", "direction"), [
    ("全年共办理行政复议案件58件,", "58", "件", "exact", None),
    ("人民调解成功率达98%。", "98", "%", "exact", None),
    ("为群众减免法律服务费用65万余元。", "650000", "元", "approximate", None),
    ("行政诉讼案件同比下降19.3%。", "19.3", "%", "change", "decrease"),
    ("审批效率提升26%,", "26", "%", "change", "increase"),
    ("废止规范性文件四件。", "4", "件", "exact", None),
    ("培训执法人员超过1,200人次。", "1200", "人次", "at_least", None),
    ("引导10余个行业开展活动。", "10", "个", "approximate", None),
    ("采集基础数据30余万条,", "300000", "条", "approximate", None),
    ("出庭应诉率90%以上。", "90", "%", "at_least", None),
])
def test_indicator_value_unit_qualifier(sentence, value, unit, qualifier, direction):
    found = _one(sentence)
    assert (found.value, found.unit, found.qualifier, found.direction) == (value, unit, qualifier, direction)


def test_indicator_lost_unit_is_kept_without_unit():
    found = _one("发放行业综合许可证821。")
    assert (found.value, found.unit) == ("821", None)


def test_indicator_metric_words_before_number():
    found = _one("全年共办理行政复议案件58件,")
    assert "行政复议案件" in found.metric_text


@pytest.mark.parametrize("sentence", [
    "2020年10月,我县获评示范县。",
    "出台《关于加强法治政府建设的十条意见》(乐政字〔2020〕19号)。",
    "创新推行“1311”工作机制。",
    "深入贯彻党的十九大精神。",
    "一是深入推进简政放权。",
    "全面推行一站式服务,实现一体化办理。",
    "召开第一次会议,作出一项决定。",
])
def test_indicator_not_a_quantity(sentence):
    assert extract_text(sentence).indicators == ()


@pytest.mark.parametrize(("text", "value"), [("四", 4), ("两", 2), ("十", 10), ("十二", 12), ("一百二十三", 123),
                                             ("三千零五", 3005), ("1,234.5", Decimal("1234.5")),
                                             ("3.5万", 35000), ("两万", 20000)])
def test_indicator_numerals(text, value):
    assert parse_number(text) == Decimal(value)


_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    if n == 0:
        return "零"
    parts, units = [], ["", "十", "百", "千"]
    s = str(n)
    zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        pos = len(s) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and parts:
            parts.append("零")
        zero = False
        parts.append(_DIGITS[d] + units[pos])
    return "".join(parts)


@given(st.integers(min_value=1, max_value=9999))
def test_indicator_numerals_roundtrip(n):
    assert parse_number(_to_chinese(n)) == n


@pytest.mark.parametrize("sentence", [
    "按照市委统一部署,全面开展执法检查。",  # 一 in 统一部署 is not one 部
    "进一步规范行政执法行为。",
    "2021年3月15日",  # a closing date line, not 15 days
    "的首要政治任务和全部工作重心,",  # 全部 as "the whole of"
    "推进法律顾问聘用全覆盖工作。",  # coverage being pushed, not reached
    "村居法律顾问尚未实现全覆盖。",  # a shortfall
])
def test_indicator_none_from_words_dates_and_unreached_totals(sentence):
    assert [i.text for i in extract_text(sentence).indicators] == []


def test_indicator_days_still_count_without_a_month():
    found = _one("审批时限压缩至3日。")
    assert (found.value, found.unit) == ("3", "日")


@pytest.mark.parametrize(("sentence", "text"), [
    ("各类合同50余件全部通过法律审核。", "全部"),
    ("县政府负责人全部出庭。", "全部"),
    ("各街道均实现村居法律顾问聘用全覆盖。", "全覆盖"),
])
def test_indicator_totals_in_words_are_100_percent(sentence, text):
    totals = [i for i in extract_text(sentence).indicators if i.qualifier == "total"]
    assert [(i.text, i.value, i.unit) for i in totals] == [(text, "100", "%")]
