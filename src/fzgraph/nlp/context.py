"""Per-document context shared by the components: sentence and clause
boundaries, the section at an offset, the report's metadata. Built once per
Doc and kept in ``doc.user_data``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..records import ReportMeta, Section, innermost_section

__all__ = ["DocContext", "get_context", "mention_fields"]

_SENTENCE_END = re.compile(r"[。！？!?;；]+|\n")
_CLAUSE_END = re.compile(r"[。！？!?;；,，:：]|\n")


def _bounds(text: str, pattern: re.Pattern) -> list[int]:
    """0 and every offset right after a match of ``pattern`` (except the text's end)."""
    starts = [0, *(m.end() for m in pattern.finditer(text))]
    if len(starts) > 1 and starts[-1] >= len(text):
        starts.pop()
    return starts


@dataclass
class DocContext:
    text: str
    meta: ReportMeta | None = None
    sections: tuple[Section, ...] = ()
    sentence_starts: list[int] = field(default_factory=list)
    clause_starts: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.sentence_starts = _bounds(self.text, _SENTENCE_END)
        self.clause_starts = _bounds(self.text, _CLAUSE_END)
        # the innermost section is the same between two section edges: one lookup per stretch
        self._edges = sorted({0, *(s.start for s in self.sections), *(s.end for s in self.sections)})
        self._innermost = [innermost_section(self.sections, edge) for edge in self._edges]

    def _span(self, starts: list[int], offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        start = starts[max(i, 0)]
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return start, end

    def sentence(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``offset``, end trimmed of newlines."""
        start, end = self._span(self.sentence_starts, offset)
        while end > start and self.text[end - 1] == "\n":
            end -= 1
        return start, end

    def clause(self, offset: int) -> tuple[int, int]:
        """(start, end) of the clause (between commas and stops) holding ``offset``."""
        return self._span(self.clause_starts, offset)

    def section(self, offset: int) -> Section | None:
        if offset < 0:
            return innermost_section(self.sections, offset)
        return self._innermost[bisect.bisect_right(self._edges, offset) - 1]


def get_context(doc) -> DocContext:
    """The context of a Doc, made on first use."""
    ctx = doc.user_data.get("fz_context")
    if ctx is None:
        text = doc.user_data.get("fz_text")
        if text is None:  # doc.text walks every token: do it once
            text = doc.text
        ctx = DocContext(text, doc.user_data.get("fz_meta"), tuple(doc.user_data.get("fz_sections", ())))
        doc.user_data["fz_context"] = ctx
    return ctx


def mention_fields(ctx: DocContext, start: int, end: int) -> dict:
    """The :class:`~fzgraph.records.Mention` fields for a span."""
    s_start, s_end = ctx.sentence(start)
    section = ctx.section(start)
    return dict(start=start, end=end, text=ctx.text[start:end], sentence_start=s_start,
                sentence_end=max(s_end, end), section_kind=section.kind if section else "other",
                section_title=section.title if section else "")
