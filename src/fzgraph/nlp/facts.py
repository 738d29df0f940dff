"""Shared plumbing for components: register the ``doc._.fz`` store and put a
component's records and spans on a Doc."""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["TableComponent", "ensure_extensions", "offsets", "store"]


def ensure_extensions() -> None:
    """``doc._.fz``: a dict of fact kind -> list of records."""
    if not Doc.has_extension("fz"):
        Doc.set_extension("fz", default=None)


def store(doc: Doc, kind: str, records: list, label: str) -> None:
    """Keep ``records`` under ``doc._.fz[kind]`` and as spans in ``doc.spans["fz_" + kind]``."""
    ensure_extensions()
    facts = doc._.fz if doc._.fz is not None else {}
    facts[kind] = records
    doc._.fz = facts
    spans = []
    # one token per character (the pipeline's tokenizer): offsets are token indexes,
    # no alignment search needed
    text = doc.user_data.get("fz_text")
    by_char = text is not None and len(doc) == len(text)
    for r in records:
        kb_id = getattr(r, "slug", "") or ""
        if by_char:
            span = Span(doc, r.start, r.end, label=label, kb_id=kb_id) if 0 <= r.start < r.end <= len(doc) else None
        else:
            span = doc.char_span(r.start, r.end, label=label, kb_id=kb_id)
        if span is not None:
            spans.append(span)
    doc.spans[f"fz_{kind}"] = spans


def offsets(doc: Doc, kind: str) -> list[tuple[int, int]]:
    """(start, end) of the facts of ``kind`` an earlier component stored: read from its
    records, which is cheaper than making a Span for each entry of ``doc.spans``."""
    facts = doc._.fz if Doc.has_extension("fz") else None
    if facts and kind in facts:
        return [(r.start, r.end) for r in facts[kind]]
    return [(s.start_char, s.end_char) for s in doc.spans.get(f"fz_{kind}", [])]


class TableComponent:
    """Base of components that need only the jurisdiction table: subclasses set
    ``kind`` and ``label`` and write ``match(doc)``."""

    kind = ""
    label = ""

    def __init__(self, nlp, name: str):
        self.name = name
        self.table = None
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, table=None):
        from ..jurisdictions import load_table

        self.table = table or load_table()

    def __call__(self, doc: Doc) -> Doc:
        if self.table is None:
            self.initialize()
        store(doc, self.kind, self.match(doc), self.label)
        return doc

    def match(self, doc: Doc) -> list:
        raise NotImplementedError
