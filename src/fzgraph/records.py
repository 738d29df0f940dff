"""Plain, frozen records handed from one stage to the next.

Each stage is a function from records to records: ingestion yields a
:class:`Document`, extraction yields mentions, the graph stage turns them into
triples. Nothing downstream re-reads the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "SECTION_KINDS",
    "STATUSES",
    "Mention",
    "PracticeMention",
    "IndicatorMention",
    "PolicyMention",
    "InstitutionMention",
    "PlaceMention",
    "CandidateMention",
    "Extraction",
    "AdminUnit",
    "innermost_section",
    "Document",
    "ReportMeta",
    "Section",
]

#: Section kinds, in the order the national outline's reports usually use them.
SECTION_KINDS = (
    "achievements",   # 主要举措及成效 / 主要工作情况: what was done
    "leadership",     # 党政主要负责人履行推进法治建设第一责任人职责
    "problems",       # 存在的不足 / 问题和不足
    "plans",          # 下一年度工作安排 / 工作打算 / 工作思路
    "rectification",  # 上年度问题整改情况
    "other",          # preamble and anything unrecognised
)


@dataclass(frozen=True)
class AdminUnit:
    """One row of the jurisdiction table (GB/T 2260 unit or development zone)."""

    code: str
    name: str
    level: str  # province | prefecture | county | zone
    kind: str  # 省, 地级市, 市辖区, 县, ..., or a zone kind (hitech, etdz, ...)
    parent_code: str | None
    short_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A numbered part of a report: its heading and the span it covers."""

    level: int  # 1 = 一、, 2 = (一), 3 = 1.
    number: str  # the heading's own numeral, e.g. "一" or "3"
    title: str
    kind: str  # one of SECTION_KINDS
    kind_reason: str  # the keyword or rule that set the kind
    start: int  # offset of the heading in the clean text
    end: int  # offset where the next heading of the same or a higher level starts


def innermost_section(sections, offset: int) -> Section | None:
    """The deepest of ``sections`` whose span contains ``offset``, or None."""
    best = None
    for section in sections:
        if section.start <= offset < section.end and (best is None or section.level > best.level):
            best = section
    return best


@dataclass(frozen=True)
class ReportMeta:
    """What ingestion learnt about a report, with how each value was found.

    ``how`` maps a field name to a short description of its evidence, e.g.
    ``{"year": "title: 2021年度", "jurisdiction": "title: 昌乐县"}``.
    """

    title: str | None = None
    jurisdiction: str | None = None  # the name as the report gives it
    jurisdiction_code: str | None = None
    jurisdiction_name: str | None = None  # canonical full name
    jurisdiction_level: str | None = None
    parents: tuple[tuple[str, str], ...] = ()  # (code, name), nearest first
    year: int | None = None
    published: str | None = None  # ISO date
    publisher: str | None = None
    index_number: str | None = None  # 索引号
    document_number: str | None = None  # 文号
    how: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A report read from disk: clean text, metadata and sections.

    ``text`` is the cleaned text that every later offset refers to.
    """

    path: str
    sha256: str
    format: str  # txt | html | pdf | docx
    encoding: str | None
    text: str
    meta: ReportMeta
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``, or None (preamble)."""
        return innermost_section(self.sections, offset)

    def section_kind_at(self, offset: int) -> str:
        """The kind of the section at ``offset`` ("other" outside any section)."""
        section = self.section_at(offset)
        return section.kind if section else "other"


#: Adoption statuses, strongest evidence last.
STATUSES = ("implemented", "planned", "problem", "piloted", "first_in_region", "recognised_model")


@dataclass(frozen=True)
class Mention:
    """Where a fact was found: offsets into the clean text, its sentence, its section."""

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    section_kind: str
    section_title: str = ""


@dataclass(frozen=True)
class PracticeMention(Mention):
    """A practice of the taxonomy named in the text, with its status."""

    slug: str = ""
    status: str = "implemented"
    cue: str = ""  # the word or section that set the status
    region: str | None = None  # for first_in_region: 全市, 全省, 全国, or a name
    region_code: str | None = None
    recognised_by: str | None = None


@dataclass(frozen=True)
class IndicatorMention(Mention):
    """A number with a measure: metric, decimal value, unit, qualifier."""

    metric: str | None = None  # metric slug, or None when unknown
    metric_text: str = ""  # the words before the number naming what is measured
    value: str = "0"  # decimal as a string, exact
    unit: str | None = None  # as written; None when scraping lost it
    qualifier: str = "exact"  # exact | approximate | at_least | at_most | change | total
    direction: str | None = None  # increase | decrease, for changes


@dataclass(frozen=True)
class PolicyMention(Mention):
    """A cited document: title in 《》, document number, type, issuer."""

    title: str = ""
    number: str | None = None
    policy_type: str = "other"
    issuer_code: str | None = None


@dataclass(frozen=True)
class InstitutionMention(Mention):
    """A named body, its name made absolute within the report's jurisdiction."""

    full_name: str = ""
    institution_type: str = "other"


@dataclass(frozen=True)
class PlaceMention(Mention):
    """Another jurisdiction named in the report, resolved to a code."""

    code: str = ""
    name: str = ""


@dataclass(frozen=True)
class CandidateMention(Mention):
    """A name that looks like a practice but is not in the taxonomy yet."""

    term: str = ""
    reason: str = ""  # quoted | suffix | pattern


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    practices: tuple[PracticeMention, ...] = ()
    indicators: tuple[IndicatorMention, ...] = ()
    policies: tuple[PolicyMention, ...] = ()
    institutions: tuple[InstitutionMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    candidates: tuple[CandidateMention, ...] = ()
