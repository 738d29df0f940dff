"""The outline's numbered headings (一、 (一) 1.) as a tree of spans, each
tagged with the kind of content it holds: achievements, leadership duty,
problems, plans, rectification of last year's problems, or other.

Later extractors read the kind to set a fact's status: a practice named under
存在的不足 is a weakness, under 工作打算 a plan.
"""

from __future__ import annotations

import re

from ..records import Section, innermost_section

__all__ = ["HEADING_PATTERNS", "classify_heading", "find_sections"]

_CN_NUM = "一二三四五六七八九十"
#: Heading patterns by level, matched at the start of a line.
HEADING_PATTERNS = (
    (1, re.compile(rf"^([{_CN_NUM}]{{1,3}})\s*[、.]\s*")),
    (2, re.compile(rf"^\(\s*([{_CN_NUM}]{{1,3}})\s*\)\s*")),
    (3, re.compile(r"^(\d{1,2})\s*[.、](?!\d)\s*")),
)
# Kind keywords, tried in this order; the first that matches sets the kind.
_KIND_RULES = (
    ("rectification", re.compile(r"整改")),
    ("leadership", re.compile(r"第一责任人|主要负责人履行|主要负责人.{0,6}职责")),
    ("problems", re.compile(r"不足|存在的问题|问题和|问题及|困难和问题|短板|差距|薄弱")),
    ("plans", re.compile(r"下一年度|下一步|工作打算|工作思路|工作安排|主要安排|工作计划|工作设想|"
                         r"努力方向|工作重点|重点工作|今后|展望|明年")),
    ("achievements", re.compile(r"举措|成效|主要工作|工作情况|主要做法|措施|开展情况|进展|推进情况|完成情况")),
)
_YEAR = re.compile(r"(20\d\d)\s*年")
# An unnumbered paragraph that opens by admitting problems (…但还存在一些问题和不足,主要是…)
# is a problems span even inside another section.
_PROBLEM_PARAGRAPH = re.compile(r"(存在|仍有|还有)(一些|以下|着|的)?(问题|不足|短板|差距|薄弱环节)|不足之处|问题和不足")


def classify_heading(title: str, report_year: int | None) -> tuple[str | None, str]:
    """The kind a level-1 heading announces, and the keyword that says so."""
    years = [int(y) for y in _YEAR.findall(title)]
    if report_year and years and max(years) > report_year and not re.search(r"完成情况|成效", title):
        return "plans", f"year {max(years)} after the report year"
    for kind, pattern in _KIND_RULES:
        m = pattern.search(title)
        if m:
            return kind, f"keyword: {m.group(0)}"
    return None, "no keyword"


def _heading_title(rest: str) -> str:
    # A heading often runs into its first sentence on the same line.
    cut = re.split(r"[。:：]", rest, maxsplit=1)[0]
    return cut[:60]


def find_sections(text: str, report_year: int | None = None) -> tuple[Section, ...]:
    """Parse the numbered headings of ``text`` into sections with spans and kinds."""
    heads = []  # (level, number, title, start)
    offset = 0
    for line in text.split("\n"):
        for level, pattern in HEADING_PATTERNS:
            m = pattern.match(line)
            if m and len(line) > len(m.group(0)):
                heads.append((level, m.group(1), _heading_title(line[m.end():]), offset))
                break
        offset += len(line) + 1
    # Level-3 arabic numbers are headings only inside a level-1 section.
    if not any(level == 1 for level, *_ in heads):
        heads = [h for h in heads if h[0] != 3]
    sections = []
    seen_problem_or_plan = False
    parent_kind: dict[int, tuple[str, str]] = {}
    for i, (level, number, title, start) in enumerate(heads):
        end = next((h[3] for h in heads[i + 1:] if h[0] <= level), len(text))
        if level == 1:
            kind, reason = classify_heading(title, report_year)
            if kind is None:
                kind, reason = ("other", "after problems/plans") if seen_problem_or_plan else (
                    "achievements", "default: body section before problems and plans")
            seen_problem_or_plan |= kind in ("problems", "plans")
        else:
            kind, reason = next(
                (parent_kind[lv] for lv in range(level - 1, 0, -1) if lv in parent_kind),
                ("other", "no parent"))
            own, own_reason = classify_heading(title, report_year)
            if own in ("problems", "rectification") and kind in ("achievements", "other", "rectification"):
                kind, reason = own, own_reason
        parent_kind[level] = (kind, reason)
        for deeper in [lv for lv in parent_kind if lv > level]:
            del parent_kind[deeper]
        sections.append(Section(level=level, number=number, title=title, kind=kind,
                                kind_reason=reason, start=start, end=end))
    sections.extend(_problem_paragraphs(text, sections))
    return tuple(sections)


def _problem_paragraphs(text: str, sections: list[Section]) -> list[Section]:
    found = []
    offset = 0
    for line in text.split("\n"):
        first_sentence = line.split("。", 1)[0]
        enclosing = innermost_section(sections, offset)
        kind = enclosing.kind if enclosing else "other"
        is_heading = any(s.start == offset for s in sections)
        if (enclosing and not is_heading and kind not in ("problems", "rectification")
                and _PROBLEM_PARAGRAPH.search(first_sentence)):
            m = _PROBLEM_PARAGRAPH.search(first_sentence)
            found.append(Section(level=4, number="", title=first_sentence[:40], kind="problems",
                                 kind_reason=f"paragraph keyword: {m.group(0)}",
                                 start=offset, end=offset + len(line)))
        offset += len(line) + 1
    return found
