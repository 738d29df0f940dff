"""Report metadata from the header furniture, the title and the text: the
year reported, publication date, publisher, 索引号 and 文号, each with a note
of where it came from.
"""

from __future__ import annotations

import re

__all__ = ["FIELD_KEYS", "LABEL_PATTERN", "header_fields", "parse_date", "publication_date", "year_reported"]

#: Header field labels as sites write them -> the metadata field they fill.
FIELD_KEYS = {
    "信息索引号": "index_number", "索引号": "index_number",
    "发布机构": "publisher", "发文机关": "publisher", "信息来源": "source", "来源": "source",
    "发布日期": "published", "发布时间": "published", "发表日期": "published", "发表时间": "published",
    "发文日期": "published_alt", "成文日期": "written", "生成日期": "written",
    "发文字号": "document_number", "文号": "document_number", "标题": "title",
    # labels whose values fzgraph does not keep, listed so they end the value before them
    "公开方式": None, "公开形式": None, "组配分类": None, "主题分类": None, "有效性": None,
    "文件编码": None, "访问次数": None, "浏览次数": None, "点击数": None, "点击量": None, "字号": None,
    "更新时间": None, "内容概述": None, "分类": None, "文件登记号": None, "作者": None, "责任编辑": None,
    "编辑": None, "所属机构": None, "公文种类": None, "体裁分类": None, "服务对象": None, "关键词": None,
    "主题词": None, "时间": None, "日期": None,
}
#: Any header label, letters possibly spaced out (索 引 号).
LABEL_PATTERN = "(" + "|".join(sorted(("\\s*".join(k) for k in FIELD_KEYS), key=len, reverse=True)) + ")"
_KEY_RE = re.compile(LABEL_PATTERN + r"\s*[:：]?\s*")
_DATE = re.compile(r"(20\d\d|19\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_TITLE_YEAR = re.compile(r"(20\d\d)\s*年")
_LEAD_YEAR = re.compile(r"^(20\d\d)\s*年")


def header_fields(lines: tuple[str, ...]) -> dict[str, str]:
    """Values of the known header fields; a label alone on its line takes the next line."""
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        matches = list(_KEY_RE.finditer(line))
        for j, m in enumerate(matches):
            key = FIELD_KEYS[re.sub(r"\s+", "", m.group(1))]
            end = matches[j + 1].start() if j + 1 < len(matches) else len(line)
            value = line[m.end():end].strip(" :：•")
            if not value and j == len(matches) - 1 and i + 1 < len(lines) and not _KEY_RE.match(
                    lines[i + 1].lstrip("• ")):
                value = lines[i + 1].strip()
            if key and value and key not in fields:
                fields[key] = value
    return fields


def parse_date(value: str | None) -> str | None:
    """The first date in ``value`` as ISO ``YYYY-MM-DD``, or None."""
    if not value:
        return None
    m = _DATE.search(value)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def publication_date(fields: dict[str, str], text: str) -> tuple[str | None, str]:
    """Publication date and its source: header field, else a dated last line."""
    for key in ("published", "published_alt", "written"):
        date = parse_date(fields.get(key))
        if date:
            return date, f"header: {key}"
    for line in reversed(text.splitlines()[-4:]):
        if len(line) <= 20:
            date = parse_date(line)
            if date:
                return date, "signature date at the end"
    return None, "not found"


def year_reported(title: str | None, text: str, published: str | None) -> tuple[int | None, str]:
    """The year a report covers (not the year it was published).

    The title's year wins (2021年度…报告); then the year that opens the body
    (2021年,…); then the publication year minus one, as reports are published
    early in the following year.
    """
    if title:
        years = [int(y) for y in _TITLE_YEAR.findall(title)]
        if years:
            return years[0], f"title: {years[0]}年"
    body = text.split("\n", 1)[1] if title and "\n" in text else text
    m = _LEAD_YEAR.match(body.lstrip())
    if m:
        return int(m.group(1)), f"opening sentence: {m.group(0)}"
    if published:
        return int(published[:4]) - 1, "publication year - 1"
    return None, "not found"
