"""Span annotations to ground truth: the gold JSON a report's facts are
scored against (the format of ``tests/gold``, read by
:mod:`fzgraph.evaluate`).

Every annotation gets a ``context``: a substring of the report around the
span, inside one sentence (between 。；！？), at least 12 characters long,
found exactly once in the report, in which the span's text first occurs at
the span. Extra keys the evaluator does not read carry what a graph-level
scorer needs: ``practice`` (the practice's id in the taxonomy, or null for a
local practice the taxonomy does not know), ``metric`` (the metric's id, or
null; ``metric_text`` holds the words the report uses), ``form`` (how the
practice was written: pref, alt, strict, hidden, variant, damaged, in_metric,
brand, novel ...). ``distractors`` lists spans a careful reader does not count
(a neighbour's practice, a practice's name inside a column's or a body's name,
quoted catchwords).
"""

from __future__ import annotations

__all__ = ["FIELDS", "build_record", "context_for", "occurrences"]

MIN_CONTEXT = 12
#: output keys per kind, in order (text and context first)
FIELDS = {
    "practices": ("name", "status", "region", "recognised_by", "practice", "form"),
    "indicators": ("metric", "metric_text", "value", "unit", "qualifier", "direction"),
    "policies": ("title", "number", "type"),
    "institutions": ("full_name", "type"),
}
KINDS = tuple(FIELDS)


def context_for(text: str, start: int, end: int, lo: int, hi: int, rng, where: list[int] | None = None
                ) -> str | None:
    """A unique context for ``text[start:end]`` within ``text[lo:hi]``, or None.

    ``where`` lists every offset at which the span's text occurs in ``text``
    (see :func:`occurrences`); a context occurs again only where its span does.
    """
    span = text[start:end]
    if where is None:
        where = occurrences(text, [span])[span]
    others = [p for p in where if p != start]
    r = rng.random()
    a = max(lo, start - 2 - int(r * 8))
    b = min(hi, end + 2 + int(r * 64) % 8)
    if any(a <= p < start for p in others):  # the span's text must first occur at the span
        a = start
    while b - a < MIN_CONTEXT:
        if b < hi:
            b += 1
        elif a > lo and not any(a - 1 <= p < start for p in others):
            a -= 1
        else:
            return None
    while True:
        ctx = text[a:b]
        if not any(text.startswith(ctx, p - (start - a)) for p in others if p - (start - a) >= 0):
            return ctx
        grown = False
        if b < hi:
            b = min(hi, b + 6)
            grown = True
        new_a = max(lo, a - 6)
        if new_a < a and not any(new_a <= p < start for p in others):
            a = new_a
            grown = True
        if not grown:
            return None


def occurrences(text: str, spans) -> dict[str, list[int]]:
    """Every offset of every string of ``spans`` in ``text``, overlapping ones included (one pass)."""
    from ..gazetteer import Gazetteer

    found: dict[str, list[int]] = {span: [] for span in spans}
    for start, _end, span, _ in Gazetteer((span, None) for span in found).find_all(text):
        found[span].append(start)
    for offsets in found.values():
        offsets.sort()
    return found


def build_record(name: str, code: str, year: int, text: str, anns: list, distractors: list, rng) -> dict | None:
    """The gold record of one report, or None when some span has no unique context."""
    record: dict = {"report": name, "jurisdiction_code": code, "year": year}
    for kind in KINDS:
        record[kind] = []
    where = occurrences(text, [f["text"] for _k, _s, _e, f, _lo, _hi in (*anns, *distractors)])
    for kind, start, end, fields, lo, hi in anns:
        ctx = context_for(text, start, end, lo, hi, rng, where[fields["text"]])
        if ctx is None:
            return None
        item = {"text": fields["text"], "context": ctx}
        for key in FIELDS[kind]:
            item[key] = fields.get(key)
        record[kind].append(item)
    record["distractors"] = []
    for kind, start, end, fields, lo, hi in distractors:
        ctx = context_for(text, start, end, lo, hi, rng, where[fields["text"]])
        if ctx is None:
            return None
        record["distractors"].append({"kind": kind.removeprefix("distractor_"), "text": fields["text"],
                                      "context": ctx, **{k: v for k, v in fields.items() if k != "text"}})
    return record
