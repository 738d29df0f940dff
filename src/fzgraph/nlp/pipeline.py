"""The pipeline: a character tokenizer (one token per character, so offsets in
the Doc are offsets in the clean text) and the fzgraph components in order."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.tokens import Doc
from spacy.util import registry

from ..records import Document, Extraction
from . import candidates, indicators, institutions, places, policies, practices  # noqa: F401  (registers factories)
from .facts import ensure_extensions

__all__ = ["COMPONENTS", "CharTokenizer", "build_pipeline", "extract", "extract_text"]

#: Component names in pipeline order; practices run first so the others can
#: skip numbers and names inside practice names.
COMPONENTS = ("fz_practices", "fz_indicators", "fz_policies", "fz_institutions", "fz_places", "fz_candidates")


class CharTokenizer:
    """One token per character, no whitespace flags: ``doc.text`` is the input."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=list(text) or [""][:0], spaces=[False] * len(text))

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs):
        return self


@registry.tokenizers("fz_char_tokenizer.v1")
def create_char_tokenizer():
    def make(nlp):
        return CharTokenizer(nlp.vocab)

    return make


def build_pipeline():
    """A blank ``zh`` pipeline with the fzgraph components, initialised from the
    ontology folder's data files."""
    ensure_extensions()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "fz_char_tokenizer.v1"}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def _default_pipeline():
    return build_pipeline()


def extract(document: Document, nlp=None) -> Extraction:
    """Run the pipeline on a document and return its facts as records."""
    nlp = nlp or _default_pipeline()
    doc = nlp.make_doc(document.text)
    doc.user_data["fz_text"] = document.text
    doc.user_data["fz_meta"] = document.meta
    doc.user_data["fz_sections"] = document.sections
    for _, component in nlp.pipeline:
        doc = component(doc)
    facts = doc._.fz or {}
    return Extraction(document=document, **{k: tuple(facts.get(k, ())) for k in
                                             ("practices", "indicators", "policies", "institutions", "places",
                                              "candidates")})


def extract_text(text: str, nlp=None) -> Extraction:
    """Extract from bare text (no metadata, no sections): handy for short examples."""
    from ..records import ReportMeta

    document = Document(path="<text>", sha256="", format="txt", encoding=None, text=text, meta=ReportMeta(),
                        sections=())
    return extract(document, nlp)
