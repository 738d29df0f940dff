"""Cleaning rules on short texts written for each rule."""

from __future__ import annotations

from fzgraph.ingest.clean import clean_text, normalise_chars
from fzgraph.ingest.decode import decode_bytes
from fzgraph.ingest.metadata import header_fields, parse_date, year_reported
from fzgraph.ingest.sections import classify_heading

BODY = "2021年,我县深入推进法治政府建设,全面推行证明事项告知承诺制,取得明显成效。"


def test_clean_fullwidth_digits_and_spaces_fold():
    assert normalise_chars("２０２１年\u3000（一）ＡＢ，") == "2021年 (一)AB,"


def test_clean_zero_width_and_controls_removed():
    assert normalise_chars("法\u200b治\x07政府\ufeff") == "法治政府"


def test_clean_keeps_cjk_punctuation():
    assert normalise_chars("《行政处罚法》“首违不罚”。") == "《行政处罚法》“首违不罚”。"


def test_clean_glued_year_month_repaired_only_when_safe():
    cleaned = clean_text(f"某县2020年度法治政府建设工作报告\n{BODY}202010月,获评示范县。")
    assert "2020年10月,获评" in cleaned.text
    assert cleaned.repairs == ("202010月 -> 2020年10月",)
    # a count of months or a well-formed date is left alone
    assert clean_text(f"{BODY}历时12月完成,2020年10月启动。").repairs == ()


def test_clean_boilerplate_lines_removed_paragraphs_kept():
    raw = ("首页 > 政府信息公开 > 法定主动公开内容\n索引号: 123/2021-1 发布机构: 县政府办\n"
           "某县2021年法治政府建设年度报告\n发布日期:2022-03-01 访问次数: 9\n"
           f"{BODY}\n\n一、主要举措\n{BODY}\n附件:报告.pdf\n打印本页 关闭窗口\n【字体:大 中 小】")
    cleaned = clean_text(raw)
    assert cleaned.text == f"某县2021年法治政府建设年度报告\n{BODY}\n一、主要举措\n{BODY}"
    assert cleaned.title == "某县2021年法治政府建设年度报告"
    assert "索引号: 123/2021-1 发布机构: 县政府办" in cleaned.header


def test_clean_header_fields_with_spaced_labels():
    fields = header_fields(("索 引 号: 004298561/2021-68042 分 类: 通知",
                            "发布机构: 县政府办公室 发布日期: 2021年02月03日"))
    assert fields["index_number"] == "004298561/2021-68042"
    assert fields["publisher"] == "县政府办公室"
    assert parse_date(fields["published"]) == "2021-02-03"


def test_clean_year_from_opening_sentence_then_publication():
    assert year_reported("某县法治政府建设情况报告", f"某县法治政府建设情况报告\n{BODY}", None)[0] == 2021
    assert year_reported(None, "我县坚持依法行政。", "2023-03-01") == (2022, "publication year - 1")


def test_clean_heading_kinds():
    assert classify_heading("存在的不足和原因", 2021)[0] == "problems"
    assert classify_heading("2022年工作打算", 2021)[0] == "plans"
    assert classify_heading("2023年重点工作", 2022)[0] == "plans"
    assert classify_heading("2018年度问题整改情况", 2019)[0] == "rectification"
    assert classify_heading("党政主要负责人履行推进法治建设第一责任人职责情况", 2021)[0] == "leadership"
    assert classify_heading("深入学习宣传贯彻习近平法治思想", 2021)[0] is None


def test_clean_decode_prefers_valid_utf8_and_detects_gb18030():
    text = "法治政府建设年度报告"
    assert decode_bytes(text.encode("utf-8"), path="x") == (text, "utf-8")
    assert decode_bytes(text.encode("gbk"), path="x") == (text, "gb18030")
